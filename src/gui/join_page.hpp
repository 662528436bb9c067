// Start window, second tab: join a meeting — found on the network by the session's multicast
// discovery, or at an address typed as the chair's screen shows it; the join code (lower case
// and full-width characters accepted); this person's name; where the meeting file is kept.
#pragma once

#include <wx/panel.h>

#include <functional>

#include "session/session.hpp"

class wxFilePickerCtrl;
class wxRadioButton;
class wxTextCtrl;

namespace renkei::gui {

/// The "会議に参加する" page.
class JoinPage : public wxPanel {
 public:
  /// `on_join` receives the options once the form is complete.
  JoinPage(wxWindow* parent, std::function<void(session::JoinOptions)> on_join);

 private:
  void join();
  void update_enabled();

  std::function<void(session::JoinOptions)> on_join_;
  wxRadioButton* discover_ = nullptr;
  wxRadioButton* typed_ = nullptr;
  wxTextCtrl* address_ = nullptr;
  wxTextCtrl* code_ = nullptr;
  wxTextCtrl* name_ = nullptr;
  wxFilePickerCtrl* file_ = nullptr;
};

}  // namespace renkei::gui
