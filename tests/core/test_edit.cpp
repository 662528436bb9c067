// Edits: every change a front end can make, and clear errors for impossible ones.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace renkei;
using namespace renkei::core;
using test::add;
using test::edit;

TEST_CASE("adding, moving, removing and restoring agenda items keeps the displayed order", "[core][edit]") {
  Document d(7);
  auto a = add(d, "agenda_item", {{"title", "A"}});
  auto b = add(d, "agenda_item", {{"title", "B"}});
  auto c = add(d, "agenda_item", {{"title", "C"}});
  auto titles = [&] {
    std::string out;
    for (const auto& x : d.snapshot().agenda) out += x.title;
    return out;
  };
  CHECK(titles() == "ABC");
  edit(d, {{"cmd", "move"}, {"id", c}, {"index", 0}});
  CHECK(titles() == "CAB");
  edit(d, {{"cmd", "move"}, {"id", c}, {"index", 2}});
  CHECK(titles() == "ABC");
  edit(d, {{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "X"}}}, {"index", 1}});
  CHECK(titles() == "AXBC");
  edit(d, {{"cmd", "remove"}, {"id", b}});
  CHECK(titles() == "AXC");
  edit(d, {{"cmd", "restore"}, {"id", b}});
  CHECK(titles() == "AXBC");
  (void)a;
}

TEST_CASE("text edits count positions in code points and replace_text makes a minimal change", "[core][edit]") {
  Document d(7);
  auto n = add(d, "agenda_item", {{"title", "経過"}, {"notes", "日中は就労継続支援B型"}});
  CHECK(test::notes_of(d, n) == "日中は就労継続支援B型");
  edit(d, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"pos", 3}, {"text", "毎日"}});
  CHECK(test::notes_of(d, n) == "日中は毎日就労継続支援B型");
  edit(d, {{"cmd", "delete_text"}, {"id", n}, {"field", "notes"}, {"pos", 0}, {"len", 3}});
  CHECK(test::notes_of(d, n) == "毎日就労継続支援B型");
  auto before = d.op_count();
  auto r = edit(d, {{"cmd", "replace_text"}, {"id", n}, {"field", "notes"}, {"text", "毎週就労継続支援B型😀"}});
  CHECK(test::notes_of(d, n) == "毎週就労継続支援B型😀");
  // "日" → "週" and an emoji appended: one deletion of 1 and insertions only where changed.
  REQUIRE(r.ops.size() == 2);
  CHECK(r.ops[0].kind == OpKind::text_delete);
  CHECK(r.ops[0].spans.at(0).len == 1);
  CHECK(r.ops[1].kind == OpKind::text_insert);
  CHECK(d.op_count() == before + 2);
}

TEST_CASE("impossible edits are refused with a message naming the problem and change nothing", "[core][edit]") {
  Document d(7);
  auto n = add(d, "agenda_item", {{"title", "A"}});
  const auto state = d.canonical_state();
  const auto ops = d.op_count();
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", n}, {"field", "colour"}, {"value", "red"}}, 0),
                    Catch::Contains("no field 'colour'"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", n}, {"field", "timebox_min"}, {"value", -3}}, 0),
                    Catch::Contains("timebox_min"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", n}, {"field", "status"}, {"value", "finished"}}, 0),
                    Catch::Contains("one of: pending, current, done, skipped"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"pos", 5}, {"text", "x"}}, 0),
                    Catch::Contains("past the end"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", "00000000000000ff:9"}, {"field", "title"}, {"value", "x"}}, 0),
                    Catch::Contains("no item"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set_meeting"}, {"field", "date"}, {"value", "21/11/2026"}}, 0),
                    Catch::Contains("YYYY-MM-DD"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "move"}, {"id", n}, {"index", 4}}, 0), Catch::Contains("past the end"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "fly"}}, 0), Catch::Contains("unknown edit command"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "add"}, {"type", "meeting"}}, 0), Catch::Contains("unknown item type"));
  // References must name an item here, of the right kind, that is still there.
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "add"}, {"type", "decision"},
                                     {"fields", {{"text", "x"}, {"agenda_item", "000000000000ffff:1"}}}}, 0),
                    Catch::Contains("names no item here"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "add"}, {"type", "role"}, {"fields", {{"role", "x"}, {"attendee", n}}}}, 0),
                    Catch::Contains("must name an attendee"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set_meeting"}, {"field", "recorder"}, {"value", n}}, 0),
                    Catch::Contains("must name an attendee"));
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", n}, {"field", "moved_to"}, {"value", n}}, 0),
                    Catch::Contains("set_visibility"));
  CHECK(d.canonical_state() == state);
  CHECK(d.op_count() == ops);
}

TEST_CASE("the key person is one: marking a role takes the mark from the others, and undo gives it back", "[core][edit]") {
  Document d(7);
  const auto gh = add(d, "role", {{"role", "生活支援"}, {"who", "GH"}, {"key_person", true}});
  const auto day = add(d, "role", {{"role", "日中活動"}, {"who", "B型"}});
  auto key_persons = [&] {
    std::vector<std::string> out;
    for (const auto& r : d.snapshot().roles)
      if (r.key_person) out.push_back(r.id.to_string());
    return out;
  };
  REQUIRE(key_persons() == std::vector<std::string>{gh});
  const auto before = d.canonical_state();
  const auto marked = prepare_edit(d, {{"cmd", "set"}, {"id", day}, {"field", "key_person"}, {"value", true}}, 0);
  const auto undo = undo_edits(d, marked.ops);
  d.apply_local(marked.ops);
  CHECK(key_persons() == std::vector<std::string>{day});
  for (const auto& u : undo) edit(d, u);
  CHECK(d.canonical_state() == before);
  // Adding a role as the key person does the same.
  const auto consultant = add(d, "role", {{"role", "計画相談"}, {"who", "相談支援"}, {"key_person", true}});
  CHECK(key_persons() == std::vector<std::string>{consultant});
}

TEST_CASE("taking back an advance makes the item current again with its own time, not the next item's", "[core][edit]") {
  Document d(7);
  const auto first = add(d, "agenda_item", {{"title", "開会"}, {"timebox_min", 1}});
  const auto second = add(d, "agenda_item", {{"title", "経過"}});
  auto at = [&](std::int64_t ms, const nlohmann::json& cmd) {
    auto p = prepare_edit(d, cmd, ms);
    auto undo = undo_edits(d, p.ops);
    d.apply_local(p.ops);
    return undo;
  };
  at(0, {{"cmd", "advance"}});
  const auto undo = at(33'000, {{"cmd", "advance"}});  // 33 s on the first item
  for (const auto& u : undo) at(135'000, u);             // taken back 102 s later
  const auto s = d.snapshot();
  CHECK(s.agenda.at(0).status == AgendaStatus::current);
  CHECK(s.agenda.at(1).status == AgendaStatus::pending);
  const Item& item = *d.item(*OpId::parse(first));
  CHECK(item.get("elapsed_sec", 0).get<long long>() == 33);
  CHECK(item.get("started_at", "").get<std::string>() == format_utc(135'000));
  CHECK(d.item(*OpId::parse(second))->get("elapsed_sec", 0).get<long long>() == 0);
}

TEST_CASE("a decision may name an agenda item, but not a removed one", "[core][edit]") {
  Document d(7);
  const auto item = add(d, "agenda_item", {{"title", "経過"}});
  const auto decision = add(d, "decision", {{"text", "継続"}, {"agenda_item", item}});
  CHECK(d.snapshot().decisions.at(0).agenda_item->to_string() == item);
  edit(d, {{"cmd", "remove"}, {"id", item}});
  CHECK_THROWS_WITH(prepare_edit(d, {{"cmd", "set"}, {"id", decision}, {"field", "agenda_item"}, {"value", item}}, 0),
                    Catch::Contains("has been removed"));
}

TEST_CASE("advancing the agenda moves the current item and accumulates each item's time", "[core][edit]") {
  Document d(7);
  auto a = add(d, "agenda_item", {{"title", "A"}, {"timebox_min", 5}});
  auto b = add(d, "agenda_item", {{"title", "B"}});
  const std::int64_t t0 = 1'763'690'400'000;  // 2025-11-21T02:00:00Z
  edit(d, {{"cmd", "advance"}}, t0);
  auto s = d.snapshot();
  REQUIRE(s.current_item());
  CHECK(s.current_item()->title == "A");
  CHECK(s.current_item()->started_at == "2025-11-21T02:00:00Z");
  edit(d, {{"cmd", "advance"}}, t0 + 7 * 60'000);
  s = d.snapshot();
  CHECK(s.current_item()->title == "B");
  CHECK(s.agenda[0].status == AgendaStatus::done);
  CHECK(s.agenda[0].elapsed_sec == 7 * 60);
  edit(d, {{"cmd", "back"}}, t0 + 8 * 60'000);
  s = d.snapshot();
  CHECK(s.current_item()->title == "A");
  CHECK(s.agenda[1].status == AgendaStatus::pending);
  CHECK(s.agenda[1].elapsed_sec == 60);
  edit(d, {{"cmd", "finish"}}, t0 + 9 * 60'000);
  CHECK(d.snapshot().current_item() == nullptr);
  CHECK(d.snapshot().agenda[0].elapsed_sec == 8 * 60);
  (void)a;
  (void)b;
}

TEST_CASE("concurrent advances leave exactly one current item on every replica", "[core][edit]") {
  Document x(1), y(2);
  add(x, "agenda_item", {{"title", "A"}});
  add(x, "agenda_item", {{"title", "B"}});
  add(x, "agenda_item", {{"title", "C"}});
  y.receive(test::all_ops(x));
  auto c = x.snapshot().agenda[2].id.to_string();
  edit(x, {{"cmd", "advance"}});
  edit(y, {{"cmd", "set_current"}, {"id", c}});
  test::sync_pair(x, y);
  auto s = x.snapshot();
  CHECK(x.canonical_state() == y.canonical_state());
  int current = 0;
  for (const auto& a : s.agenda) current += a.status == AgendaStatus::current;
  CHECK(current == 1);
}

TEST_CASE("utc timestamps round-trip and reject other forms", "[core][edit]") {
  CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(parse_utc(format_utc(1'763'690'461'000)) == 1'763'690'461'000);
  CHECK_FALSE(parse_utc("2025-11-21 02:00:00"));
  CHECK_FALSE(parse_utc("2025-13-21T02:00:00Z"));
}

TEST_CASE("typing after one's own last character stays in one piece while another types at the same place", "[core][edit]") {
  Document a(1), b(2);
  auto n = add(a, "agenda_item", {{"title", "x"}, {"notes", "経過："}});
  b.receive(test::all_ops(a));
  std::string last_a, last_b;
  const std::vector<std::string> words_a{"日中は", "B型に", "通所。"}, words_b{"休日は", "行動援護で", "外出。"};
  for (std::size_t i = 0; i < 3; ++i) {
    // Each types its next word after its own previous one; the other's words arrive in between.
    nlohmann::json ea{{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"text", words_a[i]}};
    nlohmann::json eb{{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"text", words_b[i]}};
    if (i == 0) ea["pos"] = eb["pos"] = 3; else { ea["after"] = last_a; eb["after"] = last_b; }
    auto ra = edit(a, ea), rb = edit(b, eb);
    last_a = ra.reply["last"];
    last_b = rb.reply["last"];
    b.receive(ra.ops);
    a.receive(rb.ops);
  }
  const auto text = test::notes_of(a, n);
  CHECK(text == test::notes_of(b, n));
  CHECK((text == "経過：日中はB型に通所。休日は行動援護で外出。" || text == "経過：休日は行動援護で外出。日中はB型に通所。"));
  CHECK_THROWS_WITH(prepare_edit(a, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"text", "x"}, {"after", "00000000000000ff:1"}}, 0),
                    Catch::Contains("'after'"));
}

TEST_CASE("a change expressed by character ids keeps what others typed concurrently", "[core][edit]") {
  Document a(1), b(2);
  auto n = add(a, "agenda_item", {{"title", "x"}, {"notes", "本人の希望：外出"}});
  b.receive(test::all_ops(a));
  // a's screen shows the text with its ids; a replaces "外出" with "買い物" …
  const auto seen = a.snapshot().agenda.at(0);
  REQUIRE(seen.notes_ids.size() == 1);
  const auto& ids = seen.notes_ids[0];
  REQUIRE(ids.len == 8);
  const nlohmann::json span = nlohmann::json::array({core::peer_to_hex(ids.peer), ids.counter + 6, 2});
  // … while b types at the end, and b's edit reaches a before a's change is made.
  auto rb = edit(b, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"pos", 8}, {"text", "（週末）"}});
  a.receive(rb.ops);
  auto del = edit(a, {{"cmd", "delete_text"}, {"id", n}, {"field", "notes"}, {"spans", nlohmann::json::array({span})}});
  auto ins = edit(a, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"text", "買い物"},
                      {"after", OpId{ids.peer, ids.counter + 5}.to_string()}});
  b.receive(del.ops);
  b.receive(ins.ops);
  CHECK(test::notes_of(a, n) == "本人の希望：買い物（週末）");
  CHECK(test::notes_of(b, n) == test::notes_of(a, n));
  CHECK_THROWS_WITH(prepare_edit(a, {{"cmd", "delete_text"}, {"id", n}, {"field", "notes"},
                                     {"spans", {{"00000000000000ff", 1, 1}}}}, 0),
                    Catch::Contains("does not have"));
}

TEST_CASE("undoing an edit restores the state before it, while another person's edits stay", "[core][edit][undo]") {
  Document a(1), b(2);
  auto n = add(a, "agenda_item", {{"title", "課題"}, {"notes", "本人の希望は外出。"}});
  add(a, "agenda_item", {{"title", "役割"}});
  b.receive(test::all_ops(a));
  auto undo_of = [&](const nlohmann::json& e) {
    const Document before = a;
    auto prepared = prepare_edit(a, e, 0);
    auto undo = undo_edits(before, prepared.ops);
    a.apply_local(prepared.ops);
    return undo;
  };
  const std::vector<nlohmann::json> edits{
      {{"cmd", "set"}, {"id", n}, {"field", "title"}, {"value", "課題（ニーズ）"}},
      {{"cmd", "move"}, {"id", n}, {"index", 1}},
      {{"cmd", "remove"}, {"id", n}},
      {{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "通院同行"}}}},
      {{"cmd", "delete_text"}, {"id", n}, {"field", "notes"}, {"pos", 2}, {"len", 4}},
      {{"cmd", "replace_text"}, {"id", n}, {"field", "notes"}, {"text", "本人は外出を希望。"}},
      {{"cmd", "advance"}},
      {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "自宅"}},
  };
  for (const auto& e : edits) {
    if (e["cmd"] == "delete_text" || e["cmd"] == "replace_text") {
      // b types at the end meanwhile: undo must not touch b's text.
      auto rb = edit(b, {{"cmd", "insert_text"}, {"id", n}, {"field", "notes"}, {"pos", 0}, {"text", "★"}});
      a.receive(rb.ops);
    }
    const auto expected = a.snapshot();
    auto undo = undo_of(e);
    REQUIRE_FALSE(undo.empty());
    for (const auto& u : undo) edit(a, u);
    const auto after = a.snapshot();
    INFO(e.dump());
    CHECK(to_json(after).dump() == to_json(expected).dump());
  }
}
