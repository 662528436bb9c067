#include "checklist_panel.hpp"

#include <wx/menu.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

#include "authority_ui.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

enum Column { kText, kCheckedBy, kComment };

// A section heading with its progress, "3つの共有（2/3）".
wxString section_label(const std::string& section, int checked, int total) {
  return to_wx(section) + wxString::Format(wxString::FromUTF8("（%d/%d）"), checked, total);
}

}  // namespace

ChecklistPanel::ChecklistPanel(wxWindow* parent, LiveSession& session)
    : wxPanel(parent, wxID_ANY), session_(session) {
  SetName("checklist_panel");
  tree_ = new wxTreeListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTL_SINGLE | wxTL_3STATE);
  tree_->SetName("checklist");
  set_accessible_name(tree_, _("チェックリスト"));
  tree_->AppendColumn(_("項目"), FromDIP(400), wxALIGN_LEFT, wxCOL_RESIZABLE);
  tree_->AppendColumn(_("確認者"), FromDIP(100), wxALIGN_LEFT, wxCOL_RESIZABLE);
  tree_->AppendColumn(_("コメント"), FromDIP(160), wxALIGN_LEFT, wxCOL_RESIZABLE);
  tree_->Bind(wxEVT_TREELIST_ITEM_CHECKED, &ChecklistPanel::on_checked, this);
  tree_->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    // The item text takes what 確認者 and コメント leave.
    const int rest = tree_->GetColumnWidth(kCheckedBy) + tree_->GetColumnWidth(kComment) + FromDIP(24);
    tree_->SetColumnWidth(kText, std::max(FromDIP(200), tree_->GetClientSize().x - rest));
    e.Skip();
  });
  tree_->Bind(wxEVT_TREELIST_ITEM_CONTEXT_MENU, [this](wxTreeListEvent&) { show_context_menu(); });
  tree_->Bind(wxEVT_TREELIST_SELECTION_CHANGED, [this](wxTreeListEvent&) {
    commit_comment();
    show_details();
  });

  text_ = new wxStaticText(this, wxID_ANY, wxString());
  text_->SetName("checklist_text");
  source_ = new wxStaticText(this, wxID_ANY, wxString());
  source_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  comment_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
  comment_->SetName("checklist_comment");
  set_accessible_name(comment_, _("コメント"));
  comment_->SetHint(_("コメント（Enter で保存）"));
  comment_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { commit_comment(); });
  comment_->Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
    commit_comment();
    e.Skip();
  });

  auto* details = new wxBoxSizer(wxVERTICAL);
  details->Add(text_, 0, wxEXPAND);
  details->Add(source_, 0, wxEXPAND | wxTOP, FromDIP(2));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  row->Add(new wxStaticText(this, wxID_ANY, _("コメント")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  row->Add(comment_, 1, wxEXPAND);
  details->Add(row, 0, wxEXPAND | wxTOP, FromDIP(6));

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(tree_, 1, wxEXPAND | wxALL, FromDIP(8));
  top->Add(details, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
  SetSizer(top);
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    show_details();  // re-wraps the item text
    e.Skip();
  });
  show_details();
}

void ChecklistPanel::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  std::vector<std::string> layout;
  for (const auto& c : state_->checklist) {
    if (std::find(layout.begin(), layout.end(), "#" + c.section) == layout.end()) layout.push_back("#" + c.section);
    layout.push_back(c.id.to_string());
  }
  if (layout != layout_) {
    layout_ = std::move(layout);
    rebuild();
  }
  update_values();
  show_details();
}

void ChecklistPanel::rebuild() {
  std::string selected = id_of(tree_->GetSelection());
  if (!select_when_shown_.empty() && std::count(layout_.begin(), layout_.end(), select_when_shown_)) {
    selected = select_when_shown_;
    select_when_shown_.clear();
  }
  tree_->Freeze();
  tree_->DeleteAllItems();
  rows_.clear();
  sections_.clear();
  // Grouped by section in order of first appearance, as the minutes group them.
  for (const auto& c : state_->checklist) {
    auto section = std::find_if(sections_.begin(), sections_.end(), [&](const auto& s) { return s.first == c.section; });
    if (section == sections_.end()) {
      sections_.emplace_back(c.section, tree_->AppendItem(tree_->GetRootItem(), to_wx(c.section)));
      section = sections_.end() - 1;
    }
    rows_.emplace_back(c.id.to_string(), tree_->AppendItem(section->second, shown_text(c)));
  }
  for (const auto& s : sections_) tree_->Expand(s.second);
  for (const auto& r : rows_)
    if (r.first == selected) tree_->Select(r.second);
  tree_->Thaw();
}

void ChecklistPanel::update_values() {
  for (const auto& [id, row] : rows_) {
    const auto* c = find(id);
    if (!c) continue;
    const wxCheckBoxState want = c->checked ? wxCHK_CHECKED : wxCHK_UNCHECKED;
    if (tree_->GetCheckedState(row) != want) tree_->CheckItem(row, want);
    if (tree_->GetItemText(row, kText) != shown_text(*c)) tree_->SetItemText(row, kText, shown_text(*c));
    if (tree_->GetItemText(row, kCheckedBy) != to_wx(c->checked_by)) tree_->SetItemText(row, kCheckedBy, to_wx(c->checked_by));
    if (tree_->GetItemText(row, kComment) != to_wx(c->comment)) tree_->SetItemText(row, kComment, to_wx(c->comment));
  }
  for (const auto& [section, row] : sections_) {
    int checked = 0, total = 0;
    for (const auto& c : state_->checklist)
      if (c.section == section) {
        ++total;
        checked += c.checked ? 1 : 0;
      }
    tree_->SetItemText(row, kText, section_label(section, checked, total));
    tree_->CheckItem(row, checked == 0 ? wxCHK_UNCHECKED : checked == total ? wxCHK_CHECKED : wxCHK_UNDETERMINED);
  }
}

void ChecklistPanel::on_checked(wxTreeListEvent& event) {
  const std::string id = id_of(event.GetItem());
  if (id.empty()) {  // a section heading: its box only sums up its items
    update_values();
    return;
  }
  const bool checked = tree_->GetCheckedState(event.GetItem()) == wxCHK_CHECKED;
  LiveSession::Action action(session_, checked ? _("チェック") : _("チェックの解除"));
  session_.edit({{"cmd", "set"}, {"id", id}, {"field", "checked"}, {"value", checked}});
  session_.edit({{"cmd", "set"}, {"id", id}, {"field", "checked_by"},
                 {"value", checked ? session_.display_name() : std::string()}});
  tree_->SetItemText(event.GetItem(), kCheckedBy, checked ? to_wx(session_.display_name()) : wxString());
}

void ChecklistPanel::show_details() {
  const std::string id = id_of(tree_->GetSelection());
  const auto* c = find(id);
  const int width = std::max(FromDIP(200), GetClientSize().x - FromDIP(20));
  if (!c) {
    text_->SetLabel(_("項目を選ぶと、全文と出典が表示されます。"));
    source_->SetLabel(wxString());
    comment_->ChangeValue(wxString());
    comment_->Disable();
    shown_id_.clear();
  } else {
    set_wrapped_label(text_, to_wx(c->text), width);
    source_->SetLabelText(c->source.empty() ? wxString() : _("出典：") + to_wx(c->source));
    comment_->Enable();
    // Someone else's comment replaces what is shown, unless this person is typing one.
    if (id != shown_id_ || !(comment_->HasFocus() && comment_->IsModified())) comment_->ChangeValue(to_wx(c->comment));
    shown_id_ = id;
  }
  Layout();
}

void ChecklistPanel::commit_comment() {
  const auto* c = find(shown_id_);
  if (!c || !comment_->IsModified()) return;
  const std::string value = to_utf8(comment_->GetValue());
  comment_->SetModified(false);
  LiveSession::Action action(session_, _("コメントの変更"));
  if (value != c->comment) session_.edit({{"cmd", "set"}, {"id", shown_id_}, {"field", "comment"}, {"value", value}});
}

wxString ChecklistPanel::shown_text(const core::ChecklistItem& item) const {
  return with_visibility_tag(*state_, item.partition, to_wx(item.text));
}

void ChecklistPanel::change_visibility() {
  const std::string id = id_of(tree_->GetSelection());
  if (id.empty() || !state_ || !holds_chair(session_, *state_)) return;
  ::renkei::gui::change_visibility(this, session_, id, [this](const std::string& moved) {
    for (const auto& r : rows_)
      if (r.first == moved) {
        tree_->Select(r.second);
        show_details();
        return;
      }
    select_when_shown_ = moved;  // selected by the rebuild that lists it
  });
}

void ChecklistPanel::show_context_menu() {
  if (id_of(tree_->GetSelection()).empty() || !state_) return;
  wxMenu menu;
  menu.Append(1, _("公開範囲…"))->Enable(holds_chair(session_, *state_));
  if (GetPopupMenuSelectionFromUser(menu) == 1) change_visibility();
}

std::string ChecklistPanel::id_of(wxTreeListItem item) const {
  if (!item.IsOk()) return {};
  for (const auto& r : rows_)
    if (r.second == item) return r.first;
  return {};
}

const core::ChecklistItem* ChecklistPanel::find(const std::string& id) const {
  if (!state_ || id.empty()) return nullptr;
  for (const auto& c : state_->checklist)
    if (c.id.to_string() == id) return &c;
  return nullptr;
}

nlohmann::json ChecklistPanel::dump() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [section, srow] : sections_) {
    for (wxTreeListItem row = tree_->GetFirstChild(srow); row.IsOk(); row = tree_->GetNextSibling(row))
      out.push_back({{"section", to_utf8(tree_->GetItemText(srow, kText))},
                     {"text", to_utf8(tree_->GetItemText(row, kText))},
                     {"checked", tree_->GetCheckedState(row) == wxCHK_CHECKED},
                     {"checked_by", to_utf8(tree_->GetItemText(row, kCheckedBy))},
                     {"comment", to_utf8(tree_->GetItemText(row, kComment))}});
  }
  return out;
}

}  // namespace renkei::gui
