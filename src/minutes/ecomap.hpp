// The エコマップ (社会資源関係図): the person (本人) in the centre, the family, the formal and the
// informal resources around, and the lines of their relationships, drawn with cairo/pango after
// the legend of seed 002_9a93a877bd45b4c1.txt (参考資料 エコマップの書き方):
//
//   □ 男性    ○ 女性    ⊗ 死亡
//   —— 強い関係    ..... 弱い関係    ++++ ストレスや葛藤のある関係
//   → ← 支援の働きかけ、↔ エネルギーの向かう方向
//
// Model (build_ecomap): one node for the person; one per family member (relationships of
// category family and family attendees); one per formal or informal resource (relationships of
// that category, and role-board entries by their `resource`), grouped by `who` — one node per
// organization or person, not per role. Entries naming the same attendee, or the same `who`
// (white space trimmed), share one node. Every node has one line to the person: its first
// relationship's; a node with only role-board entries gets a plain strong line with the support
// arrow toward the person (→); a family attendee with neither gets a strong line without arrow.
//
// Drawing (draw_ecomap): family members as genogram symbols (□ male, ○ female, ◇ unknown, a
// diagonal cross through a deceased one's) labelled outside; formal resources as rounded
// rectangles and informal ones as ellipses, in different fills, labelled inside (outside when
// the label is too long); the person as a double circle; the key person (キーマン) with a thicker
// border, a star and "キーマン" under the label. Lines: strong = solid thick, weak = dotted,
// stressful = solid with perpendicular hatch marks (the seed's ++++); arrowheads for the
// direction. A legend box (凡例) reproduces the seed's legend. Layout: a deterministic radial
// layout (family from the left, then formal, then informal, clockwise; by label within a group)
// scaled to fit; the same state always gives the same SVG bytes.
//
// Units: points (pt, 1/72 in), y growing downwards, origin at the drawing's top-left corner.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"
#include "minutes/audience.hpp"

namespace renkei::minutes {

/// Size and parts of an ecomap drawing.
struct EcomapOptions {
  double width_pt = 560;   ///< drawing width, pt (> 0)
  double height_pt = 420;  ///< drawing height, pt (> 0)
  bool legend = true;      ///< draw the legend box (凡例): at the right when the drawing is at
                           ///< least as wide as tall, else along the bottom
  Audience audience = Audience::full;  ///< build_ecomap applies for_audience() first
};

/// One node of the ecomap: the person, a family member or a resource, with its laid-out shape.
struct EcomapNode {
  /// person: 本人 (double circle, centre); family: □ ○ ◇ genogram symbol; formal: rounded
  /// rectangle (blue fill); informal: ellipse (green fill).
  enum class Kind { person, family, formal, informal };
  std::string label;           ///< the name as written (`who`, 続柄 and name, or the person's name)
  Kind kind = Kind::formal;
  core::Gender gender = core::Gender::unknown;  ///< family: explicit, else guessed from 続柄 (母 → female)
  bool deceased = false;       ///< ⊗: a diagonal cross through the shape
  bool key_person = false;     ///< キーマン (a role-board entry with key_person)
  double x = 0, y = 0;         ///< centre of the shape, pt
  double w = 0, h = 0;         ///< shape size, pt
  bool label_outside = false;  ///< the label is beside the shape, on the side away from the person
  double label_x = 0, label_y = 0;  ///< top-left corner of the label box, pt
  double label_w = 0, label_h = 0;  ///< label box, pt; the text is wrapped to label_w and centred
};

/// One line of the ecomap, from a node to the person (nodes[0]).
struct EcomapEdge {
  std::size_t from = 0;  ///< index of the node in Ecomap::nodes
  std::size_t to = 0;    ///< index of the person's node (0)
  core::RelationStrength strength = core::RelationStrength::strong;
  /// to_person: arrowhead at the person's end (支援の働きかけ →); from_person: at the node's end;
  /// both: at both ends (↔); none: no arrowhead.
  core::RelationDirection direction = core::RelationDirection::none;
  std::string note;       ///< the relationship's note, drawn small beside the line
  bool recorded = true;  ///< false when derived from the role board or the attendee list, not recorded as a relationship
};

/// A laid-out ecomap: nodes[0] is the person; every edge ends at it.
struct Ecomap {
  std::vector<EcomapNode> nodes;
  std::vector<EcomapEdge> edges;
  double width_pt = 0, height_pt = 0;  ///< the box it was laid out in (EcomapOptions)
  double scale = 1.0;  ///< size factor of shapes and text (≤ 1) chosen so everything fits
};

/// Builds the node/edge model of `state` (after for_audience(state, options.audience)) and lays
/// it out in options.width_pt × options.height_pt, leaving room for the legend when
/// options.legend. Pure and deterministic (text is measured with Pango in fonts::kSans — IPAexGothic,
/// else Noto Sans CJK JP — through fontconfig). Throws std::invalid_argument when the size is not positive.
Ecomap build_ecomap(const core::MeetingState& state, const EcomapOptions& options = {});

/// Draws `map` (built with the same `options`) with its top-left corner at the current origin of
/// `cr`, options.width_pt × options.height_pt in user units (pt); no background is painted. The
/// state of `cr` is saved and restored. Works on any cairo surface (PDF, SVG, image).
void draw_ecomap(cairo_t* cr, const Ecomap& map, const EcomapOptions& options);

/// The ecomap as a standalone SVG document (cairo SVG surface, options.width_pt ×
/// options.height_pt, white background), with a <title> and a <desc> listing the nodes and
/// lines as text (the glyphs themselves are outlines). Same state and options → same bytes.
/// Throws MinutesError on a cairo error.
std::string ecomap_svg(const core::MeetingState& state, const EcomapOptions& options = {});

/// The ecomap as PNG bytes, `width_px` × `height_px` (white background). Any size: the drawing
/// is the one of a (width_px / s) × (height_px / s) pt ecomap scaled by s = min(width_px /
/// options.width_pt, height_px / options.height_pt), so a 1120 × 840 image is the default
/// 560 × 420 pt ecomap at 2× (HiDPI). Throws std::invalid_argument for a size < 1 px, and
/// MinutesError on a cairo error.
std::vector<std::uint8_t> ecomap_png(const core::MeetingState& state, int width_px, int height_px,
                                     const EcomapOptions& options = {});

/// Writes the ecomap to `out` atomically (write_file_atomically): SVG for the extension ".svg",
/// PNG at 2 px per pt for ".png" (case-insensitive). Throws MinutesError naming `out` for any
/// other extension or when it cannot be written.
void export_ecomap(const core::MeetingState& state, const std::filesystem::path& out,
                   const EcomapOptions& options = {});

/// True when `state` has something to draw: a relationship or a role-board entry naming someone
/// (a `who` or an attendee; the empty role rows of a meeting template do not count). The minutes
/// show the ecomap only then. Apply for_audience() first when rendering for an audience.
bool has_ecomap(const core::MeetingState& state);

}  // namespace renkei::minutes
