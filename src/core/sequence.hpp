// The sequence CRDT behind note text and list order.
//
// Algorithm: YjsMod / FugueMax integration — each element remembers the element that was
// immediately left of it (origin_left) and immediately right of it (origin_right) when it was
// inserted; concurrent inserts at the same place are ordered so that runs typed by different
// people never interleave (Weidner & Kleppmann, "The Art of the Fugue: Minimizing Interleaving
// in Collaborative Text Editing", 2023; Gentle, reference-crdts "yjsmod"). Given causal
// delivery (an element's origins arrive before it), the resulting order is a pure function of
// the set of insertions, whatever order they arrive in. Deletion leaves a tombstone.
//
// Representation: elements are stored as runs (consecutive ids typed left to right by one
// replica share one record, as in diamond-types), in leaves of at most kMaxRunsPerLeaf runs;
// an index per replica maps id ranges to leaves. Positions and counts are in elements — for
// text, Unicode code points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"

namespace renkei::core {

/// Consecutive element ids of one replica: (peer, counter), …, (peer, counter + len − 1).
struct IdSpan {
  PeerId peer = 0;
  std::uint64_t counter = 0;
  std::uint64_t len = 0;
  bool operator==(const IdSpan&) const = default;
};

/// Where an insertion goes: the element immediately left of it and immediately right of it at
/// the moment it was made. A null OpId means the start (left) or the end (right).
struct Origins {
  OpId left;
  OpId right;
  bool operator==(const Origins&) const = default;
};

/// Thrown when an operation refers to elements this sequence does not have, or to a position
/// outside it. The sequence is unchanged when this is thrown.
struct SequenceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Sequence {
 public:
  /// with_content: store one code point per element (note text); lists store ids only.
  explicit Sequence(bool with_content = true);
  ~Sequence();
  Sequence(const Sequence&);
  Sequence& operator=(const Sequence&);
  Sequence(Sequence&&) noexcept;
  Sequence& operator=(Sequence&&) noexcept;

  /// Number of visible (not deleted) elements.
  [[nodiscard]] std::size_t size() const { return visible_; }

  /// The origins a local insertion at visible position pos (0 … size()) would get: left is the
  /// element just before the pos-th visible element (possibly a tombstone), right is the
  /// pos-th visible element (null at the end). Throws SequenceError if pos > size().
  [[nodiscard]] Origins origins_at(std::size_t pos) const;

  /// The origins of an insertion at the very start, before every element (deleted or not).
  [[nodiscard]] Origins origins_at_start() const;

  /// The origins of an insertion right after element `id` (which may be deleted): left is id,
  /// right the element that follows it now (null at the end). Throws SequenceError if absent.
  [[nodiscard]] Origins origins_after(const OpId& id) const;

  /// Integrates an insertion of `len` elements with ids id … id+len−1 (element k's left origin
  /// is element k−1; all share origins.right). Used for local and remote insertions alike.
  /// content: exactly len code points for a text sequence, empty for a list.
  /// Returns false (and changes nothing) if the ids are already present. Throws SequenceError
  /// if an origin is missing (the caller must deliver causally) or content has the wrong length.
  bool integrate(OpId id, std::size_t len, const Origins& origins, std::u32string_view content = {});

  /// Fast path for a local insertion at visible position pos: equivalent to
  /// integrate(id, content.size(), origins_at(pos), content) and returns those origins.
  Origins insert_local(OpId id, std::size_t pos, std::u32string_view content);
  /// List variant of insert_local: len elements without content.
  Origins insert_local(OpId id, std::size_t pos, std::size_t len);

  /// The ids of visible elements [pos, pos+len), as maximal spans in document order.
  /// Throws SequenceError if the range exceeds size().
  [[nodiscard]] std::vector<IdSpan> spans_at(std::size_t pos, std::size_t len) const;

  /// Marks the elements of span deleted (idempotent). Returns the number of elements that
  /// were visible before. Throws SequenceError if any id of the span is not present; nothing is
  /// changed then.
  std::size_t remove(const IdSpan& span);

  /// Deletes visible [pos, pos+len) and returns the spans deleted (spans_at + remove).
  std::vector<IdSpan> remove_local(std::size_t pos, std::size_t len);

  /// True if the element id was ever inserted (visible or deleted).
  [[nodiscard]] bool contains(const OpId& id) const;

  /// True if every element of span is present.
  [[nodiscard]] bool contains(const IdSpan& span) const;

  /// Visible index of element id, or std::nullopt if absent or deleted. O(n): for short lists.
  [[nodiscard]] std::optional<std::size_t> index_of(const OpId& id) const;

  /// The visible text as UTF-32 (text sequences).
  [[nodiscard]] std::u32string text() const;

  /// The content of the elements of `span` (deleted or not), in id order. Throws SequenceError
  /// if an element is absent; empty for a list sequence.
  [[nodiscard]] std::u32string text_of(const IdSpan& span) const;

  /// The element right before `id` in the sequence (deleted or not), or null at the start.
  /// Throws SequenceError if `id` is absent.
  [[nodiscard]] OpId element_before(const OpId& id) const;

  /// The ids of the visible elements in order, as maximal spans (compact for text).
  [[nodiscard]] std::vector<IdSpan> visible_spans() const;

  /// The ids of visible elements in order (lists).
  [[nodiscard]] std::vector<OpId> visible_ids() const;

  /// Number of stored runs (for benchmarks and tests of run merging).
  [[nodiscard]] std::size_t run_count() const;

 private:
  struct Run;
  struct Leaf;
  struct Pos;

  Pos locate(const OpId& id) const;
  std::optional<Pos> find(const OpId& id) const;
  Pos find_visible(std::size_t pos) const;
  Pos split_at(Pos p);
  void split_leaf(std::size_t leaf);
  void insert_run(Pos at, Run run);
  bool try_extend(const Pos& at, const OpId& id, const Origins& o, std::u32string_view content,
                  std::size_t len);
  std::uint32_t append_content(PeerId peer, std::u32string_view content);
  void adjust_visible(std::size_t leaf, std::ptrdiff_t delta);
  void note_change(std::size_t leaf, std::size_t run, std::ptrdiff_t visible_delta, bool structural);
  Pos next(Pos p) const;
  Pos end_pos() const;
  Origins origins_for(const Pos& at) const;
  void place(const Pos& at, OpId id, std::size_t len, const Origins& o, std::u32string_view content);
  void rebuild_index();

  bool with_content_;
  std::vector<std::unique_ptr<Leaf>> leaves_;
  std::unordered_map<PeerId, std::map<std::uint64_t, Leaf*>> index_;
  std::unordered_map<PeerId, std::u32string> content_;
  std::size_t visible_ = 0;
  // Cursor cache for find_visible: a leaf and the visible count before it, and within that leaf
  // a run and the visible count before it in the leaf (typing stays within one run, so the
  // next lookup is O(1)). note_change() keeps the run cache true or drops it.
  static constexpr std::size_t kNoRun = static_cast<std::size_t>(-1);
  mutable std::size_t cache_leaf_ = 0;
  mutable std::size_t cache_before_ = 0;
  mutable std::size_t cache_run_ = kNoRun;
  mutable std::size_t cache_run_before_ = 0;
};

/// UTF-8 ⇄ UTF-32 conversion for note text. Invalid UTF-8 throws std::invalid_argument
/// (the position of the bad byte is in the message).
std::u32string utf8_to_u32(std::string_view utf8);
std::string u32_to_utf8(std::u32string_view u32);
/// Number of code points in valid UTF-8 (throws std::invalid_argument on invalid UTF-8).
std::size_t utf8_length(std::string_view utf8);

}  // namespace renkei::core
