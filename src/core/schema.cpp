#include "core/schema.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

#include "core/ids.hpp"

namespace renkei::core {
namespace {

FieldSpec str(const char* name) { return {name, FieldKind::string, {}, 0}; }
FieldSpec date(const char* name) { return {name, FieldKind::date, {}, 0}; }
FieldSpec time_of_day(const char* name) { return {name, FieldKind::time, {}, 0}; }
FieldSpec integer(const char* name, long long min) { return {name, FieldKind::integer, {}, min}; }
FieldSpec boolean(const char* name) { return {name, FieldKind::boolean, {}, 0}; }
FieldSpec ref(const char* name) { return {name, FieldKind::reference, {}, 0}; }
FieldSpec text(const char* name) { return {name, FieldKind::text, {}, 0}; }
FieldSpec enumeration(const char* name, std::vector<std::string> values) {
  return {name, FieldKind::enumeration, std::move(values), 0};
}

// The enum value lists mirror meeting_state.hpp (to_string of each enum, in enum order).
const std::vector<std::string> kKinds{"service_coordination", "individual_support", "monitoring",
                                      "case_review"};
const std::vector<std::string> kAgendaStatus{"pending", "current", "done", "skipped"};
const std::vector<std::string> kResource{"formal", "informal"};
const std::vector<std::string> kDecisionStatus{"proposed", "agreed", "deferred", "withdrawn"};
const std::vector<std::string> kConsent{"not_asked", "given", "withheld"};
const std::vector<std::string> kAudience{"professional", "general"};
const std::vector<std::string> kRelCategory{"family", "formal", "informal"};
const std::vector<std::string> kStrength{"strong", "weak", "stressful"};
const std::vector<std::string> kDirection{"none", "to_person", "from_person", "both"};
const std::vector<std::string> kGender{"unknown", "male", "female"};
const std::vector<std::string> kRelation{"professional", "person", "family", "community"};

// Every item can be removed (a tombstone that can be undone) and moved to another audience
// (moved_to: the item that replaces it there; moved_from, on that copy: the item it replaces;
// audience.hpp, edit set_visibility).
TypeSpec with_deleted(TypeSpec t) {
  t.fields.push_back(boolean("deleted"));
  t.fields.push_back(ref("moved_to"));
  t.fields.push_back(ref("moved_from"));
  return t;
}

bool digits(std::string_view s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4) || !digits(s, 5, 2) || !digits(s, 8, 2)) return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool is_time(std::string_view s) {
  if (s.size() != 5 || s[2] != ':' || !digits(s, 0, 2) || !digits(s, 3, 2)) return false;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60;
}

}  // namespace

const FieldSpec* TypeSpec::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

const TypeSpec& meeting_type() {
  static const TypeSpec spec{
      "meeting",
      "",
      {enumeration("kind", kKinds), str("title"), str("person_name"), str("person_id"),
       date("date"), str("place"), time_of_day("start_time"), time_of_day("end_time"),
       integer("session_number", 1), ref("chair"), ref("vice_chair"), ref("recorder"), str("next_meeting"),
       date("created_on"), str("plan_author"), str("long_term_goal"), str("short_term_goal"),
       str("template_name"), str("template_source")}};
  return spec;
}

const std::vector<TypeSpec>& item_types() {
  static const std::vector<TypeSpec> types{
      with_deleted({"attendee",
                    "attendees",
                    {str("name"), str("organization"), str("profession"),
                     enumeration("relation", kRelation), str("relationship"), boolean("present"),
                     date("inquiry_date"), str("inquiry_content"), str("inquiry_reply"),
                     enumeration("audience", kAudience)}}),
      with_deleted({"agenda_item",
                    "agenda",
                    {str("title"), str("presenter"), str("hint"), integer("timebox_min", 0),
                     enumeration("status", kAgendaStatus), str("started_at"),
                     integer("elapsed_sec", 0), text("notes"), text("conclusion")}}),
      with_deleted({"role",
                    "roles",
                    {str("role"), str("who"), ref("attendee"), enumeration("resource", kResource),
                     str("can_do"), str("cannot_do"), boolean("key_person")}}),
      with_deleted({"checklist_item",
                    "checklist",
                    {str("section"), str("text"), str("source"), boolean("checked"),
                     str("checked_by"), str("comment")}}),
      with_deleted({"decision",
                    "decisions",
                    {str("text"), ref("agenda_item"), enumeration("status", kDecisionStatus),
                     enumeration("consent", kConsent), str("proxy_name"), str("dissent"),
                     str("proposed_by")}}),
      with_deleted({"open_issue",
                    "open_issues",
                    {str("text"), str("owner"), str("due"), boolean("carried")}}),
      // エコマップ: a relationship of the person with someone or something (seed 002, 参考資料:
      // 強い関係 ——, 弱い関係 ……, ストレスや葛藤のある関係 ++++, 支援の働きかけ・エネルギーの向かう方向 → ← ↔;
      // □ 男性, ○ 女性, ⊗ 死亡).
      with_deleted({"relationship",
                    "relationships",
                    {str("who"), ref("attendee"), enumeration("category", kRelCategory),
                     enumeration("strength", kStrength), enumeration("direction", kDirection),
                     enumeration("gender", kGender), boolean("deceased"), str("note")}}),
      // A device admitted to the meeting: the mesh connects to these, pinning the fingerprint.
      with_deleted({"device",
                    "devices",
                    {str("fingerprint"), str("name"), str("address"), str("replica"),
                     ref("attendee")}}),
  };
  return types;
}

const TypeSpec* find_type(std::string_view name) {
  for (const auto& t : item_types())
    if (t.name == name) return &t;
  return nullptr;
}

const TypeSpec* find_type_by_list(std::string_view list) {
  for (const auto& t : item_types())
    if (t.list == list) return &t;
  return nullptr;
}

std::optional<std::string> check_value(const FieldSpec& spec, const nlohmann::json& v) {
  const std::string& n = spec.name;
  switch (spec.kind) {
    case FieldKind::string:
      if (!v.is_string()) return "field '" + n + "' expects a string";
      return std::nullopt;
    case FieldKind::date:
      if (!v.is_string() || !(v.get<std::string>().empty() || is_iso_date(v.get<std::string>())))
        return "field '" + n + "' expects a date YYYY-MM-DD";
      return std::nullopt;
    case FieldKind::time:
      if (!v.is_string() || !(v.get<std::string>().empty() || is_time(v.get<std::string>())))
        return "field '" + n + "' expects a time HH:MM";
      return std::nullopt;
    case FieldKind::integer:
      if (!v.is_number_integer() || v.get<long long>() < spec.min_value)
        return "field '" + n + "' expects an integer ≥ " + std::to_string(spec.min_value);
      return std::nullopt;
    case FieldKind::boolean:
      if (!v.is_boolean()) return "field '" + n + "' expects true or false";
      return std::nullopt;
    case FieldKind::enumeration: {
      if (v.is_string())
        for (const auto& allowed : spec.values)
          if (v.get<std::string>() == allowed) return std::nullopt;
      std::string list;
      for (const auto& allowed : spec.values) list += (list.empty() ? "" : ", ") + allowed;
      return "field '" + n + "' expects one of: " + list;
    }
    case FieldKind::reference:
      if (!v.is_string() || !(v.get<std::string>().empty() || OpId::parse(v.get<std::string>())))
        return "field '" + n + "' expects an item id";
      return std::nullopt;
    case FieldKind::text:
      return "field '" + n + "' is text: edit it with insert_text / delete_text";
  }
  return "field '" + n + "' has an unknown kind";
}

nlohmann::json default_value(const FieldSpec& spec) {
  switch (spec.kind) {
    case FieldKind::integer: return spec.min_value;
    case FieldKind::boolean: return false;
    case FieldKind::enumeration: return spec.values.front();
    default: return "";
  }
}

}  // namespace renkei::core
