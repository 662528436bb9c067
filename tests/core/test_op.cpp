// The operation wire/file format, and the document's causal delivery and rejection rules.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace renkei;
using namespace renkei::core;
using test::add;
using test::edit;

TEST_CASE("every kind of op survives a JSON round trip unchanged", "[core][op]") {
  Document d(0x1234);
  auto n = add(d, "agenda_item", {{"title", "経過"}, {"notes", "あいう"}});
  edit(d, {{"cmd", "delete_text"}, {"id", n}, {"field", "notes"}, {"pos", 1}, {"len", 1}});
  edit(d, {{"cmd", "move"}, {"id", n}, {"index", 0}});
  edit(d, {{"cmd", "set_meeting"}, {"field", "session_number"}, {"value", 3}});
  std::set<OpKind> kinds;
  for (const auto& op : d.log(kAllAttendees)) {
    kinds.insert(op.kind);
    auto back = op_from_json(nlohmann::json::parse(op_to_json(op).dump()));
    INFO(op_to_json(op).dump() << "\n" << op_to_json(back).dump());
    CHECK(back == op);
  }
  CHECK(kinds.size() == 5);
}

TEST_CASE("malformed ops are refused naming the field", "[core][op]") {
  Document d(0x1234);
  add(d, "agenda_item", {{"title", "x"}});
  auto good = op_to_json(d.log(kAllAttendees).front());
  auto with = [&](const char* key, nlohmann::json v) {
    auto j = good;
    j[key] = std::move(v);
    return j;
  };
  CHECK_THROWS_WITH(op_from_json(with("id", "nonsense")), Catch::Contains("'id'"));
  CHECK_THROWS_WITH(op_from_json(with("kind", "explode")), Catch::Contains("unknown value 'explode'"));
  CHECK_THROWS_WITH(op_from_json(with("lamport", "7")), Catch::Contains("'lamport'"));
  CHECK_THROWS_WITH(op_from_json(with("prev", 99)), Catch::Contains("'prev'"));
  CHECK_THROWS_WITH(op_from_json(with("value", 3)), Catch::Contains("'value'"));
  auto no_part = good;
  no_part.erase("part");
  CHECK_THROWS_WITH(op_from_json(no_part), Catch::Contains("'part'"));
  CHECK_THROWS_AS(op_from_json(nlohmann::json::array()), std::invalid_argument);
}

TEST_CASE("an op that breaks the schema is logged without effect on every replica alike", "[core][op]") {
  Document a(1), b(2);
  auto n = add(a, "agenda_item", {{"title", "x"}});
  b.receive(test::all_ops(a));
  // A forged op from a: a field that does not exist, then a valid op that follows it.
  Op bad;
  bad.partition = kAllAttendees;
  bad.kind = OpKind::set;
  bad.target = *OpId::parse(n);
  bad.field = "salary";
  bad.value = 1;
  Document::Builder builder(a, 0);
  builder.add(bad);
  Op good;
  good.partition = kAllAttendees;
  good.kind = OpKind::set;
  good.target = *OpId::parse(n);
  good.field = "title";
  good.value = "y";
  builder.add(good);
  auto ops = builder.take();
  auto r = b.receive(ops);
  CHECK(r.applied.size() == 2);
  REQUIRE(r.rejected.size() == 1);
  CHECK_THAT(r.rejected[0].reason, Catch::Contains("no field 'salary'"));
  CHECK(b.snapshot().agenda[0].title == "y");
}

TEST_CASE("an op whose predecessors are missing waits, and is applied when they arrive", "[core][op]") {
  Document a(1), b(2);
  add(a, "agenda_item", {{"title", "A"}});
  auto ops = test::all_ops(a);
  REQUIRE(ops.size() == 2);
  auto r = b.receive({ops[1]});
  CHECK(r.applied.empty());
  CHECK(b.pending_count() == 1);
  r = b.receive({ops[0]});
  CHECK(r.applied.size() == 2);
  CHECK(b.pending_count() == 0);
  CHECK(b.canonical_state() == a.canonical_state());
}

TEST_CASE("a second history from the same replica is refused, not merged", "[core][op]") {
  Document a(1), forked(1), b(2);
  add(a, "agenda_item", {{"title", "A"}});
  add(forked, "agenda_item", {{"title", "other"}});
  b.receive(test::all_ops(a));
  auto r = b.receive(test::all_ops(forked));
  CHECK(r.applied.empty());
  CHECK_FALSE(r.refused.empty());
  CHECK(b.snapshot().agenda.at(0).title == "A");
}
