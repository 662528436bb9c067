// The meeting window: the banner (meeting, join code), the agenda on the left and, on the
// right, tabs for 検討内容・結論, 役割分担, チェックリスト, 決定事項, 残された課題 and 出席者.
// It observes the LiveSession: every snapshot refreshes the panels; join requests appear in
// a non-modal bar where the chair admits or refuses; refused edits and errors in another.
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "live_session.hpp"

class wxInfoBar;
class wxNotebook;
class wxSplitterWindow;

namespace renkei::gui {

class AgendaPanel;
class AttendeesPanel;
class ChecklistPanel;
class DecisionsPanel;
class IssuesPanel;
class MeetingBanner;
class NotesPanel;
class RolesPanel;

/// How the meeting window starts.
struct MainFrameOptions {
  /// Write the displayed contents of the main widgets to this JSON file after every change
  /// (tests and automation); empty: never.
  std::filesystem::path ui_dump;
  /// The tab shown first: notes, roles, checklist, decisions, issues, attendees.
  std::string tab;
  /// Called after the window has closed the meeting: with true when the person chose to quit
  /// the application, false when only this meeting was closed (show the start window again).
  std::function<void(bool quit)> on_closed;
};

/// The window of one running meeting. Owns the LiveSession.
class MainFrame : public wxFrame, private SessionObserver {
 public:
  /// Shows the meeting of `session`.
  MainFrame(std::unique_ptr<LiveSession> session, MainFrameOptions options);
  /// Detaches from the session (which it owns and which stops with it).
  ~MainFrame() override;

 private:
  // SessionObserver
  void on_state_changed() override;
  void on_session_event(const session::Event& event) override;
  void on_edit_failed(const wxString& message) override;

  void build_menu();
  void refresh_all();
  void refresh_status();
  void show_message(const wxString& message, int icon);
  void queue_join_request(const nlohmann::json& request);
  void show_next_join_request();
  void answer_join_request(bool admit);
  void export_minutes();
  void select_tab(const std::string& name);
  void on_close(wxCloseEvent& event);
  void write_ui_dump() const;

  std::unique_ptr<LiveSession> session_;
  MainFrameOptions options_;
  MeetingBanner* banner_ = nullptr;
  wxInfoBar* requests_bar_ = nullptr;
  wxInfoBar* messages_bar_ = nullptr;
  wxSplitterWindow* splitter_ = nullptr;
  AgendaPanel* agenda_ = nullptr;
  wxNotebook* tabs_ = nullptr;
  NotesPanel* notes_ = nullptr;
  RolesPanel* roles_ = nullptr;
  ChecklistPanel* checklist_ = nullptr;
  DecisionsPanel* decisions_ = nullptr;
  IssuesPanel* issues_ = nullptr;
  AttendeesPanel* attendees_ = nullptr;
  bool quitting_ = false;  ///< closing because the person chose 終了
  std::deque<nlohmann::json> join_requests_;  ///< front: the one shown
  wxTimer message_timer_;
};

}  // namespace renkei::gui
