// Setting up a meeting: the edits that turn an empty document into a meeting opened from a
// template, and the edits that admit a device. Everything is made of ordinary edits
// (core/edit.hpp), so a new meeting replicates like any other change.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"
#include "core/meeting_template.hpp"

namespace renkei::session {

/// Reads and parses templates/meetings/<kind>.json under `data_dir`. Throws SessionError naming
/// the file for a missing file or a template error (core::TemplateError's message).
core::MeetingTemplate load_meeting_template(const std::filesystem::path& data_dir, const std::string& kind);

/// The edits for a new meeting from `tpl`: the meeting registers (kind, template name and the
/// seed files it cites, the template's defaults, then `meeting` — the caller's values win),
/// the agenda (title, timebox, presenter role, hint), the role board and the checklist.
/// `today` (ISO date) fills created_on and, when `meeting` has none, date.
std::vector<nlohmann::json> template_edits(const core::MeetingTemplate& tpl, const nlohmann::json& meeting,
                                           const std::string& today);

/// The edits that carry a previous meeting of the same person into a new one (継続): the
/// previous meeting's open issues still marked carried (残された課題) become the first agenda
/// item 「前回からの継続課題」 (its notes list them with owner and due date); its attendees
/// (present by default, inquiries cleared) and roles become the new meeting's defaults; the
/// person, meeting kind and plan author are kept; the session number (開催回数) is the
/// previous one plus one. Apply after template_edits (the template's agenda follows the
/// carried item, and duplicate standard roles are not added twice).
std::vector<nlohmann::json> continuation_edits(const core::MeetingState& previous, const core::MeetingState& fresh);

/// Today's local date as ISO "YYYY-MM-DD".
std::string local_today();

}  // namespace renkei::session
