// draw_ecomap() and the ecomap files: SVG, PNG (ecomap.hpp). Shapes, line styles and the legend
// follow seed 002_9a93a877bd45b4c1.txt (参考資料 エコマップの書き方).
#include <cairo-svg.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "minutes/ecomap_detail.hpp"
#include "minutes/minutes.hpp"

namespace renkei::minutes {
namespace ecomap_detail {
namespace {

using Kind = EcomapNode::Kind;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.13, 0.13, 0.13};
constexpr Rgb kStressInk{0.68, 0.14, 0.14};  // ++++ also in red, so it reads at a glance
constexpr Rgb kPersonFill{1.0, 0.95, 0.76};
constexpr Rgb kFormalFill{0.86, 0.91, 0.97};
constexpr Rgb kFormalInk{0.20, 0.38, 0.60};
constexpr Rgb kInformalFill{0.88, 0.95, 0.84};
constexpr Rgb kInformalInk{0.27, 0.50, 0.20};
constexpr Rgb kKeyFill{0.98, 0.72, 0.16};
constexpr Rgb kKeyInk{0.55, 0.33, 0.0};
constexpr Rgb kNoteInk{0.30, 0.30, 0.30};

void set(cairo_t* cr, const Rgb& c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

void rounded_rect(cairo_t* cr, double x, double y, double w, double h, double r) {
  r = std::min({r, w / 2, h / 2});
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -std::numbers::pi / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, std::numbers::pi / 2);
  cairo_arc(cr, x + r, y + h - r, r, std::numbers::pi / 2, std::numbers::pi);
  cairo_arc(cr, x + r, y + r, r, std::numbers::pi, 3 * std::numbers::pi / 2);
  cairo_close_path(cr);
}

void ellipse(cairo_t* cr, double cx, double cy, double rx, double ry) {
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_scale(cr, rx, ry);
  cairo_new_sub_path(cr);
  cairo_arc(cr, 0, 0, 1, 0, 2 * std::numbers::pi);
  cairo_restore(cr);
}

void diamond(cairo_t* cr, double cx, double cy, double rx, double ry) {
  cairo_move_to(cr, cx, cy - ry);
  cairo_line_to(cr, cx + rx, cy);
  cairo_line_to(cr, cx, cy + ry);
  cairo_line_to(cr, cx - rx, cy);
  cairo_close_path(cr);
}

void star(cairo_t* cr, double cx, double cy, double r) {
  for (int k = 0; k < 10; ++k) {
    const double a = -std::numbers::pi / 2 + k * std::numbers::pi / 5, rr = k % 2 == 0 ? r : r * 0.45;
    k == 0 ? cairo_move_to(cr, cx + rr * std::cos(a), cy + rr * std::sin(a))
           : cairo_line_to(cr, cx + rr * std::cos(a), cy + rr * std::sin(a));
  }
  cairo_close_path(cr);
}

void fill_stroke(cairo_t* cr, const Rgb& fill, const Rgb& ink, double width) {
  set(cr, fill);
  cairo_fill_preserve(cr);
  set(cr, ink);
  cairo_set_line_width(cr, width);
  cairo_stroke(cr);
}

/// A filled arrowhead with its tip at (x, y), pointing along (ux, uy).
void arrowhead(cairo_t* cr, double x, double y, double ux, double uy, double s) {
  const double l = kArrowLengthPt * s, w = kArrowHalfWidthPt * s;
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x - ux * l - uy * w, y - uy * l + ux * w);
  cairo_line_to(cr, x - ux * l + uy * w, y - uy * l - ux * w);
  cairo_close_path(cr);
  cairo_fill(cr);
}

/// A line from (x0, y0) to (x1, y1) in the style of `strength`, arrowheads per `direction`
/// (to_person: at (x1, y1)). Used for the map and the legend.
void styled_line(cairo_t* cr, double x0, double y0, double x1, double y1, core::RelationStrength strength,
                 core::RelationDirection direction, double s) {
  using core::RelationDirection;
  using core::RelationStrength;
  const double len = std::hypot(x1 - x0, y1 - y0);
  if (len < 1e-6) return;
  const double ux = (x1 - x0) / len, uy = (y1 - y0) / len;
  const bool head_end = direction == RelationDirection::to_person || direction == RelationDirection::both;
  const bool head_start = direction == RelationDirection::from_person || direction == RelationDirection::both;
  const double back = kArrowLengthPt * s * 0.7;  // the line stops inside the arrowhead, not at its tip
  const double sx = x0 + (head_start ? ux * back : 0), sy = y0 + (head_start ? uy * back : 0);
  const double ex = x1 - (head_end ? ux * back : 0), ey = y1 - (head_end ? uy * back : 0);
  cairo_save(cr);
  set(cr, strength == RelationStrength::stressful ? kStressInk : kInk);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  switch (strength) {
    case RelationStrength::strong: cairo_set_line_width(cr, kStrongLinePt * s); break;
    case RelationStrength::weak: {
      cairo_set_line_width(cr, kWeakLinePt * s);
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
      const double dash[] = {0.1 * s, 4.3 * s};  // round dots (ImageMagick's SVG renderer refuses a 0 dash)
      cairo_set_dash(cr, dash, 2, 0);
      break;
    }
    case RelationStrength::stressful: cairo_set_line_width(cr, kStressLinePt * s); break;
  }
  cairo_move_to(cr, sx, sy);
  cairo_line_to(cr, ex, ey);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  if (strength == RelationStrength::stressful) {  // ++++: perpendicular marks across the line
    const double gap = 7.0 * s, half = 4.6 * s;
    const double from = (head_start ? kArrowLengthPt * s : 0) + 4 * s;
    const double to = len - (head_end ? kArrowLengthPt * s : 0) - 4 * s;
    const int count = std::max(1, static_cast<int>(std::floor((to - from) / gap)) + 1);
    const double offset = from + std::max(0.0, (to - from) - (count - 1) * gap) / 2;
    cairo_set_line_width(cr, kStressLinePt * s);
    for (int k = 0; k < count; ++k) {
      const double t = offset + k * gap;
      const double px = x0 + ux * t, py = y0 + uy * t;
      cairo_move_to(cr, px - uy * half, py + ux * half);
      cairo_line_to(cr, px + uy * half, py - ux * half);
    }
    cairo_stroke(cr);
  }
  if (head_end) arrowhead(cr, x1, y1, ux, uy, s);
  if (head_start) arrowhead(cr, x0, y0, -ux, -uy, s);
  cairo_restore(cr);
}

void draw_edge(cairo_t* cr, PangoContext* ctx, const Ecomap& map, const EcomapEdge& e) {
  const double s = map.scale;
  const EcomapNode& a = map.nodes[e.from];
  const EcomapNode& p = map.nodes[e.to];
  const double dx = p.x - a.x, dy = p.y - a.y, len = std::hypot(dx, dy);
  if (len < 1e-6) return;
  const double ux = dx / len, uy = dy / len;
  const double d0 = boundary_distance(a, ux, uy) + 2.5 * s, d1 = boundary_distance(p, -ux, -uy) + 2.5 * s;
  if (d0 + d1 >= len) return;
  const double x0 = a.x + ux * d0, y0 = a.y + uy * d0, x1 = p.x - ux * d1, y1 = p.y - uy * d1;
  styled_line(cr, x0, y0, x1, y1, e.strength, e.direction, s);
  if (e.note.empty()) return;
  // The note beside the line, wholly on one side of it (clockwise of the direction to the person).
  const double whole = layout_text(ctx, escape(e.note), kNoteFontPt * s, 1e6).w, most = 76 * s;
  const double wrap = whole <= most ? most : std::min(most, whole / std::ceil(whole / most) + kNoteFontPt * s);
  const Text t = layout_text(ctx, escape(e.note), kNoteFontPt * s, wrap);
  const double nx = -uy, ny = ux;
  const double mx = x0 + (x1 - x0) * 0.35, my = y0 + (y1 - y0) * 0.35;
  const double half = std::abs(nx) * t.w / 2 + std::abs(ny) * t.h / 2;
  const double cx = mx + nx * (half + 4 * s), cy = my + ny * (half + 4 * s);
  cairo_save(cr);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, cx - t.w / 2 - 1.5 * s, cy - t.h / 2, t.w + 3 * s, t.h);
  cairo_fill(cr);
  set(cr, kNoteInk);
  draw_text(cr, t, cx - t.w / 2, cy - t.h / 2, t.w);
  cairo_restore(cr);
}

/// The deceased mark ⊗: both diagonals of the symbol's square (for a circle, to its rim).
void cross(cairo_t* cr, const EcomapNode& n, double s) {
  const double k = n.kind == Kind::family && n.gender == core::Gender::male ? 0.5 : 0.5 / std::numbers::sqrt2;
  const double hx = n.w * k, hy = n.h * k;
  set(cr, kInk);
  cairo_set_line_width(cr, 1.4 * s);
  cairo_move_to(cr, n.x - hx, n.y - hy);
  cairo_line_to(cr, n.x + hx, n.y + hy);
  cairo_move_to(cr, n.x + hx, n.y - hy);
  cairo_line_to(cr, n.x - hx, n.y + hy);
  cairo_stroke(cr);
}

void draw_node(cairo_t* cr, PangoContext* ctx, const EcomapNode& n, double s) {
  cairo_save(cr);
  cairo_new_path(cr);  // pango leaves a current point: no stray segment into the first arc
  const double border = (n.key_person ? 2.8 : 1.3) * s;
  switch (n.kind) {
    case Kind::person: {
      const double r = n.w / 2;
      cairo_arc(cr, n.x, n.y, r, 0, 2 * std::numbers::pi);
      fill_stroke(cr, kPersonFill, kInk, 1.4 * s);
      cairo_new_sub_path(cr);
      cairo_arc(cr, n.x, n.y, r - 3.2 * s, 0, 2 * std::numbers::pi);
      set(cr, kInk);
      cairo_set_line_width(cr, 1.0 * s);
      cairo_stroke(cr);
      break;
    }
    case Kind::family: {
      const double r = n.w / 2;
      if (n.gender == core::Gender::male)
        cairo_rectangle(cr, n.x - r, n.y - r, n.w, n.h);
      else if (n.gender == core::Gender::female)
        cairo_arc(cr, n.x, n.y, r, 0, 2 * std::numbers::pi);
      else
        diamond(cr, n.x, n.y, r, r);
      fill_stroke(cr, {1, 1, 1}, kInk, border + 0.3 * s);
      break;
    }
    case Kind::formal:
      rounded_rect(cr, n.x - n.w / 2, n.y - n.h / 2, n.w, n.h, 7 * s);
      fill_stroke(cr, kFormalFill, kFormalInk, border);
      break;
    case Kind::informal:
      ellipse(cr, n.x, n.y, n.w / 2, n.h / 2);
      fill_stroke(cr, kInformalFill, kInformalInk, border);
      break;
  }
  if (n.deceased) cross(cr, n, s);
  if (n.key_person) {
    cairo_new_path(cr);
    star(cr, n.x + n.w / 2 - 3 * s, n.y - n.h / 2 + 1 * s, 7.5 * s);
    fill_stroke(cr, kKeyFill, kKeyInk, 0.9 * s);
  }
  const NodeLabel label = node_label(ctx, n, s, n.label_outside);
  const Text t = layout_text(ctx, label.markup, label.size_pt, label.wrap_pt);
  if (n.label_outside) {  // a light backing so a crossing line does not hide the text
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_rectangle(cr, n.label_x - 1.5 * s, n.label_y, n.label_w + 3 * s, n.label_h);
    cairo_fill(cr);
  }
  set(cr, kInk);
  draw_text(cr, t, n.label_x, n.label_y, n.label_w);
  cairo_restore(cr);
}

/// One legend symbol in the box (x, y, w, h), pt, at legend scale `k`.
void legend_symbol(cairo_t* cr, LegendSymbol sym, double x, double y, double w, double h, double k) {
  using core::RelationDirection;
  using core::RelationStrength;
  const double cx = x + w / 2, cy = y + h / 2, r = 5 * k;
  cairo_save(cr);
  cairo_new_path(cr);
  switch (sym) {
    case LegendSymbol::male:
      cairo_rectangle(cr, cx - r, cy - r, 2 * r, 2 * r);
      fill_stroke(cr, {1, 1, 1}, kInk, 1.1 * k);
      break;
    case LegendSymbol::female:
    case LegendSymbol::deceased:
      cairo_arc(cr, cx, cy, r, 0, 2 * std::numbers::pi);
      fill_stroke(cr, {1, 1, 1}, kInk, 1.1 * k);
      if (sym == LegendSymbol::deceased) {
        const double d = r / std::numbers::sqrt2;
        cairo_move_to(cr, cx - d, cy - d);
        cairo_line_to(cr, cx + d, cy + d);
        cairo_move_to(cr, cx + d, cy - d);
        cairo_line_to(cr, cx - d, cy + d);
        cairo_stroke(cr);
      }
      break;
    case LegendSymbol::unknown_gender:
      diamond(cr, cx, cy, r * 1.15, r * 1.15);
      fill_stroke(cr, {1, 1, 1}, kInk, 1.1 * k);
      break;
    case LegendSymbol::person:
      cairo_arc(cr, cx, cy, r + 0.8 * k, 0, 2 * std::numbers::pi);
      fill_stroke(cr, kPersonFill, kInk, 1.0 * k);
      cairo_new_sub_path(cr);
      cairo_arc(cr, cx, cy, r - 1.6 * k, 0, 2 * std::numbers::pi);
      cairo_stroke(cr);
      break;
    case LegendSymbol::key_person:
      star(cr, cx, cy, r + 1 * k);
      fill_stroke(cr, kKeyFill, kKeyInk, 0.8 * k);
      break;
    case LegendSymbol::formal:
      rounded_rect(cr, cx - 8 * k, cy - 5 * k, 16 * k, 10 * k, 3 * k);
      fill_stroke(cr, kFormalFill, kFormalInk, 1.0 * k);
      break;
    case LegendSymbol::informal:
      ellipse(cr, cx, cy, 8 * k, 5 * k);
      fill_stroke(cr, kInformalFill, kInformalInk, 1.0 * k);
      break;
    case LegendSymbol::strong:
    case LegendSymbol::weak:
    case LegendSymbol::stressful: {
      const auto strength = sym == LegendSymbol::strong ? RelationStrength::strong
                            : sym == LegendSymbol::weak ? RelationStrength::weak
                                                        : RelationStrength::stressful;
      styled_line(cr, x + 1 * k, cy, x + w - 1 * k, cy, strength, RelationDirection::none, k);
      break;
    }
    case LegendSymbol::support_arrows:
      styled_line(cr, x, cy, x + w / 2 - 2 * k, cy, RelationStrength::strong, RelationDirection::to_person, k * 0.6);
      styled_line(cr, x + w / 2 + 2 * k, cy, x + w, cy, RelationStrength::strong, RelationDirection::from_person,
                  k * 0.6);
      break;
    case LegendSymbol::both_arrow:
      styled_line(cr, x, cy, x + w, cy, RelationStrength::strong, RelationDirection::both, k * 0.6);
      break;
  }
  cairo_restore(cr);
}

void draw_legend(cairo_t* cr, PangoContext* ctx, const LegendLayout& g) {
  if (!g.shown) return;
  const double k = g.scale;
  cairo_save(cr);
  cairo_rectangle(cr, g.x, g.y, g.w, g.h);
  fill_stroke(cr, {1, 1, 1}, {0.45, 0.45, 0.45}, 0.7);
  set(cr, kInk);
  const Text title = layout_text(ctx, "<b>凡例</b>", (kLegendFontPt + 1) * k, 200 * k);
  draw_text(cr, title, g.x + kLegendPadPt * k, g.y + kLegendPadPt * k - 1 * k, title.w);
  for (std::size_t c = 0; c < g.columns.size(); ++c) {
    double y = g.y + (kLegendPadPt + kLegendTitlePt) * k;
    for (const auto& row : g.columns[c]) {
      double x = g.x + g.column_x[c] * k;
      for (const auto& item : row) {
        const double item_w = legend_item_width(ctx, item);
        const Text t = layout_text(ctx, escape(item.text), kLegendFontPt * k, 1000);
        const double sym_w = (item_w - 4) * k - t.w;
        legend_symbol(cr, item.symbol, x, y, sym_w, kLegendRowPt * k, k);
        set(cr, kInk);
        draw_text(cr, t, x + sym_w + 4 * k, y + (kLegendRowPt * k - t.h) / 2, t.w);
        x += (item_w + 8) * k;
      }
      y += kLegendRowPt * k;
    }
  }
  cairo_restore(cr);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t append_to_bytes(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// <title> and <desc> for the SVG: the glyphs are outlines, so this is the map's text.
std::string svg_text(const Ecomap& map) {
  std::string desc = "本人：" + map.nodes[0].label;
  for (const auto& t : describe(map)) {
    desc += "\n" + t.who + " ― " + t.category + (t.attributes.empty() ? "" : "・" + t.attributes) + "：" + t.strength;
    if (!t.direction.empty()) desc += "、" + t.direction;
    if (!t.note.empty()) desc += "、" + t.note;
  }
  return "<title>" + xml_escape("エコマップ（社会資源関係図）：" + map.nodes[0].label) + "</title>\n<desc>" +
         xml_escape(desc) + "</desc>\n";
}

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw MinutesError(std::string("cannot draw the ecomap (") + what + "): " + cairo_status_to_string(status));
}

}  // namespace
}  // namespace ecomap_detail

void draw_ecomap(cairo_t* cr, const Ecomap& map, const EcomapOptions& options) {
  using namespace ecomap_detail;
  if (map.nodes.empty()) return;
  const ContextPtr ctx = make_context();
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (const auto& e : map.edges) draw_edge(cr, ctx.get(), map, e);
  for (const auto& n : map.nodes) draw_node(cr, ctx.get(), n, map.scale);
  draw_legend(cr, ctx.get(), legend_layout(ctx.get(), map, options));
  cairo_restore(cr);
}

std::string ecomap_svg(const core::MeetingState& state, const EcomapOptions& options) {
  using namespace ecomap_detail;
  const Ecomap map = build_ecomap(state, options);
  std::string svg;
  cairo_surface_t* surface =
      cairo_svg_surface_create_for_stream(append_to_string, &svg, options.width_pt, options.height_pt);
  cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  draw_ecomap(cr, map, options);
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  check(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished, "SVG");
  // cairo names the page group after a process-wide surface counter: make it constant.
  if (const std::size_t g = svg.find("<g id=\"surface"); g != std::string::npos) {
    const std::size_t from = g + 7, to = svg.find('"', from);
    if (to != std::string::npos) svg.replace(from, to - from, "ecomap");
  }
  // The text alternative goes right after the opening <svg …> tag.
  const std::size_t open = svg.find("<svg");
  const std::size_t end = open == std::string::npos ? open : svg.find('>', open);
  if (end != std::string::npos) svg.insert(end + 1, "\n" + svg_text(map));
  return svg;
}

std::vector<std::uint8_t> ecomap_png(const core::MeetingState& state, int width_px, int height_px,
                                     const EcomapOptions& options) {
  using namespace ecomap_detail;
  if (width_px < 1 || height_px < 1) throw std::invalid_argument("ecomap_png: the image size must be at least 1 px");
  if (!(options.width_pt > 0) || !(options.height_pt > 0))
    throw std::invalid_argument("ecomap_png: the drawing size must be positive");
  const double k = std::min(width_px / options.width_pt, height_px / options.height_pt);
  EcomapOptions scaled = options;
  scaled.width_pt = width_px / k;
  scaled.height_pt = height_px / k;
  const Ecomap map = build_ecomap(state, scaled);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, k, k);
  draw_ecomap(cr, map, scaled);
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  std::vector<std::uint8_t> png;
  const cairo_status_t written =
      drawn != CAIRO_STATUS_SUCCESS ? drawn : cairo_surface_write_to_png_stream(surface, append_to_bytes, &png);
  cairo_surface_destroy(surface);
  check(written, "PNG");
  return png;
}

void export_ecomap(const core::MeetingState& state, const std::filesystem::path& out, const EcomapOptions& options) {
  std::string ext = out.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".svg") {
    write_file_atomically(out, ecomap_svg(state, options));
  } else if (ext == ".png") {
    const auto png = ecomap_png(state, static_cast<int>(std::lround(options.width_pt * 2)),
                                static_cast<int>(std::lround(options.height_pt * 2)), options);
    write_file_atomically(out, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
  } else {
    throw MinutesError("cannot write the ecomap to " + out.string() + ": the file name must end in .svg or .png");
  }
}

}  // namespace renkei::minutes
