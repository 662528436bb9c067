// Audiences: items for professionals or named attendees only; the sync filter; narrowing an
// item's visibility purges it from those who lose access (audience.hpp).
#include <catch2/catch.hpp>

#include "core/audience.hpp"
#include "meeting_fixture.hpp"

using namespace renkei;
using namespace renkei::core;
using test::edit;

namespace {

// Everything a sync session of `from` would send to the device `fingerprint`.
std::string sent_to(const Document& from, const std::string& fingerprint) {
  const AudiencePolicy policy(from);
  SyncSession s(from, SyncSession::PartitionFilter([&](const std::string& p) {
    return policy.device_may_see(fingerprint, p);
  }));
  s.start();
  s.receive({{"type", "sync_hello"}, {"partitions", nlohmann::json::object()}});
  return nlohmann::json(s.take_outgoing()).dump();
}

bool log_mentions(const Document& d, const std::string& needle) {
  for (const auto& p : d.partitions())
    for (const auto& op : d.log(p))
      if (op_to_json(op).dump().find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("an item for professionals is never sent to a community member's device", "[core][audience]") {
  test::ThreePeople m;
  edit(m.chair, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"},
                 {"fields", {{"text", "生活保護の受給状況を確認"}}}});
  edit(m.chair, {{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "清掃活動の見守り"}}}});
  const auto to_neighbour = sent_to(m.chair, "f3");
  const auto to_nurse = sent_to(m.chair, "f2");
  CHECK(to_neighbour.find("生活保護") == std::string::npos);
  CHECK(to_neighbour.find("清掃活動") != std::string::npos);
  CHECK(to_nurse.find("生活保護") != std::string::npos);
}

TEST_CASE("an item for named attendees reaches only them and the chair", "[core][audience]") {
  test::ThreePeople m;
  edit(m.chair, {{"cmd", "add"}, {"type", "agenda_item"}, {"visibility", {m.neighbour_id}},
                 {"fields", {{"title", "近所との関係"}, {"notes", "本人の了解を得て民生委員とだけ共有"}}}});
  CHECK(sent_to(m.chair, "f3").find("民生委員とだけ") != std::string::npos);
  CHECK(sent_to(m.chair, "f2").find("民生委員とだけ") == std::string::npos);
  CHECK_THROWS_WITH(prepare_edit(m.chair, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", {"nonsense"}}}, 0),
                    Catch::Contains("not an attendee id"));
}

TEST_CASE("narrowing an item's visibility moves it and those who lose access forget its content", "[core][audience]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "agenda_item", {{"title", "経過"}, {"notes", "服薬の状況と通院先"}});
  const auto decision = test::add(m.chair, "decision", {{"text", "訪問看護を継続"}, {"agenda_item", item}});
  m.sync();
  REQUIRE(log_mentions(m.neighbour, "通院先"));
  auto r = edit(m.chair, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", "professionals"}});
  const std::string moved = r.reply["id"];
  // The chair's ops go to each peer filtered by its audience, as the mesh sends them.
  for (const auto& [peer, fp] : {std::pair<Document*, const char*>{&m.nurse, "f2"}, std::pair<Document*, const char*>{&m.neighbour, "f3"}}) {
    const AudiencePolicy policy(m.chair);
    for (const auto& p : m.chair.partitions())
      if (policy.device_may_see(fp, p)) peer->receive(m.chair.log(p));
  }
  // The community member no longer has it — not in the meeting, not in its log.
  auto seen = m.neighbour.snapshot();
  for (const auto& a : seen.agenda) CHECK(a.notes.find("通院先") == std::string::npos);
  CHECK_FALSE(log_mentions(m.neighbour, "通院先"));
  CHECK_FALSE(m.neighbour.take_redacted().empty());  // the replica file must be rewritten too
  // The nurse has it, at the same place, and the decision still points at it.
  auto nurse = m.nurse.snapshot();
  REQUIRE(nurse.find_agenda_item(*OpId::parse(moved)));
  CHECK(nurse.find_agenda_item(*OpId::parse(moved))->notes == "服薬の状況と通院先");
  CHECK(nurse.decisions.at(0).agenda_item->to_string() == moved);
  CHECK(nurse.agenda.at(0).partition == kProfessionals);
  // Only the chair may change visibility.
  CHECK_THROWS_WITH(prepare_edit(m.nurse, {{"cmd", "set_visibility"}, {"id", decision}, {"visibility", "professionals"}}, 0),
                    Catch::Contains("only the chair"));
}

TEST_CASE("text typed into an item concurrently with its narrowing is not kept where it no longer belongs", "[core][audience]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "agenda_item", {{"title", "経過"}, {"notes", "a"}});
  m.sync();
  // The neighbour types, not knowing the chair is narrowing the item.
  auto typed = edit(m.neighbour, {{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 1}, {"text", "同時の入力"}});
  edit(m.chair, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", "professionals"}});
  m.chair.receive(typed.ops);  // arrives after the move: stored redacted
  CHECK_FALSE(log_mentions(m.chair, "同時の入力"));
  m.nurse.receive(m.chair.log(kAllAttendees));
  CHECK_FALSE(log_mentions(m.nurse, "同時の入力"));
}

TEST_CASE("a replica that loses access to a partition drops it entirely", "[core][audience]") {
  test::ThreePeople m;
  edit(m.chair, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"}, {"fields", {{"text", "病歴"}}}});
  m.sync();
  REQUIRE(m.nurse.snapshot().open_issues.size() == 1);
  edit(m.chair, {{"cmd", "set"}, {"id", m.nurse_id}, {"field", "audience"}, {"value", "general"}});
  m.nurse.receive(m.chair.log(kAllAttendees));
  const AudiencePolicy policy(m.nurse);
  CHECK_FALSE(policy.device_may_see("f2", kProfessionals));
  m.nurse.drop_partition(kProfessionals);
  CHECK(m.nurse.snapshot().open_issues.empty());
  CHECK_FALSE(log_mentions(m.nurse, "病歴"));
  CHECK(policy.device_may_see("f1", kProfessionals));  // the chair sees everything
}

TEST_CASE("a placement made concurrently with narrowing the item is kept, so placements after it apply everywhere", "[core][audience]") {
  test::ThreePeople m;
  const auto first = test::add(m.chair, "open_issue", {{"text", "通院同行"}});
  test::add(m.chair, "open_issue", {{"text", "見守り"}});
  m.sync();
  // The nurse moves the first issue to the end and adds one after it, while the chair, not
  // knowing, narrows that first issue to professionals.
  auto moved = edit(m.nurse, {{"cmd", "move"}, {"id", first}, {"index", 1}});
  auto added = edit(m.nurse, {{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "受診の記録"}}}});
  edit(m.chair, {{"cmd", "set_visibility"}, {"id", first}, {"visibility", "professionals"}});
  m.chair.receive(moved.ops);  // arrives after the narrowing
  m.chair.receive(added.ops);
  CHECK(m.chair.rejections().empty());
  m.sync();
  CHECK(m.chair.canonical_state() == m.nurse.canonical_state());
  auto issues = m.chair.snapshot().open_issues;
  REQUIRE(issues.size() == 3);
  CHECK(issues.back().text == "受診の記録");
}

TEST_CASE("a replica that receives a narrowed item's partition later resolves references to it as everyone does", "[core][audience]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "agenda_item", {{"title", "経過"}, {"notes", "服薬"}});
  test::add(m.chair, "decision", {{"text", "訪問看護を継続"}, {"agenda_item", item}});
  const auto moved = edit(m.chair, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", "professionals"}}).reply["id"];
  // A replica that joins now gets the "all" log with the item's ops as redacted stubs.
  Document late(9);
  for (const auto& p : m.chair.partitions()) late.receive(m.chair.log(p));
  CHECK(late.canonical_state() == m.chair.canonical_state());
  CHECK(late.snapshot().decisions.at(0).agenda_item->to_string() == moved);
  // The item it replaced is gone everywhere; it cannot be restored, only its copy edited.
  CHECK_THROWS_WITH(prepare_edit(late, {{"cmd", "restore"}, {"id", item}}, 0), Catch::Contains("moved to another audience"));
}

TEST_CASE("an item narrowed concurrently to two audiences ends in one place on every replica", "[core][audience]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "open_issue", {{"text", "生活保護の受給状況"}});
  edit(m.chair, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", m.nurse_id}});
  m.sync();
  // The vice-chair takes the chair and narrows the item to the neighbour; the chair, not
  // knowing, narrows it to professionals. Both were chair when they acted.
  std::vector<Op> ops = edit(m.nurse, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", m.nurse_id}}).ops;
  for (const auto& op : edit(m.nurse, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", {m.neighbour_id}}}).ops) ops.push_back(op);
  const auto by_chair = edit(m.chair, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", "professionals"}}).ops;
  Document one = m.neighbour, other = m.neighbour;
  one.receive(ops);
  one.receive(by_chair);
  other.receive(by_chair);
  other.receive(ops);
  CHECK(one.rejections().empty());
  CHECK(one.canonical_state() == other.canonical_state());
  CHECK(one.resolve(*OpId::parse(item)) == other.resolve(*OpId::parse(item)));
  // One place: the chair, who sees both audiences, lists the item once, as the copy its id
  // resolves to; the other copy hides. The neighbour lists it only if that copy is its own.
  Document chair = m.chair;
  chair.receive(ops);
  const ItemId live = chair.resolve(*OpId::parse(item));
  REQUIRE(chair.snapshot().open_issues.size() == 1);
  CHECK(chair.snapshot().open_issues[0].id == live);
  CHECK(one.resolve(*OpId::parse(item)) == live);
  const bool neighbours_copy = one.item(live) != nullptr;
  for (const Document* d : {&one, &other}) {
    const auto issues = d->snapshot().open_issues;
    REQUIRE(issues.size() == (neighbours_copy ? 1u : 0u));
    if (neighbours_copy) CHECK(issues[0].id == live);
  }
  // An edit aimed at the copy that lost goes nowhere silently: it is refused with where the item is.
  const auto lost = by_chair.front().id;  // the chair's copy (its create is the edit's first op)
  if (chair.lost_copy(lost))
    CHECK_THROWS_WITH(prepare_edit(chair, {{"cmd", "set"}, {"id", lost.to_string()}, {"field", "text"}, {"value", "x"}}, 0),
                      Catch::Contains("at the same time"));
}

TEST_CASE("a copy that arrives before its original's move is not shown twice", "[core][audience]") {
  test::ThreePeople m;
  const auto item = test::add(m.chair, "open_issue", {{"text", "通院の付き添い"}});
  m.sync();
  const auto ops = edit(m.chair, {{"cmd", "set_visibility"}, {"id", item}, {"visibility", "professionals"}}).ops;
  Document nurse = m.nurse;
  // The copy (professionals) first, the original's moved_to (all attendees) later.
  std::vector<Op> copy, rest;
  for (const auto& op : ops) (op.partition == kAllAttendees ? rest : copy).push_back(op);
  REQUIRE_FALSE(copy.empty());
  nurse.receive(copy);
  CHECK(nurse.snapshot().open_issues.size() == 1);
  nurse.receive(rest);
  REQUIRE(nurse.snapshot().open_issues.size() == 1);
  CHECK(nurse.snapshot().open_issues[0].id == nurse.resolve(*OpId::parse(item)));
  CHECK(nurse.snapshot().open_issues[0].id != *OpId::parse(item));
}

TEST_CASE("a replica that lost an audience and regained it writes there again once it has its own earlier changes back", "[core][audience]") {
  test::ThreePeople m;
  edit(m.nurse, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"}, {"fields", {{"text", "病歴の確認"}}}});
  for (const auto& p : m.nurse.partitions()) m.chair.receive(m.nurse.log(p));
  // The chair makes the nurse a general attendee (she drops the partition), then a professional again.
  edit(m.chair, {{"cmd", "set"}, {"id", m.nurse_id}, {"field", "audience"}, {"value", "general"}});
  m.nurse.receive(m.chair.log(kAllAttendees));
  m.nurse.drop_partition(kProfessionals);
  edit(m.chair, {{"cmd", "set"}, {"id", m.nurse_id}, {"field", "audience"}, {"value", "professional"}});
  m.nurse.receive(m.chair.log(kAllAttendees));
  const nlohmann::json add{{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"}, {"fields", {{"text", "服薬"}}}};
  // Made now, her op would say it follows nothing of hers there, contradicting 病歴の確認 that
  // the chair holds: the chair would refuse it and every later op of hers in that partition.
  CHECK_THROWS_WITH(prepare_edit(m.nurse, add, 0), Catch::Contains("still arriving"));
  m.nurse.receive(m.chair.log(kProfessionals));  // what the session's sync brings back
  auto made = edit(m.nurse, add);
  auto result = m.chair.receive(made.ops);
  CHECK(result.refused.empty());
  CHECK(m.chair.canonical_state() == m.nurse.canonical_state());
  CHECK(m.chair.snapshot().open_issues.size() == 2);
}

TEST_CASE("a replica that loses access to a partition drops the ops there that still wait for others", "[core][audience]") {
  test::ThreePeople m;
  for (const char* text : {"病歴", "通院先"})
    edit(m.chair, {{"cmd", "add"}, {"type", "open_issue"}, {"visibility", "professionals"}, {"fields", {{"text", text}}}});
  m.nurse.receive({m.chair.log(kProfessionals).back()});  // the second issue before the first
  REQUIRE(m.nurse.pending_count() == 1);
  edit(m.chair, {{"cmd", "set"}, {"id", m.nurse_id}, {"field", "audience"}, {"value", "general"}});
  m.nurse.receive(m.chair.log(kAllAttendees));
  const AudiencePolicy policy(m.nurse);
  for (const auto& p : m.nurse.partitions())  // as the session does when audiences change
    if (!policy.may_see(policy.attendee_of_device("f2"), p)) m.nurse.drop_partition(p);
  CHECK(m.nurse.pending_count() == 0);
  CHECK(m.nurse.partitions() == std::vector<std::string>{kAllAttendees});
}
