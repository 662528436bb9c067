#include "attendees_panel.hpp"

#include <wx/button.h>
#include <wx/menu.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

#include "authority_ui.hpp"
#include "panel_common.hpp"

namespace renkei::gui {

std::optional<std::string> ask_admission_audience(wxWindow* parent, const wxString& name,
                                                  const wxString& short_fingerprint) {
  return ask_audience(parent, _("参加を承認"),
                      wxString::Format(_("「%s」さんの端末（指紋 %s）の参加を承認します。この方が見られる範囲を選んでください"
                                         "（あとから出席者の一覧で変えられます）。"),
                                       name, short_fingerprint),
                      "general", _("承認"));
}

wxString peer_state_label(session::PeerStatus::State state) {
  switch (state) {
    case session::PeerStatus::State::connected: return _("接続済み");
    case session::PeerStatus::State::connecting: return _("接続中…");
    case session::PeerStatus::State::disconnected: return _("切断");
    case session::PeerStatus::State::awaiting_admission: return _("承認待ち");
  }
  return {};
}

AttendeesPanel::AttendeesPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "attendees", "attendee",
                     {{_("氏名"), 120},
                      {_("区分"), 90},
                      {_("閲覧範囲"), 105},
                      {_("役割"), 80},
                      {_("所属"), 130},
                      {_("職種"), 100},
                      {_("出欠"), 50},
                      {_("接続"), 90},
                      {_("欠席者への照会"), 120, true}},
                     true) {
  audience_ = new wxButton(this, wxID_ANY, _("閲覧範囲を変更…"));
  audience_->SetName("change_audience");
  audience_->SetToolTip(_("この出席者が「専門職のみ」の内容を見られるかどうかを変えます（司会）"));
  audience_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { change_selected_audience(); });
  buttons_->AddSpacer(FromDIP(12));
  buttons_->Add(audience_, 0, wxRIGHT, FromDIP(6));
  auto* sizer = GetSizer();
  // The selected attendee in full, under the list: what a narrow column cuts off (照会).
  detail_ = new wxStaticText(this, wxID_ANY, wxString());
  detail_->SetName("attendee_detail");
  sizer->Insert(1, detail_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  detail_->Hide();
  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
    show_detail();
    e.Skip();
  });
  list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent& e) {
    show_detail();
    e.Skip();
  });
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { show_detail(); });
  });
  auto* heading = new wxStaticText(this, wxID_ANY, _("この会議の端末"));
  heading->SetFont(heading->GetFont().Bold());
  sizer->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
  devices_ = new ItemListCtrl(this, "devices",
                              {{_("名前"), 130, true}, {_("端末の指紋"), 150}, {_("アドレス"), 170}, {_("状態"), 90}, {_("出席者"), 130}});
  devices_->SetMinSize(FromDIP(wxSize(-1, 110)));
  set_accessible_name(devices_, _("この会議の端末"));
  sizer->Add(devices_, 0, wxEXPAND | wxALL, FromDIP(8));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  admit_ = new wxButton(this, wxID_ANY, _("参加を承認"));
  deny_ = new wxButton(this, wxID_ANY, _("拒否"));
  admit_->SetName("admit");
  deny_->SetName("deny");
  row->Add(admit_, 0, wxRIGHT, FromDIP(6));
  row->Add(deny_);
  sizer->Add(row, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  admit_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { admit_selected(); });
  deny_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { session_.session().deny(devices_->selected_id()); });
  devices_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
  devices_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
  update_buttons();
}

wxString AttendeesPanel::connection_of(const core::MeetingState& state, const core::ItemId& attendee) const {
  const auto& s = session_.session();
  const std::string own = s.fingerprint();
  const auto peers = s.peers();
  wxString out;
  for (const auto& d : state.devices) {
    if (d.attendee != attendee) continue;
    wxString label;
    if (d.fingerprint == own) {
      label = _("この端末");
    } else {
      label = _("未接続");
      for (const auto& p : peers)
        if (p.fingerprint == d.fingerprint) label = peer_state_label(p.state);
    }
    out += (out.empty() ? wxString() : wxString(", ")) + label;
  }
  return out.empty() ? wxString::FromUTF8("—") : out;
}

std::vector<ListRow> AttendeesPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  for (const auto& a : state.attendees) {
    ListRow row;
    row.id = a.id.to_string();
    wxString relation = label_of(a.relation);
    if (!a.relationship.empty()) relation += wxString::FromUTF8("（") + to_wx(a.relationship) + wxString::FromUTF8("）");
    wxString inquiry;
    if (!a.present && !(a.inquiry.date.empty() && a.inquiry.content.empty())) {
      inquiry = date_ja(a.inquiry.date) + " " + one_line(a.inquiry.content);
      inquiry += a.inquiry.reply.empty() ? _("（回答待ち）") : _("（回答：") + one_line(a.inquiry.reply) + wxString::FromUTF8("）");
    }
    row.cells = {with_visibility_tag(state, a.partition, to_wx(a.name)),
                 relation,
                 audience_cell(state, a),
                 meeting_roles_of(state, a.id),
                 to_wx(a.organization),
                 to_wx(a.profession),
                 a.present ? _("出席") : _("欠席"),
                 connection_of(state, a.id),
                 inquiry};
    if (!a.present) row.foreground = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
    out.push_back(std::move(row));
  }
  return out;
}

void AttendeesPanel::show_detail() {
  const core::Attendee* a = nullptr;
  if (state_)
    for (const auto& x : state_->attendees)
      if (x.id.to_string() == list_->selected_id()) a = &x;
  wxString text;
  if (a) {
    text = to_wx(a->name);
    wxString where = to_wx(a->organization);
    if (!a->profession.empty()) where += (where.empty() ? wxString() : wxString::FromUTF8("・")) + to_wx(a->profession);
    if (!where.empty()) text += wxString::FromUTF8("（") + where + wxString::FromUTF8("）");
    text += wxString::FromUTF8("　") + (a->present ? _("出席") : _("欠席"));
    if (!a->present && !(a->inquiry.date.empty() && a->inquiry.content.empty() && a->inquiry.reply.empty())) {
      text += "\n" + _("欠席者への照会");
      if (!a->inquiry.date.empty()) text += wxString::FromUTF8("　") + date_ja(a->inquiry.date);
      text += "\n" + _("照会内容") + wxString::FromUTF8("：") + to_wx(a->inquiry.content);
      text += "\n" + (a->inquiry.reply.empty() ? _("回答：まだありません") : _("回答：") + to_wx(a->inquiry.reply));
    }
  }
  const int width = std::max(FromDIP(200), GetClientSize().x - 2 * FromDIP(8));
  if (text == detail_text_ && width == detail_width_) return;
  detail_text_ = text;
  detail_width_ = width;
  set_wrapped_label(detail_, text, width);
  detail_->Show(!text.empty());
  Layout();
}

std::string AttendeesPanel::dump_detail() const { return detail_->IsShown() ? to_utf8(detail_text_) : std::string(); }

void AttendeesPanel::after_refresh() {
  show_detail();
  std::vector<ListRow> rows;
  for (const auto& p : session_.session().peers()) {
    ListRow row;
    row.id = p.fingerprint;
    row.cells = {to_wx(p.name), to_wx(p.short_fingerprint), to_wx(p.address), peer_state_label(p.state),
                 attendee_name(*state_, p.attendee)};
    row.bold = p.state == session::PeerStatus::State::awaiting_admission;
    rows.push_back(std::move(row));
  }
  devices_->set_rows(rows);
}

void AttendeesPanel::update_buttons() {
  ItemTablePanel::update_buttons();
  if (!admit_) return;  // still constructing
  const bool chair = state_ && holds_chair(session_, *state_);
  audience_->Enable(chair && !list_->selected_id().empty());
  bool waiting = false;
  const std::string selected = devices_->selected_id();
  // The device that admits is the chair's (a chair who handed the chair over no longer does).
  if (!selected.empty() && session_.session().role() == session::Role::chair && (!state_ || chair))
    for (const auto& p : session_.session().peers())
      if (p.fingerprint == selected && p.state == session::PeerStatus::State::awaiting_admission) waiting = true;
  admit_->Enable(waiting);
  deny_->Enable(waiting);
}

std::vector<FormField> AttendeesPanel::form(const core::MeetingState&) const {
  using core::AttendeeRelation;
  return {
      FormField::text("name", _("氏名")),
      FormField::choice("relation", _("区分"),
                        enum_choices({AttendeeRelation::professional, AttendeeRelation::person,
                                      AttendeeRelation::family, AttendeeRelation::community})),
      FormField::text("relationship", _("続柄"), _("家族のとき：母、兄 など")),
      FormField::text("organization", _("所属")),
      FormField::text("profession", _("職種")),
      FormField::check("present", _("出欠"), _("出席")),
      FormField::date("inquiry_date", _("照会日")),
      FormField::multiline("inquiry_content", _("照会内容"), _("欠席者に照会した内容")),
      FormField::multiline("inquiry_reply", _("回答")),
  };
}

nlohmann::json AttendeesPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& a : state.attendees)
    if (a.id.to_string() == id)
      return {{"name", a.name},
              {"relation", core::to_string(a.relation)},
              {"relationship", a.relationship},
              {"organization", a.organization},
              {"profession", a.profession},
              {"present", a.present},
              {"inquiry_date", a.inquiry.date},
              {"inquiry_content", a.inquiry.content},
              {"inquiry_reply", a.inquiry.reply}};
  return {{"relation", "professional"}, {"present", true}};
}

void AttendeesPanel::admit_selected() {
  const std::string fingerprint = devices_->selected_id();
  if (fingerprint.empty()) return;
  wxString name, short_fingerprint;
  for (const auto& p : session_.session().peers())
    if (p.fingerprint == fingerprint) {
      name = to_wx(p.name);
      short_fingerprint = to_wx(p.short_fingerprint);
    }
  const auto audience = ask_admission_audience(this, name, short_fingerprint);
  if (audience) session_.session().admit_as(fingerprint, *audience);
}

void AttendeesPanel::change_selected_audience() {
  const std::string id = list_->selected_id();
  if (id.empty() || !state_ || !holds_chair(session_, *state_)) return;
  change_audience(this, session_, id);
}

void AttendeesPanel::show_context_menu() {
  if (list_->selected_id().empty() || !state_) return;
  enum { kEdit = 1, kRemove, kAudienceItem, kVisibility };
  const bool chair = holds_chair(session_, *state_);
  wxMenu menu;
  menu.Append(kEdit, _("編集…"))->Enable(may_edit(*state_));
  menu.Append(kRemove, _("削除"))->Enable(may_edit(*state_));
  menu.AppendSeparator();
  menu.Append(kAudienceItem, _("閲覧範囲を変更…"))->Enable(chair);
  menu.Append(kVisibility, _("この出席者の情報の公開範囲…"))->Enable(chair);
  switch (GetPopupMenuSelectionFromUser(menu)) {
    case kEdit: edit_selected(); break;
    case kRemove: remove_selected(); break;
    case kAudienceItem: change_selected_audience(); break;
    case kVisibility: change_visibility(); break;
    default: break;
  }
}

wxString AttendeesPanel::item_noun() const { return C_("noun", "出席者"); }

nlohmann::json AttendeesPanel::dump_devices() const { return dump_list(*devices_); }

}  // namespace renkei::gui
