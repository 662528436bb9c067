#include "wx_util.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <wx/config.h>
#include <wx/dataview.h>
#include <wx/listctrl.h>
#include <wx/treelist.h>
#include <wx/dcclient.h>
#include <wx/filename.h>
#include <wx/settings.h>
#include <wx/stdpaths.h>
#include <wx/stattext.h>
#include <wx/tokenzr.h>

namespace renkei::gui {

std::string normalize_ascii_input(const wxString& typed) {
  wxString out;
  out.reserve(typed.length());
  for (wxUniChar ch : typed) {
    const wxUint32 c = ch.GetValue();
    if (c >= 0xFF01 && c <= 0xFF5E)
      out += wxUniChar(c - 0xFEE0);
    else if (c == 0x3000)
      out += ' ';
    else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC || c == 0xFF70)
      out += '-';
    else
      out += ch;
  }
  out.Trim(true).Trim(false);
  return to_utf8(out);
}

std::string normalize_join_code(const wxString& typed) {
  std::string s = normalize_ascii_input(typed);
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string normalize_time_input(const wxString& typed) {
  std::string s = normalize_ascii_input(typed);
  if (s.size() == 4 && s[1] == ':') s = "0" + s;
  return s;
}

bool is_time_of_day(const std::string& s) {
  return s.size() == 5 && s[2] == ':' && wxIsdigit(s[0]) && wxIsdigit(s[1]) && wxIsdigit(s[3]) &&
         wxIsdigit(s[4]) && (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

wxString format_elapsed(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const auto h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
  if (h > 0) return wxString::Format("%lld:%02lld:%02lld", static_cast<long long>(h),
                                     static_cast<long long>(m), static_cast<long long>(s));
  return wxString::Format("%lld:%02lld", static_cast<long long>(m), static_cast<long long>(s));
}

wxDateTime parse_iso_date(const std::string& iso) {
  wxDateTime d;
  wxString::const_iterator end;
  const wxString text = to_wx(iso);
  if (iso.size() != 10 || !d.ParseFormat(text, "%Y-%m-%d", &end) || end != text.end())
    return wxDateTime();
  return d;
}

std::string format_iso_date(const wxDateTime& date) {
  if (!date.IsValid()) return {};
  return to_utf8(date.Format("%Y-%m-%d"));
}

wxString date_ja(const std::string& iso) {
  const wxDateTime d = parse_iso_date(iso);
  if (!d.IsValid()) return to_wx(iso);
  if (interface_is_english()) return d.Format("%a %e %b %Y").Trim(false);
  static const char* const kDays[] = {"日", "月", "火", "水", "木", "金", "土"};
  return wxString::Format(wxString::FromUTF8("%d年%d月%d日（%s）"), d.GetYear(), static_cast<int>(d.GetMonth()) + 1,
                          d.GetDay(), wxString::FromUTF8(kDays[d.GetWeekDay()]));
}

std::string today_iso() { return format_iso_date(wxDateTime::Today()); }

wxString default_meeting_folder() {
  return wxFileName(wxStandardPaths::Get().GetDocumentsDir(), "Renkei").GetFullPath();
}

wxString safe_file_name(const wxString& name) {
  wxString out = name;
  for (const char* bad : {"/", "\\", ":", "*", "?", "\"", "<", ">", "|", " "}) out.Replace(bad, "_");
  return out;
}

namespace {

// Characters a line must not start with (行頭禁則).
bool no_line_start(wxUniChar c) {
  static const wxString kClosing = wxString::FromUTF8("、。，．,.）)」』】〕〉》ー・：；！？!?ゃゅょっぁぃぅぇぉャュョッァィゥェォ々");
  return kClosing.Find(c) != wxNOT_FOUND;
}

bool is_latin_word_char(wxUniChar c) { return c.IsAscii() && (wxIsalnum(c) || c == '-' || c == '_'); }

wxString wrap_paragraph(const wxDC& dc, const wxString& text, int width) {
  wxArrayInt widths;  // widths[i]: the width of text[0..i]
  if (text.empty() || !dc.GetPartialTextExtents(text, widths)) return text;
  wxString out;
  std::size_t start = 0;
  int start_x = 0;
  for (std::size_t i = 0; i < text.length(); ++i) {
    if (widths[i] - start_x <= width || i == start) continue;
    std::size_t brk = i;
    while (brk > start + 1 && no_line_start(text[brk])) --brk;
    if (is_latin_word_char(text[brk]) && is_latin_word_char(text[brk - 1])) {
      std::size_t space = text.rfind(' ', brk);
      if (space != wxString::npos && space > start) brk = space + 1;
    }
    out += text.Mid(start, brk - start).Trim(true) + "\n";
    start = brk;
    start_x = widths[brk - 1];
  }
  return out + text.Mid(start);
}

}  // namespace

wxString wrap_text(const wxWindow* window, const wxString& text, int width) {
  wxClientDC dc(const_cast<wxWindow*>(window));
  dc.SetFont(window->GetFont());
  return wrap_text(dc, text, width);
}

wxString wrap_text(const wxDC& dc, const wxString& text, int width) {
  wxString out;
  wxStringTokenizer lines(text, "\n", wxTOKEN_RET_EMPTY_ALL);
  while (lines.HasMoreTokens()) {
    if (!out.empty()) out += "\n";
    out += wrap_paragraph(dc, lines.GetNextToken(), width);
  }
  return out;
}

void set_wrapped_label(wxStaticText* label, const wxString& text, int width) {
  const wxString wrapped = wrap_text(label, text, width);
  if (label->GetLabelText() != wrapped) label->SetLabelText(wrapped);
}

wxStaticText* guidance_text(wxWindow* parent, const wxString& text) {
  // Shortened with "…" where there is no room for it (the whole text in its tooltip).
  auto* label = new wxStaticText(parent, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
  label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  label->SetToolTip(text);
  label->SetMinSize(wxSize(label->FromDIP(40), -1));
  return label;
}

#ifdef __WXGTK__
namespace {

// The GTK widget that takes the keyboard focus for `window`, which is the object a screen reader
// announces: not the scrolled pane around a list, a tree or a multi-line text box, but the list
// drawing, the GtkTreeView, the GtkTextView inside it.
GtkWidget* focus_widget(wxWindow* window) {
  if (auto* tree_list = dynamic_cast<wxTreeListCtrl*>(window)) window = tree_list->GetDataView();
  if (auto* view = dynamic_cast<wxDataViewCtrl*>(window)) return view->GtkGetTreeView();
  if (auto* list = dynamic_cast<wxGenericListCtrl*>(window))
    for (wxWindow* child : list->GetChildren())  // its rows' window (a wxWindow subclass)
      if (static_cast<void*>(child) == static_cast<void*>(list->m_mainWin)) return child->GetConnectWidget();
  return window->GetConnectWidget();
}

}  // namespace
#endif

void set_accessible_name(wxWindow* window, const wxString& name) {
  if (!window) return;
#ifdef __WXGTK__
  // GTK's accessibility (ATK) is reached by name at run time: the GTK headers are not needed
  // to build, and without an accessibility bridge the calls do nothing harmful.
  using GetAccessible = void* (*)(void*);
  using SetName = void (*)(void*, const char*);
  static const auto get_accessible = reinterpret_cast<GetAccessible>(dlsym(RTLD_DEFAULT, "gtk_widget_get_accessible"));
  static const auto set_name = reinterpret_cast<SetName>(dlsym(RTLD_DEFAULT, "atk_object_set_name"));
  using CanFocus = int (*)(void*);
  static const auto can_focus = reinterpret_cast<CanFocus>(dlsym(RTLD_DEFAULT, "gtk_widget_get_can_focus"));
  if (!get_accessible || !set_name || !window->GetHandle()) return;
  GtkWidget* widget = focus_widget(window);
  if (!widget) widget = window->GetHandle();
  if (void* accessible = get_accessible(widget)) set_name(accessible, name.utf8_str());
  // A pane around it that takes the focus too (a scrolled window GTK lets the keyboard scroll)
  // carries the same name; one that does not is left unnamed.
  const auto* tree_list = dynamic_cast<wxTreeListCtrl*>(window);
  GtkWidget* outer = tree_list && tree_list->GetDataView() ? tree_list->GetDataView()->GetHandle() : window->GetHandle();
  if (outer != widget && can_focus && can_focus(outer))
    if (void* accessible = get_accessible(outer)) set_name(accessible, name.utf8_str());
#endif
}

wxString focused_accessible_name(wxWindow* top) {
#ifdef __WXGTK__
  using GetFocus = void* (*)(void*);
  using GetAccessible = void* (*)(void*);
  using GetName = const char* (*)(void*);
  static const auto get_focus = reinterpret_cast<GetFocus>(dlsym(RTLD_DEFAULT, "gtk_window_get_focus"));
  static const auto get_accessible = reinterpret_cast<GetAccessible>(dlsym(RTLD_DEFAULT, "gtk_widget_get_accessible"));
  static const auto get_name = reinterpret_cast<GetName>(dlsym(RTLD_DEFAULT, "atk_object_get_name"));
  if (!top || !top->GetHandle() || !get_focus || !get_accessible || !get_name) return {};
  void* focused = get_focus(top->GetHandle());  // GTK's own idea of the focus, not wx's
  void* accessible = focused ? get_accessible(focused) : nullptr;
  const char* name = accessible ? get_name(accessible) : nullptr;
  return name ? wxString::FromUTF8(name) : wxString();
#else
  return {};
#endif
}

void set_accessible_name_of_icon_buttons(wxWindow* window, const wxString& name) {
  if (!window || !window->GetHandle()) return;
#ifdef __WXGTK__
  // The GTK widget tree is walked through functions looked up at run time (see above).
  using Callback = void (*)(void*, void*);
  using ForAll = void (*)(void*, Callback, void*);
  using GetType = unsigned long (*)();
  using IsA = int (*)(void*, unsigned long);
  using GetLabel = const char* (*)(void*);
  using GetAccessible = void* (*)(void*);
  using GetName = const char* (*)(void*);
  using SetName = void (*)(void*, const char*);
  static const auto forall = reinterpret_cast<ForAll>(dlsym(RTLD_DEFAULT, "gtk_container_forall"));
  static const auto container_type = reinterpret_cast<GetType>(dlsym(RTLD_DEFAULT, "gtk_container_get_type"));
  static const auto button_type = reinterpret_cast<GetType>(dlsym(RTLD_DEFAULT, "gtk_button_get_type"));
  static const auto is_a = reinterpret_cast<IsA>(dlsym(RTLD_DEFAULT, "g_type_check_instance_is_a"));
  static const auto get_label = reinterpret_cast<GetLabel>(dlsym(RTLD_DEFAULT, "gtk_button_get_label"));
  static const auto get_accessible = reinterpret_cast<GetAccessible>(dlsym(RTLD_DEFAULT, "gtk_widget_get_accessible"));
  static const auto get_name = reinterpret_cast<GetName>(dlsym(RTLD_DEFAULT, "atk_object_get_name"));
  static const auto set_name = reinterpret_cast<SetName>(dlsym(RTLD_DEFAULT, "atk_object_set_name"));
  if (!forall || !container_type || !button_type || !is_a || !get_label || !get_accessible || !get_name || !set_name)
    return;
  struct Walk {
    std::string name;
    static void visit(void* widget, void* data) {
      auto* walk = static_cast<Walk*>(data);
      if (is_a(widget, button_type())) {
        const char* label = get_label(widget);
        void* accessible = get_accessible(widget);
        const char* current = accessible ? get_name(accessible) : nullptr;
        if ((!label || !*label) && accessible && (!current || !*current)) set_name(accessible, walk->name.c_str());
      }
      if (is_a(widget, container_type())) forall(widget, &Walk::visit, data);
    }
  } walk{to_utf8(name)};
  Walk::visit(window->GetHandle(), &walk);
#endif
}

namespace {
bool english_interface = false;
}  // namespace

bool interface_is_english() { return english_interface; }
void set_interface_english(bool english) { english_interface = english; }

double ui_zoom() {
  const double zoom = wxConfigBase::Get()->ReadDouble("view/zoom", 1.0);
  return zoom < 0.7 || zoom > 2.5 ? 1.0 : zoom;
}

void set_ui_zoom(double zoom) {
  // Rounded: ten steps up and ten down come back to exactly 1.
  zoom = std::round(std::clamp(zoom, 0.7, 2.5) * 1000) / 1000;
  wxConfigBase::Get()->Write("view/zoom", zoom);
  wxConfigBase::Get()->Flush();
}

namespace {

// Unzoomed fonts, and the zoom each tree was last given (apply_zoom's root windows).
std::unordered_map<const wxWindow*, wxFont>& unzoomed_fonts() {
  static std::unordered_map<const wxWindow*, wxFont> fonts;
  return fonts;
}
std::unordered_map<const wxWindow*, double>& applied_zooms() {
  static std::unordered_map<const wxWindow*, double> zooms;
  return zooms;
}

void forget_on_destroy(wxWindow* window) {
  window->Bind(wxEVT_DESTROY, [window](wxWindowDestroyEvent& e) {
    // (The event comes up from the windows inside too: only this one is forgotten here.)
    if (e.GetEventObject() == window) {
      unzoomed_fonts().erase(window);
      applied_zooms().erase(window);
    }
    e.Skip();
  });
}

void remember_fonts(wxWindow* window, double applied) {
  auto& fonts = unzoomed_fonts();
  if (!fonts.count(window)) {
    wxFont font = window->GetFont();
    if (font.IsOk() && applied != 1.0) font.SetFractionalPointSize(font.GetFractionalPointSize() / applied);
    fonts.emplace(window, font);
    forget_on_destroy(window);
  }
  for (wxWindow* child : window->GetChildren())
    if (!child->IsTopLevel()) remember_fonts(child, applied);
}

void set_zoomed_fonts(wxWindow* window, double zoom) {
  const auto it = unzoomed_fonts().find(window);
  if (it != unzoomed_fonts().end() && it->second.IsOk()) {
    wxFont font = it->second;
    font.SetFractionalPointSize(font.GetFractionalPointSize() * zoom);
    if (window->GetFont() != font) window->SetFont(font);
  }
  for (wxWindow* child : window->GetChildren())
    if (!child->IsTopLevel()) set_zoomed_fonts(child, zoom);
}

}  // namespace

void apply_zoom(wxWindow* window, double zoom) {
  if (!window) return;
  auto& zooms = applied_zooms();
  const bool known = zooms.count(window) > 0;
  const double applied = known ? zooms[window] : 1.0;
  if (!known && zoom == 1.0) return;  // nothing to change, nothing to remember yet
  // Every font is remembered before any is set: setting a list's font sets its header's too.
  remember_fonts(window, applied);
  zooms[window] = zoom;
  set_zoomed_fonts(window, zoom);
}

void invalidate_best_sizes(wxWindow* window) {
  if (!window) return;
  window->InvalidateBestSize();
  for (wxWindow* child : window->GetChildren())
    if (!child->IsTopLevel()) invalidate_best_sizes(child);
}

wxString with_honorific(const std::string& name) {
  for (const char* h : {"さん", "様", "殿", "くん", "ちゃん"})
    if (name.size() >= std::strlen(h) && name.compare(name.size() - std::strlen(h), std::string::npos, h) == 0)
      return to_wx(name);
  return to_wx(name) + _(" さん");
}

}  // namespace renkei::gui
