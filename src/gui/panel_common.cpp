#include "panel_common.hpp"

namespace renkei::gui {

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

void send_meeting_changes(LiveSession& session, const nlohmann::json& changed) {
  for (const auto& [field, value] : changed.items())
    session.edit({{"cmd", "set_meeting"}, {"field", field}, {"value", value}});
}

}  // namespace renkei::gui
