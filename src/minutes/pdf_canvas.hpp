// Layout helpers of the PDF minutes (internal): A4 pages drawn with cairo and Pango, bordered
// rows whose cells grow with their text and split across pages at whole lines, tables with a
// repeated header, and "n / N" page numbers. The form itself is in pdf_form.cpp.
//
// Units: PostScript points (1 pt = 1/72 in; 1 mm = 72/25.4 pt). Coordinates are from the top-left
// corner of the page, y growing downwards (cairo's user space on a PDF surface).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "minutes/fonts.hpp"

namespace renkei::minutes::pdf {

inline constexpr double kMm = 72.0 / 25.4;          ///< one millimetre in pt
inline constexpr double kPageWidth = 595.28;        ///< A4 portrait width, pt (210 mm)
inline constexpr double kPageHeight = 841.89;       ///< A4 portrait height, pt (297 mm)
inline constexpr double kMarginX = 15 * kMm;        ///< left and right margin, pt
inline constexpr double kMarginTop = 14 * kMm;      ///< top margin, pt
inline constexpr double kMarginBottom = 16 * kMm;   ///< bottom margin (page number below), pt
inline constexpr double kPadX = 4.0;                ///< horizontal cell padding, pt
inline constexpr double kPadY = 3.5;                ///< vertical cell padding, pt
/// The least useful first part of a row split over two pages (about three lines of 9 pt text):
/// a row is not started with less room than this, and what must stay with a row (a heading, a
/// table header, a section row) is kept with at least this much of it.
inline constexpr double kMinSlice = 2 * kPadY + 40;

inline constexpr const char* kSans = fonts::kSans;    ///< body text (IPAexGothic, else Noto Sans CJK JP)
inline constexpr const char* kSerif = fonts::kSerif;  ///< titles (IPAexMincho, else Noto Serif CJK JP)

/// A font: fontconfig family, size in pt, weight.
struct Font {
  const char* family = kSans;
  double size_pt = 9.0;
  bool bold = false;
};

/// Horizontal alignment of text inside its wrapping width.
enum class Align { left, center, right };
/// Vertical placement of a cell's text: top (content rows) or centred (labels, as on the form).
enum class VAlign { top, middle };

/// Escapes text for Pango markup (& < > ' ").
std::string markup_escape(std::string_view text);

/// Markup that a line is not broken inside when it can be broken before or after it (Pango
/// allow_breaks="false"): short words such as キーマン, which PANGO_WRAP_WORD_CHAR would
/// otherwise break between any two characters. Text longer than a line still breaks.
std::string no_break(const std::string& markup);

/// A paragraph of Pango markup wrapped to a width (PANGO_WRAP_WORD_CHAR, so Japanese text breaks
/// between characters with kinsoku handled by Pango), lines fonts::kLineHeightEm apart, drawn in slices of whole lines so that a
/// tall block can continue on the next page without clipping a line.
class TextBlock {
 public:
  /// `width_pt` is the wrapping width. Markup errors fall back to the plain text.
  TextBlock(PangoContext* context, const std::string& markup, const Font& font, double width_pt,
            Align align = Align::left);

  /// Height in pt of the lines not drawn yet.
  [[nodiscard]] double height_left() const;
  /// The height in pt of the longest run of whole lines, from the next undrawn one, that fits in
  /// `avail_pt`; 0 when not even one line fits.
  [[nodiscard]] double fit(double avail_pt) const;
  /// Draws the next `height_pt` (a value returned by fit()) with its top at (x, y); advances.
  void draw(cairo_t* cr, double x, double y, double height_pt);
  [[nodiscard]] bool done() const { return next_line_ >= line_bottoms_.size(); }

 private:
  std::unique_ptr<PangoLayout, void (*)(gpointer)> layout_;
  std::vector<double> line_bottoms_;  // pt, from the layout's top
  std::size_t next_line_ = 0;
  double offset_ = 0;  // pt of the layout already drawn
};

/// One cell of a bordered row: a column (x from the page's left edge, width, pt) and its text.
struct Cell {
  double x = 0;
  double w = 0;
  std::string markup;              ///< Pango markup; "" for an empty cell
  Font font{};
  Align align = Align::left;
  VAlign valign = VAlign::top;
  bool shaded = false;             ///< label cells: light grey background
  std::string continued_markup;    ///< shown instead of `markup` on the pages a split row continues on
};

/// The pages of one PDF. Each page is recorded first, so the total is known when the page
/// numbers are drawn in finish().
class Canvas {
 public:
  /// An empty document; the first page starts with new_page() (or the first row()).
  Canvas();
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  /// The Pango context every layout is made from: 72 dpi (1 Pango pt = 1 PDF pt), no hinting,
  /// language ja-JP (Japanese glyph forms from the CJK fonts).
  [[nodiscard]] PangoContext* pango() const { return pango_; }
  /// The cairo context of the current page (a recording surface, pt units); null before new_page().
  [[nodiscard]] cairo_t* cr() const { return cr_; }

  /// Called at the top of every page after the first (a running header); may advance y().
  void set_page_header(std::function<void(Canvas&)> header) {
    header_ = std::move(header);
    header_bottom_ = -1;
  }

  /// Ends the current page (if any) and starts a new one; y() is at the top margin, below the
  /// running header on pages after the first.
  void new_page();
  [[nodiscard]] int page_count() const { return static_cast<int>(pages_.size()); }

  /// The drawing position: pt from the top of the page.
  [[nodiscard]] double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  /// The text area of every page, pt: left and right edges, width, bottom edge.
  [[nodiscard]] static double left() { return kMarginX; }
  [[nodiscard]] static double right() { return kPageWidth - kMarginX; }
  [[nodiscard]] static double width() { return kPageWidth - 2 * kMarginX; }
  [[nodiscard]] static double bottom() { return kPageHeight - kMarginBottom; }
  /// pt left between y() and the bottom of the text area.
  [[nodiscard]] double remaining() const { return bottom() - y_; }
  /// True when nothing has been drawn below the running header of the current page.
  [[nodiscard]] bool at_page_top() const { return y_ <= page_top_ + 0.01; }

  /// Starts a new page unless `height_pt` fits below y().
  void ensure_space(double height_pt);

  /// y() on a page started now: the top margin, below the running header (measured once).
  [[nodiscard]] double fresh_page_top();
  /// pt of a page started now, from fresh_page_top() to bottom().
  [[nodiscard]] double page_capacity() { return bottom() - fresh_page_top(); }

  /// Keep-with-next: `lead_pt` of content about to be drawn (a heading, a table header, a section
  /// row) must stay on one page with the row drawn right after it, `next_pt` tall. Starts a new
  /// page unless the lead and the row fit below y() — the whole row when lead and row fit on
  /// one page together (with `break_pt`, what a page break draws first, e.g. a repeated table
  /// header), else the row's first kMinSlice, since it is then split anyway. Returns whether a
  /// new page was started (the caller then draws its repeated header). Draw the row with
  /// row(…, keep_together = fits_with(…), …) so that it is split rather than moved away from
  /// its lead.
  bool keep_with_next(double lead_pt, double next_pt, double break_pt = 0);
  /// Whether a row `next_pt` tall fits whole on one page together with `lead_pt` above it and
  /// `break_pt` drawn first on that page.
  [[nodiscard]] bool fits_with(double lead_pt, double next_pt, double break_pt = 0);

  /// Natural height in pt of a row of cells (text plus padding, at least `min_height_pt`).
  [[nodiscard]] double row_height(const std::vector<Cell>& cells, double min_height_pt) const;

  /// Draws a bordered row at y() and advances y(). The row is as tall as its tallest cell (at
  /// least `min_height_pt`). A row that does not fit is moved to the next page when
  /// `keep_together` or it is short (at most a quarter page) and it fits on a new page below
  /// what `on_break` draws there (`break_pt` tall), or when less than kMinSlice of room is left;
  /// otherwise it is split at whole lines: the part that fits is drawn, then on each following
  /// page `on_break` runs (e.g. a table header) and the row continues, label cells showing their
  /// `continued_markup`. A row is moved at most once. Nothing is clipped.
  void row(const std::vector<Cell>& cells, double min_height_pt, bool keep_together,
           const std::function<void()>& on_break = {}, double break_pt = 0);

  /// Draws one cell's border, shading and text in the box (x, y, w, h) without splitting.
  void cell_box(const Cell& cell, double y, double h);

  /// Draws markup with its top-left corner at (x, y), wrapped to `width_pt`; returns its height.
  double text(const std::string& markup, const Font& font, double x, double y, double width_pt,
              Align align = Align::left);

  /// Height in pt of markup wrapped to `width_pt`.
  [[nodiscard]] double text_height(const std::string& markup, const Font& font, double width_pt) const;

  /// A straight line, `width_pt` thick.
  void line(double x0, double y0, double x1, double y1, double width_pt);

  /// Ends the last page and returns the PDF bytes: every page replayed onto a PDF surface with
  /// "n / N" centred at the bottom. `title` goes into the document metadata. Throws
  /// std::runtime_error on a cairo error.
  std::string finish(const std::string& title);

 private:
  void end_page();

  PangoContext* pango_ = nullptr;
  cairo_t* cr_ = nullptr;
  std::vector<cairo_surface_t*> pages_;
  std::function<void(Canvas&)> header_;
  double header_bottom_ = -1;  // fresh_page_top(), once measured
  double y_ = kMarginTop;
  double page_top_ = kMarginTop;
};

/// A row of a table: its cells, or a section row (one cell across the table, e.g. a checklist
/// section with its count) that stays on the page of the row after it.
struct TableRow {
  std::vector<Cell> cells;
  bool section = false;
};

/// What comes right before a table and stays with it (a section heading): its height in pt, as
/// drawn from the current y(), and how to draw it (at y(), advancing y()).
struct Lead {
  double height_pt = 0;
  std::function<void()> draw;
};

/// A bordered table: `header` (cells), then `rows`. Keep-with-next: the lead, the header, a
/// section row and the first part of the row after it are never separated by a page break
/// (Canvas::keep_with_next); a section row inside the table likewise stays with the row after
/// it. The header is repeated at the top of every page the table continues on, and a row too tall
/// for one page is split at whole lines with the header above its continuation.
struct Table {
  std::vector<Cell> header;
  double header_min_pt = 18;
  std::vector<TableRow> rows;
  double row_min_pt = 20;
  double section_min_pt = 18;
};
void draw_table(Canvas& c, const Table& table, const Lead& lead = {});

}  // namespace renkei::minutes::pdf
