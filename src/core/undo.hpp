// Undo: the edits that revert what an edit did, so a front end can offer undo and redo of a
// person's own changes. Undo is itself a change that replicates like any other (CRDT undo by
// inverse operations): it never erases what others did in between.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "core/document.hpp"

namespace renkei::core {

/// The edits that revert `ops` (an edit's operations, from prepare_edit) on the document as it
/// was *before* they were applied, in the order to send them. Reverting: a register gets its
/// previous value back; an added item is removed; a removed item restored; a moved item goes
/// back to its previous index; inserted text is deleted (by character id); deleted text is
/// inserted again right after the character that preceded it, so it reappears where it was.
/// Pure; throws nothing for ops made by prepare_edit on `before`.
std::vector<nlohmann::json> undo_edits(const Document& before, const std::vector<Op>& ops);

}  // namespace renkei::core
