// The simulated meeting of the property tests: setup, links carrying SyncSession messages with
// delays, reordering, duplication and cuts, and the audience rules the session applies.
#include "property_sim.hpp"

#include <cstdio>
#include <cstdlib>

#include <algorithm>

#include "core/authority.hpp"
#include "core/edit.hpp"
#include "core/undo.hpp"

namespace renkei::test::property {

using core::Document;
using core::Op;
using core::OpId;

// The ops as applied (Document::ReceiveResult::ops, or an edit's ops), to forward: the log may
// have merged them into typed runs.
static std::vector<const Op*> pointers(const std::vector<Op>& ops) {
  std::vector<const Op*> out;
  for (const auto& op : ops) out.push_back(&op);
  return out;
}

// --- Rng -------------------------------------------------------------------------------------

Rng::Rng(std::uint64_t seed) {
  for (auto& s : state_) {  // splitmix64
    seed += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    s = z ^ (z >> 31);
  }
}

std::uint64_t Rng::next() {  // xoshiro256**
  auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

std::size_t Rng::below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
bool Rng::chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
int Rng::between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }

std::size_t Rng::weighted(const std::vector<int>& weights) {
  int total = 0;
  for (int w : weights) total += w;
  int x = static_cast<int>(below(static_cast<std::size_t>(total)));
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

// --- setup -----------------------------------------------------------------------------------

Simulation::Simulation(const SimConfig& config) : config_(config), rng_(config.seed) {
  if (config_.replicas == 0) config_.replicas = rng_.between(3, 8);
  std::set<core::PeerId> ids;
  for (int i = 0; i < config_.replicas; ++i) {
    core::PeerId id = 0;
    while (id == 0 || ids.count(id)) id = rng_.next() >> rng_.between(0, 48);  // varied tie-breaks
    ids.insert(id);
    std::string fp;
    for (int k = 0; k < 4; ++k) fp += core::peer_to_hex(rng_.next());
    replicas_.push_back(std::make_unique<SimReplica>(id, fp));
  }
  for (std::size_t a = 0; a < replicas_.size(); ++a)
    for (std::size_t b = a + 1; b < replicas_.size(); ++b) {
      auto link = std::make_unique<SimLink>();
      link->a = a;
      link->b = b;
      by_pair_[{a, b}] = link.get();
      links_.push_back(std::move(link));
    }
}

std::int64_t Simulation::now_ms() const { return 1'790'000'000'000 + static_cast<std::int64_t>(now_) * 45'000; }

void Simulation::trace(const std::string& what) const {
  static const bool on = std::getenv("RENKEI_SIM_TRACE") != nullptr;
  if (on) std::fprintf(stderr, "round %d: %s\n", now_, what.c_str());
}

void Simulation::violation(std::string what) { violations_.push_back("round " + std::to_string(now_) + ": " + std::move(what)); }

// The chair (replica 0) opens the meeting: an attendee per replica with mixed relations and
// audiences, each device admitted and bound to its attendee, the chair named, sometimes a
// vice-chair and a recorder, and a few items — one of them for professionals only.
void Simulation::setup() {
  auto add = [&](const std::string& type, nlohmann::json fields, nlohmann::json visibility = "all") {
    auto r = edit(0, {{"cmd", "add"}, {"type", type}, {"fields", std::move(fields)}, {"visibility", visibility}}, "setup");
    if (!r) violation("setup: could not add a " + type);
    return r ? (*r)["id"].get<std::string>() : std::string();
  };
  static const char* kRelations[] = {"professional", "family", "community", "person"};
  for (std::size_t i = 0; i < size(); ++i) {
    nlohmann::json fields{{"name", "出席者" + std::to_string(i)},
                          {"relation", i == 0 ? "professional" : kRelations[rng_.weighted({5, 2, 2, 1})]}};
    if (i > 0 && rng_.chance(0.2)) fields["audience"] = rng_.chance(0.5) ? "professional" : "general";
    replica(i).attendee = add("attendee", fields);
    add("device", {{"fingerprint", replica(i).fingerprint}, {"name", "端末" + std::to_string(i)},
                   {"replica", core::peer_to_hex(replica(i).doc.self())}, {"attendee", replica(i).attendee}});
    if (i == 0) edit(0, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", replica(0).attendee}}, "setup");
  }
  if (rng_.chance(0.6))
    edit(0, {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", replica(1 + rng_.below(size() - 1)).attendee}}, "setup");
  if (rng_.chance(0.6))
    edit(0, {{"cmd", "set_meeting"}, {"field", "recorder"}, {"value", replica(1 + rng_.below(size() - 1)).attendee}}, "setup");
  for (const char* title : {"開会・本人の意向", "生活状況の確認", "役割分担"})
    hot_.push_back(add("agenda_item", {{"title", title}, {"notes", "記録:"}, {"timebox_min", 10}}));
  add("role", {{"role", "キーマン"}, {"who", "相談支援専門員"}, {"key_person", true}});
  add("checklist_item", {{"section", "3つの共有"}, {"text", "情報の共有"}});
  add("open_issue", {{"text", "受給状況の確認"}}, "professionals");
  add("decision", {{"text", "訪問看護を継続"}, {"agenda_item", hot_[0]}});
  for (std::size_t i = 0; i < size(); ++i) refresh_audience(i, false);
  for (auto& link : links_) link_up(*link);
}

bool Simulation::run() {
  setup();
  for (int r = 0; r < config_.rounds; ++r) round();
  // Heal everything and deliver until quiet (bounded).
  for (auto& link : links_)
    if (!link->up) link_up(*link);
  for (int pass = 0; pass < 200'000; ++pass) {
    bool any = false;
    for (auto& link : links_)
      for (int dir = 0; dir < 2; ++dir)
        if (!link->queue[dir].empty()) any |= deliver_one(*link, dir, true);
    if (!any) return true;
  }
  return false;
}

void Simulation::round() {
  network_events();
  std::vector<std::size_t> order(size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.below(i)]);
  for (std::size_t i : order) {
    // A participant works once it has the meeting (the session reports the join only then).
    const SimReplica& r = replica(i);
    const bool joined = r.policy && r.policy->attendee_of_device(r.fingerprint);
    if (joined && rng_.chance(0.7)) random_action(*this, i);
    if (rng_.chance(0.5)) deliver_some(false);
  }
  deliver_some(false);
  ++now_;
}

// --- the network -----------------------------------------------------------------------------

core::SyncSession* Simulation::session(std::size_t from, std::size_t to) {
  SimLink* link = by_pair_.at({std::min(from, to), std::max(from, to)});
  if (!link->up) return nullptr;
  return link->session[from == link->a ? 0 : 1].get();
}

std::string Simulation::attendee_of(std::size_t i) const {
  const SimReplica& r = *replicas_[i];
  if (r.policy)
    if (auto a = r.policy->attendee_of_device(r.fingerprint)) return a->to_string();
  return r.attendee;
}

// The session's rule: a link carries "all", and any other partition both this replica's
// attendee and the peer's device may see — as this replica's document says.
bool Simulation::carries(std::size_t from, std::size_t to, const std::string& partition) const {
  if (partition == core::kAllAttendees) return true;
  const SimReplica& r = *replicas_[from];
  if (!r.policy) return false;
  return r.policy->may_see(OpId::parse(attendee_of(from)), partition) &&
         r.policy->device_may_see(replicas_[to]->fingerprint, partition);
}

void Simulation::link_up(SimLink& link) {
  trace("link r" + std::to_string(link.a) + "-r" + std::to_string(link.b) + " up");
  link.up = true;
  for (int end = 0; end < 2; ++end) {
    const std::size_t self = end == 0 ? link.a : link.b, peer = end == 0 ? link.b : link.a;
    core::SyncSession::Options options;
    // Hand-off, as the session does it: this replica takes a partition it may see from a device
    // that may not (handing it off), and offers what it keeps for hand-off to a device that may.
    options.accept = [this, self](const std::string& p) {
      const SimReplica& r = *replicas_[self];
      return r.policy && r.policy->may_see(OpId::parse(attendee_of(self)), p);
    };
    options.offer = [this, self, peer](const std::string& p) {
      const SimReplica& r = *replicas_[self];
      return r.policy && r.policy->device_may_see(replicas_[peer]->fingerprint, p);
    };
    link.session[end] = std::make_unique<core::SyncSession>(
        replica(self).doc,
        core::SyncSession::PartitionFilter([this, self, peer](const std::string& p) { return carries(self, peer, p); }),
        options);
    link.session[end]->start();
  }
  flush(link.a);
  flush(link.b);
}

void Simulation::link_down(SimLink& link, int rounds) {
  trace("link r" + std::to_string(link.a) + "-r" + std::to_string(link.b) + " down");
  link.up = false;
  link.down_until = std::max(link.down_until, now_ + rounds);
  for (int end = 0; end < 2; ++end) {
    link.session[end].reset();
    link.queue[end].clear();  // what was in flight is lost with the connection
  }
  ++stats_.cuts;
}

void Simulation::network_events() {
  for (auto& link : links_)
    if (!link->up && link->down_until <= now_) link_up(*link);
  if (rng_.chance(0.10)) {  // one link drops
    SimLink& link = *links_[rng_.below(links_.size())];
    if (link.up) link_down(link, rng_.between(1, 6));
  }
  if (rng_.chance(0.04)) {  // a replica goes offline and keeps working alone
    const std::size_t alone = rng_.below(size());
    const int rounds = rng_.between(2, 10);
    for (auto& link : links_)
      if (link->up && (link->a == alone || link->b == alone)) link_down(*link, rounds);
  }
  if (rng_.chance(0.03)) {  // the network splits in two groups
    std::vector<bool> side(size());
    for (std::size_t i = 0; i < size(); ++i) side[i] = rng_.chance(0.5);
    const int rounds = rng_.between(3, 12);
    for (auto& link : links_)
      if (link->up && side[link->a] != side[link->b]) link_down(*link, rounds);
  }
}

// Moves what replica i's sessions queued onto the links, each message with its own delay.
void Simulation::flush(std::size_t i) {
  for (std::size_t j = 0; j < size(); ++j) {
    if (j == i) continue;
    SimLink* link = by_pair_.at({std::min(i, j), std::max(i, j)});
    if (!link->up) continue;
    const int end = i == link->a ? 0 : 1;
    for (auto& m : link->session[end]->take_outgoing()) {
      const int delay = rng_.chance(0.5) ? 0 : rng_.between(1, 4);
      link->queue[end].push_back({std::move(m), now_ + delay, false});
    }
  }
}

void Simulation::deliver_some(bool settle) {
  int budget = rng_.between(1, 3 * static_cast<int>(size()));
  while (budget-- > 0) {
    std::vector<std::pair<SimLink*, int>> ready;
    for (auto& link : links_)
      for (int dir = 0; dir < 2; ++dir)
        for (const auto& m : link->queue[dir])
          if (m.due <= now_) {
            ready.emplace_back(link.get(), dir);
            break;
          }
    if (ready.empty()) return;
    auto [link, dir] = ready[rng_.below(ready.size())];
    deliver_one(*link, dir, settle);
  }
}

// Delivers one message of a link direction: any due sync_ops before the first hello (so ops
// arrive reordered), or the hello once it is first (a session must hear hello first).
bool Simulation::deliver_one(SimLink& link, int dir, bool settle) {
  auto& queue = link.queue[dir];
  std::vector<std::size_t> candidates;
  for (std::size_t k = 0; k < queue.size(); ++k) {
    const bool hello = queue[k].body.value("type", "") == "sync_hello";
    if (hello && k > 0) break;
    if (settle || queue[k].due <= now_) candidates.push_back(k);
    if (hello) break;
  }
  if (candidates.empty()) return false;
  const std::size_t k = settle ? candidates.front() : candidates[rng_.below(candidates.size())];
  SimMessage message = std::move(queue[k]);
  queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(k));
  if (!settle && !message.copy && rng_.chance(0.06)) {
    queue.push_back({message.body, now_ + rng_.between(0, 3), true});
    ++stats_.duplicates;
  }
  ++stats_.deliveries;
  const std::size_t from = dir == 0 ? link.a : link.b, to = dir == 0 ? link.b : link.a;
  if (message.body.value("type", "") == "sync_hello")
    trace("r" + std::to_string(to) + " hello from r" + std::to_string(from) + (message.body.value("reply", false) ? " (reply asked)" : ""));
  std::vector<Op> ops;
  try {
    ops = link.session[dir == 0 ? 1 : 0]->receive(message.body);
  } catch (const core::SyncError& e) {
    violation("replica " + std::to_string(to) + " refused a message from " + std::to_string(from) + ": " + e.what());
    return true;
  }
  // A hello may show that a peer now holds a log this replica keeps for hand-off.
  for (const auto& p : replica(to).doc.handoff_partitions())
    if (link.session[dir == 0 ? 1 : 0]->handed_off(p)) {
      trace("r" + std::to_string(to) + " handed off " + p + " to r" + std::to_string(from));
      replica(to).doc.finish_handoff(p);
      ++stats_.handoffs;
    }
  if (!ops.empty()) {
    const std::vector<Op> sent = ops;
    auto result = replica(to).doc.receive(std::move(ops));
    for (const auto& rj : result.rejected)
      trace("r" + std::to_string(to) + " rejected " + rj.id.to_string() + " from r" + std::to_string(from) + ": " + rj.reason);
    for (const auto& refused : result.refused)
      for (const auto& op : sent)
        if (refused.rfind(op.id.to_string() + ":", 0) == 0)
          violation("replica " + std::to_string(to) + " refused " + refused + " (it has " +
                    std::to_string(replica(to).doc.version(op.partition).get(op.id.peer)) + " of its author in '" +
                    op.partition + "'): " + core::op_to_json(op).dump());
    applied(to, pointers(result.ops));
  }
  flush(to);
  return true;
}

// What replica i applied goes to every live link whose peer lacks it (the mesh forwards), and
// the audiences are looked at again.
void Simulation::applied(std::size_t i, const std::vector<const Op*>& ops) {
  if (!ops.empty()) {
    for (std::size_t j = 0; j < size(); ++j)
      if (j != i)
        if (auto* s = session(i, j)) s->on_applied(ops);
    flush(i);
  }
  replica(i).doc.take_redacted();  // no replica file here
  refresh_audience(i, false);
}

// As the session's apply_audiences(): a fresh policy; partitions this replica's attendee may no
// longer see are dropped; if anything changed, every live link says hello again.
void Simulation::refresh_audience(std::size_t i, bool force_resync) {
  SimReplica& r = replica(i);
  core::AudiencePolicy fresh(r.doc);
  bool changed = !r.policy || r.policy->key() != fresh.key();
  r.policy.emplace(std::move(fresh));
  const auto me = OpId::parse(attendee_of(i));
  for (const auto& p : r.doc.partitions())
    if (p != core::kAllAttendees && !r.policy->may_see(me, p)) {
      trace("r" + std::to_string(i) + " (" + core::peer_to_hex(r.doc.self()) + ") drops " + p + ", own ops up to " +
            std::to_string(r.doc.version(p).get(r.doc.self())));
      r.doc.drop_partition(p);
      ++stats_.drops;
      changed = true;  // e.g. it wrote for an audience it is not in: a hello lets it hand that off
    }
  // Access came back before the hand-off was done: the kept log returns, and goes to the peers.
  std::vector<Op> reclaimed;
  for (const auto& p : r.doc.handoff_partitions())
    if (r.policy->may_see(me, p)) {
      trace("r" + std::to_string(i) + " reclaims " + p);
      auto result = r.doc.reclaim_partition(p);
      for (const auto& refused : result.refused) violation("r" + std::to_string(i) + " refused its own kept op on taking back " + p + ": " + refused);
      reclaimed.insert(reclaimed.end(), result.ops.begin(), result.ops.end());
      ++stats_.reclaims;
    }
  if (!reclaimed.empty())
    for (std::size_t j = 0; j < size(); ++j)
      if (j != i)
        if (auto* s = session(i, j)) s->on_applied(pointers(reclaimed));
  if (!changed && !force_resync) return;
  for (std::size_t j = 0; j < size(); ++j)
    if (j != i)
      if (auto* s = session(i, j)) s->start(/*ask_reply=*/true);
  flush(i);
}

// --- edits -----------------------------------------------------------------------------------

namespace {

// Does replica `me` meet `requirement` for `op`, as its own document says?
bool permitted(const Document& doc, const std::string& me, core::Requirement requirement, const Op& op) {
  const core::Item& meeting = *doc.item(core::kMeetingItem);
  auto role = [&](const char* field) {
    static const nlohmann::json kNone = "";
    const auto& v = meeting.get(field, kNone);
    auto id = OpId::parse(v.is_string() ? v.get<std::string>() : "");
    return id ? doc.resolve(*id).to_string() : std::string();
  };
  if (role("chair").empty()) return true;  // nobody chairs yet: the meeting is being set up
  if (!me.empty() && role("chair") == me) return true;
  switch (requirement) {
    case core::Requirement::anyone: return true;
    case core::Requirement::chair: return false;
    case core::Requirement::chair_or_recorder: return !me.empty() && role("recorder") == me;
    case core::Requirement::chair_or_vice_takeover:
      return !me.empty() && role("vice_chair") == me && op.value == me;
    case core::Requirement::chair_or_device_owner: return true;  // not generated
  }
  return false;
}

}  // namespace

std::optional<nlohmann::json> Simulation::edit(std::size_t i, const nlohmann::json& e, const std::string& kind) {
  SimReplica& r = replica(i);
  const std::string me = attendee_of(i);
  core::PreparedEdit prepared;
  try {
    prepared = core::prepare_edit(r.doc, e, now_ms());
  } catch (const core::EditError& err) {
    const std::string why = err.what();
    if (why.find("only the") != std::string::npos) {
      ++stats_.permission_refusals;
      if (permitted(r.doc, me, core::Requirement::chair, Op{}))
        violation("replica " + std::to_string(i) + " (the chair) was refused " + e.dump() + ": " + why);
    } else {
      ++stats_.other_refusals;
    }
    return std::nullopt;
  }
  for (const auto& op : prepared.ops) {
    const core::Item* target = op.kind == core::OpKind::create ? nullptr : r.doc.item(op.target);
    const auto requirement = core::requirement_of(op, target);
    if (kind != "setup" && !permitted(r.doc, me, requirement, op))
      violation("replica " + std::to_string(i) + " was allowed " + e.dump() + " (" + core::requirement_text(requirement) + ")");
  }
  auto undo = core::undo_edits(r.doc, prepared.ops);
  r.doc.apply_local(prepared.ops);
  if (!undo.empty() && kind != "setup") {  // the setup (naming the chair) is not undone
    r.undo.push_back(std::move(undo));
    if (r.undo.size() > 24) r.undo.erase(r.undo.begin());
  }
  ++stats_.actions[kind];
  if (prepared.reply.contains("id")) items_.push_back(prepared.reply["id"]);
  applied(i, pointers(prepared.ops));
  return prepared.reply;
}

void Simulation::forge(std::size_t i, Op op) {
  auto result = replica(i).doc.receive({std::move(op)});
  if (result.applied.size() != 1) {
    violation("a forged op was not taken by its own author");
    return;
  }
  forged_.insert({result.applied[0].partition, result.applied[0].id});
  ++stats_.forged;
  applied(i, pointers(result.ops));
}

}  // namespace renkei::test::property
