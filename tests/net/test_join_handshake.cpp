// The join handshake (src/net/join_handshake.hpp): CPace inside TLS, on 127.0.0.1 only.
#include <catch2/catch.hpp>

#include "net_test_support.hpp"
#include "tls_test_support.hpp"

#include <optional>

#include "net/channel.hpp"
#include "net/cpace.hpp"
#include "net/join_code.hpp"
#include "net/join_handshake.hpp"

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using json = nlohmann::json;
using namespace renkei::net;
using renkei::net::test::run_until;
using namespace std::chrono_literals;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// A host listening on 127.0.0.1 and one connected joiner channel.
struct Connection {
  Connection() {
    listener = ChannelListener::listen(io, make_tls_context(host_identity, TlsRole::server),
                                       tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), {},
                                       [this](std::shared_ptr<Channel> channel) { host = channel; });
    bool done = false;
    Channel::connect(io, make_tls_context(joiner_identity, TlsRole::client), listener->local_endpoint(), {},
                     [&](const error_code& error, std::shared_ptr<Channel> channel) {
                       REQUIRE_FALSE(error);
                       joiner = channel;
                       done = true;
                     });
    REQUIRE(run_until(io, [&] { return done && host != nullptr; }));
  }
  ~Connection() {
    listener->close();
    if (host) host->close("test over");
    if (joiner) joiner->close("test over");
  }

  asio::io_context io;
  TlsIdentity host_identity = test::make_test_identity();
  TlsIdentity joiner_identity = test::make_test_identity();
  std::shared_ptr<ChannelListener> listener;
  std::shared_ptr<Channel> host;    // the chair's end
  std::shared_ptr<Channel> joiner;  // the joining participant's end
};

/// A gate that tests `code` while `limiter` grants attempts, and records how they ended.
AttemptGate limited_gate(const JoinCode& code, JoinAttemptLimiter& limiter) {
  return [code, &limiter]() -> std::optional<HostAttempt> {
    const auto reservation = limiter.try_reserve();
    if (!reservation) return std::nullopt;
    return HostAttempt{code, [&limiter, r = *reservation](AttemptEnd end) {
                         if (end == AttemptEnd::succeeded) limiter.succeeded(r);
                         if (end == AttemptEnd::untested) limiter.untested(r);
                         if (end == AttemptEnd::failed) limiter.failed(r);
                       }};
  };
}

/// Runs the host side and records its result and the failures it counted.
struct HostSide {
  HostSide(Connection& c, const JoinCode& code, JoinAttemptLimiter& limiter, JoinOptions options = {}) {
    join_as_host(c.host, limited_gate(code, limiter), options, [this](const JoinResult& r) { result = r; });
  }
  std::optional<JoinResult> result;
};

/// A joiner's pake_init for `code` on this joiner end, and the CPace session behind it.
CpaceSession joiner_session(const Channel& joiner_end, const JoinCode& code);

/// A hand-driven peer: starts the channel and records what arrives.
struct ScriptedPeer {
  explicit ScriptedPeer(std::shared_ptr<Channel> c) : channel(std::move(c)) {
    channel->start([this](const json& frame) { frames.push_back(frame); },
                   [this](const std::string& reason) { closed = reason; });
  }
  std::shared_ptr<Channel> channel;
  std::vector<json> frames;
  std::optional<std::string> closed;
};

Bytes ci_for(const Channel& joiner_end) {
  return cpace_lv_cat({joiner_end.local_fingerprint(), joiner_end.peer_fingerprint()});
}

CpaceSession joiner_session(const Channel& joiner_end, const JoinCode& code) {
  return CpaceSession(CpaceRole::initiator, code.prs(), ci_for(joiner_end), joiner_end.join_exporter(),
                      bytes_of(kJoinerAd));
}

}  // namespace

TEST_CASE("Joining with the right code succeeds and both sides get the same ISK", "[net][join]") {
  Connection c;
  const JoinCode code = generate_join_code();
  JoinAttemptLimiter limiter;
  HostSide host(c, code, limiter);
  std::optional<JoinResult> joined;
  join_as_joiner(c.joiner, parse_join_code(code.display()), {}, [&](const JoinResult& r) { joined = r; });

  REQUIRE(run_until(c.io, [&] { return host.result && joined; }));
  CHECK(host.result->outcome == JoinOutcome::success);
  CHECK(joined->outcome == JoinOutcome::success);
  CHECK(joined->isk.size() == kCpaceIskBytes);
  CHECK(joined->isk == host.result->isk);
  CHECK(limiter.failures() == 0);
  CHECK(limiter.in_flight() == 0);  // the reservation is released on success

  // The channel is handed over open: the next phase's frames flow both ways.
  std::vector<json> at_host, at_joiner;
  c.host->set_frame_handler([&](const json& f) { at_host.push_back(f); });
  c.joiner->set_frame_handler([&](const json& f) { at_joiner.push_back(f); });
  c.host->send({{"type", "sync_hello"}});
  c.joiner->send({{"type", "sync_hello"}});
  REQUIRE(run_until(c.io, [&] { return at_host.size() == 1 && at_joiner.size() == 1; }));
}

TEST_CASE("Two joins over different connections give different keys", "[net][join]") {
  const JoinCode code = generate_join_code();
  std::vector<Bytes> keys;
  for (int i = 0; i < 2; ++i) {
    Connection c;
    JoinAttemptLimiter limiter;
    HostSide host(c, code, limiter);
    std::optional<JoinResult> joined;
    join_as_joiner(c.joiner, code, {}, [&](const JoinResult& r) { joined = r; });
    REQUIRE(run_until(c.io, [&] { return host.result && joined; }));
    REQUIRE(joined->outcome == JoinOutcome::success);
    keys.push_back(joined->isk);
  }
  CHECK(keys[0] != keys[1]);
}

TEST_CASE("A wrong code is refused on both sides and counted against the code", "[net][join]") {
  const JoinCode code = generate_join_code();
  JoinAttemptLimiter limiter;
  for (unsigned attempt = 1; attempt <= JoinAttemptLimiter::kDefaultMaxFailures; ++attempt) {
    Connection c;
    HostSide host(c, code, limiter);
    JoinCode wrong = code;
    wrong.bits[4] ^= 0x01;
    std::optional<JoinResult> joined;
    join_as_joiner(c.joiner, wrong, {}, [&](const JoinResult& r) { joined = r; });
    REQUIRE(run_until(c.io, [&] { return host.result && joined; }));
    CHECK(host.result->outcome == JoinOutcome::wrong_code);
    CHECK(joined->outcome == JoinOutcome::wrong_code);
    CHECK_THAT(joined->reason, Catch::Contains("wrong_code"));
    CHECK(joined->isk.empty());
    CHECK(host.result->isk.empty());
    CHECK_FALSE(c.host->is_open());
    CHECK_FALSE(c.joiner->is_open());
    CHECK(limiter.failures() == attempt);
  }
  CHECK(limiter.must_rotate());  // the caller now issues a new code
}

TEST_CASE("A garbled pake message is a protocol error and is not counted as a guess", "[net][join]") {
  Connection c;
  JoinAttemptLimiter limiter;
  HostSide host(c, generate_join_code(), limiter);
  ScriptedPeer rogue(c.joiner);
  SECTION("not base64") {
    rogue.channel->send({{"type", "pake_init"}, {"msg", "%%% not base64 %%%"}});
  }
  SECTION("base64, but not a CPace message") {
    rogue.channel->send({{"type", "pake_init"}, {"msg", base64_encode(Bytes(40, 0xff))}});
  }
  SECTION("a well-formed message whose point is not a valid ristretto255 encoding") {
    Bytes message = cpace_lv_cat({Bytes(32, 0xff), bytes_of(kJoinerAd)});
    rogue.channel->send({{"type", "pake_init"}, {"msg", base64_encode(message)}});
  }
  SECTION("msg missing") {
    rogue.channel->send({{"type", "pake_init"}});
  }
  REQUIRE(run_until(c.io, [&] { return host.result && rogue.closed; }));
  CHECK(host.result->outcome == JoinOutcome::protocol_error);
  REQUIRE_FALSE(rogue.frames.empty());
  CHECK(rogue.frames.back()["type"] == "error");
  CHECK(rogue.frames.back()["code"] == "protocol_error");
  CHECK(limiter.failures() == 0);
  CHECK(limiter.in_flight() == 0);  // a reservation, if one was made, is released: no code was tested
}

TEST_CASE("A garbled pake response is a protocol error for the joiner", "[net][join]") {
  Connection c;
  ScriptedPeer rogue_host(c.host);
  std::optional<JoinResult> joined;
  join_as_joiner(c.joiner, generate_join_code(), {}, [&](const JoinResult& r) { joined = r; });
  REQUIRE(run_until(c.io, [&] { return rogue_host.frames.size() == 1; }));
  CHECK(rogue_host.frames[0]["type"] == "pake_init");
  rogue_host.channel->send({{"type", "pake_resp"}, {"msg", base64_encode(Bytes{0x20, 1, 2, 3})}});
  REQUIRE(run_until(c.io, [&] { return joined.has_value(); }));
  CHECK(joined->outcome == JoinOutcome::protocol_error);
  CHECK_THAT(joined->reason, Catch::StartsWith("invalid CPace message"));
}

TEST_CASE("A CPace run not bound to this TLS connection fails even with the right code", "[net][join]") {
  // A relay between two TLS connections cannot forward CPace messages: the sid is the
  // connection's exporter value, so its keys differ and the host refuses the confirmation.
  Connection c;
  const JoinCode code = generate_join_code();
  JoinAttemptLimiter limiter;
  HostSide host(c, code, limiter);
  ScriptedPeer rogue(c.joiner);
  const Bytes other_sid(32, 0x42);  // e.g. the exporter of the relay's other connection
  CpaceSession session(CpaceRole::initiator, code.prs(), ci_for(*c.joiner), other_sid, bytes_of(kJoinerAd));
  rogue.channel->send({{"type", "pake_init"}, {"msg", base64_encode(session.message())}});
  REQUIRE(run_until(c.io, [&] { return rogue.frames.size() == 1; }));
  REQUIRE(rogue.frames[0]["type"] == "pake_resp");
  session.receive(*base64_decode(rogue.frames[0]["msg"].get<std::string>()));
  rogue.channel->send({{"type", "pake_confirm"}, {"tag", base64_encode(session.confirmation_tag())}});
  REQUIRE(run_until(c.io, [&] { return host.result && rogue.closed; }));
  CHECK(host.result->outcome == JoinOutcome::wrong_code);
  CHECK(rogue.frames.back()["code"] == "wrong_code");
  CHECK(limiter.failures() == 1);
}

TEST_CASE("A host that does not know the code cannot confirm, and the joiner says so", "[net][join]") {
  Connection c;
  const JoinCode code = generate_join_code();
  ScriptedPeer impostor(c.host);
  std::optional<JoinResult> joined;
  join_as_joiner(c.joiner, code, {}, [&](const JoinResult& r) { joined = r; });
  REQUIRE(run_until(c.io, [&] { return impostor.frames.size() == 1; }));
  // The impostor plays CPace honestly but with its own guess of the code.
  JoinCode guess = code;
  guess.bits[0] ^= 0x80;
  CpaceSession session(CpaceRole::responder, guess.prs(), ci_for(*c.joiner), c.host->join_exporter(),
                       bytes_of(kHostAd));
  session.receive(*base64_decode(impostor.frames[0]["msg"].get<std::string>()));
  impostor.channel->send({{"type", "pake_resp"}, {"msg", base64_encode(session.message())}});
  REQUIRE(run_until(c.io, [&] { return impostor.frames.size() == 2; }));
  CHECK(impostor.frames[1]["type"] == "pake_confirm");
  CHECK_FALSE(session.verify_peer_confirmation(*base64_decode(impostor.frames[1]["tag"].get<std::string>())));
  impostor.channel->send({{"type", "pake_confirm"}, {"tag", base64_encode(session.confirmation_tag())}});
  REQUIRE(run_until(c.io, [&] { return joined && impostor.closed; }));
  CHECK(joined->outcome == JoinOutcome::confirmation_failed);
  CHECK(impostor.frames.back()["code"] == "confirmation_failed");
}

TEST_CASE("A joiner that drops mid-handshake gives the host a clean error, counted as an attempt",
          "[net][join]") {
  Connection c;
  const JoinCode code = generate_join_code();
  JoinAttemptLimiter limiter;
  HostSide host(c, code, limiter);
  ScriptedPeer quitter(c.joiner);
  CpaceSession session(CpaceRole::initiator, code.prs(), ci_for(*c.joiner), c.joiner->join_exporter(),
                       bytes_of(kJoinerAd));
  quitter.channel->send({{"type", "pake_init"}, {"msg", base64_encode(session.message())}});
  REQUIRE(run_until(c.io, [&] { return quitter.frames.size() == 1; }));  // pake_resp arrived
  quitter.channel->close("user cancelled");
  REQUIRE(run_until(c.io, [&] { return host.result.has_value(); }));
  CHECK(host.result->outcome == JoinOutcome::connection_lost);
  CHECK_THAT(host.result->reason, Catch::Contains("peer closed the connection"));
  CHECK(limiter.failures() == 1);
}

TEST_CASE("A host that drops mid-handshake gives the joiner a clean error", "[net][join]") {
  Connection c;
  ScriptedPeer quitter(c.host);
  std::optional<JoinResult> joined;
  join_as_joiner(c.joiner, generate_join_code(), {}, [&](const JoinResult& r) { joined = r; });
  REQUIRE(run_until(c.io, [&] { return quitter.frames.size() == 1; }));
  quitter.channel->close("host shutting down");
  REQUIRE(run_until(c.io, [&] { return joined.has_value(); }));
  CHECK(joined->outcome == JoinOutcome::connection_lost);
  CHECK(joined->reason == "connection closed during the join: peer closed the connection");
}

TEST_CASE("A silent host makes the join time out", "[net][join]") {
  Connection c;
  ScriptedPeer silent(c.host);
  std::optional<JoinResult> joined;
  JoinOptions options;
  options.timeout = 300ms;
  join_as_joiner(c.joiner, generate_join_code(), options, [&](const JoinResult& r) { joined = r; });
  REQUIRE(run_until(c.io, [&] { return joined.has_value(); }, 5s));
  CHECK(joined->outcome == JoinOutcome::timeout);
  REQUIRE(run_until(c.io, [&] { return silent.closed.has_value(); }));
  CHECK(silent.frames.back()["code"] == "timeout");
}

TEST_CASE("No other frame is accepted before the join has succeeded", "[net][join]") {
  Connection c;
  JoinAttemptLimiter limiter;
  HostSide host(c, generate_join_code(), limiter);
  ScriptedPeer eager(c.joiner);
  eager.channel->send({{"type", "op"}, {"data", "document data before the join"}});
  REQUIRE(run_until(c.io, [&] { return host.result && eager.closed; }));
  CHECK(host.result->outcome == JoinOutcome::protocol_error);
  CHECK(host.result->reason == "unexpected \"op\" frame during the join");
  CHECK(eager.frames.back()["code"] == "protocol_error");
}

TEST_CASE("A joiner that never speaks is timed out by the host, and no guess is counted", "[net][join]") {
  Connection c;
  JoinAttemptLimiter limiter;
  JoinOptions options;
  options.timeout = 300ms;
  HostSide host(c, generate_join_code(), limiter, options);
  ScriptedPeer silent(c.joiner);
  REQUIRE(run_until(c.io, [&] { return host.result && silent.closed; }, 5s));
  CHECK(host.result->outcome == JoinOutcome::timeout);
  CHECK(silent.frames.back()["code"] == "timeout");
  CHECK(limiter.failures() == 0);
  CHECK(limiter.in_flight() == 0);
}

TEST_CASE("While five attempts at a code are in flight a sixth is refused untested with try_later", "[net][join]") {
  const JoinCode code = generate_join_code();
  JoinCode wrong = code;
  wrong.bits[2] ^= 0x40;
  JoinAttemptLimiter limiter;
  // Five runs with a wrong code get as far as the host's CPace message, and wait there.
  struct Held {
    std::unique_ptr<Connection> c;
    std::unique_ptr<HostSide> host;
    std::unique_ptr<ScriptedPeer> guesser;
    std::optional<CpaceSession> session;
  };
  std::vector<Held> held(JoinAttemptLimiter::kDefaultMaxFailures);
  for (auto& h : held) {
    h.c = std::make_unique<Connection>();
    h.host = std::make_unique<HostSide>(*h.c, code, limiter);
    h.guesser = std::make_unique<ScriptedPeer>(h.c->joiner);
    h.session.emplace(joiner_session(*h.c->joiner, wrong));
    h.guesser->channel->send({{"type", "pake_init"}, {"msg", base64_encode(h.session->message())}});
    REQUIRE(run_until(h.c->io, [&] { return h.guesser->frames.size() == 1; }));
    REQUIRE(h.guesser->frames[0]["type"] == "pake_resp");
  }
  CHECK(limiter.in_flight() == 5);
  CHECK(limiter.failures() == 0);
  CHECK(limiter.remaining() == 0);

  // A sixth run, even with the right code, is refused before any code is tested.
  {
    Connection c;
    HostSide host(c, code, limiter);
    std::optional<JoinResult> joined;
    join_as_joiner(c.joiner, code, {}, [&](const JoinResult& r) { joined = r; });
    REQUIRE(run_until(c.io, [&] { return host.result && joined; }));
    CHECK(host.result->outcome == JoinOutcome::try_later);
    CHECK(joined->outcome == JoinOutcome::try_later);
    CHECK_THAT(joined->reason, Catch::Contains("try_later"));
    CHECK(to_string(joined->outcome) == "try_later");
  }
  CHECK(limiter.in_flight() == 5);
  CHECK(limiter.failures() == 0);

  // The five send their (wrong) tags: five counted failures, and the code must be rotated.
  for (auto& h : held) {
    h.session->receive(*base64_decode(h.guesser->frames[0]["msg"].get<std::string>()));
    h.guesser->channel->send({{"type", "pake_confirm"}, {"tag", base64_encode(h.session->confirmation_tag())}});
    REQUIRE(run_until(h.c->io, [&] { return h.host->result && h.guesser->closed; }));
    CHECK(h.host->result->outcome == JoinOutcome::wrong_code);
  }
  CHECK(limiter.in_flight() == 0);
  CHECK(limiter.failures() == 5);
  CHECK(limiter.must_rotate());
}

TEST_CASE("A run that reserved an attempt and succeeded frees it for the next joiner", "[net][join]") {
  const JoinCode code = generate_join_code();
  JoinAttemptLimiter limiter(1);  // one attempt at a time
  for (int i = 0; i < 3; ++i) {
    Connection c;
    HostSide host(c, code, limiter);
    std::optional<JoinResult> joined;
    join_as_joiner(c.joiner, code, {}, [&](const JoinResult& r) { joined = r; });
    REQUIRE(run_until(c.io, [&] { return host.result && joined; }));
    CHECK(joined->outcome == JoinOutcome::success);
    CHECK(limiter.in_flight() == 0);
    CHECK(limiter.failures() == 0);
  }
}

TEST_CASE("A host without a gate tests no code and answers try_later", "[net][join]") {
  Connection c;
  std::optional<JoinResult> hosted, joined;
  join_as_host(c.host, nullptr, {}, [&](const JoinResult& r) { hosted = r; });
  join_as_joiner(c.joiner, generate_join_code(), {}, [&](const JoinResult& r) { joined = r; });
  REQUIRE(run_until(c.io, [&] { return hosted && joined; }));
  CHECK(hosted->outcome == JoinOutcome::try_later);
  CHECK(joined->outcome == JoinOutcome::try_later);
}
