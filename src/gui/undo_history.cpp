#include "undo_history.hpp"

#include <algorithm>

#include "wx_util.hpp"

namespace renkei::gui {

std::shared_ptr<UndoStep> UndoHistory::open_step(const wxString& label, const std::string& merge_key,
                                                 std::int64_t now_ms) {
  if (!merge_key.empty() && !undo_.empty()) {
    const auto& top = undo_.back();
    if (top->merge_key == merge_key && !top->sealed && now_ms - top->last_ms < kMergeMs &&
        now_ms - top->first_ms < kMaxStepMs) {
      top->last_ms = now_ms;
      return top;
    }
  }
  auto step = std::make_shared<UndoStep>();
  step->label = label;
  step->merge_key = merge_key;
  step->first_ms = now_ms;
  step->last_ms = now_ms;
  undo_.push_back(step);
  redo_.clear();
  while (undo_.size() > kLimit) undo_.pop_front();
  changed();
  return step;
}

void UndoHistory::typed(const std::string& merge_key, const std::u32string& text) {
  if (undo_.empty() || merge_key.empty() || undo_.back()->merge_key != merge_key) return;
  UndoStep& top = *undo_.back();
  top.typed += text.size();
  // 。．！？ end a sentence wherever they are; . ! ? only before a space or at the end ("3.5" does not).
  static const std::u32string kEnds = U"\n。．！？", kLatinEnds = U".!?";
  bool ended = text.find_first_of(kEnds) != std::u32string::npos;
  for (std::size_t i = 0; !ended && i < text.size(); ++i)
    ended = kLatinEnds.find(text[i]) != std::u32string::npos && (i + 1 == text.size() || text[i + 1] == U' ');
  if (ended || top.typed >= kMaxTyped) top.sealed = true;
}

void UndoHistory::sent(const std::shared_ptr<UndoStep>& step) {
  ++step->pending;
  if (std::find(in_flight_.begin(), in_flight_.end(), step) == in_flight_.end()) in_flight_.push_back(step);
}

void UndoHistory::on_result(const std::shared_ptr<UndoStep>& step, const session::EditResult& result) {
  --step->pending;
  if (result.ok) {
    ++step->applied;
    step->revert.insert(step->revert.begin(), result.undo.begin(), result.undo.end());
  }
  if (step->pending <= 0) {
    in_flight_.erase(std::remove(in_flight_.begin(), in_flight_.end(), step), in_flight_.end());
    // A step none of whose edits took effect has nothing to undo.
    if (step->applied == 0 || step->revert.empty()) {
      undo_.erase(std::remove(undo_.begin(), undo_.end(), step), undo_.end());
      redo_.erase(std::remove(redo_.begin(), redo_.end(), step), redo_.end());
    }
  }
  changed();
  run_requests();
}

bool UndoHistory::busy() const { return !in_flight_.empty(); }

bool UndoHistory::can_undo() const { return !undo_.empty(); }
bool UndoHistory::can_redo() const { return !redo_.empty(); }
wxString UndoHistory::undo_label() const { return undo_.empty() ? wxString() : undo_.back()->label; }
wxString UndoHistory::redo_label() const { return redo_.empty() ? wxString() : redo_.back()->label; }

bool UndoHistory::undo() {
  if (undo_.empty()) return false;
  requests_.push_back(Request::undo);
  run_requests();
  return true;
}

bool UndoHistory::redo() {
  if (redo_.empty()) return false;
  requests_.push_back(Request::redo);
  run_requests();
  return true;
}

void UndoHistory::run_requests() {
  // Undo waits for what was sent before it: the step to revert must know all its edits.
  while (!requests_.empty() && !busy()) {
    const Request r = requests_.front();
    requests_.pop_front();
    run(r);
  }
}

void UndoHistory::run(Request request) {
  auto& from = request == Request::undo ? undo_ : redo_;
  auto& to = request == Request::undo ? redo_ : undo_;
  if (from.empty()) return;
  const auto step = from.back();
  from.pop_back();
  replay(step, to, request == Request::undo);
  changed();
}

void UndoHistory::replay(const std::shared_ptr<UndoStep>& from, std::deque<std::shared_ptr<UndoStep>>& to,
                         bool is_undo) {
  // The step that reverts this one: built from the results of sending its revert edits.
  auto inverse = std::make_shared<UndoStep>();
  inverse->label = from->label;
  to.push_back(inverse);
  for (const auto& edit : from->revert) {
    sent(inverse);
    send_(edit, [this, inverse, is_undo](const session::EditResult& result) {
      if (!result.ok && on_error)
        on_error((is_undo ? _("元に戻せなかった変更があります：") : _("やり直せなかった変更があります：")) +
                 to_wx(result.error));
      on_result(inverse, result);
    });
  }
}

void UndoHistory::changed() const {
  if (on_changed) on_changed();
}

wxString describe_edit(const nlohmann::json& edit) {
  const std::string cmd = edit.value("cmd", std::string());
  if (cmd == "add") {
    const std::string type = edit.value("type", std::string());
    if (type == "agenda_item") return _("議題の追加");
    if (type == "decision") return _("決定事項の追加");
    if (type == "role") return _("役割の追加");
    if (type == "open_issue") return _("課題の追加");
    if (type == "attendee") return _("出席者の追加");
    if (type == "relationship") return _("関係の追加");
    return _("追加");
  }
  if (cmd == "set" || cmd == "set_meeting") return _("変更");
  if (cmd == "remove") return _("削除");
  if (cmd == "restore") return _("復元");
  if (cmd == "move") return _("並べ替え");
  if (cmd == "insert_text" || cmd == "delete_text" || cmd == "replace_text") return _("入力");
  if (cmd == "advance") return _("次の議題へ");
  if (cmd == "back") return _("前の議題へ");
  if (cmd == "set_current") return _("議題の切り替え");
  if (cmd == "finish") return _("議題の終了");
  return _("変更");
}

}  // namespace renkei::gui
