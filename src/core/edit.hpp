// Edits: the commands a person gives (add an agenda item, type into a note, advance the
// agenda …), as JSON objects, turned into operations. The GUI and renkei-cli send exactly these
// objects, so every front end makes the same operations (protocol/CLI.md lists them).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/document.hpp"

namespace renkei::core {

/// A malformed or impossible edit: unknown command or field, a value of the wrong kind, an
/// item that does not exist, a text position past the end. Nothing has changed when thrown.
struct EditError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// The operations for one edit, and the reply to give its author ({"id": …} for "add").
struct PreparedEdit {
  std::vector<Op> ops;
  nlohmann::json reply = nlohmann::json::object();
};

/// Translates one edit command against the current document. The ops are stamped but not
/// applied: make them durable, then Document::apply_local(ops).
///
/// Commands ({"cmd": name, …}):
///  - set_meeting {field, value}                      a meeting register (title, date, …)
///  - add {type, fields?, index?, visibility?}        a new item at a list index (default end),
///                                                    for "all" (default), "professionals" or
///                                                    [attendee ids] (audience.hpp)
///  - set_visibility {id, visibility}                 move an item to another audience (chair);
///                                                    replies {"id"}: the item's new id
///  - set {id, field, value}                          an item register
///  - remove {id} / restore {id}                      tombstone / undo it
///  - move {id, index}                                reorder within its list
///  - insert_text {id, field, pos | after, text}      pos in code points, or right after the
///                                                    character id `after` ("" = the start);
///                                                    replies {"first","last"}: the new ids
///  - delete_text {id, field, pos, len}              or {id, field, spans: [[peer,counter,len],…]}:
///                                                    exactly those characters (ids from the snapshot)
///  - replace_text {id, field, text}                  minimal delete+insert to reach text
///  - set_current {id}                                make an agenda item current
///  - advance / back                                  next / previous agenda item
///  - finish                                          close the current item
/// now_ms: the injected wall clock (ms since the Unix epoch), for timers and op timestamps.
/// Throws EditError.
PreparedEdit prepare_edit(const Document& doc, const nlohmann::json& edit, std::int64_t now_ms);

/// True if `cmd` is one of the commands above.
bool is_edit_command(const std::string& cmd);

/// Formats ms since the Unix epoch as ISO 8601 UTC, "2026-11-21T01:05:09Z".
std::string format_utc(std::int64_t ms);
/// Parses format_utc()'s form; std::nullopt on anything else.
std::optional<std::int64_t> parse_utc(std::string_view text);

}  // namespace renkei::core
