#include "core/undo.hpp"

#include <algorithm>
#include <set>

namespace renkei::core {
namespace {

nlohmann::json spans_json(const std::vector<IdSpan>& spans) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : spans) out.push_back({peer_to_hex(s.peer), s.counter, s.len});
  return out;
}

}  // namespace

std::vector<nlohmann::json> undo_edits(const Document& before, const std::vector<Op>& ops) {
  std::vector<nlohmann::json> undo;
  std::set<ItemId> created;
  for (const auto& op : ops)
    if (op.kind == OpKind::create) created.insert(op.id);
  // Reverse order: the last change is reverted first.
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    const Op& op = *it;
    switch (op.kind) {
      case OpKind::create:
        undo.push_back({{"cmd", "remove"}, {"id", op.id.to_string()}});
        break;
      case OpKind::set: {
        if (created.count(op.target)) break;
        const Item* item = before.item(op.target);
        if (!item) break;
        if (op.field == "deleted") {
          const bool was = item->get("deleted", nlohmann::json(false)).get<bool>();
          undo.push_back({{"cmd", was ? "remove" : "restore"}, {"id", op.target.to_string()}});
          break;
        }
        const TypeSpec& type = op.target == kMeetingItem ? meeting_type() : *find_type(item->type);
        const FieldSpec* spec = type.field(op.field);
        const nlohmann::json old = item->get(op.field, spec ? default_value(*spec) : nlohmann::json());
        if (type.name == "agenda_item" && item->get("status", nlohmann::json("")) == "current") {
          // The edit left this item (advance, back, set_current, finish). Taking it back makes
          // it current again from now, with the time it had when it was left: not from when it
          // was first started, which would count the minutes spent on the next item as its own.
          if (op.field == "status") undo.push_back({{"cmd", "set_current"}, {"id", op.target.to_string()}});
          if (op.field == "status" || op.field == "elapsed_sec") break;
        }
        if (op.target == kMeetingItem)
          undo.push_back({{"cmd", "set_meeting"}, {"field", op.field}, {"value", old}});
        else
          undo.push_back({{"cmd", "set"}, {"id", op.target.to_string()}, {"field", op.field}, {"value", old}});
        break;
      }
      case OpKind::move: {
        if (created.count(op.target)) break;
        const auto shown = before.list_items(op.field);
        const auto at = std::find(shown.begin(), shown.end(), op.target);
        if (at != shown.end())
          undo.push_back({{"cmd", "move"}, {"id", op.target.to_string()}, {"index", at - shown.begin()}});
        break;
      }
      case OpKind::text_insert:
        if (created.count(op.target)) break;
        undo.push_back({{"cmd", "delete_text"}, {"id", op.target.to_string()}, {"field", op.field},
                        {"spans", spans_json({{op.id.peer, op.id.counter, op.span()}})}});
        break;
      case OpKind::text_delete: {
        const Item* item = before.item(op.target);
        const auto t = item ? item->texts.find(op.field) : decltype(item->texts.end()){};
        if (!item || t == item->texts.end()) break;
        for (const auto& span : op.spans) {
          const OpId anchor = t->second.element_before({span.peer, span.counter});
          undo.push_back({{"cmd", "insert_text"}, {"id", op.target.to_string()}, {"field", op.field},
                          {"after", anchor.is_null() ? std::string() : anchor.to_string()},
                          {"text", u32_to_utf8(t->second.text_of(span))}});
        }
        break;
      }
    }
  }
  return undo;
}

}  // namespace renkei::core
