// The GUI's handle on one running session::Session: it carries the session's events from the io
// thread to the GUI thread (CallAfter), coalesces snapshot notifications, and turns edit
// futures into callbacks on the GUI thread without ever blocking it (a timer polls them with a
// zero timeout).
#pragma once

#include <wx/event.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "session/session.hpp"
#include "undo_history.hpp"

namespace renkei::gui {

/// Receives what happens in a LiveSession, always on the GUI thread.
class SessionObserver {
 public:
  virtual ~SessionObserver() = default;
  /// A new snapshot is available (several state_changed events may be folded into one call).
  virtual void on_state_changed() = 0;
  /// Any other session event (peers_changed, hosting, join_request, joined, join_failed, …).
  virtual void on_session_event(const session::Event& event) = 0;
  /// An edit was refused (EditResult::ok == false) or could not be sent; `message` says why.
  virtual void on_edit_failed(const wxString& message) = 0;
};

/// One session as the GUI uses it. Create with host(), join() or open_local(); destroy (or
/// stop()) on the GUI thread.
class LiveSession : public wxEvtHandler {
 public:
  /// Called with the outcome of one edit, on the GUI thread.
  using EditCallback = std::function<void(const session::EditResult&)>;

  /// Session::host; throws session::SessionError as it does.
  static std::unique_ptr<LiveSession> host(session::HostOptions options);
  /// Session::join; throws session::SessionError for local problems (a code failing its check).
  static std::unique_ptr<LiveSession> join(session::JoinOptions options);
  /// Session::open_local; throws session::SessionError.
  static std::unique_ptr<LiveSession> open_local(const std::filesystem::path& db);

  /// Stops the session (stop()).
  ~LiveSession() override;
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  /// Where events go from now on (nullptr: nowhere). Events already queued go to the new one.
  void set_observer(SessionObserver* observer) { observer_ = observer; }

  /// How an edit is remembered for undo.
  enum class Record {
    yes,     ///< a step of its own, or part of the open Action
    no,      ///< not undoable (nothing this person would want reverted)
    revert,  ///< an undo or redo edit (UndoHistory's own; refusals reported by it)
  };

  /// Whether a refusal goes to the observer's on_edit_failed() (the message bar) as well.
  enum class Report {
    yes,  ///< the observer says it
    no,   ///< the caller says it itself (a dialog), from `done`
  };

  /// Sends one edit (core/edit.hpp). `done` runs on the GUI thread when the session has applied
  /// it or refused it; a refusal is also reported to the observer's on_edit_failed() unless
  /// `report` is Report::no.
  void edit(nlohmann::json edit, EditCallback done = {}, Record record = Record::yes, Report report = Report::yes);

  /// While alive, the edits sent through this session form one undo step called `label` (a
  /// dialog's several field changes, a tick and its 確認者). Steps with the same non-empty
  /// `merge_key` sent in quick succession merge (typing). Nested actions join the outer one.
  class Action {
   public:
    Action(LiveSession& session, wxString label, std::string merge_key = {});
    ~Action();
    Action(const Action&) = delete;
    Action& operator=(const Action&) = delete;

   private:
    friend class LiveSession;
    LiveSession& session_;
    Action* outer_;
    wxString label_;
    std::string merge_key_;
    std::shared_ptr<UndoStep> step_;  ///< opened with the first edit
  };

  /// This window's undo and redo stacks.
  [[nodiscard]] UndoHistory& history() { return history_; }

  /// The latest snapshot (never null).
  [[nodiscard]] std::shared_ptr<const core::MeetingState> state() const { return session_->state(); }
  /// The session itself, for queries (peers(), role(), join_code() …).
  [[nodiscard]] session::Session& session() const { return *session_; }
  /// The name this person gave (司会 or participant); used for checked_by, proposed_by.
  [[nodiscard]] const std::string& display_name() const { return display_name_; }
  /// Stops the session: connections close, events stop. Idempotent.
  void stop();

 private:
  explicit LiveSession(std::string display_name);
  session::EventHandler event_handler();
  void deliver(const session::Event& event);
  void poll_edits();

  struct PendingEdit {
    std::future<session::EditResult> result;
    EditCallback done;
    std::shared_ptr<UndoStep> step;  ///< the undo step it belongs to, if recorded
    Record record = Record::yes;
    Report report = Report::yes;
  };

  std::unique_ptr<session::Session> session_;
  std::string display_name_;
  SessionObserver* observer_ = nullptr;
  std::atomic<bool> state_notice_queued_{false};
  std::vector<PendingEdit> pending_;
  UndoHistory history_;
  Action* action_ = nullptr;  ///< the innermost open Action
  wxTimer poll_timer_;
};

}  // namespace renkei::gui
