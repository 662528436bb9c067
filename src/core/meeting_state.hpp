// The meeting as a front end or the minutes see it: an immutable, typed snapshot computed from
// the replicated document (document.hpp). Vocabulary follows the glossary of DESIGN.md, which
// maps the seed terms (サービス担当者会議, 役割分担, 残された課題, …) to these names.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/sequence.hpp"

namespace renkei::core {

/// Meeting kinds (glossary): サービス担当者会議, 個別支援会議, モニタリング, 事例検討会.
enum class MeetingKind { service_coordination, individual_support, monitoring, case_review };

/// 議題の状態: not yet reached, being discussed now, finished, skipped.
enum class AgendaStatus { pending, current, done, skipped };

/// 社会資源: フォーマル (institutional, 制度化された) or インフォーマル (family, neighbours,
/// volunteers …), seed 001_91a5a0ebc97f03c9.txt (地域資源: フォーマル／インフォーマル).
enum class ResourceKind { formal, informal };

/// 決定の状態.
enum class DecisionStatus { proposed, agreed, deferred, withdrawn };

/// 本人（または代理人）の同意.
enum class ConsentState { not_asked, given, withheld };

/// Who an attendee is in relation to the person: 本人, 家族, a professional (専門職, bound by
/// confidentiality), or a community member (民生委員, neighbour — seed 002 STEP ③).
enum class AttendeeRelation { person, family, professional, community };

/// An audience partition name. Issue 2 has only kAllAttendees; DESIGN.md (Privacy).
inline constexpr const char* kAllAttendees = "all";

/// 欠席者への照会: a written inquiry to an absent member (第4表, under 検討した項目).
struct Inquiry {
  std::string date;     ///< ISO 8601 date "YYYY-MM-DD", or empty
  std::string content;  ///< what was asked
  std::string reply;    ///< their answer, or empty while none has come
};

/// 出席者 (or an absent member, present == false).
struct Attendee {
  ItemId id;
  std::string name;
  std::string organization;  ///< 所属
  std::string profession;    ///< 職種
  AttendeeRelation relation = AttendeeRelation::professional;
  std::string relationship;  ///< 続柄 for family ("母"), free text
  bool present = true;
  Inquiry inquiry;           ///< meaningful when !present
  /// Bound by confidentiality (守秘義務): sees the "pro" partition (audience.hpp). Unset, it
  /// follows the relation (professional → true).
  bool professional_audience = true;
  std::string partition = kAllAttendees;
};

/// 議題 / 検討した項目.
struct AgendaItem {
  ItemId id;
  std::string title;
  std::string presenter;
  std::string hint;               ///< what the chair should cover (from the template's seeds)
  int timebox_min = 0;            ///< minutes allotted; 0 = no timebox
  AgendaStatus status = AgendaStatus::pending;
  std::string started_at;         ///< ISO 8601 local date-time when it last became current, or empty
  std::int64_t elapsed_sec = 0;   ///< seconds spent in earlier current periods (excludes the running one)
  std::string notes;              ///< 検討内容 (text CRDT, code points)
  std::string conclusion;         ///< 結論 (text CRDT)
  /// The character ids of notes / conclusion, in order (one id per code point), so a front end
  /// can say which characters a change removes and after which one it inserts — exact under
  /// concurrent typing. Not part of to_json() (nor of the state hash).
  std::vector<IdSpan> notes_ids, conclusion_ids;
  std::string partition = kAllAttendees;
};

/// 役割分担: who does what, with each member's できること・できないこと (seed 002 STEP ②).
struct RoleAssignment {
  ItemId id;
  std::string role;               ///< the role or task (司会, 記録, 通院同行 …)
  std::string who;                ///< a person's or organization's name as written
  std::optional<ItemId> attendee; ///< the attendee this refers to, when it is one
  ResourceKind resource = ResourceKind::formal;
  std::string can_do;             ///< できること
  std::string cannot_do;          ///< できないこと
  bool key_person = false;        ///< キーマン (seed 000: 責任分散回避・情報の一元化・進捗管理)
  std::string partition = kAllAttendees;
};

/// A checklist item: the review points, the three sharings and STEP ①–③ of the seeds.
struct ChecklistItem {
  ItemId id;
  std::string section;  ///< group heading, e.g. "3つの共有"
  std::string text;
  std::string source;   ///< seed file the item is drawn from
  bool checked = false;
  std::string checked_by;  ///< display name of who ticked it
  std::string comment;
  std::string partition = kAllAttendees;
};

/// 決定 and the person's 同意.
struct Decision {
  ItemId id;
  std::string text;
  std::optional<ItemId> agenda_item;
  DecisionStatus status = DecisionStatus::proposed;
  ConsentState consent = ConsentState::not_asked;
  std::string proxy_name;  ///< empty: the person (本人) answered; otherwise the named proxy (代理人)
  std::string dissent;     ///< dissent or conditions (反対意見・条件)
  std::string proposed_by;
  std::string partition = kAllAttendees;
};

/// 残された課題.
struct OpenIssue {
  ItemId id;
  std::string text;
  std::string owner;
  std::string due;          ///< ISO date or empty
  bool carried = true;      ///< carried to the next meeting (次回へ持ち越し)
  std::string partition = kAllAttendees;
};

/// エコマップ line kinds and directions (seed 002_9a93a877bd45b4c1.txt, 参考資料 エコマップの書き方).
enum class RelationStrength { strong, weak, stressful };  ///< —— 強い / …… 弱い / ++++ ストレス・葛藤
enum class RelationDirection { none, to_person, from_person, both };  ///< → ← ↔ 支援・エネルギーの向き
enum class RelationCategory { family, formal, informal };
enum class Gender { unknown, male, female };  ///< □ 男性 / ○ 女性

/// One relationship of the person for the エコマップ (drawn with the role board's resources).
struct Relationship {
  ItemId id;
  std::string who;                  ///< a person, organization or resource, as written
  std::optional<ItemId> attendee;   ///< when it is an attendee
  RelationCategory category = RelationCategory::family;
  RelationStrength strength = RelationStrength::strong;
  RelationDirection direction = RelationDirection::none;
  Gender gender = Gender::unknown;
  bool deceased = false;            ///< ⊗
  std::string note;
  std::string partition = kAllAttendees;
};

/// A device (laptop) admitted to the meeting by the chair: its TLS identity and where it
/// listens, so that admitted peers can connect to one another (DESIGN.md, Network).
struct Device {
  ItemId id;
  std::string fingerprint;  ///< SHA-256 of the device's public key (SPKI), 64 hex digits
  std::string name;         ///< the name the participant gave when joining
  std::string address;      ///< "ADDR:PORT" it accepts peer connections on, or empty
  std::string replica;      ///< replica id (16 hex digits) it writes operations with
  std::optional<ItemId> attendee;  ///< the attendee using it
};

/// The meeting's own registers (第4表 header rows).
struct Meeting {
  MeetingKind kind = MeetingKind::service_coordination;
  std::string title;
  std::string person_name;   ///< 本人 / 利用者名 (display name)
  std::string person_id;     ///< the office's internal id for the person
  std::string date;          ///< 開催日, ISO "YYYY-MM-DD"
  std::string place;         ///< 開催場所
  std::string start_time;    ///< 開催時間 from, "HH:MM"
  std::string end_time;      ///< 開催時間 to, "HH:MM"
  int session_number = 1;    ///< 開催回数
  std::optional<ItemId> chair;     ///< 司会 (an attendee)
  std::optional<ItemId> vice_chair;  ///< 副司会: may take the chair over (authority.hpp)
  std::optional<ItemId> recorder;  ///< 記録 (an attendee)
  std::string next_meeting;  ///< 次回開催時期: ISO date or free text ("3か月後")
  std::string created_on;    ///< 作成年月日, ISO date
  std::string plan_author;   ///< 計画作成者（担当者）氏名
  std::string long_term_goal;   ///< 長期目標 (個別支援会議)
  std::string short_term_goal;  ///< 短期目標 (個別支援会議)
  std::string template_name;    ///< template the meeting started from
  std::string template_source;  ///< seed file(s) the template cites
};

/// The whole visible meeting. Lists are in their replicated order.
struct MeetingState {
  Meeting meeting;
  std::vector<Attendee> attendees;
  std::vector<AgendaItem> agenda;
  std::vector<RoleAssignment> roles;
  std::vector<ChecklistItem> checklist;
  std::vector<Decision> decisions;
  std::vector<OpenIssue> open_issues;
  std::vector<Relationship> relationships;
  std::vector<Device> devices;

  /// The agenda item whose status is current, if any. When several are current (two people
  /// advanced concurrently) the document resolves it so at most one is; see document.cpp.
  [[nodiscard]] const AgendaItem* current_item() const;
  [[nodiscard]] const Attendee* find_attendee(const ItemId& id) const;
  [[nodiscard]] const AgendaItem* find_agenda_item(const ItemId& id) const;
};

// Names of enum values as used in JSON, templates and the CLI ("service_coordination", …).
const char* to_string(MeetingKind v);
const char* to_string(AgendaStatus v);
const char* to_string(ResourceKind v);
const char* to_string(DecisionStatus v);
const char* to_string(ConsentState v);
const char* to_string(AttendeeRelation v);
const char* to_string(RelationStrength v);
const char* to_string(RelationDirection v);
const char* to_string(RelationCategory v);
const char* to_string(Gender v);
std::optional<RelationStrength> relation_strength_from_string(std::string_view s);
std::optional<RelationDirection> relation_direction_from_string(std::string_view s);
std::optional<RelationCategory> relation_category_from_string(std::string_view s);
std::optional<Gender> gender_from_string(std::string_view s);
std::optional<MeetingKind> meeting_kind_from_string(std::string_view s);
std::optional<AgendaStatus> agenda_status_from_string(std::string_view s);
std::optional<ResourceKind> resource_kind_from_string(std::string_view s);
std::optional<DecisionStatus> decision_status_from_string(std::string_view s);
std::optional<ConsentState> consent_state_from_string(std::string_view s);
std::optional<AttendeeRelation> attendee_relation_from_string(std::string_view s);

/// Japanese labels for display and minutes (サービス担当者会議, 進行中, フォーマル, 合意, 同意 …).
const char* label_ja(MeetingKind v);
const char* label_ja(AgendaStatus v);
const char* label_ja(ResourceKind v);
const char* label_ja(DecisionStatus v);
const char* label_ja(ConsentState v);
const char* label_ja(AttendeeRelation v);
const char* label_ja(RelationStrength v);
const char* label_ja(RelationDirection v);
const char* label_ja(RelationCategory v);

/// The snapshot as JSON: the format of `renkei-cli export --format json`, of the CLI's "state"
/// reply, and the input of the minutes templates. Ids are OpId::to_string(); enums their
/// to_string() names. Documented in protocol/CLI.md.
nlohmann::json to_json(const MeetingState& state);

/// Parses to_json()'s output back (used by tests and by minutes rendering from a JSON export).
/// Throws std::invalid_argument naming the first bad field.
MeetingState meeting_state_from_json(const nlohmann::json& j);

}  // namespace renkei::core
