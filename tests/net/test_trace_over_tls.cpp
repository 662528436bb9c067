// The concurrent shared editing trace (friendsforever, ../shared/data/editing-traces) replayed
// with every merge travelling as real sync messages over real TLS 1.3 channels on 127.0.0.1:
// each agent's replica speaks through its own end of a Channel, so the SyncSession messages are
// encoded as frames, encrypted, sent through the kernel's loopback and decoded again
// (issue 3: "the concurrent shared trace also replays through real sync messages over real
// loopback sockets with TLS").
#include <catch2/catch.hpp>

#include "net_test_support.hpp"
#include "tls_test_support.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <utility>

#include "cli/gzip_file.hpp"
#include "core/editing_trace.hpp"
#include "core/sync.hpp"
#include "net/channel.hpp"

namespace asio = boost::asio;
using asio::ip::tcp;
using json = nlohmann::json;
using renkei::core::Document;
using renkei::core::SyncSession;
using renkei::core::VersionVector;
using renkei::net::Channel;
using renkei::net::ChannelListener;
using renkei::net::TlsRole;
using renkei::net::test::run_until;

namespace {

/// One TLS connection per pair of replicas, opened on first use; each replica always talks
/// through the same end (the one with the lower address holds the client end).
class TlsPairs {
 public:
  TlsPairs() {
    listener_ = ChannelListener::listen(io_, renkei::net::make_tls_context(server_identity_, TlsRole::server),
                                        tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), {},
                                        [this](std::shared_ptr<Channel> c) { accepted_ = std::move(c); });
  }
  ~TlsPairs() {
    listener_->close();
    for (auto& [key, pair] : pairs_) {
      pair.first->close("replay over");
      pair.second->close("replay over");
    }
    run_until(io_, [this] { return io_.stopped(); }, std::chrono::milliseconds(2000));
  }

  /// The ends `a` and `b` speak through (connected and started with no handler).
  std::pair<Channel*, Channel*> ends(const Document& a, const Document& b) {
    const bool a_first = &a < &b;
    const auto key = a_first ? std::make_pair(&a, &b) : std::make_pair(&b, &a);
    auto it = pairs_.find(key);
    if (it == pairs_.end()) {
      std::shared_ptr<Channel> client;
      boost::system::error_code error = asio::error::would_block;
      accepted_.reset();
      Channel::connect(io_, client_tls_, listener_->local_endpoint(), {},
                       [&](const boost::system::error_code& e, std::shared_ptr<Channel> c) {
                         error = e;
                         client = std::move(c);
                       });
      REQUIRE(run_until(io_, [&] { return error != asio::error::would_block && accepted_; }));
      REQUIRE_FALSE(error);
      it = pairs_.emplace(key, std::make_pair(client, accepted_)).first;
      for (auto* c : {client.get(), accepted_.get()}) c->start({}, [](const std::string&) {});
    }
    Channel* first = it->second.first.get();
    Channel* second = it->second.second.get();
    return a_first ? std::make_pair(first, second) : std::make_pair(second, first);
  }

  /// A TracePull whose messages go over the TLS channel between `to` and `from`.
  void pull(Document& to, const Document& from, const std::map<std::string, VersionVector>* limit) {
    auto [to_end, from_end] = ends(to, from);
    SyncSession asking(to, {renkei::core::kAllAttendees});
    SyncSession::Options options;
    options.limit = limit;
    SyncSession answering(from, {renkei::core::kAllAttendees}, options);
    asking.start();
    answering.start();
    std::size_t hellos = 0, hellos_in = 0, answers = 0, answers_in = 0;
    // Both ends say hello, as on a real connection; what `to` queues in reply stays unsent (one
    // direction only, as in pull_in_memory: `from` learns nothing).
    for (const auto& hello : answering.take_outgoing()) {
      from_end->send(hello);
      ++answers;
    }
    from_end->set_frame_handler([&](const json& frame) {
      ++hellos_in;
      answering.receive(frame);
      for (const auto& message : answering.take_outgoing()) {
        from_end->send(message);
        ++answers;
      }
    });
    to_end->set_frame_handler([&](const json& frame) {
      ++answers_in;
      auto ops = asking.receive(frame);
      if (!ops.empty()) to.receive(std::move(ops));
      (void)asking.take_outgoing();
    });
    for (const auto& hello : asking.take_outgoing()) {
      to_end->send(hello);
      ++hellos;
    }
    // Done when the answer to every hello has arrived (the answering side sends its whole answer
    // from the handler of the hello, so `answers` is final once the hellos are in).
    REQUIRE(run_until(io_, [&] { return hellos_in == hellos && answers_in == answers; }));
    INFO("to: " << to_end->close_reason() << "; from: " << from_end->close_reason());
    REQUIRE(to_end->is_open());
    REQUIRE(from_end->is_open());
    from_end->set_frame_handler({});
    to_end->set_frame_handler({});
    frames_ += hellos + answers;
    ++pulls_;
    bytes_ = 0;
    for (const auto& [key, pair] : pairs_) bytes_ += pair.first->bytes_sent() + pair.second->bytes_sent();
  }

  std::size_t frames() const { return frames_; }
  std::size_t pulls() const { return pulls_; }
  std::uint64_t bytes() const { return bytes_; }
  std::size_t connections() const { return pairs_.size(); }

 private:
  asio::io_context io_;
  renkei::net::TlsIdentity server_identity_ = renkei::net::test::make_test_identity();
  renkei::net::TlsIdentity client_identity_ = renkei::net::test::make_test_identity();
  std::shared_ptr<asio::ssl::context> client_tls_ = renkei::net::make_tls_context(client_identity_, TlsRole::client);
  std::shared_ptr<ChannelListener> listener_;
  std::shared_ptr<Channel> accepted_;
  std::map<std::pair<const Document*, const Document*>, std::pair<std::shared_ptr<Channel>, std::shared_ptr<Channel>>> pairs_;
  std::size_t frames_ = 0;
  std::size_t pulls_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace

TEST_CASE("the concurrent friendsforever trace replays through sync messages over TLS on loopback", "[net][trace]") {
  const auto trace = renkei::core::parse_editing_trace(json::parse(renkei::tools::read_gzip_file(
      std::string(RENKEI_TEST_SHARED_DIR) + "/data/editing-traces/friendsforever.json.gz")));
  REQUIRE(trace.concurrent());
  TlsPairs tls;
  const auto text = renkei::core::replay_concurrent(
      trace, [&](Document& to, const Document& from, const std::map<std::string, VersionVector>* limit) {
        tls.pull(to, from, limit);
      });
  CHECK(text.size() == trace.end_content.size());
  CHECK(text == trace.end_content);
  // The merges really went over the wire: one connection per pair of agents, each merge at least
  // a hello and an answer on it.
  CHECK(tls.connections() == static_cast<std::size_t>(trace.num_agents * (trace.num_agents - 1) / 2));
  CHECK(tls.pulls() > 0);
  CHECK(tls.frames() >= 2 * tls.pulls());
  CHECK(tls.bytes() > 0);
}
