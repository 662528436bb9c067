// Time on the agenda: how long an item has been discussed (its elapsed_sec plus the running
// period since started_at) and how much of its timebox that is. Shared by the agenda list, the
// timer bar, the notes heading and presentation mode.
#pragma once

#include <cstdint>

#include "core/meeting_state.hpp"

namespace renkei::gui {

/// Seconds spent on an agenda item at `now_ms` (ms since the Unix epoch): its elapsed_sec plus,
/// while it is current, the time since started_at.
std::int64_t elapsed_seconds(const core::AgendaItem& item, std::int64_t now_ms);

/// How much of its timebox an item has used.
enum class TimeboxUse { none, within, nearly, over };
/// none when the item has no timebox; nearly from 80 %; over past 100 %.
TimeboxUse timebox_use(const core::AgendaItem& item, std::int64_t elapsed_sec);

/// The wall clock as the core stamps times: ms since the Unix epoch.
std::int64_t now_ms();

}  // namespace renkei::gui
