// The mesh: every connection of this peer to the meeting's other devices, and the core sync
// state machine driven over each (DESIGN.md, Network and Replication; protocol/PROTOCOL.md,
// "Meeting connections").
//
//  - A device the chair has admitted is *pinned*: peers connect to it with its certificate
//    fingerprint and no join code. Each peer dials the admitted devices whose fingerprint is
//    greater than its own (and any marked always_dial, e.g. the chair), so every pair has a
//    link; when two links to one device exist, both ends keep the one dialled by the lower
//    fingerprint. Lost links are redialled with exponential backoff.
//  - An unknown device that connects to the chair's peer must run the join handshake
//    (join_handshake.hpp) with the current join code; then it says hello and waits until the
//    chair admits it (or, with auto-admit, at once).
//  - Operations are forwarded: whatever this peer applies — made here or received from anyone —
//    is pushed to every live link whose peer lacks it, so a peer reachable through only one
//    other still converges. Each peer tells its links which replicas it has live links to
//    (mesh_links); an op is not forwarded to a peer that has its own live link to the op's
//    author, who sends it directly (in a full mesh each op then crosses each link once, not
//    N−1 times). When a peer reports a link lost, a new hello fills any gap, and every link
//    says hello again periodically (anti-entropy), so nothing a forwarding shortcut skipped
//    stays missing.
// No frame from a link reaches the document before the link is authenticated.
//
// Threading: single-threaded; all calls and callbacks on the io_context's thread.
#pragma once

#include <utility>  // before Boost.Asio (DESIGN.md, Conventions)

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/document.hpp"
#include "core/sync.hpp"
#include "net/channel.hpp"
#include "net/join_code.hpp"
#include "net/join_handshake.hpp"
#include "net/tls_identity.hpp"

namespace renkei::net {

/// Parses "ADDR:PORT" ("192.168.1.5:47700", "[::1]:47700", "localhost:47700").
/// Throws std::invalid_argument with a readable message.
boost::asio::ip::tcp::endpoint parse_endpoint(const std::string& text);
/// Formats an endpoint as parse_endpoint reads it.
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);
/// This machine's non-loopback IPv4 addresses (getifaddrs), for showing "join at …".
std::vector<std::string> local_ipv4_addresses();

/// A device in the meeting's roster (core::Device), as the mesh needs it.
struct RosterEntry {
  std::string fingerprint;  ///< 64 hex digits
  std::string address;      ///< "ADDR:PORT", may be empty (cannot be dialled)
  std::string name;
  bool always_dial = false; ///< dial whatever the fingerprint order (the chair's device)
};

/// What a peer said about itself in its hello.
struct PeerHello {
  std::string fingerprint;  ///< 64 hex, from TLS (not from the frame)
  std::string name;
  std::string replica;      ///< 16 hex
  std::string address;      ///< where it accepts connections, "ADDR:PORT" (address taken from the connection)
};

/// One link's state, for display.
struct LinkStatus {
  enum class State { connecting, handshaking, awaiting_admission, live, waiting_to_retry };
  std::string fingerprint;
  std::string name;
  std::string address;
  State state = State::connecting;
  bool dialled = false;
};

struct MeshOptions {
  std::string name;                 ///< our display name, sent in hello
  std::string replica;              ///< our replica id, 16 hex
  std::set<std::string> partitions{core::kAllAttendees};  ///< partitions synced with every peer
  ChannelOptions channel;
  JoinOptions join;
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{10'000};
  /// Every live link says hello again this often (0: never), so that each end sends what the
  /// other lacks, whatever forwarding skipped.
  std::chrono::milliseconds anti_entropy{5'000};
};

class Mesh {
 public:
  struct Callbacks {
    /// Ops received from a peer: make them durable and apply them; return those applied, in
    /// order (they are forwarded to the other links). Throwing closes that link.
    std::function<std::vector<const core::Op*>(std::vector<core::Op>)> receive_ops;
    /// Is this fingerprint (hex) an admitted device of the meeting?
    std::function<bool(const std::string& fingerprint)> is_admitted;
    /// Host: a device proved the join code and said hello; admit() or deny() it (now or later).
    std::function<void(const PeerHello&)> join_request;
    /// Host: record an admitted device in the document. Returns {"attendee": id, "device": id}.
    std::function<nlohmann::json(const PeerHello&)> admitted;
    /// Host: the join code was replaced after too many wrong attempts.
    std::function<void(const JoinCode&)> code_rotated;
    /// Host: a joiner's run is about to test `code` (an attempt on it has just been reserved;
    /// CPace runs next). At most JoinAttemptLimiter::kDefaultMaxFailures runs test one code
    /// without success, however many overlap. For diagnostics and tests; may be empty.
    std::function<void(const JoinCode& code)> join_attempt;
    /// Joiner: the outcome of join(): ok, or an error code ("wrong_code", "unreachable",
    /// "denied", "protocol_error", "timeout", "try_later", …) and a message; info from the host
    /// on success.
    std::function<void(bool ok, const std::string& code, const std::string& message,
                       const nlohmann::json& info)> join_result;
    /// A link became live, with what its peer said about itself (e.g. its replica id, which
    /// changes when an admitted laptop comes back with a new meeting file).
    std::function<void(const PeerHello&)> peer_live;
    /// A link opened, closed or changed state.
    std::function<void()> links_changed;
    /// Which partitions the link to this device (fingerprint, hex) carries: those both ends may
    /// see (DESIGN.md, Privacy). Empty: every partition of MeshOptions::partitions.
    std::function<core::SyncSession::PartitionFilter(const std::string& fingerprint)> partitions_for;
    /// Hand-off on the link to this device: which partitions it may hand to us and which of
    /// the logs we keep for hand-off it may take (SyncSession::Options accept / offer).
    /// Empty: no hand-off.
    std::function<core::SyncSession::Options(const std::string& fingerprint)> sync_options_for;
    /// A peer now holds the whole log we kept for hand-off of this partition
    /// (SyncSession::handed_off): the owner forgets it (Document::finish_handoff) and removes it
    /// from the replica file. Called on the io thread.
    std::function<void(const std::string& partition)> handed_off;
    /// Something the user should know (a refused connection, …).
    std::function<void(const std::string& message)> warning;
  };

  Mesh(boost::asio::io_context& io, const TlsIdentity& identity, const core::Document& doc,
       MeshOptions options, Callbacks callbacks);
  ~Mesh();
  Mesh(const Mesh&) = delete;
  Mesh& operator=(const Mesh&) = delete;

  /// Accepts connections on `endpoint` (port 0: any). Returns the bound endpoint.
  /// Throws boost::system::system_error if it cannot be bound.
  boost::asio::ip::tcp::endpoint listen(const boost::asio::ip::tcp::endpoint& endpoint);
  /// The port we accept on (0 before listen()).
  [[nodiscard]] std::uint16_t listen_port() const { return listen_port_; }

  /// Host: accept joiners with this code (replaces any previous one; runs already testing the
  /// previous code finish with it). The count of attempts starts again (JoinAttemptLimiter).
  void set_join_code(const JoinCode& code);
  /// No longer the chair: no join code (new devices are refused as not admitted), no
  /// auto-admission, and every device still waiting for admission is told it was not admitted.
  void stop_admitting();
  [[nodiscard]] const std::optional<JoinCode>& join_code() const { return code_; }
  /// Host: admit every joiner that proves the code, without asking.
  void set_auto_admit(bool on) { auto_admit_ = on; }

  /// Joiner: connect to the chair at `host` and prove `code`. The outcome arrives through
  /// Callbacks::join_result.
  void join(const boost::asio::ip::tcp::endpoint& host, const JoinCode& code);

  /// The admitted devices (from the document). Dials those it should, drops links to devices
  /// no longer admitted.
  void set_roster(const std::vector<RosterEntry>& roster);

  /// Host: decide about a device waiting for admission (it proved the join code and said
  /// hello). Returns false, changing nothing, when no device with that fingerprint waits here.
  bool admit(const std::string& fingerprint);
  bool deny(const std::string& fingerprint);

  /// True when at least one link is live and this replica holds everything each live peer
  /// held when it last said hello (core::SyncSession::caught_up): what those peers could send
  /// has arrived.
  [[nodiscard]] bool caught_up() const;

  /// Says hello again on every live link (asking for one back), e.g. after audiences changed:
  /// each end then sends what the other lacks in the partitions the link carries now.
  void resync();

  /// Pushes newly applied ops to every live link whose peer lacks them.
  void push(const std::vector<const core::Op*>& ops);

  [[nodiscard]] std::vector<LinkStatus> links() const;
  /// Fingerprints (hex) with a live link.
  [[nodiscard]] std::set<std::string> live_peers() const;

  /// Frame bytes sent and received on every link so far (closed links included).
  struct Traffic {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
  };
  [[nodiscard]] Traffic traffic() const;

  /// Closes every link and the listener; no callback runs afterwards. Idempotent.
  void stop();

 private:
  struct Link;
  struct Dialer;

  std::shared_ptr<Link> add_link(std::shared_ptr<Channel> channel, bool dialled);
  void on_accept(std::shared_ptr<Channel> channel);
  void start_member_accept(const std::shared_ptr<Link>& link);
  void start_join_accept(const std::shared_ptr<Link>& link);
  void dial(const std::string& fingerprint);
  void on_dialled(const std::string& fingerprint, std::shared_ptr<Channel> channel);
  void go_live(const std::shared_ptr<Link>& link);
  void on_frame(const std::shared_ptr<Link>& link, const nlohmann::json& frame);
  void on_closed(const std::shared_ptr<Link>& link, const std::string& reason);
  void flush(const std::shared_ptr<Link>& link);
  void schedule_redial(const std::string& fingerprint);
  void drop_duplicates(const std::shared_ptr<Link>& keep);
  nlohmann::json hello_frame() const;
  PeerHello hello_from(const std::shared_ptr<Link>& link, const nlohmann::json& frame) const;
  void changed();
  /// Tells every live link (or only `to`) which replicas we have live links to, if that changed
  /// since last told (always, for `to`).
  void announce_links(const std::shared_ptr<Link>& to = nullptr);
  void arm_anti_entropy();

  boost::asio::io_context& io_;
  const TlsIdentity& identity_;
  std::string own_fingerprint_;
  const core::Document& doc_;
  MeshOptions options_;
  Callbacks callbacks_;
  std::shared_ptr<boost::asio::ssl::context> client_tls_, server_tls_;
  std::shared_ptr<ChannelListener> listener_;
  std::uint16_t listen_port_ = 0;
  std::optional<JoinCode> code_;
  JoinAttemptLimiter limiter_;
  bool auto_admit_ = false;
  bool stopped_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::map<std::uint64_t, std::shared_ptr<Link>> links_;
  std::uint64_t next_link_id_ = 1;
  std::map<std::string, RosterEntry> roster_;
  std::map<std::string, std::unique_ptr<Dialer>> dialers_;
  std::string pending_join_;
  std::set<std::string> announced_links_;  // replica ids (hex) last announced in mesh_links
  std::unique_ptr<boost::asio::steady_timer> anti_entropy_;
  Traffic closed_traffic_;    // bytes of links that have closed  // chair's fingerprint while rejoining as an already admitted member
};

}  // namespace renkei::net
