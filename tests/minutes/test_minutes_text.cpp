// Markdown, HTML and JSON minutes: golden files, escaping, template errors, atomic export.
//
// Golden files: tests/minutes/golden/*.md and *.html are compared byte for byte with the output
// of the fixture in fixture.cpp. After an intended change to the templates or the view model,
// regenerate them and review the diff:
//
//   RENKEI_UPDATE_GOLDEN=1 build-minutes/tests/renkei_minutes_tests "[golden]"
//   git diff tests/minutes/golden/
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "minutes/ecomap.hpp"
#include "minutes/fixture.hpp"
#include "minutes/minutes.hpp"

namespace fs = std::filesystem;
using namespace renkei;
using namespace renkei::minutes;
using namespace renkei::minutes::test;

namespace {

fs::path golden_path(const std::string& name) {
  return fs::path(RENKEI_TEST_DATA_DIR) / "tests" / "minutes" / "golden" / name;
}

/// HTML with the inline ecomap SVG's drawing left out (glyph outlines depend on the installed
/// font version; test_ecomap.cpp checks the drawing): the <svg> tag, <title> and <desc> stay.
std::string without_svg_drawing(std::string html) {
  const std::size_t svg = html.find("<svg");
  if (svg == std::string::npos) return html;
  const std::size_t desc = html.find("</desc>\n", svg);
  const std::size_t end = html.find("</svg>", svg);
  if (desc == std::string::npos || end == std::string::npos || desc > end) return html;
  const std::size_t from = desc + 8;
  return html.replace(from, end - from, "<!-- drawing left out of the golden file -->\n");
}

void check_golden(const std::string& name, const std::string& rendered) {
  const std::string actual = name.ends_with(".html") ? without_svg_drawing(rendered) : rendered;
  const fs::path path = golden_path(name);
  if (const char* update = std::getenv("RENKEI_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    WARN("golden file rewritten: " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate with RENKEI_UPDATE_GOLDEN=1)");
  REQUIRE(fs::exists(path));
  const std::string expected = read_file(path);
  CHECK(actual == expected);
}

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename());
  return out;
}

/// Unescaped "|" in a Markdown table line: the cell delimiters.
int cell_delimiters(const std::string& line) {
  int n = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
  return n;
}

}  // namespace

TEST_CASE("minutes format names parse as typed on the command line", "[minutes]") {
  CHECK(format_from_string("md") == Format::markdown);
  CHECK(format_from_string("markdown") == Format::markdown);
  CHECK(format_from_string("html") == Format::html);
  CHECK(format_from_string("pdf") == Format::pdf);
  CHECK(format_from_string("json") == Format::json);
  CHECK_FALSE(format_from_string("PDF"));
  CHECK_FALSE(format_from_string("docx"));
  CHECK(std::string(file_extension(Format::markdown)) == "md");
}

TEST_CASE("markdown minutes of the A-san meeting match the golden file", "[minutes][golden]") {
  check_golden("a_san_service_coordination.md",
               render_text(a_san_service_coordination(), Format::markdown, fixture_options()));
}

TEST_CASE("html minutes of the A-san meeting match the golden file", "[minutes][golden]") {
  check_golden("a_san_service_coordination.html",
               render_text(a_san_service_coordination(), Format::html, fixture_options()));
}

TEST_CASE("individual support markdown minutes match the golden file", "[minutes][golden]") {
  check_golden("a_san_individual_support.md",
               render_text(a_san_individual_support(), Format::markdown, fixture_options()));
}

TEST_CASE("individual support html minutes match the golden file", "[minutes][golden]") {
  check_golden("a_san_individual_support.html",
               render_text(a_san_individual_support(), Format::html, fixture_options()));
}

TEST_CASE("html minutes escape markup typed into the meeting", "[minutes]") {
  const std::string html = render_text(a_san_service_coordination(), Format::html, fixture_options());
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;&#x2F;script&gt;") == std::string::npos);  // no "/" escape
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引用&quot;") != std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<html lang=\"ja\">") != std::string::npos);
  // Multi-line notes keep their line breaks inside a pre-wrap block.
  CHECK(html.find("<div class=\"pre\">入居から2か月が経過。こだわり行動による混乱は徐々に減っている。\n朝の支度") !=
        std::string::npos);
}

TEST_CASE("markdown minutes keep pipes and line breaks inside table cells", "[minutes]") {
  const std::string md = render_text(a_san_service_coordination(), Format::markdown, fixture_options());
  // Not HTML-escaped.
  CHECK(md.find("<script>alert('x')</script> & \"引用\"") != std::string::npos);
  CHECK(md.find("&lt;") == std::string::npos);
  // The absent helper's two-line reply with a "|" stays in its one table row.
  CHECK(md.find("月2回の利用で大きな混乱はない。<br>駅の人混みでは「次は○○」と短く声をかけると落ち着く \\| 要継続。") !=
        std::string::npos);
  CHECK(md.find("月2回 \\| 月3回に増やしたい") != std::string::npos);
  // Every line of a table has as many delimiters as its header row.
  std::istringstream lines(md);
  int expected = -1;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("|", 0) != 0) {
      expected = -1;
      continue;
    }
    if (expected < 0) expected = cell_delimiters(line);
    INFO(line);
    CHECK(cell_delimiters(line) == expected);
  }
}

TEST_CASE("the minutes view model holds the 第4表 fields in Japanese forms", "[minutes]") {
  const auto v = minutes_view(a_san_service_coordination(), fixture_options());
  CHECK(v["heading"] == "第4表「サービス担当者会議の要点」");
  CHECK(v["created_on_ja"] == "2024年5月21日");
  CHECK(v["created_on_wareki"] == "令和6年5月21日");
  CHECK(v["date_ja"] == "2024年5月20日（月）");
  CHECK(v["time_range"] == "14:00〜15:30");
  CHECK(v["session_label"] == "第2回");
  CHECK(v["person_attendance"] == "出席");
  CHECK(v["family_attendance"] == "出席");
  CHECK(v["family_relationships"] == "母");
  CHECK(v["chair_name"] == "佐藤 恵子");
  CHECK(v["attendees"].size() == 5);
  CHECK(v["attendees"][2]["affiliation"] == "相談支援事業所ひかり（相談支援専門員）");
  CHECK(v["attendee_rows"].size() == 2);
  CHECK(v["absentees"].size() == 2);
  CHECK(v["absentees"][1]["has_reply"] == false);
  CHECK(v["decisions"][1]["consent_summary"] == "同意（代理人：青木 花子（母））");
  CHECK(v["decisions"][0]["consent_summary"] == "同意（本人）");
  CHECK(v["decisions"][2]["consent_summary"] == "未確認");
  CHECK(v["agreed_decisions"].size() == 2);
  CHECK(v["agenda"][1]["decisions"].size() == 1);
  CHECK(v["checklist_sections"].size() == 2);
  CHECK(v["checklist_checked"] == 3);
  CHECK(v["key_person_names"] == "佐藤 恵子（相談支援事業所ひかり）");

  auto s = a_san_service_coordination();
  s.meeting.created_on.clear();
  CHECK(minutes_view(s, fixture_options())["created_on"] == "2024-05-22");  // generated_on fallback
}

TEST_CASE("本人 is 欠席 only when recorded absent, and ― when not recorded at all", "[minutes]") {
  auto s = a_san_service_coordination();
  const auto person = std::find_if(s.attendees.begin(), s.attendees.end(),
                                   [](const core::Attendee& a) { return a.relation == core::AttendeeRelation::person; });
  REQUIRE(person != s.attendees.end());

  SECTION("the person recorded as absent") {
    person->present = false;
    const auto v = minutes_view(s, fixture_options());
    CHECK(v["person_attendance"] == "欠席");
    CHECK(v["person_present"] == false);
    CHECK(render_text(s, Format::markdown, fixture_options()).find("本人：【欠席】") != std::string::npos);
  }
  SECTION("no attendee with relation person: not recorded") {
    s.attendees.erase(person);
    const auto v = minutes_view(s, fixture_options());
    CHECK(v["person_attendance"] == "―");
    CHECK(v["person_present"] == false);
    CHECK(v["family_attendance"] == "出席");  // the mother is still there
    for (const Format f : {Format::markdown, Format::html}) {
      const std::string text = render_text(s, f, fixture_options());
      INFO(to_string(f));
      CHECK(text.find("本人：【―】") != std::string::npos);
      CHECK(text.find("本人：【欠席】") == std::string::npos);
    }
  }
  SECTION("an empty meeting: neither 本人 nor 家族 recorded") {
    const auto v = minutes_view(core::MeetingState{}, fixture_options());
    CHECK(v["person_attendance"] == "―");
    CHECK(v["family_attendance"] == "―");
  }
}

TEST_CASE("json minutes export round-trips through meeting_state_from_json", "[minutes]") {
  const auto state = a_san_service_coordination();
  const std::string text = render_text(state, Format::json, fixture_options());
  const auto parsed = core::meeting_state_from_json(nlohmann::json::parse(text));
  CHECK(core::to_json(parsed) == core::to_json(state));
  CHECK(parsed.agenda[1].notes == state.agenda[1].notes);
  CHECK(text.find("青木 明") != std::string::npos);  // UTF-8, not \u escapes
}

TEST_CASE("a missing minutes template gives MinutesError naming the file", "[minutes]") {
  TempDir dir;
  RenderOptions options = fixture_options();
  options.templates_dir = dir.path_;
  try {
    render_text(a_san_service_coordination(), Format::markdown, options);
    FAIL("no error");
  } catch (const MinutesError& e) {
    CHECK_THAT(e.what(), Catch::Contains((dir.path_ / "minutes.md.mustache").string()));
  }
  CHECK_THROWS_AS(render_text(a_san_service_coordination(), Format::html, options), MinutesError);
}

TEST_CASE("a malformed minutes template gives MinutesError naming the file and line", "[minutes]") {
  TempDir dir;
  RenderOptions options = fixture_options();
  options.templates_dir = dir.path_;
  const fs::path file = dir.path_ / "minutes.html.mustache";
  const auto fails_with = [&](const std::string& tmpl, const std::string& what) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << tmpl;
    try {
      render_text(a_san_service_coordination(), Format::html, options);
      FAIL("no error for " << tmpl);
    } catch (const MinutesError& e) {
      CHECK_THAT(e.what(), Catch::Contains(file.string()) && Catch::Contains(what));
    }
  };
  fails_with("<p>\n{{#agenda}}\n{{title}}\n", "section 'agenda' opened on line 2 is never closed");
  fails_with("{{#agenda}}{{title}}{{/roles}}", "line 1");
  fails_with("ok\n{{/agenda}}", "closes no open section");
  fails_with("{{title", "never closed");
  // Set-delimiter tags are followed, not mistaken for errors.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << "{{=<% %>=}}<%person_name%> {{x}}";
  CHECK(render_text(a_san_service_coordination(), Format::html, options) == "青木 明 {{x}}");
}

TEST_CASE("minutes export writes every format atomically into the target file", "[minutes]") {
  TempDir dir;
  const auto state = a_san_service_coordination();
  for (Format f : {Format::markdown, Format::html, Format::json, Format::pdf}) {
    const fs::path out = dir.path_ / (std::string("minutes.") + file_extension(f));
    export_minutes(state, f, out, fixture_options());
    CHECK(fs::file_size(out) > 500);
  }
  // No temporary files left behind; the Markdown's ecomap beside it.
  CHECK(entries(dir.path_).size() == 5);
  CHECK(read_file(dir.path_ / "minutes.md") == render_text(state, Format::markdown, fixture_options()));
  CHECK(read_file(dir.path_ / "minutes-ecomap.svg") == ecomap_svg(state));
}

TEST_CASE("markdown minutes link to the ecomap SVG written beside them", "[minutes][ecomap]") {
  TempDir dir;
  const auto state = a_san_ecomap();
  const fs::path out = dir.path_ / "2024-05-20 Aさん(議事録).md";
  export_minutes(state, Format::markdown, out, fixture_options());
  const std::string md = read_file(out);
  CHECK(md.find("## エコマップ（社会資源関係図）\n\n![エコマップ](2024-05-20%20Aさん%28議事録%29-ecomap.svg)\n") !=
        std::string::npos);
  REQUIRE(fs::exists(dir.path_ / "2024-05-20 Aさん(議事録)-ecomap.svg"));
  CHECK(read_file(dir.path_ / "2024-05-20 Aさん(議事録)-ecomap.svg") == ecomap_svg(state));
  CHECK(md.find("| 以前の友人 | インフォーマル | ストレスや葛藤のある関係 | 双方向 ↔ |  |") != std::string::npos);
  CHECK(md.find("| 父 | 家族（男性・死亡） | 弱い関係 |  |  |") != std::string::npos);
  CHECK(md.find("凡例：□ 男性　○ 女性　⊗ 死亡") != std::string::npos);
  // render_text alone links to the default name.
  CHECK(render_text(state, Format::markdown, fixture_options()).find("![エコマップ](minutes-ecomap.svg)") !=
        std::string::npos);

  // No relationships and no roles: no section, no file.
  core::MeetingState bare = state;
  bare.relationships.clear();
  bare.roles.clear();
  TempDir empty;
  export_minutes(bare, Format::markdown, empty.path_ / "m.md", fixture_options());
  CHECK(entries(empty.path_).size() == 1);
  CHECK(read_file(empty.path_ / "m.md").find("エコマップ") == std::string::npos);
  CHECK(render_text(bare, Format::html, fixture_options()).find("<svg") == std::string::npos);
}

TEST_CASE("html minutes embed the ecomap as inline SVG", "[minutes][ecomap]") {
  const std::string html = render_text(a_san_ecomap(), Format::html, fixture_options());
  const std::size_t svg = html.find("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\"");
  CHECK(svg != std::string::npos);
  CHECK(html.find("<?xml") == std::string::npos);
  CHECK(html.find("</svg>\n</figure>") != std::string::npos);
  CHECK(html.find("<title>エコマップ（社会資源関係図）：Aさん</title>") != std::string::npos);
  CHECK(html.find("<td>相談支援専門員</td><td>フォーマル（キーマン）</td><td>強い関係</td><td>本人へ →</td>") !=
        std::string::npos);
}

TEST_CASE("a failed minutes export leaves no partial file and keeps the previous one", "[minutes]") {
  TempDir dir;
  const auto state = a_san_service_coordination();
  const fs::path out = dir.path_ / "minutes.html";
  std::ofstream(out) << "previous minutes";

  SECTION("rendering fails: the old file is untouched") {
    RenderOptions options = fixture_options();
    options.templates_dir = dir.path_ / "nowhere";
    CHECK_THROWS_AS(export_minutes(state, Format::html, out, options), MinutesError);
    CHECK(read_file(out) == "previous minutes");
    CHECK(entries(dir.path_).size() == 1);
  }
  SECTION("writing fails half-way (file size limit): no temporary file remains") {
    struct rlimit saved {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 1000;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false;
    std::string message;
    try {
      export_minutes(state, Format::html, out, fixture_options());
    } catch (const MinutesError& e) {
      threw = true;
      message = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    CHECK(threw);
    CHECK_THAT(message, Catch::Contains(out.string()));
    CHECK(read_file(out) == "previous minutes");
    CHECK(entries(dir.path_).size() == 1);
  }
  SECTION("the rename fails (target is a folder): no temporary file remains") {
    const fs::path folder = dir.path_ / "taken";
    fs::create_directories(folder / "inside");
    CHECK_THROWS_AS(export_minutes(state, Format::markdown, folder, fixture_options()), MinutesError);
    CHECK(entries(dir.path_).size() == 2);
  }
  SECTION("the folder does not exist") {
    try {
      export_minutes(state, Format::json, dir.path_ / "missing" / "m.json", fixture_options());
      FAIL("no error");
    } catch (const MinutesError& e) {
      CHECK_THAT(e.what(), Catch::Contains("m.json"));
    }
  }
}

TEST_CASE("the default minutes templates folder follows RENKEI_DATA_DIR", "[minutes]") {
  const char* saved = std::getenv("RENKEI_DATA_DIR");
  const std::string restore = saved ? saved : "";
  ::setenv("RENKEI_DATA_DIR", "/opt/renkei-data", 1);
  CHECK(default_templates_dir() == fs::path("/opt/renkei-data/templates/minutes"));
  ::unsetenv("RENKEI_DATA_DIR");
  CHECK(fs::exists(default_templates_dir() / "minutes.md.mustache"));  // the source tree
  if (saved) ::setenv("RENKEI_DATA_DIR", restore.c_str(), 1);
  // Empty RenderOptions::templates_dir means the default folder.
  RenderOptions options;
  options.generated_on = "2024-05-22";
  CHECK(render_text(a_san_service_coordination(), Format::markdown, options) ==
        render_text(a_san_service_coordination(), Format::markdown, fixture_options()));
}
