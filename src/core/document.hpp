// The replicated meeting document: a causal log of operations per audience partition, and the
// state they produce. Pure and deterministic (DESIGN.md, Replication): no I/O, no clock, no
// threads. Any two documents holding the same set of operations have the same state,
// whatever order the operations arrived in.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/authority.hpp"
#include "core/ids.hpp"
#include "core/meeting_state.hpp"
#include "core/op.hpp"
#include "core/schema.hpp"
#include "core/sequence.hpp"

namespace renkei::core {

/// A last-writer-wins register: the value written by the op with the greatest (lamport, peer).
struct Register {
  nlohmann::json value;
  std::uint64_t lamport = 0;
  PeerId peer = 0;
  /// True if a write stamped (lamport, peer) wins over this register's current write.
  [[nodiscard]] bool loses_to(std::uint64_t l, PeerId p) const {
    return lamport < l || (lamport == l && peer < p);
  }
};

/// One item: its type, partition, registers and text fields.
struct Item {
  std::string type;
  std::string partition;
  std::map<std::string, Register> registers;
  std::map<std::string, Sequence> texts;

  /// The register's value, or `fallback` if it was never written.
  [[nodiscard]] const nlohmann::json& get(const std::string& field, const nlohmann::json& fallback) const;
};

/// An operation received but not applied because it had no effect it was allowed to have
/// (unknown type or field, bad value, missing target). It stays in the log so the author's
/// later operations can still be delivered; every peer rejects exactly the same ops.
/// A change that cannot be made yet: this replica is still receiving a partition it lost and
/// regained access to (Document::drop_partition). Try again once it has arrived.
struct NotYet : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct Rejection {
  OpId id;
  std::string reason;
};

class Document {
 public:
  /// self: this replica's id (non-zero); used for ops made here.
  explicit Document(PeerId self);

  [[nodiscard]] PeerId self() const { return self_; }

  // --- making local operations ---------------------------------------------------------

  /// Builds stamped operations for a local change without applying them: ids, prev, Lamport
  /// clock and dependencies are chained so that ops[i+1] follows ops[i]. Apply them with
  /// apply_local() (after making them durable: DESIGN.md says an operation is durable before
  /// its author's screen shows it). Each op's kind/payload fields must be filled by `fill`.
  class Builder {
   public:
    Builder(const Document& doc, std::int64_t now_ms);
    /// Stamps op (partition set by the caller) and returns it; the payload is kept as given.
    /// A sensitive op (authority.hpp) gets `auth`; throws PermissionDenied if this replica may
    /// not make it — every peer would ignore it.
    Op& add(Op op);
    /// The id the next op added to `partition` will get.
    [[nodiscard]] OpId next_id(const std::string& partition) const;
    std::vector<Op> take() { return std::move(ops_); }
    [[nodiscard]] const std::vector<Op>& ops() const { return ops_; }

   private:
    const Document& doc_;
    std::int64_t now_ms_;
    std::uint64_t lamport_;
    std::uint64_t counter_;
    std::map<std::string, std::uint64_t> last_in_partition_;
    std::vector<Op> ops_;
  };

  /// Applies ops made by a Builder on this document, in order. Throws std::logic_error at the
  /// first op that is not this replica's next one (a programming error: ops built on another
  /// state or applied twice); ops before it stay applied.
  void apply_local(const std::vector<Op>& ops);

  // --- receiving remote operations -----------------------------------------------------

  /// An op that was applied, by partition and id (look it up with find_op()).
  struct Applied {
    std::string partition;
    OpId id;
  };
  struct ReceiveResult {
    std::vector<Applied> applied;    ///< in the order applied (ops that became ready included)
    /// The same ops as applied (trimmed of any part already held; before run-length merging
    /// into the log): what to store in the replica file and forward to other peers.
    std::vector<Op> ops;
    std::size_t duplicates = 0;      ///< already present, ignored
    std::vector<Rejection> rejected; ///< logged but without effect (see Rejection)
    std::vector<std::string> refused;///< not logged at all: conflicting history, malformed
  };

  /// Takes operations in any order. Applies each one as soon as its causal predecessors
  /// (prev and deps) are present, buffering the others until they are.
  ReceiveResult receive(std::vector<Op> ops);

  /// Ops rewritten as redacted stubs (their item moved to another audience) since the last
  /// call: the replica file must be brought in line (the content must not stay on disk).
  std::vector<Applied> take_redacted();

  /// This replica's own changes that were lost to a change of visibility since the last call:
  /// made to an item concurrently with its move to another audience (the mover had not seen
  /// them, so they are not in its copy), and now redacted everywhere. Each is the op as it was
  /// (a typed run cut to the part the mover had not seen). The author — only the author, so it
  /// happens once — puts them into the item's new copy if it may see it, and tells its user
  /// either way (session/meeting_session.cpp, rehome_withdrawn); nothing typed is lost unseen.
  std::vector<Op> take_withdrawn_own();

  /// Forgets a partition this replica may no longer see (DESIGN.md, Privacy: peers that lose
  /// access drop what they had): its items and buffered ops at once, so nothing of it is shown,
  /// exported or counted in the state. Its log is kept aside for hand-off (below) until a peer
  /// that may see the partition holds all of it: otherwise ops only this replica holds — its own
  /// typing not yet sent, or a whole audience whose other holders had dropped it — would be lost
  /// to everyone. "all" cannot be dropped. Should access come back before the hand-off is done,
  /// reclaim_partition() takes the log back. Should it come back after, this replica writes there
  /// again only once it holds its own earlier ops there again (Builder refuses before with
  /// NotYet: its history must not fork).
  void drop_partition(const std::string& partition);

  /// False while this replica may not write into `partition` yet: it lost access there and
  /// regained it, and its own earlier ops there have not all come back (Builder throws NotYet).
  [[nodiscard]] bool own_history_complete(const std::string& partition) const;

  // --- hand-off of dropped partitions --------------------------------------------------

  /// Dropped partitions whose log is still kept for hand-off, sorted.
  [[nodiscard]] std::vector<std::string> handoff_partitions() const;
  /// The version vector of the log kept for hand-off (empty if none).
  [[nodiscard]] const VersionVector& handoff_version(const std::string& partition) const;
  /// As ops_since(), over the log kept for hand-off.
  [[nodiscard]] std::vector<const Op*> handoff_ops_since(const std::string& partition, const VersionVector& have) const;
  /// A peer that may see the partition holds the whole kept log: it is forgotten for good
  /// (the caller removes it from the replica file too). No effect if nothing is kept.
  void finish_handoff(const std::string& partition);
  /// Access came back before the hand-off was done: the kept log is applied again (its ops
  /// return as if received; those already held again are duplicates). Returns what receive()
  /// returns. No effect (empty result) if nothing is kept.
  ReceiveResult reclaim_partition(const std::string& partition);

  /// The role assignments over time (authority.hpp).
  [[nodiscard]] const AuthorityHistory& authority() const { return authority_; }

  /// The ops of `applied`, in order (pointers valid until the next op is applied).
  [[nodiscard]] std::vector<const Op*> resolve(const std::vector<Applied>& applied) const;

  /// Operations waiting for causal predecessors.
  [[nodiscard]] std::size_t pending_count() const { return pending_.size(); }
  /// The operations waiting for causal predecessors, in arrival order (for diagnostics).
  [[nodiscard]] const std::vector<Op>& pending() const { return pending_; }

  // --- the log -------------------------------------------------------------------------

  /// Partitions this document has ops in, applied or waiting (always includes kAllAttendees).
  [[nodiscard]] std::vector<std::string> partitions() const;
  /// The version vector of a partition (empty if unknown).
  [[nodiscard]] const VersionVector& version(const std::string& partition) const;
  /// The log of a partition, in the order applied (a causal order).
  [[nodiscard]] const std::vector<Op>& log(const std::string& partition) const;
  /// Ops of `partition` not included in `have` (and included in `limit`, if given), in log
  /// order. The result is causally ordered; with a limit it is closed only if `limit` is the
  /// version of some state.
  [[nodiscard]] std::vector<const Op*> ops_since(const std::string& partition,
                                                 const VersionVector& have,
                                                 const VersionVector* limit = nullptr) const;
  /// The logged op holding counter `id` in a partition (an op merged from several typed runs
  /// holds many), or nullptr.
  [[nodiscard]] const Op* find_op(const std::string& partition, const OpId& id) const;
  /// Every logged op, "all" first then the other partitions, each in log order: a causal order
  /// to store or load the whole document (typed runs merged). Logs kept for hand-off come last
  /// (they must stay in the replica file until handed off).
  [[nodiscard]] std::vector<const Op*> all_ops() const;
  /// Total number of operations in all partitions.
  [[nodiscard]] std::size_t op_count() const;
  /// The greatest Lamport timestamp seen.
  [[nodiscard]] std::uint64_t lamport() const { return lamport_; }
  /// Every op ever rejected, in the order met.
  [[nodiscard]] const std::vector<Rejection>& rejections() const { return rejections_; }

  // --- state ---------------------------------------------------------------------------

  /// The visible meeting (computed on demand).
  [[nodiscard]] MeetingState snapshot() const;
  /// Canonical JSON of the visible state (sorted keys); equal on every replica holding the
  /// same ops. Hash it to compare replicas.
  [[nodiscard]] std::string canonical_state() const;

  /// Item lookup (nullptr if absent). kMeetingItem is always present.
  [[nodiscard]] const Item* item(const ItemId& id) const;
  /// Which copies of a moved item list_items() includes.
  enum class Copies {
    live,  ///< not the copies that lost a concurrent move (lost_copy): what is shown and edited
    held,  ///< every copy held: for judgements that must not depend on the audiences held here
  };
  /// The items of a list in displayed order: the slot each item currently occupies, with
  /// deleted items and items this replica cannot see left out (and lost copies, by default).
  [[nodiscard]] std::vector<ItemId> list_items(const std::string& list, Copies copies = Copies::live) const;
  /// Follows items that moved to another audience (moved_to) to where they are now. Depends
  /// only on moved_to registers, which every replica that holds an item agrees on: who may see
  /// what (AudiencePolicy) is decided with it.
  [[nodiscard]] ItemId resolve(ItemId id) const;
  /// resolve(), and then, from a copy that lost a concurrent move (lost_copy), on to where its
  /// original went: the item as shown (snapshot references, edit messages).
  [[nodiscard]] ItemId resolve_shown(ItemId id) const;
  /// Whether item `id` is a copy made by a change of visibility that is not (or not yet) where
  /// its original went: two chairs narrowed one item at once and the other change won (each
  /// moved_to is last-writer-wins; following them from the first item of the family — back
  /// along moved_from — ends at the live copy), or this copy arrived before the moved_to that
  /// names it. Such a copy is not shown: an item lives in one place. A copy whose family is
  /// not all held here (an ancestor was in an audience this replica does not see) is never lost.
  [[nodiscard]] bool lost_copy(const ItemId& id) const;
  /// The list sequence (all slots, including those items have moved away from).
  [[nodiscard]] const Sequence* list_sequence(const std::string& list) const;
  /// The slot an item occupies now (null if never placed).
  [[nodiscard]] OpId item_slot(const ItemId& id) const;

 private:
  struct PartitionLog {
    std::vector<Op> ops;
    VersionVector version;
    std::map<PeerId, std::uint64_t> frontier;  // last counter of ops nothing later depends on
    std::map<PeerId, std::vector<std::pair<std::uint64_t, std::size_t>>> by_author;  // (last counter, log index)
  };

  enum class Readiness { ready, duplicate, waiting, conflict };
  [[nodiscard]] Readiness readiness(const Op& op) const;
  static bool holds(const Op& mine, const Op& incoming);
  void append(Op op, std::vector<Rejection>* rejected);
  std::optional<std::string> effect(const Op& op);
  std::optional<std::string> effect_create(const Op& op, const TypeSpec& type);
  std::optional<std::string> effect_set(const Op& op);
  std::optional<std::string> effect_move(const Op& op);
  std::optional<std::string> effect_text(const Op& op);
  std::optional<std::string> move_away(const Op& op);
  [[nodiscard]] bool targets_moved(const Op& op) const;
  // The version of `partition` that `op` had seen: its deps, its author's previous op and
  // everything before them (walked through the log; for the rare changes of visibility).
  [[nodiscard]] VersionVector seen_by(const std::string& partition, const Op& op) const;
  // The first item of `id`'s family, back along moved_from; nullopt if one is not held here.
  [[nodiscard]] std::optional<ItemId> move_root(ItemId id) const;
  static Op redact(const Op& op);
  PartitionLog& partition(const std::string& name);

  PeerId self_;
  std::uint64_t lamport_ = 0;
  std::uint64_t counter_ = 0;  // last counter used by self_ (across partitions)
  std::map<std::string, PartitionLog> logs_;
  std::unordered_map<ItemId, Item, OpIdHash> items_;
  std::map<std::string, Sequence> lists_;
  std::unordered_map<OpId, ItemId, OpIdHash> slot_item_;    // slot → item placed there
  std::unordered_map<ItemId, Register, OpIdHash> position_;  // item → slot (value: slot id string)
  std::vector<Op> pending_;
  std::vector<Rejection> rejections_;
  AuthorityHistory authority_;
  std::vector<Op> withdrawn_own_;  // take_withdrawn_own()
  std::map<std::string, std::set<ItemId>> moved_;  // per partition: items moved to another audience (or with redacted stubs)
  std::vector<Applied> redacted_;
  std::map<std::string, std::uint64_t> own_before_drop_;  // this replica's last counter in dropped partitions
  std::map<std::string, PartitionLog> handoff_;           // dropped partitions' logs, until handed off
  static std::vector<const Op*> ops_since_in(const PartitionLog& log, const VersionVector& have, const VersionVector* limit);
};

}  // namespace renkei::core
