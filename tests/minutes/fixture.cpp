#include "minutes/fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace renkei::minutes::test {
namespace {

constexpr core::PeerId kChairPeer = 0xa15a000000000001ULL;

core::ItemId id(std::uint64_t counter) { return core::ItemId{kChairPeer, counter}; }

core::Attendee attendee(std::uint64_t n, std::string name, std::string org, std::string profession,
                        core::AttendeeRelation relation = core::AttendeeRelation::professional) {
  core::Attendee a;
  a.id = id(n);
  a.name = std::move(name);
  a.organization = std::move(org);
  a.profession = std::move(profession);
  a.relation = relation;
  return a;
}

}  // namespace

core::MeetingState a_san_service_coordination() {
  using namespace core;
  MeetingState s;
  Meeting& m = s.meeting;
  m.kind = MeetingKind::service_coordination;
  m.title = "Aさん サービス担当者会議（計画変更）";
  m.person_name = "青木 明";
  m.person_id = "H-0042";
  m.date = "2024-05-20";
  m.place = "グループホームさくら 共有スペース";
  m.start_time = "14:00";
  m.end_time = "15:30";
  m.session_number = 2;
  m.chair = id(3);
  m.recorder = id(4);
  m.next_meeting = "2024-08-19";
  m.created_on = "2024-05-21";
  m.plan_author = "佐藤 恵子";
  m.template_name = "service_coordination";
  m.template_source = "003_543ce78980a4fde5.txt";

  s.attendees.push_back(attendee(1, "青木 明", "", "", AttendeeRelation::person));
  auto mother = attendee(2, "青木 花子", "", "", AttendeeRelation::family);
  mother.relationship = "母";
  s.attendees.push_back(mother);
  s.attendees.push_back(attendee(3, "佐藤 恵子", "相談支援事業所ひかり", "相談支援専門員"));
  s.attendees.push_back(attendee(4, "田中 誠", "グループホームさくら", "サービス管理責任者"));
  s.attendees.push_back(attendee(5, "鈴木 由美", "就労継続支援B型 みらい工房", "生活支援員"));
  auto helper = attendee(6, "高橋 健", "ヘルパーステーションあおば", "行動援護従業者");
  helper.present = false;
  helper.inquiry = {"2024-05-15", "休日の行動援護の利用状況と、外出時の混乱の有無について",
                    "月2回の利用で大きな混乱はない。\n駅の人混みでは「次は○○」と短く声をかけると落ち着く | 要継続。"};
  s.attendees.push_back(helper);
  auto volunteer = attendee(7, "伊藤 和子", "", "民生委員", AttendeeRelation::community);
  volunteer.present = false;
  volunteer.inquiry = {"2024-05-16", "地域の見守りで気づいたこと", ""};
  s.attendees.push_back(volunteer);

  AgendaItem a1;
  a1.id = id(10);
  a1.title = "グループホームでの生活状況の確認";
  a1.presenter = "田中 誠";
  a1.timebox_min = 20;
  a1.status = AgendaStatus::done;
  a1.notes =
      "入居から2か月が経過。こだわり行動による混乱は徐々に減っている。\n"
      "朝の支度に時間がかかり、B型事業所への出発が遅れる日が週1回ほどある。\n"
      "本人より「部屋は静かで好き」との発言あり。";
  a1.conclusion = "朝の支度は写真カードの手順表を使って支援する。";
  AgendaItem a2;
  a2.id = id(11);
  a2.title = "休日の余暇活動と行動援護の利用";
  a2.presenter = "佐藤 恵子";
  a2.timebox_min = 25;
  a2.status = AgendaStatus::done;
  a2.notes =
      "公民館の料理教室への参加が始まり、楽しみが増えている。\n"
      "母より「月2回 | 月3回に増やしたい」との希望。\n"
      "貼り付けられたメモ：<script>alert('x')</script> & \"引用\"";
  a2.conclusion = "行動援護を月3回に増やす方向で、市に支給量の変更を申請する。";
  AgendaItem a3;
  a3.id = id(12);
  a3.title = "就労継続支援B型での作業";
  a3.presenter = "鈴木 由美";
  a3.status = AgendaStatus::done;
  a3.notes = "作業は袋詰め。集中できる時間は30分程度。";
  s.agenda = {a1, a2, a3};

  RoleAssignment r1;
  r1.id = id(20);
  r1.role = "情報の一元化・進捗管理";
  r1.who = "佐藤 恵子（相談支援事業所ひかり）";
  r1.attendee = id(3);
  r1.can_do = "関係機関との連絡調整\n支給量変更の手続き";
  r1.cannot_do = "夜間・休日の緊急対応";
  r1.key_person = true;
  RoleAssignment r2;
  r2.id = id(21);
  r2.role = "朝の支度の支援";
  r2.who = "田中 誠（グループホームさくら）";
  r2.attendee = id(4);
  r2.can_do = "写真カードによる手順の提示";
  r2.cannot_do = "B型事業所までの送迎";
  RoleAssignment r3;
  r3.id = id(22);
  r3.role = "休日の外出";
  r3.who = "青木 花子（母）";
  r3.attendee = id(2);
  r3.resource = ResourceKind::informal;
  r3.can_do = "月1回の外食への同行";
  r3.cannot_do = "平日の付き添い";
  s.roles = {r1, r2, r3};

  auto check = [&](std::uint64_t n, std::string section, std::string text, bool checked, std::string by,
                   std::string comment) {
    ChecklistItem c;
    c.id = id(n);
    c.section = std::move(section);
    c.text = std::move(text);
    c.source = "000_837f65cfe9cf520c.txt";
    c.checked = checked;
    c.checked_by = std::move(by);
    c.comment = std::move(comment);
    s.checklist.push_back(std::move(c));
  };
  check(30, "3つの共有", "情報の共有：本人の状況を全員が同じ資料で確認した", true, "佐藤 恵子", "");
  check(31, "3つの共有", "価値の共有：本人の願いを支援の中心に置いた", true, "田中 誠", "「静かな部屋」の希望を確認");
  check(32, "3つの共有", "判断の共有：結論と役割分担を全員で確認した", false, "", "");
  check(33, "STEP ③", "共有する情報の範囲を出席者に応じて確認した", true, "佐藤 恵子", "民生委員には生活状況のみ共有");

  Decision d1;
  d1.id = id(40);
  d1.text = "朝の支度に写真カードの手順表を導入する";
  d1.agenda_item = id(10);
  d1.status = DecisionStatus::agreed;
  d1.consent = ConsentState::given;
  d1.proposed_by = "田中 誠";
  Decision d2;
  d2.id = id(41);
  d2.text = "行動援護の支給量を月3回に変更申請する";
  d2.agenda_item = id(11);
  d2.status = DecisionStatus::agreed;
  d2.consent = ConsentState::given;
  d2.proxy_name = "青木 花子（母）";
  d2.dissent = "本人の体調が悪い月は2回に減らすこと";
  d2.proposed_by = "佐藤 恵子";
  Decision d3;
  d3.id = id(42);
  d3.text = "B型事業所での作業時間を延長する";
  d3.agenda_item = id(12);
  d3.status = DecisionStatus::deferred;
  d3.proposed_by = "鈴木 由美";
  s.decisions = {d1, d2, d3};

  OpenIssue o1;
  o1.id = id(50);
  o1.text = "B型事業所での作業時間の延長を、本人の体力を見ながら検討する";
  o1.owner = "鈴木 由美";
  o1.due = "2024-07-31";
  OpenIssue o2;
  o2.id = id(51);
  o2.text = "民生委員と共有する情報の範囲を本人と確認する";
  o2.owner = "佐藤 恵子";
  o2.carried = false;
  s.open_issues = {o1, o2};

  Relationship mother_rel;  // the same node as the attendee 青木 花子 (母) and her role
  mother_rel.id = id(60);
  mother_rel.who = "母";
  mother_rel.attendee = id(2);
  mother_rel.direction = RelationDirection::both;
  mother_rel.gender = Gender::female;
  Relationship father;
  father.id = id(61);
  father.who = "父";
  father.strength = RelationStrength::weak;
  father.gender = Gender::male;
  father.deceased = true;
  Relationship cooking;
  cooking.id = id(62);
  cooking.who = "公民館の料理教室";
  cooking.category = RelationCategory::informal;
  cooking.strength = RelationStrength::weak;
  cooking.direction = RelationDirection::to_person;
  cooking.note = "月2回 | 楽しみにしている";
  s.relationships = {mother_rel, father, cooking};
  return s;
}

core::MeetingState a_san_long_notes() {
  core::MeetingState s = a_san_service_coordination();
  const std::string paragraph =
      "本人の様子について、グループホームの職員から日中と夜間の生活の流れに沿って詳しい報告があった。"
      "食事、入浴、服薬、余暇の過ごし方のそれぞれについて、できていることと支援が必要なことを整理した。";
  for (std::size_t i = 0; i < s.agenda.size(); ++i) {
    std::string notes;
    for (int k = 1; k <= 14; ++k) notes += "（" + std::to_string(k) + "）" + paragraph + "\n";
    if (i + 1 == s.agenda.size()) notes += kLastSentence;
    s.agenda[i].notes = notes;
  }
  return s;
}

core::MeetingState a_san_individual_support() {
  core::MeetingState s = a_san_service_coordination();
  s.meeting.kind = core::MeetingKind::individual_support;
  s.meeting.title = "Aさん 個別支援会議（グループホームさくら）";
  s.meeting.plan_author = "田中 誠";
  s.meeting.long_term_goal = "グループホームで自分のペースを大切にしながら、地域の活動を楽しむ。";
  s.meeting.short_term_goal = "朝の支度を手順表を見ながら自分で進め、8時30分に出発できる。";
  return s;
}

core::MeetingState a_san_ecomap() {
  using namespace core;
  MeetingState s;
  s.meeting.kind = MeetingKind::service_coordination;
  s.meeting.title = "Aさん サービス担当者会議";
  s.meeting.person_name = "Aさん";
  s.meeting.date = "2024-05-20";
  s.attendees.push_back(attendee(1, "Aさん", "", "", AttendeeRelation::person));
  auto mother = attendee(2, "青木 花子", "", "", AttendeeRelation::family);
  mother.relationship = "母";
  s.attendees.push_back(mother);
  s.attendees.push_back(attendee(3, "佐藤 恵子", "相談支援事業所ひかり", "相談支援専門員"));

  auto rel = [&](std::uint64_t n, std::string who, RelationCategory category, RelationStrength strength,
                 RelationDirection direction) {
    Relationship r;
    r.id = id(n);
    r.who = std::move(who);
    r.category = category;
    r.strength = strength;
    r.direction = direction;
    s.relationships.push_back(r);
    return &s.relationships.back();
  };
  using C = RelationCategory;
  using S = RelationStrength;
  using D = RelationDirection;
  auto* m = rel(60, "母", C::family, S::strong, D::both);
  m->gender = Gender::female;
  m->attendee = id(2);
  m->note = "毎週末に面会";
  auto* f = rel(61, "父", C::family, S::weak, D::none);
  f->gender = Gender::male;
  f->deceased = true;
  rel(62, "グループホームさくら", C::formal, S::strong, D::to_person);
  rel(63, "就労継続支援B型 みどり工房", C::formal, S::strong, D::to_person)->note = "平日 週5日";
  rel(64, "行動援護事業所 あゆみ", C::formal, S::weak, D::to_person);
  rel(65, "町内会 清掃ボランティア", C::informal, S::weak, D::to_person);
  rel(66, "以前の友人", C::informal, S::stressful, D::both);

  auto role = [&](std::uint64_t n, std::string task, std::string who, bool key) {
    RoleAssignment r;
    r.id = id(n);
    r.role = std::move(task);
    r.who = std::move(who);
    r.key_person = key;
    s.roles.push_back(r);
  };
  role(70, "情報の一元化・進捗管理", "相談支援専門員", true);
  role(71, "朝の支度の支援", "グループホームさくら", false);
  role(72, "服薬の確認", "グループホームさくら", false);
  return s;
}

core::MeetingState audience_fixture() {
  using namespace core;
  MeetingState s;
  s.meeting.kind = MeetingKind::service_coordination;
  s.meeting.title = "共有範囲の確認";
  s.meeting.person_name = "青木 明";
  s.meeting.date = "2024-05-20";
  s.meeting.chair = id(1);
  s.meeting.recorder = id(3);  // a professional-only attendee: the reference stays, the name goes
  const std::string pro = "pro", named = "n:kasumi";

  auto person = attendee(1, "青木 明", "", "", AttendeeRelation::person);
  s.attendees.push_back(person);
  auto shared = attendee(2, "佐藤 恵子", "相談支援事業所ひかり", "相談支援専門員");
  s.attendees.push_back(shared);
  auto pro_present = attendee(3, "田中 看護師", "専門職限定出席者の訪問看護", "看護師");
  pro_present.partition = pro;
  s.attendees.push_back(pro_present);
  auto pro_absent = attendee(4, "高橋 健", "ヘルパーステーションあおば", "行動援護従業者");
  pro_absent.present = false;
  pro_absent.inquiry = {"2024-05-15", "専門職限定照会：服薬の副作用について", "特になし"};
  pro_absent.partition = pro;
  s.attendees.push_back(pro_absent);
  auto named_attendee = attendee(5, "霞 さん", "指名限定出席者の会", "", AttendeeRelation::community);
  named_attendee.partition = named;
  s.attendees.push_back(named_attendee);

  auto item = [&](std::uint64_t n, std::string title, std::string notes, std::string conclusion,
                  const std::string& partition) {
    AgendaItem a;
    a.id = id(n);
    a.title = std::move(title);
    a.notes = std::move(notes);
    a.conclusion = std::move(conclusion);
    a.status = AgendaStatus::done;
    a.partition = partition;
    s.agenda.push_back(a);
  };
  item(10, "全員共有議題：生活の様子", "全員共有検討：落ち着いて過ごしている", "見守りを続ける", kAllAttendees);
  item(11, "専門職限定議題：服薬", "専門職限定検討：副作用の観察", "専門職限定結論：主治医に相談する", pro);
  item(12, "指名限定議題：家族の事情", "家族の事情の詳細", "", named);

  auto role = [&](std::uint64_t n, std::string task, std::string who, std::optional<ItemId> person_id,
                  const std::string& partition) {
    RoleAssignment r;
    r.id = id(n);
    r.role = std::move(task);
    r.who = std::move(who);
    r.attendee = person_id;
    r.partition = partition;
    s.roles.push_back(r);
  };
  role(20, "全員共有役割：連絡調整", "佐藤 恵子", id(2), kAllAttendees);
  role(21, "全員共有役割：通院同行", "田中（看護師）", id(3), kAllAttendees);  // names a pro attendee
  role(22, "専門職限定役割：服薬管理", "ひまわり訪問看護", std::nullopt, pro);

  auto check = [&](std::uint64_t n, std::string text, const std::string& partition) {
    ChecklistItem c;
    c.id = id(n);
    c.section = "3つの共有";
    c.text = std::move(text);
    c.partition = partition;
    s.checklist.push_back(c);
  };
  check(30, "全員共有確認：本人の願いを確認した", kAllAttendees);
  check(31, "専門職限定確認：医療情報の範囲を確認した", pro);

  auto decide = [&](std::uint64_t n, std::string text, std::optional<ItemId> on, const std::string& partition) {
    Decision d;
    d.id = id(n);
    d.text = std::move(text);
    d.agenda_item = on;
    d.status = DecisionStatus::agreed;
    d.partition = partition;
    s.decisions.push_back(d);
  };
  decide(40, "全員共有決定：月1回の面談を続ける", id(11), kAllAttendees);  // on a pro agenda item
  decide(41, "専門職限定決定：服薬を見直す", id(11), pro);
  decide(42, "指名限定決定：家族への連絡方法", id(12), named);

  auto issue = [&](std::uint64_t n, std::string text, const std::string& partition) {
    OpenIssue o;
    o.id = id(n);
    o.text = std::move(text);
    o.partition = partition;
    s.open_issues.push_back(o);
  };
  issue(50, "全員共有課題：次回は本人の誕生日前に開く", kAllAttendees);
  issue(51, "専門職限定課題：検査結果を共有する", pro);

  auto relation = [&](std::uint64_t n, std::string who, RelationCategory category, std::optional<ItemId> person_id,
                      const std::string& partition) {
    Relationship r;
    r.id = id(n);
    r.who = std::move(who);
    r.category = category;
    r.attendee = person_id;
    r.partition = partition;
    s.relationships.push_back(r);
  };
  relation(60, "全員共有関係 グループホーム", RelationCategory::formal, std::nullopt, kAllAttendees);
  relation(61, "田中（看護師）", RelationCategory::formal, id(3), kAllAttendees);  // names a pro attendee
  relation(62, "専門職限定関係 病院", RelationCategory::formal, std::nullopt, pro);
  relation(63, "指名限定関係 友人", RelationCategory::informal, std::nullopt, named);

  Device d;
  d.id = id(90);
  d.fingerprint = std::string(64, 'a');
  d.name = "看護師の端末";
  d.attendee = id(3);
  s.devices.push_back(d);
  return s;
}

RenderOptions fixture_options() {
  RenderOptions o;
  o.templates_dir = std::filesystem::path(RENKEI_TEST_DATA_DIR) / "templates" / "minutes";
  o.generated_on = "2024-05-22";
  return o;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("renkei-minutes-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace renkei::minutes::test
