// A multi-line text control bound to one text field (検討内容 notes, 結論 conclusion) of one
// agenda item, whose shared copy is a text CRDT. Local typing is sent, lightly debounced, as
// {"cmd":"replace_text"} (the core turns it into the minimal delete + insert); remote changes
// are applied to the control as the minimal change, keeping the caret and selection where
// they belong, without sending them back.
#pragma once

#include <wx/textctrl.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>
#include <string>

#include "live_session.hpp"

namespace renkei::gui {

/// A wxTextCtrl showing and editing one agenda item's text field through the session.
class SharedTextCtrl : public wxTextCtrl {
 public:
  /// `field` is the agenda item's text field ("notes" or "conclusion"); `name` the accessible name.
  SharedTextCtrl(wxWindow* parent, LiveSession& session, std::string field, const wxString& name);

  /// Shows item `id`'s text and its character ids (from the snapshot; first sending what was
  /// typed into the item shown before). An empty id shows nothing and disables the control.
  void show_item(const std::string& id, const std::string& text, const std::vector<core::IdSpan>& ids);
  /// The item shown has this text in the latest snapshot: applied now unless this person's
  /// typing is still on its way, in which case it is applied when that has arrived.
  void update_text(const std::string& text, const std::vector<core::IdSpan>& ids);
  /// Sends what was typed and not yet sent.
  void flush();
  /// Called after others' changes have been applied to the control (not for this person's own
  /// typing).
  void on_updated(std::function<void()> handler) { on_updated_ = std::move(handler); }
  /// Typing not yet sent, and edits sent but not yet applied (for --ui-dump).
  [[nodiscard]] bool dirty() const { return dirty_; }
  [[nodiscard]] int in_flight() const { return in_flight_; }

 private:
  void on_text(wxCommandEvent& event);
  void on_edit_done(unsigned generation, const session::EditResult& result);
  void reconcile();
  void take_latest();
  void apply_to_control(const std::u32string& target);

  LiveSession& session_;
  std::string field_;
  std::string item_id_;
  // My typing is sent as "delete these characters, insert after that one" against base_, whose
  // character ids are known, so whatever others type meanwhile is kept by the CRDT.
  std::u32string base_;               ///< the text my next change is computed against
  std::vector<core::OpId> base_ids_;  ///< the id of each character of base_
  std::u32string latest_;             ///< the text in the latest snapshot
  std::vector<core::OpId> latest_ids_;
  bool dirty_ = false;     ///< typed since the last send
  std::chrono::steady_clock::time_point dirty_since_;  ///< the first keystroke not yet sent
  bool applying_ = false;  ///< changing the control ourselves: not typing
  int in_flight_ = 0;      ///< my edits of this item not yet applied by the session
  unsigned generation_ = 0;  ///< bumped when another item is shown
  std::function<void()> on_updated_;
  wxTimer debounce_;
};

}  // namespace renkei::gui
