// Start window, second tab: join a meeting — one found on the network by the session's
// multicast discovery (listed with the chair's device fingerprint, to compare with the chair's
// screen), or at an address typed as the chair's screen shows it; the join code (lower case and
// full-width characters accepted); this person's name; where the meeting file is kept.
#pragma once

#include <wx/panel.h>
#include <wx/timer.h>

#include <functional>
#include <future>
#include <vector>

#include "session/session.hpp"

class wxButton;
class wxFilePickerCtrl;
class wxListCtrl;
class wxRadioButton;
class wxStaticText;
class wxTextCtrl;

namespace renkei::gui {

/// The "会議に参加する" page.
class JoinPage : public wxPanel {
 public:
  /// `on_join` receives the options once the form is complete.
  JoinPage(wxWindow* parent, std::function<void(session::JoinOptions)> on_join);
  /// Looks for meetings on the network (in the background), unless it already has.
  void discover_once();
  /// Looks for meetings on the network again (in the background).
  void discover();

 private:
  void join();
  void update_enabled();
  void poll_discovery();

  std::function<void(session::JoinOptions)> on_join_;
  wxRadioButton* discover_ = nullptr;
  wxListCtrl* found_ = nullptr;
  wxButton* search_ = nullptr;
  wxStaticText* found_status_ = nullptr;
  std::vector<session::FoundMeeting> meetings_;
  std::future<std::vector<session::FoundMeeting>> discovery_;
  wxTimer discovery_timer_;
  bool discovered_ = false;
  wxRadioButton* typed_ = nullptr;
  wxTextCtrl* address_ = nullptr;
  wxTextCtrl* code_ = nullptr;
  wxTextCtrl* name_ = nullptr;
  wxFilePickerCtrl* file_ = nullptr;
};

}  // namespace renkei::gui
