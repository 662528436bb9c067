// PDF minutes: a valid A4 PDF, Japanese text present, long notes flowing over pages without loss.
// Text is extracted with pdftotext (poppler-utils); without it the structural checks still run,
// then the test is skipped (renkei::test::skip) and CTest reports it Skipped.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>

#include "minutes/fixture.hpp"
#include "minutes/minutes.hpp"
#include "test_skip.hpp"

namespace fs = std::filesystem;
using namespace renkei;
using namespace renkei::minutes;
using namespace renkei::minutes::test;

namespace {

int page_count(const std::string& pdf) {
  static const std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()));
}

bool have_pdftotext() { return std::system("command -v pdftotext >/dev/null 2>&1") == 0; }

/// The text of a PDF with all white space (ASCII and the ideographic space U+3000) removed:
/// pdftotext breaks lines where the layout wrapped them. std::nullopt without pdftotext.
std::optional<std::string> pdf_text(const fs::path& pdf) {
  if (!have_pdftotext()) return std::nullopt;
  const fs::path txt = fs::path(pdf).replace_extension(".txt");
  const std::string cmd = "pdftotext -enc UTF-8 '" + pdf.string() + "' '" + txt.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string text;
  for (char c : read_file(txt))
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') text += c;
  for (std::size_t at; (at = text.find("\u3000")) != std::string::npos;) text.erase(at, 3);
  return text;
}

}  // namespace

TEST_CASE("pdf minutes are an A4 document with the 第4表 in Japanese", "[minutes][pdf]") {
  TempDir dir;
  const fs::path out = dir.path_ / "minutes.pdf";
  render_pdf(a_san_service_coordination(), out, fixture_options());
  const std::string pdf = read_file(out);
  REQUIRE(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("/MediaBox [ 0 0 595.28 841.89 ]") != std::string::npos);
  CHECK(page_count(pdf) >= 2);  // the form, then the role board, checklist and decisions
  CHECK(pdf.find("NotoSansCJK") != std::string::npos);
  const auto text = pdf_text(out);
  if (!text) renkei::test::skip("needs pdftotext (poppler-utils) for the text checks");
  for (const char* expected :
       {"第4表「サービス担当者会議の要点」", "作成年月日", "2024年5月21日", "青木明殿", "居宅サービス計画作成者（担当者）氏名",
        "開催回数", "第2回", "会議出席者", "本人：【出席】家族：【出席】（続柄：母）", "検討した項目", "欠席者への照会",
        "高橋健", "検討内容", "結論", "残された課題", "次回の開催時期", "役割分担", "チェックリスト", "決定事項と同意",
        "代理人：青木花子（母）", "<script>alert('x')</script>", "1/", "本人の体調が悪い月は2回に減らすこと"}) {
    INFO(expected);
    CHECK(text->find(expected) != std::string::npos);
  }
}

TEST_CASE("long notes in pdf minutes flow onto further pages and nothing is lost", "[minutes][pdf]") {
  TempDir dir;
  const fs::path out = dir.path_ / "long.pdf";
  export_minutes(a_san_long_notes(), Format::pdf, out, fixture_options());
  const std::string pdf = read_file(out);
  REQUIRE(pdf.rfind("%PDF-", 0) == 0);
  const int pages = page_count(pdf);
  CHECK(pages >= 4);  // the form alone takes more than two pages
  const auto text = pdf_text(out);
  if (!text) renkei::test::skip("needs pdftotext (poppler-utils) for the text checks");
  CHECK(text->find(kLastSentence) != std::string::npos);
  CHECK(text->find("検討内容（続き）") != std::string::npos);
  CHECK(text->find("（14）本人の様子について") != std::string::npos);
  CHECK(text->find(std::to_string(pages) + "/" + std::to_string(pages)) != std::string::npos);
}

TEST_CASE("individual support pdf minutes are a 個別支援会議 record with goals and consent", "[minutes][pdf]") {
  TempDir dir;
  const fs::path out = dir.path_ / "is.pdf";
  render_pdf(a_san_individual_support(), out, fixture_options());
  REQUIRE(read_file(out).rfind("%PDF-", 0) == 0);
  const auto text = pdf_text(out);
  if (!text) renkei::test::skip("needs pdftotext (poppler-utils) for the text checks");
  for (const char* expected : {"個別支援会議記録", "長期目標", "短期目標", "支援内容・担当者", "本人の同意",
                               "8時30分に出発できる", "個別支援計画作成者（サービス管理責任者）氏名"}) {
    INFO(expected);
    CHECK(text->find(expected) != std::string::npos);
  }
  CHECK(text->find("第4表") == std::string::npos);
}

TEST_CASE("pdf minutes of an empty meeting still draw the blank form", "[minutes][pdf]") {
  core::MeetingState empty;
  const std::string pdf = render_pdf_bytes(empty, fixture_options());
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(page_count(pdf) == 2);
}
