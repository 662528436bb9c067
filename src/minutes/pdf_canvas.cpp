#include "minutes/pdf_canvas.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <stdexcept>

namespace renkei::minutes::pdf {
namespace {

constexpr double kBorderPt = 0.6;     // cell borders
constexpr double kShadeGrey = 0.93;   // label cell background
constexpr double kSlackPt = 0.01;     // rounding tolerance when comparing heights

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string markup_escape(std::string_view text) {
  gchar* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

std::string no_break(const std::string& markup) {
  return markup.empty() ? markup : "<span allow_breaks=\"false\">" + markup + "</span>";
}

TextBlock::TextBlock(PangoContext* context, const std::string& markup, const Font& font, double width_pt,
                     Align align)
    : layout_(pango_layout_new(context), g_object_unref) {
  PangoLayout* layout = layout_.get();
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, font.family);
  pango_font_description_set_absolute_size(desc, font.size_pt * PANGO_SCALE);
  pango_font_description_set_weight(desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout, static_cast<int>(std::max(1.0, width_pt) * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align == Align::center  ? PANGO_ALIGN_CENTER
                                     : align == Align::right ? PANGO_ALIGN_RIGHT
                                                             : PANGO_ALIGN_LEFT);
  if (markup.empty()) return;  // an empty block has no lines (height 0)
  if (pango_parse_markup(markup.c_str(), -1, 0, nullptr, nullptr, nullptr, nullptr))
    pango_layout_set_markup(layout, markup.c_str(), -1);
  else
    pango_layout_set_text(layout, markup.c_str(), -1);
  fonts::set_line_height(layout);
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    line_bottoms_.push_back(static_cast<double>(y1) / PANGO_SCALE);
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

double TextBlock::height_left() const { return done() ? 0.0 : line_bottoms_.back() - offset_; }

double TextBlock::fit(double avail_pt) const {
  double best = 0;
  for (std::size_t k = next_line_; k < line_bottoms_.size(); ++k) {
    const double h = line_bottoms_[k] - offset_;
    if (h > avail_pt + kSlackPt) break;
    best = h;
  }
  return best;
}

void TextBlock::draw(cairo_t* cr, double x, double y, double height_pt) {
  if (done() || height_pt <= 0) return;
  const double width = static_cast<double>(pango_layout_get_width(layout_.get())) / PANGO_SCALE;
  cairo_save(cr);
  cairo_rectangle(cr, x - kPadX, y, width + 2 * kPadX, height_pt);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, x, y - offset_);
  pango_cairo_show_layout(cr, layout_.get());
  cairo_restore(cr);
  offset_ += height_pt;
  while (next_line_ < line_bottoms_.size() && line_bottoms_[next_line_] <= offset_ + kSlackPt) ++next_line_;
}

Canvas::Canvas() {
  pango_ = pango_font_map_create_context(pango_cairo_font_map_get_default());
  // 1 Pango point = 1 PDF point, and outline metrics (no hinting) so that the layout does not
  // depend on a screen resolution.
  pango_cairo_context_set_resolution(pango_, 72.0);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(pango_, options);
  cairo_font_options_destroy(options);
  pango_context_set_language(pango_, pango_language_from_string("ja-jp"));
  pango_context_set_base_dir(pango_, PANGO_DIRECTION_LTR);
  // Glyph positions as the font gives them: rounded to whole pt (Pango's default, meant for
  // screens), 8.5 pt characters would each take 9 pt, and a word measured to fit a cell would not.
  pango_context_set_round_glyph_positions(pango_, FALSE);
}

Canvas::~Canvas() {
  if (cr_) cairo_destroy(cr_);
  for (cairo_surface_t* page : pages_) cairo_surface_destroy(page);
  g_object_unref(pango_);
}

void Canvas::end_page() {
  if (cr_) cairo_destroy(cr_);
  cr_ = nullptr;
}

void Canvas::new_page() {
  end_page();
  cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
  pages_.push_back(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
  cr_ = cairo_create(pages_.back());
  y_ = kMarginTop;
  if (pages_.size() > 1 && header_) {
    header_(*this);
    header_bottom_ = y_;
  }
  page_top_ = y_;
}

void Canvas::ensure_space(double height_pt) {
  if (!cr_ || (height_pt > remaining() + kSlackPt && !at_page_top())) new_page();
}

double Canvas::fresh_page_top() {
  if (!header_) return kMarginTop;
  if (header_bottom_ < 0) {  // not drawn yet: measure it on a scratch surface that is thrown away
    cairo_t* const page = cr_;
    const double y = y_;
    cairo_surface_t* scratch = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
    cr_ = cairo_create(scratch);
    y_ = kMarginTop;
    header_(*this);
    header_bottom_ = y_;
    cairo_destroy(cr_);
    cairo_surface_destroy(scratch);
    cr_ = page;
    y_ = y;
  }
  return header_bottom_;
}

bool Canvas::fits_with(double lead_pt, double next_pt, double break_pt) {
  return break_pt + lead_pt + next_pt <= page_capacity() + kSlackPt;
}

bool Canvas::keep_with_next(double lead_pt, double next_pt, double break_pt) {
  if (!cr_) {
    new_page();
    return false;  // nothing above to repeat
  }
  const double first = fits_with(lead_pt, next_pt, break_pt) ? next_pt : std::min(next_pt, kMinSlice);
  if (lead_pt + first <= remaining() + kSlackPt || at_page_top()) return false;
  new_page();
  return true;
}

double Canvas::text_height(const std::string& markup, const Font& font, double width_pt) const {
  return TextBlock(pango_, markup, font, width_pt).height_left();
}

double Canvas::text(const std::string& markup, const Font& font, double x, double y, double width_pt,
                    Align align) {
  TextBlock block(pango_, markup, font, width_pt, align);
  const double h = block.height_left();
  block.draw(cr_, x, y, h);
  return h;
}

void Canvas::line(double x0, double y0, double x1, double y1, double width_pt) {
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  cairo_set_line_width(cr_, width_pt);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

double Canvas::row_height(const std::vector<Cell>& cells, double min_height_pt) const {
  double natural = 0;
  for (const auto& c : cells)
    if (!c.markup.empty()) natural = std::max(natural, text_height(c.markup, c.font, c.w - 2 * kPadX));
  return std::max(natural + 2 * kPadY, min_height_pt);
}

namespace {

void fill_and_stroke(cairo_t* cr, const Cell& c, double y, double h, bool fill) {
  cairo_save(cr);
  cairo_rectangle(cr, c.x, y, c.w, h);
  if (fill) {
    cairo_set_source_rgb(cr, kShadeGrey, kShadeGrey, kShadeGrey);
    cairo_fill(cr);
  } else {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, kBorderPt);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/// Draws one page's part of a row: shading, then text (each block as much as fits), then borders.
/// `force`: a block of which not one whole line fits draws a slice of its next line anyway (only
/// for a line taller than a page, which these fonts never produce).
void draw_segment(cairo_t* cr, const std::vector<Cell>& cells, std::vector<std::unique_ptr<TextBlock>>& blocks,
                  double y, double h, bool force = false) {
  for (const auto& c : cells)
    if (c.shaded) fill_and_stroke(cr, c, y, h, true);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    TextBlock* b = blocks[i].get();
    if (!b || b->done()) continue;
    double part = b->fit(h - 2 * kPadY);
    if (part <= 0 && force) part = std::min(b->height_left(), h - 2 * kPadY);
    double ty = y + kPadY;
    if (cells[i].valign == VAlign::middle) ty += (h - 2 * kPadY - part) / 2;
    b->draw(cr, cells[i].x + kPadX, ty, part);
  }
  for (const auto& c : cells) fill_and_stroke(cr, c, y, h, false);
}

}  // namespace

void Canvas::cell_box(const Cell& cell, double y, double h) {
  std::vector<std::unique_ptr<TextBlock>> blocks;
  blocks.push_back(cell.markup.empty() ? nullptr
                                       : std::make_unique<TextBlock>(pango_, cell.markup, cell.font,
                                                                     cell.w - 2 * kPadX, cell.align));
  draw_segment(cr_, {cell}, blocks, y, h);
}

void Canvas::row(const std::vector<Cell>& cells, double min_height_pt, bool keep_together,
                 const std::function<void()>& on_break, double break_pt) {
  if (!cr_) new_page();
  std::vector<std::unique_ptr<TextBlock>> blocks;
  for (const auto& c : cells)
    blocks.push_back(c.markup.empty() ? nullptr
                                      : std::make_unique<TextBlock>(pango_, c.markup, c.font, c.w - 2 * kPadX,
                                                                    c.align));
  bool continued = false, moved = false;
  for (;;) {
    double natural = 0;
    for (const auto& b : blocks)
      if (b) natural = std::max(natural, b->height_left());
    const double need = std::max(natural + 2 * kPadY, continued ? 0.0 : min_height_pt);
    if (need <= remaining() + kSlackPt) {
      draw_segment(cr_, cells, blocks, y_, need);
      y_ += need;
      return;
    }
    // What a new page offers this row, below what on_break draws there.
    const double fresh_page = page_capacity() - (on_break ? break_pt : 0.0);
    // Move rather than split: rows asked to stay whole, short rows (up to a quarter page), and
    // when too little room is left for a useful first part. Once only: a row that still does not
    // fit is split.
    const bool keep = (keep_together || need <= fresh_page / 4) && need <= fresh_page + kSlackPt;
    if (!moved && !at_page_top() && (keep || remaining() < kMinSlice)) {
      new_page();
      if (on_break) on_break();
      moved = true;
      continue;
    }
    // Split at whole lines: draw what fits here, continue on the next page.
    const double avail = remaining() - 2 * kPadY;
    double h = 0;
    for (const auto& b : blocks)
      if (b) h = std::max(h, b->fit(avail));
    const bool force = h <= 0;  // a single line taller than a page: cannot happen with these fonts
    if (force) h = avail;
    draw_segment(cr_, cells, blocks, y_, h + 2 * kPadY, force);
    y_ += h + 2 * kPadY;
    new_page();
    if (on_break) on_break();
    continued = true;
    for (std::size_t i = 0; i < cells.size(); ++i)
      if ((!blocks[i] || blocks[i]->done()) && !cells[i].continued_markup.empty())
        blocks[i] = std::make_unique<TextBlock>(pango_, cells[i].continued_markup, cells[i].font,
                                                cells[i].w - 2 * kPadX, cells[i].align);
  }
}

void draw_table(Canvas& c, const Table& table, const Lead& lead) {
  const double header_h = c.row_height(table.header, table.header_min_pt);
  const auto header = [&] { c.row(table.header, table.header_min_pt, true); };
  const auto height = [&](const TableRow& r) {
    return c.row_height(r.cells, r.section ? table.section_min_pt : table.row_min_pt);
  };
  // The section rows from `i` on and the row after them: the lead they form, that row's index
  // and height (0 when the table ends first).
  struct Run {
    double lead = 0;
    std::size_t next = 0;
    double next_h = 0;
  };
  const auto run_from = [&](std::size_t i) {
    Run r;
    for (; i < table.rows.size() && table.rows[i].section; ++i) r.lead += height(table.rows[i]);
    r.next = i;
    if (i < table.rows.size()) r.next_h = height(table.rows[i]);
    return r;
  };

  // The heading, the header, leading section rows and the first row: together.
  Run run = run_from(0);
  run.lead += lead.height_pt + header_h;
  c.keep_with_next(run.lead, run.next_h);
  bool whole = c.fits_with(run.lead, run.next_h);
  if (lead.draw) lead.draw();
  header();
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const TableRow& r = table.rows[i];
    if (r.section) {
      if (i > 0 && !table.rows[i - 1].section) {  // a section row inside the table: with its next row
        run = run_from(i);
        if (c.keep_with_next(run.lead, run.next_h, header_h)) header();
        whole = c.fits_with(run.lead, run.next_h, header_h);
      }
      c.row(r.cells, table.section_min_pt, true, header, header_h);
      continue;
    }
    // The row after a lead is split rather than moved away from it when the two do not fit on
    // one page; other rows move whole when they fit on a page.
    const bool after_lead = i == run.next;
    c.row(r.cells, table.row_min_pt, after_lead ? whole : true, header, header_h);
  }
}

std::string Canvas::finish(const std::string& title) {
  end_page();
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Renkei");
  cairo_t* cr = cairo_create(surface);
  const int total = page_count();
  for (int i = 0; i < total; ++i) {
    cairo_set_source_surface(cr, pages_[static_cast<std::size_t>(i)], 0, 0);
    cairo_paint(cr);
    TextBlock number(pango_, std::to_string(i + 1) + " / " + std::to_string(total), Font{kSans, 8.5},
                     kPageWidth, Align::center);
    number.draw(cr, 0, kPageHeight - 10 * kMm, number.height_left());
    cairo_show_page(cr);
  }
  const cairo_status_t draw_status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = draw_status != CAIRO_STATUS_SUCCESS ? draw_status : cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
  return bytes;
}

}  // namespace renkei::minutes::pdf
