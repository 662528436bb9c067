// Internals of the ecomap shared by its model/layout (ecomap_layout.cpp), its drawing
// (ecomap_draw.cpp) and the minutes view model: the model without layout, text measured with
// Pango, the sizes and colours of the drawing, and the legend's geometry. Units: pt.
#pragma once

#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <vector>

#include "minutes/ecomap.hpp"

namespace renkei::minutes::ecomap_detail {

// ── Sizes at scale 1 (pt) ──────────────────────────────────────────────────────────────────
inline constexpr double kLabelFontPt = 8.5;        ///< node labels
inline constexpr double kPersonFontPt = 10.5;      ///< the person's name (bold)
inline constexpr double kKeyPersonFontPt = 7.5;    ///< the "キーマン" line under a label
inline constexpr double kNoteFontPt = 7.0;         ///< notes beside lines
inline constexpr double kLegendFontPt = 7.5;       ///< legend text
inline constexpr double kSymbolPt = 22.0;          ///< side of a family symbol (□ ○ ◇)
inline constexpr double kStrongLinePt = 2.4;       ///< —— strong
inline constexpr double kWeakLinePt = 1.8;         ///< ..... weak (round dots)
inline constexpr double kStressLinePt = 1.3;       ///< ++++ stressful (with hatch marks)
inline constexpr double kArrowLengthPt = 9.0;
inline constexpr double kArrowHalfWidthPt = 4.2;

/// Owning pointers to GObjects (PangoContext, PangoLayout).
using ContextPtr = std::unique_ptr<PangoContext, void (*)(gpointer)>;
using LayoutPtr = std::unique_ptr<PangoLayout, void (*)(gpointer)>;

/// A Pango context for measuring and drawing ecomap text: 72 dpi (1 Pango pt = 1 pt), no
/// hinting and no metric hinting (sizes independent of the target surface), language ja-JP.
ContextPtr make_context();

/// Text laid out with Pango: the layout and its logical size in pt.
struct Text {
  LayoutPtr layout{nullptr, g_object_unref};
  double w = 0, h = 0;  ///< width of the widest line, height of all lines, pt
  int lines = 0;
};

/// Lays out Pango `markup` in fonts::kSans (IPAexGothic, else Noto Sans CJK JP) at `size_pt`,
/// wrapped at `wrap_pt` (PANGO_WRAP_WORD_CHAR), lines fonts::kLineHeightEm apart and centred when
/// drawn. Invalid markup falls back to plain text.
Text layout_text(PangoContext* context, const std::string& markup, double size_pt, double wrap_pt,
                 bool bold = false);

/// Draws `text` centred in the box (x, y, w): each line centred on x + w / 2, top at y; as
/// glyph outlines (paths) on an SVG surface, as glyphs elsewhere.
void draw_text(cairo_t* cr, const Text& text, double x, double y, double w);

/// `s` without leading and trailing white space (ASCII and the ideographic space U+3000).
std::string trim(const std::string& s);

/// Escapes text for Pango markup.
std::string escape(const std::string& text);

/// A node's label ready to lay out at `scale`: Pango markup with its line breaks, the width to
/// wrap it at and the font size, pt. The label stays on one line when it is short; else it is
/// broken at the space or before the opening bracket giving the narrowest lines ("就労継続支援B型
/// ／みどり工房"); else wrapped into lines of even length. "キーマン" (bold) follows for the
/// key person; the person's name is bold with "（本人）" under it. `outside`: the wider limits of
/// a label drawn beside its shape.
struct NodeLabel {
  std::string markup;
  double wrap_pt = 0;
  double size_pt = 0;
};
NodeLabel node_label(PangoContext* context, const EcomapNode& node, double scale, bool outside);

/// The model of a (filtered) snapshot without layout: nodes (the person first, then family,
/// formal, informal, each by label) and one edge per non-person node; positions are zero.
Ecomap collect(const core::MeetingState& state);

/// One line of the ecomap in words (the SVG's <desc>, the minutes' table under the map).
struct EdgeText {
  std::string who;        ///< the node's label
  std::string category;   ///< 家族 | フォーマル | インフォーマル
  std::string attributes; ///< e.g. "女性・死亡", "キーマン"; "" when none
  std::string strength;   ///< 強い関係 | 弱い関係 | ストレスや葛藤のある関係 (core::label_ja)
  std::string direction;  ///< "本人へ →" | "本人から ←" | "双方向 ↔" | ""
  std::string note;       ///< the relationship's note; "役割分担・出席者から" for a derived line
};
/// The edges of `map` in words, in node order.
std::vector<EdgeText> describe(const Ecomap& map);

/// Where a line leaves a node's shape: the distance from the node's centre to its boundary in
/// the direction (ux, uy) (a unit vector).
double boundary_distance(const EcomapNode& node, double ux, double uy);

// ── Legend (凡例) ──────────────────────────────────────────────────────────────────────────
/// What a legend entry shows left of its text.
enum class LegendSymbol {
  male, female, deceased, unknown_gender, person, formal, informal, key_person,
  strong, weak, stressful, support_arrows, both_arrow
};
struct LegendItem {
  LegendSymbol symbol;
  const char* text;
};
/// The legend laid out: its box, its scale, and rows of items in columns.
struct LegendLayout {
  bool shown = false;
  double x = 0, y = 0, w = 0, h = 0;  ///< the framed box, pt
  double scale = 1.0;
  /// Columns of rows of items; column mode has one column, the bottom strip three
  /// (symbols, lines, arrows) side by side.
  std::vector<std::vector<std::vector<LegendItem>>> columns;
  std::vector<double> column_x;  ///< left edge of each column, pt (in the box, unscaled)
};
/// The legend for `map` in a drawing of options' size: the seed's entries (□ 男性 ○ 女性 ⊗ 死亡;
/// —— 強い関係; ..... 弱い関係; ++++ ストレスや葛藤のある関係; → ← 支援の働きかけ; ↔ エネルギーの
/// 向かう方向), the node shapes used here, ◇ 性別不明 and ★ キーマン only when drawn. At the
/// right, bottom-aligned, when width ≥ height; else along the bottom.
LegendLayout legend_layout(PangoContext* context, const Ecomap& map, const EcomapOptions& options);
/// Width (pt, at scale 1) of a legend item: symbol, gap, text.
double legend_item_width(PangoContext* context, const LegendItem& item);
inline constexpr double kLegendRowPt = 14.0;   ///< row height at scale 1
inline constexpr double kLegendPadPt = 7.0;    ///< padding inside the box
inline constexpr double kLegendTitlePt = 15.0; ///< the "凡例" title row

}  // namespace renkei::minutes::ecomap_detail
