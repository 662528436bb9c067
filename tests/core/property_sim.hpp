// The simulated meeting for the property-based convergence tests (test_property.cpp): N
// replicas (core::Document) of one meeting, set up as a real meeting is (a chair, the others
// admitted as devices bound to attendees of mixed audiences), joined pairwise by simulated links
// that carry core::SyncSession messages with random delays, reordering, duplication and cuts.
// Each link carries only the partitions both ends may see, judged by the sender's
// AudiencePolicy as the session does; each replica drops the partitions its attendee may no
// longer see. Everything is driven by one seeded generator, so a seed replays exactly.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/audience.hpp"
#include "core/document.hpp"
#include "core/sync.hpp"

namespace renkei::test::property {

/// A small deterministic random generator (xoshiro256** seeded by splitmix64, written out here,
/// so a seed gives the same run with any compiler and standard library).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  /// A uniformly drawn integer in [0, n) (n > 0).
  std::size_t below(std::size_t n);
  /// True with probability p.
  bool chance(double p);
  /// An integer in [lo, hi].
  int between(int lo, int hi);
  /// Index drawn with the given weights (their sum > 0).
  std::size_t weighted(const std::vector<int>& weights);
  /// A raw 64-bit draw.
  std::uint64_t next();

 private:
  std::uint64_t state_[4];
};

/// What one run is: its seed, how many replicas (3–8) and how many rounds of actions.
struct SimConfig {
  std::uint64_t seed = 1;
  int replicas = 0;  ///< 0: drawn from the seed (3–8)
  int rounds = 60;
};

/// What a run did, to show the generator reached every kind of action.
struct SimStats {
  std::map<std::string, int> actions;   ///< edits applied, by action kind
  int permission_refusals = 0;          ///< prepare_edit refused: "only the chair …"
  int other_refusals = 0;               ///< prepare_edit refused for another reason (stale index …)
  int forged = 0;                       ///< hand-built sensitive ops sent by a non-chair
  int cuts = 0;                         ///< links cut (then healed)
  int deliveries = 0;                   ///< messages delivered
  int duplicates = 0;                   ///< messages delivered twice
  int drops = 0;                        ///< partitions dropped by a replica that lost access
  int handoffs = 0;                     ///< dropped partitions' logs handed off to a peer that may see them
  int reclaims = 0;                     ///< kept logs taken back when access returned first
  int handovers = 0;                    ///< the chair changed hands (handover or takeover)
};

/// One replica: its document, the device it runs on and the attendee that device belongs to.
struct SimReplica {
  SimReplica(core::PeerId id, std::string fp) : doc(id), fingerprint(std::move(fp)) {}
  core::Document doc;
  std::string fingerprint;             ///< the device's (pseudo) fingerprint
  std::string attendee;                ///< the attendee the chair bound the device to
  std::optional<core::AudiencePolicy> policy;  ///< as this replica's document says now
  std::vector<std::vector<nlohmann::json>> undo;  ///< undo edits of its own past edits
  /// Typing: the note being typed into and the last character typed (cursor-anchored insert).
  std::string typing_item, typing_field, caret;
};

/// One message on a link, due at a round; `copy` marks a duplicate (not duplicated again).
struct SimMessage {
  nlohmann::json body;
  int due = 0;
  bool copy = false;
};

/// A link between replicas a < b: one SyncSession at each end and a queue per direction
/// (queue[0]: a → b). A cut link has no sessions and loses what was in flight.
struct SimLink {
  std::size_t a = 0, b = 0;
  bool up = false;
  int down_until = 0;
  std::unique_ptr<core::SyncSession> session[2];
  std::deque<SimMessage> queue[2];
};

/// The meeting: replicas, links, the round clock and what was forged.
class Simulation {
 public:
  explicit Simulation(const SimConfig& config);

  /// Runs setup and the configured rounds, then heals every link and delivers until quiet.
  /// Returns false if the network did not become quiet within a bound.
  bool run();

  [[nodiscard]] const std::vector<std::unique_ptr<SimReplica>>& replicas() const { return replicas_; }
  [[nodiscard]] const SimStats& stats() const { return stats_; }
  [[nodiscard]] const std::set<std::pair<std::string, core::OpId>>& forged() const { return forged_; }
  /// Assertions broken while running (a chair action allowed to a non-chair, a sync error …).
  [[nodiscard]] const std::vector<std::string>& violations() const { return violations_; }
  [[nodiscard]] const SimConfig& config() const { return config_; }

  // --- used by the action generator (property_actions.cpp) -----------------------------

  Rng& rng() { return rng_; }
  SimReplica& replica(std::size_t i) { return *replicas_[i]; }
  [[nodiscard]] std::size_t size() const { return replicas_.size(); }
  /// The wall clock of the run (ms), advancing with the rounds.
  [[nodiscard]] std::int64_t now_ms() const;
  /// Prepares and applies an edit at replica i (recording its undo); pushes the ops to its
  /// links. Returns the reply, or nullopt if prepare_edit refused (counted in the stats).
  std::optional<nlohmann::json> edit(std::size_t i, const nlohmann::json& edit, const std::string& kind);
  /// Hands a hand-built op to replica i's document (as a malicious peer's software would) and
  /// sends it on; remembered as forged.
  void forge(std::size_t i, core::Op op);
  /// The attendee replica i writes for, by its own document (falls back to its binding).
  [[nodiscard]] std::string attendee_of(std::size_t i) const;
  /// Items ever created (ids), for picking targets; hot ones are picked more often.
  std::vector<std::string> items_;
  std::vector<std::string> hot_;
  /// With RENKEI_SIM_TRACE set, prints an event of the run (drops, hand-offs, rejections) on
  /// stderr, to follow a failing seed.
  void trace(const std::string& what) const;
  /// Records a violation (a failed property observed during the run).
  void violation(std::string what);
  /// Counts a change of chair (a handover or a takeover that was made).
  void count_handover() { ++stats_.handovers; }

 private:
  void setup();
  void round();
  void act(std::size_t i);
  void deliver_some(bool settle);
  bool deliver_one(SimLink& link, int dir, bool settle);
  void link_up(SimLink& link);
  void link_down(SimLink& link, int rounds);
  void network_events();
  void flush(std::size_t i);
  void applied(std::size_t i, const std::vector<const core::Op*>& ops);
  void refresh_audience(std::size_t i, bool force_resync);
  [[nodiscard]] bool carries(std::size_t from, std::size_t to, const std::string& partition) const;
  [[nodiscard]] core::SyncSession* session(std::size_t from, std::size_t to);

  SimConfig config_;
  Rng rng_;
  int now_ = 0;
  std::vector<std::unique_ptr<SimReplica>> replicas_;
  std::vector<std::unique_ptr<SimLink>> links_;
  std::map<std::pair<std::size_t, std::size_t>, SimLink*> by_pair_;
  std::set<std::pair<std::string, core::OpId>> forged_;
  std::vector<std::string> violations_;
  SimStats stats_;
};

/// Runs the generated actions of one replica's turn (property_actions.cpp).
void random_action(Simulation& sim, std::size_t replica);

/// The end-of-run properties (property_checks.cpp): every failure, as a readable line.
std::vector<std::string> check_converged(const Simulation& sim);

}  // namespace renkei::test::property
