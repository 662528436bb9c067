// The PDF minutes, drawn directly with cairo/pango (not through HTML): the bordered layout of
// 居宅サービス計画書標準様式 第4表「サービス担当者会議の要点」 as described in DESIGN.md ("The 第4表
// layout"), or the 個別支援会議 記録 built on the same layout, followed by the role board
// (役割分担), the ecomap page (pdf_ecomap.cpp), the checklist and the decision log (決定事項と同意)
// as bordered tables. The attendees' version (RenderOptions::audience) has "（出席者向け）" in
// its title and the note 「この記録は出席者全員に共有できる内容のみを含みます」 under it.
//
// Page 1 (A4 portrait, margins 15 mm left/right, 14 mm top, 16 mm bottom):
//   title, centred ─ 作成年月日 at the right below it
//   | 利用者名 | … 殿 | 居宅サービス計画作成者（担当者）氏名 | … |
//   | 開催日 | … | 開催場所 | … | 開催時間 | … | 開催回数 | … |
//   | 会議出席者 | 所属（職種） | 氏名 | ×3 … grid, then 利用者・家族の出席: 本人 / 家族（続柄）|
//   | 検討した項目 | agenda titles; absent members and their 照会 |
//   | 検討内容 | per item: notes |
//   | 結論 | per item: conclusion; agreed decisions with consent |
//   | 残された課題（次回の開催時期） | open issues; next meeting |
// The four rows grow with their text and continue on further pages, the label repeated with
// "（続き）". All text comes from minutes_view(), so the PDF shows what the templates show.
#include "minutes/minutes.hpp"
#include "minutes/pdf_canvas.hpp"
#include "minutes/pdf_ecomap.hpp"

namespace renkei::minutes {
namespace {

using nlohmann::json;
using pdf::Align;
using pdf::Canvas;
using pdf::Cell;
using pdf::Font;
using pdf::VAlign;

constexpr double kLabelColumn = 84.0;  // pt, label column of the full-width rows
constexpr Font kLabelFont{pdf::kSans, 8.0};
constexpr Font kBodyFont{pdf::kSans, 9.0};
constexpr Font kSmallFont{pdf::kSans, 8.0};
constexpr Font kHeaderFont{pdf::kSans, 8.0, true};
constexpr const char* kGap = "\n<span size=\"3072\"> </span>\n";  // a 3 pt paragraph gap
constexpr const char* kNone = "<span foreground=\"#666666\">（記載なし）</span>";

std::string s(const json& v, const char* key) {
  const auto it = v.find(key);
  return it != v.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::string e(const json& v, const char* key) { return pdf::markup_escape(s(v, key)); }
bool b(const json& v, const char* key) {
  const auto it = v.find(key);
  return it != v.end() && it->is_boolean() && it->get<bool>();
}
/// Escaped text whose continuation lines are indented by `indent` (for items under a bullet).
std::string indented(const json& v, const char* key, const std::string& indent) {
  std::string out;
  for (char c : e(v, key)) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}
std::string bold(const std::string& markup) { return "<b>" + markup + "</b>"; }
std::string grey(const std::string& markup) { return "<span foreground=\"#555555\">" + markup + "</span>"; }

Cell label(double x, double w, const std::string& text, const std::string& continued = {}) {
  Cell c{x, w, pdf::markup_escape(text), kLabelFont, Align::center, VAlign::middle, true, {}};
  if (!continued.empty()) c.continued_markup = pdf::markup_escape(continued);
  return c;
}
Cell value(double x, double w, const std::string& markup, const Font& font = kBodyFont) {
  return Cell{x, w, markup, font, Align::left, VAlign::middle, false, {}};
}

/// Cells laid out left to right from the left margin; widths in pt, the last cell takes the rest.
std::vector<Cell> across(std::vector<Cell> cells) {
  double x = Canvas::left();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cells[i].x = x;
    if (i + 1 == cells.size()) cells[i].w = Canvas::right() - x;
    x += cells[i].w;
  }
  return cells;
}

void draw_title(Canvas& c, const json& v) {
  c.new_page();
  const double h = c.text(bold(e(v, "heading")), Font{pdf::kSerif, 15.0, true}, Canvas::left(), c.y(),
                          Canvas::width(), Align::center);
  c.set_y(c.y() + h + 6);
  if (!s(v, "audience_note").empty()) {  // the attendees' version says what it leaves out
    const double n = c.text(bold("※ " + e(v, "audience_note")), kSmallFont, Canvas::left(), c.y(), Canvas::width(),
                            Align::center);
    c.set_y(c.y() + n + 4);
  }
  const double meta_w = 170;
  const double h1 = c.text("作成年月日　" + e(v, "created_on_ja"), kBodyFont, Canvas::right() - meta_w, c.y(),
                           meta_w, Align::right);
  const double h2 = c.text(grey(e(v, "title")), kSmallFont, Canvas::left(), c.y() + 1, Canvas::width() - meta_w - 10);
  c.set_y(c.y() + std::max(h1, h2) + 5);
}

void draw_header_rows(Canvas& c, const json& v) {
  const std::string person = s(v, "person_name").empty() ? "" : e(v, "person_name") + "　殿";
  c.row(across({label(0, 58, "利用者名"), value(0, 150, person, Font{pdf::kSans, 10.0}),
                label(0, 158, s(v, "plan_author_label")), value(0, 0, e(v, "plan_author"))}),
        24, true);
  c.row(across({label(0, 46, "開催日"), value(0, 112, e(v, "date_ja")), label(0, 46, "開催場所"),
                value(0, 102, e(v, "place")), label(0, 46, "開催時間"), value(0, 74, e(v, "time_range")),
                label(0, 46, "開催回数"), value(0, 0, e(v, "session_label"))}),
        24, true);
}

/// 会議出席者: the label cell spans a header row, the 所属（職種）/氏名 grid (three pairs across)
/// and the row recording whether 本人 and 家族 (続柄) attended.
void draw_attendees(Canvas& c, const json& v) {
  const double pair_w = (Canvas::width() - kLabelColumn) / 3;
  const double aff_w = pair_w - 58, name_w = 58;
  const double x0 = Canvas::left() + kLabelColumn;
  std::vector<std::vector<Cell>> rows;
  std::vector<Cell> header;
  for (int i = 0; i < 3; ++i) {
    const double x = x0 + i * pair_w;
    header.push_back(label(x, aff_w, "所属（職種）"));
    header.push_back(label(x + aff_w, name_w, "氏名"));
  }
  rows.push_back(header);
  for (const auto& r : v.at("attendee_rows")) {
    std::vector<Cell> cells;
    int i = 0;
    for (const auto& cell : r.at("cells")) {
      const double x = x0 + i++ * pair_w;
      cells.push_back(value(x, aff_w, e(cell, "affiliation"), kSmallFont));
      cells.push_back(value(x + aff_w, name_w, e(cell, "name")));
    }
    rows.push_back(cells);
  }
  std::string attendance = "本人：【" + e(v, "person_attendance") + "】　家族：【" + e(v, "family_attendance") + "】";
  if (!s(v, "family_relationships").empty()) attendance += "（続柄：" + e(v, "family_relationships") + "）";
  std::string notes;
  if (!s(v, "chair_name").empty()) notes += "司会　" + e(v, "chair_name");
  if (!s(v, "recorder_name").empty()) notes += (notes.empty() ? "" : "／") + std::string("記録　") + e(v, "recorder_name");
  if (!notes.empty()) attendance += "\n※備考　" + notes;
  rows.push_back({label(x0, aff_w, "利用者・家族の出席"), value(x0 + aff_w, Canvas::right() - x0 - aff_w, attendance)});

  std::vector<double> heights;
  double total = 0;
  for (const auto& r : rows) {
    heights.push_back(c.row_height(r, rows.size() > 1 && &r != &rows.front() ? 22 : 16));
    total += heights.back();
  }
  c.ensure_space(total);
  double y = c.y();
  c.cell_box(label(Canvas::left(), kLabelColumn, "会議出席者"), y, total);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const auto& cell : rows[i]) c.cell_box(cell, y, heights[i]);
    y += heights[i];
  }
  c.set_y(y);
}

/// A full-width row: label at the left, content to the right; continues over pages.
void form_row(Canvas& c, const std::string& name, const std::string& content, double min_h) {
  c.row({label(Canvas::left(), kLabelColumn, name, name + "\n（続き）"),
         Cell{Canvas::left() + kLabelColumn, Canvas::width() - kLabelColumn, content.empty() ? kNone : content,
              kBodyFont, Align::left, VAlign::top, false, {}}},
        min_h, false);
}

std::string join_paragraphs(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += kGap;
    out += p;
  }
  return out;
}

std::string agenda_items_markup(const json& v) {
  std::string items;
  for (const auto& a : v.at("agenda")) {
    if (!items.empty()) items += "\n";
    items += std::to_string(a.at("number").get<int>()) + ". " + e(a, "title");
    if (!s(a, "presenter").empty()) items += grey("（" + e(a, "presenter") + "）");
  }
  std::string absent;
  for (const auto& x : v.at("absentees")) {
    absent += "\n・" + e(x, "name") + (s(x, "affiliation").empty() ? "" : "（" + e(x, "affiliation") + "）");
    if (!b(x, "has_inquiry")) {
      absent += "　照会なし";
      continue;
    }
    if (!s(x, "inquiry_date").empty()) absent += "\n　照会日：" + e(x, "inquiry_date_ja");
    if (!s(x, "inquiry_content").empty()) absent += "\n　照会内容：" + indented(x, "inquiry_content", "　　　　　　");
    absent += "\n　回答：" + (b(x, "has_reply") ? indented(x, "inquiry_reply", "　　　　") : grey("（未回答）"));
  }
  if (!absent.empty()) absent = bold("欠席者への照会") + absent;
  return join_paragraphs({items, absent});
}

std::string notes_markup(const json& v) {
  std::vector<std::string> parts;
  for (const auto& a : v.at("agenda"))
    parts.push_back(bold(std::to_string(a.at("number").get<int>()) + ". " + e(a, "title")) + "\n" +
                    (b(a, "has_notes") ? e(a, "notes") : kNone));
  return join_paragraphs(parts);
}

std::string decision_line(const json& d) {
  std::string line = "・" + e(d, "text") + "　〔" + e(d, "consent_summary") + "〕";
  if (b(d, "has_dissent")) line += "\n　意見・条件：" + indented(d, "dissent", "　　　　　　　");
  return line;
}

std::string conclusions_markup(const json& v) {
  std::vector<std::string> parts;
  for (const auto& a : v.at("agenda"))
    if (b(a, "has_conclusion"))
      parts.push_back(bold(std::to_string(a.at("number").get<int>()) + ". " + e(a, "title")) + "\n" +
                      e(a, "conclusion"));
  std::string agreed;
  for (const auto& d : v.at("agreed_decisions")) agreed += "\n" + decision_line(d);
  if (!agreed.empty()) parts.push_back(bold("決定事項（同意）") + agreed);
  return join_paragraphs(parts);
}

std::string open_issues_markup(const json& v) {
  std::string issues;
  for (const auto& o : v.at("open_issues")) {
    if (!issues.empty()) issues += "\n";
    issues += "・" + e(o, "text");
    std::string meta;
    if (!s(o, "owner").empty()) meta += "担当：" + e(o, "owner");
    if (!s(o, "due").empty()) meta += (meta.empty() ? "" : "／") + std::string("期限：") + e(o, "due_ja");
    if (b(o, "carried")) meta += (meta.empty() ? "" : "／") + std::string("次回へ持ち越し");
    if (!meta.empty()) issues += grey("（" + meta + "）");
  }
  const std::string next = bold("次回の開催時期") + "：" + (s(v, "next_meeting").empty() ? kNone : e(v, "next_meeting_ja"));
  return join_paragraphs({issues, next});
}

std::string support_markup(const json& v) {
  std::string out;
  for (const auto& r : v.at("roles")) {
    if (!out.empty()) out += "\n";
    out += "・" + bold(e(r, "role")) + "　担当：" + e(r, "who") + grey("（" + e(r, "resource_label") + "）");
    if (b(r, "key_person")) out += "　◎キーマン";
    if (!s(r, "can_do").empty()) out += "\n　" + indented(r, "can_do", "　");
  }
  return out;
}

std::string consent_markup(const json& v) {
  std::string out;
  for (const auto& d : v.at("decisions")) out += (out.empty() ? "" : "\n") + decision_line(d);
  const std::string sign =
      "上記の個別支援計画について説明を受け、同意しました。\n"
      "　　　　年　　月　　日　　本人（代理人）氏名　＿＿＿＿＿＿＿＿＿＿＿＿";
  return join_paragraphs({out, sign});
}

void draw_form(Canvas& c, const json& v) {
  draw_title(c, v);
  draw_header_rows(c, v);
  draw_attendees(c, v);
  const bool is = b(v, "is_individual_support");
  if (is) {
    form_row(c, "長期目標", e(v, "long_term_goal"), 30);
    form_row(c, "短期目標", e(v, "short_term_goal"), 30);
  }
  form_row(c, "検討した項目", agenda_items_markup(v), 50);
  form_row(c, "検討内容", notes_markup(v), 110);
  form_row(c, "結論", conclusions_markup(v), 70);
  if (is) {
    form_row(c, "支援内容・担当者", support_markup(v), 50);
    form_row(c, "本人の同意", consent_markup(v), 50);
  }
  form_row(c, "残された課題\n（次回の開催時期）", open_issues_markup(v), 50);
}

// ── After the form: bordered tables ───────────────────────────────────────────────────────────

struct Column {
  const char* header;
  double w;  // pt; the last column takes the rest of the width
  Align align = Align::left;
};

/// A section heading ("■ チェックリスト" and a note under it) as the lead of the table after it,
/// so that it never stays alone at the foot of a page (pdf::draw_table).
pdf::Lead section_heading(Canvas& c, const std::string& text, const std::string& note = {}) {
  const std::string title = bold("■ " + pdf::markup_escape(text));
  const Font title_font{pdf::kSerif, 12.0, true};
  constexpr double kGapAbove = 14;
  const double h = c.text_height(title, title_font, Canvas::width()) + 2 +
                   (note.empty() ? 0.0 : c.text_height(note, kSmallFont, Canvas::width())) + 4;
  return {(c.at_page_top() ? 0.0 : kGapAbove) + h, [&c, title, title_font, note] {
            if (!c.at_page_top()) c.set_y(c.y() + kGapAbove);
            c.set_y(c.y() + c.text(title, title_font, Canvas::left(), c.y(), Canvas::width()) + 2);
            if (!note.empty()) c.set_y(c.y() + c.text(note, kSmallFont, Canvas::left(), c.y(), Canvas::width()));
            c.set_y(c.y() + 4);
          }};
}

std::vector<Cell> table_cells(const std::vector<Column>& cols, const std::vector<std::string>& markup, bool header) {
  std::vector<Cell> cells;
  double x = Canvas::left();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const double w = i + 1 == cols.size() ? Canvas::right() - x : cols[i].w;
    if (header)
      cells.push_back(Cell{x, w, pdf::markup_escape(cols[i].header), kHeaderFont, Align::center, VAlign::middle, true, {}});
    else
      cells.push_back(Cell{x, w, markup[i], kBodyFont, cols[i].align, VAlign::top, false, {}});
    x += w;
  }
  return cells;
}

/// A row of a table: its cells (markup), or, when `cells` is empty, a section row showing `group`.
struct TableRow {
  std::vector<std::string> cells;
  std::string group;
};

/// A table under its heading, with its header repeated on every page it spans.
void table(Canvas& c, const pdf::Lead& heading, const std::vector<Column>& cols, const std::vector<TableRow>& rows) {
  pdf::Table t;
  t.header = table_cells(cols, {}, true);
  for (const auto& r : rows) {
    if (r.cells.empty())
      t.rows.push_back({{Cell{Canvas::left(), Canvas::width(), r.group, kHeaderFont, Align::left, VAlign::middle, true, {}}},
                        true});
    else
      t.rows.push_back({table_cells(cols, r.cells, false), false});
  }
  if (rows.empty())
    t.rows.push_back({{Cell{Canvas::left(), Canvas::width(), kNone, kBodyFont, Align::center, VAlign::middle, false, {}}},
                      false});
  pdf::draw_table(c, t, heading);
}

void draw_roles(Canvas& c, const json& v) {
  const std::string keyman = s(v, "key_person_names").empty() ? "" : "キーマン：" + e(v, "key_person_names") + "（◎）";
  const pdf::Lead heading = section_heading(c, "役割分担", keyman);
  std::vector<TableRow> rows;
  for (const auto& r : v.at("roles"))
    rows.push_back({{e(r, "key_person_mark"), e(r, "role"), e(r, "who"), pdf::no_break(e(r, "resource_label")), e(r, "can_do"),
                     e(r, "cannot_do")}, {}});
  table(c, heading, {{"キーマン", 44, Align::center}, {"役割", 84}, {"担当（氏名・機関）", 90}, {"資源", 72, Align::center},
            {"できること", 110}, {"できないこと", 0}},
        rows);
}

void draw_checklist(Canvas& c, const json& v) {
  const pdf::Lead heading = section_heading(c, "チェックリスト", "確認済み " + std::to_string(v.at("checklist_checked").get<int>()) + " / " +
                                           std::to_string(v.at("checklist_total").get<int>()) + " 項目");
  std::vector<TableRow> rows;
  for (const auto& sec : v.at("checklist_sections")) {
    rows.push_back({{}, e(sec, "section") + "　" + std::to_string(sec.at("checked_count").get<int>()) + " / " +
                            std::to_string(sec.at("total").get<int>())});
    for (const auto& i : sec.at("items"))
      rows.push_back({{e(i, "mark"), e(i, "text"), e(i, "checked_by"), e(i, "comment")}, {}});
  }
  table(c, heading, {{"確認", 34, Align::center}, {"項目", 250}, {"確認者", 76}, {"コメント", 0}}, rows);
}

void draw_decisions(Canvas& c, const json& v) {
  const pdf::Lead heading = section_heading(c, "決定事項と同意");
  std::vector<TableRow> rows;
  for (const auto& d : v.at("decisions")) {
    std::string consent = e(d, "consent_label");
    if (!s(d, "consent_by").empty()) consent += "\n" + grey((b(d, "is_proxy") ? "代理人：" : "") + e(d, "consent_by"));
    std::string text = e(d, "text");
    if (!s(d, "proposed_by").empty()) text += "\n" + grey("提案：" + e(d, "proposed_by"));
    rows.push_back({{std::to_string(d.at("number").get<int>()), text, e(d, "agenda_title"), pdf::no_break(e(d, "status_label")),
                     consent, e(d, "dissent")}, {}});
  }
  table(c, heading, {{"No.", 26, Align::center}, {"決定事項", 160}, {"関連する議題", 84}, {"状態", 48, Align::center},
            {"同意", 84}, {"反対意見・条件", 0}},
        rows);
}

}  // namespace

std::string render_pdf_bytes(const core::MeetingState& state, const RenderOptions& options) {
  const json v = minutes_view(state, options);
  Canvas c;
  c.set_page_header([&v](Canvas& page) {
    std::string text = e(v, "heading");
    if (!s(v, "person_name").empty()) text += "　利用者名：" + e(v, "person_name") + " 殿";
    if (!s(v, "date").empty()) text += "　開催日：" + e(v, "date_ja");
    const double h = page.text(grey(text), kSmallFont, Canvas::left(), page.y(), Canvas::width());
    page.line(Canvas::left(), page.y() + h + 2, Canvas::right(), page.y() + h + 2, 0.4);
    page.set_y(page.y() + h + 8);
  });
  draw_form(c, v);
  c.new_page();
  draw_roles(c, v);
  pdf::draw_ecomap_page(c, state, v, options);
  draw_checklist(c, v);
  draw_decisions(c, v);
  try {
    return c.finish(s(v, "heading"));
  } catch (const std::exception& ex) {
    throw MinutesError(std::string("cannot render PDF minutes: ") + ex.what());
  }
}

}  // namespace renkei::minutes
