#include "session/meeting_setup.hpp"

#include <ctime>
#include <fstream>
#include <sstream>

#include "session/session.hpp"

namespace renkei::session {

core::MeetingTemplate load_meeting_template(const std::filesystem::path& data_dir, const std::string& kind) {
  const auto path = data_dir / "templates" / "meetings" / (kind + ".json");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SessionError("no meeting template '" + kind + "' (" + path.string() + ")");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return core::parse_meeting_template(text.str());
  } catch (const core::TemplateError& e) {
    throw SessionError("meeting template " + path.string() + ": " + e.what());
  }
}

std::vector<nlohmann::json> template_edits(const core::MeetingTemplate& tpl, const nlohmann::json& meeting,
                                           const std::string& today) {
  std::vector<nlohmann::json> edits;
  auto set_meeting = [&](const std::string& field, const nlohmann::json& value) {
    edits.push_back({{"cmd", "set_meeting"}, {"field", field}, {"value", value}});
  };
  set_meeting("kind", core::to_string(tpl.kind));
  set_meeting("template_name", tpl.name);
  std::string sources;
  for (const auto& s : tpl.sources) sources += (sources.empty() ? "" : ", ") + s;
  set_meeting("template_source", sources);
  set_meeting("created_on", today);
  nlohmann::json fields = tpl.meeting_defaults.is_object() ? tpl.meeting_defaults : nlohmann::json::object();
  if (meeting.is_object())
    for (const auto& [k, v] : meeting.items()) fields[k] = v;
  if (!fields.contains("date") || fields["date"] == "") fields["date"] = today;
  for (const auto& [k, v] : fields.items())
    if (!(v.is_string() && v.get<std::string>().empty())) set_meeting(k, v);
  for (const auto& a : tpl.agenda)
    edits.push_back({{"cmd", "add"}, {"type", "agenda_item"},
                     {"fields", {{"title", a.title}, {"timebox_min", a.timebox_min},
                                 {"presenter", a.presenter}, {"hint", a.hint}}}});
  for (const auto& r : tpl.roles)
    edits.push_back({{"cmd", "add"}, {"type", "role"},
                     {"fields", {{"role", r.role}, {"who", r.who}, {"resource", core::to_string(r.resource)},
                                 {"can_do", r.can_do}, {"cannot_do", r.cannot_do}, {"key_person", r.key_person}}}});
  for (const auto& c : tpl.checklist)
    edits.push_back({{"cmd", "add"}, {"type", "checklist_item"},
                     {"fields", {{"section", c.section}, {"text", c.text}, {"source", c.source}}}});
  return edits;
}

std::vector<nlohmann::json> continuation_edits(const core::MeetingState& previous, const core::MeetingState& fresh) {
  std::vector<nlohmann::json> edits;
  const core::Meeting& m = previous.meeting;
  auto set_meeting = [&](const char* field, const nlohmann::json& value) {
    edits.push_back({{"cmd", "set_meeting"}, {"field", field}, {"value", value}});
  };
  set_meeting("session_number", m.session_number + 1);
  for (const auto& [field, value] : {std::pair{"person_name", m.person_name}, {"person_id", m.person_id},
                                     {"plan_author", m.plan_author}, {"long_term_goal", m.long_term_goal},
                                     {"short_term_goal", m.short_term_goal}})
    if (!value.empty()) set_meeting(field, value);
  // The carried open issues, as the first item of the agenda.
  std::string notes;
  for (const auto& issue : previous.open_issues) {
    if (!issue.carried) continue;
    notes += "・" + issue.text;
    std::string detail;
    if (!issue.owner.empty()) detail += "担当：" + issue.owner;
    if (!issue.due.empty()) detail += (detail.empty() ? "" : "、") + std::string("期限：") + issue.due;
    if (!detail.empty()) notes += "（" + detail + "）";
    notes += "\n";
  }
  if (!notes.empty())
    edits.push_back({{"cmd", "add"}, {"type", "agenda_item"}, {"index", 0},
                     {"fields", {{"title", "前回からの継続課題"}, {"timebox_min", 10}, {"presenter", "司会"},
                                 {"hint", "前回（第" + std::to_string(m.session_number) + "回）の残された課題の進み具合を確かめる。"},
                                 {"notes", notes}}}});
  for (const auto& a : previous.attendees) {
    bool present_already = false;
    for (const auto& f : fresh.attendees) present_already |= f.name == a.name;
    if (present_already) continue;
    edits.push_back({{"cmd", "add"}, {"type", "attendee"},
                     {"fields", {{"name", a.name}, {"organization", a.organization}, {"profession", a.profession},
                                 {"relation", core::to_string(a.relation)}, {"relationship", a.relationship},
                                 {"present", true}}}});
  }
  for (const auto& r : previous.roles) {
    // A template role of the same name is filled in rather than added again.
    std::optional<std::string> same;
    for (const auto& f : fresh.roles)
      if (f.role == r.role && f.who.empty()) same = f.id.to_string();
    const nlohmann::json fields{{"role", r.role}, {"who", r.who}, {"resource", core::to_string(r.resource)},
                                {"can_do", r.can_do}, {"cannot_do", r.cannot_do}, {"key_person", r.key_person}};
    if (same) {
      for (const auto& [k, v] : fields.items())
        if (k != "role") edits.push_back({{"cmd", "set"}, {"id", *same}, {"field", k}, {"value", v}});
    } else {
      edits.push_back({{"cmd", "add"}, {"type", "role"}, {"fields", fields}});
    }
  }
  for (const auto& r : previous.relationships)
    edits.push_back({{"cmd", "add"}, {"type", "relationship"},
                     {"fields", {{"who", r.who}, {"category", core::to_string(r.category)},
                                 {"strength", core::to_string(r.strength)}, {"direction", core::to_string(r.direction)},
                                 {"gender", core::to_string(r.gender)}, {"deceased", r.deceased}, {"note", r.note}}}});
  return edits;
}

std::string local_today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

}  // namespace renkei::session
