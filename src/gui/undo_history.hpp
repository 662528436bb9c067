// Undo and redo of this person's own edits in one meeting window. Every edit the session
// applies comes back with the edits that revert it (core/undo.hpp: inverse operations, so an
// undo never erases what others did in between). A step is what one gesture sent — a dialog's
// several field changes, a tick with its "checked by", a burst of typing — and is undone whole.
// Redo is the undo of the undo: applying a step's revert edits returns, in their results, the
// edits that revert *them*.
//
// Pure bookkeeping: edits go out through the `Send` function given (LiveSession::edit without
// recording), results come back through on_result(); everything happens on the GUI thread.
#pragma once

#include <wx/string.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "session/session.hpp"

namespace renkei::gui {

/// One undoable step.
struct UndoStep {
  wxString label;                      ///< what it did, for the menu ("決定事項の追加")
  std::vector<nlohmann::json> revert;  ///< edits that revert it, in the order to send them
  std::string merge_key;               ///< steps with the same key made in quick succession merge
  std::int64_t first_ms = 0;           ///< when its first edit was sent
  std::int64_t last_ms = 0;            ///< when its last edit was sent
  std::size_t typed = 0;               ///< characters typed into it (typing steps)
  bool sealed = false;                 ///< nothing more merges into it (a line or sentence ended)
  int pending = 0;                     ///< its edits not yet applied or refused
  int applied = 0;                     ///< its edits the session applied
};

/// The undo and redo stacks of one window.
class UndoHistory {
 public:
  /// Sends one edit without recording it; `done` receives its result on the GUI thread.
  using Send = std::function<void(nlohmann::json edit, std::function<void(const session::EditResult&)> done)>;
  /// Typing in one field within this many milliseconds of the last is one step …
  static constexpr std::int64_t kMergeMs = 1500;
  /// … as long as the step has not lasted this long …
  static constexpr std::int64_t kMaxStepMs = 5000;
  /// … nor grown to this many characters, nor ended a line or a sentence (typed()): one Ctrl+Z
  /// takes back a sentence at most, never minutes of typing.
  static constexpr std::size_t kMaxTyped = 80;
  /// At most this many steps are kept.
  static constexpr std::size_t kLimit = 200;

  explicit UndoHistory(Send send) : send_(std::move(send)) {}

  /// The step edits sent now belong to: a new one on top of the undo stack (clearing redo), or
  /// the top one when it has the same non-empty `merge_key`, was used less than kMergeMs ago,
  /// began less than kMaxStepMs ago and is not sealed.
  std::shared_ptr<UndoStep> open_step(const wxString& label, const std::string& merge_key, std::int64_t now_ms);
  /// `text` was typed into the top step, of `merge_key`: a line break or the end of a sentence
  /// in it (。．！？ . ! ?), or kMaxTyped characters typed in all, seal the step.
  void typed(const std::string& merge_key, const std::u32string& text);
  /// An edit of `step` was sent (call before its result can arrive).
  void sent(const std::shared_ptr<UndoStep>& step);
  /// The result of an edit of `step`: its revert edits are put in front of the step's (the
  /// last edit is reverted first).
  void on_result(const std::shared_ptr<UndoStep>& step, const session::EditResult& result);

  /// Reverts the top step (once every edit sent so far has come back). False when there is none.
  bool undo();
  /// Reapplies the step undone last. False when there is none.
  bool redo();
  [[nodiscard]] bool can_undo() const;
  [[nodiscard]] bool can_redo() const;
  /// The label of the step undo() / redo() would act on ("" when none).
  [[nodiscard]] wxString undo_label() const;
  [[nodiscard]] wxString redo_label() const;
  /// Number of steps on each stack (for --ui-dump).
  [[nodiscard]] std::size_t undo_size() const { return undo_.size(); }
  [[nodiscard]] std::size_t redo_size() const { return redo_.size(); }

  /// Called when what can be undone or redone changes (menus).
  std::function<void()> on_changed;
  /// Called when an undo or redo edit was refused, with the session's reason.
  std::function<void(const wxString& message)> on_error;

 private:
  enum class Request { undo, redo };
  [[nodiscard]] bool busy() const;
  void run(Request request);
  void run_requests();
  void replay(const std::shared_ptr<UndoStep>& from, std::deque<std::shared_ptr<UndoStep>>& to, bool is_undo);
  void changed() const;

  Send send_;
  std::deque<std::shared_ptr<UndoStep>> undo_;  ///< back: the latest
  std::deque<std::shared_ptr<UndoStep>> redo_;
  std::vector<std::shared_ptr<UndoStep>> in_flight_;  ///< steps with edits on their way
  std::deque<Request> requests_;                      ///< asked while edits were on their way
};

/// What an edit does, in words for the Undo menu ("議題の追加", "入力", "次の議題へ" …).
wxString describe_edit(const nlohmann::json& edit);

}  // namespace renkei::gui
