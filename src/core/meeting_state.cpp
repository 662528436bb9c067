#include "core/meeting_state.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <utility>

namespace renkei::core {
namespace {

// One table per enum: wire name and Japanese label, in enum order.
struct EnumName {
  const char* name;
  const char* label;
};

constexpr std::array<EnumName, 4> kMeetingKinds{{
    {"service_coordination", "サービス担当者会議"},
    {"individual_support", "個別支援会議"},
    {"monitoring", "モニタリング"},
    {"case_review", "事例検討会"},
}};
constexpr std::array<EnumName, 4> kAgendaStatuses{{
    {"pending", "未着手"}, {"current", "進行中"}, {"done", "終了"}, {"skipped", "省略"},
}};
constexpr std::array<EnumName, 2> kResourceKinds{{
    {"formal", "フォーマル"}, {"informal", "インフォーマル"},
}};
constexpr std::array<EnumName, 4> kDecisionStatuses{{
    {"proposed", "提案"}, {"agreed", "合意"}, {"deferred", "保留"}, {"withdrawn", "取り下げ"},
}};
constexpr std::array<EnumName, 3> kConsentStates{{
    {"not_asked", "未確認"}, {"given", "同意"}, {"withheld", "不同意"},
}};
constexpr std::array<EnumName, 4> kRelations{{
    {"person", "本人"}, {"family", "家族"}, {"professional", "専門職"}, {"community", "地域"},
}};

constexpr std::array<EnumName, 3> kStrengths{{
    {"strong", "強い関係"}, {"weak", "弱い関係"}, {"stressful", "ストレスや葛藤のある関係"},
}};
constexpr std::array<EnumName, 4> kDirections{{
    {"none", "向きなし"}, {"to_person", "本人へ"}, {"from_person", "本人から"}, {"both", "双方向"},
}};
constexpr std::array<EnumName, 3> kCategories{{
    {"family", "家族"}, {"formal", "フォーマル"}, {"informal", "インフォーマル"},
}};
constexpr std::array<EnumName, 3> kGenders{{{"unknown", "不明"}, {"male", "男性"}, {"female", "女性"}}};

template <typename E, std::size_t N>
std::optional<E> from_table(const std::array<EnumName, N>& table, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == table[i].name) return static_cast<E>(i);
  return std::nullopt;
}

std::string id_or_empty(const std::optional<ItemId>& id) { return id ? id->to_string() : ""; }

template <typename E>
E enum_field(const nlohmann::json& j, const char* key, E fallback,
             std::optional<E> (*parse)(std::string_view)) {
  if (!j.contains(key)) return fallback;
  auto parsed = parse(j.at(key).get<std::string>());
  if (!parsed) throw std::invalid_argument(std::string("bad value for field '") + key + "'");
  return *parsed;
}

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) ? j.at(key).get<std::string>() : std::string();
}

std::optional<ItemId> opt_id(const nlohmann::json& j, const char* key) {
  auto s = str(j, key);
  if (s.empty()) return std::nullopt;
  auto id = OpId::parse(s);
  if (!id) throw std::invalid_argument(std::string("bad id in field '") + key + "'");
  return id;
}

ItemId req_id(const nlohmann::json& j) {
  auto id = opt_id(j, "id");
  if (!id) throw std::invalid_argument("missing field 'id'");
  return *id;
}

}  // namespace

const char* to_string(MeetingKind v) { return kMeetingKinds[static_cast<int>(v)].name; }
const char* to_string(AgendaStatus v) { return kAgendaStatuses[static_cast<int>(v)].name; }
const char* to_string(ResourceKind v) { return kResourceKinds[static_cast<int>(v)].name; }
const char* to_string(DecisionStatus v) { return kDecisionStatuses[static_cast<int>(v)].name; }
const char* to_string(ConsentState v) { return kConsentStates[static_cast<int>(v)].name; }
const char* to_string(AttendeeRelation v) { return kRelations[static_cast<int>(v)].name; }
const char* to_string(RelationStrength v) { return kStrengths[static_cast<int>(v)].name; }
const char* to_string(RelationDirection v) { return kDirections[static_cast<int>(v)].name; }
const char* to_string(RelationCategory v) { return kCategories[static_cast<int>(v)].name; }
const char* to_string(Gender v) { return kGenders[static_cast<int>(v)].name; }
const char* label_ja(RelationStrength v) { return kStrengths[static_cast<int>(v)].label; }
const char* label_ja(RelationDirection v) { return kDirections[static_cast<int>(v)].label; }
const char* label_ja(RelationCategory v) { return kCategories[static_cast<int>(v)].label; }
std::optional<RelationStrength> relation_strength_from_string(std::string_view s) {
  return from_table<RelationStrength>(kStrengths, s);
}
std::optional<RelationDirection> relation_direction_from_string(std::string_view s) {
  return from_table<RelationDirection>(kDirections, s);
}
std::optional<RelationCategory> relation_category_from_string(std::string_view s) {
  return from_table<RelationCategory>(kCategories, s);
}
std::optional<Gender> gender_from_string(std::string_view s) { return from_table<Gender>(kGenders, s); }
const char* label_ja(MeetingKind v) { return kMeetingKinds[static_cast<int>(v)].label; }
const char* label_ja(AgendaStatus v) { return kAgendaStatuses[static_cast<int>(v)].label; }
const char* label_ja(ResourceKind v) { return kResourceKinds[static_cast<int>(v)].label; }
const char* label_ja(DecisionStatus v) { return kDecisionStatuses[static_cast<int>(v)].label; }
const char* label_ja(ConsentState v) { return kConsentStates[static_cast<int>(v)].label; }
const char* label_ja(AttendeeRelation v) { return kRelations[static_cast<int>(v)].label; }

std::optional<MeetingKind> meeting_kind_from_string(std::string_view s) {
  return from_table<MeetingKind>(kMeetingKinds, s);
}
std::optional<AgendaStatus> agenda_status_from_string(std::string_view s) {
  return from_table<AgendaStatus>(kAgendaStatuses, s);
}
std::optional<ResourceKind> resource_kind_from_string(std::string_view s) {
  return from_table<ResourceKind>(kResourceKinds, s);
}
std::optional<DecisionStatus> decision_status_from_string(std::string_view s) {
  return from_table<DecisionStatus>(kDecisionStatuses, s);
}
std::optional<ConsentState> consent_state_from_string(std::string_view s) {
  return from_table<ConsentState>(kConsentStates, s);
}
std::optional<AttendeeRelation> attendee_relation_from_string(std::string_view s) {
  return from_table<AttendeeRelation>(kRelations, s);
}

const AgendaItem* MeetingState::current_item() const {
  for (const auto& a : agenda)
    if (a.status == AgendaStatus::current) return &a;
  return nullptr;
}

const Attendee* MeetingState::find_attendee(const ItemId& id) const {
  for (const auto& a : attendees)
    if (a.id == id) return &a;
  return nullptr;
}

const AgendaItem* MeetingState::find_agenda_item(const ItemId& id) const {
  for (const auto& a : agenda)
    if (a.id == id) return &a;
  return nullptr;
}

nlohmann::json to_json(const MeetingState& s) {
  using nlohmann::json;
  const Meeting& m = s.meeting;
  json out;
  out["meeting"] = {
      {"kind", to_string(m.kind)},
      {"title", m.title},
      {"person_name", m.person_name},
      {"person_id", m.person_id},
      {"date", m.date},
      {"place", m.place},
      {"start_time", m.start_time},
      {"end_time", m.end_time},
      {"session_number", m.session_number},
      {"chair", id_or_empty(m.chair)},
      {"vice_chair", id_or_empty(m.vice_chair)},
      {"recorder", id_or_empty(m.recorder)},
      {"next_meeting", m.next_meeting},
      {"created_on", m.created_on},
      {"plan_author", m.plan_author},
      {"long_term_goal", m.long_term_goal},
      {"short_term_goal", m.short_term_goal},
      {"template_name", m.template_name},
      {"template_source", m.template_source},
  };
  json attendees = json::array();
  for (const auto& a : s.attendees)
    attendees.push_back({{"id", a.id.to_string()},
                         {"name", a.name},
                         {"organization", a.organization},
                         {"profession", a.profession},
                         {"relation", to_string(a.relation)},
                         {"relationship", a.relationship},
                         {"present", a.present},
                         {"audience", a.professional_audience ? "professional" : "general"},
                         {"inquiry",
                          {{"date", a.inquiry.date},
                           {"content", a.inquiry.content},
                           {"reply", a.inquiry.reply}}},
                         {"partition", a.partition}});
  out["attendees"] = std::move(attendees);
  json agenda = json::array();
  for (const auto& a : s.agenda)
    agenda.push_back({{"id", a.id.to_string()},
                      {"title", a.title},
                      {"presenter", a.presenter},
                      {"hint", a.hint},
                      {"timebox_min", a.timebox_min},
                      {"status", to_string(a.status)},
                      {"started_at", a.started_at},
                      {"elapsed_sec", a.elapsed_sec},
                      {"notes", a.notes},
                      {"conclusion", a.conclusion},
                      {"partition", a.partition}});
  out["agenda"] = std::move(agenda);
  json roles = json::array();
  for (const auto& r : s.roles)
    roles.push_back({{"id", r.id.to_string()},
                     {"role", r.role},
                     {"who", r.who},
                     {"attendee", id_or_empty(r.attendee)},
                     {"resource", to_string(r.resource)},
                     {"can_do", r.can_do},
                     {"cannot_do", r.cannot_do},
                     {"key_person", r.key_person},
                     {"partition", r.partition}});
  out["roles"] = std::move(roles);
  json checklist = json::array();
  for (const auto& c : s.checklist)
    checklist.push_back({{"id", c.id.to_string()},
                         {"section", c.section},
                         {"text", c.text},
                         {"source", c.source},
                         {"checked", c.checked},
                         {"checked_by", c.checked_by},
                         {"comment", c.comment},
                         {"partition", c.partition}});
  out["checklist"] = std::move(checklist);
  json decisions = json::array();
  for (const auto& d : s.decisions)
    decisions.push_back({{"id", d.id.to_string()},
                         {"text", d.text},
                         {"agenda_item", id_or_empty(d.agenda_item)},
                         {"status", to_string(d.status)},
                         {"consent", to_string(d.consent)},
                         {"proxy_name", d.proxy_name},
                         {"dissent", d.dissent},
                         {"proposed_by", d.proposed_by},
                         {"partition", d.partition}});
  out["decisions"] = std::move(decisions);
  json issues = json::array();
  for (const auto& o : s.open_issues)
    issues.push_back({{"id", o.id.to_string()},
                      {"text", o.text},
                      {"owner", o.owner},
                      {"due", o.due},
                      {"carried", o.carried},
                      {"partition", o.partition}});
  out["open_issues"] = std::move(issues);
  json relationships = json::array();
  for (const auto& r : s.relationships)
    relationships.push_back({{"id", r.id.to_string()},
                             {"who", r.who},
                             {"attendee", id_or_empty(r.attendee)},
                             {"category", to_string(r.category)},
                             {"strength", to_string(r.strength)},
                             {"direction", to_string(r.direction)},
                             {"gender", to_string(r.gender)},
                             {"deceased", r.deceased},
                             {"note", r.note},
                             {"partition", r.partition}});
  out["relationships"] = std::move(relationships);
  json devices = json::array();
  for (const auto& d : s.devices)
    devices.push_back({{"id", d.id.to_string()},
                       {"fingerprint", d.fingerprint},
                       {"name", d.name},
                       {"address", d.address},
                       {"replica", d.replica},
                       {"attendee", id_or_empty(d.attendee)}});
  out["devices"] = std::move(devices);
  return out;
}

MeetingState meeting_state_from_json(const nlohmann::json& j) {
  MeetingState s;
  try {
    const auto& m = j.at("meeting");
    s.meeting.kind = enum_field(m, "kind", MeetingKind::service_coordination, meeting_kind_from_string);
    s.meeting.title = str(m, "title");
    s.meeting.person_name = str(m, "person_name");
    s.meeting.person_id = str(m, "person_id");
    s.meeting.date = str(m, "date");
    s.meeting.place = str(m, "place");
    s.meeting.start_time = str(m, "start_time");
    s.meeting.end_time = str(m, "end_time");
    s.meeting.session_number = m.value("session_number", 1);
    s.meeting.chair = opt_id(m, "chair");
    s.meeting.vice_chair = opt_id(m, "vice_chair");
    s.meeting.recorder = opt_id(m, "recorder");
    s.meeting.next_meeting = str(m, "next_meeting");
    s.meeting.created_on = str(m, "created_on");
    s.meeting.plan_author = str(m, "plan_author");
    s.meeting.long_term_goal = str(m, "long_term_goal");
    s.meeting.short_term_goal = str(m, "short_term_goal");
    s.meeting.template_name = str(m, "template_name");
    s.meeting.template_source = str(m, "template_source");
    for (const auto& a : j.value("attendees", nlohmann::json::array())) {
      Attendee x;
      x.id = req_id(a);
      x.name = str(a, "name");
      x.organization = str(a, "organization");
      x.profession = str(a, "profession");
      x.relation = enum_field(a, "relation", AttendeeRelation::professional, attendee_relation_from_string);
      x.relationship = str(a, "relationship");
      x.present = a.value("present", true);
      x.professional_audience = a.value("audience", std::string("professional")) == "professional";
      if (a.contains("inquiry")) {
        const auto& q = a.at("inquiry");
        x.inquiry = {str(q, "date"), str(q, "content"), str(q, "reply")};
      }
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.attendees.push_back(std::move(x));
    }
    for (const auto& a : j.value("agenda", nlohmann::json::array())) {
      AgendaItem x;
      x.id = req_id(a);
      x.title = str(a, "title");
      x.presenter = str(a, "presenter");
      x.hint = str(a, "hint");
      x.timebox_min = a.value("timebox_min", 0);
      x.status = enum_field(a, "status", AgendaStatus::pending, agenda_status_from_string);
      x.started_at = str(a, "started_at");
      x.elapsed_sec = a.value("elapsed_sec", std::int64_t{0});
      x.notes = str(a, "notes");
      x.conclusion = str(a, "conclusion");
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.agenda.push_back(std::move(x));
    }
    for (const auto& a : j.value("roles", nlohmann::json::array())) {
      RoleAssignment x;
      x.id = req_id(a);
      x.role = str(a, "role");
      x.who = str(a, "who");
      x.attendee = opt_id(a, "attendee");
      x.resource = enum_field(a, "resource", ResourceKind::formal, resource_kind_from_string);
      x.can_do = str(a, "can_do");
      x.cannot_do = str(a, "cannot_do");
      x.key_person = a.value("key_person", false);
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.roles.push_back(std::move(x));
    }
    for (const auto& a : j.value("checklist", nlohmann::json::array())) {
      ChecklistItem x;
      x.id = req_id(a);
      x.section = str(a, "section");
      x.text = str(a, "text");
      x.source = str(a, "source");
      x.checked = a.value("checked", false);
      x.checked_by = str(a, "checked_by");
      x.comment = str(a, "comment");
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.checklist.push_back(std::move(x));
    }
    for (const auto& a : j.value("decisions", nlohmann::json::array())) {
      Decision x;
      x.id = req_id(a);
      x.text = str(a, "text");
      x.agenda_item = opt_id(a, "agenda_item");
      x.status = enum_field(a, "status", DecisionStatus::proposed, decision_status_from_string);
      x.consent = enum_field(a, "consent", ConsentState::not_asked, consent_state_from_string);
      x.proxy_name = str(a, "proxy_name");
      x.dissent = str(a, "dissent");
      x.proposed_by = str(a, "proposed_by");
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.decisions.push_back(std::move(x));
    }
    for (const auto& a : j.value("open_issues", nlohmann::json::array())) {
      OpenIssue x;
      x.id = req_id(a);
      x.text = str(a, "text");
      x.owner = str(a, "owner");
      x.due = str(a, "due");
      x.carried = a.value("carried", true);
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.open_issues.push_back(std::move(x));
    }
    for (const auto& a : j.value("relationships", nlohmann::json::array())) {
      Relationship x;
      x.id = req_id(a);
      x.who = str(a, "who");
      x.attendee = opt_id(a, "attendee");
      x.category = enum_field(a, "category", RelationCategory::family, relation_category_from_string);
      x.strength = enum_field(a, "strength", RelationStrength::strong, relation_strength_from_string);
      x.direction = enum_field(a, "direction", RelationDirection::none, relation_direction_from_string);
      x.gender = enum_field(a, "gender", Gender::unknown, gender_from_string);
      x.deceased = a.value("deceased", false);
      x.note = str(a, "note");
      x.partition = a.value("partition", std::string(kAllAttendees));
      s.relationships.push_back(std::move(x));
    }
    for (const auto& a : j.value("devices", nlohmann::json::array())) {
      Device x;
      x.id = req_id(a);
      x.fingerprint = str(a, "fingerprint");
      x.name = str(a, "name");
      x.address = str(a, "address");
      x.replica = str(a, "replica");
      x.attendee = opt_id(a, "attendee");
      s.devices.push_back(std::move(x));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("meeting JSON: ") + e.what());
  }
  return s;
}

}  // namespace renkei::core
