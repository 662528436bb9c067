#include "cli/tools.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <iostream>

#include "cli/args.hpp"
#include "cli/gzip_file.hpp"
#include "core/editing_trace.hpp"
#include "minutes/minutes.hpp"
#include "session/session.hpp"

namespace renkei::cli {

using nlohmann::json;

int run_export(const std::vector<std::string>& argv) {
  Args a(argv, {}, {"format", "out", "audience"});
  if (a.positional().size() != 1) throw UsageError("export takes one meeting file");
  auto format = minutes::format_from_string(a.get("format", "md"));
  if (!format) throw UsageError("--format must be md, html, pdf or json");
  const auto audience = minutes::audience_from_string(a.get("audience", "full"));
  if (!audience) throw UsageError("--audience must be full or attendees");
  const std::string out = a.require("out");
  auto s = session::Session::open_local(a.positional()[0], {});
  minutes::RenderOptions options;
  options.audience = *audience;
  minutes::export_minutes(*s->state(), *format, out, options);
  s->stop();
  std::cout << json{{"ok", true}, {"out", out}, {"format", minutes::to_string(*format)},
                    {"audience", minutes::to_string(*audience)}}.dump() << "\n";
  return 0;
}

int run_replay_trace(const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  if (a.positional().size() != 1) throw UsageError("replay-trace takes one trace file");
  const std::filesystem::path path = a.positional()[0];
  const auto trace = core::parse_editing_trace(json::parse(tools::read_gzip_file(path)));
  // Only applying the patches is timed, not reading and parsing the file.
  const auto start = std::chrono::steady_clock::now();
  const std::u32string text = trace.concurrent() ? core::replay_concurrent(trace) : core::replay_sequential(trace);
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::string name = path.filename().string();
  for (const char* ext : {".json.gz", ".json"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext)) name.resize(name.size() - std::strlen(ext));
  const bool matches = text == trace.end_content;
  std::cout << json{{"trace", name}, {"patches", trace.patch_count()}, {"final_length", text.size()},
                    {"matches", matches}, {"ms", std::round(ms * 100) / 100}}.dump() << "\n";
  return matches ? 0 : 1;
}

int run_inspect(const std::vector<std::string>& argv) {
  Args a(argv, {}, {});
  if (a.positional().size() != 1) throw UsageError("inspect takes one meeting file");
  auto s = session::Session::open_local(a.positional()[0], {});
  const auto state = s->state();
  json out{{"file", a.positional()[0]}, {"replica", core::peer_to_hex(s->replica_id())},
           {"hash", s->state_hash()}, {"title", state->meeting.title},
           {"agenda_items", state->agenda.size()}, {"attendees", state->attendees.size()},
           {"decisions", state->decisions.size()}, {"devices", state->devices.size()}};
  s->stop();
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace renkei::cli
