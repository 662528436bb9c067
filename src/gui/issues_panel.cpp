#include "issues_panel.hpp"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "authority_ui.hpp"
#include "panel_common.hpp"

namespace renkei::gui {

IssuesPanel::IssuesPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "open_issues", "open_issue",
                     {{_("残された課題"), 260, true}, {_("担当"), 140}, {_("期限"), 170}, {_("次回へ"), 80}},
                     true) {
  // 次回開催時期 sits with the open issues, as on the 第4表 (残された課題（次回の開催時期）).
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  row->Add(new wxStaticText(this, wxID_ANY, _("次回開催時期：")), 0, wxALIGN_CENTER_VERTICAL);
  next_meeting_ = new wxStaticText(this, wxID_ANY, wxString());
  next_meeting_->SetName("next_meeting");
  row->Add(next_meeting_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  change_ = new wxButton(this, wxID_ANY, _("変更…"));
  change_->SetName("change_next_meeting");
  change_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_next_meeting(); });
  row->Add(change_, 0, wxALIGN_CENTER_VERTICAL);
  row->AddSpacer(FromDIP(24));
  mine_ = new wxStaticText(this, wxID_ANY, wxString());
  mine_->SetName("own_issues");
  mine_->SetForegroundColour(wxColour(0x6A, 0x1B, 0x9A));
  row->Add(mine_, 0, wxALIGN_CENTER_VERTICAL);
  GetSizer()->Insert(0, row, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
}

std::vector<ListRow> IssuesPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  for (const auto& i : state.open_issues) {
    ListRow row;
    row.id = i.id.to_string();
    const bool mine = is_own_issue(i, session_.display_name());
    wxString owner = to_wx(i.owner);
    if (mine) owner += wxString::FromUTF8("　") + _("（あなたの担当）");
    row.cells = {with_visibility_tag(state, i.partition, one_line(i.text)), owner, date_ja(i.due),
                 i.carried ? _("持ち越し") : wxString()};
    // This person's own follow-up stands out (in words too, not only in colour).
    if (mine) {
      row.background = wxColour(0xF1, 0xE6, 0xF7);
      row.foreground = wxColour(0x3D, 0x0E, 0x5A);
      row.bold = true;
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<FormField> IssuesPanel::form(const core::MeetingState&) const {
  return {
      FormField::multiline("text", _("課題")),
      FormField::text("owner", _("担当")),
      FormField::date("due", _("期限")),
      FormField::check("carried", _("次回"), _("次回の会議へ持ち越す")),
  };
}

nlohmann::json IssuesPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& i : state.open_issues)
    if (i.id.to_string() == id)
      return {{"text", i.text}, {"owner", i.owner}, {"due", i.due}, {"carried", i.carried}};
  return {{"carried", true}};
}

wxString IssuesPanel::item_noun() const { return C_("noun", "課題"); }

void IssuesPanel::after_refresh() {
  const std::string& next = state_->meeting.next_meeting;
  next_meeting_->SetLabelText(next.empty() ? _("（未定）") : date_ja(next));
  change_->Enable(holds_chair_or_recorder(session_, *state_));
  int mine = 0;
  for (const auto& i : state_->open_issues) mine += is_own_issue(i, session_.display_name()) ? 1 : 0;
  mine_->SetLabelText(mine > 0 ? wxString::Format(_("あなたの担当：%d件"), mine) : wxString());
  Layout();
}

void IssuesPanel::edit_next_meeting() {
  if (!state_) return;
  FormDialog dialog(this, _("次回開催時期"),
                    {FormField::text("next_meeting", _("次回開催時期"), _("例：2025-09-01、3か月後"))},
                    {{"next_meeting", state_->meeting.next_meeting}});
  if (dialog.ShowModal() == wxID_OK) send_meeting_changes(session_, dialog.changed());
}

}  // namespace renkei::gui
