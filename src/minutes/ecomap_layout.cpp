// build_ecomap(): the radial layout of the ecomap, and the legend's geometry (ecomap.hpp).
//
// The person is in the centre of the area left by the legend; the other nodes sit on an ellipse
// around it at equal angles, family first centred on the left, then formal and informal
// resources clockwise, a gap of 0.6 slot between groups (turned by up to half a slot when that
// lets everything fit larger). Each node's shape is sized from its
// label (measured with Pango); a label that does not fit inside goes beside the shape, on the
// side away from the person, so lines never run through it. The ellipse is as large as the area
// allows; when nodes or labels would overlap, every other node moves to an inner ring, then
// shapes and text shrink by 10 % steps (down to 35 %). Nothing depends on the clock or on
// hashing: the same state always gives the same layout.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "minutes/ecomap_detail.hpp"

namespace renkei::minutes {
namespace ecomap_detail {
namespace {

using Kind = EcomapNode::Kind;

constexpr double kMarginPt = 6.0;       // between the drawing's edge and any node
constexpr double kGapPt = 5.0;          // minimum space between two nodes' boxes
constexpr double kMinLinePt = 22.0;     // minimum visible length of a line
constexpr double kInnerRing = 0.72;     // radius factor of the inner ring (staggered layout)
constexpr double kMaxAspect = 1.6;      // the ellipse at most this much wider than tall (or taller)
constexpr int kMaxInsideLines = 3;      // longer labels go outside their shape

struct Box {
  double l, t, r, b;
  [[nodiscard]] bool overlaps(const Box& o, double gap) const {
    return l < o.r + gap && o.l < r + gap && t < o.b + gap && o.t < b + gap;
  }
};

/// Sizes a node's shape and label at `scale`; the label's position is set relative to the
/// node's centre (label_x, label_y) and fixed by place().
void measure(PangoContext* ctx, EcomapNode& n, double s) {
  const auto size_label = [&](bool outside) {
    const NodeLabel label = node_label(ctx, n, s, outside);
    const Text t = layout_text(ctx, label.markup, label.size_pt, label.wrap_pt);
    n.label_outside = outside;
    n.label_w = t.w;
    n.label_h = t.h;
    return t.lines;
  };
  switch (n.kind) {
    case Kind::person: {
      size_label(false);
      const double r = std::max(30 * s, std::hypot(n.label_w / 2, n.label_h / 2) + 6 * s);
      n.w = n.h = 2 * r;
      break;
    }
    case Kind::family:
      size_label(true);
      n.w = n.h = kSymbolPt * s;
      break;
    case Kind::formal:
    case Kind::informal: {
      const bool formal = n.kind == Kind::formal;
      if (size_label(false) > kMaxInsideLines + (n.key_person ? 1 : 0)) {
        size_label(true);
        n.w = (formal ? 44 : 48) * s;
        n.h = (formal ? 28 : 30) * s;
      } else if (formal) {
        n.w = std::max(n.label_w + 18 * s, 62 * s);
        n.h = std::max(n.label_h + 12 * s, 32 * s);
      } else {  // the ellipse around the text box, with the text box's proportions
        n.w = std::max(n.label_w * std::numbers::sqrt2 + 8 * s, 64 * s);
        n.h = std::max(n.label_h * std::numbers::sqrt2 + 6 * s, 34 * s);
      }
      break;
    }
  }
  if (n.key_person) n.w += 4 * s, n.h += 4 * s;  // the thicker border
}

/// The label box of an outside label, relative to the node's centre, for direction θ.
void place_outside_label(EcomapNode& n, double ux, double uy, double s) {
  const double d = boundary_distance(n, ux, uy) + 3 * s;
  const double ax = ux * d, ay = uy * d;
  n.label_x = ux > 0.35 ? ax : ux < -0.35 ? ax - n.label_w : ax - n.label_w / 2;
  n.label_y = uy > 0.35 ? ay : uy < -0.35 ? ay - n.label_h : ay - n.label_h / 2;
}

/// Shape and label box relative to the node's centre.
Box extent(const EcomapNode& n) {
  Box b{-n.w / 2, -n.h / 2, n.w / 2, n.h / 2};
  if (n.label_outside) {
    b.l = std::min(b.l, n.label_x);
    b.t = std::min(b.t, n.label_y);
    b.r = std::max(b.r, n.label_x + n.label_w);
    b.b = std::max(b.b, n.label_y + n.label_h);
  }
  return b;
}

Box moved(const Box& b, double x, double y) { return {b.l + x, b.t + y, b.r + x, b.b + y}; }

/// One attempt at laying out the nodes in `area` at `scale`: always positioned; `ok` is false
/// when something does not fit the area or overlaps.
struct Attempt {
  std::vector<EcomapNode> nodes;
  bool ok = true;
};

/// `nodes` are measured at scale `s`; `turn` rotates every angle by that fraction of a slot.
Attempt place(std::vector<EcomapNode> measured, double s, bool stagger, double turn, const Box& area) {
  Attempt out{std::move(measured), true};
  std::vector<EcomapNode>& nodes = out.nodes;
  EcomapNode& person = nodes[0];
  const double cx = (area.l + area.r) / 2, cy = (area.t + area.b) / 2;
  person.x = cx;
  person.y = cy;
  person.label_x = cx - person.label_w / 2;
  person.label_y = cy - person.label_h / 2;
  const std::size_t n = nodes.size() - 1;
  if (n == 0) return out;

  // Angles: groups (family, formal, informal) contiguous, 0.6 slot apart; the first group
  // centred on the left (θ = π, y downwards, so angles grow clockwise).
  std::vector<double> slot(n);
  double gaps = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && nodes[i + 1].kind != nodes[i].kind) gaps += 0.6;
    slot[i] = static_cast<double>(i) + gaps;
  }
  const double total = static_cast<double>(n) + gaps + (gaps > 0 ? 0.6 : 0);
  const double step = 2 * std::numbers::pi / total;
  std::size_t first_group = 1;
  while (first_group < n && nodes[first_group + 1].kind == nodes[1].kind) ++first_group;
  const double start = std::numbers::pi - (static_cast<double>(first_group - 1) / 2 - turn) * step;

  std::vector<double> ux(n), uy(n), ring(n);
  std::vector<Box> ext(n);
  double rx = 1e9, ry = 1e9;
  const Box mine = extent(person);
  for (std::size_t i = 0; i < n; ++i) {
    EcomapNode& node = nodes[i + 1];
    const double theta = start + slot[i] * step;
    ux[i] = std::cos(theta);
    uy[i] = std::sin(theta);
    ring[i] = stagger && i % 2 == 1 ? kInnerRing : 1.0;
    if (node.label_outside) place_outside_label(node, ux[i], uy[i], s);
    ext[i] = extent(node);
    const Box& e = ext[i];
    const double fx = ux[i] * ring[i], fy = uy[i] * ring[i];
    if (fx > 0.02) rx = std::min(rx, (area.r - cx - e.r) / fx);
    else if (fx < -0.02) rx = std::min(rx, (cx - area.l + e.l) / -fx);
    else if (cx + e.r > area.r || cx + e.l < area.l) out.ok = false;
    if (fy > 0.02) ry = std::min(ry, (area.b - cy - e.b) / fy);
    else if (fy < -0.02) ry = std::min(ry, (cy - area.t + e.t) / -fy);
    else if (cy + e.b > area.b || cy + e.t < area.t) out.ok = false;
  }
  rx = std::min(rx, kMaxAspect * ry);
  ry = std::min(ry, kMaxAspect * rx);
  if (rx <= 0 || ry <= 0) {
    out.ok = false;
    rx = std::max(rx, 1.0);
    ry = std::max(ry, 1.0);
  }

  std::vector<Box> boxes;
  const Box centre = moved(mine, cx, cy);
  for (std::size_t i = 0; i < n; ++i) {
    EcomapNode& node = nodes[i + 1];
    node.x = cx + rx * ring[i] * ux[i];
    node.y = cy + ry * ring[i] * uy[i];
    node.label_x += node.x;
    node.label_y += node.y;
    if (!node.label_outside) {
      node.label_x = node.x - node.label_w / 2;
      node.label_y = node.y - node.label_h / 2;
    }
    const Box b = moved(ext[i], node.x, node.y);
    if (b.overlaps(centre, kGapPt * s)) out.ok = false;
    for (const Box& other : boxes)
      if (b.overlaps(other, kGapPt * s)) out.ok = false;
    boxes.push_back(b);
    const double dx = person.x - node.x, dy = person.y - node.y, len = std::max(1e-6, std::hypot(dx, dy));
    const double visible = len - boundary_distance(node, dx / len, dy / len) - boundary_distance(person, -dx / len, -dy / len);
    if (visible < kMinLinePt * s) out.ok = false;
  }
  return out;
}

}  // namespace

double legend_item_width(PangoContext* context, const LegendItem& item) {
  double symbol = 12;
  switch (item.symbol) {
    case LegendSymbol::strong:
    case LegendSymbol::weak:
    case LegendSymbol::stressful:
    case LegendSymbol::support_arrows:
    case LegendSymbol::both_arrow: symbol = 30; break;
    case LegendSymbol::formal:
    case LegendSymbol::informal: symbol = 18; break;
    default: break;
  }
  return symbol + 4 + layout_text(context, escape(item.text), kLegendFontPt, 1000).w;
}

LegendLayout legend_layout(PangoContext* context, const Ecomap& map, const EcomapOptions& options) {
  LegendLayout g;
  if (!options.legend) return g;
  g.shown = true;
  bool unknown = false, key = false;
  for (const auto& n : map.nodes) {
    unknown = unknown || (n.kind == Kind::family && n.gender == core::Gender::unknown);
    key = key || n.key_person;
  }
  using S = LegendSymbol;
  std::vector<std::vector<LegendItem>> shapes{{{S::male, "男性"}, {S::female, "女性"}, {S::deceased, "死亡"}}};
  if (unknown) shapes.push_back({{S::unknown_gender, "性別不明"}});
  shapes.push_back({{S::person, "本人"}});
  if (key) shapes.back().push_back({S::key_person, "キーマン"});
  shapes.push_back({{S::formal, "フォーマルな社会資源"}});
  shapes.push_back({{S::informal, "インフォーマルな社会資源"}});
  const std::vector<std::vector<LegendItem>> lines{
      {{S::strong, "強い関係"}}, {{S::weak, "弱い関係"}}, {{S::stressful, "ストレスや葛藤のある関係"}}};
  const std::vector<std::vector<LegendItem>> arrows{{{S::support_arrows, "支援の働きかけ"}},
                                                    {{S::both_arrow, "エネルギーの向かう方向"}}};
  const auto width_of = [&](const std::vector<std::vector<LegendItem>>& rows) {
    double w = 0;
    for (const auto& row : rows) {
      double rw = 0;
      for (const auto& item : row) rw += (rw > 0 ? 8 : 0) + legend_item_width(context, item);
      w = std::max(w, rw);
    }
    return w;
  };
  const double W = options.width_pt, H = options.height_pt;
  double w = 0, h = 0;
  if (W >= H) {  // one column at the right
    std::vector<std::vector<LegendItem>> all = shapes;
    all.insert(all.end(), lines.begin(), lines.end());
    all.insert(all.end(), arrows.begin(), arrows.end());
    g.columns = {all};
    g.column_x = {kLegendPadPt};
    w = width_of(all) + 2 * kLegendPadPt;
    h = kLegendTitlePt + static_cast<double>(all.size()) * kLegendRowPt + 2 * kLegendPadPt;
    g.scale = std::min({1.0, 0.4 * W / w, (H - 8) / h});
  } else {  // three columns along the bottom
    g.columns = {shapes, lines, arrows};
    double x = kLegendPadPt;
    for (const auto& col : g.columns) {
      g.column_x.push_back(x);
      x += width_of(col) + 14;
    }
    w = x - 14 + kLegendPadPt;
    h = kLegendTitlePt + static_cast<double>(shapes.size()) * kLegendRowPt + 2 * kLegendPadPt;
    g.scale = std::min({1.0, (W - 8) / w, 0.4 * H / h});
  }
  g.w = w * g.scale;
  g.h = h * g.scale;
  g.x = W - g.w - 4;
  g.y = H - g.h - 4;
  return g;
}

}  // namespace ecomap_detail

Ecomap build_ecomap(const core::MeetingState& state, const EcomapOptions& options) {
  using namespace ecomap_detail;
  if (!(options.width_pt > 0) || !(options.height_pt > 0))
    throw std::invalid_argument("build_ecomap: the drawing size must be positive");
  Ecomap map = collect(for_audience(state, options.audience));
  map.width_pt = options.width_pt;
  map.height_pt = options.height_pt;
  const ContextPtr ctx = make_context();
  Box area{kMarginPt, kMarginPt, options.width_pt - kMarginPt, options.height_pt - kMarginPt};
  const LegendLayout legend = legend_layout(ctx.get(), map, options);
  if (legend.shown) {
    if (options.width_pt >= options.height_pt)
      area.r = legend.x - kMarginPt;
    else
      area.b = legend.y - kMarginPt;
  }
  // Largest scale first: the single ring down to 81 %, then (many nodes) the staggered rings
  // from 100 %, then both at each smaller scale down to 35 %; at each, the angles as they are,
  // then turned by a quarter and half a slot either way. When nothing fits, the last attempt
  // is kept, overlaps and all.
  std::vector<std::pair<int, bool>> tries;  // (k: scale 0.9^k, staggered)
  const bool many = map.nodes.size() > 6;
  for (int k = 0; k < 3; ++k) tries.emplace_back(k, false);
  for (int k = 0; k < 3 && many; ++k) tries.emplace_back(k, true);
  for (int k = 3; k < 11; ++k) {
    tries.emplace_back(k, false);
    if (many) tries.emplace_back(k, true);
  }
  std::vector<std::vector<EcomapNode>> measured(11);  // per scale, measured once
  Attempt attempt;
  for (const auto& [k, stagger] : tries) {
    map.scale = std::pow(0.9, k);
    if (measured[k].empty()) {
      measured[k] = map.nodes;
      for (auto& n : measured[k]) measure(ctx.get(), n, map.scale);
    }
    for (const double turn : {0.0, 0.25, -0.25, 0.5, -0.5}) {
      attempt = place(measured[k], map.scale, stagger, turn, area);
      if (attempt.ok) break;
    }
    if (attempt.ok) break;
  }
  map.nodes = std::move(attempt.nodes);
  return map;
}

}  // namespace renkei::minutes
