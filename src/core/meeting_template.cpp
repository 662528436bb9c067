#include "core/meeting_template.hpp"

#include <algorithm>
#include <cstddef>
#include <set>
#include <utility>

namespace renkei::core {
namespace {

using nlohmann::json;

// ---- paths and errors ----------------------------------------------------------------------

// The path of a member of the object at `path` ("" is the root object).
std::string member(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string element(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// How a path is shown in messages: the root object is called "template".
std::string shown(const std::string& path) { return path.empty() ? "template" : path; }

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw TemplateError(shown(path), problem);
}

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number with a fraction";
    default: return "a binary value";
  }
}

[[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& got) {
  fail(path, std::string("expected ") + expected + ", got " + type_name(got));
}

// ---- duplicate keys ------------------------------------------------------------------------

// nlohmann::json keeps the last of two equal keys silently; a hand-edited template with a
// duplicated key would lose data without a word. This parser callback tracks the path of the
// value being read and refuses a key seen before in the same object.
class DuplicateKeyGuard {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: enter(false); break;
      case json::parse_event_t::array_start: enter(true); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end: frames_.pop_back(); break;
      case json::parse_event_t::key: {
        Frame& f = frames_.back();
        f.key_ = parsed.get<std::string>();
        if (!f.keys_.insert(f.key_).second) fail(f.path_, "duplicate field '" + f.key_ + "'");
        break;
      }
      case json::parse_event_t::value:
        if (!frames_.empty() && frames_.back().array_) ++frames_.back().next_index_;
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool array_ = false;
    std::string path_;
    std::size_t next_index_ = 0;   // arrays: index of the next element
    std::string key_;              // objects: the key being read
    std::set<std::string> keys_;   // objects: keys seen so far
  };

  void enter(bool array) {
    std::string path;
    if (!frames_.empty()) {
      Frame& parent = frames_.back();
      path = parent.array_ ? element(parent.path_, parent.next_index_++) : member(parent.path_, parent.key_);
    }
    Frame f;
    f.array_ = array;
    f.path_ = std::move(path);
    frames_.push_back(std::move(f));
  }

  std::vector<Frame> frames_;
};

// ---- field readers -------------------------------------------------------------------------

void expect_object(const json& j, const std::string& path) {
  if (!j.is_object()) wrong_type(path, "an object", j);
}

const json& expect_array(const json& j, const std::string& path) {
  if (!j.is_array()) wrong_type(path, "an array", j);
  return j;
}

// Refuses any member of `obj` not in `allowed`.
void only_fields(const json& obj, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : obj.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      fail(path, "unknown field '" + key + "'");
}

const json& required(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(member(path, key), "missing required field");
  return *it;
}

std::string as_string(const json& j, const std::string& path, bool non_empty) {
  if (!j.is_string()) wrong_type(path, "a string", j);
  std::string s = j.get<std::string>();
  if (non_empty && s.empty()) fail(path, "must not be empty");
  return s;
}

std::string required_string(const json& obj, const std::string& path, const char* key,
                            bool non_empty = true) {
  return as_string(required(obj, path, key), member(path, key), non_empty);
}

std::string optional_string(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? std::string() : as_string(*it, member(path, key), false);
}

bool optional_bool(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (!it->is_boolean()) wrong_type(member(path, key), "a boolean (true or false)", *it);
  return it->get<bool>();
}

// An integer in [lo, hi]; `expected` describes the accepted values for the message.
int bounded_int(const json& j, const std::string& path, long long lo, long long hi,
                const char* expected) {
  if (!j.is_number_integer()) wrong_type(path, expected, j);
  // Non-negative literals parse as unsigned; compare in the type they were read as so that
  // 2^64-1 is not taken for -1.
  bool in_range = j.is_number_unsigned()
                      ? j.get<unsigned long long>() >= static_cast<unsigned long long>(std::max(lo, 0LL)) &&
                            j.get<unsigned long long>() <= static_cast<unsigned long long>(hi)
                      : j.get<long long>() >= lo && j.get<long long>() <= hi;
  if (!in_range) fail(path, std::string("expected ") + expected + ", got " + j.dump());
  return static_cast<int>(j.get<long long>());
}

template <typename E>
E enum_value(const json& j, const std::string& path, std::optional<E> (*parse)(std::string_view),
             const char* what, const char* expected) {
  std::string s = as_string(j, path, true);
  auto v = parse(s);
  if (!v) fail(path, std::string("unknown ") + what + " '" + s + "' (expected " + expected + ")");
  return *v;
}

// ---- meeting defaults ----------------------------------------------------------------------

bool is_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!is_digits(s.substr(0, 4)) || !is_digits(s.substr(5, 2)) || !is_digits(s.substr(8, 2)))
    return false;
  int month = two_digits(s, 5), day = two_digits(s, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool is_hh_mm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':' || !is_digits(s.substr(0, 2)) || !is_digits(s.substr(3, 2)))
    return false;
  return two_digits(s, 0) <= 23 && two_digits(s, 3) <= 59;
}

json parse_meeting_defaults(const json& j, const std::string& path) {
  expect_object(j, path);
  const auto& allowed = meeting_template_default_keys();
  json out = json::object();
  for (const auto& [key, value] : j.items()) {
    std::string field = member(path, key);
    if (key == "kind")
      fail(field, "not allowed here: the meeting kind is the template's top-level 'kind'");
    if (key == "chair" || key == "recorder")
      fail(field, "not allowed in a template: it names an attendee, chosen in the meeting "
                  "(the 'roles' list names the role instead)");
    if (key == "template_name" || key == "template_source")
      fail(field, "not allowed in a template: it is filled from the template's name and sources");
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      fail(path, "unknown field '" + key + "'");
    if (key == "session_number") {
      out[key] = bounded_int(value, field, 1, 10000, "a positive integer");
      continue;
    }
    std::string s = as_string(value, field, false);
    if ((key == "date" || key == "created_on") && !s.empty() && !is_iso_date(s))
      fail(field, "expected a date \"YYYY-MM-DD\" or \"\", got \"" + s + "\"");
    if ((key == "start_time" || key == "end_time") && !s.empty() && !is_hh_mm(s))
      fail(field, "expected a time \"HH:MM\" or \"\", got \"" + s + "\"");
    out[key] = std::move(s);
  }
  return out;
}

// ---- sections ------------------------------------------------------------------------------

std::vector<std::string> parse_sources(const json& j, const std::string& path) {
  std::vector<std::string> files;
  expect_array(j, path);
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string p = element(path, i);
    const json& s = j[i];
    std::string file;
    if (s.is_string()) {
      file = as_string(s, p, true);
    } else if (s.is_object()) {
      only_fields(s, p, {"file", "note"});
      file = required_string(s, p, "file");
      optional_string(s, p, "note");
    } else {
      wrong_type(p, "a file name or an object {\"file\", \"note\"}", s);
    }
    if (std::find(files.begin(), files.end(), file) != files.end())
      fail(p, "'" + file + "' is listed twice");
    files.push_back(std::move(file));
  }
  return files;
}

std::vector<TemplateAgendaItem> parse_agenda(const json& j, const std::string& path) {
  std::vector<TemplateAgendaItem> agenda;
  expect_array(j, path);
  if (j.empty()) fail(path, "must have at least one item");
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string p = element(path, i);
    const json& a = j[i];
    expect_object(a, p);
    only_fields(a, p, {"title", "timebox_min", "presenter", "hint"});
    TemplateAgendaItem item;
    item.title = required_string(a, p, "title");
    item.timebox_min = bounded_int(required(a, p, "timebox_min"), member(p, "timebox_min"), 0,
                                   kMaxTimeboxMin, "a non-negative integer (at most 600)");
    item.presenter = optional_string(a, p, "presenter");
    item.hint = optional_string(a, p, "hint");
    agenda.push_back(std::move(item));
  }
  return agenda;
}

std::vector<TemplateRole> parse_roles(const json& j, const std::string& path) {
  std::vector<TemplateRole> roles;
  expect_array(j, path);
  std::optional<std::size_t> key_person_at;
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string p = element(path, i);
    const json& r = j[i];
    expect_object(r, p);
    only_fields(r, p, {"role", "who", "resource", "can_do", "cannot_do", "key_person"});
    TemplateRole role;
    role.role = required_string(r, p, "role");
    role.who = optional_string(r, p, "who");
    role.resource = enum_value(required(r, p, "resource"), member(p, "resource"),
                               resource_kind_from_string, "resource kind", "formal or informal");
    role.can_do = optional_string(r, p, "can_do");
    role.cannot_do = optional_string(r, p, "cannot_do");
    role.key_person = optional_bool(r, p, "key_person");
    if (role.key_person) {
      if (key_person_at)
        fail(member(p, "key_person"),
             "a second key person (" + element(path, *key_person_at) +
                 " is already the キーマン; seed 000: one person centralises information "
                 "and progress)");
      key_person_at = i;
    }
    roles.push_back(std::move(role));
  }
  return roles;
}

std::vector<TemplateChecklistItem> parse_checklist(const json& j, const std::string& path,
                                                   const std::vector<std::string>& sources) {
  std::vector<TemplateChecklistItem> checklist;
  expect_array(j, path);
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string sp = element(path, i);
    const json& s = j[i];
    expect_object(s, sp);
    only_fields(s, sp, {"section", "items"});
    std::string section = required_string(s, sp, "section");
    std::string ip = member(sp, "items");
    const json& items = expect_array(required(s, sp, "items"), ip);
    if (items.empty()) fail(ip, "must have at least one item");
    for (std::size_t k = 0; k < items.size(); ++k) {
      std::string p = element(ip, k);
      const json& it = items[k];
      expect_object(it, p);
      only_fields(it, p, {"text", "source"});
      TemplateChecklistItem item;
      item.section = section;
      item.text = required_string(it, p, "text");
      item.source = required_string(it, p, "source");
      if (std::find(sources.begin(), sources.end(), item.source) == sources.end())
        fail(member(p, "source"), "'" + item.source + "' is not listed in 'sources'");
      checklist.push_back(std::move(item));
    }
  }
  return checklist;
}

// Drops nlohmann's "[json.exception.parse_error.101] " prefix.
std::string parser_message(const char* what) {
  std::string m = what;
  if (!m.empty() && m.front() == '[') {
    auto close = m.find("] ");
    if (close != std::string::npos) m.erase(0, close + 2);
  }
  return m;
}

}  // namespace

TemplateError::TemplateError(std::string field, const std::string& problem)
    : std::invalid_argument(field.empty() ? problem : field + ": " + problem),
      field_(std::move(field)) {}

const std::vector<std::string>& meeting_template_default_keys() {
  static const std::vector<std::string> keys{
      "title",      "person_name",  "person_id",      "date",           "place",
      "start_time", "end_time",     "session_number", "next_meeting",   "created_on",
      "plan_author", "long_term_goal", "short_term_goal"};
  return keys;
}

MeetingTemplate parse_meeting_template(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end(), DuplicateKeyGuard{});
  } catch (const json::parse_error& e) {
    throw TemplateError("", "invalid JSON at byte " + std::to_string(e.byte) + ": " +
                                parser_message(e.what()));
  }

  const std::string top;
  expect_object(root, top);
  only_fields(root, top,
              {"format", "version", "kind", "name", "description", "sources", "meeting", "agenda",
               "roles", "checklist"});

  std::string format = required_string(root, top, "format");
  if (format != kMeetingTemplateFormat)
    fail("format", std::string("expected \"") + kMeetingTemplateFormat + "\", got \"" + format + "\"");
  const json& version = required(root, top, "version");
  if (!version.is_number_integer()) wrong_type("version", "an integer", version);
  if (version.get<long long>() != kMeetingTemplateVersion)
    fail("version", "unsupported version " + version.dump() + " (this build reads version " +
                        std::to_string(kMeetingTemplateVersion) + ")");

  MeetingTemplate t;
  t.kind = enum_value(required(root, top, "kind"), "kind", meeting_kind_from_string, "meeting kind",
                      "service_coordination, individual_support, monitoring or case_review");
  t.name = required_string(root, top, "name");
  t.description = optional_string(root, top, "description");
  t.sources = parse_sources(required(root, top, "sources"), "sources");
  if (auto it = root.find("meeting"); it != root.end())
    t.meeting_defaults = parse_meeting_defaults(*it, "meeting");
  t.agenda = parse_agenda(required(root, top, "agenda"), "agenda");
  t.roles = parse_roles(required(root, top, "roles"), "roles");
  t.checklist = parse_checklist(required(root, top, "checklist"), "checklist", t.sources);
  return t;
}

}  // namespace renkei::core
