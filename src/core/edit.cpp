#include "core/edit.hpp"

#include "core/audience.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

namespace renkei::core {
namespace {

const std::set<std::string> kCommands{"set_meeting", "add",         "set",         "remove",
                                      "restore",     "move",        "insert_text", "delete_text",
                                      "replace_text", "set_current", "advance",    "back",
                                      "finish",      "set_visibility"};

// Typed access to the edit object, with errors that name the key.
struct Args {
  const nlohmann::json& j;

  const nlohmann::json& at(const char* key) const {
    auto it = j.find(key);
    if (it == j.end()) throw EditError(std::string("missing '") + key + "'");
    return *it;
  }
  std::string string(const char* key) const {
    const auto& v = at(key);
    if (!v.is_string()) throw EditError(std::string("'") + key + "' must be a string");
    return v.get<std::string>();
  }
  std::size_t count(const char* key) const {
    const auto& v = at(key);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<long long>() >= 0))
      throw EditError(std::string("'") + key + "' must be a non-negative integer");
    return v.get<std::size_t>();
  }
  std::optional<std::size_t> optional_count(const char* key) const {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return count(key);
  }
  ItemId id(const char* key = "id") const {
    auto parsed = OpId::parse(string(key));
    if (!parsed) throw EditError(std::string("'") + key + "' is not an item id");
    return *parsed;
  }
};

struct Editor {
  const Document& doc;
  std::int64_t now_ms;
  Document::Builder builder;
  nlohmann::json reply = nlohmann::json::object();

  Editor(const Document& d, std::int64_t now) : doc(d), now_ms(now), builder(d, now) {}

  // The item, which must exist; removed items can only be restored.
  const Item& existing(const ItemId& id, bool allow_removed = false) const {
    const Item* it = doc.item(id);
    if (!it) throw EditError("no item " + id.to_string());
    static const nlohmann::json kNone = "";
    if (const auto& to = it->get("moved_to", kNone); to.is_string() && !to.get<std::string>().empty())
      throw EditError("item " + id.to_string() + " has moved to another audience (now " + to.get<std::string>() + ")");
    if (doc.lost_copy(id))
      throw EditError("item " + id.to_string() + " was moved to another audience at the same time (now " +
                      doc.resolve_shown(id).to_string() + ")");
    static const nlohmann::json kFalse = false;
    if (!allow_removed && it->get("deleted", kFalse).get<bool>())
      throw EditError("item " + id.to_string() + " has been removed");
    return *it;
  }
  const TypeSpec& type_of(const ItemId& id, bool allow_removed = false) const {
    const Item& it = existing(id, allow_removed);
    if (id == kMeetingItem) return meeting_type();
    return *find_type(it.type);
  }
  const FieldSpec& field_of(const ItemId& id, const std::string& field, bool allow_removed = false) const {
    const TypeSpec& type = type_of(id, allow_removed);
    const FieldSpec* spec = type.field(field);
    if (!spec) throw EditError("'" + type.name + "' has no field '" + field + "'");
    return *spec;
  }

  // A reference an edit writes must name an item this replica holds, of the kind the field
  // means (a decision's agenda_item, a role's attendee, the chair, …), and not removed. Made
  // concurrently with a removal it may still end up dangling; the snapshot then shows none.
  void check_reference(const FieldSpec& spec, const nlohmann::json& value) const {
    if (spec.kind != FieldKind::reference || !value.is_string() || value.get<std::string>().empty()) return;
    if (spec.name == "moved_to" || spec.name == "moved_from") throw EditError("'" + spec.name + "' is set by set_visibility");
    const auto ref = OpId::parse(value.get<std::string>());
    const Item* it = ref ? doc.item(*ref) : nullptr;
    if (!it || it->type.empty()) throw EditError("field '" + spec.name + "' names no item here (" + value.get<std::string>() + ")");
    const std::string want = spec.name == "agenda_item" ? "agenda_item" : "attendee";
    if (it->type != want)
      throw EditError("field '" + spec.name + "' must name " + (want == "agenda_item" ? "an agenda item" : "an attendee") +
                      ", not a " + it->type);
    (void)existing(*ref);  // not removed, not moved away
  }

  // The key person (キーマン) is one: seed 000 (まとめ①) gives the role as 責任分散回避・情報の
  // 一元化 — no diffusion of responsibility, one place for information. Making a role the key
  // person takes the mark from the others in the same edit (undone together). Two people
  // marking two roles at the same moment can still leave two; the board shows both.
  void only_key_person(const ItemId& keep) {
    static const nlohmann::json kFalse = false;
    for (const ItemId& other : doc.list_items("roles"))
      if (other != keep && doc.item(other)->get("key_person", kFalse) == true) set(other, "key_person", false);
  }

  void set(const ItemId& id, const std::string& field, const nlohmann::json& value) {
    const bool restoring = field == "deleted";
    const FieldSpec& spec = field_of(id, field, restoring);
    if (auto err = check_value(spec, value)) throw EditError(*err);
    check_reference(spec, value);
    Op op;
    op.partition = existing(id, restoring).partition;
    op.kind = OpKind::set;
    op.target = id;
    op.field = field;
    op.value = value;
    builder.add(std::move(op));
  }

  // Origins for placing a slot at displayed index `index` of `list`, ignoring item `moving`.
  Origins list_origins(const std::string& list, std::size_t index, const ItemId* moving) const {
    std::vector<ItemId> shown = doc.list_items(list);
    if (moving) shown.erase(std::remove(shown.begin(), shown.end(), *moving), shown.end());
    if (index > shown.size())
      throw EditError("index " + std::to_string(index) + " is past the end of '" + list + "' (" +
                      std::to_string(shown.size()) + " items)");
    const Sequence* seq = doc.list_sequence(list);
    if (!seq) return {};
    std::size_t raw = 0;
    if (index > 0) raw = *seq->index_of(doc.item_slot(shown[index - 1])) + 1;
    else if (!shown.empty()) raw = *seq->index_of(doc.item_slot(shown[0]));
    return seq->origins_at(raw);
  }

  void place(const std::string& list, const ItemId& id, std::size_t index, bool moving) {
    Op op;
    op.partition = kAllAttendees;  // list structure is shared; content lives in the item's partition
    op.kind = OpKind::move;
    op.target = id;
    op.field = list;
    op.origins = list_origins(list, index, moving ? &id : nullptr);
    builder.add(std::move(op));
  }

  void add(const Args& a) {
    const std::string type_name = a.string("type");
    const TypeSpec* type = find_type(type_name);
    if (!type) throw EditError("unknown item type '" + type_name + "'");
    nlohmann::json fields = a.j.value("fields", nlohmann::json::object());
    if (!fields.is_object()) throw EditError("'fields' must be an object");
    for (const auto& [field, value] : fields.items()) {
      const FieldSpec* spec = type->field(field);
      if (!spec) throw EditError("'" + type_name + "' has no field '" + field + "'");
      if (spec->kind == FieldKind::text) continue;  // written below as text
      if (auto err = check_value(*spec, value)) throw EditError(*err);
      check_reference(*spec, value);
    }
    std::string partition = kAllAttendees;
    try {
      if (a.j.contains("visibility")) partition = partition_for_visibility(a.at("visibility"));
    } catch (const std::invalid_argument& e) {
      throw EditError(e.what());
    }
    if (a.j.contains("partition")) partition = a.string("partition");
    if (!is_partition_name(partition)) throw EditError("'" + partition + "' is not an audience partition");
    const std::size_t index = a.optional_count("index").value_or(doc.list_items(type->list).size());
    const Origins origins = list_origins(type->list, index, nullptr);  // validates the index

    Op create;
    create.partition = partition;
    create.kind = OpKind::create;
    create.type = type_name;
    create.value = nlohmann::json::object();
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& [field, value] : fields.items()) {
      if (type->field(field)->kind == FieldKind::text) {
        if (!value.is_string()) throw EditError("field '" + field + "' expects text");
        if (!value.get<std::string>().empty()) texts.emplace_back(field, value.get<std::string>());
      } else {
        create.value[field] = value;
      }
    }
    const ItemId id = builder.add(std::move(create)).id;
    Op place_op;
    place_op.partition = kAllAttendees;
    place_op.kind = OpKind::move;
    place_op.target = id;
    place_op.field = type->list;
    place_op.origins = origins;
    builder.add(std::move(place_op));
    for (const auto& [field, text] : texts) {
      Op ins;
      ins.partition = partition;
      ins.kind = OpKind::text_insert;
      ins.target = id;
      ins.field = field;
      ins.text = text;
      builder.add(std::move(ins));
    }
    reply["id"] = id.to_string();
  }

  const Sequence* text_of(const ItemId& id, const std::string& field) const {
    const FieldSpec& spec = field_of(id, field);
    if (spec.kind != FieldKind::text) throw EditError("field '" + field + "' is not text");
    const Item& it = existing(id);
    auto t = it.texts.find(field);
    return t == it.texts.end() ? nullptr : &t->second;
  }

  // Inserts at a visible position, or right after an element (a caret that follows the
  // author's own typing whatever others insert elsewhere). Replies with the inserted ids.
  void insert_text(const ItemId& id, const std::string& field, const Args& a) {
    const std::string text = a.string("text");
    const Sequence* seq = text_of(id, field);
    std::size_t len = 0;
    try {
      len = utf8_length(text);
    } catch (const std::invalid_argument& e) {
      throw EditError(std::string("text: ") + e.what());
    }
    if (len == 0) return;
    Origins origins;
    if (a.j.contains("after")) {
      const std::string after = a.string("after");
      if (!after.empty()) {
        auto element = OpId::parse(after);
        if (!element || !seq || !seq->contains(*element))
          throw EditError("'after' is not a character of " + field);
        origins = seq->origins_after(*element);
      } else if (seq) {
        origins = seq->origins_at_start();  // before everything, deleted characters included
      }
    } else {
      const std::size_t pos = a.count("pos");
      const std::size_t size = seq ? seq->size() : 0;
      if (pos > size)
        throw EditError("position " + std::to_string(pos) + " is past the end of the text (" +
                        std::to_string(size) + ")");
      origins = seq ? seq->origins_at(pos) : Origins{};
    }
    Op op;
    op.partition = existing(id).partition;
    op.kind = OpKind::text_insert;
    op.target = id;
    op.field = field;
    op.text = text;
    op.origins = origins;
    const Op& made = builder.add(std::move(op));
    reply["first"] = made.id.to_string();
    reply["last"] = OpId{made.id.peer, made.last_counter()}.to_string();
  }

  void delete_text(const ItemId& id, const std::string& field, std::size_t pos, std::size_t len) {
    const Sequence* seq = text_of(id, field);
    if (len == 0) return;
    const std::size_t size = seq ? seq->size() : 0;
    if (pos + len > size)
      throw EditError("range " + std::to_string(pos) + "+" + std::to_string(len) +
                      " is past the end of the text (" + std::to_string(size) + ")");
    Op op;
    op.partition = existing(id).partition;
    op.kind = OpKind::text_delete;
    op.target = id;
    op.field = field;
    op.spans = seq->spans_at(pos, len);
    builder.add(std::move(op));
  }

  // Deletes the given characters (by id): exactly what the author saw, whatever others have
  // typed since. Characters already deleted are skipped; unknown ids are an error.
  void delete_spans(const ItemId& id, const std::string& field, const nlohmann::json& list) {
    const Sequence* seq = text_of(id, field);
    if (!list.is_array()) throw EditError("'spans' must be an array of [peer, counter, length]");
    std::vector<IdSpan> spans;
    for (const auto& s : list) {
      std::optional<PeerId> peer;
      auto count = [](const nlohmann::json& v) { return v.is_number_integer() && v.get<long long>() >= 0; };
      if (s.is_array() && s.size() == 3 && s[0].is_string() && count(s[1]) && count(s[2]))
        peer = peer_from_hex(s[0].get<std::string>());
      if (!peer) throw EditError("'spans' must be an array of [peer, counter, length]");
      IdSpan span{*peer, s[1].get<std::uint64_t>(), s[2].get<std::uint64_t>()};
      if (span.len == 0) continue;
      if (!seq || !seq->contains(span)) throw EditError("'spans' names characters that " + field + " does not have");
      spans.push_back(span);
    }
    if (spans.empty()) return;
    Op op;
    op.partition = existing(id).partition;
    op.kind = OpKind::text_delete;
    op.target = id;
    op.field = field;
    op.spans = std::move(spans);
    builder.add(std::move(op));
  }

  void replace_text(const ItemId& id, const std::string& field, const std::string& text) {
    const Sequence* seq = text_of(id, field);
    std::u32string now = seq ? seq->text() : std::u32string();
    std::u32string want;
    try {
      want = utf8_to_u32(text);
    } catch (const std::invalid_argument& e) {
      throw EditError(std::string("text: ") + e.what());
    }
    std::size_t prefix = 0;
    while (prefix < now.size() && prefix < want.size() && now[prefix] == want[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < now.size() - prefix && suffix < want.size() - prefix &&
           now[now.size() - 1 - suffix] == want[want.size() - 1 - suffix])
      ++suffix;
    const std::size_t del = now.size() - prefix - suffix;
    const std::u32string ins = want.substr(prefix, want.size() - prefix - suffix);
    if (del > 0) delete_text(id, field, prefix, del);
    if (!ins.empty()) {
      // The insertion's origins must be computed after the deletion, which this builder has not
      // applied; positions around a deleted range are the same (tombstones keep their place),
      // so origins_at(prefix) on the current text minus the deleted run is equivalent to
      // inserting right after the last kept element before the range.
      Op op;
      op.partition = existing(id).partition;
      op.kind = OpKind::text_insert;
      op.target = id;
      op.field = field;
      op.text = u32_to_utf8(ins);
      op.origins = seq ? seq->origins_at(prefix) : Origins{};
      builder.add(std::move(op));
    }
  }

  // A change of visibility: the item is copied into the new audience's partition at the same
  // place in its list, and leaves its old partition (moved_to), where its content is forgotten.
  void set_visibility(const ItemId& id, const nlohmann::json& visibility) {
    if (id == kMeetingItem) throw EditError("the meeting itself is visible to every attendee");
    const Item& it = existing(id);
    const TypeSpec& type = *find_type(it.type);
    if (type.name == "device") throw EditError("devices are visible to every attendee");
    std::string target;
    try {
      target = partition_for_visibility(visibility);
    } catch (const std::invalid_argument& e) {
      throw EditError(e.what());
    }
    if (target == it.partition) return;
    Op copy;
    copy.partition = target;
    copy.kind = OpKind::create;
    copy.type = type.name;
    copy.value = nlohmann::json::object();
    for (const auto& [field, reg] : it.registers)
      if (field != "deleted" && field != "moved_to" && field != "moved_from") copy.value[field] = reg.value;
    copy.value["moved_from"] = id.to_string();  // the copy that lost a concurrent move hides (Document::lost_copy)
    const ItemId fresh = builder.add(std::move(copy)).id;
    const auto shown = doc.list_items(type.list);
    const auto at = std::find(shown.begin(), shown.end(), id);
    Op place;
    place.partition = kAllAttendees;
    place.kind = OpKind::move;
    place.target = fresh;
    place.field = type.list;
    place.origins = list_origins(type.list, static_cast<std::size_t>(at - shown.begin()), nullptr);
    builder.add(std::move(place));
    for (const auto& [field, seq] : it.texts) {
      if (seq.size() == 0) continue;
      Op ins;
      ins.partition = target;
      ins.kind = OpKind::text_insert;
      ins.target = fresh;
      ins.field = field;
      ins.text = u32_to_utf8(seq.text());
      builder.add(std::move(ins));
    }
    Op leave;
    leave.partition = it.partition;
    leave.kind = OpKind::set;
    leave.target = id;
    leave.field = "moved_to";
    leave.value = fresh.to_string();
    builder.add(std::move(leave));
    reply["id"] = fresh.to_string();
  }

  // --- agenda flow ---------------------------------------------------------------------------

  AgendaStatus status_of(const ItemId& id) const {
    static const nlohmann::json kPending = "pending";
    return agenda_status_from_string(existing(id).get("status", kPending).get<std::string>())
        .value_or(AgendaStatus::pending);
  }

  // The current agenda item, resolved as Document::snapshot() does when several are current.
  std::optional<ItemId> current_item() const {
    std::optional<ItemId> best;
    std::pair<std::uint64_t, PeerId> best_stamp{0, 0};
    for (const auto& id : doc.list_items("agenda")) {
      if (status_of(id) != AgendaStatus::current) continue;
      const Register& reg = doc.item(id)->registers.at("status");
      if (!best || best_stamp < std::make_pair(reg.lamport, reg.peer)) {
        best = id;
        best_stamp = {reg.lamport, reg.peer};
      }
    }
    return best;
  }

  void leave_current(const ItemId& id, AgendaStatus to) {
    const Item& it = existing(id);
    static const nlohmann::json kEmpty = "", kZero = 0;
    long long elapsed = it.get("elapsed_sec", kZero).get<long long>();
    if (auto started = parse_utc(it.get("started_at", kEmpty).get<std::string>()))
      elapsed += std::max<std::int64_t>(0, (now_ms - *started) / 1000);
    set(id, "elapsed_sec", elapsed);
    set(id, "status", to_string(to));
  }

  void make_current(const ItemId& id) {
    if (type_of(id).name != "agenda_item") throw EditError(id.to_string() + " is not an agenda item");
    if (auto cur = current_item()) {
      if (*cur == id) return;
      leave_current(*cur, AgendaStatus::done);
    }
    set(id, "started_at", format_utc(now_ms));
    set(id, "status", to_string(AgendaStatus::current));
  }

  void advance(int direction) {
    const auto agenda = doc.list_items("agenda");
    if (agenda.empty()) throw EditError("the agenda is empty");
    auto cur = current_item();
    if (!cur) {
      if (direction < 0) throw EditError("no agenda item is current");
      for (const auto& id : agenda)
        if (status_of(id) == AgendaStatus::pending) return make_current(id);
      throw EditError("every agenda item is finished");
    }
    auto pos = static_cast<std::ptrdiff_t>(std::find(agenda.begin(), agenda.end(), *cur) - agenda.begin());
    for (auto i = pos + direction; i >= 0 && i < static_cast<std::ptrdiff_t>(agenda.size()); i += direction) {
      const auto st = status_of(agenda[i]);
      if (direction > 0 && st != AgendaStatus::pending && st != AgendaStatus::current) continue;
      if (direction < 0 && st == AgendaStatus::skipped) continue;
      leave_current(*cur, direction > 0 ? AgendaStatus::done : AgendaStatus::pending);
      set(agenda[i], "started_at", format_utc(now_ms));
      set(agenda[i], "status", to_string(AgendaStatus::current));
      return;
    }
    if (direction > 0) {  // past the last item: close it
      leave_current(*cur, AgendaStatus::done);
      return;
    }
    throw EditError("the current item is the first");
  }
};

}  // namespace

bool is_edit_command(const std::string& cmd) { return kCommands.count(cmd) > 0; }

PreparedEdit prepare_edit(const Document& doc, const nlohmann::json& edit, std::int64_t now_ms) {
  if (!edit.is_object()) throw EditError("an edit must be a JSON object");
  Args a{edit};
  const std::string cmd = a.string("cmd");
  Editor e(doc, now_ms);
  try {
    if (cmd == "set_meeting") {
      e.set(kMeetingItem, a.string("field"), a.at("value"));
    } else if (cmd == "add") {
      e.add(a);
      if (a.string("type") == "role" && a.j.value("fields", nlohmann::json::object()).value("key_person", false))
        e.only_key_person(*OpId::parse(e.reply.at("id").get<std::string>()));
    } else if (cmd == "set") {
      const ItemId id = a.id();
      if (id == kMeetingItem) throw EditError("use set_meeting for the meeting's fields");
      e.set(id, a.string("field"), a.at("value"));
      if (a.string("field") == "key_person" && a.at("value") == true && e.type_of(id).name == "role") e.only_key_person(id);
    } else if (cmd == "remove" || cmd == "restore") {
      const ItemId id = a.id();
      if (id == kMeetingItem) throw EditError("the meeting itself cannot be removed");
      e.set(id, "deleted", cmd == "remove");
    } else if (cmd == "move") {
      const ItemId id = a.id();
      const TypeSpec& type = e.type_of(id);
      if (type.list.empty()) throw EditError("the meeting is not in a list");
      e.place(type.list, id, a.count("index"), true);
    } else if (cmd == "insert_text") {
      e.insert_text(a.id(), a.string("field"), a);
    } else if (cmd == "delete_text") {
      if (edit.contains("spans"))
        e.delete_spans(a.id(), a.string("field"), a.at("spans"));
      else
        e.delete_text(a.id(), a.string("field"), a.count("pos"), a.count("len"));
    } else if (cmd == "replace_text") {
      e.replace_text(a.id(), a.string("field"), a.string("text"));
    } else if (cmd == "set_visibility") {
      e.set_visibility(a.id(), a.at("visibility"));
    } else if (cmd == "set_current") {
      e.make_current(a.id());
    } else if (cmd == "advance") {
      e.advance(+1);
    } else if (cmd == "back") {
      e.advance(-1);
    } else if (cmd == "finish") {
      auto cur = e.current_item();
      if (!cur) throw EditError("no agenda item is current");
      e.leave_current(*cur, AgendaStatus::done);
    } else {
      throw EditError("unknown edit command '" + cmd + "'");
    }
  } catch (const SequenceError& err) {
    throw EditError(err.what());
  } catch (const PermissionDenied& err) {
    throw EditError(err.what());
  } catch (const NotYet& err) {
    throw EditError(err.what());
  }
  PreparedEdit out;
  out.ops = e.builder.take();
  out.reply = std::move(e.reply);
  return out;
}

std::string format_utc(std::int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

std::optional<std::int64_t> parse_utc(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, sec;
  char z;
  if (s.size() != 20 ||
      std::sscanf(std::string(s).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 ||
      z != 'Z')
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

}  // namespace renkei::core
