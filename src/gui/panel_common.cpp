#include "panel_common.hpp"

namespace renkei::gui {

wxString label_of(core::Gender value) {
  switch (value) {
    case core::Gender::male: return _("男性");
    case core::Gender::female: return _("女性");
    case core::Gender::unknown: break;
  }
  return _("不明");
}

wxString one_line(const std::string& text) {
  wxString s = to_wx(text);
  s.Trim(true);
  s.Replace("\n", " ");
  return s;
}

std::string id_or_empty(const std::optional<core::ItemId>& id) { return id ? id->to_string() : std::string(); }

Choices attendee_choices(const core::MeetingState& state) {
  Choices out{{"", _("（なし）")}};
  for (const auto& a : state.attendees) {
    wxString label = to_wx(a.name);
    if (!a.organization.empty()) label += wxString::FromUTF8("（") + to_wx(a.organization) + wxString::FromUTF8("）");
    out.emplace_back(a.id.to_string(), label);
  }
  return out;
}

Choices agenda_choices(const core::MeetingState& state) {
  Choices out{{"", _("（なし）")}};
  int n = 0;
  for (const auto& a : state.agenda) out.emplace_back(a.id.to_string(), wxString::Format("%d. ", ++n) + to_wx(a.title));
  return out;
}

wxString attendee_name(const core::MeetingState& state, const std::optional<core::ItemId>& id) {
  if (!id) return {};
  const auto* a = state.find_attendee(*id);
  return a ? to_wx(a->name) : wxString();
}

namespace {

// `text` names `name`: equal, or containing it (「鈴木 健（GH）」 names 鈴木 健). Names of one
// character would match too much and are compared whole only.
bool names(const std::string& text, const std::string& name) {
  if (name.empty() || text.empty()) return false;
  if (text == name) return true;
  return name.size() > 3 && text.find(name) != std::string::npos;
}

}  // namespace

bool is_own_role(const core::RoleAssignment& role, const std::optional<core::ItemId>& own_attendee,
                 const std::string& own_name) {
  if (own_attendee && role.attendee && *role.attendee == *own_attendee) return true;
  return names(role.who, own_name);
}

bool is_own_issue(const core::OpenIssue& issue, const std::string& own_name) { return names(issue.owner, own_name); }

bool holds_chair(const LiveSession& session, const core::MeetingState& state) {
  if (!state.meeting.chair) return true;
  const auto own = session.session().own_attendee();
  return own && *own == *state.meeting.chair;
}

bool holds_chair_or_recorder(const LiveSession& session, const core::MeetingState& state) {
  if (holds_chair(session, state)) return true;
  const auto own = session.session().own_attendee();
  return own && state.meeting.recorder && *own == *state.meeting.recorder;
}

void send_meeting_changes(LiveSession& session, const nlohmann::json& changed) {
  LiveSession::Action action(session, _("会議情報の変更"));
  for (const auto& [field, value] : changed.items())
    session.edit({{"cmd", "set_meeting"}, {"field", field}, {"value", value}});
}

}  // namespace renkei::gui
