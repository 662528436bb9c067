// The common shape of the meeting's item lists (agenda, role board, decision log, open issues,
// attendees): a list of rows updated from each snapshot, and buttons to add, edit, remove and
// reorder items through a FormDialog. Each list says what its columns, rows and form are.
#pragma once

#include <wx/panel.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"
#include "form_dialog.hpp"
#include "item_list.hpp"
#include "live_session.hpp"

class wxBoxSizer;
class wxButton;

namespace renkei::gui {

/// The cells of `list` as displayed, [[text, …], …] in UTF-8 (for --ui-dump).
nlohmann::json dump_list(const ItemListCtrl& list);

/// A panel listing the items of one type, with add / edit / remove (/ move) buttons.
class ItemTablePanel : public wxPanel {
 public:
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// The rows as displayed (cell texts read from the list control), for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;
  /// The list control.
  [[nodiscard]] ItemListCtrl* list() const { return list_; }

  /// Asks for a new item's fields and adds it.
  void add_item();
  /// Edits the selected item's fields.
  void edit_selected();
  /// Removes the selected item after asking.
  void remove_selected();
  /// Moves the selected item up (-1) or down (+1).
  void move_selected(int delta);
  /// Asks who may see the selected item and moves it to that audience (the chair's to do:
  /// authority_ui.hpp); the list then selects it under its new id.
  void change_visibility();

 protected:
  /// `type` is the schema's item type ("role", "decision" …); `movable` adds up/down buttons.
  ItemTablePanel(wxWindow* parent, LiveSession& session, const wxString& name, std::string type,
                 const std::vector<ListColumn>& columns, bool movable);

  /// The rows for a snapshot, one per item, in list order.
  [[nodiscard]] virtual std::vector<ListRow> rows(const core::MeetingState& state) const = 0;
  /// The fields of the form (choices may depend on the snapshot).
  [[nodiscard]] virtual std::vector<FormField> form(const core::MeetingState& state) const = 0;
  /// The values of item `id`'s fields, or for "" the values a new item starts with.
  [[nodiscard]] virtual nlohmann::json values_of(const core::MeetingState& state,
                                                 const std::string& id) const = 0;
  /// What an item is called in dialog titles ("役割", "決定事項" …).
  [[nodiscard]] virtual wxString item_noun() const = 0;
  /// Where a new item goes in the list; std::nullopt: at the end.
  [[nodiscard]] virtual std::optional<std::size_t> insert_index() const { return std::nullopt; }
  /// Called after refresh() has updated the list (for extra widgets of a subclass).
  virtual void after_refresh() {}
  /// Asks for an item's fields: for a new item (`id` empty) all of them, for an existing one
  /// only those changed; std::nullopt when cancelled. The default is a FormDialog of form().
  [[nodiscard]] virtual std::optional<nlohmann::json> ask_fields(const std::string& id);
  /// Enables the buttons that need a selection.
  virtual void update_buttons();
  /// Whether this person may add, change and remove these items (default: anyone may).
  [[nodiscard]] virtual bool may_edit(const core::MeetingState& state) const { return true; }

  /// Sends one "set" edit per changed field of item `id`.
  void send_changes(const std::string& id, const nlohmann::json& changed);
  /// Selects item `id` now if it is listed, else as soon as a snapshot lists it.
  void select_when_shown(const std::string& id);
  /// The menu of a right-clicked row: 編集…, 削除 and 公開範囲…, each offered only to whom
  /// may use it.
  virtual void show_context_menu();

  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  ItemListCtrl* list_ = nullptr;
  bool refreshing_ = false;        ///< inside refresh(): selection changes are not the person's
  wxBoxSizer* buttons_ = nullptr;  ///< the button row; subclasses may add to it

 private:
  std::string type_;
  std::string select_when_shown_;  ///< an item just added, selected once it is listed
  std::vector<wxButton*> selection_buttons_;
  wxButton* add_button_ = nullptr;
};

}  // namespace renkei::gui
