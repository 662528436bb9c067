// The meeting window: the banner (meeting, join code, connection), the agenda with the timer on
// the left and, on the right, tabs for 検討内容・結論, 役割分担 (board), エコマップ, チェックリスト,
// 決定事項, 残された課題 and 出席者. It observes the LiveSession: every snapshot refreshes the
// panels; join requests appear in a non-modal bar where the chair admits or refuses; refused
// edits and errors in another. Menus carry the keyboard shortcuts; Edit offers undo and redo of
// this person's own edits; 会議 the chair's acts (vice-chair, recorder, handing the chair over,
// the vice-chair taking it, who may see the selected item: authority_ui.hpp); View the text size
// (Ctrl + / −) and presentation mode (F5).
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include <nlohmann/json.hpp>

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "live_session.hpp"

class wxFileHistory;
class wxInfoBar;
class wxMenu;
class wxNotebook;
class wxSplitterWindow;

namespace renkei::gui {

class AgendaPanel;
class AttendeesPanel;
class ChecklistPanel;
class DecisionsPanel;
class EcomapPanel;
class IssuesPanel;
class MeetingBanner;
class NotesPanel;
class PresentationFrame;
class RolesTab;

/// How the meeting window starts.
struct MainFrameOptions {
  /// Write the displayed contents of the main widgets to this JSON file after every change
  /// (tests and automation); empty: never.
  std::filesystem::path ui_dump;
  /// The tab shown first: notes, roles, ecomap, checklist, decisions, issues, attendees.
  std::string tab;
  /// Start in presentation mode.
  bool presentation = false;
  /// Called after the window has closed the meeting: with true when the person chose to quit
  /// the application, false when only this meeting was closed (show the start window again).
  std::function<void(bool quit)> on_closed;
  /// Recent meeting files (shared by every window; shown in the File menu).
  wxFileHistory* history = nullptr;
  /// Opens a meeting file (from the recent files).
  std::function<void(const std::filesystem::path&)> open_file;
  /// Extra status for the dump (the --ui-script's progress); may be empty.
  std::function<nlohmann::json()> script_status;
};

/// The window of one running meeting. Owns the LiveSession.
class MainFrame : public wxFrame, private SessionObserver {
 public:
  /// Shows the meeting of `session`.
  MainFrame(std::unique_ptr<LiveSession> session, MainFrameOptions options);
  /// Detaches from the session (which it owns and which stops with it).
  ~MainFrame() override;

  /// The meeting file this window has open.
  [[nodiscard]] std::filesystem::path db_path() const;
  /// What the window displays, as written to --ui-dump.
  [[nodiscard]] nlohmann::json ui_state() const;
  /// Writes ui_state() to the --ui-dump file (if there is one).
  void write_ui_dump() const;
  /// Sizes that follow the text size: the agenda's first row and columns, the agenda pane's
  /// width, some fonts (in points), for --ui-dump.
  [[nodiscard]] nlohmann::json layout_dump() const;

 private:
  // SessionObserver
  void on_state_changed() override;
  void on_session_event(const session::Event& event) override;
  void on_edit_failed(const wxString& message) override;

  // main_frame_menu.cpp
  void build_menu();
  void update_undo_menu();
  void undo();
  void redo();
  void zoom(double factor);
  void toggle_presentation();
  void restore_geometry();
  void save_geometry() const;

  void refresh_all();
  void refresh_status();
  void update_connection();
  void show_message(const wxString& message, int icon);
  void queue_join_request(const nlohmann::json& request);
  void show_next_join_request();
  void answer_join_request(bool admit);
  /// 選んだ項目の公開範囲…: the selected item of the agenda (when it has the focus, or the notes
  /// tab is shown) or of the tab shown.
  void change_selected_visibility();
  void export_minutes();
  void record_decision();
  void select_tab(const std::string& name);
  void on_close(wxCloseEvent& event);

  std::unique_ptr<LiveSession> session_;
  MainFrameOptions options_;
  MeetingBanner* banner_ = nullptr;
  wxInfoBar* requests_bar_ = nullptr;
  wxInfoBar* messages_bar_ = nullptr;
  wxSplitterWindow* splitter_ = nullptr;
  double agenda_width_ = 0;  ///< the agenda pane's width at the normal text size (0: not known yet)
  bool sash_dragged_ = false;  ///< the person is dragging the sash
  wxString timebox_warning_;  ///< the timebox warning in the status bar, cleared when its item is no longer current
  AgendaPanel* agenda_ = nullptr;
  wxNotebook* tabs_ = nullptr;
  NotesPanel* notes_ = nullptr;
  RolesTab* roles_ = nullptr;
  EcomapPanel* ecomap_ = nullptr;
  ChecklistPanel* checklist_ = nullptr;
  DecisionsPanel* decisions_ = nullptr;
  IssuesPanel* issues_ = nullptr;
  AttendeesPanel* attendees_ = nullptr;
  wxMenu* edit_menu_ = nullptr;
  wxMenu* recent_menu_ = nullptr;
  wxWeakRef<PresentationFrame> presentation_;
  bool quitting_ = false;  ///< closing because the person chose 終了
  std::deque<nlohmann::json> join_requests_;  ///< front: the one shown
  wxTimer message_timer_;
  // A participant's link to the meeting: lost links reconnect by themselves; only a long
  // outage is worth a message.
  bool was_connected_ = false;
  bool outage_reported_ = false;
  wxTimer outage_timer_;
};

}  // namespace renkei::gui
