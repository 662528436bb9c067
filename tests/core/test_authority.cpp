// Authority: chair-only actions, judged from the author's causal past so that every peer
// accepts and ignores exactly the same operations (authority.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "meeting_fixture.hpp"

using namespace renkei;
using namespace renkei::core;
using test::edit;

namespace {

// An op the participant's software would refuse to make, forged as a malicious peer would.
Op forge(const Document& author, Op op) {
  op.partition = kAllAttendees;
  op.id = {author.self(), author.version(kAllAttendees).get(author.self()) + 1000};
  op.prev = author.version(kAllAttendees).get(author.self());
  op.id.counter = op.prev + 1;
  op.lamport = author.lamport() + 1;
  op.auth = author.version(kAllAttendees);
  return op;
}

}  // namespace

TEST_CASE("only the chair may advance the agenda: a participant's attempt is refused with a clear message", "[core][authority]") {
  test::ThreePeople m;
  test::add(m.chair, "agenda_item", {{"title", "開会"}});
  m.sync();
  CHECK_THROWS_WITH(prepare_edit(m.nurse, {{"cmd", "advance"}}, 0), Catch::Contains("only the chair"));
  CHECK_THROWS_WITH(prepare_edit(m.neighbour, {{"cmd", "add"}, {"type", "device"}, {"fields", {{"fingerprint", "x"}}}}, 0),
                    Catch::Contains("only the chair"));
  // Anyone may take notes and propose a decision.
  const auto item = m.chair.snapshot().agenda.at(0).id.to_string();
  CHECK_NOTHROW(prepare_edit(m.neighbour, {{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "地域の見守り"}}, 0));
  CHECK_NOTHROW(prepare_edit(m.nurse, {{"cmd", "add"}, {"type", "decision"}, {"fields", {{"text", "訪問を週2回に"}}}}, 0));
  CHECK_THROWS_WITH(prepare_edit(m.nurse, {{"cmd", "add"}, {"type", "decision"}, {"fields", {{"text", "x"}, {"status", "agreed"}}}}, 0),
                    Catch::Contains("only the chair"));
  CHECK_NOTHROW(edit(m.chair, {{"cmd", "advance"}}));
}

TEST_CASE("a forged chair action from a participant is ignored by every peer alike and reported", "[core][authority]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "agenda_item", {{"title", "開会"}});
  m.sync();
  Op op;
  op.kind = OpKind::set;
  op.target = *OpId::parse(item);
  op.field = "status";
  op.value = "done";
  const Op forged = forge(m.nurse, op);
  const auto before = m.chair.canonical_state();
  for (Document* d : {&m.chair, &m.neighbour}) {
    auto r = d->receive({forged});
    REQUIRE(r.applied.size() == 1);  // logged, so the author's later ops still flow …
    REQUIRE(r.rejected.size() == 1);  // … but without effect, and reported
    CHECK_THAT(r.rejected[0].reason, Catch::Contains("only the chair"));
  }
  CHECK(m.chair.canonical_state() == before);
  CHECK(m.neighbour.canonical_state() == before);
}

TEST_CASE("an advance made concurrently with a handover is judged by what its author knew, the same everywhere", "[core][authority]") {
  test::ThreePeople m;
  test::add(m.chair, "agenda_item", {{"title", "開会"}});
  test::add(m.chair, "agenda_item", {{"title", "課題"}});
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", m.nurse_id}});
  m.sync();
  // The vice-chair takes the chair while the chair, not knowing, advances the agenda.
  auto takeover = edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.nurse_id}});
  auto advance = edit(m.chair, {{"cmd", "advance"}});
  std::vector<Op> both = takeover.ops;
  both.insert(both.end(), advance.ops.begin(), advance.ops.end());
  std::vector<std::size_t> order(both.size());
  std::iota(order.begin(), order.end(), 0);
  std::string expected;
  do {
    Document replica = m.neighbour;
    for (auto i : order) replica.receive({both[i]});
    auto s = replica.snapshot();
    CHECK(s.meeting.chair->to_string() == m.nurse_id);
    REQUIRE(s.current_item());
    CHECK(s.current_item()->title == "開会");  // the advance counted: it was made by the chair of its time
    if (expected.empty()) expected = replica.canonical_state();
    CHECK(replica.canonical_state() == expected);
  } while (std::next_permutation(order.begin(), order.end()));
  // Once the former chair knows of the takeover, it may no longer advance.
  m.chair.receive(takeover.ops);
  CHECK_THROWS_WITH(prepare_edit(m.chair, {{"cmd", "advance"}}, 0), Catch::Contains("only the chair"));
  m.nurse.receive(advance.ops);
  CHECK_NOTHROW(prepare_edit(m.nurse, {{"cmd", "advance"}}, 0));
}

TEST_CASE("the vice-chair may take the chair for themselves only, and only the chair names a vice-chair", "[core][authority]") {
  test::ThreePeople m;
  CHECK_THROWS_WITH(prepare_edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", m.nurse_id}}, 0),
                    Catch::Contains("only the chair"));
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", m.nurse_id}});
  m.sync();
  CHECK_THROWS(prepare_edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.neighbour_id}}, 0));
  CHECK_THROWS(prepare_edit(m.neighbour, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.neighbour_id}}, 0));
  CHECK_NOTHROW(prepare_edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.nurse_id}}, 0));
}

TEST_CASE("the recorder may edit the meeting's details and agenda but not run it", "[core][authority]") {
  test::ThreePeople m;
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "recorder"}, {"value", m.neighbour_id}});
  test::add(m.chair, "agenda_item", {{"title", "開会"}});
  m.sync();
  CHECK_NOTHROW(edit(m.neighbour, {{"cmd", "set_meeting"}, {"field", "next_meeting"}, {"value", "3か月後"}}));
  CHECK_NOTHROW(edit(m.neighbour, {{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "追加"}}}}));
  CHECK_THROWS_WITH(prepare_edit(m.neighbour, {{"cmd", "advance"}}, 0), Catch::Contains("only the chair"));
  CHECK_THROWS_WITH(prepare_edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "x"}}, 0),
                    Catch::Contains("chair or the recorder"));
}

TEST_CASE("before anyone chairs, anyone may set the meeting up", "[core][authority]") {
  Document d(9);
  CHECK_NOTHROW(test::add(d, "agenda_item", {{"title", "開会"}}));
  CHECK_NOTHROW(edit(d, {{"cmd", "advance"}}));
  CHECK(d.rejections().empty());
}

TEST_CASE("a forged chair action without auth is ignored by every peer, whatever it arrives before or after", "[core][authority]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "agenda_item", {{"title", "開会"}});
  m.sync();
  // The chair hands the chair to the neighbour, whose software, not yet knowing, sends a chair
  // action without saying what it knew.
  const auto handover = edit(m.chair, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.neighbour_id}});
  Op op;
  op.kind = OpKind::set;
  op.target = *OpId::parse(item);
  op.field = "status";
  op.value = "done";
  Op forged = forge(m.neighbour, op);
  forged.auth.reset();
  Document first = m.nurse, last = m.nurse;
  first.receive({forged});
  first.receive(handover.ops);
  last.receive(handover.ops);
  last.receive({forged});
  CHECK(first.canonical_state() == last.canonical_state());
  for (Document* d : {&first, &last}) {
    REQUIRE(d->rejections().size() == 1);
    CHECK(d->rejections()[0].id == forged.id);
  }
}

TEST_CASE("a former chair cannot act as chair by claiming not to have seen its own handover", "[core][authority]") {
  test::ThreePeople m;
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", m.nurse_id}});
  m.sync();
  const VersionVector before_handover = m.chair.version(kAllAttendees);
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.nurse_id}});
  m.sync();
  // The old chair takes the chair back with the view of the roles it had before handing over.
  Op op;
  op.kind = OpKind::set;
  op.target = kMeetingItem;
  op.field = "chair";
  op.value = m.chair_id;
  Op forged = forge(m.chair, op);
  forged.auth = before_handover;
  for (Document* d : {&m.nurse, &m.neighbour}) {
    auto r = d->receive({forged});
    REQUIRE(r.applied.size() == 1);
    REQUIRE(r.rejected.size() == 1);  // its own handover is in its causal past (prev)
    CHECK_THAT(r.rejected[0].reason, Catch::Contains("only the chair"));
    CHECK(d->snapshot().meeting.chair->to_string() == m.nurse_id);
  }
}
