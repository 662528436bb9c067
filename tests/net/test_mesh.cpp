// The mesh over real TLS on loopback: joining with the join code, admission, pinned member
// links, forwarding, redialling after a drop, and bad frames on a live link.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/edit.hpp"
#include "net/mesh.hpp"
#include "net_test_support.hpp"
#include "tls_test_support.hpp"

using namespace renkei;
using namespace renkei::net;
using namespace renkei::net::test;
namespace asio = boost::asio;

namespace {

// One peer: a document, a device identity and a mesh, wired the way the session wires them.
struct TestPeer {
  TestPeer(asio::io_context& io, core::PeerId replica, std::string name, TlsIdentity id = make_test_identity())
      : io_(io), identity(std::move(id)), doc(replica), name_(std::move(name)) {
    start_mesh();
  }

  void start_mesh() {
    MeshOptions options;
    options.name = name_;
    options.replica = core::peer_to_hex(doc.self());
    Mesh::Callbacks cb;
    cb.receive_ops = [this](std::vector<core::Op> ops) {
      auto applied = doc.resolve(doc.receive(std::move(ops)).applied);
      refresh_roster();
      return applied;
    };
    cb.is_admitted = [this](const std::string& fp) { return admitted.count(fp) > 0; };
    cb.join_request = [this](const PeerHello& h) { requests.push_back(h); };
    cb.admitted = [this](const PeerHello& h) {
      auto r = edit({{"cmd", "add"}, {"type", "device"},
                     {"fields", {{"fingerprint", h.fingerprint}, {"name", h.name}, {"address", h.address}}}});
      return nlohmann::json{{"device", r["id"]}, {"attendee", ""}};
    };
    cb.join_result = [this](bool ok, const std::string& code, const std::string&, const nlohmann::json&) {
      join_ok = ok;
      join_code_result = code;
    };
    cb.code_rotated = [this](const JoinCode&) { ++rotations; };
    cb.join_attempt = [this](const JoinCode& code) { ++attempts_per_code[code.display()]; };
    mesh = std::make_unique<Mesh>(io_, identity, doc, options, std::move(cb));
    port = mesh->listen(parse_endpoint("127.0.0.1:" + std::to_string(port))).port();
  }

  // Applies an edit locally and pushes it, as the session does.
  nlohmann::json edit(const nlohmann::json& e) {
    auto prepared = core::prepare_edit(doc, e, 0);
    doc.apply_local(prepared.ops);
    std::vector<const core::Op*> applied;
    for (const auto& op : prepared.ops) applied.push_back(doc.find_op(op.partition, op.id));
    mesh->push(applied);
    refresh_roster();
    return prepared.reply;
  }

  // The devices of the document become the roster (as the session's publish() does).
  void refresh_roster() {
    std::vector<RosterEntry> roster;
    for (const auto& d : doc.snapshot().devices) {
      admitted.insert(d.fingerprint);
      roster.push_back({d.fingerprint, d.address, d.name, d.name == "chair"});
    }
    mesh->set_roster(roster);
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port); }
  bool live_with(const TestPeer& other) const { return mesh->live_peers().count(other.identity.fingerprint_hex()) > 0; }

  asio::io_context& io_;
  TlsIdentity identity;
  core::Document doc;
  std::string name_;
  std::unique_ptr<Mesh> mesh;
  std::uint16_t port = 0;
  std::set<std::string> admitted;
  std::vector<PeerHello> requests;
  std::optional<bool> join_ok;
  std::string join_code_result;
  int rotations = 0;
  std::map<std::string, int> attempts_per_code;  // host: runs that tested each code (join_attempt)
};

// A joiner driven by hand: it sends its pake_init for `code` to the chair and holds its key
// confirmation until confirm(), so that many runs are in progress at the chair at once.
struct HeldJoiner {
  HeldJoiner(asio::io_context& io, const std::string& chair_address, const JoinCode& code) {
    Channel::connect(io, make_tls_context(identity, TlsRole::client), parse_endpoint(chair_address), {},
                     [this, code](const boost::system::error_code& ec, std::shared_ptr<Channel> c) {
                       REQUIRE_FALSE(ec);
                       channel = std::move(c);
                       const std::string_view ad = kJoinerAd;
                       session.emplace(CpaceRole::initiator, code.prs(),
                                       cpace_lv_cat({channel->local_fingerprint(), channel->peer_fingerprint()}),
                                       channel->join_exporter(),
                                       std::span(reinterpret_cast<const std::uint8_t*>(ad.data()), ad.size()));
                       channel->start([this](const nlohmann::json& f) { frames.push_back(f); },
                                      [this](const std::string&) { closed = true; });
                       channel->send({{"type", "pake_init"}, {"msg", base64_encode(session->message())}});
                     });
  }
  ~HeldJoiner() {
    if (channel) channel->close("test over");
  }

  /// The chair ran CPace with its code: its pake_resp came.
  [[nodiscard]] bool tested() const { return !frames.empty() && frames[0].value("type", "") == "pake_resp"; }
  /// The chair refused the run: an error frame, then the connection closed.
  [[nodiscard]] bool refused() const { return !frames.empty() && frames[0].value("type", "") == "error" && closed; }
  [[nodiscard]] std::string error_code() const {
    for (const auto& f : frames)
      if (f.value("type", "") == "error") return f.value("code", "");
    return "";
  }

  /// Sends the key confirmation for the code this joiner guessed.
  void confirm() {
    session->receive(*base64_decode(frames.at(0).at("msg").get<std::string>()));
    channel->send({{"type", "pake_confirm"}, {"tag", base64_encode(session->confirmation_tag())}});
  }

  TlsIdentity identity = make_test_identity();
  std::shared_ptr<Channel> channel;
  std::optional<CpaceSession> session;
  std::vector<nlohmann::json> frames;
  bool closed = false;
};

// A chair hosting a meeting with one agenda item, holding its own device record.
std::unique_ptr<TestPeer> make_chair(asio::io_context& io, bool auto_admit) {
  auto chair = std::make_unique<TestPeer>(io, 0xC0, "chair");
  chair->edit({{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "開会"}}}});
  chair->edit({{"cmd", "add"}, {"type", "device"},
               {"fields", {{"fingerprint", chair->identity.fingerprint_hex()}, {"name", "chair"}, {"address", chair->address()}}}});
  chair->mesh->set_join_code(generate_join_code());
  chair->mesh->set_auto_admit(auto_admit);
  return chair;
}

bool converged(const TestPeer& a, const TestPeer& b) { return a.doc.canonical_state() == b.doc.canonical_state(); }

// a and b join the chair's meeting with the code, then link to each other (a full mesh of three).
void join_full_mesh(asio::io_context& io, TestPeer& chair, TestPeer& a, TestPeer& b) {
  for (TestPeer* p : {&a, &b}) {
    p->mesh->join(parse_endpoint(chair.address()), *chair.mesh->join_code());
    REQUIRE(run_until(io, [&] { return p->join_ok.value_or(false) && converged(chair, *p); }));
  }
  REQUIRE(run_until(io, [&] { return a.live_with(b) && b.live_with(a) && a.live_with(chair) && b.live_with(chair); }));
}

}  // namespace

TEST_CASE("a joiner with the right code is admitted, receives the meeting, and edits flow both ways", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, false);
  TestPeer joiner(io, 0xA1, "鈴木");
  joiner.mesh->join(parse_endpoint(chair->address()), *chair->mesh->join_code());
  REQUIRE(run_until(io, [&] { return !chair->requests.empty(); }));
  CHECK(chair->requests[0].name == "鈴木");
  CHECK(joiner.doc.op_count() == 0);  // nothing before admission
  chair->mesh->admit(chair->requests[0].fingerprint);
  REQUIRE(run_until(io, [&] { return joiner.join_ok.has_value() && converged(*chair, joiner); }));
  CHECK(*joiner.join_ok);
  CHECK(joiner.doc.snapshot().agenda.at(0).title == "開会");
  const auto item = joiner.doc.snapshot().agenda.at(0).id.to_string();
  joiner.edit({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "参加者から"}});
  chair->edit({{"cmd", "set_meeting"}, {"field", "place"}, {"value", "本人の自宅"}});
  REQUIRE(run_until(io, [&] { return converged(*chair, joiner) && joiner.doc.snapshot().meeting.place == "本人の自宅"; }));
  CHECK(chair->doc.snapshot().agenda.at(0).notes == "参加者から");
}

TEST_CASE("a joiner with a wrong code is refused on both sides and the meeting is not sent", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  TestPeer joiner(io, 0xA1, "誰か");
  auto wrong = *chair->mesh->join_code();
  wrong.bits[0] ^= 0x01;
  const auto before = chair->doc.canonical_state();
  joiner.mesh->join(parse_endpoint(chair->address()), wrong);
  REQUIRE(run_until(io, [&] { return joiner.join_ok.has_value(); }));
  CHECK_FALSE(*joiner.join_ok);
  CHECK(joiner.join_code_result == "wrong_code");
  CHECK(joiner.doc.op_count() == 0);
  CHECK(chair->doc.canonical_state() == before);
  CHECK(chair->mesh->live_peers().empty());
}

TEST_CASE("five wrong codes rotate the join code and the old code stops working", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  const auto original = *chair->mesh->join_code();
  auto wrong = original;
  wrong.bits[4] ^= 0x10;
  for (int i = 0; i < 5; ++i) {
    TestPeer guesser(io, 0xB0 + i, "guess");
    guesser.mesh->join(parse_endpoint(chair->address()), wrong);
    REQUIRE(run_until(io, [&] { return guesser.join_ok.has_value(); }));
    CHECK_FALSE(*guesser.join_ok);
  }
  CHECK(chair->rotations == 1);
  CHECK_FALSE(*chair->mesh->join_code() == original);
  TestPeer late(io, 0xB9, "late");
  late.mesh->join(parse_endpoint(chair->address()), original);
  REQUIRE(run_until(io, [&] { return late.join_ok.has_value(); }));
  CHECK_FALSE(*late.join_ok);
}

TEST_CASE("concurrent wrong-code joins never test one code more than five times, and the right code still works",
          "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  const JoinCode first = *chair->mesh->join_code();
  JoinCode wrong = first;
  wrong.bits[1] ^= 0x08;

  // Eight guessers reach the chair at once, each holding its key confirmation.
  std::vector<std::unique_ptr<HeldJoiner>> held;
  for (int i = 0; i < 8; ++i) held.push_back(std::make_unique<HeldJoiner>(io, chair->address(), wrong));
  REQUIRE(run_until(io, [&] {
    return std::all_of(held.begin(), held.end(), [](const auto& h) { return h->tested() || h->refused(); });
  }));
  const auto tested = std::count_if(held.begin(), held.end(), [](const auto& h) { return h->tested(); });
  CHECK(tested == 5);
  for (const auto& h : held)
    if (!h->tested()) CHECK(h->error_code() == "try_later");
  CHECK(chair->attempts_per_code == std::map<std::string, int>{{first.display(), 5}});

  // Meanwhile even the right code is refused untested: five attempts at it are in flight.
  TestPeer early(io, 0xD0, "早く来た人");
  early.mesh->join(parse_endpoint(chair->address()), first);
  REQUIRE(run_until(io, [&] { return early.join_ok.has_value(); }));
  CHECK_FALSE(*early.join_ok);
  CHECK(early.join_code_result == "try_later");
  CHECK(chair->attempts_per_code[first.display()] == 5);

  // The five confirm their wrong guess: five failures, and the code is replaced.
  for (auto& h : held)
    if (h->tested()) h->confirm();
  REQUIRE(run_until(io, [&] { return std::all_of(held.begin(), held.end(), [](const auto& h) { return h->closed; }); }));
  for (const auto& h : held)
    if (h->tested()) CHECK(h->error_code() == "wrong_code");
  CHECK(chair->rotations == 1);
  REQUIRE_FALSE(*chair->mesh->join_code() == first);

  // Twelve more wrong-code joiners at once, through the mesh's own join (nothing held back).
  std::vector<std::unique_ptr<TestPeer>> guessers;
  for (int i = 0; i < 12; ++i) {
    guessers.push_back(std::make_unique<TestPeer>(io, 0xB0 + i, "guess"));
    guessers.back()->mesh->join(parse_endpoint(chair->address()), wrong);
  }
  REQUIRE(run_until(io, [&] {
    return std::all_of(guessers.begin(), guessers.end(), [](const auto& g) { return g->join_ok.has_value(); });
  }, 30s));
  for (const auto& g : guessers) {
    CHECK_FALSE(*g->join_ok);
    CHECK((g->join_code_result == "wrong_code" || g->join_code_result == "try_later"));
  }

  // No code was ever tested more than five times; a code tested five times was replaced.
  int total = 0;
  for (const auto& [code, runs] : chair->attempts_per_code) {
    INFO(code);
    CHECK(runs <= 5);
    if (code == chair->mesh->join_code()->display()) CHECK(runs < 5);
    total += runs;
  }
  CHECK(total >= 5 + 5);  // the second wave tested at least the rest of the second code's attempts

  // The joiner refused earlier tries again with the code now shown, and is admitted.
  early.join_ok.reset();
  early.mesh->join(parse_endpoint(chair->address()), *chair->mesh->join_code());
  REQUIRE(run_until(io, [&] { return early.join_ok.has_value() && converged(*chair, early); }));
  CHECK(*early.join_ok);
}

TEST_CASE("participants link to each other, and a dropped participant is redialled and catches up", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  TestPeer a(io, 0xA1, "A"), b(io, 0xB1, "B");
  join_full_mesh(io, *chair, a, b);  // every pair of the three has a live link (a mesh, not a star)

  // a drops: its mesh goes away; the meeting goes on without it.
  a.mesh->stop();
  REQUIRE(run_until(io, [&] { return !chair->live_with(a) && !b.live_with(a); }));
  const auto item = chair->doc.snapshot().agenda.at(0).id.to_string();
  chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "不在中の記録。"}});
  b.edit({{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "通院同行"}}}});
  // a comes back on the same port with the same identity and document: it is admitted, so it
  // reconnects as a member (no code) and catches up.
  a.start_mesh();
  a.refresh_roster();
  REQUIRE(run_until(io, [&] { return converged(*chair, a) && converged(b, a) && a.live_with(*chair); }, 15s));
  CHECK(a.doc.snapshot().open_issues.at(0).text == "通院同行");
  CHECK(a.doc.snapshot().agenda.at(0).notes == "不在中の記録。");
}

TEST_CASE("a malformed sync frame on a live link closes only that link and changes nothing", "[net][mesh]") {
  asio::io_context io;
  LogCapture log;
  auto chair = make_chair(io, true);
  TestPeer a(io, 0xA1, "A");
  a.mesh->join(parse_endpoint(chair->address()), *chair->mesh->join_code());
  REQUIRE(run_until(io, [&] { return a.join_ok.value_or(false) && converged(*chair, a); }));

  // A raw client with an admitted identity speaks the member protocol, then sends garbage.
  const auto intruder = make_test_identity();
  chair->admitted.insert(intruder.fingerprint_hex());
  std::shared_ptr<Channel> raw;
  Channel::connect(io, make_tls_context(intruder, TlsRole::client), parse_endpoint(chair->address()), {},
                   [&](const boost::system::error_code& ec, std::shared_ptr<Channel> c) { REQUIRE_FALSE(ec); raw = c; });
  REQUIRE(run_until(io, [&] { return raw != nullptr; }));
  bool welcomed = false, closed = false;
  raw->start([&](const nlohmann::json& f) { welcomed |= f.value("type", "") == "welcome"; },
             [&](const std::string&) { closed = true; });
  raw->send({{"type", "hello"}, {"name", "x"}, {"replica", "00000000000000ff"}, {"port", 1}});
  REQUIRE(run_until(io, [&] { return welcomed && chair->mesh->live_peers().count(intruder.fingerprint_hex()); }));
  const auto before = chair->doc.canonical_state();
  raw->send({{"type", "sync_hello"}, {"partitions", {{"all", nlohmann::json::object()}}}});
  raw->send({{"type", "sync_ops"}, {"partition", "all"}, {"ops", {{{"part", "all"}, {"id", "garbage"}}}}});
  REQUIRE(run_until(io, [&] { return closed; }));
  CHECK(log.contains("malformed op"));
  CHECK(chair->doc.canonical_state() == before);
  CHECK(chair->live_with(a));  // the other link is untouched
  a.edit({{"cmd", "set_meeting"}, {"field", "title"}, {"value", "まだつながっている"}});
  REQUIRE(run_until(io, [&] { return converged(*chair, a); }));
}

TEST_CASE("a device presenting another certificate than the pinned one is not linked", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  // The roster says the chair's address belongs to some other fingerprint.
  TestPeer p(io, 0xA1, "P");
  const std::string other(64, 'f');
  p.mesh->set_roster({{other, chair->address(), "impostor", true}});
  LogCapture log;
  REQUIRE(run_until(io, [&] { return log.contains("pinned certificate mismatch"); }));
  CHECK(p.mesh->live_peers().empty());
  CHECK(p.doc.op_count() == 0);
}

TEST_CASE("in a full mesh an op is not forwarded to a peer linked to its author, and still arrives", "[net][mesh]") {
  asio::io_context io;
  auto chair = make_chair(io, true);
  TestPeer a(io, 0xA1, "A"), b(io, 0xB1, "B");
  join_full_mesh(io, *chair, a, b);
  // Frames received from A that carry the chair's ops: A forwarding them (to B).
  const std::string a_fp = a.identity.fingerprint_hex();
  const std::string chair_replica = core::peer_to_hex(chair->doc.self());
  int forwarded_by_a = 0, received = 0;
  auto previous = set_frame_trace([&](std::string_view direction, const std::string& peer, const nlohmann::json& frame) {
    if (direction != "in" || frame.value("type", "") != "sync_ops") return;
    for (const auto& op : frame.at("ops"))
      if (op.value("id", "").rfind(chair_replica + ":", 0) == 0) {
        ++received;
        if (peer == a_fp) ++forwarded_by_a;
      }
  });
  const auto item = chair->doc.snapshot().agenda.at(0).id.to_string();
  constexpr int kEdits = 20;
  for (int k = 0; k < kEdits; ++k) {
    chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "記"}});
    REQUIRE(run_until(io, [&] { return converged(*chair, a) && converged(*chair, b); }));
  }
  set_frame_trace(previous);
  CHECK(chair->doc.snapshot().agenda.at(0).notes.size() == kEdits * std::string("記").size());
  // A and B each got every op from the chair; A forwarded at most while it had not yet heard
  // which peers B is linked to (the first edit).
  CHECK(received >= 2 * kEdits);
  CHECK(forwarded_by_a <= 1);
}
