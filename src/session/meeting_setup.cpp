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

std::string local_today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

}  // namespace renkei::session
