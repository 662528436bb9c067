// The sequence CRDT on its own.
#include <catch2/catch.hpp>

#include "core/sequence.hpp"

using namespace renkei::core;

TEST_CASE("local inserts and deletes produce the expected text and origins", "[core][sequence]") {
  Sequence s;
  auto o = s.insert_local({1, 1}, 0, U"abc");
  CHECK(o == Origins{});
  s.insert_local({1, 4}, 3, U"de");
  CHECK(s.text() == U"abcde");
  CHECK(s.run_count() == 1);  // typing at the end extends one run
  s.insert_local({1, 6}, 1, U"X");
  CHECK(s.text() == U"aXbcde");
  auto spans = s.remove_local(2, 2);
  CHECK(s.text() == U"aXde");
  REQUIRE(spans.size() == 1);
  CHECK(spans[0] == IdSpan{1, 2, 2});
  CHECK(s.remove(spans[0]) == 0);  // idempotent
  CHECK(s.size() == 4);
}

TEST_CASE("integrating the same insertion twice changes nothing", "[core][sequence]") {
  Sequence a, b;
  auto o = a.insert_local({5, 1}, 0, U"あい");
  CHECK(b.integrate({5, 1}, 2, o, U"あい"));
  CHECK_FALSE(b.integrate({5, 1}, 2, o, U"あい"));
  CHECK(b.text() == U"あい");
}

TEST_CASE("an insertion whose origin has not arrived is refused and changes nothing", "[core][sequence]") {
  Sequence s;
  s.insert_local({1, 1}, 0, U"ab");
  CHECK_THROWS_AS(s.integrate({2, 1}, 1, Origins{{9, 9}, {}}, U"x"), SequenceError);
  CHECK(s.text() == U"ab");
  CHECK_THROWS_AS(s.remove({9, 1, 1}), SequenceError);
  CHECK_THROWS_AS(s.origins_at(3), SequenceError);
}

TEST_CASE("many leaves: random local edits match a plain string model", "[core][sequence]") {
  Sequence s;
  std::u32string model;
  std::uint64_t counter = 1, seed = 42;
  auto rnd = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return n == 0 ? 0 : (seed >> 33) % n;
  };
  for (int i = 0; i < 20000; ++i) {
    if (model.empty() || rnd(3) > 0) {
      auto pos = rnd(model.size() + 1);
      std::u32string ins(1 + rnd(4), static_cast<char32_t>(U'a' + rnd(26)));
      s.insert_local({1, counter}, pos, ins);
      counter += ins.size();
      model.insert(pos, ins);
    } else {
      auto pos = rnd(model.size());
      auto len = 1 + rnd(std::min<std::uint64_t>(5, model.size() - pos));
      s.remove_local(pos, len);
      model.erase(pos, len);
    }
  }
  CHECK(s.text() == model);
  CHECK(s.size() == model.size());
  Sequence copy = s;  // copies rebuild their index
  copy.insert_local({2, 1}, 0, U"Z");
  CHECK(copy.text() == U"Z" + model);
  CHECK(s.text() == model);
}

TEST_CASE("utf-8 conversion refuses malformed input", "[core][sequence]") {
  CHECK(utf8_to_u32("日本😀") == U"日本😀");
  CHECK(u32_to_utf8(U"日本😀") == "日本😀");
  CHECK_THROWS_AS(utf8_to_u32("\xE6\x97"), std::invalid_argument);
  CHECK_THROWS_AS(utf8_to_u32("\xC0\x80"), std::invalid_argument);  // overlong
  CHECK_THROWS_AS(utf8_to_u32("\xED\xA0\x80"), std::invalid_argument);  // surrogate
}
