#include "item_table_panel.hpp"

#include <wx/button.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>

#include "authority_ui.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {

ItemTablePanel::ItemTablePanel(wxWindow* parent, LiveSession& session, const wxString& name,
                               std::string type, const std::vector<ListColumn>& columns, bool movable)
    : wxPanel(parent, wxID_ANY), session_(session), type_(std::move(type)) {
  SetName(name + "_panel");
  list_ = new ItemListCtrl(this, name, columns);
  buttons_ = new wxBoxSizer(wxHORIZONTAL);
  auto add_button = [this](const wxString& label, const wxString& name, bool needs_selection,
                           auto handler) {
    auto* b = new wxButton(this, wxID_ANY, label);
    b->SetName(name);
    b->Bind(wxEVT_BUTTON, handler);
    buttons_->Add(b, 0, wxRIGHT, FromDIP(6));
    if (needs_selection) selection_buttons_.push_back(b);
    return b;
  };
  add_button_ = add_button(_("追加…"), "add", false, [this](wxCommandEvent&) { add_item(); });
  add_button(_("編集…"), "edit", true, [this](wxCommandEvent&) { edit_selected(); });
  add_button(_("削除"), "remove", true, [this](wxCommandEvent&) { remove_selected(); });
  if (movable) {
    buttons_->AddSpacer(FromDIP(12));
    add_button(_("上へ"), "move_up", true, [this](wxCommandEvent&) { move_selected(-1); });
    add_button(_("下へ"), "move_down", true, [this](wxCommandEvent&) { move_selected(+1); });
  }
  list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { edit_selected(); });
  list_->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, [this](wxListEvent&) { show_context_menu(); });
  if (movable)
    list_->enable_drag_reorder([this](const std::string& id, long index) {
      if (state_ && !may_edit(*state_)) return;
      LiveSession::Action action(session_, wxString::Format(_("%sの並べ替え"), item_noun()));
      session_.edit({{"cmd", "move"}, {"id", id}, {"index", index}});
    });
  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { update_buttons(); e.Skip(); });
  list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent& e) { update_buttons(); e.Skip(); });

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(list_, 1, wxEXPAND | wxALL, FromDIP(8));
  top->Add(buttons_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  SetSizer(top);
  update_buttons();
}

void ItemTablePanel::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  refreshing_ = true;
  list_->set_rows(rows(*state_));
  refreshing_ = false;
  if (!select_when_shown_.empty() && list_->index_of(select_when_shown_) >= 0) {
    list_->select_id(select_when_shown_);
    select_when_shown_.clear();
  }
  after_refresh();
  update_buttons();
}

nlohmann::json dump_list(const ItemListCtrl& list) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& cells : list.displayed_cells()) {
    nlohmann::json row = nlohmann::json::array();
    for (const auto& c : cells) row.push_back(to_utf8(c));
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json ItemTablePanel::dump() const { return dump_list(*list_); }

void ItemTablePanel::update_buttons() {
  // What this person may not change is not offered (core/authority.hpp decides; the buttons
  // only follow it).
  const bool allowed = !state_ || may_edit(*state_);
  const bool selected = !list_->selected_id().empty();
  for (auto* b : selection_buttons_) b->Enable(selected && allowed);
  if (add_button_) add_button_->Enable(allowed);
}

std::optional<nlohmann::json> ItemTablePanel::ask_fields(const std::string& id) {
  const wxString title = wxString::Format(id.empty() ? _("%sの追加") : _("%sの編集"), item_noun());
  FormDialog dialog(this, title, form(*state_), values_of(*state_, id));
  if (dialog.ShowModal() != wxID_OK) return std::nullopt;
  return id.empty() ? dialog.values() : dialog.changed();
}

void ItemTablePanel::add_item() {
  if (!state_ || !may_edit(*state_)) return;
  const auto fields = ask_fields(std::string());
  if (!fields) return;
  LiveSession::Action action(session_, wxString::Format(_("%sの追加"), item_noun()));
  nlohmann::json edit{{"cmd", "add"}, {"type", type_}, {"fields", *fields}};
  if (auto index = insert_index()) edit["index"] = *index;
  session_.edit(std::move(edit), [this](const session::EditResult& r) {
    if (!r.ok || !r.reply.contains("id")) return;
    select_when_shown(r.reply["id"].get<std::string>());
  });
}

void ItemTablePanel::select_when_shown(const std::string& id) {
  select_when_shown_ = id;
  if (list_->index_of(select_when_shown_) >= 0) {
    list_->select_id(select_when_shown_);
    select_when_shown_.clear();
  }
}

void ItemTablePanel::change_visibility() {
  const std::string id = list_->selected_id();
  if (id.empty() || !state_ || !holds_chair(session_, *state_)) return;
  ::renkei::gui::change_visibility(this, session_, id, [this](const std::string& moved) { select_when_shown(moved); });
}

void ItemTablePanel::show_context_menu() {
  if (list_->selected_id().empty() || !state_) return;
  enum { kEdit = 1, kRemove, kVisibility };
  wxMenu menu;
  menu.Append(kEdit, _("編集…"))->Enable(may_edit(*state_));
  menu.Append(kRemove, _("削除"))->Enable(may_edit(*state_));
  menu.AppendSeparator();
  menu.Append(kVisibility, _("公開範囲…"))->Enable(holds_chair(session_, *state_));
  switch (GetPopupMenuSelectionFromUser(menu)) {
    case kEdit: edit_selected(); break;
    case kRemove: remove_selected(); break;
    case kVisibility: change_visibility(); break;
    default: break;
  }
}

void ItemTablePanel::edit_selected() {
  const std::string id = list_->selected_id();
  if (id.empty() || !state_) return;
  const auto changed = ask_fields(id);
  if (changed) send_changes(id, *changed);
}

void ItemTablePanel::send_changes(const std::string& id, const nlohmann::json& changed) {
  LiveSession::Action action(session_, wxString::Format(_("%sの編集"), item_noun()));
  for (const auto& [field, value] : changed.items())
    session_.edit({{"cmd", "set"}, {"id", id}, {"field", field}, {"value", value}});
}

void ItemTablePanel::remove_selected() {
  const long index = list_->selected_index();
  const std::string id = list_->selected_id();
  if (id.empty()) return;
  wxMessageDialog ask(this,
                      wxString::Format(_("%s「%s」を削除しますか？"), item_noun(), list_->GetItemText(index, 0)),
                      wxString::Format(_("%sの削除"), item_noun()), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
  ask.SetYesNoLabels(_("削除"), _("キャンセル"));
  if (ask.ShowModal() != wxID_YES) return;
  LiveSession::Action action(session_, wxString::Format(_("%sの削除"), item_noun()));
  session_.edit({{"cmd", "remove"}, {"id", id}});
}

void ItemTablePanel::move_selected(int delta) {
  const long index = list_->selected_index();
  const std::string id = list_->selected_id();
  const long target = index + delta;
  if (id.empty() || target < 0 || target >= list_->GetItemCount()) return;
  LiveSession::Action action(session_, wxString::Format(_("%sの並べ替え"), item_noun()));
  session_.edit({{"cmd", "move"}, {"id", id}, {"index", target}});
}

}  // namespace renkei::gui
