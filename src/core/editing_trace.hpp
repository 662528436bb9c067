// Editing traces in the format of ../shared/data/editing-traces (Joseph Gentle's
// editing-traces collection, CC BY 4.0): the standard workload for text CRDTs.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/document.hpp"

namespace renkei::core {

/// One patch: at code-point position `pos`, delete `del` code points, then insert `ins`.
struct TracePatch {
  std::size_t pos = 0;
  std::size_t del = 0;
  std::u32string ins;
};

/// A transaction: patches applied one after another (descending positions in the files).
/// For concurrent traces, `agent` typed it on the state after merging `parents` (indexes of
/// earlier transactions; empty = the empty document).
struct TraceTxn {
  std::vector<TracePatch> patches;
  int agent = 0;
  std::vector<std::size_t> parents;
};

/// A whole trace. num_agents == 0 marks a sequential trace (no agent/parents fields).
struct EditingTrace {
  std::u32string start_content;
  std::u32string end_content;
  std::vector<TraceTxn> txns;
  int num_agents = 0;

  [[nodiscard]] bool concurrent() const { return num_agents > 0; }
  [[nodiscard]] std::size_t patch_count() const;
};

/// Parses the trace JSON object (startContent, endContent, txns[{patches, agent?, parents?}],
/// numAgents?). Throws std::invalid_argument naming the first malformed field, including
/// parents that do not refer to earlier transactions.
EditingTrace parse_editing_trace(const nlohmann::json& j);

/// Replays a sequential trace into one note-text CRDT replica (Sequence) and returns the final
/// text as UTF-32. Throws std::invalid_argument if a patch falls outside the document.
std::u32string replay_sequential(const EditingTrace& trace);

/// Moves the ops `to` lacks from `from` into `to`, as one direction of a sync exchange: `to`'s
/// SyncSession says hello with its version vectors, `from`'s answers with what `to` lacks (only
/// ops within `limit`, partition → version vector, when `limit` is not null), and `to` receives
/// the answer. A replay chooses how the messages travel (in memory, or over a real channel).
using TracePull = std::function<void(Document& to, const Document& from,
                                     const std::map<std::string, VersionVector>* limit)>;

/// The in-memory TracePull: both SyncSessions in this thread, messages handed over directly.
void pull_in_memory(Document& to, const Document& from, const std::map<std::string, VersionVector>* limit);

/// Replays a concurrent trace: one Document replica per agent, all sharing one agenda item
/// whose notes field is the text. Before each transaction its agent's replica is brought to
/// exactly the state of the transaction's parents by sync messages from the other replicas
/// (SyncSession, limited to the parents' version vector, moved by `pull`); the patches are then
/// made as local edits (insert_text / delete_text). Finally every replica syncs with every other.
/// Returns the final text; throws std::runtime_error if the replicas do not converge, and
/// std::invalid_argument if a patch falls outside its agent's document.
std::u32string replay_concurrent(const EditingTrace& trace, const TracePull& pull = pull_in_memory);

}  // namespace renkei::core
