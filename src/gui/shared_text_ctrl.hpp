// A multi-line text control bound to one text field (検討内容 notes, 結論 conclusion) of one
// agenda item, whose shared copy is a text CRDT. Local typing is sent, lightly debounced, as
// {"cmd":"replace_text"} (the core turns it into the minimal delete + insert); remote changes
// are applied to the control as the minimal change, keeping the caret and selection where
// they belong, without sending them back.
#pragma once

#include <wx/textctrl.h>
#include <wx/timer.h>

#include <string>

#include "live_session.hpp"

namespace renkei::gui {

/// A wxTextCtrl showing and editing one agenda item's text field through the session.
class SharedTextCtrl : public wxTextCtrl {
 public:
  /// `field` is the agenda item's text field ("notes" or "conclusion"); `name` the accessible name.
  SharedTextCtrl(wxWindow* parent, LiveSession& session, std::string field, const wxString& name);

  /// Shows item `id`'s text (first sending what was typed into the item shown before). An
  /// empty id shows nothing and disables the control.
  void show_item(const std::string& id, const std::string& text);
  /// The item shown has this text in the latest snapshot: applied now unless this person's
  /// typing is still on its way, in which case it is merged when that has arrived.
  void update_text(const std::string& text);
  /// Sends what was typed and not yet sent.
  void flush();

 private:
  void on_text(wxCommandEvent& event);
  void on_edit_done(unsigned generation, const session::EditResult& result);
  void reconcile();
  void apply_to_control(const std::u32string& target);

  LiveSession& session_;
  std::string field_;
  std::string item_id_;
  std::u32string base_;    ///< the shared text as of my last send or reconciliation
  std::u32string latest_;  ///< the text in the latest snapshot
  bool dirty_ = false;     ///< typed since the last send
  bool applying_ = false;  ///< changing the control ourselves: not typing
  int in_flight_ = 0;      ///< my edits of this item not yet applied by the session
  unsigned generation_ = 0;  ///< bumped when another item is shown
  wxTimer debounce_;
};

}  // namespace renkei::gui
