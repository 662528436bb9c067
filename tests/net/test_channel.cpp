// Channel and ChannelListener (src/net/channel.hpp), over TLS 1.3 on 127.0.0.1 only.
#include <catch2/catch.hpp>

#include "net_test_support.hpp"
#include "tls_test_support.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>

#include "net/channel.hpp"

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using boost::system::error_code;
using json = nlohmann::json;
using renkei::net::Channel;
using renkei::net::ChannelListener;
using renkei::net::ChannelOptions;
using renkei::net::TlsRole;
using renkei::net::test::LogCapture;
using renkei::net::test::run_for;
using renkei::net::test::run_until;
using namespace std::chrono_literals;

namespace {

const tcp::endpoint kLoopbackAnyPort(asio::ip::make_address("127.0.0.1"), 0);

/// A host identity with a listener on 127.0.0.1, and a client identity.
struct Fixture {
  explicit Fixture(ChannelOptions server_options = {}) {
    listener = ChannelListener::listen(io, renkei::net::make_tls_context(host_identity, TlsRole::server),
                                       kLoopbackAnyPort, server_options,
                                       [this](std::shared_ptr<Channel> channel) { accepted.push_back(channel); });
  }
  ~Fixture() {
    listener->close();
    for (auto& channel : accepted) channel->close("test over");
    for (auto& channel : connected) channel->close("test over");
  }

  /// Connects a client channel and waits for both ends. Returns the client end.
  std::shared_ptr<Channel> connect(ChannelOptions options = {}) {
    const std::size_t before = accepted.size();
    std::shared_ptr<Channel> client;
    error_code error = asio::error::would_block;
    Channel::connect(io, client_tls, listener->local_endpoint(), options,
                     [&](const error_code& e, std::shared_ptr<Channel> channel) {
                       error = e;
                       client = std::move(channel);
                     });
    REQUIRE(run_until(io, [&] { return error != asio::error::would_block && accepted.size() > before; }));
    REQUIRE_FALSE(error);
    REQUIRE(client);
    connected.push_back(client);
    return client;
  }

  asio::io_context io;
  renkei::net::TlsIdentity host_identity = renkei::net::test::make_test_identity();
  renkei::net::TlsIdentity client_identity = renkei::net::test::make_test_identity();
  std::shared_ptr<ssl::context> client_tls = renkei::net::make_tls_context(client_identity, TlsRole::client);
  std::shared_ptr<ChannelListener> listener;
  std::vector<std::shared_ptr<Channel>> accepted;
  std::vector<std::shared_ptr<Channel>> connected;
};

/// Frames and the close reason one channel end received.
struct Inbox {
  std::vector<json> frames;
  std::vector<std::string> closed;  // one entry per closed-handler call

  void attach(Channel& channel) {
    channel.start([this](const json& frame) { frames.push_back(frame); },
                  [this](const std::string& reason) { closed.push_back(reason); });
  }
};

/// A TLS client that writes raw bytes after the handshake: what a buggy or hostile peer sends.
struct RawTlsClient {
  RawTlsClient(asio::io_context& io, std::shared_ptr<ssl::context> tls, const tcp::endpoint& to)
      : context(std::move(tls)), stream(io, *context) {
    stream.lowest_layer().connect(to);
    bool done = false;
    error_code error;
    stream.async_handshake(ssl::stream_base::client, [&](const error_code& e) {
      error = e;
      done = true;
    });
    REQUIRE(run_until(io, [&] { return done; }));
    REQUIRE_FALSE(error);
  }

  void write(const std::vector<std::uint8_t>& bytes, asio::io_context& io) {
    bool done = false;
    asio::async_write(stream, asio::buffer(bytes), [&](const error_code&, std::size_t) { done = true; });
    REQUIRE(run_until(io, [&] { return done; }));
  }

  /// Reads until the server closes; returns the error that ended reading.
  error_code read_until_closed(asio::io_context& io) {
    error_code result;
    bool done = false;
    std::function<void()> read_more = [&] {
      stream.async_read_some(asio::buffer(buffer), [&](const error_code& e, std::size_t) {
        if (e) {
          result = e;
          done = true;
        } else {
          read_more();
        }
      });
    };
    read_more();
    REQUIRE(run_until(io, [&] { return done; }));
    return result;
  }

  std::shared_ptr<ssl::context> context;
  ssl::stream<tcp::socket> stream;
  std::array<char, 4096> buffer{};
};

}  // namespace

TEST_CASE("A channel exchanges frames both ways over TLS 1.3", "[net][channel]") {
  Fixture f;
  auto client = f.connect();
  auto server = f.accepted.back();
  Inbox client_inbox, server_inbox;
  client_inbox.attach(*client);
  server_inbox.attach(*server);

  client->send({{"type", "hello"}, {"text", "こんにちは"}});
  client->send({{"type", "second"}});
  server->send({{"type", "welcome"}, {"n", 1}});
  REQUIRE(run_until(f.io, [&] { return server_inbox.frames.size() == 2 && client_inbox.frames.size() == 1; }));
  CHECK(server_inbox.frames[0] == json{{"type", "hello"}, {"text", "こんにちは"}, {"v", 1}});
  CHECK(server_inbox.frames[1]["type"] == "second");
  CHECK(client_inbox.frames[0]["n"] == 1);
  CHECK(client->is_open());
  CHECK(server->is_open());
}

TEST_CASE("Both ends see each other's certificate fingerprints and the same exporter value",
          "[net][channel]") {
  Fixture f;
  auto client = f.connect();
  auto server = f.accepted.back();
  CHECK(client->peer_fingerprint() == f.host_identity.fingerprint);
  CHECK(client->local_fingerprint() == f.client_identity.fingerprint);
  CHECK(server->peer_fingerprint() == f.client_identity.fingerprint);
  CHECK(server->local_fingerprint() == f.host_identity.fingerprint);

  CHECK(client->join_exporter() == server->join_exporter());
  CHECK(client->join_exporter() != std::array<std::uint8_t, 32>{});
  // The exporter is the RFC 8446 §7.5 value for our label with no context.
  const auto explicit_value = client->export_keying_material(renkei::net::kJoinExporterLabel, 32);
  CHECK(std::equal(explicit_value.begin(), explicit_value.end(), client->join_exporter().begin()));
  // Another label, or another connection, gives another value.
  CHECK(client->export_keying_material("EXPORTER-renkei-other", 32) != explicit_value);
  auto second = f.connect();
  CHECK(second->join_exporter() != client->join_exporter());
}

TEST_CASE("A bad frame closes that one connection with the logged reason, and the listener keeps accepting",
          "[net][channel]") {
  LogCapture log;
  Fixture f;
  // A well-behaved connection that must survive.
  auto good = f.connect();
  auto good_server = f.accepted.back();
  Inbox good_inbox, good_server_inbox;
  good_inbox.attach(*good);
  good_server_inbox.attach(*good_server);

  // A peer that completes TLS, then writes a frame whose body is not JSON.
  RawTlsClient raw(f.io, f.client_tls, f.listener->local_endpoint());
  REQUIRE(run_until(f.io, [&] { return f.accepted.size() == 2; }));
  auto bad_server = f.accepted.back();
  Inbox bad_inbox;
  bad_inbox.attach(*bad_server);
  raw.write({0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'}, f.io);

  REQUIRE(run_until(f.io, [&] { return bad_inbox.closed.size() == 1; }));
  CHECK(bad_inbox.frames.empty());
  CHECK_THAT(bad_inbox.closed[0], Catch::StartsWith("bad frame (invalid_json): invalid JSON"));
  CHECK(log.contains("closing connection with 127.0.0.1:"));
  CHECK(log.contains("bad frame (invalid_json)"));
  // The hostile peer sees its connection end (close_notify, then EOF).
  CHECK(raw.read_until_closed(f.io) == asio::error::eof);

  // The other connection is untouched, and new ones are still accepted.
  CHECK(good_server->is_open());
  good->send({{"type", "still_here"}});
  REQUIRE(run_until(f.io, [&] { return good_server_inbox.frames.size() == 1; }));
  auto later = f.connect();
  auto later_server = f.accepted.back();
  Inbox later_inbox;
  later_inbox.attach(*later_server);
  later->send({{"type", "later"}});
  REQUIRE(run_until(f.io, [&] { return later_inbox.frames.size() == 1; }));
  CHECK(good_inbox.closed.empty());
  CHECK(good_server_inbox.closed.empty());
}

TEST_CASE("A bad frame's bytes are escaped in the logged and reported reason, which stays well-formed UTF-8",
          "[net][channel]") {
  LogCapture log;
  Fixture f;
  RawTlsClient raw(f.io, f.client_tls, f.listener->local_endpoint());
  REQUIRE(run_until(f.io, [&] { return f.accepted.size() == 1; }));
  Inbox inbox;
  inbox.attach(*f.accepted.back());
  const std::string body = "{\"v\":1,\"type\":\"\xff\n";  // an ill-formed byte inside a string
  std::vector<std::uint8_t> frame{0, 0, 0, static_cast<std::uint8_t>(body.size())};
  frame.insert(frame.end(), body.begin(), body.end());
  raw.write(frame, f.io);

  REQUIRE(run_until(f.io, [&] { return inbox.closed.size() == 1; }));
  CHECK_THAT(inbox.closed[0], Catch::StartsWith("bad frame (invalid_json): invalid JSON"));
  CHECK_THAT(inbox.closed[0], Catch::Contains("last read: '\"\\xFF'"));
  CHECK_NOTHROW(json(inbox.closed[0]).dump());  // dump() refuses ill-formed UTF-8
  bool logged = false;
  for (const auto& line : log.lines()) {
    INFO(line);
    CHECK_NOTHROW(json(line).dump());
    CHECK(line.find('\xff') == std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    logged |= line.find("bad frame (invalid_json)") != std::string::npos &&
              line.find("last read: '\"\\xFF'") != std::string::npos;
  }
  CHECK(logged);
}

TEST_CASE("An oversized length prefix closes the connection before its body is sent", "[net][channel]") {
  ChannelOptions small;
  small.max_frame_bytes = 1024;
  Fixture f(small);
  RawTlsClient raw(f.io, f.client_tls, f.listener->local_endpoint());
  REQUIRE(run_until(f.io, [&] { return f.accepted.size() == 1; }));
  Inbox inbox;
  inbox.attach(*f.accepted.back());
  raw.write({0, 0, 4, 1}, f.io);  // announces 1025 bytes; no body follows
  REQUIRE(run_until(f.io, [&] { return inbox.closed.size() == 1; }));
  CHECK(inbox.closed[0] == "bad frame (oversized): frame of 1025 bytes exceeds the limit of 1024 bytes");
}

TEST_CASE("Closing flushes queued frames, and each side's closed handler runs exactly once",
          "[net][channel]") {
  Fixture f;
  auto client = f.connect();
  auto server = f.accepted.back();
  Inbox client_inbox, server_inbox;
  client_inbox.attach(*client);
  server_inbox.attach(*server);
  for (int i = 0; i < 3; ++i) server->send({{"type", "item"}, {"i", i}});
  server->close("meeting ended");
  server->close("second reason is ignored");
  server->send({{"type", "after_close"}});  // dropped
  CHECK_FALSE(server->is_open());
  CHECK(server->close_reason() == "meeting ended");

  REQUIRE(run_until(f.io, [&] { return client_inbox.closed.size() == 1 && server_inbox.closed.size() == 1; }));
  run_for(f.io, 100ms);  // nothing more may arrive
  REQUIRE(client_inbox.frames.size() == 3);
  CHECK(client_inbox.frames[2]["i"] == 2);
  CHECK(server_inbox.closed == std::vector<std::string>{"meeting ended"});
  CHECK(client_inbox.closed == std::vector<std::string>{"peer closed the connection"});
}

TEST_CASE("A frame handler can pause delivery and hand the channel to the next phase without losing frames",
          "[net][channel]") {
  Fixture f;
  auto client = f.connect();
  auto server = f.accepted.back();
  std::vector<int> first_phase, second_phase;
  server->start(
      [&](const json& frame) {
        first_phase.push_back(frame["i"].get<int>());
        server->set_frame_handler(nullptr);  // pause after one frame
      },
      [](const std::string&) {});
  for (int i = 0; i < 5; ++i) client->send({{"type", "item"}, {"i", i}});
  REQUIRE(run_until(f.io, [&] { return first_phase.size() == 1; }));
  run_for(f.io, 100ms);
  CHECK(first_phase.size() == 1);  // paused: nothing else delivered
  server->set_frame_handler([&](const json& frame) { second_phase.push_back(frame["i"].get<int>()); });
  REQUIRE(run_until(f.io, [&] { return second_phase.size() == 4; }));
  CHECK(first_phase == std::vector<int>{0});
  CHECK(second_phase == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("An exception from the frame handler closes that channel with the reason", "[net][channel]") {
  Fixture f;
  auto client = f.connect();
  auto server = f.accepted.back();
  std::vector<std::string> closed;
  server->start([](const json& frame) { (void)frame.at("missing_field"); },
                [&](const std::string& reason) { closed.push_back(reason); });
  client->send({{"type", "op"}});
  REQUIRE(run_until(f.io, [&] { return closed.size() == 1; }));
  CHECK_THAT(closed[0], Catch::StartsWith("frame handler failed on a \"op\" frame:"));
}

TEST_CASE("Connecting where nothing listens reports an error", "[net][channel]") {
  asio::io_context io;
  auto identity = renkei::net::test::make_test_identity();
  // Find a free port, then close it again.
  tcp::acceptor probe(io, kLoopbackAnyPort);
  const auto endpoint = probe.local_endpoint();
  probe.close();
  error_code error;
  bool done = false;
  std::shared_ptr<Channel> channel;
  Channel::connect(io, renkei::net::make_tls_context(identity, TlsRole::client), endpoint, {},
                   [&](const error_code& e, std::shared_ptr<Channel> c) {
                     error = e;
                     channel = c;
                     done = true;
                   });
  REQUIRE(run_until(io, [&] { return done; }));
  CHECK(error == asio::error::connection_refused);
  CHECK_FALSE(channel);
}

TEST_CASE("Connecting to a peer that never answers the TLS handshake times out", "[net][channel]") {
  asio::io_context io;
  auto identity = renkei::net::test::make_test_identity();
  tcp::acceptor silent(io, kLoopbackAnyPort);  // the kernel completes TCP; nobody speaks TLS
  ChannelOptions options;
  options.connect_timeout = 300ms;
  error_code error;
  bool done = false;
  const auto started = std::chrono::steady_clock::now();
  Channel::connect(io, renkei::net::make_tls_context(identity, TlsRole::client), silent.local_endpoint(),
                   options, [&](const error_code& e, std::shared_ptr<Channel>) {
                     error = e;
                     done = true;
                   });
  REQUIRE(run_until(io, [&] { return done; }, 5s));
  CHECK(error == asio::error::timed_out);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("The listener drops a connection that does not finish the TLS handshake in time",
          "[net][channel]") {
  LogCapture log;
  ChannelOptions options;
  options.handshake_timeout = 200ms;
  Fixture f(options);
  tcp::socket idle(f.io);
  idle.connect(f.listener->local_endpoint());  // TCP only, never starts TLS
  std::array<char, 16> buffer{};
  error_code read_error;
  bool closed = false;
  idle.async_read_some(asio::buffer(buffer), [&](const error_code& e, std::size_t) {
    read_error = e;
    closed = true;
  });
  REQUIRE(run_until(f.io, [&] { return closed; }, 5s));
  CHECK(read_error == asio::error::eof);
  CHECK(f.accepted.empty());
  CHECK(log.contains("TLS handshake with 127.0.0.1:"));
  // Still accepting.
  auto client = f.connect();
  CHECK(client->is_open());
}

TEST_CASE("A client without a certificate, or offering only TLS 1.2, gets no channel", "[net][channel]") {
  LogCapture log;
  Fixture f;
  auto try_handshake = [&](ssl::context& context) {
    ssl::stream<tcp::socket> stream(f.io, context);
    stream.lowest_layer().connect(f.listener->local_endpoint());
    bool done = false;
    std::array<char, 16> sink{};
    stream.async_handshake(ssl::stream_base::client, [&](const error_code&) {
      // TLS 1.3 clients finish before the server has checked their certificate; read to see
      // the server's verdict.
      stream.async_read_some(asio::buffer(sink), [&](const error_code&, std::size_t) {
        done = true;
      });
    });
    REQUIRE(run_until(f.io, [&] { return done; }));
  };
  SECTION("no client certificate") {
    ssl::context no_certificate(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(no_certificate.native_handle(), TLS1_3_VERSION);
    no_certificate.set_verify_mode(ssl::verify_none);
    try_handshake(no_certificate);
  }
  SECTION("TLS 1.2 only") {
    ssl::context old_tls(ssl::context::tls_client);
    SSL_CTX_set_max_proto_version(old_tls.native_handle(), TLS1_2_VERSION);
    old_tls.set_verify_mode(ssl::verify_none);
    try_handshake(old_tls);
  }
  run_for(f.io, 50ms);
  CHECK(f.accepted.empty());
  CHECK(log.contains("TLS handshake with 127.0.0.1:"));
}
