// Minutes of a meeting: Markdown and HTML from logic-less Mustache templates
// (templates/minutes/), a PDF drawn directly with cairo/pango in the layout of 居宅サービス計画書
// 標準様式 第4表「サービス担当者会議の要点」 (DESIGN.md, "Minutes" and "The 第4表 layout"), and the
// JSON snapshot. Everything is rendered from a core::MeetingState; nothing here touches the
// session or the network.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/meeting_state.hpp"
#include "minutes/audience.hpp"

namespace renkei::minutes {

/// Output formats of the minutes.
/// - markdown: templates/minutes/minutes.md.mustache, UTF-8, GitHub-flavoured tables.
/// - html: templates/minutes/minutes.html.mustache, a standalone UTF-8 document (A4 print CSS).
/// - pdf: drawn with cairo/pango (no template), A4 portrait, the 第4表 form then the role board,
///   the ecomap, the checklist and the decision log.
/// - json: core::to_json(state) pretty-printed with two-space indent (the CLI's export format).
enum class Format { markdown, html, pdf, json };

/// Parses a format name as typed on the command line: "md" or "markdown", "html", "pdf",
/// "json" (exact, lower case). std::nullopt for anything else.
std::optional<Format> format_from_string(std::string_view name);

/// The canonical name of a format ("markdown", "html", "pdf", "json").
const char* to_string(Format format);

/// The usual file extension of a format, without the dot ("md", "html", "pdf", "json").
const char* file_extension(Format format);

/// Options shared by every renderer.
struct RenderOptions {
  /// Folder holding minutes.md.mustache and minutes.html.mustache. Empty: default_templates_dir().
  std::filesystem::path templates_dir;
  /// 作成年月日 used when meeting.created_on is empty: an ISO date "YYYY-MM-DD" (the caller
  /// passes today's date; the renderers never read the clock, so output is reproducible).
  std::string generated_on;
  /// Who the minutes are for. Every renderer (minutes_view, render_text, render_pdf_bytes,
  /// render_pdf, export_minutes and the ecomap they draw) applies for_audience() itself, so
  /// the attendees' version never contains an item of a narrower partition.
  Audience audience = Audience::full;
  /// Markdown: where the ecomap image link points, relative to the Markdown file. Empty:
  /// "minutes-ecomap.svg". export_minutes sets it to "<stem of out>-ecomap.svg" and writes that
  /// file beside the Markdown.
  std::string ecomap_file;
};

/// Thrown when minutes cannot be produced: a template that is missing, unreadable or malformed
/// (unbalanced sections, unclosed tags), an output path that cannot be written, a cairo error.
/// what() names the file concerned.
struct MinutesError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Where the minutes templates are looked up, in this order:
/// 1. $RENKEI_DATA_DIR/templates/minutes when the environment variable is set;
/// 2. RENKEI_SOURCE_DATA_DIR/templates/minutes (the source tree, a compile definition) when that
///    folder exists;
/// 3. <folder of the running executable>/../share/renkei/templates/minutes (an installed tree).
/// The folder is not checked further; a missing template is reported when it is read.
std::filesystem::path default_templates_dir();

/// The view model handed to the Mustache templates, and the data the PDF is drawn from, as
/// plain (unescaped) text, of for_audience(state, options.audience). Field by field:
///
/// Meeting (第4表 header):
/// - kind ("service_coordination" …), kind_label (サービス担当者会議 …)
/// - is_service_coordination, is_individual_support, is_other_kind (monitoring, case_review): bools
/// - form_number: "第4表" for service_coordination, else ""
/// - form_title: "サービス担当者会議の要点" | "個別支援会議 記録" | "<kind_label> 記録"
/// - heading: the printed title, "第4表「サービス担当者会議の要点」" | "個別支援会議 記録" | …
/// - title: the meeting's own title; template_name, template_source
/// - plan_author_label: "居宅サービス計画作成者（担当者）氏名", or for individual_support
///   "個別支援計画作成者（サービス管理責任者）氏名"; plan_author
/// - created_on (ISO; meeting.created_on, else RenderOptions::generated_on), created_on_ja
///   ("2024年5月21日"), created_on_wareki ("令和6年5月21日"); generated_on (ISO)
/// - person_name (利用者名, without 殿), person_id
/// - date (ISO), date_ja ("2024年5月20日（月）"), date_wareki ("令和6年5月20日（月）")
/// - place; start_time, end_time ("HH:MM"); time_range ("14:00〜15:30", or the one known end)
/// - session_number (int ≥ 1), session_label ("第2回")
/// - chair_name, recorder_name (司会, 記録: attendee names, or "")
/// - next_meeting (as stored), next_meeting_ja (an ISO date formatted as date_ja, else as stored)
/// - long_term_goal, short_term_goal, has_goals (個別支援会議)
/// - audience ("full" | "attendees"), is_attendees_version (bool), audience_label ("出席者向け"
///   or ""), audience_note ("この記録は出席者全員に共有できる内容のみを含みます" or ""); for the
///   attendees' version `heading` ends with "（出席者向け）"
///
/// Attendance (会議出席者):
/// - attendees: present members in list order, each {number, name, organization, profession,
///   affiliation ("所属（職種）", "本人", "家族（母）"), relation, relation_label, relationship,
///   is_person, is_family, is_chair, is_recorder}; has_attendees
/// - attendee_rows: attendees three per row for the form grid, [{cells: [{affiliation, name,
///   filled}] ×3}], padded with empty cells, at least two rows; attendee_rowspan: rows of the
///   grid + 2 (its header and the 本人・家族 row), for a 会議出席者 label cell spanning them
/// - person_present (bool), person_attendance: 本人 "出席" | "欠席" (the person is in the attendee
///   list, present or absent) | "―" (no attendee with relation person: not recorded)
/// - family: every family member [{name, relationship, present, attendance}]; has_family
/// - family_present (bool), family_attendance: "出席" | "欠席" | "―" (no family listed);
///   family_relationships: 続柄 of the family present (else of all listed), joined by "・"
/// - absentees: members not present, each {name, organization, profession, affiliation,
///   relation_label, inquiry_date (ISO), inquiry_date_ja, inquiry_content, inquiry_reply,
///   has_inquiry, has_reply}; has_absentees
///
/// Agenda (検討した項目 / 検討内容 / 結論):
/// - agenda: [{number, title, presenter, status, status_label, timebox_min, notes, has_notes,
///   conclusion, has_conclusion, decisions (those linked to the item, shaped as below),
///   has_decisions}]; has_agenda
/// - decisions: the decision log [{number, text, agenda_title, status, status_label, is_agreed,
///   consent, consent_label (同意/不同意/未確認), consent_by ("本人", the proxy's name, or "" when
///   not asked), is_proxy, proxy_name, consent_summary ("同意（本人）", "同意（代理人：…）",
///   "未確認"), dissent, has_dissent, proposed_by}]; has_decisions
/// - agreed_decisions: the decisions with status agreed (結論); has_agreed_decisions
///
/// Follow-up (残された課題, 役割分担, checklist):
/// - open_issues: [{number, text, owner, due, due_ja, carried, carried_label}]; has_open_issues
/// - roles: [{number, role, who, resource, resource_label (フォーマル/インフォーマル), can_do,
///   cannot_do, key_person (bool), key_person_mark ("◎" or "")}]; has_roles;
///   key_person_names (キーマン, joined by "、")
/// - checklist_sections: checklist items grouped by section in first-appearance order,
///   [{section, checked_count, total, items: [{text, source, checked, mark ("✓" or "□"),
///   checked_by, comment}]}]; has_checklist, checklist_checked, checklist_total
///
/// エコマップ (社会資源関係図, seed 002 legend; ecomap.hpp):
/// - has_ecomap: the meeting has relationships or role-board entries naming someone (has_ecomap())
/// - ecomap_file: the Markdown image link target (RenderOptions::ecomap_file or the default)
/// - ecomap_relations: one row per line of the map, in its node order: [{who, category_label
///   (家族/フォーマル/インフォーマル), attributes ("女性・死亡", "キーマン", …), strength_label
///   (強い関係/弱い関係/ストレスや葛藤のある関係), direction_label ("本人へ →", "本人から ←",
///   "双方向 ↔" or ""), note}]
/// - ecomap_legend: the seed's legend as one line of text
/// - ecomap_svg (HTML only, added by render_text): the inline SVG of ecomap_svg() without its XML
///   declaration; insert it raw ({{{ecomap_svg}}})
///
/// Multi-line text keeps its "\n" (trailing white space and blank lines are dropped). Lists are numbered from 1. Empty strings and empty lists are
/// falsy in Mustache, so `{{#field}}…{{/field}}` shows a part only when there is content.
nlohmann::json minutes_view(const core::MeetingState& state, const RenderOptions& options);

/// Renders the minutes as text: Markdown or HTML through the template
/// `<templates_dir>/minutes.md.mustache` or `minutes.html.mustache`, or the JSON export
/// (core::to_json of for_audience(state, options.audience)). HTML embeds the ecomap as inline
/// SVG; Markdown links to it (ecomap_file), which export_minutes writes.
/// HTML: `{{field}}` is HTML-escaped (& < > " '); multi-line text relies on CSS
/// `white-space: pre-wrap`. Markdown: the template uses raw `{{{field}}}`; every string of the
/// view model is made table-safe instead ("|" → "\|", line breaks → "<br>"), nothing else is
/// escaped. Throws MinutesError naming the template when it is missing or malformed, and
/// std::invalid_argument for Format::pdf (use render_pdf).
std::string render_text(const core::MeetingState& state, Format format, const RenderOptions& options);

/// Renders the PDF (A4 portrait, 595.28 × 841.89 pt, margins 15 mm / 14 mm top / 16 mm bottom,
/// IPAexGothic/IPAexMincho through fontconfig, else Noto Sans/Serif CJK JP; fonts.hpp) into memory and returns its bytes. Page 1 onwards:
/// the bordered form of 居宅サービス計画書標準様式 第4表 (DESIGN.md "The 第4表 layout"; for
/// individual_support the 個別支援会議 記録 with 長期目標, 短期目標, 支援内容・担当者, 本人の同意),
/// its four text rows growing with their content and continuing on further pages with the label
/// repeated "（続き）"; then, from a new page, 役割分担, チェックリスト and 決定事項と同意 as
/// bordered tables (a heading, a table's header and a section row never left at the foot of a
/// page without the row after them; the header repeated on every page a table continues on), with the page エコマップ（社会資源関係図） (draw_ecomap, vector) after 役割分担
/// when the meeting has relationships or role-board entries; "n / N" at the bottom of each page.
/// Details in pdf_form.cpp and pdf_ecomap.cpp.
/// Throws MinutesError on a cairo error.
std::string render_pdf_bytes(const core::MeetingState& state, const RenderOptions& options);

/// Renders the PDF (render_pdf_bytes) and writes it to `out` atomically. Throws MinutesError.
void render_pdf(const core::MeetingState& state, const std::filesystem::path& out,
                const RenderOptions& options);

/// Renders the minutes in `format` and writes them to `out` atomically: into a temporary file in
/// the same folder, flushed and fsync'ed, then renamed over `out`. On any failure (rendering,
/// writing, renaming) the temporary file is removed and an existing `out` is left untouched.
/// Markdown with an ecomap: the SVG (ecomap_svg, for the same audience) is then written the same
/// way beside it as "<stem of out>-ecomap.svg" (minutes.md → minutes-ecomap.svg), the file the
/// Markdown's image link names; when that second write fails the Markdown is already in place.
/// Throws MinutesError naming the file.
void export_minutes(const core::MeetingState& state, Format format, const std::filesystem::path& out,
                    const RenderOptions& options);

/// Writes `bytes` to `out` atomically, as export_minutes does. Throws MinutesError naming `out`.
void write_file_atomically(const std::filesystem::path& out, std::string_view bytes);

}  // namespace renkei::minutes
