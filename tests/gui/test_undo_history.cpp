// UndoHistory (src/gui/undo_history.cpp): steps, merging of typing, the order revert edits are
// sent in, redo from the results of an undo, refused edits, and undo waiting for edits still on
// their way. No session: a fake Send records the edits and answers them when told.
#include <catch2/catch.hpp>

#include <deque>

#include "gui/undo_history.hpp"

using renkei::gui::UndoHistory;
using renkei::gui::UndoStep;
using renkei::session::EditResult;
using nlohmann::json;

namespace {

// Sends go into a queue; answer() applies the oldest with the given result.
struct FakeSession {
  struct Sent {
    json edit;
    std::function<void(const EditResult&)> done;
  };
  std::deque<Sent> queue;
  std::vector<json> sent;
  UndoHistory history{[this](json e, std::function<void(const EditResult&)> done) {
    sent.push_back(e);
    queue.push_back({std::move(e), std::move(done)});
  }};

  // The person's own edit: recorded in `step`, answered ok with `undo`.
  void own_edit(const std::shared_ptr<UndoStep>& step, std::vector<json> undo) {
    history.sent(step);
    EditResult r;
    r.ok = true;
    r.undo = std::move(undo);
    history.on_result(step, r);
  }
  // Answers the oldest queued (undo/redo) edit.
  void answer(bool ok, std::vector<json> undo = {}) {
    REQUIRE(!queue.empty());
    auto s = std::move(queue.front());
    queue.pop_front();
    EditResult r;
    r.ok = ok;
    r.undo = std::move(undo);
    if (!ok) r.error = "refused";
    s.done(r);
  }
};

json edit(const char* name) { return {{"cmd", name}}; }

}  // namespace

TEST_CASE("a step's edits are reverted last first, and undone whole") {
  FakeSession f;
  auto step = f.history.open_step("dialog", "", 0);
  f.own_edit(step, {edit("revert-a")});
  f.own_edit(step, {edit("revert-b1"), edit("revert-b2")});
  REQUIRE(f.history.can_undo());
  REQUIRE(f.history.undo_label() == "dialog");
  REQUIRE(f.history.undo());
  REQUIRE(f.sent == std::vector<json>{edit("revert-b1"), edit("revert-b2"), edit("revert-a")});
  REQUIRE_FALSE(f.history.can_undo());
}

TEST_CASE("redo sends the reverts of what the undo did, and a new edit clears it") {
  FakeSession f;
  f.own_edit(f.history.open_step("add", "", 0), {edit("remove")});
  f.history.undo();
  f.answer(true, {edit("restore")});
  REQUIRE(f.history.can_redo());
  REQUIRE(f.history.redo_label() == "add");
  f.history.redo();
  REQUIRE(f.sent.back() == edit("restore"));
  f.answer(true, {edit("remove-again")});
  REQUIRE(f.history.can_undo());
  REQUIRE_FALSE(f.history.can_redo());
  f.history.undo();
  REQUIRE(f.sent.back() == edit("remove-again"));
  f.answer(true, {edit("restore-again")});
  REQUIRE(f.history.can_redo());
  f.own_edit(f.history.open_step("other", "", 10), {edit("x")});
  REQUIRE_FALSE(f.history.can_redo());
}

TEST_CASE("typing in one field in quick succession is one step, and a pause or another field starts a new one") {
  FakeSession f;
  f.own_edit(f.history.open_step("typing", "item/notes", 0), {edit("t1")});
  f.own_edit(f.history.open_step("typing", "item/notes", 1000), {edit("t2")});
  REQUIRE(f.history.undo_size() == 1);
  f.own_edit(f.history.open_step("typing", "item/notes", 1000 + UndoHistory::kMergeMs + 1), {edit("t3")});
  REQUIRE(f.history.undo_size() == 2);
  f.own_edit(f.history.open_step("typing", "item/conclusion", 3000), {edit("t4")});
  REQUIRE(f.history.undo_size() == 3);
}

TEST_CASE("a typing step ends at a line break or the end of a sentence, and the next keystroke starts another") {
  FakeSession f;
  const std::string key = "item/notes";
  for (const std::u32string& ending : {std::u32string(U"\n"), std::u32string(U"。"), std::u32string(U"？"),
                                       std::u32string(U"end. "), std::u32string(U"end.")}) {
    const std::size_t before = f.history.undo_size();
    std::int64_t t = static_cast<std::int64_t>(before) * 100000;
    f.own_edit(f.history.open_step("typing", key, t), {edit("t1")});
    f.history.typed(key, U"abc");
    f.own_edit(f.history.open_step("typing", key, t + 200), {edit("t2")});
    f.history.typed(key, ending);
    REQUIRE(f.history.undo_size() == before + 1);
    // Right after it, without a pause: a new step.
    f.own_edit(f.history.open_step("typing", key, t + 300), {edit("t3")});
    f.history.typed(key, U"x");
    REQUIRE(f.history.undo_size() == before + 2);
  }
  // A decimal point is not the end of a sentence.
  const std::size_t before = f.history.undo_size();
  f.own_edit(f.history.open_step("typing", key, 10000000), {edit("n1")});
  f.history.typed(key, U"3.5");
  f.own_edit(f.history.open_step("typing", key, 10000100), {edit("n2")});
  REQUIRE(f.history.undo_size() == before + 1);
}

TEST_CASE("typing without a pause is cut into steps of a few seconds or a sentence's length") {
  FakeSession f;
  const std::string key = "item/notes";
  // A keystroke every 300 ms for a minute, no punctuation: never a step longer than kMaxStepMs.
  std::int64_t opened = 0;
  for (std::int64_t t = 0; t < 60000; t += 300) {
    const std::size_t before = f.history.undo_size();
    f.own_edit(f.history.open_step("typing", key, t), {edit("k")});
    f.history.typed(key, U"a");
    if (f.history.undo_size() != before) opened = t;
    REQUIRE(t - opened < UndoHistory::kMaxStepMs);
  }
  REQUIRE(f.history.undo_size() >= 60000 / UndoHistory::kMaxStepMs);
  // Fast typing (an input method committing long runs): at most kMaxTyped characters a step.
  FakeSession g;
  g.own_edit(g.history.open_step("typing", key, 0), {edit("a")});
  g.history.typed(key, std::u32string(UndoHistory::kMaxTyped, U'あ'));
  g.own_edit(g.history.open_step("typing", key, 100), {edit("b")});
  REQUIRE(g.history.undo_size() == 2);
  // Undo takes back the last step only.
  g.history.undo();
  REQUIRE(g.sent == std::vector<json>{edit("b")});
  REQUIRE(g.history.undo_size() == 1);
}

TEST_CASE("undo waits for edits still on their way, then reverts them too") {
  FakeSession f;
  auto step = f.history.open_step("typing", "k", 0);
  f.history.sent(step);  // applied later
  REQUIRE(f.history.undo());
  REQUIRE(f.sent.empty());
  EditResult r;
  r.ok = true;
  r.undo = {edit("delete-typed")};
  f.history.on_result(step, r);
  REQUIRE(f.sent == std::vector<json>{edit("delete-typed")});
}

TEST_CASE("a step none of whose edits took effect is not kept, and a refused revert is reported") {
  FakeSession f;
  auto step = f.history.open_step("refused", "", 0);
  f.history.sent(step);
  EditResult refused;
  refused.error = "only the chair may do this";
  f.history.on_result(step, refused);
  REQUIRE_FALSE(f.history.can_undo());

  std::string reported;
  f.history.on_error = [&](const wxString& m) { reported = m.utf8_string(); };
  f.own_edit(f.history.open_step("add", "", 0), {edit("remove")});
  f.history.undo();
  f.answer(false);
  REQUIRE(reported.find("refused") != std::string::npos);
  REQUIRE_FALSE(f.history.can_redo());
}
