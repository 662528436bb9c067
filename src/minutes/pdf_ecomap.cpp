#include "minutes/pdf_ecomap.hpp"

#include "minutes/ecomap.hpp"

namespace renkei::minutes::pdf {
namespace {

constexpr double kMapHeightPt = 440.0;  // the drawing; its width is the text width (≈ 510 pt)
constexpr Font kBody{kSans, 8.5};
constexpr Font kHeader{kSans, 8.0, true};

std::string text_of(const nlohmann::json& v, const char* key) {
  const auto it = v.find(key);
  return it != v.end() && it->is_string() ? markup_escape(it->get<std::string>()) : std::string();
}

struct Column {
  const char* header;
  double w;  // pt; the last column takes the rest
};
// 区分 holds e.g. 「家族（女性・死亡・キーマン）」 on one line at 8.5 pt.
constexpr Column kColumns[] = {{"関係先", 114}, {"区分", 130}, {"関係", 112}, {"向き", 56}, {"メモ", 0}};

std::vector<Cell> table_row(const std::vector<std::string>& markup, bool header) {
  std::vector<Cell> cells;
  double x = Canvas::left();
  for (std::size_t i = 0; i < std::size(kColumns); ++i) {
    const double w = i + 1 == std::size(kColumns) ? Canvas::right() - x : kColumns[i].w;
    cells.push_back(header ? Cell{x, w, markup_escape(kColumns[i].header), kHeader, Align::center, VAlign::middle, true, {}}
                           : Cell{x, w, markup[i], kBody, Align::left, VAlign::top, false, {}});
    x += w;
  }
  return cells;
}

}  // namespace

void draw_ecomap_page(Canvas& c, const core::MeetingState& state, const nlohmann::json& v,
                      const RenderOptions& options) {
  if (!v.value("has_ecomap", false)) return;
  c.new_page();
  const double h = c.text("<b>■ エコマップ（社会資源関係図）</b>", Font{kSerif, 12.0, true}, Canvas::left(), c.y(),
                          Canvas::width());
  c.set_y(c.y() + h + 2);
  const std::string intro = "本人（" + text_of(v, "person_name") +
                            "）を中心に、家族・フォーマル／インフォーマルな社会資源との関係と支援の向きを示す。";
  c.set_y(c.y() + c.text("<span foreground=\"#555555\">" + intro + "</span>", Font{kSans, 8.0}, Canvas::left(), c.y(),
                         Canvas::width()) + 4);

  EcomapOptions options_map;
  options_map.width_pt = Canvas::width();
  options_map.height_pt = kMapHeightPt;
  options_map.audience = options.audience;
  const Ecomap map = build_ecomap(state, options_map);
  cairo_t* cr = c.cr();
  cairo_save(cr);
  cairo_translate(cr, Canvas::left(), c.y());
  draw_ecomap(cr, map, options_map);
  cairo_rectangle(cr, 0, 0, options_map.width_pt, options_map.height_pt);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  cairo_restore(cr);
  c.set_y(c.y() + kMapHeightPt + 10);

  Table table;
  table.header = table_row({}, true);
  table.row_min_pt = 18;
  for (const auto& r : v.at("ecomap_relations")) {
    // 家族（女性・死亡・キーマン）: a narrow cell breaks between the words, never inside one.
    std::string category = no_break(text_of(r, "category_label"));
    if (const std::string attributes = r.value("attributes", ""); !attributes.empty()) {
      std::string words;
      for (std::size_t from = 0;;) {
        const std::size_t dot = attributes.find("・", from);
        words += no_break(markup_escape(attributes.substr(from, dot == std::string::npos ? dot : dot - from)));
        if (dot == std::string::npos) break;
        words += "・";
        from = dot + std::string_view("・").size();
      }
      category += "（" + words + "）";
    }
    table.rows.push_back({table_row({text_of(r, "who"), category, text_of(r, "strength_label"),
                                     text_of(r, "direction_label"), text_of(r, "note")},
                                    false),
                          false});
  }
  draw_table(c, table);
}

}  // namespace renkei::minutes::pdf
