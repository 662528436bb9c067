// Sync with one peer, as a state machine with no sockets in it (DESIGN.md, Replication; in the
// manner of Automerge's sync protocol). On connect each side sends its version vector per
// partition (sync_hello); each answers with the operations the other lacks (sync_ops); from
// then on, every operation applied locally — made here or received from anyone — is pushed if
// the peer is not known to have it. The owner (session/mesh) moves the messages and persists
// and applies received operations; this class only decides what to send.
//
// Hand-off: a replica that lost access to a partition keeps its log aside until a peer that may
// see it holds all of it (Document::drop_partition). On a link to such a peer the session offers
// that log (Options::offer): it sends what the peer's hello says it lacks and asks for a fresh
// hello ("reply") to learn what arrived; handed_off() then says the log may be forgotten. The
// receiving side accepts a partition it may see even from a device that may not
// (Options::accept): that device is handing it off.
//
// Messages (JSON objects; protocol/PROTOCOL.md, "Sync"):
//   {"type":"sync_hello","partitions":{"all":{"<peerhex>":counter,…},…},"reply":true?}
//   {"type":"sync_ops","partition":"all","ops":[<op>,…]}
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/document.hpp"

namespace renkei::core {

/// A peer broke the sync protocol (message before hello, unknown message type, malformed op).
/// The connection should be closed with what(). (Ops of a partition the link does not carry
/// are ignored, not an error: both ends learn audiences at their own pace.)
struct SyncError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SyncSession {
 public:
  enum class State { idle, hello_sent, live };

  struct Options {
    /// Approximate size at which a batch of ops is cut into another sync_ops message (bytes).
    std::size_t batch_bytes = 256 * 1024;
    /// If set, never send ops beyond this version (per partition): used to replay a
    /// concurrent editing trace, where each merge must bring exactly a recorded state.
    const std::map<std::string, VersionVector>* limit = nullptr;
    /// Partitions this replica may see but the peer's device may not: announced in the hello and
    /// accepted from the peer (it is handing them off), never sent to it. Empty = none.
    std::function<bool(const std::string& partition)> accept;
    /// Partitions kept for hand-off (Document::handoff_partitions) that may go to this peer
    /// (its device may see them). Empty = none.
    std::function<bool(const std::string& partition)> offer;
  };

  /// Which partitions this link carries: those both this replica and the peer may see
  /// (DESIGN.md, Privacy). Ops of other partitions are never sent, nor accepted.
  using PartitionFilter = std::function<bool(const std::string& partition)>;

  /// doc: the local document (read only). partitions: a fixed set of partitions, or a filter
  /// (evaluated as messages come and go, so it may follow the document's audiences).
  SyncSession(const Document& doc, std::set<std::string> partitions);
  SyncSession(const Document& doc, std::set<std::string> partitions, Options options);
  SyncSession(const Document& doc, PartitionFilter allowed);
  SyncSession(const Document& doc, PartitionFilter allowed, Options options);

  /// Begins the exchange: queues sync_hello. Call once when the connection is authenticated.
  /// ask_reply: ask the peer to answer with its own hello (a session started again on a live
  /// link, whose peer said hello to the previous session).
  void start(bool ask_reply = false);

  /// Handles one message from the peer. Returns the operations it carried (the owner makes them
  /// durable, then Document::receive, then on_applied for what was applied). May queue replies.
  /// Throws SyncError on a protocol violation.
  std::vector<Op> receive(const nlohmann::json& message);

  /// Tells the session which ops the document has just applied (in order); those the peer is
  /// not known to have are queued for it.
  void on_applied(const std::vector<const Op*>& ops);

  /// Messages queued for the peer, in order; the queue is emptied.
  std::vector<nlohmann::json> take_outgoing();
  [[nodiscard]] bool has_outgoing() const { return !outgoing_.empty(); }

  [[nodiscard]] State state() const { return state_; }
  /// What the peer is known to have in a partition.
  [[nodiscard]] const VersionVector& peer_version(const std::string& partition) const;
  /// True once the peer's hello has been answered.
  [[nodiscard]] bool live() const { return state_ == State::live; }
  /// True once the peer's hello arrived and the document has everything the peer had then
  /// (the end of the initial sync, as seen from this side).
  [[nodiscard]] bool caught_up() const;

  /// True once the peer's latest hello showed it holds every op of the log this replica keeps
  /// for hand-off of `partition` (and the partition is offered to it): the log may be forgotten.
  [[nodiscard]] bool handed_off(const std::string& partition) const;

 private:
  void offer_handoffs(const nlohmann::json& partitions);
  [[nodiscard]] bool receives(const std::string& partition) const;
  void queue_ops(const std::string& partition, const std::vector<const Op*>& ops);
  /// The last counter of `op` this session may send (the version limit, if any); 0: none of it.
  [[nodiscard]] std::uint64_t limit_for(const std::string& partition, const Op& op) const;

  const Document& doc_;
  PartitionFilter allowed_;
  Options options_;
  State state_ = State::idle;
  bool peer_hello_ = false;
  std::map<std::string, VersionVector> known_;
  std::map<std::string, VersionVector> hello_;  // what the peer had when it said hello
  std::map<std::string, VersionVector> handoff_hello_;  // the same, for partitions offered for hand-off
  bool offer_asked_ = false;  // hand-off ops sent and a reply asked for: the next hello answers it
  std::vector<nlohmann::json> outgoing_;
};

}  // namespace renkei::core
