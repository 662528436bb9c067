// The エコマップ (seed 002 legend): its node/edge model, its layout, and the SVG and PNG files.
//
// To look at it: RENKEI_ECOMAP_OUT=/tmp/eco build-ecomap/tests/renkei_minutes_tests "[.render]"
// writes the A-san ecomap as SVG and PNG (several sizes) and a crowded one into that folder.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "minutes/ecomap.hpp"
#include "minutes/fixture.hpp"
#include "minutes/minutes.hpp"

namespace fs = std::filesystem;
using namespace renkei;
using namespace renkei::minutes;
using namespace renkei::minutes::test;
using Kind = EcomapNode::Kind;

namespace {

const EcomapNode* node(const Ecomap& map, const std::string& label) {
  for (const auto& n : map.nodes)
    if (n.label == label) return &n;
  return nullptr;
}

const EcomapEdge* edge_to(const Ecomap& map, const std::string& label) {
  for (const auto& e : map.edges)
    if (map.nodes[e.from].label == label) return &e;
  return nullptr;
}

struct Box {
  double l, t, r, b;
};

/// Shape and (outside) label of a node.
Box box_of(const EcomapNode& n) {
  Box b{n.x - n.w / 2, n.y - n.h / 2, n.x + n.w / 2, n.y + n.h / 2};
  b.l = std::min(b.l, n.label_x);
  b.t = std::min(b.t, n.label_y);
  b.r = std::max(b.r, n.label_x + n.label_w);
  b.b = std::max(b.b, n.label_y + n.label_h);
  return b;
}

bool overlap(const Box& a, const Box& b) { return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b; }

/// Width and height from a PNG's IHDR chunk.
std::pair<int, int> png_size(const std::vector<std::uint8_t>& png) {
  REQUIRE(png.size() > 24);
  const auto be = [&](std::size_t at) {
    return static_cast<int>(png[at] << 24 | png[at + 1] << 16 | png[at + 2] << 8 | png[at + 3]);
  };
  return {be(16), be(20)};
}

core::MeetingState crowded() {
  core::MeetingState s = a_san_ecomap();
  const char* names[] = {"訪問看護ステーションひまわり（看護師・理学療法士）", "市役所 障害福祉課", "主治医 なかむらクリニック",
                         "ハローワーク", "民生委員", "公民館の料理教室", "教会の友人", "近所の商店", "妹", "祖母"};
  std::uint64_t n = 100;
  for (const char* who : names) {
    core::Relationship r;
    r.id = core::ItemId{1, n++};
    r.who = who;
    r.category = std::string(who) == "妹" || std::string(who) == "祖母" ? core::RelationCategory::family
                 : n % 2 == 0                                          ? core::RelationCategory::formal
                                                                       : core::RelationCategory::informal;
    r.strength = static_cast<core::RelationStrength>(n % 3);
    r.direction = static_cast<core::RelationDirection>(n % 4);
    s.relationships.push_back(r);
  }
  return s;
}

}  // namespace

TEST_CASE("the ecomap model puts the person in the centre and one node per family member or resource",
          "[minutes][ecomap]") {
  const Ecomap map = build_ecomap(a_san_ecomap());
  REQUIRE(map.nodes.size() == 9);  // Aさん, 母, 父, 4 formal (one for the two GH roles), 2 informal
  CHECK(map.nodes[0].kind == Kind::person);
  CHECK(map.nodes[0].label == "Aさん");
  // Sorted by category, then label.
  std::vector<Kind> kinds;
  for (const auto& n : map.nodes) kinds.push_back(n.kind);
  CHECK(std::is_sorted(kinds.begin(), kinds.end()));
  std::set<std::string> labels;
  for (const auto& n : map.nodes) labels.insert(n.label);
  CHECK(labels.size() == map.nodes.size());  // no duplicate for the same who
  CHECK(std::count_if(map.nodes.begin(), map.nodes.end(), [](const auto& n) { return n.label == "グループホームさくら"; }) == 1);

  const EcomapNode* mother = node(map, "母");
  REQUIRE(mother);  // the relationship and the family attendee 青木 花子 (続柄 母) are one node
  CHECK(mother->kind == Kind::family);
  CHECK(mother->gender == core::Gender::female);
  CHECK(node(map, "青木 花子（母）") == nullptr);
  const EcomapNode* father = node(map, "父");
  REQUIRE(father);
  CHECK(father->gender == core::Gender::male);
  CHECK(father->deceased);
  const EcomapNode* keyman = node(map, "相談支援専門員");
  REQUIRE(keyman);
  CHECK(keyman->kind == Kind::formal);
  CHECK(keyman->key_person);
  CHECK(node(map, "以前の友人")->kind == Kind::informal);

  REQUIRE(map.edges.size() == map.nodes.size() - 1);
  for (const auto& e : map.edges) CHECK(e.to == 0);
  CHECK(edge_to(map, "母")->direction == core::RelationDirection::both);
  CHECK(edge_to(map, "母")->note == "毎週末に面会");
  CHECK(edge_to(map, "以前の友人")->strength == core::RelationStrength::stressful);
  CHECK(edge_to(map, "行動援護事業所 あゆみ")->strength == core::RelationStrength::weak);
  // A role-board resource without a recorded relationship: a plain strong line toward the person.
  const EcomapEdge* derived = edge_to(map, "相談支援専門員");
  CHECK(derived->strength == core::RelationStrength::strong);
  CHECK(derived->direction == core::RelationDirection::to_person);
  CHECK_FALSE(derived->recorded);
  CHECK(edge_to(map, "グループホームさくら")->recorded);
}

TEST_CASE("family attendees and role-board members become nodes, genders guessed from 続柄", "[minutes][ecomap]") {
  core::MeetingState s;
  s.meeting.person_name = "Bさん";
  core::Attendee sister;
  sister.id = core::ItemId{1, 1};
  sister.name = "山田 桜";
  sister.relation = core::AttendeeRelation::family;
  sister.relationship = "姉";
  s.attendees.push_back(sister);
  core::RoleAssignment helper;
  helper.id = core::ItemId{1, 2};
  helper.role = "買い物の同行";
  helper.who = "隣の鈴木さん";
  helper.resource = core::ResourceKind::informal;
  s.roles.push_back(helper);
  core::RoleAssignment by_kin;  // "姉" on the role board is the sister attending
  by_kin.id = core::ItemId{1, 4};
  by_kin.role = "週末の外出";
  by_kin.who = "姉";
  by_kin.resource = core::ResourceKind::informal;
  s.roles.push_back(by_kin);
  core::RoleAssignment own;  // the person's own task: not a node
  own.id = core::ItemId{1, 3};
  own.who = "Bさん";
  s.roles.push_back(own);
  const Ecomap map = build_ecomap(s);
  REQUIRE(map.nodes.size() == 3);
  const EcomapNode* n = node(map, "山田 桜（姉）");
  REQUIRE(n);
  CHECK(n->gender == core::Gender::female);
  CHECK(edge_to(map, "山田 桜（姉）")->direction == core::RelationDirection::to_person);  // on the role board
  CHECK(node(map, "姉") == nullptr);
  // Without a role, a family attendee's line has no arrow; two with the same 続柄 stay two.
  s.roles.erase(s.roles.begin() + 1);
  core::Attendee other = sister;
  other.id = core::ItemId{1, 9};
  other.name = "山田 梅";
  s.attendees.push_back(other);
  const Ecomap plain = build_ecomap(s);
  CHECK(edge_to(plain, "山田 桜（姉）")->direction == core::RelationDirection::none);
  CHECK(node(plain, "山田 梅（姉）") != nullptr);
  CHECK(node(map, "隣の鈴木さん")->kind == Kind::informal);
  CHECK(has_ecomap(s));
  CHECK_FALSE(has_ecomap(core::MeetingState{}));
  core::MeetingState from_template;  // the empty role rows of a meeting template: nothing to draw
  from_template.roles.push_back(core::RoleAssignment{});
  from_template.roles.back().role = "司会";
  CHECK_FALSE(has_ecomap(from_template));
}

TEST_CASE("the ecomap layout keeps every node and label inside the drawing and apart", "[minutes][ecomap]") {
  for (const auto& [w, h] : std::vector<std::pair<double, double>>{{560, 420}, {510, 440}, {420, 600}, {900, 300}}) {
    DYNAMIC_SECTION(w << " x " << h) {
      EcomapOptions options;
      options.width_pt = w;
      options.height_pt = h;
      const Ecomap map = build_ecomap(a_san_ecomap(), options);
      CHECK(map.scale > 0.5);
      std::vector<Box> boxes;
      for (const auto& n : map.nodes) {
        INFO(n.label);
        const Box b = box_of(n);
        CHECK(b.l >= 0);
        CHECK(b.t >= 0);
        CHECK(b.r <= w);
        CHECK(b.b <= h);
        for (const auto& other : boxes) CHECK_FALSE(overlap(b, other));
        boxes.push_back(b);
      }
    }
  }
}

TEST_CASE("a crowded ecomap still fits, shrinking its shapes and text", "[minutes][ecomap]") {
  const Ecomap map = build_ecomap(crowded());
  CHECK(map.nodes.size() == 19);
  CHECK(map.scale < 1.0);
  for (const auto& n : map.nodes) {
    INFO(n.label);
    const Box b = box_of(n);
    CHECK(b.l >= 0);
    CHECK(b.r <= 560);
    CHECK(b.t >= 0);
    CHECK(b.b <= 420);
  }
}

TEST_CASE("the ecomap SVG is deterministic and carries its text in title and desc", "[minutes][ecomap]") {
  const std::string svg = ecomap_svg(a_san_ecomap());
  CHECK(svg == ecomap_svg(a_san_ecomap()));
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("viewBox=\"0 0 560 420\"") != std::string::npos);
  CHECK(svg.find("<title>エコマップ（社会資源関係図）：Aさん</title>") != std::string::npos);
  CHECK(svg.find("以前の友人 ― インフォーマル：ストレスや葛藤のある関係、双方向 ↔") != std::string::npos);
  CHECK(svg.find("父 ― 家族・男性・死亡：弱い関係") != std::string::npos);
  CHECK(svg.find("相談支援専門員 ― フォーマル・キーマン：強い関係、本人へ →、役割分担・出席者から") != std::string::npos);
  EcomapOptions small;
  small.width_pt = 300;
  small.height_pt = 300;
  small.legend = false;
  CHECK(ecomap_svg(a_san_ecomap(), small).find("viewBox=\"0 0 300 300\"") != std::string::npos);
}

TEST_CASE("the ecomap PNG has the size asked for, at any resolution", "[minutes][ecomap]") {
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{560, 420}, {1120, 840}, {300, 500}, {64, 48}}) {
    const auto png = ecomap_png(a_san_ecomap(), w, h);
    REQUIRE(png.size() > 8);
    CHECK(std::string(png.begin() + 1, png.begin() + 4) == "PNG");
    CHECK(png_size(png) == std::make_pair(w, h));
  }
  CHECK_THROWS_AS(ecomap_png(a_san_ecomap(), 0, 100), std::invalid_argument);
  EcomapOptions none;
  none.width_pt = 0;
  CHECK_THROWS_AS(build_ecomap(a_san_ecomap(), none), std::invalid_argument);
}

TEST_CASE("export_ecomap writes SVG or PNG by extension, atomically", "[minutes][ecomap]") {
  TempDir dir;
  export_ecomap(a_san_ecomap(), dir.path_ / "map.svg");
  export_ecomap(a_san_ecomap(), dir.path_ / "map.PNG");
  CHECK(read_file(dir.path_ / "map.svg") == ecomap_svg(a_san_ecomap()));
  const std::string png = read_file(dir.path_ / "map.PNG");
  CHECK(png_size(std::vector<std::uint8_t>(png.begin(), png.end())) == std::make_pair(1120, 840));
  CHECK_THROWS_AS(export_ecomap(a_san_ecomap(), dir.path_ / "map.jpg"), MinutesError);
  CHECK_THROWS_AS(export_ecomap(a_san_ecomap(), dir.path_ / "missing" / "map.svg"), MinutesError);
  CHECK(std::distance(fs::directory_iterator(dir.path_), fs::directory_iterator()) == 2);
}

TEST_CASE("render the ecomap for a visual check", "[.render]") {
  const char* out = std::getenv("RENKEI_ECOMAP_OUT");
  if (!out) {
    WARN("set RENKEI_ECOMAP_OUT to a folder");
    return;
  }
  const fs::path dir(out);
  fs::create_directories(dir);
  export_ecomap(a_san_ecomap(), dir / "a_san.svg");
  export_ecomap(a_san_ecomap(), dir / "a_san.png");
  export_ecomap(crowded(), dir / "crowded.png");
  EcomapOptions portrait;
  portrait.width_pt = 420;
  portrait.height_pt = 600;
  export_ecomap(a_san_ecomap(), dir / "a_san_portrait.png", portrait);
  const auto wide = ecomap_png(a_san_ecomap(), 1600, 500);
  write_file_atomically(dir / "a_san_wide.png", std::string(wide.begin(), wide.end()));
  export_minutes(a_san_ecomap(), Format::pdf, dir / "a_san.pdf", fixture_options());
  export_minutes(audience_fixture(), Format::pdf, dir / "audience_full.pdf", fixture_options());
  RenderOptions attendees = fixture_options();
  attendees.audience = Audience::attendees;
  export_minutes(audience_fixture(), Format::pdf, dir / "audience_attendees.pdf", attendees);
  export_minutes(a_san_service_coordination(), Format::pdf, dir / "minutes.pdf", fixture_options());
  export_minutes(a_san_service_coordination(), Format::html, dir / "minutes.html", fixture_options());
  export_minutes(a_san_service_coordination(), Format::markdown, dir / "minutes.md", fixture_options());
}
