// Dropping and rejoining: a participant killed mid-meeting comes back with its replica file and
// identity (already admitted: it reconnects as a member) and catches up; the chair dropping
// leaves the participants' own link, and the chair catches up when it comes back
// (DESIGN.md, Network: the mesh; dropped links reconnect with backoff).
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli_peer.hpp"

using namespace renkei::system_test;

namespace {

/// The "text" of every item in a state's list `key` (decisions, open_issues, …).
std::vector<std::string> texts(const json& state, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& x : state.at(key)) out.push_back(x.value("text", std::string()));
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& text) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

/// The state ("connected", …) of the link to `fingerprint` in a peer's `peers` answer.
std::string link_state(CliPeer& peer, const std::string& fingerprint) {
  const json answer = peer.request({{"cmd", "peers"}});
  for (const auto& p : answer["peers"])
    if (p["fingerprint"] == fingerprint) return p["state"];
  return "absent";
}

/// A chair on loopback with --auto-admit and no announcements, plus two participants that have
/// joined; every pair connected.
struct ThreePeers {
  explicit ThreePeers(const TempDir& dir) {
    chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", {"--listen", "127.0.0.1:0", "--no-announce", "--auto-admit"});
    const json hosting = chair->expect_event("hosting");
    address = hosting["address"];
    code = hosting["code"];
    group_home = CliPeer::join(dir.path(), "group-home", "鈴木 健", address, code);
    day_service = CliPeer::join(dir.path(), "day-service", "高橋 由美", address, code);
    group_home->expect_event("joined");
    day_service->expect_event("joined");
    for (auto* p : all())
      if (!p->wait_peers(2)) throw std::runtime_error(p->label() + " did not connect to both others");
  }
  std::vector<CliPeer*> all() { return {chair.get(), group_home.get(), day_service.get()}; }

  std::unique_ptr<CliPeer> chair, group_home, day_service;
  std::string address, code;
};

}  // namespace

TEST_CASE("A participant killed mid-meeting rejoins with its files, keeps its own edits and catches up",
          "[system][rejoin]") {
  TempDir dir;
  ThreePeers m(dir);
  const std::string item = agenda_item(m.chair->state(), "経過")["id"];

  // An edit everyone has, then one made just before the crash that nobody was waited for.
  m.group_home->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "GH入居から2か月。"}});
  REQUIRE_FALSE(converge(m.all()).empty());
  m.group_home->edit({{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "金銭管理について本人と話し合う"}}}});
  CHECK(m.group_home->kill() == 137);

  // The meeting goes on without it.
  m.chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "conclusion"}, {"pos", 0}, {"text", "地域生活が安定。"}});
  m.day_service->edit({{"cmd", "add"}, {"type", "decision"}, {"fields", {{"text", "余暇活動を追加する"}, {"status", "proposed"}}}});
  REQUIRE_FALSE(converge({m.chair.get(), m.day_service.get()}).empty());

  // Same arguments, same --db and --identity: the file is admitted, so it reconnects as a member.
  m.group_home = CliPeer::join(dir.path(), "group-home", "鈴木 健", m.address, m.code);
  m.group_home->expect_event("joined");
  REQUIRE(m.group_home->wait_peers(2, 40s));
  REQUIRE_FALSE(converge(m.all()).empty());

  for (auto* p : m.all()) {
    INFO("peer " << p->label());
    const json state = p->state();
    const json progress = agenda_item(state, "経過");
    CHECK(progress["notes"] == "GH入居から2か月。");
    CHECK(progress["conclusion"] == "地域生活が安定。");
    CHECK(has(texts(state, "open_issues"), "金銭管理について本人と話し合う"));
    CHECK(has(texts(state, "decisions"), "余暇活動を追加する"));
    CHECK(state["devices"].size() == 3);
  }
  for (auto* p : m.all()) CHECK(p->quit() == 0);
}

TEST_CASE("When the chair drops, the participants keep converging between themselves and with the chair when it is back",
          "[system][rejoin]") {
  TempDir dir;
  ThreePeers m(dir);
  const std::string item = agenda_item(m.chair->state(), "経過")["id"];
  const std::string day_fingerprint = m.day_service->request({{"cmd", "info"}})["fingerprint"];
  const std::string chair_fingerprint = m.chair->request({{"cmd", "info"}})["fingerprint"];
  CHECK(m.chair->kill() == 137);

  // The participants' own link stays up; they type into the same note at once.
  CHECK(link_state(*m.group_home, day_fingerprint) == "connected");
  const std::vector<std::string> gh_words{"GH入居から2か月。", "生活リズムが", "整ってきた。"};
  const std::vector<std::string> day_words{"B型に週5日通所。", "作業に集中", "できている。"};
  type_together(*m.group_home, gh_words, *m.day_service, day_words, item);
  REQUIRE_FALSE(converge({m.group_home.get(), m.day_service.get()}).empty());
  CHECK(link_state(*m.group_home, chair_fingerprint) != "connected");
  const std::string notes = agenda_item(m.group_home->state(), "経過")["notes"];
  CHECK(in_order(notes, gh_words));
  CHECK(in_order(notes, day_words));

  // The chair comes back on the same port with the same files and catches up.
  const std::string port = m.address.substr(m.address.rfind(':') + 1);
  m.chair = CliPeer::host(dir.path(), "chair", "佐藤 真理",
                          {"--listen", "127.0.0.1:" + port, "--no-announce", "--auto-admit"});
  CHECK(m.chair->expect_event("hosting")["address"] == m.address);
  REQUIRE(m.chair->wait_peers(2, 40s));
  m.chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "conclusion"}, {"pos", 0}, {"text", "地域生活が安定。"}});
  REQUIRE_FALSE(converge(m.all()).empty());
  for (auto* p : m.all()) {
    INFO("peer " << p->label());
    const json progress = agenda_item(p->state(), "経過");
    CHECK(progress["notes"] == notes);
    CHECK(progress["conclusion"] == "地域生活が安定。");
  }
  for (auto* p : m.all()) CHECK(p->quit() == 0);
}
