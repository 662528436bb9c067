// Text changes between two versions of a note, in code points: what this person typed (sent as
// character-id edits, shared_text_ctrl.cpp) and what the caret of a text control must follow
// when a remote edit arrives. Pure functions, no wxWidgets.
#pragma once

#include <cstddef>
#include <string>

namespace renkei::gui {

/// One contiguous change: at `pos`, `removed` code points are replaced by `inserted`.
struct TextChange {
  std::size_t pos = 0;
  std::size_t removed = 0;
  std::u32string inserted;

  /// True when the change does nothing.
  [[nodiscard]] bool empty() const { return removed == 0 && inserted.empty(); }
  /// The end of the replaced run in the text before the change.
  [[nodiscard]] std::size_t end() const { return pos + removed; }
};

/// The smallest single change turning `before` into `after` (common prefix and suffix), the
/// same change core's replace_text computes.
TextChange diff_text(const std::u32string& before, const std::u32string& after);

/// Applies `change` to `text` (which must be long enough).
std::u32string apply_change(const std::u32string& text, const TextChange& change);

/// Which side of text inserted exactly at a position that position keeps to.
enum class Stick {
  before,  ///< stays in front of the inserted text (a caret: my typing stays in one piece)
  after,   ///< moves behind it (a selection's start: the selection does not grow)
};

/// Where a caret (or selection end) at `pos` in the text before `change` belongs after it:
/// before the change it stays; after the replaced run it moves by the length difference;
/// inside the replaced run it goes to the end of the inserted text; exactly where an insertion
/// lands, as `stick` says.
std::size_t map_position(std::size_t pos, const TextChange& change, Stick stick = Stick::before);

}  // namespace renkei::gui
