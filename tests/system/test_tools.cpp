// renkei-cli's stand-alone commands as a user runs them: the three-peer demo with its minutes
// and replica files, and replay-trace on the shared editing traces (protocol/CLI.md, "Tools").
#include <catch2/catch.hpp>

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "cli/gzip_file.hpp"
#include "cli_peer.hpp"

using namespace renkei::system_test;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Unicode code points in UTF-8 text (bytes that do not continue a sequence).
std::size_t code_points(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

/// Writes `text` gzip-compressed.
void write_gzip_file(const fs::path& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

/// The editing traces shipped in ../shared/data/editing-traces.
std::vector<fs::path> editing_traces() {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(RENKEI_TEST_SHARED_DIR) / "data" / "editing-traces";
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().string().ends_with(".json.gz")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

/// The one line replay-trace prints, as JSON.
json replay_line(const CommandResult& r) {
  const auto lines = json_lines(r.out);
  if (lines.size() != 1) throw std::runtime_error("replay-trace printed " + r.out + r.err);
  return lines.front();
}

}  // namespace

TEST_CASE("The demo converges three peers and writes the minutes and three replica files that inspect opens",
          "[system][tools]") {
  TempDir dir;
  const fs::path out = dir / "demo";
  const auto r = run_command({cli_program(), "demo", "--out", out.string()}, dir.path(), 280s);
  INFO("demo stdout:\n" << r.out << "\ndemo stderr:\n" << r.err);
  REQUIRE(r.status == 0);

  std::map<std::string, std::string> hashes;
  json summary;
  for (const auto& line : json_lines(r.out)) {
    if (line.contains("peer")) hashes[line["peer"]] = line["hash"];
    if (line.contains("converged")) summary = line;
  }
  REQUIRE(hashes.size() == 3);
  const std::string hash = hashes.begin()->second;
  for (const auto& [peer, h] : hashes) CHECK(h == hash);
  REQUIRE(summary.is_object());
  CHECK(summary["converged"] == true);

  for (const char* name : {"minutes.md", "minutes.html", "minutes.pdf"}) {
    INFO(name);
    REQUIRE(fs::exists(out / name));
    CHECK(fs::file_size(out / name) > 0);
  }
  CHECK(read_file(out / "minutes.pdf").rfind("%PDF", 0) == 0);
  const std::string md = read_file(out / "minutes.md");
  for (const char* words : {"Aさん", "グループホーム", "就労継続支援B型", "行動援護"}) {
    INFO(words);
    CHECK(md.find(words) != std::string::npos);
  }

  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".renkei") files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{"chair.renkei", "day-service.renkei", "group-home.renkei"});
  for (const auto& file : files) {
    INFO(file);
    const auto inspected = run_command({cli_program(), "inspect", (out / file).string()}, dir.path(), 60s);
    REQUIRE(inspected.status == 0);
    const json info = json::parse(inspected.out);
    CHECK(info["hash"] == hash);
    CHECK(info["agenda_items"].get<int>() > 0);
  }
}

TEST_CASE("replay-trace reproduces the final text of every shared editing trace", "[system][tools]") {
  TempDir dir;
  const auto traces = editing_traces();
  REQUIRE(traces.size() >= 3);
  for (const auto& trace : traces) {
    DYNAMIC_SECTION(trace.filename().string()) {
      const json file = json::parse(renkei::tools::read_gzip_file(trace));
      const auto r = run_command({cli_program(), "replay-trace", trace.string()}, dir.path(), 280s);
      INFO(r.out << r.err);
      CHECK(r.status == 0);
      const json line = replay_line(r);
      CHECK(line["matches"] == true);
      CHECK(line["final_length"] == code_points(file["endContent"]));
      CHECK(line["trace"] == trace.filename().string().substr(0, trace.filename().string().size() - 8));
    }
  }
}

TEST_CASE("replay-trace reports a mismatch and exits 1 when the expected final text is wrong", "[system][tools]") {
  TempDir dir;
  const fs::path original = fs::path(RENKEI_TEST_SHARED_DIR) / "data" / "editing-traces" / "sveltecomponent.json.gz";
  json file = json::parse(renkei::tools::read_gzip_file(original));
  std::string end = file["endContent"];
  REQUIRE_FALSE(end.empty());
  const std::size_t length = code_points(end);
  end[0] = end[0] == '#' ? '%' : '#';  // same length, one character different (ASCII first byte)
  REQUIRE((static_cast<unsigned char>(file["endContent"].get<std::string>()[0]) & 0x80) == 0);
  file["endContent"] = end;
  const fs::path corrupted = dir / "sveltecomponent.json.gz";
  write_gzip_file(corrupted, file.dump());

  const auto r = run_command({cli_program(), "replay-trace", corrupted.string()}, dir.path(), 280s);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  const json line = replay_line(r);
  CHECK(line["matches"] == false);
  CHECK(line["final_length"] == length);
}
