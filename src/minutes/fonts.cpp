#include "minutes/fonts.hpp"

#include <map>
#include <mutex>
#include <string>

namespace renkei::minutes::fonts {
namespace {

/// ascent + descent of the font `desc` resolves to, in em; cached per family and weight.
double natural_line_em(PangoContext* context, const PangoFontDescription* desc) {
  static std::mutex mutex;
  static std::map<std::string, double> cache;
  const char* family = pango_font_description_get_family(desc);
  const std::string key = std::string(family ? family : "") + "/" +
                          std::to_string(static_cast<int>(pango_font_description_get_weight(desc)));
  {
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  constexpr double kProbePt = 100;  // any size: the ratio is what counts
  PangoFontDescription* probe = pango_font_description_copy(desc);
  pango_font_description_set_absolute_size(probe, kProbePt * PANGO_SCALE);
  PangoFontMetrics* metrics = pango_context_get_metrics(context, probe, pango_context_get_language(context));
  const double em = metrics ? static_cast<double>(pango_font_metrics_get_ascent(metrics) +
                                                  pango_font_metrics_get_descent(metrics)) /
                                  PANGO_SCALE / kProbePt
                            : kLineHeightEm;
  if (metrics) pango_font_metrics_unref(metrics);
  pango_font_description_free(probe);
  std::lock_guard lock(mutex);
  cache.emplace(key, em);
  return em;
}

}  // namespace

void set_line_height(PangoLayout* layout) {
  const PangoFontDescription* desc = pango_layout_get_font_description(layout);
  if (!desc) return;
  const double natural = natural_line_em(pango_layout_get_context(layout), desc);
  if (natural <= 0 || natural >= kLineHeightEm - 0.01) return;
  PangoAttrList* list = pango_layout_get_attributes(layout);
  list = list ? pango_attr_list_copy(list) : pango_attr_list_new();
  // Before the markup's own attributes: a span's line_height, if any, still wins.
  pango_attr_list_insert_before(list, pango_attr_line_height_new(kLineHeightEm / natural));
  pango_layout_set_attributes(layout, list);
  pango_attr_list_unref(list);
}

}  // namespace renkei::minutes::fonts
