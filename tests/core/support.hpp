// Helpers shared by the core tests: making edits, exchanging sync messages without a network.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "core/document.hpp"
#include "core/edit.hpp"
#include "core/sync.hpp"
#include "core/undo.hpp"

namespace renkei::test {

/// Prepares and applies an edit as a front end would; returns the ops and reply.
inline core::PreparedEdit edit(core::Document& doc, const nlohmann::json& e, std::int64_t now_ms = 1'700'000'000'000) {
  auto prepared = core::prepare_edit(doc, e, now_ms);
  doc.apply_local(prepared.ops);
  return prepared;
}

/// Adds an item and returns its id string.
inline std::string add(core::Document& doc, const std::string& type, nlohmann::json fields = nlohmann::json::object()) {
  return edit(doc, {{"cmd", "add"}, {"type", type}, {"fields", std::move(fields)}}).reply.at("id").get<std::string>();
}

/// Every op of the document's "all" partition, copied, in log order.
inline std::vector<core::Op> all_ops(const core::Document& doc) {
  return doc.log(core::kAllAttendees);
}

/// Connects two documents through a pair of SyncSessions and moves messages until both are
/// quiet, applying received ops and pushing applied ones, as the mesh does.
inline void sync_pair(core::Document& a, core::Document& b) {
  core::SyncSession sa(a, {core::kAllAttendees}), sb(b, {core::kAllAttendees});
  sa.start();
  sb.start();
  for (int round = 0; round < 100 && (sa.has_outgoing() || sb.has_outgoing()); ++round) {
    for (const auto& m : sa.take_outgoing()) {
      auto ops = sb.receive(m);
      if (ops.empty()) continue;
      sb.on_applied(b.resolve(b.receive(std::move(ops)).applied));
    }
    for (const auto& m : sb.take_outgoing()) {
      auto ops = sa.receive(m);
      if (ops.empty()) continue;
      sa.on_applied(a.resolve(a.receive(std::move(ops)).applied));
    }
  }
}

inline std::string notes_of(const core::Document& doc, const std::string& id) {
  auto s = doc.snapshot();
  for (const auto& a : s.agenda)
    if (a.id.to_string() == id) return a.notes;
  return "<missing>";
}

}  // namespace renkei::test
