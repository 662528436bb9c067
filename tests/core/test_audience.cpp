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
