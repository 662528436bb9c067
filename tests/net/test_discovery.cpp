// Discovery (src/net/discovery.hpp): datagram format, and multicast on the loopback interface.
//
// Everything here sends only on the loopback interface: interface_address = 127.0.0.1 sets
// IP_MULTICAST_IF and the group membership to lo, and TTL is 1. Linux delivers multicast on lo
// when lo is up (its MULTICAST flag is not needed), including in a fresh network namespace
// (`unshare -n` + `ip link set lo up`). Where that does not work, the live tests say why and
// skip (renkei::test::skip: CTest reports them Skipped).
#include <catch2/catch.hpp>

#include "net_test_support.hpp"
#include "test_skip.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/udp.hpp>
#include <sodium.h>

#include "net/discovery.hpp"

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;
using json = nlohmann::json;
using namespace renkei::net;
using renkei::net::test::run_until;
using namespace std::chrono_literals;

namespace {

const auto kLoopback = asio::ip::make_address_v4("127.0.0.1");

MeetingAnnouncement sample_announcement(std::uint16_t port = 40123) {
  return {generate_meeting_token(), port, "3f9a-12c0-7be4", generate_session_id()};
}

/// A port for this test process, so parallel test processes do not hear each other's beacons
/// (they would be filtered by meeting token anyway).
std::uint16_t random_port() { return static_cast<std::uint16_t>(40000 + randombytes_uniform(20000)); }

DiscoveryOptions loopback_options(std::uint16_t port) {
  DiscoveryOptions options;
  options.port = port;
  options.interface_address = kLoopback;
  options.beacon_interval = 200ms;
  return options;
}

/// A socket that joins the group on lo and hears everything sent to it.
struct GroupListener {
  GroupListener(asio::io_context& io, const DiscoveryOptions& options) : socket(io) {
    socket.open(udp::v4());
    socket.set_option(udp::socket::reuse_address(true));
    socket.bind(udp::endpoint(asio::ip::address_v4::any(), options.port));
    socket.set_option(asio::ip::multicast::join_group(options.group, options.interface_address));
    receive();
  }
  void receive() {
    socket.async_receive_from(asio::buffer(buffer), sender, [this](const error_code& e, std::size_t n) {
      if (e) return;
      datagrams.emplace_back(buffer.data(), n);
      receive();
    });
  }
  udp::socket socket;
  std::array<char, 2048> buffer{};
  udp::endpoint sender;
  std::vector<std::string> datagrams;
};

/// Why multicast on lo does not work here, or nullopt if it does: joins the group on 127.0.0.1,
/// sends one datagram with IP_MULTICAST_IF = 127.0.0.1 and waits up to a second for it.
std::optional<std::string> loopback_multicast_unavailable() {
  try {
    asio::io_context io;
    const DiscoveryOptions options = loopback_options(random_port());
    GroupListener listener(io, options);
    udp::socket sender(io, udp::endpoint(kLoopback, 0));
    sender.set_option(asio::ip::multicast::outbound_interface(kLoopback));
    sender.set_option(asio::ip::multicast::hops(1));
    sender.set_option(asio::ip::multicast::enable_loopback(true));
    sender.send_to(asio::buffer(std::string("probe")), udp::endpoint(options.group, options.port));
    if (!run_until(io, [&] { return !listener.datagrams.empty(); }, 1s)) {
      return "a datagram sent to the group on lo did not come back within 1 s (firewall?)";
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string("cannot use multicast on lo: ") + e.what() +
           " (is lo up? run in a network namespace: `unshare -n sh -c 'ip link set lo up; ...'`)";
  }
}

#define SKIP_WITHOUT_LOOPBACK_MULTICAST()                                                        \
  if (const auto why = loopback_multicast_unavailable()) {                                      \
    renkei::test::skip("needs multicast on the loopback interface, unavailable here: " + *why); \
  }

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

const std::set<std::string> kAllowedKeys(std::begin(kAnnouncementKeys), std::end(kAnnouncementKeys));

}  // namespace

TEST_CASE("Beacons and responses hold exactly the announced fields and no personal data",
          "[net][discovery]") {
  const MeetingAnnouncement a = sample_announcement();
  for (const bool beacon : {true, false}) {
    const json datagram = json::parse(encode_discovery_announcement(a, beacon));
    CHECK(keys_of(datagram) == std::set<std::string>{"renkei", "type", "meeting", "port", "fingerprint", "session"});
    CHECK(datagram["renkei"] == 1);
    CHECK(datagram["type"] == (beacon ? "beacon" : "response"));
    CHECK(datagram["meeting"] == a.meeting);
    CHECK(datagram["port"] == a.port);
    CHECK(datagram["fingerprint"] == a.fingerprint);
    CHECK(datagram["session"] == a.session);
    const DiscoveryMessage parsed = parse_discovery_datagram(datagram.dump());
    REQUIRE(parsed.announcement.has_value());
    CHECK(*parsed.announcement == a);
  }
  CHECK(json::parse(encode_discovery_query()) == json{{"renkei", 1}, {"type", "query"}});
  CHECK(a.meeting.size() == 32);
  CHECK(a.session.size() == 16);
}

TEST_CASE("Announcements with free text in their fields cannot be encoded", "[net][discovery]") {
  MeetingAnnouncement a = sample_announcement();
  a.fingerprint = "山田太郎";  // a name where the fingerprint belongs
  CHECK_THROWS_AS(encode_discovery_announcement(a, true), DiscoveryError);
  a = sample_announcement();
  a.meeting = "担当者会議 2024-05";
  CHECK_THROWS_AS(encode_discovery_announcement(a, true), DiscoveryError);
  a = sample_announcement();
  a.port = 0;
  CHECK_THROWS_AS(encode_discovery_announcement(a, false), DiscoveryError);
}

TEST_CASE("Malformed discovery datagrams are refused with a reason", "[net][discovery]") {
  const MeetingAnnouncement a = sample_announcement();
  json good = json::parse(encode_discovery_announcement(a, true));
  auto refused = [](const std::string& text, const char* reason) {
    INFO(text);
    CHECK_THROWS_WITH(parse_discovery_datagram(text), Catch::Contains(reason));
  };
  refused("not json", "invalid JSON");
  refused("[1]", "not a JSON object");
  refused(R"({"type":"query"})", "\"renkei\" is missing or not 1");
  refused(R"({"renkei":2,"type":"query"})", "\"renkei\" is missing or not 1");
  refused(R"({"renkei":1,"type":"hello"})", "unknown \"type\"");
  refused(R"({"renkei":1})", "\"type\" is missing");
  json bad = good;
  bad["port"] = 70000;
  refused(bad.dump(), "\"port\"");
  bad = good;
  bad.erase("session");
  refused(bad.dump(), "\"session\" is missing");
  bad = good;
  bad["meeting"] = "ZZ";
  refused(bad.dump(), "\"meeting\"");
  refused(std::string(kMaxDiscoveryDatagramBytes + 1, ' '), "too large");
  // Unknown members are tolerated (later versions), and ignored.
  good["future"] = true;
  CHECK(parse_discovery_datagram(good.dump()).announcement == a);
}

TEST_CASE("A browser finds an announcer on the loopback interface", "[net][discovery][multicast]") {
  SKIP_WITHOUT_LOOPBACK_MULTICAST();
  asio::io_context io;
  const DiscoveryOptions options = loopback_options(random_port());
  const MeetingAnnouncement a = sample_announcement(47000);
  DiscoveryAnnouncer announcer(io, a, options);
  announcer.start();
  DiscoveryBrowser browser(io, options);
  std::optional<std::vector<FoundMeeting>> result;
  bool found_ours = false;
  browser.browse(5s, [&](const std::vector<FoundMeeting>& meetings) { result = meetings; },
                 [&](const FoundMeeting& m) { found_ours = found_ours || m.announcement == a; });
  REQUIRE(run_until(io, [&] { return found_ours; }));
  browser.stop();
  REQUIRE(run_until(io, [&] { return result.has_value(); }));
  const auto ours = std::find_if(result->begin(), result->end(),
                                 [&](const FoundMeeting& m) { return m.announcement == a; });
  REQUIRE(ours != result->end());
  CHECK(ours->address == asio::ip::address(kLoopback));
  CHECK(ours->announcement.port == 47000);
  CHECK(ours->announcement.fingerprint == "3f9a-12c0-7be4");
}

TEST_CASE("The browser's query is answered at once, before the next beacon", "[net][discovery][multicast]") {
  SKIP_WITHOUT_LOOPBACK_MULTICAST();
  asio::io_context io;
  DiscoveryOptions options = loopback_options(random_port());
  options.beacon_interval = 1h;  // one beacon at start, then none: only the response can be heard
  const MeetingAnnouncement a = sample_announcement();
  DiscoveryAnnouncer announcer(io, a, options);
  announcer.start();
  REQUIRE(run_until(io, [&] { return announcer.beacons_sent() == 1; }));
  DiscoveryBrowser browser(io, options);
  bool found = false;
  browser.browse(5s, [](const auto&) {}, [&](const FoundMeeting& m) { found = found || m.announcement == a; });
  REQUIRE(run_until(io, [&] { return found; }));
  CHECK(announcer.responses_sent() >= 1);
}

TEST_CASE("Several announcers and browsers share the port on one host", "[net][discovery][multicast]") {
  SKIP_WITHOUT_LOOPBACK_MULTICAST();
  asio::io_context io;
  const DiscoveryOptions options = loopback_options(random_port());
  const MeetingAnnouncement first = sample_announcement(47001), second = sample_announcement(47002);
  DiscoveryAnnouncer announcer_one(io, first, options), announcer_two(io, second, options);
  announcer_one.start();
  announcer_two.start();
  DiscoveryBrowser browser_one(io, options), browser_two(io, options);
  std::set<std::uint16_t> seen_one, seen_two;
  browser_one.browse(5s, [](const auto&) {}, [&](const FoundMeeting& m) { seen_one.insert(m.announcement.port); });
  browser_two.browse(5s, [](const auto&) {}, [&](const FoundMeeting& m) { seen_two.insert(m.announcement.port); });
  REQUIRE(run_until(io, [&] {
    return seen_one.count(47001) && seen_one.count(47002) && seen_two.count(47001) && seen_two.count(47002);
  }));
}

TEST_CASE("Every datagram on the wire has only the allowed keys", "[net][discovery][multicast]") {
  SKIP_WITHOUT_LOOPBACK_MULTICAST();
  asio::io_context io;
  const DiscoveryOptions options = loopback_options(random_port());
  GroupListener wire(io, options);  // hears beacons and queries sent to the group
  const MeetingAnnouncement a = sample_announcement();
  DiscoveryAnnouncer announcer(io, a, options);
  announcer.start();

  // A raw query, to capture the unicast response too.
  udp::socket asker(io, udp::endpoint(kLoopback, 0));
  asker.set_option(asio::ip::multicast::outbound_interface(kLoopback));
  asker.set_option(asio::ip::multicast::hops(1));
  asker.send_to(asio::buffer(encode_discovery_query()), udp::endpoint(options.group, options.port));
  std::array<char, 2048> buffer{};
  udp::endpoint from;
  std::optional<std::string> response;
  asker.async_receive_from(asio::buffer(buffer), from, [&](const error_code& e, std::size_t n) {
    if (!e) response.emplace(buffer.data(), n);
  });
  REQUIRE(run_until(io, [&] {
    return response && std::count_if(wire.datagrams.begin(), wire.datagrams.end(), [](const std::string& d) {
                         return d.find("\"beacon\"") != std::string::npos;
                       }) >= 2;
  }));

  const json answer = json::parse(*response);
  CHECK(answer["type"] == "response");
  CHECK(keys_of(answer) == kAllowedKeys);
  for (const auto& datagram : wire.datagrams) {
    const json value = json::parse(datagram);
    if (value["type"] == "query") {
      CHECK(keys_of(value) == std::set<std::string>{"renkei", "type"});
    } else {
      CHECK(value["type"] == "beacon");
      CHECK(keys_of(value) == kAllowedKeys);
      CHECK(value["meeting"] == a.meeting);
    }
  }
}

TEST_CASE("Malformed datagrams are ignored and the browser keeps listening", "[net][discovery][multicast]") {
  SKIP_WITHOUT_LOOPBACK_MULTICAST();
  renkei::net::test::LogCapture log;
  asio::io_context io;
  const DiscoveryOptions options = loopback_options(random_port());
  DiscoveryBrowser browser(io, options);
  std::vector<FoundMeeting> found;
  browser.browse(5s, [](const auto&) {}, [&](const FoundMeeting& m) { found.push_back(m); });
  udp::socket sender(io, udp::endpoint(kLoopback, 0));
  sender.set_option(asio::ip::multicast::outbound_interface(kLoopback));
  const udp::endpoint group(options.group, options.port);
  sender.send_to(asio::buffer(std::string("garbage")), group);
  sender.send_to(asio::buffer(std::string(R"({"renkei":1,"type":"beacon","meeting":"x"})")), group);
  const MeetingAnnouncement a = sample_announcement();
  sender.send_to(asio::buffer(encode_discovery_announcement(a, true)), group);
  REQUIRE(run_until(io, [&] { return !found.empty(); }));
  CHECK(found.size() == 1);
  CHECK(found[0].announcement == a);
  CHECK(log.contains("ignoring a discovery datagram from 127.0.0.1:"));
}
