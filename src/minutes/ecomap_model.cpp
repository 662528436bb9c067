// The ecomap's node/edge model (which nodes, which lines; ecomap.hpp) and its text helpers.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>

#include "minutes/ecomap_detail.hpp"
#include "minutes/fonts.hpp"

namespace renkei::minutes {
namespace ecomap_detail {

std::string trim(const std::string& s) {
  // ASCII white space and the ideographic space U+3000 (E3 80 80).
  std::size_t b = 0, e = s.size();
  for (;;) {
    if (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    else if (e - b >= 3 && s.compare(b, 3, "\u3000") == 0) b += 3;
    else break;
  }
  for (;;) {
    if (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    else if (e - b >= 3 && s.compare(e - 3, 3, "\u3000") == 0) e -= 3;
    else break;
  }
  return s.substr(b, e - b);
}

namespace {

using Kind = EcomapNode::Kind;

/// Gender from a 続柄 as usually written (母, 実母, 祖母, 長男 …); unknown otherwise.
core::Gender gender_of_kinship(const std::string& kinship) {
  static const char* const kFemale[] = {"母", "姉", "妹", "妻", "娘", "嫁", "女", "婆"};
  static const char* const kMale[] = {"父", "兄", "弟", "夫", "息子", "婿", "男", "爺"};
  const std::string k = trim(kinship);
  if (k.empty() || k.size() > 4 * 3) return core::Gender::unknown;  // a 続柄, not a sentence
  for (const char* f : kFemale)
    if (k.ends_with(f)) return core::Gender::female;
  for (const char* m : kMale)
    if (k.ends_with(m)) return core::Gender::male;
  return core::Gender::unknown;
}

Kind kind_of(core::RelationCategory c) {
  switch (c) {
    case core::RelationCategory::family: return Kind::family;
    case core::RelationCategory::formal: return Kind::formal;
    case core::RelationCategory::informal: return Kind::informal;
  }
  return Kind::formal;
}

/// A node being collected, with everything it may be referred to by.
struct Candidate {
  EcomapNode node;
  std::set<core::ItemId> attendees;
  std::set<std::string> names;
  std::optional<EcomapEdge> edge;
  bool on_role_board = false;
};

struct Collector {
  std::vector<Candidate> found;

  /// The node known by `attendee` or one of `names`. `unlinked_family`: only family nodes not yet
  /// tied to an attendee (a 続柄 such as "兄" may name either of two brothers).
  Candidate* find(const std::optional<core::ItemId>& attendee, const std::vector<std::string>& names,
                  bool unlinked_family = false) {
    for (auto& c : found) {
      if (unlinked_family && (c.node.kind != Kind::family || !c.attendees.empty())) continue;
      if (attendee && c.attendees.count(*attendee)) return &c;
      for (const auto& n : names)
        if (!n.empty() && c.names.count(n)) return &c;
    }
    return nullptr;
  }

  Candidate& add(EcomapNode node, const std::optional<core::ItemId>& attendee, const std::vector<std::string>& names) {
    Candidate c;
    c.node = std::move(node);
    if (attendee) c.attendees.insert(*attendee);
    for (const auto& n : names)
      if (!n.empty()) c.names.insert(n);
    found.push_back(std::move(c));
    return found.back();
  }
};

int kind_rank(Kind k) {
  switch (k) {
    case Kind::person: return 0;
    case Kind::family: return 1;
    case Kind::formal: return 2;
    case Kind::informal: return 3;
  }
  return 4;
}

}  // namespace

Ecomap collect(const core::MeetingState& s) {
  const core::Attendee* person = nullptr;
  for (const auto& a : s.attendees)
    if (a.relation == core::AttendeeRelation::person) {
      person = &a;
      break;
    }
  EcomapNode centre;
  centre.kind = Kind::person;
  centre.label = trim(s.meeting.person_name);
  if (centre.label.empty() && person) centre.label = trim(person->name);
  if (centre.label.empty()) centre.label = "本人";
  const auto is_person = [&](const std::optional<core::ItemId>& attendee, const std::string& who) {
    if (attendee) return person && *attendee == person->id;
    return who == centre.label || who == "本人";
  };

  Collector col;
  // 1. Relationships, as recorded: the first one naming a node gives its line.
  for (const auto& r : s.relationships) {
    const std::string who = trim(r.who);
    if (is_person(r.attendee, who) || (who.empty() && !r.attendee)) continue;
    const core::Attendee* a = r.attendee ? s.find_attendee(*r.attendee) : nullptr;
    Candidate* c = col.find(r.attendee, {who});
    if (!c) {
      EcomapNode n;
      n.label = !who.empty() ? who : a ? trim(a->name) : std::string();
      if (n.label.empty()) continue;  // an attendee no longer in the list, and no name
      n.kind = kind_of(r.category);
      n.gender = r.gender;
      if (n.kind == Kind::family && n.gender == core::Gender::unknown)
        n.gender = gender_of_kinship(a && !a->relationship.empty() ? a->relationship : who);
      n.deceased = r.deceased;
      c = &col.add(std::move(n), r.attendee, {who});
    }
    if (a) c->names.insert(trim(a->name));
    if (!c->edge) c->edge = EcomapEdge{0, 0, r.strength, r.direction, trim(r.note), true};
  }
  // 2. Family attendees: matched by attendee or name, or by 続柄 ("母") among family nodes not
  //    tied to an attendee yet; known by their 続柄 from then on (a role for "母").
  for (const auto& a : s.attendees) {
    if (a.relation != core::AttendeeRelation::family) continue;
    const std::string name = trim(a.name), kin = trim(a.relationship);
    const std::string both = name.empty() ? kin : kin.empty() ? name : name + "（" + kin + "）";
    Candidate* c = col.find(a.id, {name, both});
    if (!c && !kin.empty()) c = col.find(std::nullopt, {kin}, true);
    if (!c) {
      EcomapNode n;
      n.label = both;
      n.kind = Kind::family;
      n.gender = gender_of_kinship(kin);
      c = &col.add(std::move(n), std::nullopt, {});
    }
    c->attendees.insert(a.id);
    for (const auto& known : {name, both, kin})
      if (!known.empty()) c->names.insert(known);
  }
  // 3. The role board, one node per `who` (or attendee), formal or informal by `resource`.
  for (const auto& r : s.roles) {
    const std::string who = trim(r.who);
    if (is_person(r.attendee, who)) continue;
    const core::Attendee* a = r.attendee ? s.find_attendee(*r.attendee) : nullptr;
    Candidate* c = col.find(r.attendee, {who, a ? trim(a->name) : std::string()});
    if (!c) {
      EcomapNode n;
      n.label = !who.empty() ? who : a ? trim(a->name) : std::string();
      if (n.label.empty()) continue;
      n.kind = a && a->relation == core::AttendeeRelation::family ? Kind::family
               : r.resource == core::ResourceKind::formal         ? Kind::formal
                                                                  : Kind::informal;
      if (n.kind == Kind::family) n.gender = gender_of_kinship(a->relationship);
      c = &col.add(std::move(n), r.attendee, {who});
    }
    c->names.insert(who);
    c->on_role_board = true;
    c->node.key_person = c->node.key_person || r.key_person;
  }

  for (auto& c : col.found)
    if (!c.edge)  // the role board says who supports the person; a family attendee is involved
      c.edge = EcomapEdge{0, 0, core::RelationStrength::strong,
                          c.on_role_board ? core::RelationDirection::to_person : core::RelationDirection::none, {},
                          false};
  std::stable_sort(col.found.begin(), col.found.end(), [](const Candidate& x, const Candidate& y) {
    const int rx = kind_rank(x.node.kind), ry = kind_rank(y.node.kind);
    return rx != ry ? rx < ry : x.node.label < y.node.label;
  });
  Ecomap map;
  map.nodes.push_back(std::move(centre));
  for (auto& c : col.found) {
    c.edge->from = map.nodes.size();
    c.edge->to = 0;
    map.edges.push_back(*c.edge);
    map.nodes.push_back(std::move(c.node));
  }
  return map;
}

ContextPtr make_context() {
  ContextPtr context(pango_font_map_create_context(pango_cairo_font_map_get_default()), g_object_unref);
  pango_cairo_context_set_resolution(context.get(), 72.0);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_language(context.get(), pango_language_from_string("ja-jp"));
  pango_context_set_base_dir(context.get(), PANGO_DIRECTION_LTR);
  // Glyph positions as the font gives them: rounded to whole pt (Pango's default, meant for
  // screens), 8.5 pt characters would each take 9 pt, and a word measured to fit a cell would not.
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  return context;
}

Text layout_text(PangoContext* context, const std::string& markup, double size_pt, double wrap_pt, bool bold) {
  Text t;
  t.layout.reset(pango_layout_new(context));
  PangoLayout* layout = t.layout.get();
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, fonts::kSans);
  pango_font_description_set_absolute_size(desc, size_pt * PANGO_SCALE);
  pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width(layout, static_cast<int>(std::max(1.0, wrap_pt) * PANGO_SCALE));
  if (pango_parse_markup(markup.c_str(), -1, 0, nullptr, nullptr, nullptr, nullptr))
    pango_layout_set_markup(layout, markup.c_str(), -1);
  else
    pango_layout_set_text(layout, markup.c_str(), -1);
  fonts::set_line_height(layout);
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  t.w = static_cast<double>(logical.width) / PANGO_SCALE;
  t.h = static_cast<double>(logical.height) / PANGO_SCALE;
  t.lines = pango_layout_get_line_count(layout);
  return t;
}

void draw_text(cairo_t* cr, const Text& text, double x, double y, double w) {
  PangoLayout* layout = text.layout.get();
  // Re-wrapping at a width no larger than the measuring one keeps the same lines.
  pango_layout_set_width(layout, static_cast<int>(std::ceil(w * PANGO_SCALE)) + 2);
  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  cairo_move_to(cr, x, y);
  // On SVG surfaces text goes out as plain outlines: cairo's glyph <symbol>s referenced by <use>
  // are not drawn by every SVG renderer (ImageMagick's own draws none). PDF and images keep real
  // glyphs (text stays searchable in the PDF).
  if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_SVG) {
    cairo_new_path(cr);
    cairo_move_to(cr, x, y);
    pango_cairo_layout_path(cr, layout);
    cairo_fill(cr);
  } else {
    pango_cairo_show_layout(cr, layout);
  }
}

std::string escape(const std::string& text) {
  gchar* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

namespace {

/// Where a label may break: after a space (ASCII or U+3000), or before an opening bracket.
std::vector<std::pair<std::size_t, std::size_t>> break_points(const std::string& label) {
  std::vector<std::pair<std::size_t, std::size_t>> out;  // (end of the first line, start of the next)
  for (std::size_t i = 1; i < label.size(); ++i) {
    if (label[i] == ' ') out.emplace_back(i, i + 1);
    else if (label.compare(i, 3, "\u3000") == 0) out.emplace_back(i, i + 3);
    else if (label.compare(i, 3, "（") == 0 || label[i] == '(') out.emplace_back(i, i);
  }
  return out;
}

}  // namespace

NodeLabel node_label(PangoContext* context, const EcomapNode& node, double s, bool outside) {
  const auto size = [&](double pt) { return std::to_string(static_cast<int>(std::lround(pt * s * PANGO_SCALE))); };
  NodeLabel out;
  if (node.kind == Kind::person) {
    out.size_pt = kPersonFontPt * s;
    out.wrap_pt = 120 * s;
    out.markup = "<b>" + escape(node.label) + "</b>\n<span size=\"" + size(kLabelFontPt) + "\">（本人）</span>";
    return out;
  }
  out.size_pt = kLabelFontPt * s;
  // comfortable: one line up to this width; most: the widest line allowed (pt at scale 1).
  double comfortable = 80, most = 96;
  if (!outside && node.kind == Kind::formal) comfortable = 96, most = 112;
  if (!outside && node.kind == Kind::informal) comfortable = 64, most = 100;
  if (outside) comfortable = 90, most = 120;
  comfortable *= s;
  most *= s;
  const auto width = [&](const std::string& text) {
    return layout_text(context, escape(text), out.size_pt, 1e6).w;
  };
  const double whole = width(node.label);
  std::string text = escape(node.label);
  out.wrap_pt = most;
  if (whole > comfortable) {
    double best = 1e9;
    std::string best_text;
    for (const auto& [end, next] : break_points(node.label)) {
      const std::string first = trim(node.label.substr(0, end)), second = trim(node.label.substr(next));
      if (first.empty() || second.empty()) continue;
      const double w = std::max(width(first), width(second));
      if (w < best) best = w, best_text = escape(first) + "\n" + escape(second);
    }
    if (best <= most) {
      text = best_text;
    } else if (whole > most) {  // even lines: as many as needed, each at most `most` wide
      const double lines = std::ceil(whole / most);
      out.wrap_pt = std::min(most, whole / lines + out.size_pt);
    }
  }
  if (node.key_person)
    text += "\n<span size=\"" + size(kKeyPersonFontPt) + "\" weight=\"bold\">キーマン</span>";
  out.markup = text;
  return out;
}

std::vector<EdgeText> describe(const Ecomap& map) {
  std::vector<EdgeText> out;
  for (const auto& e : map.edges) {
    const EcomapNode& n = map.nodes[e.from];
    EdgeText t;
    t.who = n.label;
    t.category = n.kind == Kind::family ? "家族" : n.kind == Kind::formal ? "フォーマル" : "インフォーマル";
    std::vector<std::string> attrs;
    if (n.kind == Kind::family && n.gender != core::Gender::unknown)
      attrs.emplace_back(n.gender == core::Gender::male ? "男性" : "女性");
    if (n.deceased) attrs.emplace_back("死亡");
    if (n.key_person) attrs.emplace_back("キーマン");
    for (const auto& a : attrs) t.attributes += (t.attributes.empty() ? "" : "・") + a;
    t.strength = core::label_ja(e.strength);
    switch (e.direction) {
      case core::RelationDirection::to_person: t.direction = "本人へ →"; break;
      case core::RelationDirection::from_person: t.direction = "本人から ←"; break;
      case core::RelationDirection::both: t.direction = "双方向 ↔"; break;
      case core::RelationDirection::none: break;
    }
    t.note = !e.note.empty() ? e.note : e.recorded ? std::string() : std::string("役割分担・出席者から");
    out.push_back(std::move(t));
  }
  return out;
}

double boundary_distance(const EcomapNode& n, double ux, double uy) {
  const double a = n.w / 2, b = n.h / 2;
  const double ax = std::abs(ux), ay = std::abs(uy);
  const bool round = n.kind == Kind::person || n.kind == Kind::informal ||
                     (n.kind == Kind::family && n.gender == core::Gender::female);
  if (round) return 1.0 / std::sqrt((ux / a) * (ux / a) + (uy / b) * (uy / b));
  if (n.kind == Kind::family && n.gender == core::Gender::unknown) return 1.0 / (ax / a + ay / b);  // ◇
  const double tx = ax > 1e-9 ? a / ax : 1e30, ty = ay > 1e-9 ? b / ay : 1e30;
  return std::min(tx, ty);
}

}  // namespace ecomap_detail

bool has_ecomap(const core::MeetingState& state) {
  const auto names = [](const auto& item) { return item.attendee || !ecomap_detail::trim(item.who).empty(); };
  return std::any_of(state.relationships.begin(), state.relationships.end(), names) ||
         std::any_of(state.roles.begin(), state.roles.end(), names);
}

}  // namespace renkei::minutes
