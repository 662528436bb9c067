// Start window, first tab: open a new meeting as its chair — the meeting kind (template), the
// meeting's details (本人, 開催日, 場所, 開始時刻, 開催回数, 会議名), the chair's own name / 所属 /
// 職種, and where the meeting file is kept. "前回の会議から続ける…" continues a case from a
// previous meeting's file: its open issues become the first agenda item, its attendees and
// roles the defaults, and 開催回数 goes up by one (session::HostOptions::previous).
#pragma once

#include <wx/panel.h>

#include <functional>

#include "session/session.hpp"

class wxChoice;
class wxDatePickerCtrl;
class wxFilePickerCtrl;
class wxListCtrl;
class wxSpinCtrl;
class wxStaticText;
class wxTextCtrl;
class wxComboBox;
class wxCheckBox;
class wxButton;

namespace renkei::gui {

/// The "会議を主催する" page.
class HostPage : public wxPanel {
 public:
  /// `on_start` receives the options once the form is complete.
  HostPage(wxWindow* parent, std::function<void(session::HostOptions)> on_start);

 private:
  void on_kind_changed();
  void wrap_description();
  void suggest_file_name();
  void start();
  void choose_previous();
  void clear_previous();
  [[nodiscard]] std::string kind() const;

  std::function<void(session::HostOptions)> on_start_;
  wxChoice* kind_ = nullptr;
  wxStaticText* description_ = nullptr;
  wxListCtrl* preview_ = nullptr;
  wxTextCtrl* person_ = nullptr;
  wxTextCtrl* title_ = nullptr;
  wxDatePickerCtrl* date_ = nullptr;
  wxComboBox* time_ = nullptr;
  wxTextCtrl* place_ = nullptr;
  wxSpinCtrl* session_number_ = nullptr;
  wxTextCtrl* chair_name_ = nullptr;
  wxTextCtrl* organization_ = nullptr;
  wxTextCtrl* profession_ = nullptr;
  wxFilePickerCtrl* file_ = nullptr;
  wxTextCtrl* listen_ = nullptr;
  wxCheckBox* announce_ = nullptr;
  wxStaticText* previous_label_ = nullptr;
  wxButton* previous_clear_ = nullptr;
  std::filesystem::path previous_;  ///< the meeting this one continues, or empty
  wxString description_text_;
  int wrapped_width_ = 0;        ///< width the description was last wrapped to
  bool file_chosen_ = false;     ///< the user picked the file: stop suggesting names
  wxString suggested_title_;     ///< the title filled in from the template, replaced on change
};

}  // namespace renkei::gui
