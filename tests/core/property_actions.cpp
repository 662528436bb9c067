// The action generator of the property tests: one replica's turn, drawn with weights from
// everything edit.hpp offers, plus forged sensitive ops and undo of the replica's own edits.
// Targets are drawn from what the acting replica sees, preferring a few "hot" items so that
// concurrent edits of the same item (moves, typing while it is removed …) are frequent.
#include <algorithm>
#include <cstdio>

#include "core/audience.hpp"
#include "core/edit.hpp"
#include "core/schema.hpp"
#include "property_sim.hpp"

namespace renkei::test::property {
namespace {

using core::Document;
using core::OpId;
using nlohmann::json;

const std::vector<std::string> kLists{"attendees", "agenda", "roles", "checklist", "decisions", "open_issues", "relationships"};
const std::vector<std::string> kGlyphs{"あ", "い", "う", "記", "録", "本", "人", "😀", "🎌", "a", "b", " ", "\n", "、", "。"};

std::string random_text(Rng& rng, int min_len, int max_len) {
  std::string s;
  for (int n = rng.between(min_len, max_len); n > 0; --n) s += kGlyphs[rng.below(kGlyphs.size())];
  return s;
}

const json& reg(const Document& doc, const OpId& id, const char* field) {
  static const json kEmpty = "";
  const core::Item* it = doc.item(id);
  return it ? it->get(field, kEmpty) : kEmpty;
}

// The role (chair, vice_chair, recorder) as replica i's document names it, resolved.
std::string role_of(const Document& doc, const char* field) {
  const json& v = reg(doc, core::kMeetingItem, field);
  auto id = v.is_string() ? OpId::parse(v.get<std::string>()) : std::nullopt;
  return id ? doc.resolve(*id).to_string() : std::string();
}

// A replica that holds `field` by its own document, if any.
std::optional<std::size_t> holder(Simulation& sim, const char* field) {
  for (std::size_t j = 0; j < sim.size(); ++j) {
    const std::string me = sim.attendee_of(j);
    if (!me.empty() && role_of(sim.replica(j).doc, field) == me) return j;
  }
  return std::nullopt;
}

// Replica i, or (with probability p) the holder of a role, for actions that role makes.
std::size_t actor(Simulation& sim, std::size_t i, const char* field, double p) {
  if (sim.rng().chance(p))
    if (auto j = holder(sim, field)) return *j;
  return i;
}

// A visible item of one of `lists` at replica i (hot items preferred), or "".
std::string pick(Simulation& sim, std::size_t i, const std::vector<std::string>& lists) {
  const Document& doc = sim.replica(i).doc;
  std::vector<std::string> all, hot;
  for (const auto& list : lists)
    for (const auto& id : doc.list_items(list)) {
      all.push_back(id.to_string());
      if (std::find(sim.hot_.begin(), sim.hot_.end(), all.back()) != sim.hot_.end()) hot.push_back(all.back());
    }
  if (!hot.empty() && sim.rng().chance(0.5)) return hot[sim.rng().below(hot.size())];
  return all.empty() ? std::string() : all[sim.rng().below(all.size())];
}

const core::Sequence* text_of(const Document& doc, const std::string& id, const std::string& field) {
  const core::Item* it = doc.item(*OpId::parse(id));
  if (!it) return nullptr;
  auto t = it->texts.find(field);
  return t == it->texts.end() ? nullptr : &t->second;
}

std::size_t text_size(const Document& doc, const std::string& id, const std::string& field) {
  const auto* seq = text_of(doc, id, field);
  return seq ? seq->size() : 0;
}

json random_visibility(Simulation& sim) {
  Rng& rng = sim.rng();
  const auto k = rng.weighted({13, 5, 3});
  if (k == 0) return "all";
  if (k == 1) return "professionals";
  json ids = json::array();
  for (int n = rng.between(1, 2); n > 0; --n) ids.push_back(sim.replica(rng.below(sim.size())).attendee);
  return ids;
}

json random_value(Simulation& sim, const core::FieldSpec& spec) {
  Rng& rng = sim.rng();
  char buf[16];
  switch (spec.kind) {
    case core::FieldKind::string: return random_text(rng, 0, 5);
    case core::FieldKind::date:
      std::snprintf(buf, sizeof buf, "2026-%02d-%02d", rng.between(1, 12), rng.between(1, 28));
      return rng.chance(0.1) ? std::string() : std::string(buf);
    case core::FieldKind::time:
      std::snprintf(buf, sizeof buf, "%02d:%02d", rng.between(0, 23), rng.between(0, 59));
      return std::string(buf);
    case core::FieldKind::integer: return spec.min_value + static_cast<long long>(rng.below(120));
    case core::FieldKind::boolean: return rng.chance(0.5);
    case core::FieldKind::enumeration: return spec.values[rng.below(spec.values.size())];
    case core::FieldKind::reference:
      return sim.items_.empty() || rng.chance(0.2) ? std::string() : sim.items_[rng.below(sim.items_.size())];
    case core::FieldKind::text: break;
  }
  return "";
}

// --- text ------------------------------------------------------------------------------------

void type_run(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  SimReplica& r = sim.replica(i);
  if (r.typing_item.empty() || !rng.chance(0.6)) {
    r.typing_item = pick(sim, i, {"agenda"});
    r.typing_field = rng.chance(0.8) ? "notes" : "conclusion";
    r.caret.clear();
  }
  if (r.typing_item.empty()) return;
  for (int n = rng.between(1, 10); n > 0; --n) {
    json e{{"cmd", "insert_text"}, {"id", r.typing_item}, {"field", r.typing_field}, {"text", random_text(rng, 1, 1)}};
    if (r.caret.empty())
      e["pos"] = rng.below(text_size(r.doc, r.typing_item, r.typing_field) + 1);
    else
      e["after"] = r.caret;
    auto reply = sim.edit(i, e, "type");
    if (!reply) {
      r.typing_item.clear();
      return;
    }
    r.caret = (*reply)["last"];
  }
}

void insert_text(Simulation& sim, std::size_t i) {
  const std::string id = pick(sim, i, {"agenda"});
  if (id.empty()) return;
  const std::string field = sim.rng().chance(0.7) ? "notes" : "conclusion";
  const auto size = text_size(sim.replica(i).doc, id, field);
  sim.edit(i, {{"cmd", "insert_text"}, {"id", id}, {"field", field}, {"pos", sim.rng().below(size + 1)},
               {"text", random_text(sim.rng(), 1, 6)}}, "insert_text");
}

void delete_text(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  const std::string id = pick(sim, i, {"agenda"});
  if (id.empty()) return;
  const std::string field = rng.chance(0.7) ? "notes" : "conclusion";
  const auto* seq = text_of(sim.replica(i).doc, id, field);
  if (!seq || seq->size() == 0) return;
  const std::size_t pos = rng.below(seq->size());
  const std::size_t len = 1 + rng.below(std::min<std::size_t>(6, seq->size() - pos));
  if (rng.chance(0.6)) {
    sim.edit(i, {{"cmd", "delete_text"}, {"id", id}, {"field", field}, {"pos", pos}, {"len", len}}, "delete_text");
    return;
  }
  // By character ids, as a front end does from the snapshot's notes_ids.
  json spans = json::array();
  std::size_t skip = pos, want = len;
  for (const auto& s : seq->visible_spans()) {
    if (skip >= s.len) {
      skip -= s.len;
      continue;
    }
    const std::size_t take = std::min<std::size_t>(want, s.len - skip);
    spans.push_back({core::peer_to_hex(s.peer), s.counter + skip, take});
    want -= take;
    skip = 0;
    if (want == 0) break;
  }
  sim.edit(i, {{"cmd", "delete_text"}, {"id", id}, {"field", field}, {"spans", spans}}, "delete_spans");
}

void replace_text(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  const std::string id = pick(sim, i, {"agenda"});
  if (id.empty()) return;
  const auto* seq = text_of(sim.replica(i).doc, id, "notes");
  std::u32string text = seq ? seq->text() : std::u32string();
  if (!text.empty()) {
    const std::size_t at = rng.below(text.size());
    text.erase(at, rng.below(std::min<std::size_t>(5, text.size() - at) + 1));
  }
  text.insert(rng.below(text.size() + 1), core::utf8_to_u32(random_text(rng, 0, 4)));
  sim.edit(i, {{"cmd", "replace_text"}, {"id", id}, {"field", "notes"}, {"text", core::u32_to_utf8(text)}}, "replace_text");
}

// --- items -----------------------------------------------------------------------------------

void add_item(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  static const std::vector<std::string> kTypes{"agenda_item", "role", "checklist_item", "decision", "open_issue", "attendee", "relationship"};
  const std::string type = kTypes[rng.weighted({3, 2, 2, 2, 2, 1, 1})];
  if (type == "agenda_item" || type == "relationship") i = actor(sim, i, rng.chance(0.5) ? "chair" : "recorder", 0.7);
  json fields;
  if (type == "agenda_item") {
    fields = {{"title", random_text(rng, 1, 4)}, {"timebox_min", rng.below(30)}};
    if (rng.chance(0.5)) fields["notes"] = random_text(rng, 1, 8);
  } else if (type == "role") {
    fields = {{"role", random_text(rng, 1, 3)}, {"who", random_text(rng, 1, 3)}, {"key_person", rng.chance(0.3)}};
    if (rng.chance(0.5)) fields["attendee"] = sim.replica(rng.below(sim.size())).attendee;
  } else if (type == "checklist_item") {
    fields = {{"section", "3つの共有"}, {"text", random_text(rng, 1, 5)}};
  } else if (type == "decision") {
    fields = {{"text", random_text(rng, 1, 5)}};
    if (auto a = pick(sim, i, {"agenda"}); !a.empty()) fields["agenda_item"] = a;
    if (rng.chance(0.15)) fields["status"] = "agreed";  // the chair's to record
  } else if (type == "open_issue") {
    fields = {{"text", random_text(rng, 1, 5)}, {"owner", random_text(rng, 0, 2)}};
  } else if (type == "attendee") {
    fields = {{"name", random_text(rng, 1, 3)}, {"relation", rng.chance(0.5) ? "professional" : "family"}};
  } else {
    fields = {{"who", random_text(rng, 1, 3)}, {"category", "informal"}, {"strength", "weak"}};
  }
  json e{{"cmd", "add"}, {"type", type}, {"fields", fields}, {"visibility", random_visibility(sim)}};
  const std::string list = core::find_type(type)->list;
  if (rng.chance(0.5)) e["index"] = rng.below(sim.replica(i).doc.list_items(list).size() + 1);
  if (auto reply = sim.edit(i, e, "add") ; reply && rng.chance(0.3)) {
    sim.hot_.push_back((*reply)["id"]);
    if (sim.hot_.size() > 6) sim.hot_.erase(sim.hot_.begin());
  }
}

void set_field(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  if (rng.chance(0.2)) {  // the meeting's details: the chair's or the recorder's
    i = actor(sim, i, rng.chance(0.5) ? "chair" : "recorder", 0.6);
    const auto& fields = core::meeting_type().fields;
    const auto& spec = fields[rng.below(fields.size())];
    if (spec.name == "chair" || spec.name == "vice_chair" || spec.name == "recorder") return;
    sim.edit(i, {{"cmd", "set_meeting"}, {"field", spec.name}, {"value", random_value(sim, spec)}}, "set_meeting");
    return;
  }
  const std::string id = pick(sim, i, kLists);
  if (id.empty()) return;
  const core::Item* item = sim.replica(i).doc.item(*OpId::parse(id));
  std::vector<const core::FieldSpec*> fields;
  for (const auto& f : core::find_type(item->type)->fields)
    if (f.kind != core::FieldKind::text && f.name != "deleted" && f.name != "moved_to" && f.name != "audience")
      fields.push_back(&f);
  const auto& spec = *fields[rng.below(fields.size())];
  sim.edit(i, {{"cmd", "set"}, {"id", id}, {"field", spec.name}, {"value", random_value(sim, spec)}}, "set");
}

void move_item(Simulation& sim, std::size_t i) {
  i = actor(sim, i, sim.rng().chance(0.5) ? "chair" : "recorder", 0.4);
  const std::string id = pick(sim, i, kLists);
  if (id.empty()) return;
  const auto& list = core::find_type(sim.replica(i).doc.item(*OpId::parse(id))->type)->list;
  const auto n = sim.replica(i).doc.list_items(list).size();
  sim.edit(i, {{"cmd", "move"}, {"id", id}, {"index", sim.rng().below(n)}}, "move");
}

void remove_or_restore(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  if (rng.chance(0.6)) {
    const std::string id = pick(sim, i, {"agenda", "roles", "checklist", "decisions", "open_issues", "relationships", "attendees"});
    if (!id.empty()) sim.edit(i, {{"cmd", "remove"}, {"id", id}}, "remove");
    return;
  }
  std::vector<std::string> removed;
  for (const auto& id : sim.items_) {
    const json& gone = reg(sim.replica(i).doc, *OpId::parse(id), "deleted");
    if (gone.is_boolean() && gone.get<bool>()) removed.push_back(id);
  }
  if (!removed.empty()) sim.edit(i, {{"cmd", "restore"}, {"id", removed[rng.below(removed.size())]}}, "restore");
}

// --- the chair's actions -----------------------------------------------------------------------

void agenda_flow(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  i = actor(sim, i, "chair", 0.75);
  static const char* kCmds[] = {"advance", "back", "finish", "set_current"};
  const std::string cmd = kCmds[rng.weighted({10, 3, 2, 5})];
  json e{{"cmd", cmd}};
  if (cmd == "set_current") {
    e["id"] = pick(sim, i, {"agenda"});
    if (e["id"] == "") return;
  }
  sim.edit(i, e, cmd);
}

void set_visibility(Simulation& sim, std::size_t i) {
  i = actor(sim, i, "chair", 0.85);
  const std::string id = pick(sim, i, {"agenda", "roles", "checklist", "decisions", "open_issues", "relationships"});
  if (id.empty()) return;
  if (auto reply = sim.edit(i, {{"cmd", "set_visibility"}, {"id", id}, {"visibility", random_visibility(sim)}}, "set_visibility")) {
    if (reply->contains("id")) sim.hot_.push_back((*reply)["id"]);
    if (sim.hot_.size() > 6) sim.hot_.erase(sim.hot_.begin());
  }
}

void change_audience(Simulation& sim, std::size_t i) {
  i = actor(sim, i, "chair", 0.8);
  const std::string who = sim.replica(sim.rng().below(sim.size())).attendee;
  sim.edit(i, {{"cmd", "set"}, {"id", who}, {"field", "audience"}, {"value", sim.rng().chance(0.5) ? "professional" : "general"}},
           "audience");
}

void change_roles(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  const std::string someone = sim.replica(rng.below(sim.size())).attendee;
  switch (rng.weighted({3, 2, 2, 3, 2})) {
    case 0:  // the chair hands the chair over
      i = actor(sim, i, "chair", 0.9);
      if (sim.edit(i, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", someone}}, "handover")) sim.count_handover();
      return;
    case 1:
      sim.edit(actor(sim, i, "chair", 0.8), {{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", rng.chance(0.8) ? someone : ""}}, "name_vice_chair");
      return;
    case 2:
      sim.edit(actor(sim, i, "chair", 0.8), {{"cmd", "set_meeting"}, {"field", "recorder"}, {"value", rng.chance(0.8) ? someone : ""}}, "name_recorder");
      return;
    case 3:  // the vice-chair takes the chair
      i = actor(sim, i, "vice_chair", 0.9);
      if (sim.edit(i, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", sim.attendee_of(i)}}, "takeover")) sim.count_handover();
      return;
    default:  // anyone tries to take the chair for themselves
      sim.edit(i, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", sim.attendee_of(i)}}, "takeover");
      return;
  }
}

// --- forged ops and undo -----------------------------------------------------------------------

// A sensitive op built by hand, as a malicious peer's software would build it: stamped like any
// op (id, prev, deps, lamport) but not permitted to its author. Usually with the author's true
// `auth`; sometimes without any.
void forge(Simulation& sim, std::size_t i) {
  Rng& rng = sim.rng();
  const Document& doc = sim.replica(i).doc;
  const std::string me = sim.attendee_of(i);
  if (role_of(doc, "chair") == me) return;  // the chair may do all of it
  core::Op op;
  op.kind = core::OpKind::set;
  op.partition = core::kAllAttendees;
  switch (rng.below(5)) {
    case 0: {
      const std::string item = pick(sim, i, {"agenda"});
      if (item.empty()) return;
      op.target = *OpId::parse(item);
      op.partition = doc.item(op.target)->partition;
      op.field = "status";
      op.value = rng.chance(0.5) ? "current" : "done";
      break;
    }
    case 1:  // make oneself a professional, to receive what is confidential
      op.target = *OpId::parse(me);
      op.field = "audience";
      op.value = "professional";
      break;
    case 2:
      if (role_of(doc, "vice_chair") == me) return;  // would be a permitted takeover
      op.target = core::kMeetingItem;
      op.field = "chair";
      op.value = me;
      break;
    case 3:
      op.target = core::kMeetingItem;
      op.field = "vice_chair";
      op.value = me;
      break;
    default: {  // admit a device of one's own
      op.kind = core::OpKind::create;
      op.type = "device";
      op.value = {{"fingerprint", std::string(64, 'e')}, {"attendee", me}};
      break;
    }
  }
  if (!doc.item(op.target)) return;
  // Forging roles, not the author's own history: where its software would not write yet
  // (its earlier ops there are still coming back), neither does the forger.
  if (!doc.own_history_complete(op.partition)) return;
  op.id = Document::Builder(doc, sim.now_ms()).next_id(op.partition);
  op.prev = doc.version(op.partition).get(doc.self());
  for (const auto& [peer, counter] : doc.version(op.partition).entries())
    if (peer != doc.self()) op.deps.push_back({peer, counter});
  op.lamport = doc.lamport() + 1;
  op.time_ms = sim.now_ms();
  if (rng.chance(0.8)) op.auth = doc.version(core::kAllAttendees);
  sim.forge(i, std::move(op));
}

void undo(Simulation& sim, std::size_t i) {
  auto& stack = sim.replica(i).undo;
  if (stack.empty()) return;
  const std::size_t k = sim.rng().chance(0.7) ? stack.size() - 1 : sim.rng().below(stack.size());
  const auto edits = stack[k];
  stack.erase(stack.begin() + static_cast<std::ptrdiff_t>(k));
  for (const auto& e : edits) sim.edit(i, e, "undo");
}

}  // namespace

void random_action(Simulation& sim, std::size_t i) {
  using Action = void (*)(Simulation&, std::size_t);
  static const std::vector<std::pair<Action, int>> kActions{
      {type_run, 14},        {insert_text, 7},    {delete_text, 8},     {replace_text, 3},
      {add_item, 10},        {set_field, 9},      {move_item, 7},       {remove_or_restore, 5},
      {agenda_flow, 6},      {set_visibility, 4}, {change_audience, 3}, {change_roles, 3},
      {forge, 3},            {undo, 5}};
  static const std::vector<int> weights = [] {
    std::vector<int> w;
    for (const auto& a : kActions) w.push_back(a.second);
    return w;
  }();
  kActions[sim.rng().weighted(weights)].first(sim, i);
}

}  // namespace renkei::test::property
