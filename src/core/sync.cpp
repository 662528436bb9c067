#include "core/sync.hpp"

namespace renkei::core {
namespace {
const VersionVector kNone;

std::size_t approximate_size(const Op& op) {
  return 160 + op.text.size() + op.value.size() * 32 + op.spans.size() * 40 + op.deps.size() * 32;
}
}  // namespace

SyncSession::SyncSession(const Document& doc, std::set<std::string> partitions)
    : SyncSession(doc, std::move(partitions), Options{}) {}

SyncSession::SyncSession(const Document& doc, std::set<std::string> partitions, Options options)
    : SyncSession(doc, [set = std::move(partitions)](const std::string& p) { return set.count(p) > 0; }, options) {}

SyncSession::SyncSession(const Document& doc, PartitionFilter allowed)
    : SyncSession(doc, std::move(allowed), Options{}) {}

SyncSession::SyncSession(const Document& doc, PartitionFilter allowed, Options options)
    : doc_(doc), allowed_(std::move(allowed)), options_(options) {}

void SyncSession::start(bool ask_reply) {
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& p : doc_.partitions())
    if (receives(p)) parts[p] = doc_.version(p).to_json();
  nlohmann::json hello{{"type", "sync_hello"}, {"partitions", std::move(parts)}};
  if (ask_reply) hello["reply"] = true;
  outgoing_.push_back(std::move(hello));
  if (state_ == State::idle) state_ = State::hello_sent;
}

bool SyncSession::receives(const std::string& partition) const {
  return allowed_(partition) || (options_.accept && options_.accept(partition));
}

const VersionVector& SyncSession::peer_version(const std::string& partition) const {
  auto it = known_.find(partition);
  return it == known_.end() ? kNone : it->second;
}

std::uint64_t SyncSession::limit_for(const std::string& partition, const Op& op) const {
  if (!options_.limit) return op.last_counter();
  auto it = options_.limit->find(partition);
  if (it == options_.limit->end()) return 0;
  const std::uint64_t limit = it->second.get(op.id.peer);
  if (limit >= op.last_counter()) return op.last_counter();
  return splittable(op) && limit >= op.id.counter ? limit : 0;
}

std::vector<Op> SyncSession::receive(const nlohmann::json& message) {
  if (!message.is_object() || !message.contains("type") || !message.at("type").is_string())
    throw SyncError("sync message without a type");
  const std::string type = message.at("type").get<std::string>();
  if (type == "sync_hello") {
    const auto it = message.find("partitions");
    if (it == message.end() || !it->is_object()) throw SyncError("sync_hello without partitions");
    if (message.value("reply", false)) start();  // its answer: this side's hello (no reply asked)
    peer_hello_ = true;
    // Every partition either side has that this link carries (the peer may have one this
    // replica has not seen yet: it will send it).
    std::set<std::string> carried;
    for (const auto& p : doc_.partitions())
      if (allowed_(p)) carried.insert(p);
    for (const auto& [p, v] : it->items())
      if (allowed_(p)) carried.insert(p);
    for (const auto& p : carried) {
      VersionVector theirs;
      if (auto v = it->find(p); v != it->end()) {
        try {
          theirs = VersionVector::from_json(*v);
        } catch (const std::invalid_argument& e) {
          throw SyncError(std::string("sync_hello: ") + e.what());
        }
      }
      known_[p] = theirs;
      hello_[p] = theirs;
      const VersionVector* limit = nullptr;
      if (options_.limit) {
        auto l = options_.limit->find(p);
        static const VersionVector kNothing;
        limit = l == options_.limit->end() ? &kNothing : &l->second;
      }
      queue_ops(p, doc_.ops_since(p, theirs, limit));
    }
    offer_handoffs(*it);
    state_ = State::live;
    return {};
  }
  if (type == "sync_ops") {
    if (!peer_hello_) throw SyncError("sync_ops before sync_hello");
    const auto p = message.find("partition");
    const auto ops = message.find("ops");
    if (p == message.end() || !p->is_string() || ops == message.end() || !ops->is_array())
      throw SyncError("sync_ops without partition or ops");
    const std::string partition = p->get<std::string>();
    // Not (yet) a partition this link carries — e.g. a joiner that has not learnt its audience:
    // ignored, and sent again after a later hello once both ends agree.
    if (!receives(partition)) return {};
    std::vector<Op> out;
    out.reserve(ops->size());
    for (const auto& j : *ops) {
      Op op;
      try {
        op = op_from_json(j);
      } catch (const std::invalid_argument& e) {
        throw SyncError(std::string("malformed op: ") + e.what());
      }
      if (op.partition != partition) throw SyncError("op " + op.id.to_string() + " is not in partition " + partition);
      known_[partition].advance(op.id.peer, op.last_counter());
      out.push_back(std::move(op));
    }
    return out;
  }
  throw SyncError("unknown sync message type '" + type + "'");
}

void SyncSession::on_applied(const std::vector<const Op*>& ops) {
  if (!peer_hello_) return;  // the answer to its hello will include them
  std::map<std::string, std::vector<const Op*>> fresh;
  for (const Op* op : ops) {
    if (!allowed_(op->partition) || limit_for(op->partition, *op) == 0) continue;
    if (peer_version(op->partition).get(op->id.peer) >= op->last_counter()) continue;
    fresh[op->partition].push_back(op);
  }
  for (const auto& [partition, list] : fresh) queue_ops(partition, list);
}

void SyncSession::queue_ops(const std::string& partition, const std::vector<const Op*>& ops) {
  nlohmann::json batch = nlohmann::json::array();
  std::size_t bytes = 0;
  auto flush = [&] {
    if (batch.empty()) return;
    outgoing_.push_back({{"type", "sync_ops"}, {"partition", partition}, {"ops", std::move(batch)}});
    batch = nlohmann::json::array();
    bytes = 0;
  };
  VersionVector& known = known_[partition];
  for (const Op* op : ops) {
    const std::uint64_t have = known.get(op->id.peer);
    const std::uint64_t upto = limit_for(partition, *op);
    if (have >= upto) continue;
    // The peer may hold the beginning of a merged run, and a limit may end inside one: send
    // just the part it lacks and may have.
    const bool whole = have < op->id.counter && upto == op->last_counter();
    batch.push_back(op_to_json(whole ? *op : slice(*op, std::max(have + 1, op->id.counter), upto)));
    known.advance(op->id.peer, upto);
    bytes += approximate_size(*op);
    if (bytes >= options_.batch_bytes) flush();
  }
  flush();
}

// The logs kept for hand-off that may go to this peer: what its hello says it lacks is sent,
// then a hello asking for the peer's, which comes after the ops on the link and so tells what
// they made of them. In answer to that reply, offered again only if the peer made progress, so
// a peer that cannot take them yet (it waits for other ops, or does not see the audience yet)
// does not start an endless exchange; any later hello of its own starts afresh.
void SyncSession::offer_handoffs(const nlohmann::json& partitions) {
  if (!options_.offer || options_.limit) return;
  const bool answer_to_offer = offer_asked_;
  offer_asked_ = false;
  bool sent = false;
  for (const auto& p : doc_.handoff_partitions()) {
    if (!options_.offer(p)) continue;
    // Not in the hello: the peer has nothing of it yet (or will not take it, and then its next
    // hello shows no progress).
    VersionVector theirs;
    if (auto v = partitions.find(p); v != partitions.end()) {
      try {
        theirs = VersionVector::from_json(*v);
      } catch (const std::invalid_argument& e) {
        throw SyncError(std::string("sync_hello: ") + e.what());
      }
    }
    const auto before = handoff_hello_.find(p);
    const bool progress = !answer_to_offer || before == handoff_hello_.end() || !(before->second == theirs);
    handoff_hello_[p] = theirs;
    if (theirs.dominates(doc_.handoff_version(p)) || !progress) continue;
    known_[p] = theirs;
    const std::size_t queued = outgoing_.size();
    queue_ops(p, doc_.handoff_ops_since(p, theirs));
    sent |= outgoing_.size() > queued;
  }
  if (sent) {
    start(/*ask_reply=*/true);
    offer_asked_ = true;
  }
}

bool SyncSession::handed_off(const std::string& partition) const {
  if (!options_.offer || !options_.offer(partition)) return false;
  auto it = handoff_hello_.find(partition);
  const VersionVector& kept = doc_.handoff_version(partition);
  return it != handoff_hello_.end() && kept.total() > 0 && it->second.dominates(kept);
}

bool SyncSession::caught_up() const {
  if (!peer_hello_) return false;
  for (const auto& [p, theirs] : hello_)
    if (!doc_.version(p).dominates(theirs)) return false;
  return true;
}

std::vector<nlohmann::json> SyncSession::take_outgoing() {
  std::vector<nlohmann::json> out;
  out.swap(outgoing_);
  return out;
}

}  // namespace renkei::core
