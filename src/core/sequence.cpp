#include "core/sequence.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <tuple>

namespace renkei::core {
namespace {
constexpr std::size_t kMaxRunsPerLeaf = 64;
// Order key of a position: (leaf, run, offset). The null left origin sorts before everything;
// the end position after every element.
using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
constexpr Key kBeforeStart{-1, 0, 0};
}  // namespace

struct Sequence::Run {
  PeerId peer = 0;
  std::uint64_t counter = 0;
  std::uint32_t len = 0;
  std::uint32_t content = 0;  // offset into content_[peer]
  OpId origin_left;           // of the first element; element k>0 has (peer, counter+k-1)
  OpId origin_right;          // shared by every element of the run
  bool deleted = false;

  [[nodiscard]] OpId first() const { return {peer, counter}; }
  [[nodiscard]] OpId last() const { return {peer, counter + len - 1}; }
  [[nodiscard]] bool has(const OpId& id) const {
    return id.peer == peer && id.counter >= counter && id.counter < counter + len;
  }
};

struct Sequence::Leaf {
  std::vector<Run> runs;
  std::size_t visible = 0;
  std::size_t order = 0;  // index in leaves_
};

struct Sequence::Pos {
  std::size_t leaf = 0;
  std::size_t run = 0;
  std::uint32_t offset = 0;
};

namespace {
template <typename P>
Key key_of(const P& p) {
  return {static_cast<std::int64_t>(p.leaf), static_cast<std::int64_t>(p.run),
          static_cast<std::int64_t>(p.offset)};
}
}  // namespace

Sequence::Sequence(bool with_content) : with_content_(with_content) {
  leaves_.push_back(std::make_unique<Leaf>());
}
Sequence::~Sequence() = default;
Sequence::Sequence(Sequence&&) noexcept = default;
Sequence& Sequence::operator=(Sequence&&) noexcept = default;

Sequence::Sequence(const Sequence& other)
    : with_content_(other.with_content_),
      content_(other.content_),
      visible_(other.visible_) {
  for (const auto& leaf : other.leaves_) leaves_.push_back(std::make_unique<Leaf>(*leaf));
  rebuild_index();
}

Sequence& Sequence::operator=(const Sequence& other) {
  if (this != &other) {
    Sequence copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void Sequence::note_change(std::size_t leaf, std::size_t run, std::ptrdiff_t visible_delta, bool structural) {
  if (leaf != cache_leaf_ || cache_run_ == kNoRun) return;
  if (structural ? run <= cache_run_ : run < cache_run_) {
    if (structural)
      cache_run_ = kNoRun;  // runs before the cached one were inserted: its index moved
    else
      cache_run_before_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(cache_run_before_) + visible_delta);
  }
}

void Sequence::rebuild_index() {
  index_.clear();
  for (std::size_t i = 0; i < leaves_.size(); ++i) {
    leaves_[i]->order = i;
    for (const Run& r : leaves_[i]->runs) index_[r.peer][r.counter] = leaves_[i].get();
  }
  cache_leaf_ = 0;
  cache_before_ = 0;
  cache_run_ = kNoRun;
}

std::optional<Sequence::Pos> Sequence::find(const OpId& id) const {
  auto pit = index_.find(id.peer);
  if (pit == index_.end()) return std::nullopt;
  auto it = pit->second.upper_bound(id.counter);
  if (it == pit->second.begin()) return std::nullopt;
  --it;
  const Leaf* leaf = it->second;
  for (std::size_t i = 0; i < leaf->runs.size(); ++i) {
    const Run& r = leaf->runs[i];
    if (r.has(id)) return Pos{leaf->order, i, static_cast<std::uint32_t>(id.counter - r.counter)};
  }
  return std::nullopt;
}

Sequence::Pos Sequence::locate(const OpId& id) const {
  auto p = find(id);
  if (!p) throw SequenceError("sequence has no element " + id.to_string());
  return *p;
}

bool Sequence::contains(const OpId& id) const { return find(id).has_value(); }

bool Sequence::contains(const IdSpan& span) const {
  std::uint64_t c = span.counter;
  const std::uint64_t end = span.counter + span.len;
  while (c < end) {
    auto p = find({span.peer, c});
    if (!p) return false;
    const Run& r = leaves_[p->leaf]->runs[p->run];
    c = r.counter + r.len;
  }
  return true;
}

Sequence::Pos Sequence::end_pos() const {
  return Pos{leaves_.size() - 1, leaves_.back()->runs.size(), 0};
}

Sequence::Pos Sequence::next(Pos p) const {
  ++p.run;
  p.offset = 0;
  if (p.run >= leaves_[p.leaf]->runs.size() && p.leaf + 1 < leaves_.size()) {
    ++p.leaf;
    p.run = 0;
  }
  return p;
}

void Sequence::adjust_visible(std::size_t leaf, std::ptrdiff_t delta) {
  leaves_[leaf]->visible = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(leaves_[leaf]->visible) + delta);
  visible_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(visible_) + delta);
  if (leaf < cache_leaf_)
    cache_before_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(cache_before_) + delta);
}

Sequence::Pos Sequence::find_visible(std::size_t pos) const {
  if (pos > visible_) throw SequenceError("position " + std::to_string(pos) + " is past the end (" +
                                          std::to_string(visible_) + ")");
  if (cache_leaf_ >= leaves_.size()) {
    cache_leaf_ = 0;
    cache_before_ = 0;
    cache_run_ = kNoRun;
  }
  const std::size_t start_leaf = cache_leaf_;
  while (cache_leaf_ > 0 && cache_before_ > pos) {
    --cache_leaf_;
    cache_before_ -= leaves_[cache_leaf_]->visible;
  }
  while (cache_leaf_ + 1 < leaves_.size() && cache_before_ + leaves_[cache_leaf_]->visible <= pos) {
    cache_before_ += leaves_[cache_leaf_]->visible;
    ++cache_leaf_;
  }
  if (cache_leaf_ != start_leaf) cache_run_ = kNoRun;
  std::size_t rem = pos - cache_before_;
  const Leaf& leaf = *leaves_[cache_leaf_];
  std::size_t i = 0;
  if (cache_run_ != kNoRun && cache_run_ < leaf.runs.size() && rem >= cache_run_before_) {
    i = cache_run_;  // start at the cached run: runs before it hold cache_run_before_ elements
    rem -= cache_run_before_;
  }
  std::size_t before = pos - cache_before_ - rem;
  for (; i < leaf.runs.size(); ++i) {
    const Run& r = leaf.runs[i];
    if (r.deleted) continue;
    if (rem < r.len) {
      cache_run_ = i;
      cache_run_before_ = before;
      return Pos{cache_leaf_, i, static_cast<std::uint32_t>(rem)};
    }
    rem -= r.len;
    before += r.len;
  }
  return end_pos();  // pos == size()
}

Origins Sequence::origins_for(const Pos& at) const {
  Origins o;
  const Leaf& leaf = *leaves_[at.leaf];
  if (at.run < leaf.runs.size()) {
    const Run& r = leaf.runs[at.run];
    o.right = {r.peer, r.counter + at.offset};
    if (at.offset > 0) {
      o.left = {r.peer, r.counter + at.offset - 1};
      return o;
    }
  }
  if (at.run > 0)
    o.left = leaf.runs[at.run - 1].last();
  else if (at.leaf > 0)
    o.left = leaves_[at.leaf - 1]->runs.back().last();
  return o;
}

Origins Sequence::origins_at(std::size_t pos) const { return origins_for(find_visible(pos)); }

Origins Sequence::origins_at_start() const {
  if (leaves_[0]->runs.empty()) return {};
  return {{}, leaves_[0]->runs[0].first()};
}

Origins Sequence::origins_after(const OpId& id) const {
  Pos p = locate(id);
  const Run& r = leaves_[p.leaf]->runs[p.run];
  if (p.offset + 1u < r.len) return {id, {r.peer, r.counter + p.offset + 1}};
  const Pos n = next(p);
  if (n.run >= leaves_[n.leaf]->runs.size()) return {id, {}};
  return {id, leaves_[n.leaf]->runs[n.run].first()};
}

std::uint32_t Sequence::append_content(PeerId peer, std::u32string_view content) {
  auto& buf = content_[peer];
  auto offset = static_cast<std::uint32_t>(buf.size());
  buf.append(content);
  return offset;
}

bool Sequence::try_extend(const Pos& at, const OpId& id, const Origins& o,
                          std::u32string_view content, std::size_t len) {
  if (at.offset != 0) return false;
  Leaf* leaf = leaves_[at.leaf].get();
  std::size_t run_index = at.run;
  if (run_index == 0) {
    if (at.leaf == 0) return false;
    leaf = leaves_[at.leaf - 1].get();
    run_index = leaf->runs.size();
  }
  Run& prev = leaf->runs[run_index - 1];
  if (prev.deleted || prev.peer != id.peer || prev.counter + prev.len != id.counter ||
      prev.origin_right != o.right || prev.last() != o.left)
    return false;
  if (with_content_) {
    auto& buf = content_[id.peer];
    if (buf.size() != prev.content + prev.len) return false;
    buf.append(content);
  }
  prev.len += static_cast<std::uint32_t>(len);
  adjust_visible(leaf->order, static_cast<std::ptrdiff_t>(len));
  note_change(leaf->order, run_index - 1, static_cast<std::ptrdiff_t>(len), false);
  return true;
}

void Sequence::split_leaf(std::size_t index) {
  Leaf& leaf = *leaves_[index];
  auto fresh = std::make_unique<Leaf>();
  const std::size_t half = leaf.runs.size() / 2;
  fresh->runs.assign(leaf.runs.begin() + static_cast<std::ptrdiff_t>(half), leaf.runs.end());
  leaf.runs.resize(half);
  for (const Run& r : fresh->runs) {
    if (!r.deleted) fresh->visible += r.len;
    index_[r.peer][r.counter] = fresh.get();
  }
  leaf.visible -= fresh->visible;
  leaves_.insert(leaves_.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(fresh));
  for (std::size_t i = index + 1; i < leaves_.size(); ++i) leaves_[i]->order = i;
  if (cache_leaf_ > index) ++cache_leaf_;
  if (cache_leaf_ == index) cache_run_ = kNoRun;
}

Sequence::Pos Sequence::split_at(Pos p) {
  if (p.offset == 0) return p;
  Leaf& leaf = *leaves_[p.leaf];
  Run& r = leaf.runs[p.run];
  Run right = r;
  right.counter += p.offset;
  right.len -= p.offset;
  right.content += p.offset;
  right.origin_left = {r.peer, r.counter + p.offset - 1};
  r.len = p.offset;
  const OpId right_id = right.first();
  leaf.runs.insert(leaf.runs.begin() + static_cast<std::ptrdiff_t>(p.run) + 1, right);
  index_[right.peer][right.counter] = &leaf;
  note_change(p.leaf, p.run + 1, 0, true);
  if (leaf.runs.size() > kMaxRunsPerLeaf) {
    split_leaf(p.leaf);
    return locate(right_id);
  }
  return Pos{p.leaf, p.run + 1, 0};
}

void Sequence::insert_run(Pos at, Run run) {
  Leaf& leaf = *leaves_[at.leaf];
  leaf.runs.insert(leaf.runs.begin() + static_cast<std::ptrdiff_t>(at.run), run);
  index_[run.peer][run.counter] = &leaf;
  note_change(at.leaf, at.run, 0, true);
  if (!run.deleted) adjust_visible(at.leaf, run.len);
  if (leaf.runs.size() > kMaxRunsPerLeaf) split_leaf(at.leaf);
}

void Sequence::place(const Pos& at, OpId id, std::size_t len, const Origins& o,
                     std::u32string_view content) {
  if (try_extend(at, id, o, content, len)) return;
  Pos where = split_at(at);
  Run r;
  r.peer = id.peer;
  r.counter = id.counter;
  r.len = static_cast<std::uint32_t>(len);
  r.content = with_content_ ? append_content(id.peer, content) : 0;
  r.origin_left = o.left;
  r.origin_right = o.right;
  insert_run(where, r);
}

Origins Sequence::insert_local(OpId id, std::size_t pos, std::u32string_view content) {
  if (!with_content_) throw SequenceError("insert_local with content on a list sequence");
  if (content.empty()) throw SequenceError("empty insertion");
  Pos at = find_visible(pos);
  Origins o = origins_for(at);
  place(at, id, content.size(), o, content);
  return o;
}

Origins Sequence::insert_local(OpId id, std::size_t pos, std::size_t len) {
  if (with_content_) throw SequenceError("insert_local without content on a text sequence");
  if (len == 0) throw SequenceError("empty insertion");
  Pos at = find_visible(pos);
  Origins o = origins_for(at);
  place(at, id, len, o, {});
  return o;
}

bool Sequence::integrate(OpId id, std::size_t len, const Origins& o, std::u32string_view content) {
  if (len == 0) throw SequenceError("empty insertion");
  if (with_content_ ? content.size() != len : !content.empty())
    throw SequenceError("insertion content does not match its length");
  if (contains(id)) return false;
  if (!o.left.is_null() && !contains(o.left))
    throw SequenceError("left origin " + o.left.to_string() + " has not arrived");
  if (!o.right.is_null() && !contains(o.right))
    throw SequenceError("right origin " + o.right.to_string() + " has not arrived");

  // Make the left origin end a run and the right origin start one, so the scan below visits
  // whole runs: only a run's first element can stop the scan (inner elements have their left
  // origin inside the scanned range).
  Pos start{0, 0, 0};
  if (!o.left.is_null()) {
    Pos pl = locate(o.left);
    const Run& r = leaves_[pl.leaf]->runs[pl.run];
    if (pl.offset + 1u < r.len) split_at(Pos{pl.leaf, pl.run, pl.offset + 1});
  }
  if (!o.right.is_null()) split_at(locate(o.right));

  Key left_key = kBeforeStart;
  if (!o.left.is_null()) {
    Pos pl = locate(o.left);
    left_key = key_of(pl);
    start = next(pl);
  } else if (leaves_[0]->runs.empty()) {
    start = end_pos();
  }
  const Pos right_pos = o.right.is_null() ? end_pos() : locate(o.right);
  const Key right_key = key_of(right_pos);
  const Key end_key = key_of(end_pos());

  Pos dest = start;
  bool scanning = false;
  for (Pos i = start;; i = next(i)) {
    if (!scanning) dest = i;
    if (i.run >= leaves_[i.leaf]->runs.size()) break;  // end of the sequence
    const Key ik = key_of(i);
    if (ik == right_key) break;
    const Run& other = leaves_[i.leaf]->runs[i.run];
    const Key oleft = other.origin_left.is_null() ? kBeforeStart : key_of(locate(other.origin_left));
    const Key oright = other.origin_right.is_null() ? end_key : key_of(locate(other.origin_right));
    if (oleft < left_key) break;
    if (oleft == left_key) {
      if (oright < right_key) {
        scanning = true;
      } else if (oright == right_key) {
        if (std::tie(id.peer, id.counter) < std::tie(other.peer, other.counter)) break;
        scanning = false;
      } else {
        scanning = false;
      }
    }
  }
  place(dest, id, len, o, content);
  return true;
}

std::vector<IdSpan> Sequence::spans_at(std::size_t pos, std::size_t len) const {
  std::vector<IdSpan> spans;
  if (len == 0) return spans;
  if (pos + len > visible_)
    throw SequenceError("range " + std::to_string(pos) + "+" + std::to_string(len) +
                        " is past the end (" + std::to_string(visible_) + ")");
  Pos p = find_visible(pos);
  std::size_t remaining = len;
  while (remaining > 0) {
    const Run& r = leaves_[p.leaf]->runs[p.run];
    if (!r.deleted) {
      const std::size_t take = std::min<std::size_t>(remaining, r.len - p.offset);
      const std::uint64_t counter = r.counter + p.offset;
      if (!spans.empty() && spans.back().peer == r.peer &&
          spans.back().counter + spans.back().len == counter)
        spans.back().len += take;
      else
        spans.push_back({r.peer, counter, take});
      remaining -= take;
    }
    p = next(p);
  }
  return spans;
}

std::size_t Sequence::remove(const IdSpan& span) {
  if (span.len == 0) return 0;
  if (!contains(span))
    throw SequenceError("sequence has no elements " + OpId{span.peer, span.counter}.to_string() +
                        "+" + std::to_string(span.len));
  std::size_t removed = 0;
  std::uint64_t c = span.counter;
  const std::uint64_t end = span.counter + span.len;
  while (c < end) {
    Pos p = locate({span.peer, c});
    const Run* r = &leaves_[p.leaf]->runs[p.run];
    const std::uint64_t stop = std::min<std::uint64_t>(end, r->counter + r->len);
    if (r->deleted) {
      c = stop;
      continue;
    }
    p = split_at(p);  // [c … ) now starts a run
    r = &leaves_[p.leaf]->runs[p.run];
    if (stop < r->counter + r->len) split_at(Pos{p.leaf, p.run, static_cast<std::uint32_t>(stop - c)});
    p = locate({span.peer, c});
    Run& target = leaves_[p.leaf]->runs[p.run];
    target.deleted = true;
    adjust_visible(p.leaf, -static_cast<std::ptrdiff_t>(target.len));
    note_change(p.leaf, p.run, -static_cast<std::ptrdiff_t>(target.len), false);
    removed += target.len;
    c = stop;
  }
  return removed;
}

std::vector<IdSpan> Sequence::remove_local(std::size_t pos, std::size_t len) {
  if (pos + len > visible_)
    throw SequenceError("range " + std::to_string(pos) + "+" + std::to_string(len) +
                        " is past the end (" + std::to_string(visible_) + ")");
  // Works at the position directly (no id lookups): the elements from `pos` on are visible
  // ones, and each deleted piece leaves the next one at the same visible position.
  std::vector<IdSpan> spans;
  std::size_t remaining = len;
  while (remaining > 0) {
    Pos p = split_at(find_visible(pos));
    Run* r = &leaves_[p.leaf]->runs[p.run];
    const std::size_t take = std::min<std::size_t>(remaining, r->len);
    if (take < r->len) {
      split_at(Pos{p.leaf, p.run, static_cast<std::uint32_t>(take)});
      p = find_visible(pos);  // the leaf may have been split
      r = &leaves_[p.leaf]->runs[p.run];
    }
    r->deleted = true;
    adjust_visible(p.leaf, -static_cast<std::ptrdiff_t>(take));
    note_change(p.leaf, p.run, -static_cast<std::ptrdiff_t>(take), false);
    if (!spans.empty() && spans.back().peer == r->peer && spans.back().counter + spans.back().len == r->counter)
      spans.back().len += take;
    else
      spans.push_back({r->peer, r->counter, take});
    remaining -= take;
  }
  return spans;
}

std::optional<std::size_t> Sequence::index_of(const OpId& id) const {
  std::size_t index = 0;
  for (const auto& leaf : leaves_)
    for (const Run& r : leaf->runs) {
      if (r.has(id)) {
        if (r.deleted) return std::nullopt;
        return index + (id.counter - r.counter);
      }
      if (!r.deleted) index += r.len;
    }
  return std::nullopt;
}

std::u32string Sequence::text() const {
  std::u32string out;
  out.reserve(visible_);
  for (const auto& leaf : leaves_)
    for (const Run& r : leaf->runs)
      if (!r.deleted) out.append(content_.at(r.peer), r.content, r.len);
  return out;
}

std::u32string Sequence::text_of(const IdSpan& span) const {
  std::u32string out;
  std::uint64_t c = span.counter;
  while (c < span.counter + span.len) {
    const Pos p = locate({span.peer, c});
    const Run& r = leaves_[p.leaf]->runs[p.run];
    const std::uint64_t take = std::min<std::uint64_t>(span.counter + span.len, r.counter + r.len) - c;
    if (with_content_) out.append(content_.at(r.peer), r.content + p.offset, take);
    c += take;
  }
  return out;
}

OpId Sequence::element_before(const OpId& id) const {
  const Pos p = locate(id);
  if (p.offset > 0) return {id.peer, id.counter - 1};
  if (p.run > 0) return leaves_[p.leaf]->runs[p.run - 1].last();
  if (p.leaf > 0) return leaves_[p.leaf - 1]->runs.back().last();
  return {};
}

std::vector<IdSpan> Sequence::visible_spans() const {
  std::vector<IdSpan> spans;
  for (const auto& leaf : leaves_)
    for (const Run& r : leaf->runs) {
      if (r.deleted) continue;
      if (!spans.empty() && spans.back().peer == r.peer && spans.back().counter + spans.back().len == r.counter)
        spans.back().len += r.len;
      else
        spans.push_back({r.peer, r.counter, r.len});
    }
  return spans;
}

std::vector<OpId> Sequence::visible_ids() const {
  std::vector<OpId> ids;
  ids.reserve(visible_);
  for (const auto& leaf : leaves_)
    for (const Run& r : leaf->runs)
      if (!r.deleted)
        for (std::uint32_t k = 0; k < r.len; ++k) ids.push_back({r.peer, r.counter + k});
  return ids;
}

std::size_t Sequence::run_count() const {
  std::size_t n = 0;
  for (const auto& leaf : leaves_) n += leaf->runs.size();
  return n;
}

// --- UTF-8 ----------------------------------------------------------------------------------

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  auto bad = [&](std::size_t at) {
    return std::invalid_argument("invalid UTF-8 at byte " + std::to_string(at));
  };
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t n;
    if (b0 < 0x80) {
      cp = b0;
      n = 1;
    } else if ((b0 & 0xE0) == 0xC0) {
      cp = b0 & 0x1F;
      n = 2;
    } else if ((b0 & 0xF0) == 0xE0) {
      cp = b0 & 0x0F;
      n = 3;
    } else if ((b0 & 0xF8) == 0xF0) {
      cp = b0 & 0x07;
      n = 4;
    } else {
      throw bad(i);
    }
    if (i + n > s.size()) throw bad(i);
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) throw bad(i + k);
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) throw bad(i);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string u32_to_utf8(std::u32string_view u) {
  std::string out;
  out.reserve(u.size() * 3);
  for (char32_t cp : u) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view s) { return utf8_to_u32(s).size(); }

}  // namespace renkei::core
