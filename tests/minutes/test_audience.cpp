// Minutes per audience: the attendees' version never contains what only professionals or named
// people may see (DESIGN.md Privacy; seed 002 STEP ③), in any format, nor in the ecomap.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/meeting_state.hpp"
#include "minutes/ecomap.hpp"
#include "minutes/fixture.hpp"
#include "minutes/minutes.hpp"
#include "test_skip.hpp"

namespace fs = std::filesystem;
using namespace renkei;
using namespace renkei::minutes;
using namespace renkei::minutes::test;

namespace {

RenderOptions for_(Audience audience) {
  RenderOptions o = fixture_options();
  o.audience = audience;
  return o;
}

/// pdftotext output with all white space removed (lines wrap where the layout wrapped them);
/// std::nullopt without pdftotext.
std::optional<std::string> pdf_text(const fs::path& pdf) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) return std::nullopt;
  const fs::path txt = fs::path(pdf).replace_extension(".txt");
  REQUIRE(std::system(("pdftotext -enc UTF-8 '" + pdf.string() + "' '" + txt.string() + "'").c_str()) == 0);
  std::string text;
  for (char c : read_file(txt))
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') text += c;
  for (std::size_t at; (at = text.find("\u3000")) != std::string::npos;) text.erase(at, 3);
  return text;
}

void check_none(const std::string& what, const std::string& text) {
  for (const char* marker : kRestrictedMarkers) {
    INFO(what << " must not contain " << marker);
    CHECK(text.find(marker) == std::string::npos);
  }
  INFO(what);
  CHECK(text.find("n:kasumi") == std::string::npos);
}

void check_all(const std::string& what, const std::string& text) {
  for (const char* marker : kRestrictedMarkers) {
    INFO(what << " must contain " << marker);
    CHECK(text.find(marker) != std::string::npos);
  }
  for (const char* marker : kSharedMarkers) {
    INFO(what << " must contain " << marker);
    CHECK(text.find(marker) != std::string::npos);
  }
}

void check_shared(const std::string& what, const std::string& text) {
  for (const char* marker : kSharedMarkers) {
    INFO(what << " must contain " << marker);
    CHECK(text.find(marker) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("audience names parse as typed on the command line", "[minutes][audience]") {
  CHECK(audience_from_string("full") == Audience::full);
  CHECK(audience_from_string("attendees") == Audience::attendees);
  CHECK_FALSE(audience_from_string("Full"));
  CHECK_FALSE(audience_from_string("pro"));
  CHECK(std::string(to_string(Audience::attendees)) == "attendees");
  CHECK(RenderOptions{}.audience == Audience::full);
}

TEST_CASE("the full audience keeps the snapshot as it is", "[minutes][audience]") {
  const auto s = audience_fixture();
  CHECK(core::to_json(for_audience(s, Audience::full)) == core::to_json(s));
}

TEST_CASE("the attendees' audience keeps only shared items and clears references to the others",
          "[minutes][audience]") {
  const auto s = for_audience(audience_fixture(), Audience::attendees);
  CHECK(s.attendees.size() == 2);
  CHECK(s.agenda.size() == 1);
  CHECK(s.roles.size() == 2);
  CHECK(s.checklist.size() == 1);
  CHECK(s.decisions.size() == 1);
  CHECK(s.open_issues.size() == 1);
  CHECK(s.relationships.size() == 2);
  const auto json = core::to_json(s).dump();
  for (const char* partition : {"\"pro\"", "\"n:kasumi\""}) {
    INFO(partition);
    CHECK(json.find(partition) == std::string::npos);
  }
  // A shared decision about a professional-only agenda item keeps its text, not the link.
  CHECK(s.decisions[0].text == "全員共有決定：月1回の面談を続ける");
  CHECK_FALSE(s.decisions[0].agenda_item);
  // Shared role, relationship and device naming a professional-only attendee: the link goes.
  CHECK_FALSE(s.roles[1].attendee);
  CHECK(s.roles[0].attendee == core::ItemId{0xa15a000000000001ULL, 2});
  CHECK_FALSE(s.relationships[1].attendee);
  CHECK_FALSE(s.devices.at(0).attendee);
  // The meeting's registers stay.
  CHECK(s.meeting.chair == core::ItemId{0xa15a000000000001ULL, 1});
  CHECK(s.meeting.recorder == core::ItemId{0xa15a000000000001ULL, 3});
}

TEST_CASE("attendees' minutes contain no restricted item in any format, and the full minutes contain all",
          "[minutes][audience]") {
  const auto state = audience_fixture();
  TempDir dir;
  bool pdf_text_checked = true;
  for (Audience audience : {Audience::attendees, Audience::full}) {
    const RenderOptions options = for_(audience);
    const std::string name = to_string(audience);
    const auto check = [&](const std::string& what, const std::string& text) {
      audience == Audience::attendees ? check_none(what, text) : check_all(what, text);
      check_shared(what, text);
    };
    check(name + " markdown", render_text(state, Format::markdown, options));
    check(name + " html", render_text(state, Format::html, options));
    check(name + " json", render_text(state, Format::json, options));
    // export_minutes: the Markdown and the ecomap SVG written beside it.
    const fs::path md = dir.path_ / (name + ".md");
    export_minutes(state, Format::markdown, md, options);
    REQUIRE(fs::exists(dir.path_ / (name + "-ecomap.svg")));
    const std::string svg = read_file(dir.path_ / (name + "-ecomap.svg"));
    if (audience == Audience::attendees) {
      check_none("attendees ecomap svg", svg);
    } else {
      for (const char* marker : {"専門職限定関係", "指名限定関係", "ひまわり訪問看護"}) {
        INFO(marker);
        CHECK(svg.find(marker) != std::string::npos);
      }
    }
    CHECK(svg.find("全員共有関係") != std::string::npos);
    const fs::path pdf = dir.path_ / (name + ".pdf");
    export_minutes(state, Format::pdf, pdf, options);
    if (const auto text = pdf_text(pdf)) {
      check(name + " pdf", *text);
    } else {
      pdf_text_checked = false;
    }
  }
  // The ecomap on its own, with the audience in its options.
  EcomapOptions attendees;
  attendees.audience = Audience::attendees;
  const Ecomap map = build_ecomap(state, attendees);
  for (const auto& n : map.nodes) {
    INFO(n.label);
    CHECK(n.label.find("限定") == std::string::npos);
    CHECK(n.label != "ひまわり訪問看護");
  }
  check_none("ecomap_svg", ecomap_svg(state, attendees));
  CHECK(ecomap_svg(state).find("専門職限定関係") != std::string::npos);
  // Everything else has been checked; the PDF text could not be.
  if (!pdf_text_checked) renkei::test::skip("needs pdftotext (poppler-utils) for the PDF text checks");
}

TEST_CASE("the attendees' minutes say whom they are for", "[minutes][audience]") {
  const auto state = audience_fixture();
  const std::string note = "この記録は出席者全員に共有できる内容のみを含みます";
  const std::string md = render_text(state, Format::markdown, for_(Audience::attendees));
  CHECK(md.rfind("# 第4表「サービス担当者会議の要点」（出席者向け）\n", 0) == 0);
  CHECK(md.find(note) != std::string::npos);
  const std::string html = render_text(state, Format::html, for_(Audience::attendees));
  CHECK(html.find("<h1>第4表「サービス担当者会議の要点」（出席者向け）</h1>") != std::string::npos);
  CHECK(html.find(note) != std::string::npos);
  const std::string full = render_text(state, Format::markdown, for_(Audience::full));
  CHECK(full.find("出席者向け") == std::string::npos);
  CHECK(full.find(note) == std::string::npos);

  TempDir dir;
  export_minutes(state, Format::pdf, dir.path_ / "a.pdf", for_(Audience::attendees));
  if (const auto text = pdf_text(dir.path_ / "a.pdf")) {
    CHECK(text->find("第4表「サービス担当者会議の要点」（出席者向け）") != std::string::npos);
    CHECK(text->find(note) != std::string::npos);
  }
  // The recorder is a professional-only attendee: the reference stays, the name is not shown.
  const auto v = minutes_view(state, for_(Audience::attendees));
  CHECK(v["recorder_name"] == "");
  CHECK(v["chair_name"] == "青木 明");
  CHECK(minutes_view(state, for_(Audience::full))["recorder_name"] == "田中 看護師");
}
