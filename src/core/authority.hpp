// Authority: which actions belong to the chair (司会), the vice-chair (副司会) and the recorder
// (記録), and a deterministic judgement of each operation.
//
// A sensitive operation carries `auth`: its author's version vector of the "all" partition,
// where the roles live (meeting.chair / vice_chair / recorder; which attendee each admitted
// device — and so each replica — belongs to). Every peer applies it only once it holds all
// those operations, and judges the author's role from exactly the role assignments they
// contain. So all peers accept and ignore exactly the same operations, whatever order they
// arrived in: an action made concurrently with a handover is judged by what its author knew.
//
// Rules (who may):
//   chair                 advance/back/finish the agenda (status, timers), admit devices,
//                         set attendees' audiences, change an item's visibility, mark a
//                         decision agreed, hand the chair over, name the vice-chair/recorder
//   vice-chair            take the chair over (meeting.chair := the vice-chair) — explicitly;
//                         nothing is reassigned automatically
//   chair or the device   a device's address (a peer moving to another network tells the others)
//   chair or recorder     meeting details, the agenda's items (add, edit, move, remove),
//                         ecomap relationships
//   anyone admitted       notes, conclusions, roles, checklist, proposals, open issues, attendees
// Before any chair is named, anyone may do anything (setting a meeting up).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/op.hpp"

namespace renkei::core {

struct Item;

/// What an operation requires of its author.
enum class Requirement { anyone, chair, chair_or_recorder, chair_or_vice_takeover, chair_or_device_owner };

/// The requirement of `op`, given the item it targets (nullptr if unknown here) and, for a move,
/// the list. Pure function of the op and the target's type.
Requirement requirement_of(const Op& op, const Item* target);

/// Thrown by Document::Builder when this replica may not make an operation: what() says who
/// may ("only the chair may advance the agenda").
struct PermissionDenied : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Every write to a register that decides authority, kept so that the roles can be evaluated
/// as of any version of the "all" partition. Writes are few (tens per meeting).
class AuthorityHistory {
 public:
  /// Records the writes of `op` (applied in partition "all") that decide authority.
  void record(const Op& op, const std::string& target_type);
  /// Whether the author of `op` meets `requirement` as of `op.auth`. A sensitive op without
  /// auth is refused: judged by what each peer happened to hold when it arrived, peers would
  /// disagree. Returns an empty string when permitted, else the reason.
  [[nodiscard]] std::string judge(const Op& op, Requirement requirement) const;
  /// judge(), with the roles as of `seen` instead of op.auth (op.auth must be set): the view
  /// of the roles an author cannot have lacked (Document::append widens auth with the
  /// author's own earlier views).
  [[nodiscard]] std::string judge_as_of(const Op& op, Requirement requirement, const VersionVector& seen) const;

 private:
  struct Write {
    OpId id;
    std::uint64_t lamport;
    std::string key;  // "meeting.chair", "device:<id>.replica", …
    nlohmann::json value;
  };
  [[nodiscard]] std::optional<nlohmann::json> value_as_of(const std::string& key, const VersionVector* vv) const;
  std::vector<Write> writes_;
};

/// "only the chair may …" for a requirement, in English (edits' error messages).
std::string requirement_text(Requirement r);

}  // namespace renkei::core
