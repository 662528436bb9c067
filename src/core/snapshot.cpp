// Document::snapshot(): the typed, visible meeting computed from items, registers and lists.
#include "core/document.hpp"

namespace renkei::core {
namespace {

struct Reader {
  const Item& item;
  const Document* doc = nullptr;

  std::string str(const char* field) const {
    static const nlohmann::json kEmpty = "";
    return item.get(field, kEmpty).get<std::string>();
  }
  bool flag(const char* field, bool fallback) const {
    const nlohmann::json def = fallback;
    return item.get(field, def).get<bool>();
  }
  long long number(const char* field, long long fallback) const {
    const nlohmann::json def = fallback;
    return item.get(field, def).get<long long>();
  }
  // A reference, following items that moved to another audience (moved_to) to where they are
  // shown (Document::resolve_shown).
  std::optional<ItemId> ref(const char* field) const {
    auto s = str(field);
    if (s.empty()) return std::nullopt;
    auto id = OpId::parse(s);
    if (id && doc) id = doc->resolve_shown(*id);
    return id;
  }
  template <typename E>
  E enumeration(const char* field, E fallback, std::optional<E> (*parse)(std::string_view)) const {
    auto s = str(field);
    if (s.empty()) return fallback;
    return parse(s).value_or(fallback);
  }
  std::string text(const char* field) const {
    auto it = item.texts.find(field);
    return it == item.texts.end() ? std::string() : u32_to_utf8(it->second.text());
  }
  std::vector<IdSpan> text_ids(const char* field) const {
    auto it = item.texts.find(field);
    return it == item.texts.end() ? std::vector<IdSpan>() : it->second.visible_spans();
  }
};

}  // namespace

MeetingState Document::snapshot() const {
  MeetingState s;
  {
    Reader r{*item(kMeetingItem), this};
    Meeting& m = s.meeting;
    m.kind = r.enumeration("kind", MeetingKind::service_coordination, meeting_kind_from_string);
    m.title = r.str("title");
    m.person_name = r.str("person_name");
    m.person_id = r.str("person_id");
    m.date = r.str("date");
    m.place = r.str("place");
    m.start_time = r.str("start_time");
    m.end_time = r.str("end_time");
    m.session_number = static_cast<int>(r.number("session_number", 1));
    m.chair = r.ref("chair");
    m.vice_chair = r.ref("vice_chair");
    m.recorder = r.ref("recorder");
    m.next_meeting = r.str("next_meeting");
    m.created_on = r.str("created_on");
    m.plan_author = r.str("plan_author");
    m.long_term_goal = r.str("long_term_goal");
    m.short_term_goal = r.str("short_term_goal");
    m.template_name = r.str("template_name");
    m.template_source = r.str("template_source");
  }
  for (const ItemId& id : list_items("attendees")) {
    Reader r{*item(id), this};
    Attendee a;
    a.id = id;
    a.name = r.str("name");
    a.organization = r.str("organization");
    a.profession = r.str("profession");
    a.relation = r.enumeration("relation", AttendeeRelation::professional, attendee_relation_from_string);
    a.relationship = r.str("relationship");
    a.present = r.flag("present", true);
    const std::string audience = r.str("audience");
    a.professional_audience = audience.empty() ? a.relation == AttendeeRelation::professional : audience == "professional";
    a.inquiry = {r.str("inquiry_date"), r.str("inquiry_content"), r.str("inquiry_reply")};
    a.partition = r.item.partition;
    s.attendees.push_back(std::move(a));
  }
  // At most one agenda item is current: if people advanced concurrently, the item whose status
  // was written last (greatest lamport, then replica) stays current and the others show as
  // pending — they were never really reached.
  bool have_current = false;
  std::pair<std::uint64_t, PeerId> current_stamp{0, 0};
  for (const ItemId& id : list_items("agenda")) {
    const Item& it = *item(id);
    Reader r{it, this};
    AgendaItem a;
    a.id = id;
    a.title = r.str("title");
    a.presenter = r.str("presenter");
    a.hint = r.str("hint");
    a.timebox_min = static_cast<int>(r.number("timebox_min", 0));
    a.status = r.enumeration("status", AgendaStatus::pending, agenda_status_from_string);
    a.started_at = r.str("started_at");
    a.elapsed_sec = r.number("elapsed_sec", 0);
    a.notes = r.text("notes");
    a.conclusion = r.text("conclusion");
    a.notes_ids = r.text_ids("notes");
    a.conclusion_ids = r.text_ids("conclusion");
    a.partition = it.partition;
    s.agenda.push_back(std::move(a));
    if (s.agenda.back().status == AgendaStatus::current) {
      const Register& reg = it.registers.at("status");
      std::pair<std::uint64_t, PeerId> stamp{reg.lamport, reg.peer};
      if (!have_current || current_stamp < stamp) current_stamp = stamp;
      have_current = true;
    }
  }
  if (have_current)
    for (auto& a : s.agenda)
      if (a.status == AgendaStatus::current) {
        const Register& reg = item(a.id)->registers.at("status");
        if (std::make_pair(reg.lamport, reg.peer) != current_stamp) a.status = AgendaStatus::pending;
      }
  for (const ItemId& id : list_items("roles")) {
    Reader r{*item(id), this};
    RoleAssignment x;
    x.id = id;
    x.role = r.str("role");
    x.who = r.str("who");
    x.attendee = r.ref("attendee");
    x.resource = r.enumeration("resource", ResourceKind::formal, resource_kind_from_string);
    x.can_do = r.str("can_do");
    x.cannot_do = r.str("cannot_do");
    x.key_person = r.flag("key_person", false);
    x.partition = r.item.partition;
    s.roles.push_back(std::move(x));
  }
  for (const ItemId& id : list_items("checklist")) {
    Reader r{*item(id), this};
    ChecklistItem x;
    x.id = id;
    x.section = r.str("section");
    x.text = r.str("text");
    x.source = r.str("source");
    x.checked = r.flag("checked", false);
    x.checked_by = r.str("checked_by");
    x.comment = r.str("comment");
    x.partition = r.item.partition;
    s.checklist.push_back(std::move(x));
  }
  for (const ItemId& id : list_items("decisions")) {
    Reader r{*item(id), this};
    Decision x;
    x.id = id;
    x.text = r.str("text");
    x.agenda_item = r.ref("agenda_item");
    x.status = r.enumeration("status", DecisionStatus::proposed, decision_status_from_string);
    x.consent = r.enumeration("consent", ConsentState::not_asked, consent_state_from_string);
    x.proxy_name = r.str("proxy_name");
    x.dissent = r.str("dissent");
    x.proposed_by = r.str("proposed_by");
    x.partition = r.item.partition;
    s.decisions.push_back(std::move(x));
  }
  for (const ItemId& id : list_items("open_issues")) {
    Reader r{*item(id), this};
    OpenIssue x;
    x.id = id;
    x.text = r.str("text");
    x.owner = r.str("owner");
    x.due = r.str("due");
    x.carried = r.flag("carried", true);
    x.partition = r.item.partition;
    s.open_issues.push_back(std::move(x));
  }
  for (const ItemId& id : list_items("relationships")) {
    Reader r{*item(id), this};
    Relationship x;
    x.id = id;
    x.who = r.str("who");
    x.attendee = r.ref("attendee");
    x.category = r.enumeration("category", RelationCategory::family, relation_category_from_string);
    x.strength = r.enumeration("strength", RelationStrength::strong, relation_strength_from_string);
    x.direction = r.enumeration("direction", RelationDirection::none, relation_direction_from_string);
    x.gender = r.enumeration("gender", Gender::unknown, gender_from_string);
    x.deceased = r.flag("deceased", false);
    x.note = r.str("note");
    x.partition = r.item.partition;
    s.relationships.push_back(std::move(x));
  }
  for (const ItemId& id : list_items("devices")) {
    Reader r{*item(id), this};
    Device x;
    x.id = id;
    x.fingerprint = r.str("fingerprint");
    x.name = r.str("name");
    x.address = r.str("address");
    x.replica = r.str("replica");
    x.attendee = r.ref("attendee");
    s.devices.push_back(std::move(x));
  }
  return s;
}

}  // namespace renkei::core
