#include "text_diff.hpp"

namespace renkei::gui {

TextChange diff_text(const std::u32string& before, const std::u32string& after) {
  std::size_t prefix = 0;
  while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix])
    ++prefix;
  std::size_t suffix = 0;
  while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  TextChange c;
  c.pos = prefix;
  c.removed = before.size() - prefix - suffix;
  c.inserted = after.substr(prefix, after.size() - prefix - suffix);
  return c;
}

std::u32string apply_change(const std::u32string& text, const TextChange& change) {
  std::u32string out = text.substr(0, change.pos);
  out += change.inserted;
  out += text.substr(change.end());
  return out;
}

std::size_t map_position(std::size_t pos, const TextChange& change, Stick stick) {
  if (pos == change.pos && change.removed == 0 && stick == Stick::after) return pos + change.inserted.size();
  if (pos <= change.pos) return pos;
  if (pos >= change.end()) return pos - change.removed + change.inserted.size();
  return change.pos + change.inserted.size();
}


}  // namespace renkei::gui
