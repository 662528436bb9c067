// PDF minutes: a valid A4 PDF, Japanese text present, long notes flowing over pages without loss.
// Text is extracted with pdftotext (poppler-utils); without it the structural checks still run,
// then the test is skipped (renkei::test::skip) and CTest reports it Skipped.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
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

/// The text of each page of a PDF (pdftotext -layout, so that a table row stays one line), with
/// all white space removed as in pdf_text(). std::nullopt without pdftotext.
std::optional<std::vector<std::string>> pdf_pages(const fs::path& pdf) {
  if (!have_pdftotext()) return std::nullopt;
  const fs::path txt = fs::path(pdf).replace_extension(".layout.txt");
  const std::string cmd = "pdftotext -layout -enc UTF-8 '" + pdf.string() + "' '" + txt.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::vector<std::string> pages(1);
  for (char c : read_file(txt)) {
    if (c == '\f')
      pages.emplace_back();
    else if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
      pages.back() += c;
  }
  for (auto& page : pages)
    for (std::size_t at; (at = page.find("\u3000")) != std::string::npos;) page.erase(at, 3);
  while (!pages.empty() && pages.back().empty()) pages.pop_back();
  return pages;
}

/// A meeting whose tables come one after the other on the pages after the form: `roles` short
/// roles (no ecomap: nobody is named), then `items` checklist items of three lines in sections of
/// five ("区分S1" …) whose first item is twice as long, then three decisions of several lines. Markers: 役割R…, 点検C…, 決定D….
core::MeetingState tables_meeting(int roles, int items) {
  core::MeetingState s;
  s.meeting.kind = core::MeetingKind::service_coordination;
  s.meeting.person_name = "青木 明";
  std::uint64_t n = 1;
  const auto next_id = [&n] { return core::ItemId{0xa15a000000000002ULL, n++}; };
  for (int i = 1; i <= roles; ++i) {
    core::RoleAssignment r;
    r.id = next_id();
    r.role = "役割R" + std::to_string(i);
    s.roles.push_back(r);
  }
  const std::string long_text = "本人を中心とした体制構築：チームで関わること、どんなメンバーが連携・協働するかを本人が理解できるように説明し、同意を得た";
  for (int i = 1; i <= items; ++i) {
    core::ChecklistItem c;
    c.id = next_id();
    c.section = "区分S" + std::to_string((i - 1) / 5 + 1);
    c.text = "点検C" + std::to_string(i) + "　" + long_text + (i % 2 ? "（再確認）" : "");
    if (i % 5 == 1) c.text += "。" + long_text;  // a section's first row: five or six lines
    c.checked = i % 3 == 0;
    c.checked_by = c.checked ? "佐藤 恵子" : "";
    s.checklist.push_back(c);
  }
  for (int i = 1; i <= 3; ++i) {
    core::Decision d;
    d.id = next_id();
    d.text = "決定D" + std::to_string(i) + "　休日の地域活動への参加を継続し、月1回の余暇活動（買い物）を行動援護で追加する";
    d.dissent = "本人の体調が悪い月は2回に減らすこと";
    s.decisions.push_back(d);
  }
  return s;
}

/// Where `what` occurs in `page` (every occurrence).
std::vector<std::size_t> occurrences(const std::string& page, const std::string& what) {
  std::vector<std::size_t> at;
  for (std::size_t i = page.find(what); i != std::string::npos; i = page.find(what, i + 1)) at.push_back(i);
  return at;
}

/// One table of tables_meeting() as the PDF's text shows it: its heading, its header row, the
/// marker of its data rows and of its section rows ("" when it has none).
struct TableText {
  const char* heading;
  const char* header;
  const char* row;
  const char* section;
};
constexpr TableText kTables[] = {
    {"■役割分担", "キーマン役割担当（氏名・機関）資源できることできないこと", "役割R", ""},
    {"■チェックリスト", "確認項目確認者コメント", "点検C", "区分S"},
    {"■決定事項と同意", "No.決定事項関連する議題状態同意反対意見・条件", "決定D", ""},
};

/// Keep-with-next and repeated headers, page by page: a heading, a header row or a section row
/// is followed on its own page by a data row of its table; every page showing a data row of a
/// table shows that table's header above it.
void check_tables_on_pages(const std::vector<std::string>& pages) {
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const std::string& page = pages[p];
    for (const auto& t : kTables) {
      INFO("page " << p + 1 << ", table " << t.heading << ": " << page);
      std::vector<std::string> leads{t.heading, t.header};
      if (*t.section) leads.emplace_back(t.section);
      for (const auto& lead : leads)
        for (std::size_t at : occurrences(page, lead)) {
          INFO("after " << lead);
          CHECK(page.find(t.row, at + lead.size()) != std::string::npos);
        }
      const std::size_t first_row = page.find(t.row);
      if (first_row != std::string::npos) {
        const std::size_t header = page.find(t.header);
        CHECK(header < first_row);  // npos (no header on this page) fails too
      }
    }
  }
}

}  // namespace

TEST_CASE("pdf tables keep headings, headers and section rows with a row and repeat their header",
          "[minutes][pdf]") {
  if (!have_pdftotext()) renkei::test::skip("needs pdftotext (poppler-utils)");
  TempDir dir;
  // The role table grows one row at a time, so that the checklist's heading, header and
  // section rows and the decisions' heading each come to the foot of a page somewhere.
  int pages_seen = 0;
  for (int roles = 10; roles <= 50; ++roles) {
    const fs::path out = dir.path_ / ("tables-" + std::to_string(roles) + ".pdf");
    render_pdf(tables_meeting(roles, 14), out, fixture_options());
    const auto pages = pdf_pages(out);
    REQUIRE(pages);
    INFO(roles << " roles");
    check_tables_on_pages(*pages);
    pages_seen = std::max(pages_seen, static_cast<int>(pages->size()));
  }
  CHECK(pages_seen >= 4);  // the tables did spread over pages
}

TEST_CASE("a long pdf checklist repeats its header on every page it continues on", "[minutes][pdf]") {
  if (!have_pdftotext()) renkei::test::skip("needs pdftotext (poppler-utils)");
  TempDir dir;
  const fs::path out = dir.path_ / "long-checklist.pdf";
  render_pdf(tables_meeting(3, 90), out, fixture_options());
  const auto pages = pdf_pages(out);
  REQUIRE(pages);
  int with_items = 0;
  for (const auto& page : *pages) with_items += page.find("点検C") != std::string::npos;
  CHECK(with_items >= 3);
  check_tables_on_pages(*pages);
  const std::string all = std::accumulate(pages->begin(), pages->end(), std::string());
  for (int i = 1; i <= 90; ++i) CHECK(all.find("点検C" + std::to_string(i) + "本人") != std::string::npos);
}

TEST_CASE("a table row nearly a page tall is drawn once, split under the repeated header",
          "[minutes][pdf]") {
  // A row that fits an empty page but not one below the repeated header used to be moved to a
  // new page again and again. Rendered in a child process, so that such a loop fails the test
  // (alarm) instead of hanging it.
  TempDir dir;
  for (int lines = 40; lines <= 70; ++lines) {
    auto s = tables_meeting(1, 2);
    for (int i = 1; i <= lines; ++i) s.checklist[1].comment += "コメント行" + std::to_string(i) + "\n";
    const fs::path out = dir.path_ / ("tall-" + std::to_string(lines) + ".pdf");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::alarm(20);
      try {
        render_pdf(s, out, fixture_options());
      } catch (...) {
        ::_exit(2);
      }
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO(lines << " lines of comment");
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    const std::string pdf = read_file(out);
    CHECK(page_count(pdf) <= 5);
    if (const auto text = pdf_text(out)) CHECK(text->find("コメント行" + std::to_string(lines)) != std::string::npos);
  }
}

TEST_CASE("pdf minutes are an A4 document with the 第4表 in Japanese", "[minutes][pdf]") {
  TempDir dir;
  const fs::path out = dir.path_ / "minutes.pdf";
  render_pdf(a_san_service_coordination(), out, fixture_options());
  const std::string pdf = read_file(out);
  REQUIRE(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("/MediaBox [ 0 0 595.28 841.89 ]") != std::string::npos);
  CHECK(page_count(pdf) >= 2);  // the form, then the role board, checklist and decisions
  CHECK((pdf.find("IPAexGothic") != std::string::npos || pdf.find("NotoSansCJK") != std::string::npos));
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

TEST_CASE("the pdf ecomap table keeps 区分 words such as キーマン whole", "[minutes][pdf][ecomap]") {
  if (!have_pdftotext()) renkei::test::skip("needs pdftotext (poppler-utils)");
  auto s = a_san_ecomap();  // 相談支援専門員 is キーマン; 父 is male and deceased
  core::RoleAssignment mother_key;
  mother_key.id = core::ItemId{0xa15a000000000003ULL, 1};
  mother_key.role = "休日の見守り";
  mother_key.who = "母";
  mother_key.attendee = s.attendees[1].id;
  mother_key.key_person = true;
  s.roles.push_back(mother_key);
  TempDir dir;
  const fs::path out = dir.path_ / "ecomap.pdf";
  render_pdf(s, out, fixture_options());
  const auto pages = pdf_pages(out);
  REQUIRE(pages);
  const std::string all = std::accumulate(pages->begin(), pages->end(), std::string());
  // -layout keeps a table row on one line: a word broken in its cell would leave its tail on
  // the next line, after the other columns.
  for (const char* cell : {"フォーマル（キーマン）", "家族（女性・キーマン）", "家族（男性・死亡）"}) {
    INFO(cell);
    CHECK(all.find(cell) != std::string::npos);
  }
}

TEST_CASE("pdf table cells keep short words whole: 資源 インフォーマル, 状態 取り下げ", "[minutes][pdf]") {
  if (!have_pdftotext()) renkei::test::skip("needs pdftotext (poppler-utils)");
  auto s = tables_meeting(2, 1);
  s.roles[1].resource = core::ResourceKind::informal;
  for (auto& r : s.roles) r.can_do = "月2回の面会";  // a word after 資源 on the row's first line
  s.decisions[0].status = core::DecisionStatus::withdrawn;  // 同意 未確認 follows 状態
  TempDir dir;
  const fs::path out = dir.path_ / "roles.pdf";
  render_pdf(s, out, fixture_options());
  const auto pages = pdf_pages(out);
  REQUIRE(pages);
  const std::string all = std::accumulate(pages->begin(), pages->end(), std::string());
  // -layout keeps a row's first line together: a word broken in 資源 would end after 月2回の面会.
  CHECK(all.find("役割R1フォーマル月2回の面会") != std::string::npos);
  CHECK(all.find("役割R2インフォーマル月2回の面会") != std::string::npos);
  CHECK(all.find("取り下げ未確認") != std::string::npos);
}

TEST_CASE("pdf minutes embed small TrueType subsets of the IPAex fonts when they are installed",
          "[minutes][pdf]") {
  if (std::system("fc-list IPAexGothic family | grep -q . && fc-list IPAexMincho family | grep -q .") != 0) {
    renkei::test::skip("needs the IPAex fonts (fonts-ipaexfont-gothic, fonts-ipaexfont-mincho); without them the "
                       "minutes fall back to Noto CJK");
  }
  // The A-san minutes: the form, the role board, the ecomap page (its text drawn through the
  // ecomap's own layouts), the checklist and the decisions.
  const std::string pdf = render_pdf_bytes(a_san_service_coordination(), fixture_options());
  CHECK(pdf.find("/BaseFont /") != std::string::npos);
  CHECK(pdf.find("IPAexGothic") != std::string::npos);
  CHECK(pdf.find("/FontFile2") != std::string::npos);  // TrueType outlines
  // No glyph fell back to Noto CJK, whose CFF subsets cairo embeds at about 1 MB each.
  CHECK(pdf.find("NotoSansCJK") == std::string::npos);
  CHECK(pdf.find("NotoSerifCJK") == std::string::npos);
  CHECK(pdf.size() < 300 * 1024);
}

TEST_CASE("pdf lines are 1.45 em apart whichever Japanese font is installed", "[minutes][pdf]") {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) renkei::test::skip("needs pdftotext (poppler-utils)");
  TempDir dir;
  const fs::path out = dir.path_ / "minutes.pdf";
  auto s = a_san_service_coordination();
  s.meeting.date = "2026-12-23";  // the widest 開催日: 2026年12月23日（水）
  render_pdf(s, out, fixture_options());
  const fs::path txt = dir.path_ / "bbox.html";
  REQUIRE(std::system(("pdftotext -f 1 -l 1 -bbox '" + out.string() + "' '" + txt.string() + "'").c_str()) == 0);
  const std::string html = read_file(txt);
  // The first lines of 検討した項目 (9 pt): "1. …" and "2. …" one under the other.
  static const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>)re");
  std::optional<double> one, two, x;
  std::vector<std::string> words;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), word); it != std::sregex_iterator(); ++it) {
    const std::string w = (*it)[3];
    words.push_back(w);
    const double left = std::stod((*it)[1]), top = std::stod((*it)[2]);
    if (w == "1." && !one) {
      one = top;
      x = left;
    }
    if (w == "2." && one && !two && std::abs(left - *x) < 0.5) two = top;
  }
  REQUIRE(one);
  REQUIRE(two);
  CHECK(*two - *one == Approx(9 * 1.45).margin(0.3));
  // 開催日 on one line in its cell: the date is one word, the weekday not on a line of its own.
  CHECK(std::find(words.begin(), words.end(), "2026年12月23日（水）") != words.end());
}

TEST_CASE("render the pdf tables for a visual check", "[.render]") {
  const char* out = std::getenv("RENKEI_PDF_OUT");
  if (!out) {
    WARN("set RENKEI_PDF_OUT to a folder");
    return;
  }
  const fs::path dir(out);
  fs::create_directories(dir);
  for (int roles : {13, 14, 27, 28, 35, 48, 49})
    render_pdf(tables_meeting(roles, 14), dir / ("tables-" + std::to_string(roles) + ".pdf"), fixture_options());
  render_pdf(tables_meeting(3, 90), dir / "long-checklist.pdf", fixture_options());
  auto tall = tables_meeting(1, 2);
  for (int i = 1; i <= 55; ++i) tall.checklist[1].comment += "コメント行" + std::to_string(i) + "\n";
  render_pdf(tall, dir / "tall-row.pdf", fixture_options());
  render_pdf(a_san_long_notes(), dir / "long-notes.pdf", fixture_options());
  render_pdf(a_san_service_coordination(), dir / "a_san.pdf", fixture_options());
  render_pdf(a_san_individual_support(), dir / "a_san_is.pdf", fixture_options());
}
