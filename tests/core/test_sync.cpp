// The per-peer sync state machine, tested without a network (DESIGN.md, Replication).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace renkei;
using namespace renkei::core;
using test::add;
using test::edit;

namespace {
// Moves every queued message from `from` to `to`, applies the ops at `doc` and tells all
// `sessions` of `doc` what was applied (so they forward it).
void deliver(SyncSession& from, SyncSession& to, Document& doc, std::vector<SyncSession*> sessions) {
  for (const auto& m : from.take_outgoing()) {
    auto ops = to.receive(m);
    if (ops.empty()) continue;
    auto applied = doc.resolve(doc.receive(std::move(ops)).applied);
    for (auto* s : sessions) s->on_applied(applied);
  }
}
}  // namespace

TEST_CASE("a hello exchange brings two replicas with disjoint edits to the same state", "[core][sync]") {
  Document a(1), b(2);
  add(a, "agenda_item", {{"title", "開会"}});
  add(b, "attendee", {{"name", "山田"}, {"organization", "グループホームさくら"}});
  SyncSession sa(a, {kAllAttendees}), sb(b, {kAllAttendees});
  sa.start();
  sb.start();
  for (int i = 0; i < 3; ++i) {
    deliver(sa, sb, b, {&sb});
    deliver(sb, sa, a, {&sa});
  }
  CHECK(sa.live());
  CHECK(sb.live());
  CHECK(a.canonical_state() == b.canonical_state());
  CHECK(a.snapshot().attendees.size() == 1);
  CHECK(b.snapshot().agenda.size() == 1);
}

TEST_CASE("after the hello, new local ops are pushed and nothing is sent twice", "[core][sync]") {
  Document a(1), b(2);
  SyncSession sa(a, {kAllAttendees}), sb(b, {kAllAttendees});
  sa.start();
  sb.start();
  for (int i = 0; i < 3; ++i) {
    deliver(sa, sb, b, {&sb});
    deliver(sb, sa, a, {&sa});
  }
  auto prepared = edit(a, {{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "通院同行の調整"}}}});
  std::vector<const Op*> made;
  for (const auto& op : a.log(kAllAttendees)) made.push_back(&op);
  sa.on_applied(made);
  auto out = sa.take_outgoing();
  REQUIRE(out.size() == 1);
  CHECK(out[0]["type"] == "sync_ops");
  CHECK(out[0]["ops"].size() == prepared.ops.size());
  sa.on_applied(made);  // the same ops again: already known to the peer
  CHECK_FALSE(sa.has_outgoing());
  for (const auto& m : out) b.receive(sb.receive(m));
  CHECK(b.snapshot().open_issues.at(0).text == "通院同行の調整");
}

TEST_CASE("ops reach a replica that is connected to only one other, by forwarding", "[core][sync]") {
  // a — b — c : a and c never talk directly.
  Document a(1), b(2), c(3);
  SyncSession ab(a, {kAllAttendees}), ba(b, {kAllAttendees}), bc(b, {kAllAttendees}), cb(c, {kAllAttendees});
  for (auto* s : {&ab, &ba, &bc, &cb}) s->start();
  auto pump = [&] {
    for (int i = 0; i < 10; ++i) {
      deliver(ab, ba, b, {&ba, &bc});
      deliver(ba, ab, a, {&ab});
      deliver(bc, cb, c, {&cb});
      deliver(cb, bc, b, {&ba, &bc});
    }
  };
  pump();
  auto note = add(a, "agenda_item", {{"title", "課題"}});
  std::vector<const Op*> made;
  for (const auto& op : a.log(kAllAttendees)) made.push_back(&op);
  ab.on_applied(made);
  pump();
  CHECK(c.canonical_state() == a.canonical_state());
  edit(c, {{"cmd", "insert_text"}, {"id", note}, {"field", "notes"}, {"pos", 0}, {"text", "cから"}});
  std::vector<const Op*> from_c{&c.log(kAllAttendees).back()};
  cb.on_applied(from_c);
  pump();
  CHECK(test::notes_of(a, note) == "cから");
}

TEST_CASE("sync_ops before sync_hello is a protocol error", "[core][sync]") {
  Document a(1);
  SyncSession s(a, {kAllAttendees});
  s.start();
  CHECK_THROWS_AS(s.receive({{"type", "sync_ops"}, {"partition", "all"}, {"ops", nlohmann::json::array()}}), SyncError);
}

TEST_CASE("a malformed op or an unknown message closes the exchange with a reason", "[core][sync]") {
  Document a(1);
  SyncSession s(a, {kAllAttendees});
  s.receive({{"type", "sync_hello"}, {"partitions", {{"all", nlohmann::json::object()}}}});
  CHECK_THROWS_WITH(s.receive({{"type", "sync_ops"}, {"partition", "all"}, {"ops", {{{"part", "all"}}}}}),
                    Catch::Contains("malformed op"));
  CHECK_THROWS_WITH(s.receive({{"type", "gossip"}}), Catch::Contains("unknown sync message type"));
  CHECK_THROWS_WITH(s.receive({{"type", "sync_hello"}, {"partitions", {{"all", {{"zz", 1}}}}}}),
                    Catch::Contains("sync_hello"));
}

TEST_CASE("ops of a partition the peer may not see are never sent to it", "[core][sync]") {
  Document a(1);
  auto prepared = core::prepare_edit(a, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"},
                                         {"fields", {{"text", "生活保護の受給状況"}}}}, 0);
  a.apply_local(prepared.ops);
  SyncSession s(a, {kAllAttendees});  // a community member: "all" only
  s.start();
  s.receive({{"type", "sync_hello"}, {"partitions", {{"all", nlohmann::json::object()}}}});
  std::vector<const Op*> everything;
  for (const auto& p : a.partitions())
    for (const auto& op : a.log(p)) everything.push_back(&op);
  s.on_applied(everything);
  const std::string sent = nlohmann::json(s.take_outgoing()).dump();
  CHECK(sent.find("生活保護") == std::string::npos);
  CHECK(sent.find("\"pro\"") == std::string::npos);
  // And what it sends there is not taken.
  auto forged = core::prepare_edit(a, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"},
                                       {"fields", {{"text", "x"}}}}, 0).ops;
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& op : forged) if (op.partition == "pro") ops.push_back(op_to_json(op));
  CHECK(s.receive({{"type", "sync_ops"}, {"partition", "pro"}, {"ops", ops}}).empty());
}
