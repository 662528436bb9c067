// Discovery on the local network (protocol/PROTOCOL.md, "Discovery"): UDP multicast (IPv4)
// on group 239.255.77.77, port 47701 — an address in the IPv4 Organization-Local Scope
// 239.255.0.0/16 (RFC 2365 §6.2), which routers are expected not to forward off-site, and sent
// with TTL 1 so it does not leave the link anyway.
//
// Datagrams are one JSON object (UTF-8, at most kMaxDiscoveryDatagramBytes):
//   query:    {"renkei":1,"type":"query"}                           browser -> group
//   response: {"renkei":1,"type":"response","meeting":..,"port":..,"fingerprint":..,"session":..}
//                                                                   host -> the query's sender (unicast)
//   beacon:   same fields as response, "type":"beacon"             host -> group, every 2 s
// Beacons and responses carry NO personal data: no person's name, no meeting title, no
// attendee, only a random meeting token, the TCP port, the host's short certificate
// fingerprint and a random per-run session id (DESIGN.md, Network and Privacy).
//
// Threading: single-threaded use on one io_context, like Channel.
#pragma once

#include <utility>  // before Boost.Asio (DESIGN.md, Conventions)

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <nlohmann/json.hpp>

namespace renkei::net {

/// The multicast group, in the IPv4 Organization-Local Scope (RFC 2365 §6.2).
inline constexpr std::string_view kDiscoveryGroup = "239.255.77.77";
/// The UDP port of the group.
inline constexpr std::uint16_t kDiscoveryPort = 47701;
/// Value of the "renkei" member of every datagram.
inline constexpr int kDiscoveryVersion = 1;
/// Larger datagrams are ignored (ours are about 200 bytes).
inline constexpr std::size_t kMaxDiscoveryDatagramBytes = 1024;
/// The exact member names of a beacon or response: nothing else is ever sent.
inline constexpr std::string_view kAnnouncementKeys[] = {"renkei", "type", "meeting", "port",
                                                         "fingerprint", "session"};

/// Where and how discovery sends and listens.
struct DiscoveryOptions {
  /// Multicast group (default kDiscoveryGroup).
  boost::asio::ip::address_v4 group = boost::asio::ip::make_address_v4(kDiscoveryGroup);
  /// UDP port of the group (default kDiscoveryPort).
  std::uint16_t port = kDiscoveryPort;
  /// Address of the local interface used to join the group and to send (IP_ADD_MEMBERSHIP,
  /// IP_MULTICAST_IF). Unspecified (0.0.0.0, the default) lets the kernel choose by its routing
  /// table; 127.0.0.1 keeps everything on the loopback interface (tests).
  boost::asio::ip::address_v4 interface_address = boost::asio::ip::address_v4::any();
  /// IP_MULTICAST_TTL: 1 = this link only.
  int ttl = 1;
  /// IP_MULTICAST_LOOP: deliver our own datagrams to sockets on this host too, so several
  /// Renkei processes on one machine find each other.
  bool loopback = true;
  /// Announcer: time between beacons (the first is sent at start()).
  std::chrono::milliseconds beacon_interval{2'000};
};

/// What a host announces about one meeting. Nothing personal (see the file comment).
struct MeetingAnnouncement {
  /// Opaque random token naming the meeting for this hosting run: 32 lower-case hex digits
  /// from generate_meeting_token(). Not derived from the meeting's id or content, so an observer
  /// cannot link two meetings of the same person.
  std::string meeting;
  /// TCP port of the host's ChannelListener, 1..65535.
  std::uint16_t port = 0;
  /// The host's short certificate fingerprint (TlsIdentity::short_fingerprint(), e.g.
  /// "3f9a-12c0-7be4"), so the joiner can compare it with the chair's screen.
  std::string fingerprint;
  /// Random id of the announcing process run: 16 lower-case hex digits from generate_session_id().
  std::string session;

  bool operator==(const MeetingAnnouncement&) const = default;
};

/// A datagram that is not a valid discovery message; what() says which rule it broke.
struct DiscoveryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A parsed discovery datagram.
struct DiscoveryMessage {
  enum class Type { query, response, beacon };
  Type type = Type::query;
  /// Set for response and beacon.
  std::optional<MeetingAnnouncement> announcement;
};

/// 16 random bytes (randombytes_buf) as 32 lower-case hex digits.
std::string generate_meeting_token();

/// 8 random bytes (randombytes_buf) as 16 lower-case hex digits.
std::string generate_session_id();

/// Checks an announcement's fields: meeting 16..64 lower-case hex digits (even count), port
/// 1..65535, fingerprint 1..64 characters of lower-case hex and '-', session 8..64 lower-case
/// hex digits. Throws DiscoveryError naming the field.
void validate_announcement(const MeetingAnnouncement& announcement);

/// The JSON text of a query datagram.
std::string encode_discovery_query();

/// The JSON text of a beacon (beacon = true) or response datagram: exactly kAnnouncementKeys.
/// Throws DiscoveryError if the announcement is invalid.
std::string encode_discovery_announcement(const MeetingAnnouncement& announcement, bool beacon);

/// Parses and validates one datagram. Unknown extra members are ignored (later versions may add
/// some); everything else is strict. Throws DiscoveryError with the reason.
DiscoveryMessage parse_discovery_datagram(std::string_view datagram);

/// Host side: answers queries (unicast, to the query's source address and port) and sends a
/// beacon to the group at start() and every beacon_interval.
class DiscoveryAnnouncer {
 public:
  /// Opens the group socket: SO_REUSEADDR (several processes per host), bound to 0.0.0.0:port,
  /// member of the group on options.interface_address, with IP_MULTICAST_IF / TTL / LOOP set.
  /// Throws DiscoveryError for an invalid announcement, boost::system::system_error if the
  /// socket cannot be set up (e.g. ENODEV: no multicast-capable interface is up).
  DiscoveryAnnouncer(boost::asio::io_context& io, MeetingAnnouncement announcement,
                     DiscoveryOptions options = {});
  /// Stops (closes the socket).
  ~DiscoveryAnnouncer();
  DiscoveryAnnouncer(const DiscoveryAnnouncer&) = delete;
  DiscoveryAnnouncer& operator=(const DiscoveryAnnouncer&) = delete;

  /// Starts answering queries and sending beacons. Idempotent.
  void start();
  /// Stops both; the announcer cannot be restarted. Idempotent.
  void stop();

  /// Beacons and responses sent so far (for logs and tests).
  [[nodiscard]] std::uint64_t beacons_sent() const;
  [[nodiscard]] std::uint64_t responses_sent() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// A meeting seen by a browser.
struct FoundMeeting {
  MeetingAnnouncement announcement;
  /// Source address of the last datagram announcing it: connect to (address, announcement.port).
  boost::asio::ip::address address;
  /// When it was last heard (beacon or response).
  std::chrono::steady_clock::time_point last_seen;
};

/// Joiner side: sends a query, and collects responses and beacons into a list of meetings,
/// one entry per (session, meeting), the latest sighting winning.
class DiscoveryBrowser {
 public:
  /// Called the first time a meeting is seen.
  using FoundHandler = std::function<void(const FoundMeeting& meeting)>;
  /// Called once when browsing ends, with everything found.
  using DoneHandler = std::function<void(const std::vector<FoundMeeting>& meetings)>;

  /// Opens two sockets: the group socket (as DiscoveryAnnouncer's, to hear beacons) and a query
  /// socket on (interface_address, ephemeral port) that sends the query and receives the
  /// unicast responses. Throws boost::system::system_error if they cannot be set up.
  explicit DiscoveryBrowser(boost::asio::io_context& io, DiscoveryOptions options = {});
  /// Stops (closes the sockets) without calling the done handler.
  ~DiscoveryBrowser();
  DiscoveryBrowser(const DiscoveryBrowser&) = delete;
  DiscoveryBrowser& operator=(const DiscoveryBrowser&) = delete;

  /// Sends one query now and listens for `timeout`; then calls `done`. `on_found` (may be
  /// empty) hears each new meeting as it arrives. Call once.
  void browse(std::chrono::milliseconds timeout, DoneHandler done, FoundHandler on_found = {});

  /// Ends browsing early; `done` is then called (from the io_context) with what was found.
  void stop();

  /// Meetings found so far.
  [[nodiscard]] std::vector<FoundMeeting> found() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace renkei::net
