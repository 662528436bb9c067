#include "roles_tab.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/config.h>
#include <wx/settings.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/tglbtn.h>

#include "role_board.hpp"
#include "roles_panel.hpp"
#include "wx_util.hpp"

namespace renkei::gui {

RolesTab::RolesTab(wxWindow* parent, LiveSession& session) : wxPanel(parent, wxID_ANY), session_(session) {
  SetName("roles_tab");
  auto* bar = new wxBoxSizer(wxHORIZONTAL);
  auto button = [&](const wxString& label, const char* name) {
    auto* b = new wxButton(this, wxID_ANY, label);
    b->SetName(name);
    bar->Add(b, 0, wxRIGHT | wxALIGN_CENTER_VERTICAL, FromDIP(6));
    return b;
  };
  add_ = button(_("追加…"), "board_add");
  edit_ = button(_("編集…"), "board_edit");
  remove_ = button(_("削除"), "board_remove");
  bar->AddSpacer(FromDIP(12));
  only_mine_ = new wxCheckBox(this, wxID_ANY, _("あなたの担当だけ"));
  only_mine_->SetName("only_mine");
  bar->Add(only_mine_, 0, wxALIGN_CENTER_VERTICAL);
  bar->AddStretchSpacer(1);
  as_table_ = new wxToggleButton(this, wxID_ANY, _("表で表示"));
  as_table_->SetName("roles_as_table");
  as_table_->SetToolTip(_("カードの代わりに表で表示します（キーボードでの操作や長い文に）"));
  bar->Add(as_table_, 0, wxALIGN_CENTER_VERTICAL);

  book_ = new wxSimplebook(this);
  board_ = new RoleBoardCanvas(book_, session_);
  table_ = new RolesPanel(book_, session_);
  set_accessible_name(table_->list(), _("役割分担の一覧"));
  book_->AddPage(board_, wxString());
  book_->AddPage(table_, wxString());

  auto* legend = new wxStaticText(this, wxID_ANY,
                                  _("青：フォーマルな資源（制度・サービス）　緑：インフォーマルな資源（家族・近所・ボランティアなど）　"
                                    "★：キーマン　ダブルクリックで編集、ほかの列へドラッグで担当を変更"));
  legend->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  legend->SetMinSize(FromDIP(wxSize(200, -1)));
  legend_ = legend;
  legend_text_ = legend->GetLabelText();
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { fonts_changed(); });
  });

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
  top->Add(book_, 1, wxEXPAND | wxALL, FromDIP(8));
  top->Add(legend, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  SetSizer(top);

  add_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { table_->add_item(); });
  edit_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit(board_->selected_id()); });
  remove_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { remove(board_->selected_id()); });
  board_->on_edit([this](const std::string& id) { edit(id); });
  board_->on_remove([this](const std::string& id) { remove(id); });
  board_->on_visibility([this](const std::string& id) {
    table_->list()->select_id(id);
    table_->change_visibility();
  });
  board_->on_selection([this] { update_buttons(); });
  only_mine_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
    if (state_) board_->refresh(state_, only_mine_->GetValue());
  });
  as_table_->Bind(wxEVT_TOGGLEBUTTON, [this](wxCommandEvent&) { show_table(as_table_->GetValue()); });
  const bool table = wxConfigBase::Get()->ReadBool("view/roles_as_table", false);
  as_table_->SetValue(table);
  show_table(table);
}

void RolesTab::fonts_changed() {
  set_wrapped_label(legend_, legend_text_, std::max(FromDIP(200), GetClientSize().x - FromDIP(16)));
  board_->refresh(state_, only_mine_->GetValue());
  Layout();
}

void RolesTab::show_table(bool table) {
  book_->SetSelection(table ? 1 : 0);
  // The table has its own buttons.
  for (wxWindow* w : {static_cast<wxWindow*>(add_), static_cast<wxWindow*>(edit_), static_cast<wxWindow*>(remove_),
                      static_cast<wxWindow*>(only_mine_)})
    w->Show(!table);
  wxConfigBase::Get()->Write("view/roles_as_table", table);
  Layout();
  update_buttons();
}

void RolesTab::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  board_->refresh(state_, only_mine_->GetValue());
  table_->refresh(state_);
  update_buttons();
}

void RolesTab::edit(const std::string& id) {
  if (id.empty()) return;
  table_->list()->select_id(id);
  table_->edit_selected();
}

void RolesTab::remove(const std::string& id) {
  if (id.empty()) return;
  table_->list()->select_id(id);
  table_->remove_selected();
}

void RolesTab::update_buttons() {
  const bool selected = !board_->selected_id().empty();
  edit_->Enable(selected);
  remove_->Enable(selected);
}

void RolesTab::change_visibility() {
  // The table's selection is the one shown as a table; on the board, the selected card.
  if (book_->GetSelection() == 0) {
    if (board_->selected_id().empty()) return;
    table_->list()->select_id(board_->selected_id());
  }
  table_->change_visibility();
}

nlohmann::json RolesTab::dump() const { return table_->dump(); }
nlohmann::json RolesTab::dump_board() const { return board_->dump(); }

}  // namespace renkei::gui
