// Small helpers shared by the GUI: UTF-8 ⇄ wxString, the gettext macro for UTF-8 source text,
// normalising what people type (full-width characters from a Japanese input method), and the
// date and duration formats shown on screen.
#pragma once

#include <wx/datetime.h>
#include <wx/string.h>
#include <wx/translation.h>

#include <cstdint>
#include <string>

class wxDC;
class wxStaticText;
class wxWindow;

// Visible text is written in Japanese in UTF-8 source files. wxWidgets' own _() converts the
// literal with the C library's locale encoding, which is not UTF-8 in a "C" locale; this one
// always reads UTF-8 (CMake defines WXINTL_NO_GETTEXT_MACRO so wx does not define its own).
// xgettext still finds the strings (keyword _).
#ifndef _
#define _(s) wxGetTranslation(wxString::FromUTF8(s))
#endif
// A UTF-8 literal translated in a context (the same Japanese word as a noun in "%sの追加" and
// as a column title): xgettext keyword C_:1c,2.
#ifndef C_
#define C_(context, s) wxGetTranslation(wxString::FromUTF8(s), wxString(), context)
#endif
// Marks a UTF-8 literal for the catalog without translating it here (translated later by tr()).
#ifndef N_
#define N_(s) s
#endif

namespace renkei::gui {

/// UTF-8 (as everything below the GUI stores text) to wxString.
inline wxString to_wx(const std::string& s) { return wxString::FromUTF8(s.data(), s.size()); }

/// wxString to UTF-8.
inline std::string to_utf8(const wxString& s) {
  const wxScopedCharBuffer buf = s.utf8_str();
  return std::string(buf.data(), buf.length());
}

/// The translation of a UTF-8 string known only at run time (core's Japanese labels, marked
/// with N_() in translations.cpp so the catalog has them).
inline wxString tr(const char* utf8) { return wxGetTranslation(wxString::FromUTF8(utf8)); }

/// What a person typed into an ASCII-only field (join code, "ADDR:PORT"), as ASCII: full-width
/// forms U+FF01–U+FF5E become their ASCII counterparts, the ideographic space U+3000 a space,
/// the dashes an input method produces (ー, ‐, −, ｰ …) a hyphen; surrounding white space is
/// trimmed. Other characters are kept, so the receiving parser can name them in its error.
std::string normalize_ascii_input(const wxString& typed);

/// A join code as typed, ready for the session's parser: normalize_ascii_input() upper-cased.
std::string normalize_join_code(const wxString& typed);

/// A time of day as typed ("9:05", "０９：０５"), as "HH:MM" when it is one; else the
/// normalize_ascii_input() text for is_time_of_day() to refuse.
std::string normalize_time_input(const wxString& typed);

/// True for "HH:MM" (24 h), as the schema's time fields accept.
bool is_time_of_day(const std::string& text);

/// A duration as "m:ss", or "h:mm:ss" from one hour; negative values show as 0:00.
wxString format_elapsed(std::int64_t seconds);

/// Parses "YYYY-MM-DD"; an invalid wxDateTime for anything else (including "").
wxDateTime parse_iso_date(const std::string& iso);

/// Formats the date part as "YYYY-MM-DD"; "" for an invalid wxDateTime.
std::string format_iso_date(const wxDateTime& date);

/// Whether the interface is shown in English (the catalog chosen at start-up), for what is not
/// a translated string: date formats.
bool interface_is_english();
/// Set once at start-up.
void set_interface_english(bool english);

/// "2024年5月20日（月）" for an ISO date ("Mon 20 May 2024" in English); the text unchanged when
/// it is not one.
wxString date_ja(const std::string& iso);

/// Today's date as "YYYY-MM-DD" (local time).
std::string today_iso();

/// Where new meeting files go by default: <documents>/Renkei.
wxString default_meeting_folder();

/// A file name from its parts: characters not allowed in file names, and spaces, become "_".
wxString safe_file_name(const wxString& name);

/// `text` with line breaks inserted so that no line is wider than `width` pixels in `window`'s
/// font. Japanese has no spaces between words, so lines break between any two characters
/// (wxStaticText::Wrap breaks only at spaces), except that a line never starts with closing
/// punctuation (、。）」 …) and a run of Latin letters or digits is broken at a space when it can.
wxString wrap_text(const wxWindow* window, const wxString& text, int width);
/// The same, measured in `dc`'s current font.
wxString wrap_text(const wxDC& dc, const wxString& text, int width);

/// Sets `label`'s text wrapped to `width` (wrap_text()).
void set_wrapped_label(wxStaticText* label, const wxString& text, int width);

/// A grey line of guidance for the control it is placed next to ("what goes here"). Used instead
/// of wxTextCtrl::SetHint on multi-line controls: wxGTK emulates that hint with real text in the
/// control, which then leaks into what is saved.
wxStaticText* guidance_text(wxWindow* parent, const wxString& text);

/// Gives `window` the name assistive technologies read (the GTK accessible object's name).
/// wxWindow::SetName stays the wx identifier (tests and --ui-script find widgets by it).
void set_accessible_name(wxWindow* window, const wxString& name);

/// The name assistive technologies read for the widget that has the keyboard focus in the
/// top-level window `top` ("" when none), for --ui-dump.
wxString focused_accessible_name(wxWindow* top);

/// Names every button inside `window` that shows only an icon (a wxInfoBar's close button,
/// which wx makes with GTK alone) for assistive technologies.
void set_accessible_name_of_icon_buttons(wxWindow* window, const wxString& name);

/// The text size the person chose (Ctrl + / Ctrl −), as a factor of the system's: 1.0 normal.
double ui_zoom();
/// Remembers the text size factor (clamped to 0.7–2.5).
void set_ui_zoom(double zoom);
/// Sets the font of `window` and of every window inside it (not other top-level windows) to its
/// unzoomed size times `zoom`. Each window's unzoomed font is remembered the first time it is
/// seen (a window added since the last call inherited the zoomed font: it is divided back), so
/// going back to 1.0 restores exactly the fonts there were: a composite control (a list and its
/// header, a tree list and its view) sets its parts' fonts itself, which a multiplication
/// repeated on the parts would scale twice.
void apply_zoom(wxWindow* window, double zoom);
/// Makes `window` and every window inside it measure their best sizes again (after a font change
/// GTK has now applied).
void invalidate_best_sizes(wxWindow* window);

/// The person's name with さん, unless it already ends with an honorific (さん, 様, 殿, くん, ちゃん).
wxString with_honorific(const std::string& name);

}  // namespace renkei::gui
