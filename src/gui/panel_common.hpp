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

/// Sends one "set_meeting" edit per field of `changed` (a FormDialog::changed()).
void send_meeting_changes(LiveSession& session, const nlohmann::json& changed);

/// Enumeration values with core::label_ja() labels.
template <typename E>
Choices enum_choices(std::initializer_list<E> values) {
  Choices out;
  for (E v : values) out.emplace_back(core::to_string(v), to_wx(core::label_ja(v)));
  return out;
}

}  // namespace renkei::gui
