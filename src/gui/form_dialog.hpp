// A dialog editing one item's fields, built from a list of field descriptions, so the role
// board, decision log, open issues, attendees, agenda items and the meeting header share one
// layout and one way of turning what was typed into edit commands.
#pragma once

#include <wx/dialog.h>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

class wxWindow;

namespace renkei::gui {

/// One field of a form. `key` is the item field name of core/schema.cpp; values are the JSON
/// the schema expects (strings, integers, booleans, enum names, "" or an item id).
struct FormField {
  enum class Kind {
    text,       ///< one line
    multiline,  ///< several lines
    integer,    ///< spin control, min..max
    choice,     ///< one of `choices` (value, label): enumerations and references
    check,      ///< boolean
    date,       ///< "YYYY-MM-DD" or "" (a date picker that allows none)
    time,       ///< "HH:MM" or ""
  };
  std::string key;
  wxString label;
  Kind kind = Kind::text;
  std::vector<std::pair<std::string, wxString>> choices;
  wxString hint;  ///< placeholder text, or the check box's own label
  int min = 0;
  int max = 999;

  /// One line of text with an optional placeholder.
  static FormField text(std::string key, wxString label, wxString hint = {});
  /// Several lines of text.
  static FormField multiline(std::string key, wxString label, wxString hint = {});
  /// An integer between min and max.
  static FormField integer(std::string key, wxString label, int min, int max);
  /// One of `choices`.
  static FormField choice(std::string key, wxString label,
                          std::vector<std::pair<std::string, wxString>> choices);
  /// A check box labelled `caption`.
  static FormField check(std::string key, wxString label, wxString caption);
  /// A date, or none.
  static FormField date(std::string key, wxString label);
  /// A time of day HH:MM, or none.
  static FormField time(std::string key, wxString label);
};

/// Shows the fields with their current values; after ShowModal() == wxID_OK, changed() holds
/// the fields whose value differs from the initial one and values() all of them.
class FormDialog : public wxDialog {
 public:
  /// `initial` maps keys to current values; missing keys start empty / 0 / false / first choice.
  FormDialog(wxWindow* parent, const wxString& title, std::vector<FormField> fields,
             const nlohmann::json& initial);

  /// Every field's value as entered.
  [[nodiscard]] nlohmann::json values() const;
  /// Only the fields that differ from the initial values.
  [[nodiscard]] nlohmann::json changed() const;

  /// Refuses a time that is not HH:MM.
  bool Validate() override;

 private:
  [[nodiscard]] nlohmann::json value_of(std::size_t index) const;

  std::vector<FormField> fields_;
  std::vector<wxWindow*> controls_;
  nlohmann::json initial_;
};

/// Adds the dialog's OK / Cancel row with Japanese labels ("OK" reads the same; Cancel is
/// "キャンセル"); `ok_label` replaces "OK" when given. Returns the sizer to add to the dialog.
wxSizer* make_dialog_buttons(wxDialog* dialog, const wxString& ok_label = wxString());

}  // namespace renkei::gui
