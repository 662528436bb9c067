#include "meeting_banner.hpp"

#include <wx/button.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statline.h>
#include <wx/stattext.h>

#include <algorithm>

#include "form_dialog.hpp"
#include "panel_common.hpp"

namespace renkei::gui {
namespace {

// The meeting header fields (第4表 header rows) as a form. Who chairs, deputises and records
// is not here: the 会議 menu names them, and hands the chair over only when confirmed
// (authority_ui.hpp).
std::vector<FormField> meeting_form(const core::MeetingState& state) {
  std::vector<FormField> form{
      FormField::text("title", _("会議名")),
      FormField::text("person_name", _("本人の名前")),
      FormField::text("person_id", _("利用者番号"), _("事業所で使っている番号（任意）")),
      FormField::date("date", _("開催日")),
      FormField::time("start_time", _("開始時刻")),
      FormField::time("end_time", _("終了時刻")),
      FormField::text("place", _("開催場所"), _("例：本人宅、〇〇事業所 相談室")),
      FormField::integer("session_number", _("開催回数"), 1, 999),
      FormField::text("plan_author", state.meeting.kind == core::MeetingKind::individual_support
                                         ? _("個別支援計画作成者")
                                         : _("計画作成者（担当者）")),
      FormField::date("created_on", _("作成年月日")),
      FormField::text("next_meeting", _("次回開催時期"), _("例：2025-09-01、3か月後")),
  };
  if (state.meeting.kind == core::MeetingKind::individual_support) {
    form.push_back(FormField::multiline("long_term_goal", _("長期目標")));
    form.push_back(FormField::multiline("short_term_goal", _("短期目標")));
  }
  return form;
}

nlohmann::json meeting_values(const core::Meeting& m) {
  return {{"title", m.title},
          {"person_name", m.person_name},
          {"person_id", m.person_id},
          {"date", m.date},
          {"start_time", m.start_time},
          {"end_time", m.end_time},
          {"place", m.place},
          {"session_number", m.session_number},
          {"plan_author", m.plan_author},
          {"created_on", m.created_on},
          {"next_meeting", m.next_meeting},
          {"long_term_goal", m.long_term_goal},
          {"short_term_goal", m.short_term_goal}};
}

const wxString kDot = wxString::FromUTF8("　・　");

}  // namespace

MeetingBanner::MeetingBanner(wxWindow* parent, LiveSession& session)
    : wxPanel(parent, wxID_ANY), session_(session) {
  SetName("meeting_banner");
  title_ = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
  title_->SetName("meeting_title");
  title_->SetFont(title_->GetFont().Bold().Scaled(1.35f));
  subtitle_ = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
  subtitle_->SetName("meeting_details");
  edit_ = new wxButton(this, wxID_ANY, _("会議情報…"));
  edit_->SetName("edit_meeting");
  edit_->SetToolTip(_("本人の名前、開催日、場所などを編集します（司会・副司会・記録係は「会議」メニューで指名します）"));
  edit_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_meeting(); });

  code_caption_ = new wxStaticText(this, wxID_ANY, wxString());
  code_caption_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  code_ = new wxStaticText(this, wxID_ANY, wxString());
  code_->SetName("join_code");
  wxFont code_font(wxFontInfo(code_->GetFont().GetFractionalPointSize() * 1.7).Family(wxFONTFAMILY_TELETYPE).Bold());
  code_->SetFont(code_font);
  address_ = new wxStaticText(this, wxID_ANY, wxString());
  address_->SetName("address");
  device_ = new wxStaticText(this, wxID_ANY, wxString());
  device_->SetName("device");
  device_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));

  auto* left = new wxBoxSizer(wxVERTICAL);
  left->Add(title_, 0, wxEXPAND);
  left->Add(subtitle_, 0, wxEXPAND | wxTOP, FromDIP(4));
  left->Add(edit_, 0, wxTOP, FromDIP(6));
  auto* right = new wxBoxSizer(wxVERTICAL);
  right->Add(code_caption_, 0, wxALIGN_RIGHT);
  right->Add(code_, 0, wxALIGN_RIGHT);
  right->Add(address_, 0, wxALIGN_RIGHT | wxTOP, FromDIP(2));
  right->Add(device_, 0, wxALIGN_RIGHT | wxTOP, FromDIP(2));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  row->Add(left, 1, wxEXPAND | wxRIGHT, FromDIP(16));
  row->Add(right, 0, wxALIGN_CENTER_VERTICAL);
  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(row, 1, wxEXPAND | wxALL, FromDIP(12));
  top->Add(new wxStaticLine(this), 0, wxEXPAND);
  SetSizer(top);
}

void MeetingBanner::set_addresses(const nlohmann::json& addresses) {
  if (addresses.is_array()) addresses_ = addresses;
  if (state_) refresh(state_);
}

void MeetingBanner::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  const core::Meeting& m = state_->meeting;
  wxString title = m.title.empty() ? label_of(m.kind) : to_wx(m.title);
  if (!m.person_name.empty()) title += kDot + with_honorific(m.person_name);
  title_->SetLabelText(title);

  // The kind, unless the title already says it.
  wxString details = m.title == core::label_ja(m.kind) ? wxString() : label_of(m.kind);
  auto add = [&details](const wxString& part) { details += (details.empty() ? wxString() : kDot) + part; };
  wxString when = date_ja(m.date);
  if (!m.start_time.empty() || !m.end_time.empty())
    when += (when.empty() ? wxString() : wxString::FromUTF8("　")) + to_wx(m.start_time) + wxString::FromUTF8("〜") +
            to_wx(m.end_time);
  if (!when.empty()) add(when);
  if (!m.place.empty()) add(to_wx(m.place));
  add(wxString::Format(_("第%d回"), m.session_number));
  subtitle_->SetLabelText(details);

  // The meeting's details are the chair's and the recorder's to change (core/authority.hpp).
  edit_->Enable(holds_chair_or_recorder(session_, *state_));
  const auto& s = session_.session();
  switch (s.role()) {
    case session::Role::chair: {
      code_caption_->SetLabel(_("参加コード"));
      code_caption_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
      code_->SetLabel(to_wx(s.join_code()));
      // Every address this laptop has, so a participant on another network segment can try
      // each — when it accepts connections on all of them (its own address is among them);
      // bound to one address (127.0.0.1 in tests) only that one.
      const std::string own = s.address();
      wxString addresses = to_wx(own);
      if (std::find(addresses_.begin(), addresses_.end(), own) != addresses_.end())
        for (const auto& a : addresses_)
          if (a.is_string() && a.get<std::string>() != own) addresses += "  " + to_wx(a.get<std::string>());
      address_->SetLabel(_("アドレス：") + addresses);
      address_->SetFont(GetFont().Bold());
      break;
    }
    case session::Role::participant: {
      // Connection state in words and colour; reconnecting is automatic.
      code_caption_->SetLabel(connected_ ? wxString::FromUTF8("● ") + _("接続中")
                                         : wxString::FromUTF8("○ ") + _("再接続しています…"));
      code_caption_->SetForegroundColour(connected_ ? wxColour(0x1E, 0x7B, 0x3A) : wxColour(0xB2, 0x6A, 0x00));
      code_->SetLabel(wxString());
      const wxString chair = attendee_name(*state_, m.chair);
      address_->SetLabelText(chair.empty() ? wxString() : _("司会：") + chair);
      break;
    }
    case session::Role::offline:
      code_caption_->SetLabel(_("ネットワークなし（閲覧・議事録の出力）"));
      code_caption_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
      code_->SetLabel(wxString());
      address_->SetLabelText(to_wx(s.db_path().string()));
      break;
  }
  code_->Show(!code_->GetLabel().empty());
  device_->SetLabel(s.role() == session::Role::offline ? wxString() : _("この端末の指紋：") + to_wx(s.short_fingerprint()));
  Layout();
}

void MeetingBanner::set_connected(bool connected) {
  if (connected == connected_) return;
  connected_ = connected;
  if (state_) refresh(state_);
}

void MeetingBanner::edit_meeting() {
  if (!state_ || !holds_chair_or_recorder(session_, *state_)) return;
  FormDialog dialog(this, _("会議情報"), meeting_form(*state_), meeting_values(state_->meeting));
  if (dialog.ShowModal() == wxID_OK) send_meeting_changes(session_, dialog.changed());
}

nlohmann::json MeetingBanner::dump() const {
  return {{"title", to_utf8(title_->GetLabelText())},
          {"details", to_utf8(subtitle_->GetLabelText())},
          {"code_caption", to_utf8(code_caption_->GetLabelText())},
          {"join_code", to_utf8(code_->GetLabelText())},
          {"address", to_utf8(address_->GetLabelText())},
          {"device", to_utf8(device_->GetLabelText())}};
}

}  // namespace renkei::gui
