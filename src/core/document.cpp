#include "core/document.hpp"

#include <algorithm>
#include <stdexcept>

namespace renkei::core {
namespace {
const std::vector<Op> kNoOps;
const VersionVector kEmptyVersion;
}  // namespace

const nlohmann::json& Item::get(const std::string& field, const nlohmann::json& fallback) const {
  auto it = registers.find(field);
  return it == registers.end() ? fallback : it->second.value;
}

Document::Document(PeerId self) : self_(self) {
  if (self == 0) throw std::invalid_argument("replica id 0 is reserved");
  items_[kMeetingItem] = Item{"meeting", kAllAttendees, {}, {}};
  logs_[kAllAttendees];
}

Document::PartitionLog& Document::partition(const std::string& name) { return logs_[name]; }

std::vector<std::string> Document::partitions() const {
  std::set<std::string> names;
  for (const auto& [name, log] : logs_) names.insert(name);
  // A partition whose ops all still wait counts too: a replica that loses access to it must find
  // them to drop them.
  for (const auto& op : pending_) names.insert(op.partition);
  return {names.begin(), names.end()};
}

const VersionVector& Document::version(const std::string& p) const {
  auto it = logs_.find(p);
  return it == logs_.end() ? kEmptyVersion : it->second.version;
}

const std::vector<Op>& Document::log(const std::string& p) const {
  auto it = logs_.find(p);
  return it == logs_.end() ? kNoOps : it->second.ops;
}

std::vector<const Op*> Document::all_ops() const {
  std::vector<const Op*> out;
  out.reserve(op_count());
  for (const auto& op : log(kAllAttendees)) out.push_back(&op);
  for (const auto& [name, log] : logs_)
    if (name != kAllAttendees)
      for (const auto& op : log.ops) out.push_back(&op);
  for (const auto& [name, log] : handoff_)
    for (const auto& op : log.ops) out.push_back(&op);
  return out;
}

std::size_t Document::op_count() const {
  std::size_t n = 0;
  for (const auto& [name, log] : logs_) n += log.ops.size();
  return n;
}

std::vector<const Op*> Document::ops_since(const std::string& p, const VersionVector& have,
                                           const VersionVector* limit) const {
  auto it = logs_.find(p);
  if (it == logs_.end()) return {};
  return ops_since_in(it->second, have, limit);
}

std::vector<const Op*> Document::ops_since_in(const PartitionLog& log, const VersionVector& have,
                                              const VersionVector* limit) {
  std::vector<const Op*> out;
  std::vector<std::size_t> indexes;
  for (const auto& [author, entries] : log.by_author) {
    const std::uint64_t from = have.get(author);
    const std::uint64_t to = limit ? limit->get(author) : UINT64_MAX;
    auto e = std::upper_bound(entries.begin(), entries.end(), std::make_pair(from, SIZE_MAX));
    // An op merged from a typed run may start within the limit and end beyond it: included
    // (the sync session sends the part within).
    for (; e != entries.end() && log.ops[e->second].id.counter <= to; ++e) indexes.push_back(e->second);
  }
  std::sort(indexes.begin(), indexes.end());
  out.reserve(indexes.size());
  for (auto i : indexes) out.push_back(&log.ops[i]);
  return out;
}

// --- Builder ---------------------------------------------------------------------------------

Document::Builder::Builder(const Document& doc, std::int64_t now_ms)
    : doc_(doc), now_ms_(now_ms), lamport_(doc.lamport_), counter_(doc.counter_) {}

OpId Document::Builder::next_id(const std::string&) const { return {doc_.self_, counter_ + 1}; }

Op& Document::Builder::add(Op op) {
  const Item* target = op.kind == OpKind::create ? nullptr : doc_.item(op.target);
  const Requirement requirement = requirement_of(op, target);
  if (requirement != Requirement::anyone) {
    // Judged as every peer will judge it: from the role assignments this replica has seen.
    op.auth = doc_.version(kAllAttendees);
  } else {
    op.auth.reset();
  }
  op.id = {doc_.self_, counter_ + 1};
  if (requirement != Requirement::anyone) {
    if (auto why = doc_.authority_.judge(op, requirement); !why.empty()) throw PermissionDenied(why);
  }
  op.lamport = ++lamport_;
  op.time_ms = now_ms_;
  op.deps.clear();
  if (!doc_.own_history_complete(op.partition))
    throw NotYet("this part of the meeting is still arriving (access to it came back); try again in a moment");
  auto last = last_in_partition_.find(op.partition);
  if (last == last_in_partition_.end()) {
    op.prev = doc_.version(op.partition).get(doc_.self_);
    auto log = doc_.logs_.find(op.partition);
    if (log != doc_.logs_.end())
      for (const auto& [peer, counter] : log->second.frontier)
        if (peer != doc_.self_) op.deps.push_back({peer, counter});
  } else {
    op.prev = last->second;
  }
  counter_ = op.last_counter();
  last_in_partition_[op.partition] = counter_;
  ops_.push_back(std::move(op));
  return ops_.back();
}

void Document::apply_local(const std::vector<Op>& ops) {
  // Ops from one Builder form a chain, so each is checked once its predecessor is applied.
  // A failure here is a programming error (ops built on another state, or applied twice).
  for (const auto& op : ops) {
    if (op.id.peer != self_ || readiness(op) != Readiness::ready)
      throw std::logic_error("apply_local: " + op.id.to_string() + " is not this replica's next op");
    append(op, &rejections_);
  }
}

// --- receiving -------------------------------------------------------------------------------

const Op* Document::find_op(const std::string& partition, const OpId& id) const {
  auto it = logs_.find(partition);
  if (it == logs_.end()) return nullptr;
  auto author = it->second.by_author.find(id.peer);
  if (author == it->second.by_author.end()) return nullptr;
  const auto& entries = author->second;  // sorted by last counter
  auto e = std::lower_bound(entries.begin(), entries.end(), std::make_pair(id.counter, std::size_t{0}));
  if (e == entries.end()) return nullptr;
  const Op& op = it->second.ops[e->second];
  return op.id.counter <= id.counter ? &op : nullptr;
}

// Is `incoming` (already counted as held) the same as what `mine` holds? The same op; or a part
// of a logged op merged from typed runs; and a redacted stub stands for whatever it replaced.
bool Document::holds(const Op& mine, const Op& incoming) {
  if (mine == incoming) return true;
  if (mine.kind == OpKind::redacted || incoming.kind == OpKind::redacted) {
    if (mine.id == incoming.id && mine.span() == incoming.span()) return true;  // the op it replaced
    return splittable(mine) && splittable(incoming);  // a part of a merged run
  }
  if (mine.kind != OpKind::text_insert || incoming.kind != OpKind::text_insert) return false;
  if (mine.target != incoming.target || mine.field != incoming.field) return false;
  const std::u32string held = utf8_to_u32(mine.text);
  const std::uint64_t offset = incoming.id.counter - mine.id.counter;
  return offset + incoming.span() <= held.size() &&
         held.compare(offset, incoming.span(), utf8_to_u32(incoming.text)) == 0;
}

Document::Readiness Document::readiness(const Op& op) const {
  const VersionVector& v = version(op.partition);
  const std::uint64_t have = v.get(op.id.peer);
  if (have >= op.last_counter()) {
    // Same id: it must be the same op. A different op under a known id means the author's
    // history forked (e.g. a replica file restored from a backup kept editing).
    const Op* mine = find_op(op.partition, op.id);
    if (!mine) return Readiness::conflict;
    if (!splittable(op) || mine->last_counter() >= op.last_counter())
      return holds(*mine, op) ? Readiness::duplicate : Readiness::conflict;
    // A typed run held here as several logged ops (they arrived apart): compare part by part.
    for (std::uint64_t from = op.id.counter; from <= op.last_counter();) {
      const Op* held = find_op(op.partition, {op.id.peer, from});
      if (!held) return Readiness::conflict;
      const std::uint64_t to = std::min(held->last_counter(), op.last_counter());
      if (!holds(*held, slice(op, from, to))) return Readiness::conflict;
      from = to + 1;
    }
    return Readiness::duplicate;
  }
  if (have >= op.id.counter) return Readiness::conflict;
  if (have > op.prev) return Readiness::conflict;
  if (have < op.prev) return Readiness::waiting;
  for (const auto& d : op.deps)
    if (!v.includes(d)) return Readiness::waiting;
  // A sensitive op is judged from the role assignments it names: they must be here first.
  if (op.auth && !version(kAllAttendees).dominates(*op.auth)) return Readiness::waiting;
  return Readiness::ready;
}

Document::ReceiveResult Document::receive(std::vector<Op> ops) {
  ReceiveResult result;
  auto take = [&](Op&& op) -> bool {  // true if applied
    // Part of a merged op may be held already (sent by another peer): keep the rest.
    if (splittable(op)) {
      const std::uint64_t have = version(op.partition).get(op.id.peer);
      if (have >= op.id.counter && have < op.last_counter()) op = suffix(op, have);
    }
    switch (readiness(op)) {
      case Readiness::duplicate:
        ++result.duplicates;
        return false;
      case Readiness::conflict: {
        const Op* mine = find_op(op.partition, op.id);
        result.refused.push_back(op.id.to_string() + ": conflicts with the author's history (" + to_string(op.kind) +
                                 " " + std::to_string(op.id.counter) + "–" + std::to_string(op.last_counter()) +
                                 " after " + std::to_string(op.prev) + "; held up to " +
                                 std::to_string(version(op.partition).get(op.id.peer)) +
                                 (mine ? std::string("; held op ") + to_string(mine->kind) + " " +
                                             std::to_string(mine->id.counter) + "–" + std::to_string(mine->last_counter())
                                       : std::string()) +
                                 ")");
        return false;
      }
      case Readiness::waiting:
        for (const auto& p : pending_)
          if (p.id == op.id && p.partition == op.partition) {
            ++result.duplicates;
            return false;
          }
        pending_.push_back(std::move(op));
        return false;
      case Readiness::ready: {
        Applied applied{op.partition, op.id};
        const std::size_t before = rejections_.size();
        result.ops.push_back(op);
        append(std::move(op), &rejections_);
        result.applied.push_back(std::move(applied));
        for (std::size_t i = before; i < rejections_.size(); ++i) result.rejected.push_back(rejections_[i]);
        return true;
      }
    }
    return false;
  };
  bool progress = false;
  for (auto& op : ops) progress |= take(std::move(op));
  // Buffered ops may have become ready; repeat until nothing changes.
  while (progress && !pending_.empty()) {
    progress = false;
    std::vector<Op> waiting;
    waiting.swap(pending_);
    for (auto& op : waiting) {
      if (readiness(op) == Readiness::ready) {
        progress |= take(std::move(op));
      } else if (readiness(op) == Readiness::waiting) {
        pending_.push_back(std::move(op));
      } else {
        ++result.duplicates;
      }
    }
  }
  return result;
}

std::vector<const Op*> Document::resolve(const std::vector<Applied>& applied) const {
  std::vector<const Op*> out;
  out.reserve(applied.size());
  for (const auto& a : applied)
    if (const Op* op = find_op(a.partition, a.id)) out.push_back(op);
  return out;
}

void Document::append(Op op, std::vector<Rejection>* rejected) {
  lamport_ = std::max(lamport_, op.lamport);
  if (op.id.peer == self_) counter_ = std::max(counter_, op.last_counter());
  PartitionLog& log = partition(op.partition);
  // Content for an item that has moved to another audience is not kept (DESIGN.md, Privacy).
  // A redacted stub proves that its item moved, even while the move itself (its moved_to op)
  // still waits here: the item counts as moved from now on, so content about it that arrives
  // from a peer that has not seen the move yet is redacted too, as it will be everywhere once
  // the move is applied — instead of being applied over the stub's hole and rejected.
  if (op.kind == OpKind::redacted) moved_[op.partition].insert(op.target);
  if (op.kind != OpKind::redacted && targets_moved(op)) {
    op = redact(op);
    redacted_.push_back({op.partition, op.id});
  }
  const Item* target = op.kind == OpKind::create ? nullptr : item(op.target);
  const std::string target_type = op.kind == OpKind::create ? op.type : op.target == kMeetingItem ? "meeting"
                                                              : target ? target->type : "";
  // The roles are judged as of what the author cannot have lacked: the view it claims (auth)
  // and, in "all", the op's own causal frontier (deps, and the author's previous op there). An
  // honest author's auth already holds both; a stale or tampered one cannot make its author's
  // own earlier handover, or a role change its op builds on, unseen.
  std::string denied;
  if (op.auth) {
    VersionVector seen = *op.auth;
    if (op.partition == kAllAttendees) {
      for (const auto& d : op.deps) seen.advance(d.peer, d.counter);
      if (op.prev) seen.advance(op.id.peer, op.prev);
    }
    denied = authority_.judge_as_of(op, requirement_of(op, target), seen);
  } else {
    denied = authority_.judge(op, requirement_of(op, target));
  }
  if (!denied.empty()) {
    rejected->push_back({op.id, denied});
  } else if (auto reason = effect(op)) {
    rejected->push_back({op.id, *reason});
  } else if (op.partition == kAllAttendees) {
    authority_.record(op, target_type);
  }
  const PeerId author = op.id.peer;
  const std::uint64_t last = op.last_counter();
  for (const auto& d : op.deps) {
    auto f = log.frontier.find(d.peer);
    if (f != log.frontier.end() && f->second <= d.counter) log.frontier.erase(f);
  }
  log.frontier[author] = last;
  log.version.advance(author, last);
  // Typing continues the author's previous insertion: one logged op for the whole run.
  auto& entries = log.by_author[author];
  if (!entries.empty() && can_extend(log.ops[entries.back().second], op)) {
    extend(log.ops[entries.back().second], op);
    entries.back().first = last;
    return;
  }
  entries.push_back({last, log.ops.size()});
  log.ops.push_back(std::move(op));
}

// --- effects ---------------------------------------------------------------------------------

std::optional<std::string> Document::effect(const Op& op) {
  switch (op.kind) {
    case OpKind::create: {
      const TypeSpec* type = find_type(op.type);
      if (!type) return "unknown item type '" + op.type + "'";
      return effect_create(op, *type);
    }
    case OpKind::set: return op.field == "moved_to" ? move_away(op) : effect_set(op);
    case OpKind::redacted: return std::nullopt;
    case OpKind::move: return effect_move(op);
    case OpKind::text_insert:
    case OpKind::text_delete: return effect_text(op);
  }
  return "unknown op kind";
}

std::optional<std::string> Document::effect_create(const Op& op, const TypeSpec& type) {
  if (items_.count(op.id)) return "item " + op.id.to_string() + " exists";
  Item item{type.name, op.partition, {}, {}};
  for (const auto& [field, value] : op.value.items()) {
    const FieldSpec* spec = type.field(field);
    if (!spec) return "type '" + type.name + "' has no field '" + field + "'";
    if (auto err = check_value(*spec, value)) return *err;
    item.registers[field] = Register{value, op.lamport, op.id.peer};
  }
  items_.emplace(op.id, std::move(item));
  return std::nullopt;
}

std::optional<std::string> Document::effect_set(const Op& op) {
  auto it = items_.find(op.target);
  if (it == items_.end()) return "no item " + op.target.to_string();
  Item& item = it->second;
  if (item.partition != op.partition)
    return "item " + op.target.to_string() + " lives in partition '" + item.partition + "'";
  const TypeSpec& type = op.target == kMeetingItem ? meeting_type() : *find_type(item.type);
  const FieldSpec* spec = type.field(op.field);
  if (!spec) return "type '" + type.name + "' has no field '" + op.field + "'";
  if (auto err = check_value(*spec, op.value)) return *err;
  Register& reg = item.registers[op.field];
  if (reg.loses_to(op.lamport, op.id.peer)) reg = Register{op.value, op.lamport, op.id.peer};
  return std::nullopt;
}

std::optional<std::string> Document::effect_move(const Op& op) {
  if (!find_type_by_list(op.field)) return "unknown list '" + op.field + "'";
  if (op.target.is_null()) return "the meeting cannot be placed in a list";
  Sequence& list = lists_.try_emplace(op.field, false).first->second;
  for (const OpId& origin : {op.origins.left, op.origins.right})
    if (!origin.is_null() && !list.contains(origin))
      return "list '" + op.field + "' has no slot " + origin.to_string();
  list.integrate(op.id, 1, op.origins);
  slot_item_[op.id] = op.target;
  Register& reg = position_[op.target];
  if (reg.loses_to(op.lamport, op.id.peer)) reg = Register{op.id.to_string(), op.lamport, op.id.peer};
  return std::nullopt;
}

std::optional<std::string> Document::effect_text(const Op& op) {
  auto it = items_.find(op.target);
  if (it == items_.end()) return "no item " + op.target.to_string();
  Item& item = it->second;
  if (item.partition != op.partition)
    return "item " + op.target.to_string() + " lives in partition '" + item.partition + "'";
  const TypeSpec* type = find_type(item.type);
  const FieldSpec* spec = type ? type->field(op.field) : nullptr;
  if (!spec || spec->kind != FieldKind::text)
    return "item " + op.target.to_string() + " has no text field '" + op.field + "'";
  Sequence& text = item.texts.try_emplace(op.field, true).first->second;
  if (op.kind == OpKind::text_insert) {
    for (const OpId& origin : {op.origins.left, op.origins.right})
      if (!origin.is_null() && !text.contains(origin))
        return "text '" + op.field + "' has no element " + origin.to_string();
    text.integrate(op.id, op.span(), op.origins, utf8_to_u32(op.text));
  } else {
    for (const auto& s : op.spans)
      if (!text.contains(s)) return "text '" + op.field + "' lacks deleted elements";
    for (const auto& s : op.spans) text.remove(s);
  }
  return std::nullopt;
}

bool Document::targets_moved(const Op& op) const {
  // Placing an item in its list (a move op, in "all") carries no content, and the list is
  // shared: later placements refer to its slot, so it is never redacted.
  if (op.kind == OpKind::move) return false;
  auto it = moved_.find(op.partition);
  if (it == moved_.end()) return false;
  const ItemId& subject = op.kind == OpKind::create ? op.id : op.target;
  if (op.kind == OpKind::set && op.field == "moved_to") return false;
  return it->second.count(subject) > 0;
}

Op Document::redact(const Op& op) {
  Op stub;
  stub.partition = op.partition;
  stub.id = op.id;
  stub.prev = op.prev;
  stub.lamport = op.lamport;
  stub.deps = op.deps;
  stub.time_ms = op.time_ms;
  stub.auth = op.auth;
  stub.kind = OpKind::redacted;
  stub.target = op.kind == OpKind::create ? op.id : op.target;
  stub.redacted_span = op.span();
  return stub;
}

// set moved_to: the item now lives in another partition (a change of visibility, edit
// set_visibility). Here it is deleted and its content is forgotten: registers, text, and the
// payload of every op about it in this partition's log.
std::optional<std::string> Document::move_away(const Op& op) {
  moved_[op.partition].insert(op.target);
  // A replica that received only the redacted stubs of the item (it got the partition after the
  // move) keeps a placeholder, so that references to the item lead where it went (resolve()).
  Item& item = items_.try_emplace(op.target, Item{"", op.partition, {}, {}}).first->second;
  // Moved concurrently to two audiences (two chairs' changes): the last write says where it is.
  Register to;
  if (auto previous = item.registers.find("moved_to"); previous != item.registers.end()) to = previous->second;
  if (to.loses_to(op.lamport, op.id.peer)) to = Register{op.value, op.lamport, op.id.peer};
  // The copy this item was made from stays named: it tells which copy of the original is the
  // live one when two chairs moved it at once (lost_copy).
  std::optional<Register> from;
  if (auto f = item.registers.find("moved_from"); f != item.registers.end()) from = f->second;
  item.texts.clear();
  item.registers.clear();
  item.registers["deleted"] = Register{true, to.lamport, to.peer};
  item.registers["moved_to"] = to;
  if (from) item.registers["moved_from"] = *from;
  PartitionLog& log = partition(op.partition);
  std::optional<VersionVector> seen;  // what the mover had seen here (only if needed)
  for (auto& logged : log.ops) {
    if (logged.kind == OpKind::redacted || !targets_moved(logged)) continue;
    if (logged.id.peer == self_ && logged.kind != OpKind::create) {
      // Our own change that the mover had not seen is not in the copy: keep it to re-home.
      if (!seen) seen = seen_by(op.partition, op);
      const std::uint64_t have = seen->get(self_);
      if (have < logged.id.counter) withdrawn_own_.push_back(logged);
      else if (have < logged.last_counter() && splittable(logged)) withdrawn_own_.push_back(suffix(logged, have));
    }
    logged = redact(logged);
    redacted_.push_back({logged.partition, logged.id});
  }
  return std::nullopt;
}

VersionVector Document::seen_by(const std::string& p, const Op& op) const {
  VersionVector vv;
  std::vector<OpId> todo(op.deps.begin(), op.deps.end());
  if (op.prev) todo.push_back({op.id.peer, op.prev});
  std::set<const Op*> visited;  // logged ops (a typed run is one) already walked
  while (!todo.empty()) {
    const OpId id = todo.back();
    todo.pop_back();
    vv.advance(id.peer, id.counter);
    const Op* o = find_op(p, id);
    if (!o || !visited.insert(o).second) continue;
    todo.insert(todo.end(), o->deps.begin(), o->deps.end());
    if (o->prev) todo.push_back({o->id.peer, o->prev});
  }
  return vv;
}

std::vector<Op> Document::take_withdrawn_own() {
  std::vector<Op> out;
  out.swap(withdrawn_own_);
  return out;
}

std::vector<Document::Applied> Document::take_redacted() {
  std::vector<Applied> out;
  out.swap(redacted_);
  return out;
}

void Document::drop_partition(const std::string& p) {
  if (p == kAllAttendees) return;
  // A log still kept from an earlier drop (access came back, and went again before anyone
  // reclaimed it) joins this one first, so the hand-off covers both.
  if (handoff_.count(p) && logs_.count(p)) reclaim_partition(p);
  auto& own = own_before_drop_[p];
  own = std::max(own, version(p).get(self_));
  if (auto log = logs_.find(p); log != logs_.end()) {
    if (!log->second.ops.empty()) handoff_[p] = std::move(log->second);  // kept whole for hand-off
    logs_.erase(log);
  }
  moved_.erase(p);
  for (auto it = items_.begin(); it != items_.end();) it = it->second.partition == p ? items_.erase(it) : std::next(it);
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(), [&](const Op& op) { return op.partition == p; }),
                 pending_.end());
}

bool Document::own_history_complete(const std::string& partition) const {
  auto dropped = own_before_drop_.find(partition);
  return dropped == own_before_drop_.end() || version(partition).get(self_) >= dropped->second;
}

std::vector<std::string> Document::handoff_partitions() const {
  std::vector<std::string> out;
  for (const auto& [name, log] : handoff_) out.push_back(name);
  return out;
}

const VersionVector& Document::handoff_version(const std::string& p) const {
  auto it = handoff_.find(p);
  return it == handoff_.end() ? kEmptyVersion : it->second.version;
}

std::vector<const Op*> Document::handoff_ops_since(const std::string& p, const VersionVector& have) const {
  auto it = handoff_.find(p);
  if (it == handoff_.end()) return {};
  return ops_since_in(it->second, have, nullptr);
}

void Document::finish_handoff(const std::string& p) { handoff_.erase(p); }

Document::ReceiveResult Document::reclaim_partition(const std::string& p) {
  auto it = handoff_.find(p);
  if (it == handoff_.end()) return {};
  std::vector<Op> ops = std::move(it->second.ops);
  handoff_.erase(it);
  return receive(std::move(ops));
}

// --- queries ---------------------------------------------------------------------------------

const Item* Document::item(const ItemId& id) const {
  auto it = items_.find(id);
  return it == items_.end() ? nullptr : &it->second;
}

namespace {

// The item an item register ("moved_to", "moved_from") names, if any.
std::optional<ItemId> item_ref(const Item& it, const char* field) {
  static const nlohmann::json kEmpty = "";
  const auto& v = it.get(field, kEmpty);
  return v.is_string() ? OpId::parse(v.get<std::string>()) : std::nullopt;
}

}  // namespace

// Bounded walks: a chain of moves is as long as the changes of visibility of one item; a cycle
// (impossible from edit.cpp, but a file could hold one) ends after the bound.
constexpr int kMaxMoves = 64;

ItemId Document::resolve(ItemId id) const {
  for (int hops = 0; hops < kMaxMoves; ++hops) {
    const Item* it = item(id);
    if (!it) break;
    auto next = item_ref(*it, "moved_to");
    if (!next) break;
    id = *next;
  }
  return id;
}

std::optional<ItemId> Document::move_root(ItemId id) const {
  for (int hops = 0; hops < kMaxMoves; ++hops) {
    const Item* it = item(id);
    if (!it) return std::nullopt;  // an ancestor in an audience this replica does not see
    auto from = item_ref(*it, "moved_from");
    if (!from) return id;
    id = *from;
  }
  return std::nullopt;
}

ItemId Document::resolve_shown(ItemId id) const {
  id = resolve(id);
  if (lost_copy(id)) return resolve(*move_root(id));
  return id;
}

bool Document::lost_copy(const ItemId& id) const {
  const Item* copy = item(id);
  if (!copy || !item_ref(*copy, "moved_from")) return false;
  const auto root = move_root(id);
  if (!root) return false;  // the family is not all held here: it cannot be judged
  return resolve(*root) != id;
}

const Sequence* Document::list_sequence(const std::string& list) const {
  auto it = lists_.find(list);
  return it == lists_.end() ? nullptr : &it->second;
}

OpId Document::item_slot(const ItemId& id) const {
  auto it = position_.find(id);
  if (it == position_.end()) return {};
  return *OpId::parse(it->second.value.get<std::string>());
}

std::vector<ItemId> Document::list_items(const std::string& list, Copies copies) const {
  std::vector<ItemId> out;
  const Sequence* seq = list_sequence(list);
  const TypeSpec* type = find_type_by_list(list);
  if (!seq || !type) return out;
  static const nlohmann::json kFalse = false;
  for (const OpId& slot : seq->visible_ids()) {
    const ItemId& id = slot_item_.at(slot);
    if (item_slot(id) != slot) continue;  // the item has moved elsewhere
    const Item* it = item(id);
    if (!it || it->type != type->name) continue;  // not visible here, or not of this list
    if (it->get("deleted", kFalse).get<bool>()) continue;
    if (copies == Copies::live && lost_copy(id)) continue;
    out.push_back(id);
  }
  return out;
}

std::string Document::canonical_state() const { return to_json(snapshot()).dump(); }

}  // namespace renkei::core
