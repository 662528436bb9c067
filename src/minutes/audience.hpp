// Minutes per audience (DESIGN.md, Privacy: "Minutes are rendered per audience"): the full
// record, or only what every attendee may see — seed 002_9a93a877bd45b4c1.txt, STEP ③
// 適切な情報共有 (what is shared depends on who is in the room; 被保護者のプライバシー).
#pragma once

#include <optional>
#include <string_view>

#include "core/meeting_state.hpp"

namespace renkei::minutes {

/// Who the minutes are for.
/// - full: the whole record as this replica holds it (every partition it may see).
/// - attendees: only the items of partition core::kAllAttendees ("all"), which every attendee
///   may see — for the person (本人), the family and community members.
enum class Audience { full, attendees };

/// Parses an audience name as typed on the command line: "full" or "attendees" (exact, lower
/// case). std::nullopt for anything else.
std::optional<Audience> audience_from_string(std::string_view name);

/// The canonical name of an audience ("full", "attendees").
const char* to_string(Audience audience);

/// The snapshot as `audience` may see it. `full` returns `state` unchanged. `attendees` keeps,
/// in every list (attendees with their 照会, agenda items with their notes and conclusions,
/// roles, checklist items, decisions, open issues, relationships), only the items whose
/// `partition` is core::kAllAttendees, in their order, and drops the references to removed
/// items: a decision's `agenda_item`, a role's, a relationship's and a device's `attendee` that
/// point to an item no longer present are cleared. The meeting's own registers, including
/// `chair` and `recorder`, and the devices stay as they are. Pure; never throws (but
/// std::bad_alloc).
core::MeetingState for_audience(const core::MeetingState& state, Audience audience);

}  // namespace renkei::minutes
