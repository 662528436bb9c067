// Meeting templates: the default agenda, role board and checklist a meeting starts from, one
// per meeting kind (サービス担当者会議, 個別支援会議, モニタリング, 事例検討会). Templates are data
// files in templates/meetings/*.json, read at run time so an office can change or add them
// without rebuilding; the format is documented in templates/README.md. This header only parses
// and validates the text: reading the file is the caller's business (core does no I/O).
//
// Where the content comes from: the training material in shared/seeds/ —
//   003_543ce78980a4fde5.txt  サービス担当者会議 (external) and 個別支援会議 (internal); the ten
//                             「会議等において業務を検証する、具体的なポイント」; モニタリング; 事例検討会
//   000_837f65cfe9cf520c.txt  3つの共有 (情報・価値・判断), ベクトル合わせ, キーマン, アセスメント,
//                             観察ポイント
//   002_9a93a877bd45b4c1.txt  連携・協働のステップ STEP ①–③, グラウンドルール, エコマップ
//   001_91a5a0ebc97f03c9.txt  社会資源: フォーマル / インフォーマル, the seven kinds
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/meeting_state.hpp"

namespace renkei::core {

/// The value of a template's "format" field.
inline constexpr const char* kMeetingTemplateFormat = "renkei-meeting-template";

/// The template format version this build reads (the "version" field).
inline constexpr int kMeetingTemplateVersion = 1;

/// Largest accepted agenda timebox, in minutes. A timebox above it is a typing error
/// (a case conference runs 45–60 minutes in all; seed 003 does not give durations).
inline constexpr int kMaxTimeboxMin = 600;

/// One default agenda item (議題). Becomes an AgendaItem when a meeting is opened from the
/// template.
struct TemplateAgendaItem {
  std::string title;      ///< 議題, e.g. "開会・出席者紹介（顔合わせ）"; never empty
  int timebox_min = 0;    ///< minutes allotted, 0..kMaxTimeboxMin; 0 = no timebox
  std::string presenter;  ///< a role name ("司会") or empty
  std::string hint;       ///< what the chair should cover, drawn from the seeds; may be empty
};

/// One default entry of the role board (役割分担). Becomes a RoleAssignment; who / can_do /
/// cannot_do are normally empty in a template and filled in during the meeting (seed 002
/// STEP ②: each member's 「できること」「できないこと」).
struct TemplateRole {
  std::string role;       ///< 司会, 記録, 時間管理, キーマン, …; never empty
  std::string who;        ///< a name, normally empty in a template
  ResourceKind resource = ResourceKind::formal;  ///< フォーマル / インフォーマル (seed 001)
  std::string can_do;     ///< できること, empty or a hint
  std::string cannot_do;  ///< できないこと, empty or a hint
  bool key_person = false;  ///< キーマン (seed 000: 責任分散回避・情報の一元化・進捗管理); at most one
};

/// One checklist item, flattened out of its section. Becomes a ChecklistItem.
struct TemplateChecklistItem {
  std::string section;  ///< the section heading, e.g. "3つの共有"; never empty
  std::string text;     ///< the item as shown; never empty
  std::string source;   ///< file the item is drawn from (a seed file name); one of the template's sources
};

/// A parsed, validated meeting template.
struct MeetingTemplate {
  MeetingKind kind = MeetingKind::service_coordination;
  std::string name;         ///< Japanese display name ("サービス担当者会議"); never empty
  std::string description;  ///< what the meeting is for; may be empty
  /// Files the template is drawn from (seed file names), in file order. Each entry's optional
  /// "note" (which section of the seed) is documentation for readers of the JSON and is not kept.
  std::vector<std::string> sources;
  /// Defaults for the meeting's registers: a JSON object whose keys are a subset of the
  /// core::Meeting fields a template may set (meeting_template_default_keys()), strings
  /// except "session_number" (an integer ≥ 1). Dates are "YYYY-MM-DD" or empty, times "HH:MM"
  /// or empty. Never contains kind, chair, recorder, template_name or template_source.
  nlohmann::json meeting_defaults = nlohmann::json::object();
  std::vector<TemplateAgendaItem> agenda;
  std::vector<TemplateRole> roles;
  std::vector<TemplateChecklistItem> checklist;  ///< sections flattened, in file order
};

/// A template that cannot be used. what() is "<field path>: <problem>", the path written as
/// in the JSON ("agenda[2].timebox_min", "checklist[0].items[3]"); the root object is called
/// "template". For text that is not JSON at all, field() is empty and what() starts with
/// "invalid JSON" and gives the parser's byte offset, line and column.
class TemplateError : public std::invalid_argument {
 public:
  /// `field` is the JSON path of the offending value (or empty); `problem` says what is wrong.
  TemplateError(std::string field, const std::string& problem);

  /// The JSON path of the offending value, e.g. "roles[1].resource"; empty for invalid JSON.
  [[nodiscard]] const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

/// The keys of "meeting" a template may set: the core::Meeting registers except kind (given by
/// the template's own "kind"), chair and recorder (attendee ids, known only in a meeting) and
/// template_name / template_source (filled from the template itself).
const std::vector<std::string>& meeting_template_default_keys();

/// Parses and validates a meeting template (format "renkei-meeting-template", version 1; see
/// templates/README.md). Strict: an unknown field, a missing required field, a value of the
/// wrong type, an unknown enum value ("kind", "resource"), a duplicated key, a second
/// キーマン, or a checklist item whose source is not among "sources" each throw TemplateError
/// naming the field; text that is not JSON throws TemplateError with the parser's position.
/// A leading UTF-8 byte-order mark is accepted.
MeetingTemplate parse_meeting_template(std::string_view json_text);

}  // namespace renkei::core
