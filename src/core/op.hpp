// Operations: every change to a meeting, as replicated between peers and kept in replica files.
// The JSON form is the wire and file format; see protocol/PROTOCOL.md ("Operations").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/sequence.hpp"

namespace renkei::core {

/// A version vector: for each replica, the last counter of its ops that have been applied in
/// one partition. Because a replica's ops in a partition are applied in order, this says
/// exactly which ops are present.
class VersionVector {
 public:
  [[nodiscard]] std::uint64_t get(PeerId peer) const {
    auto it = clock_.find(peer);
    return it == clock_.end() ? 0 : it->second;
  }
  void set(PeerId peer, std::uint64_t counter) { clock_[peer] = counter; }
  /// Raises the entry for peer to at least counter.
  void advance(PeerId peer, std::uint64_t counter) {
    auto& c = clock_[peer];
    if (counter > c) c = counter;
  }
  /// True if op id is included.
  [[nodiscard]] bool includes(const OpId& id) const { return get(id.peer) >= id.counter; }
  /// True if every entry of other is ≤ the corresponding entry here.
  [[nodiscard]] bool dominates(const VersionVector& other) const;
  /// Entry-wise maximum.
  void merge(const VersionVector& other);
  [[nodiscard]] const std::map<PeerId, std::uint64_t>& entries() const { return clock_; }
  /// Sum of all counters (a cheap progress measure for tests and logs).
  [[nodiscard]] std::uint64_t total() const;
  bool operator==(const VersionVector&) const = default;

  /// JSON: {"peerhex": counter, …}. from_json throws std::invalid_argument on bad keys/values.
  [[nodiscard]] nlohmann::json to_json() const;
  static VersionVector from_json(const nlohmann::json& j);

 private:
  std::map<PeerId, std::uint64_t> clock_;
};

/// What an operation does.
///  - create:      a new item of `type` (attendee, agenda_item, …); its id is the op's id; it
///                 is inserted into its list between `origins`; `value` holds initial fields.
///  - set:         last-writer-wins register `field` of item `target` := `value`.
///  - move:        places item `target` at a new slot (the op's id) between `origins`; the
///                 item's position is a LWW register, so concurrent moves pick one winner
///                 (Kleppmann, "Moving Elements in List CRDTs", PaPoC 2020).
///  - text_insert: inserts `text` into text field `field` of `target` between `origins`;
///                 takes one id per code point.
///  - text_delete: deletes the elements `spans` from text field `field` of `target`.
///  - redacted:    an op whose content was withdrawn because its item's visibility changed
///                 (the item moved to another audience): id, causality and span are kept,
///                 nothing else; it has no effect.
enum class OpKind { create, set, move, text_insert, text_delete, redacted };

const char* to_string(OpKind kind);

/// One operation.
///
/// Causality: `prev` is the author's last counter in this partition before this op (0 for its
/// first); `deps` lists the other replicas' ops the author had seen last in this partition
/// (the author's frontier, minus its own ops). An op is applied only after all of these, so the
/// log of every partition is delivered causally (DESIGN.md, Replication).
struct Op {
  std::string partition;       ///< audience partition (DESIGN.md, Privacy)
  OpId id;                     ///< (author replica, first counter)
  std::uint64_t prev = 0;
  std::uint64_t lamport = 0;   ///< Lamport clock; registers compare (lamport, author)
  std::vector<OpId> deps;
  std::int64_t time_ms = 0;    ///< author's wall clock, ms since the Unix epoch (informational)
  OpKind kind = OpKind::set;

  ItemId target;               ///< set / move / text_*: the item
  std::string type;            ///< create: the item type
  std::string field;           ///< set / text_*: the field; move: the list
  nlohmann::json value;        ///< set: the new value; create: object of initial fields
  Origins origins;             ///< create / move / text_insert
  std::string text;            ///< text_insert: UTF-8
  std::vector<IdSpan> spans;   ///< text_delete
  /// Sensitive ops only (authority.hpp): the author's version vector of the "all" partition
  /// when it made the op; its role is judged from exactly the role assignments this includes.
  std::optional<VersionVector> auth;
  std::uint64_t redacted_span = 0;  ///< redacted: the span of the op it replaces
  /// text_insert: the code-point length of `text` when known (0: computed on demand). A cache,
  /// not part of the op's identity (operator== ignores it).
  std::uint64_t text_length = 0;

  /// Number of counters this op takes: the code-point length for text_insert, the original
  /// span for redacted, else 1.
  [[nodiscard]] std::uint64_t span() const;
  /// The last counter this op takes.
  [[nodiscard]] std::uint64_t last_counter() const { return id.counter + span() - 1; }
  bool operator==(const Op& other) const;
};

/// Run-length merging of the log (as diamond-types and Automerge store typing): true if `next`
/// is a text insertion typed right after `last` by the same author — the next counter, nothing
/// new seen in between (no deps), into the same text, right after `last`'s last character and
/// before the same right origin. Integrating the merged op is the same as integrating both.
bool can_extend(const Op& last, const Op& next);
/// Appends `next` to `last` (can_extend must hold): one op covering both.
void extend(Op& last, const Op& next);
/// The part of a text insertion (or redacted stub) with counters from..to (inclusive, inside
/// the op): what a peer that holds the beginning of a merged run still lacks, or the part of it
/// within a version limit.
Op slice(const Op& op, std::uint64_t from, std::uint64_t to);
/// The part after counter `have` (inside the op): slice(op, have + 1, op.last_counter()).
inline Op suffix(const Op& op, std::uint64_t have) { return slice(op, have + 1, op.last_counter()); }
/// True if `op` carries counters that can be split (text_insert, redacted).
inline bool splittable(const Op& op) { return op.kind == OpKind::text_insert || op.kind == OpKind::redacted; }

/// Encodes an op as a JSON object (compact keys; see protocol/PROTOCOL.md).
nlohmann::json op_to_json(const Op& op);

/// Decodes an op. Throws std::invalid_argument naming the offending field for anything
/// malformed (missing keys, wrong types, bad ids, invalid UTF-8, zero-length text, …).
/// Semantic checks against the document (does the target exist, is the field known) are the
/// Document's job.
Op op_from_json(const nlohmann::json& j);
/// op_from_json without translating nlohmann's exceptions (used by op_from_json).
Op op_from_json_unchecked(const nlohmann::json& j);



}  // namespace renkei::core
