#include "live_session.hpp"

#include <chrono>

#include "wx_util.hpp"

namespace renkei::gui {

namespace {

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

LiveSession::Action::Action(LiveSession& session, wxString label, std::string merge_key)
    : session_(session), outer_(session.action_), label_(std::move(label)), merge_key_(std::move(merge_key)) {
  session_.action_ = this;
}

LiveSession::Action::~Action() { session_.action_ = outer_; }

LiveSession::LiveSession(std::string display_name)
    : display_name_(std::move(display_name)),
      history_([this](nlohmann::json e, EditCallback done) { edit(std::move(e), std::move(done), Record::revert); }),
      poll_timer_(this) {
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll_edits(); }, poll_timer_.GetId());
}

LiveSession::~LiveSession() { stop(); }

std::unique_ptr<LiveSession> LiveSession::host(session::HostOptions options) {
  std::unique_ptr<LiveSession> live(new LiveSession(options.display_name));
  live->session_ = session::Session::host(std::move(options), live->event_handler());
  return live;
}

std::unique_ptr<LiveSession> LiveSession::join(session::JoinOptions options) {
  std::unique_ptr<LiveSession> live(new LiveSession(options.display_name));
  live->session_ = session::Session::join(std::move(options), live->event_handler());
  return live;
}

std::unique_ptr<LiveSession> LiveSession::open_local(const std::filesystem::path& db) {
  std::unique_ptr<LiveSession> live(new LiveSession(""));
  live->session_ = session::Session::open_local(db, live->event_handler());
  // Offline review: ticks and proposals are recorded under the name of this file's attendee.
  auto state = live->session_->state();
  if (auto own = live->session_->own_attendee())
    if (const auto* attendee = state->find_attendee(*own)) live->display_name_ = attendee->name;
  return live;
}

session::EventHandler LiveSession::event_handler() {
  // Runs on the io thread: only queue work for the GUI thread. stop() (called before this
  // object goes away) ends the events, so `this` outlives every call.
  return [this](const session::Event& event) {
    if (event.kind == session::Event::Kind::state_changed) {
      if (state_notice_queued_.exchange(true)) return;  // one refresh covers them all
    }
    CallAfter([this, event] { deliver(event); });
  };
}

void LiveSession::deliver(const session::Event& event) {
  if (event.kind == session::Event::Kind::state_changed) state_notice_queued_ = false;
  if (!observer_) return;
  if (event.kind == session::Event::Kind::state_changed)
    observer_->on_state_changed();
  else
    observer_->on_session_event(event);
}

void LiveSession::edit(nlohmann::json edit, EditCallback done, Record record, Report report) {
  std::shared_ptr<UndoStep> step;
  if (record == Record::yes) {
    // The outermost open action names the step.
    Action* action = action_;
    while (action && action->outer_) action = action->outer_;
    if (action) {
      if (!action->step_) action->step_ = history_.open_step(action->label_, action->merge_key_, wall_ms());
      step = action->step_;
    } else {
      step = history_.open_step(describe_edit(edit), std::string(), wall_ms());
    }
    history_.sent(step);
  }
  try {
    pending_.push_back({session_->edit(std::move(edit)), std::move(done), step, record, report});
  } catch (const std::exception& e) {
    session::EditResult failed;
    failed.error = e.what();
    if (step) history_.on_result(step, failed);
    if (done) done(failed);
    if (observer_ && record != Record::revert && report == Report::yes) observer_->on_edit_failed(to_wx(failed.error));
    return;
  }
  if (!poll_timer_.IsRunning()) poll_timer_.Start(15);
}

void LiveSession::poll_edits() {
  // Take the finished ones out first: a callback may send further edits.
  std::vector<PendingEdit> finished;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->result.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      finished.push_back(std::move(*it));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  if (pending_.empty()) poll_timer_.Stop();
  for (auto& p : finished) {
    session::EditResult result;
    try {
      result = p.result.get();
    } catch (const std::exception& e) {
      result.ok = false;
      result.error = e.what();
    }
    if (p.step) history_.on_result(p.step, result);
    if (p.done) p.done(result);
    if (!result.ok && observer_ && p.record != Record::revert && p.report == Report::yes)
      observer_->on_edit_failed(to_wx(result.error));
  }
}

void LiveSession::stop() {
  if (session_) session_->stop();
  poll_timer_.Stop();
}

}  // namespace renkei::gui
