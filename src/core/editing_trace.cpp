#include "core/editing_trace.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "core/edit.hpp"
#include "core/sequence.hpp"
#include "core/sync.hpp"

namespace renkei::core {

std::size_t EditingTrace::patch_count() const {
  std::size_t n = 0;
  for (const auto& t : txns) n += t.patches.size();
  return n;
}

EditingTrace parse_editing_trace(const nlohmann::json& j) {
  EditingTrace trace;
  std::string where = "trace";
  try {
    where = "startContent";  // optional: concurrent traces omit it (always empty)
    trace.start_content = utf8_to_u32(j.value("startContent", std::string()));
    where = "endContent";
    trace.end_content = utf8_to_u32(j.at("endContent").get<std::string>());
    where = "numAgents";
    trace.num_agents = j.value("numAgents", 0);
    const auto& txns = j.at("txns");
    trace.txns.reserve(txns.size());
    for (std::size_t i = 0; i < txns.size(); ++i) {
      where = "txns[" + std::to_string(i) + "]";
      const auto& t = txns[i];
      TraceTxn txn;
      for (const auto& p : t.at("patches")) {
        if (!p.is_array() || p.size() != 3) throw std::invalid_argument(where + ": a patch is not [pos, del, ins]");
        txn.patches.push_back({p[0].get<std::size_t>(), p[1].get<std::size_t>(),
                               utf8_to_u32(p[2].get<std::string>())});
      }
      if (trace.num_agents > 0) {
        txn.agent = t.at("agent").get<int>();
        if (txn.agent < 0 || txn.agent >= trace.num_agents)
          throw std::invalid_argument(where + ".agent: out of range");
        for (const auto& p : t.at("parents")) {
          auto parent = p.get<std::size_t>();
          if (parent >= i) throw std::invalid_argument(where + ".parents: not an earlier transaction");
          txn.parents.push_back(parent);
        }
      }
      trace.txns.push_back(std::move(txn));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
  return trace;
}

std::u32string replay_sequential(const EditingTrace& trace) {
  Sequence text(true);
  const PeerId agent = 1;
  std::uint64_t counter = 1;
  if (!trace.start_content.empty()) {
    text.insert_local({agent, counter}, 0, trace.start_content);
    counter += trace.start_content.size();
  }
  try {
    for (const auto& txn : trace.txns)
      for (const auto& p : txn.patches) {
        if (p.del > 0) text.remove_local(p.pos, p.del);
        if (!p.ins.empty()) {
          text.insert_local({agent, counter}, p.pos, p.ins);
          counter += p.ins.size();
        }
      }
  } catch (const SequenceError& e) {
    throw std::invalid_argument(std::string("trace patch outside the document: ") + e.what());
  }
  return text.text();
}

void pull_in_memory(Document& to, const Document& from, const std::map<std::string, VersionVector>* limit) {
  SyncSession asking(to, {kAllAttendees});
  SyncSession::Options options;
  options.limit = limit;
  SyncSession answering(from, {kAllAttendees}, options);
  // Both sides say hello as on a real connection; what `to` would send back is dropped.
  asking.start();
  answering.start();
  for (const auto& hello : asking.take_outgoing()) answering.receive(hello);
  for (const auto& msg : answering.take_outgoing()) {
    auto ops = asking.receive(msg);
    if (!ops.empty()) to.receive(std::move(ops));
  }
}

std::u32string replay_concurrent(const EditingTrace& trace, const TracePull& pull) {
  if (!trace.concurrent()) throw std::invalid_argument("replay_concurrent: the trace is sequential");
  const std::size_t n = static_cast<std::size_t>(trace.num_agents);
  std::vector<Document> replicas;
  replicas.reserve(n);
  for (std::size_t a = 0; a < n; ++a) replicas.emplace_back(static_cast<PeerId>(a + 1));

  // The shared note: an agenda item created by agent 0 and known to everyone before the trace.
  auto base = prepare_edit(replicas[0], {{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "trace"}}}}, 0);
  const std::string note = base.reply.at("id").get<std::string>();
  replicas[0].apply_local(base.ops);
  for (std::size_t a = 1; a < n; ++a) replicas[a].receive(base.ops);
  const VersionVector base_version = replicas[0].version(kAllAttendees);

  std::vector<VersionVector> after(trace.txns.size());
  for (std::size_t t = 0; t < trace.txns.size(); ++t) {
    const TraceTxn& txn = trace.txns[t];
    Document& doc = replicas[static_cast<std::size_t>(txn.agent)];
    VersionVector required = base_version;
    for (auto p : txn.parents) required.merge(after[p]);
    if (!doc.version(kAllAttendees).dominates(required)) {
      const std::map<std::string, VersionVector> limit{{kAllAttendees, required}};
      for (std::size_t b = 0; b < n; ++b)
        if (&replicas[b] != &doc && required.get(static_cast<PeerId>(b + 1)) > doc.version(kAllAttendees).get(static_cast<PeerId>(b + 1)))
          pull(doc, replicas[b], &limit);
    }
    if (doc.pending_count() != 0 || !(doc.version(kAllAttendees) == required))
      throw std::runtime_error("txns[" + std::to_string(t) + "]: could not reach its parents' state");
    for (const auto& p : txn.patches) {
      try {
        if (p.del > 0) {
          auto e = prepare_edit(doc, {{"cmd", "delete_text"}, {"id", note}, {"field", "notes"}, {"pos", p.pos}, {"len", p.del}}, 0);
          doc.apply_local(e.ops);
        }
        if (!p.ins.empty()) {
          auto e = prepare_edit(doc, {{"cmd", "insert_text"}, {"id", note}, {"field", "notes"}, {"pos", p.pos}, {"text", u32_to_utf8(p.ins)}}, 0);
          doc.apply_local(e.ops);
        }
      } catch (const EditError& e) {
        throw std::invalid_argument("txns[" + std::to_string(t) + "]: " + e.what());
      }
    }
    after[t] = doc.version(kAllAttendees);
  }

  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (a != b) pull(replicas[a], replicas[b], nullptr);
  const auto id = *OpId::parse(note);
  auto text_of = [&](const Document& d) {
    const auto& texts = d.item(id)->texts;
    auto it = texts.find("notes");
    return it == texts.end() ? std::u32string() : it->second.text();
  };
  const std::u32string result = text_of(replicas[0]);
  for (std::size_t a = 1; a < n; ++a)
    if (text_of(replicas[a]) != result) throw std::runtime_error("replicas did not converge");
  return result;
}

}  // namespace renkei::core
