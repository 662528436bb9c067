// The notes editor's text arithmetic (src/gui/text_diff.hpp): the change between two texts,
// where the caret goes when someone else's change arrives, and the merge that keeps both
// people's typing.
#include <catch2/catch.hpp>

#include "gui/text_diff.hpp"

using renkei::gui::apply_change;
using renkei::gui::diff_text;
using renkei::gui::map_position;
using renkei::gui::Stick;

TEST_CASE("the change between two texts is their differing middle", "[gui][text]") {
  const auto c = diff_text(U"本人の意向を確認した", U"本人と家族の意向を確認した");
  CHECK(c.pos == 2);
  CHECK(c.removed == 0);
  CHECK(c.inserted == U"と家族");
  CHECK(apply_change(U"本人の意向を確認した", c) == U"本人と家族の意向を確認した");
  CHECK(diff_text(U"同じ", U"同じ").empty());
}

TEST_CASE("a replacement removes and inserts in one change", "[gui][text]") {
  const auto c = diff_text(U"週2回の通院", U"週1回の通院");
  CHECK(c.pos == 1);
  CHECK(c.removed == 1);
  CHECK(c.inserted == U"1");
}

TEST_CASE("a caret before a remote change stays, after it moves by the length difference", "[gui][text]") {
  const auto c = diff_text(U"abcdef", U"abXYZcdef");  // inserted at 2
  CHECK(map_position(1, c) == 1);
  CHECK(map_position(2, c) == 2);  // exactly where the insertion lands: stays in front of it
  CHECK(map_position(4, c) == 7);
  CHECK(map_position(6, c) == 9);
}

TEST_CASE("a selection does not take in text inserted at its edges", "[gui][text]") {
  const auto at_start = diff_text(U"abcdef", U"XYabcdef");  // inserted where a selection 0..2 starts
  CHECK(map_position(0, at_start, Stick::after) == 2);
  CHECK(map_position(2, at_start, Stick::before) == 4);
  const auto at_end = diff_text(U"abcdef", U"abXYcdef");  // inserted where a selection 0..2 ends
  CHECK(map_position(0, at_end, Stick::after) == 0);
  CHECK(map_position(2, at_end, Stick::before) == 2);
}

TEST_CASE("a caret inside a remotely replaced run goes to the end of the new text", "[gui][text]") {
  const auto c = diff_text(U"0123456789", U"01ab789");  // 2..7 replaced by "ab"
  CHECK(map_position(4, c) == 4);
  CHECK(map_position(8, c) == 5);
}
