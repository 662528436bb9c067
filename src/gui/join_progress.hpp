// While a participant's laptop joins: a small non-modal window showing how far it got
// (connecting, waiting for the chair to admit this device — with its fingerprint to compare),
// and that hands the session over once joined, or says in plain Japanese why not.
#pragma once

#include <wx/dialog.h>
#include <wx/timer.h>

#include <functional>
#include <memory>

#include "live_session.hpp"

class wxGauge;
class wxStaticText;

namespace renkei::gui {

/// The Japanese explanation of a join_failed event ({"code","message"}).
wxString join_failure_message(const std::string& code, const std::string& message);

/// Progress of one join.
class JoinProgressDialog : public wxDialog, private SessionObserver {
 public:
  /// Called once joined, with the session (the dialog closes itself).
  using Joined = std::function<void(std::unique_ptr<LiveSession>)>;
  /// Called when the join failed (`message` says why) or was cancelled (`message` empty).
  using Failed = std::function<void(const wxString& message)>;

  /// Watches `session`, which has just started joining `where` (an address, or "" when discovering).
  JoinProgressDialog(wxWindow* parent, std::unique_ptr<LiveSession> session, const wxString& where,
                     Joined on_joined, Failed on_failed);
  /// Detaches from the session if it is still this dialog's.
  ~JoinProgressDialog() override;

 private:
  void on_state_changed() override {}
  void on_session_event(const session::Event& event) override;
  void on_edit_failed(const wxString&) override {}
  void finish_failed(const wxString& message);

  std::unique_ptr<LiveSession> session_;
  Joined on_joined_;
  Failed on_failed_;
  wxStaticText* status_ = nullptr;
  wxGauge* gauge_ = nullptr;
  wxTimer pulse_;
};

}  // namespace renkei::gui
