// Helpers the meeting panels share: list cells from snapshot fields and the choices offered in
// forms (enumerations with their Japanese labels, attendees, agenda items).
#pragma once

#include <wx/string.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/meeting_state.hpp"
#include "live_session.hpp"
#include "wx_util.hpp"

namespace renkei::gui {

/// Choices of a form field: (value sent in edits, label shown).
using Choices = std::vector<std::pair<std::string, wxString>>;

/// Multi-line text for a one-line list cell: line breaks become spaces.
wxString one_line(const std::string& text);

/// An optional item reference as the schema writes it: the id, or "".
std::string id_or_empty(const std::optional<core::ItemId>& id);

/// "（なし）" then every attendee ("氏名（所属）").
Choices attendee_choices(const core::MeetingState& state);

/// "（なし）" then every agenda item ("1. 議題").
Choices agenda_choices(const core::MeetingState& state);

/// The attendee's name, or "" when the reference is empty or unknown.
wxString attendee_name(const core::MeetingState& state, const std::optional<core::ItemId>& id);

/// Whether a role is this person's: assigned to their attendee, or naming them in `who`.
bool is_own_role(const core::RoleAssignment& role, const std::optional<core::ItemId>& own_attendee,
                 const std::string& own_name);
/// Whether an open issue is this person's: its owner names them.
bool is_own_issue(const core::OpenIssue& issue, const std::string& own_name);

/// Whether this person holds the chair (司会) of the meeting: their attendee is meeting.chair,
/// or no chair is named yet (then anyone may do anything: core/authority.hpp).
bool holds_chair(const LiveSession& session, const core::MeetingState& state);

/// Whether this person is the chair or the recorder (記録): they edit the agenda's items, the
/// meeting details and the ecomap's relationships.
bool holds_chair_or_recorder(const LiveSession& session, const core::MeetingState& state);

/// Sends one "set_meeting" edit per field of `changed` (a FormDialog::changed()).
void send_meeting_changes(LiveSession& session, const nlohmann::json& changed);

/// An enumeration value's label: core::label_ja() through the catalog (English when the
/// interface is English).
template <typename E>
wxString label_of(E value) {
  return tr(core::label_ja(value));
}

/// A gender's label (男性, 女性, 不明), as the ecomap legend names them.
wxString label_of(core::Gender value);

/// Enumeration values with label_of() labels.
template <typename E>
Choices enum_choices(std::initializer_list<E> values) {
  Choices out;
  for (E v : values) out.emplace_back(core::to_string(v), label_of(v));
  return out;
}

}  // namespace renkei::gui
