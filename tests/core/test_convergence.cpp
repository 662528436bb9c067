// State is a pure function of the set of operations: every replica converges whatever order
// the operations arrive in (DESIGN.md, Replication).
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <tuple>

#include "support.hpp"

using namespace renkei;
using namespace renkei::core;
using test::add;
using test::edit;

namespace {

struct Scenario {
  Document a{0xA}, b{0xB}, c{0xC};
  Document base_replica{0xD};  // holds only the shared base
  std::string note, item2, item3, role;
  std::vector<Op> concurrent;  // the ops made concurrently by a, b and c
};

// A shared base, then concurrent edits on three replicas that touch the same things: typing at
// the same place of one note, deleting text next to it, writing one register, moving one
// agenda item to two places, removing an item. Eight ops, so every order can be tried (8!).
Scenario make_scenario() {
  Scenario s;
  s.note = add(s.a, "agenda_item", {{"title", "本人の意向"}, {"timebox_min", 10}});
  s.item2 = add(s.a, "agenda_item", {{"title", "課題の検討"}});
  s.item3 = add(s.a, "agenda_item", {{"title", "役割分担"}});
  s.role = add(s.a, "role", {{"role", "キーマン"}, {"who", "相談支援専門員"}, {"key_person", true}});
  edit(s.a, {{"cmd", "insert_text"}, {"id", s.note}, {"field", "notes"}, {"pos", 0}, {"text", "GHに入居して2か月。"}});
  for (Document* d : {&s.b, &s.c, &s.base_replica}) d->receive(test::all_ops(s.a));
  const auto base = s.a.op_count();

  edit(s.a, {{"cmd", "insert_text"}, {"id", s.note}, {"field", "notes"}, {"pos", 10}, {"text", "日中はB型。"}});
  edit(s.a, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "グループホーム"}});
  edit(s.a, {{"cmd", "move"}, {"id", s.item3}, {"index", 1}});

  edit(s.b, {{"cmd", "insert_text"}, {"id", s.note}, {"field", "notes"}, {"pos", 10}, {"text", "休日は行動援護。"}});
  edit(s.b, {{"cmd", "delete_text"}, {"id", s.note}, {"field", "notes"}, {"pos", 0}, {"len", 2}});
  edit(s.b, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "相談支援事業所"}});

  edit(s.c, {{"cmd", "remove"}, {"id", s.item2}});
  edit(s.c, {{"cmd", "move"}, {"id", s.item3}, {"index", 0}});

  for (Document* d : {&s.a, &s.b, &s.c}) {
    const auto& log = d->log(kAllAttendees);
    // Each log starts with the shared base.
    for (std::size_t i = base; i < log.size(); ++i) s.concurrent.push_back(log[i]);
  }
  return s;
}

}  // namespace

TEST_CASE("three replicas converge under every delivery order of concurrent operations", "[core][convergence]") {
  Scenario s = make_scenario();
  REQUIRE(s.concurrent.size() == 8);

  // Reference: everyone gets everything (a's own ops are duplicates and are ignored).
  Document reference = s.a;
  reference.receive(s.concurrent);
  REQUIRE(reference.pending_count() == 0);
  const std::string expected = reference.canonical_state();

  // A replica holding only the base receives all eight ops in every one of the 8! orders.
  {
    std::vector<std::size_t> order(s.concurrent.size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t permutations = 0;
    do {
      Document replica = s.base_replica;
      for (auto i : order) replica.receive({s.concurrent[i]});
      REQUIRE(replica.pending_count() == 0);
      REQUIRE(replica.canonical_state() == expected);
      ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(permutations == 40320);
  }

  // Each author receives the other two replicas' ops in every order (including orders that
  // break causality, which are buffered until their predecessors arrive).
  for (Document* origin : {&s.a, &s.b, &s.c}) {
    std::vector<Op> foreign;
    for (const auto& op : s.concurrent)
      if (op.id.peer != origin->self()) foreign.push_back(op);
    std::vector<std::size_t> order(foreign.size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t permutations = 0;
    do {
      Document replica = *origin;
      for (auto i : order) replica.receive({foreign[i]});
      REQUIRE(replica.pending_count() == 0);
      REQUIRE(replica.canonical_state() == expected);
      ++permutations;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(permutations >= 120);
  }

  // Both concurrent typists keep their text, each run unbroken.
  const auto notes = test::notes_of(reference, s.note);
  CHECK(notes.find("日中はB型。") != std::string::npos);
  CHECK(notes.find("休日は行動援護。") != std::string::npos);
  // b deleted "GH" concurrently: gone on every replica.
  CHECK(notes.rfind("GH", 0) == std::string::npos);
  // item2 is removed on every replica.
  auto snap = reference.snapshot();
  CHECK(std::none_of(snap.agenda.begin(), snap.agenda.end(), [&](const AgendaItem& a) { return a.id.to_string() == s.item2; }));
  // item3 appears exactly once even though it was moved to two places concurrently.
  CHECK(std::count_if(snap.agenda.begin(), snap.agenda.end(), [&](const AgendaItem& a) { return a.id.to_string() == s.item3; }) == 1);
  // Three concurrent writes of one register: the write with the greatest (lamport, replica)
  // wins everywhere, whatever order they arrived in.
  const Op* winner = nullptr;
  for (const auto& op : s.concurrent)
    if (op.kind == OpKind::set && op.field == "place" &&
        (!winner || std::tie(winner->lamport, winner->id.peer) < std::tie(op.lamport, op.id.peer)))
      winner = &op;
  REQUIRE(winner);
  CHECK(snap.meeting.place == winner->value.get<std::string>());
  REQUIRE(snap.roles.size() == 1);
  CHECK(snap.roles[0].key_person);
}

TEST_CASE("a fresh replica reaches the same state from the ops in any order", "[core][convergence]") {
  Scenario s = make_scenario();
  Document reference = s.a;
  reference.receive(s.concurrent);
  const std::string expected = reference.canonical_state();
  std::vector<Op> all = test::all_ops(reference);
  // Reverse order is the worst case for the causal buffer: everything waits until the first op.
  Document fresh(0xD);
  std::vector<Op> reversed(all.rbegin(), all.rend());
  auto result = fresh.receive(reversed);
  CHECK(result.applied.size() == all.size());
  CHECK(fresh.pending_count() == 0);
  CHECK(fresh.canonical_state() == expected);
  // And op by op in reverse, across many receive calls.
  Document slow(0xE);
  for (const auto& op : reversed) slow.receive({op});
  CHECK(slow.canonical_state() == expected);
}

TEST_CASE("concurrent typing at the same position never interleaves the two texts", "[core][convergence]") {
  Document a(1), b(2);
  auto note = add(a, "agenda_item", {{"title", "x"}});
  b.receive(test::all_ops(a));
  std::string ta = "あいうえお", tb = "かきくけこ";
  // Character by character, as two people typing at once.
  for (std::size_t i = 0; i < 5; ++i) {
    edit(a, {{"cmd", "insert_text"}, {"id", note}, {"field", "notes"}, {"pos", i}, {"text", ta.substr(i * 3, 3)}});
    edit(b, {{"cmd", "insert_text"}, {"id", note}, {"field", "notes"}, {"pos", i}, {"text", tb.substr(i * 3, 3)}});
  }
  test::sync_pair(a, b);
  const auto na = test::notes_of(a, note), nb = test::notes_of(b, note);
  CHECK(na == nb);
  CHECK((na == ta + tb || na == tb + ta));
}
