// The end-of-run properties of the simulated meeting (property_sim.hpp). Entitlement — which
// partitions a replica's attendee may see — is judged by an observer that holds every op of every
// replica (the meeting as a whole): its AudiencePolicy is what every replica's converged "all"
// partition says, and each replica's own policy must agree with it.
//
// Asserted, after every link is healed and the network is quiet:
//  (a) no replica has ops waiting for causal predecessors;
//  (b) replicas entitled to the same set of partitions have equal canonical_state();
//  (c) for each partition, every replica entitled to it has the same version vector and the same
//      ops, counter by counter (a redacted stub equals only the same stub);
//  (d) privacy: a replica holds no partition its attendee may not see at the end (what it
//      received while entitled was dropped when it lost access), and in the partitions it holds,
//      no op keeps content (create, set, text) about an item that has moved out of that
//      partition — the content stays only where the item now lives. List placement (move ops in
//      "all") carries no content and is kept: the list structure is shared;
//  (f) every log a replica kept for hand-off (it lost access) reached a replica that may see
//      it, and was then forgotten: nothing is left kept once the network is quiet;
//  (e) forged ops are rejected by every replica that holds them (or hold them as a redacted stub,
//      without effect, where their item had moved away before they arrived), and no other op is rejected
//      anywhere (honest ops are judged from their author's own view, which permitted them).
#include <algorithm>
#include <functional>

#include "core/audience.hpp"
#include "property_sim.hpp"

namespace renkei::test::property {
namespace {

using core::Document;
using core::Op;
using core::OpId;

// "…context…" around the first difference of two strings, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  const std::size_t from = at > 60 ? at - 60 : 0;
  return "«" + a.substr(from, 140) + "» vs «" + b.substr(from, 140) + "»";
}

std::string name(const Simulation& sim, std::size_t i) {
  return "replica " + std::to_string(i) + " (" + core::peer_to_hex(sim.replicas()[i]->doc.self()) + ")";
}

// The log of a partition counter by counter: a text insertion and a redacted stub are cut into
// one entry per counter (a log may hold a typed run as one op or as several), any other op is one
// entry, its whole JSON. Two replicas hold the same ops if these maps are equal.
std::map<OpId, std::string> log_by_counter(const Document& doc, const std::string& partition) {
  std::map<OpId, std::string> out;
  for (const auto& op : doc.log(partition)) {
    if (op.kind == core::OpKind::text_insert) {
      const std::u32string text = core::utf8_to_u32(op.text);
      for (std::size_t k = 0; k < text.size(); ++k) {
        const OpId id{op.id.peer, op.id.counter + k};
        const OpId left = k == 0 ? op.origins.left : OpId{op.id.peer, op.id.counter + k - 1};
        out[id] = "insert " + op.target.to_string() + "." + op.field + " " + core::u32_to_utf8(text.substr(k, 1)) +
                  " between " + left.to_string() + " and " + op.origins.right.to_string();
      }
    } else if (op.kind == core::OpKind::redacted) {
      for (std::uint64_t k = 0; k < op.span(); ++k) out[{op.id.peer, op.id.counter + k}] = "redacted " + op.target.to_string();
    } else {
      out[op.id] = core::op_to_json(op).dump();
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> check_converged(const Simulation& sim) {
  std::vector<std::string> failures = sim.violations();
  const auto& replicas = sim.replicas();

  // The observer: every op any replica holds.
  Document meeting(~0ULL);
  for (const auto& r : replicas)
    for (const auto& p : r->doc.partitions()) {
      auto result = meeting.receive(r->doc.log(p));
      for (const auto& refused : result.refused) failures.push_back("the observer refused " + refused + " (histories differ)");
    }
  if (meeting.pending_count() != 0)
    failures.push_back("the union of all logs is not causally complete: " + std::to_string(meeting.pending_count()) + " ops wait");
  const core::AudiencePolicy policy(meeting);
  const std::vector<std::string> universe = meeting.partitions();

  // An item lives in one place: in the meeting (every partition), no two shown items of a list
  // are copies of one item (two chairs narrowing it at once leave one live copy).
  for (const char* list : {"agenda", "roles", "checklist", "decisions", "open_issues", "attendees", "relationships"}) {
    std::map<core::ItemId, core::ItemId> shown_root;  // the first item of a family → a shown member
    for (const core::ItemId& id : meeting.list_items(list)) {
      core::ItemId root = id;
      for (int hops = 0; hops < 64; ++hops) {
        const core::Item* it = meeting.item(root);
        const auto& from = it ? it->get("moved_from", nlohmann::json("")) : nlohmann::json("");
        auto parsed = from.is_string() ? core::OpId::parse(from.get<std::string>()) : std::nullopt;
        if (!parsed || !meeting.item(*parsed)) break;
        root = *parsed;
      }
      if (auto [at, fresh] = shown_root.emplace(root, id); !fresh)
        failures.push_back("the meeting shows " + at->second.to_string() + " and " + id.to_string() + ", copies of " +
                           root.to_string() + ", in '" + list + "'");
    }
  }

  // Who is entitled to what, by the meeting and by each replica's own document.
  std::vector<std::vector<bool>> entitled(replicas.size());
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    const auto& r = *replicas[i];
    const auto attendee = policy.attendee_of_device(r.fingerprint);
    const core::AudiencePolicy own(r.doc);
    const auto own_attendee = own.attendee_of_device(r.fingerprint);
    for (const auto& p : universe) {
      entitled[i].push_back(policy.may_see(attendee, p));
      if (own.may_see(own_attendee, p) != entitled[i].back())
        failures.push_back(name(sim, i) + " judges its access to '" + p + "' otherwise than the meeting does");
    }
  }

  for (std::size_t i = 0; i < replicas.size(); ++i) {
    const Document& doc = replicas[i]->doc;
    // (a)
    if (doc.pending_count() != 0) {
      std::string behind;  // where it lacks what the meeting has
      for (const auto& p : universe)
        if (!(doc.version(p) == meeting.version(p)))
          behind += " '" + p + "': " + doc.version(p).to_json().dump() + " of " + meeting.version(p).to_json().dump() + ";";
      std::string waiting;  // the first few, as JSON
      for (std::size_t k = 0; k < doc.pending().size() && k < 3; ++k) {
        const Op& w = doc.pending()[k];
        waiting += " " + core::op_to_json(w).dump() + " (may see it:";
        for (std::size_t j = 0; j < replicas.size(); ++j)
          if (policy.may_see(policy.attendee_of_device(replicas[j]->fingerprint), w.partition))
            waiting += " " + std::to_string(j) + "@" + std::to_string(replicas[j]->doc.version(w.partition).get(w.id.peer));
        waiting += ")";
      }
      failures.push_back(name(sim, i) + " has " + std::to_string(doc.pending_count()) + " ops waiting for predecessors;" + behind +
                         " waiting:" + waiting);
    }
    // (b)
    for (std::size_t j = i + 1; j < replicas.size(); ++j) {
      if (entitled[i] != entitled[j]) continue;
      const std::string a = doc.canonical_state(), b = replicas[j]->doc.canonical_state();
      if (a != b) failures.push_back(name(sim, i) + " and " + name(sim, j) + " see the same partitions but differ: " + first_difference(a, b));
    }
    // (d) partitions held
    for (const auto& p : doc.partitions()) {
      if (!policy.may_see(policy.attendee_of_device(replicas[i]->fingerprint), p))
        failures.push_back(name(sim, i) + " still holds partition '" + p + "' its attendee may not see (" +
                           std::to_string(doc.log(p).size()) + " ops)");
    }
    // (d) no content about items that moved out of a partition
    for (const auto& p : doc.partitions())
      for (const auto& op : doc.log(p)) {
        if (op.kind == core::OpKind::redacted || op.kind == core::OpKind::move) continue;
        if (op.kind == core::OpKind::set && op.field == "moved_to") continue;
        const OpId subject = op.kind == core::OpKind::create ? op.id : op.target;
        const core::Item* item = doc.item(subject);
        if (!item || item->partition != p) continue;
        static const nlohmann::json kNone = "";
        const auto& moved = item->get("moved_to", kNone);
        if (moved.is_string() && !moved.get<std::string>().empty())
          failures.push_back(name(sim, i) + " keeps content of " + subject.to_string() + " in '" + p + "' after it moved to " +
                             moved.get<std::string>() + ": " + core::op_to_json(op).dump());
      }
    // (f)
    for (const auto& p : doc.handoff_partitions())
      failures.push_back(name(sim, i) + " still keeps '" + p + "' for hand-off: " + doc.handoff_version(p).to_json().dump());
    // (e)
    std::set<OpId> rejected;
    for (const auto& r : doc.rejections()) {
      rejected.insert(r.id);
      bool forged = false;
      for (const auto& f : sim.forged()) forged |= f.second == r.id;
      if (!forged) failures.push_back(name(sim, i) + " rejected an honest op " + r.id.to_string() + ": " + r.reason);
    }
    for (const auto& [p, id] : sim.forged())  // (a stub has no effect: its item moved away first)
      if (doc.find_op(p, id) && doc.find_op(p, id)->kind != core::OpKind::redacted && !rejected.count(id))
        failures.push_back(name(sim, i) + " accepted the forged op " + id.to_string() + ": " + core::op_to_json(*doc.find_op(p, id)).dump());
  }

  // (c)
  for (std::size_t k = 0; k < universe.size(); ++k) {
    const std::string& p = universe[k];
    std::optional<std::size_t> first;
    for (std::size_t i = 0; i < replicas.size(); ++i) {
      if (!entitled[i][k]) continue;
      if (!first) {
        first = i;
        continue;
      }
      const Document& a = replicas[*first]->doc;
      const Document& b = replicas[i]->doc;
      if (!(a.version(p) == b.version(p))) {
        failures.push_back(name(sim, *first) + " and " + name(sim, i) + " have different versions of '" + p + "': " +
                           a.version(p).to_json().dump() + " vs " + b.version(p).to_json().dump());
        continue;
      }
      const auto la = log_by_counter(a, p), lb = log_by_counter(b, p);
      for (const auto& [id, json] : la) {
        auto other = lb.find(id);
        if (other != lb.end() && other->second != json)
          failures.push_back(name(sim, *first) + " and " + name(sim, i) + " hold different ops " + id.to_string() + " in '" + p +
                             "': " + json + " vs " + other->second);
      }
      if (la.size() != lb.size()) failures.push_back(name(sim, *first) + " and " + name(sim, i) + " hold different ops in '" + p + "'");
    }
  }
  return failures;
}

}  // namespace renkei::test::property
