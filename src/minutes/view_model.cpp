// minutes_view(): the Mustache view model (documented field by field in minutes.hpp), also the
// data the PDF form is drawn from, so every output shows the same labels and dates.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "minutes/ecomap_detail.hpp"
#include "minutes/minutes.hpp"
#include "minutes/text_format.hpp"

namespace renkei::minutes {
namespace {

using nlohmann::json;
using core::AttendeeRelation;

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

/// Free text without trailing white space or blank lines (a note typed with a final Enter).
std::string trimmed(const std::string& text) {
  const auto end = text.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? std::string() : text.substr(0, end + 1);
}

/// 所属（職種） as written in the attendee grid of 第4表.
std::string affiliation(const core::Attendee& a) {
  switch (a.relation) {
    case AttendeeRelation::person:
      return "本人";
    case AttendeeRelation::family:
      return a.relationship.empty() ? std::string("家族") : "家族（" + a.relationship + "）";
    default:
      break;
  }
  if (a.organization.empty()) return a.profession;
  if (a.profession.empty()) return a.organization;
  return a.organization + "（" + a.profession + "）";
}

std::string name_of(const core::MeetingState& s, const std::optional<core::ItemId>& id) {
  if (!id) return {};
  const core::Attendee* a = s.find_attendee(*id);
  return a ? a->name : std::string();
}

json decision_view(const core::MeetingState& s, const core::Decision& d, int number) {
  std::string agenda_title;
  if (d.agenda_item)
    if (const core::AgendaItem* item = s.find_agenda_item(*d.agenda_item)) agenda_title = item->title;
  const bool asked = d.consent != core::ConsentState::not_asked;
  const std::string by = !asked ? std::string() : d.proxy_name.empty() ? std::string("本人") : d.proxy_name;
  std::string summary = core::label_ja(d.consent);
  if (asked) summary += d.proxy_name.empty() ? "（本人）" : "（代理人：" + d.proxy_name + "）";
  return {
      {"number", number},
      {"text", trimmed(d.text)},
      {"agenda_title", agenda_title},
      {"status", core::to_string(d.status)},
      {"status_label", core::label_ja(d.status)},
      {"is_agreed", d.status == core::DecisionStatus::agreed},
      {"consent", core::to_string(d.consent)},
      {"consent_label", core::label_ja(d.consent)},
      {"consent_by", by},
      {"is_proxy", asked && !d.proxy_name.empty()},
      {"proxy_name", d.proxy_name},
      {"consent_summary", summary},
      {"dissent", trimmed(d.dissent)},
      {"has_dissent", !trimmed(d.dissent).empty()},
      {"proposed_by", d.proposed_by},
  };
}

void add_meeting_fields(json& v, const core::Meeting& m, const RenderOptions& o) {
  using core::MeetingKind;
  const bool sc = m.kind == MeetingKind::service_coordination;
  const bool is = m.kind == MeetingKind::individual_support;
  v["kind"] = core::to_string(m.kind);
  v["kind_label"] = core::label_ja(m.kind);
  v["is_service_coordination"] = sc;
  v["is_individual_support"] = is;
  v["is_other_kind"] = !sc && !is;
  v["form_number"] = sc ? "第4表" : "";
  const std::string form_title = sc   ? std::string("サービス担当者会議の要点")
                                 : is ? std::string("個別支援会議 記録")
                                      : std::string(core::label_ja(m.kind)) + " 記録";
  v["form_title"] = form_title;
  v["heading"] = sc ? "第4表「" + form_title + "」" : form_title;
  v["title"] = m.title;
  v["template_name"] = m.template_name;
  v["template_source"] = m.template_source;
  v["plan_author_label"] = is ? "個別支援計画作成者（サービス管理責任者）氏名"
                              : "居宅サービス計画作成者（担当者）氏名";
  v["plan_author"] = m.plan_author;
  const std::string created = m.created_on.empty() ? o.generated_on : m.created_on;
  v["created_on"] = created;
  v["created_on_ja"] = detail::date_ja(created);
  v["created_on_wareki"] = detail::date_wareki(created);
  v["generated_on"] = o.generated_on;
  v["person_name"] = m.person_name;
  v["person_id"] = m.person_id;
  v["date"] = m.date;
  v["date_ja"] = detail::date_ja(m.date, true);
  v["date_wareki"] = detail::date_wareki(m.date, true);
  v["place"] = m.place;
  v["start_time"] = m.start_time;
  v["end_time"] = m.end_time;
  v["time_range"] = (m.start_time.empty() && m.end_time.empty()) ? std::string()
                                                                 : m.start_time + "〜" + m.end_time;
  v["session_number"] = m.session_number;
  v["session_label"] = "第" + std::to_string(m.session_number) + "回";
  v["next_meeting"] = m.next_meeting;
  v["next_meeting_ja"] = detail::date_ja(m.next_meeting, true);
  v["long_term_goal"] = trimmed(m.long_term_goal);
  v["short_term_goal"] = trimmed(m.short_term_goal);
  v["has_goals"] = !m.long_term_goal.empty() || !m.short_term_goal.empty();
}

void add_attendance(json& v, const core::MeetingState& s) {
  json attendees = json::array(), absentees = json::array(), family = json::array();
  bool person_listed = false, person_present = false, family_present = false;
  std::vector<std::string> rel_present, rel_all;
  int number = 0;
  for (const auto& a : s.attendees) {
    const bool is_person = a.relation == AttendeeRelation::person;
    const bool is_family = a.relation == AttendeeRelation::family;
    if (is_person) {
      person_listed = true;
      person_present = person_present || a.present;
    }
    if (is_family) {
      family.push_back({{"name", a.name},
                        {"relationship", a.relationship},
                        {"present", a.present},
                        {"attendance", a.present ? "出席" : "欠席"}});
      family_present = family_present || a.present;
      rel_all.push_back(a.relationship);
      if (a.present) rel_present.push_back(a.relationship);
    }
    if (a.present) {
      attendees.push_back({{"number", ++number},
                           {"name", a.name},
                           {"organization", a.organization},
                           {"profession", a.profession},
                           {"affiliation", affiliation(a)},
                           {"relation", core::to_string(a.relation)},
                           {"relation_label", core::label_ja(a.relation)},
                           {"relationship", a.relationship},
                           {"is_person", is_person},
                           {"is_family", is_family},
                           {"is_chair", s.meeting.chair && *s.meeting.chair == a.id},
                           {"is_recorder", s.meeting.recorder && *s.meeting.recorder == a.id}});
    } else {
      const auto& q = a.inquiry;
      absentees.push_back({{"name", a.name},
                           {"organization", a.organization},
                           {"profession", a.profession},
                           {"affiliation", affiliation(a)},
                           {"relation_label", core::label_ja(a.relation)},
                           {"inquiry_date", q.date},
                           {"inquiry_date_ja", detail::date_ja(q.date)},
                           {"inquiry_content", trimmed(q.content)},
                           {"inquiry_reply", trimmed(q.reply)},
                           {"has_inquiry", !q.date.empty() || !q.content.empty() || !q.reply.empty()},
                           {"has_reply", !trimmed(q.reply).empty()}});
    }
  }
  json rows = json::array();
  const std::size_t n_rows = std::max<std::size_t>(2, (attendees.size() + 2) / 3);
  for (std::size_t r = 0; r < n_rows; ++r) {
    json cells = json::array();
    for (std::size_t c = 0; c < 3; ++c) {
      const std::size_t i = r * 3 + c;
      if (i < attendees.size())
        cells.push_back({{"affiliation", attendees[i]["affiliation"]},
                         {"name", attendees[i]["name"]},
                         {"filled", true}});
      else
        cells.push_back({{"affiliation", ""}, {"name", ""}, {"filled", false}});
    }
    rows.push_back({{"cells", std::move(cells)}});
  }
  v["has_attendees"] = !attendees.empty();
  v["attendees"] = std::move(attendees);
  v["attendee_rowspan"] = static_cast<int>(rows.size()) + 2;
  v["attendee_rows"] = std::move(rows);
  v["person_present"] = person_listed && person_present;
  // 本人 is 出席 or 欠席 only when recorded as an attendee; otherwise unknown, as for 家族.
  v["person_attendance"] = !person_listed ? "―" : person_present ? "出席" : "欠席";
  v["has_family"] = !family.empty();
  v["family_present"] = family_present;
  v["family_attendance"] = family.empty() ? "―" : family_present ? "出席" : "欠席";
  v["family_relationships"] = join(family_present ? rel_present : rel_all, "・");
  v["family"] = std::move(family);
  v["has_absentees"] = !absentees.empty();
  v["absentees"] = std::move(absentees);
  v["chair_name"] = name_of(s, s.meeting.chair);
  v["recorder_name"] = name_of(s, s.meeting.recorder);
}

void add_agenda_and_decisions(json& v, const core::MeetingState& s) {
  json decisions = json::array(), agreed = json::array();
  std::map<core::ItemId, json> by_item;
  int number = 0;
  for (const auto& d : s.decisions) {
    json dv = decision_view(s, d, ++number);
    if (d.status == core::DecisionStatus::agreed) agreed.push_back(dv);
    if (d.agenda_item) {
      auto [it, inserted] = by_item.try_emplace(*d.agenda_item, json::array());
      it->second.push_back(dv);
    }
    decisions.push_back(std::move(dv));
  }
  json agenda = json::array();
  number = 0;
  for (const auto& a : s.agenda) {
    json linked = json::array();
    if (auto it = by_item.find(a.id); it != by_item.end()) linked = it->second;
    const bool has_linked = !linked.empty();
    agenda.push_back({{"number", ++number},
                      {"title", a.title},
                      {"presenter", a.presenter},
                      {"status", core::to_string(a.status)},
                      {"status_label", core::label_ja(a.status)},
                      {"timebox_min", a.timebox_min},
                      {"notes", trimmed(a.notes)},
                      {"has_notes", !trimmed(a.notes).empty()},
                      {"conclusion", trimmed(a.conclusion)},
                      {"has_conclusion", !trimmed(a.conclusion).empty()},
                      {"decisions", std::move(linked)},
                      {"has_decisions", has_linked}});
  }
  v["has_agenda"] = !agenda.empty();
  v["agenda"] = std::move(agenda);
  v["has_decisions"] = !decisions.empty();
  v["decisions"] = std::move(decisions);
  v["has_agreed_decisions"] = !agreed.empty();
  v["agreed_decisions"] = std::move(agreed);
}

void add_follow_up(json& v, const core::MeetingState& s) {
  json issues = json::array();
  int number = 0;
  for (const auto& o : s.open_issues)
    issues.push_back({{"number", ++number},
                      {"text", trimmed(o.text)},
                      {"owner", o.owner},
                      {"due", o.due},
                      {"due_ja", detail::date_ja(o.due)},
                      {"carried", o.carried},
                      {"carried_label", o.carried ? "次回へ持ち越し" : ""}});
  v["has_open_issues"] = !issues.empty();
  v["open_issues"] = std::move(issues);

  json roles = json::array();
  std::vector<std::string> keymen;
  number = 0;
  for (const auto& r : s.roles) {
    if (r.key_person) keymen.push_back(r.who);
    roles.push_back({{"number", ++number},
                     {"role", r.role},
                     {"who", r.who},
                     {"resource", core::to_string(r.resource)},
                     {"resource_label", core::label_ja(r.resource)},
                     {"can_do", trimmed(r.can_do)},
                     {"cannot_do", trimmed(r.cannot_do)},
                     {"key_person", r.key_person},
                     {"key_person_mark", r.key_person ? "◎" : ""}});
  }
  v["has_roles"] = !roles.empty();
  v["roles"] = std::move(roles);
  v["key_person_names"] = join(keymen, "、");

  json sections = json::array();
  std::map<std::string, std::size_t> index;
  int checked_total = 0;
  for (const auto& c : s.checklist) {
    auto [it, inserted] = index.try_emplace(c.section, sections.size());
    if (inserted)
      sections.push_back({{"section", c.section}, {"checked_count", 0}, {"total", 0}, {"items", json::array()}});
    json& sec = sections[it->second];
    sec["items"].push_back({{"text", trimmed(c.text)},
                            {"source", c.source},
                            {"checked", c.checked},
                            {"mark", c.checked ? "✓" : "□"},
                            {"checked_by", c.checked_by},
                            {"comment", trimmed(c.comment)}});
    sec["total"] = sec["total"].get<int>() + 1;
    if (c.checked) {
      sec["checked_count"] = sec["checked_count"].get<int>() + 1;
      ++checked_total;
    }
  }
  v["has_checklist"] = !sections.empty();
  v["checklist_sections"] = std::move(sections);
  v["checklist_checked"] = checked_total;
  v["checklist_total"] = static_cast<int>(s.checklist.size());
}

/// The attendees' version says so in its title and in a note under it.
void add_audience(json& v, Audience audience) {
  const bool attendees = audience == Audience::attendees;
  v["audience"] = to_string(audience);
  v["is_attendees_version"] = attendees;
  v["audience_label"] = attendees ? "出席者向け" : "";
  v["audience_note"] = attendees ? "この記録は出席者全員に共有できる内容のみを含みます" : "";
  if (attendees) v["heading"] = v["heading"].get<std::string>() + "（出席者向け）";
}

/// A relative link destination for Markdown: characters that would end it percent-encoded.
std::string link_target(const std::string& file) {
  std::string out;
  for (char c : file) {
    switch (c) {
      case ' ': out += "%20"; break;
      case '(': out += "%28"; break;
      case ')': out += "%29"; break;
      case '<': out += "%3C"; break;
      case '>': out += "%3E"; break;
      default: out += c;
    }
  }
  return out;
}

void add_ecomap(json& v, const core::MeetingState& s, const RenderOptions& o) {
  v["has_ecomap"] = has_ecomap(s);
  v["ecomap_file"] = link_target(o.ecomap_file.empty() ? std::string("minutes-ecomap.svg") : o.ecomap_file);
  v["ecomap_legend"] =
      "□ 男性　○ 女性　⊗ 死亡　◎ 本人　／　—— 強い関係　…… 弱い関係　++++ ストレスや葛藤のある関係　／　"
      "→ ← 支援の働きかけ　↔ エネルギーの向かう方向";
  json rows = json::array();
  if (has_ecomap(s))
    for (const auto& t : ecomap_detail::describe(ecomap_detail::collect(s)))
      rows.push_back({{"who", t.who},
                      {"category_label", t.category},
                      {"attributes", t.attributes},
                      {"strength_label", t.strength},
                      {"direction_label", t.direction},
                      {"note", t.note}});
  v["ecomap_relations"] = std::move(rows);
}

}  // namespace

json minutes_view(const core::MeetingState& full_state, const RenderOptions& options) {
  const core::MeetingState state = for_audience(full_state, options.audience);
  json v = json::object();
  add_meeting_fields(v, state.meeting, options);
  add_audience(v, options.audience);
  add_attendance(v, state);
  add_agenda_and_decisions(v, state);
  add_follow_up(v, state);
  add_ecomap(v, state, options);
  return v;
}

}  // namespace renkei::minutes
