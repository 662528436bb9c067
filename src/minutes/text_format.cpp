#include "minutes/text_format.hpp"

#include <array>
#include <chrono>
#include <optional>

namespace renkei::minutes::detail {
namespace {

std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::string weekday_suffix(const std::chrono::year_month_day& ymd) {
  static constexpr std::array<const char*, 7> kDays{"日", "月", "火", "水", "木", "金", "土"};
  std::chrono::weekday wd{std::chrono::sys_days{ymd}};
  return std::string("（") + kDays[wd.c_encoding()] + "）";
}

std::string month_day(const std::chrono::year_month_day& ymd) {
  return std::to_string(static_cast<unsigned>(ymd.month())) + "月" +
         std::to_string(static_cast<unsigned>(ymd.day())) + "日";
}

}  // namespace

std::string date_ja(std::string_view iso, bool with_weekday) {
  auto ymd = parse_iso_date(iso);
  if (!ymd) return std::string(iso);
  std::string out = std::to_string(static_cast<int>(ymd->year())) + "年" + month_day(*ymd);
  if (with_weekday) out += weekday_suffix(*ymd);
  return out;
}

std::string date_wareki(std::string_view iso, bool with_weekday) {
  using namespace std::chrono;
  auto ymd = parse_iso_date(iso);
  if (!ymd) return std::string(iso);
  struct Era {
    const char* name;
    year_month_day start;
  };
  static const std::array<Era, 3> kEras{{
      {"令和", year{2019} / May / 1},
      {"平成", year{1989} / January / 8},
      {"昭和", year{1926} / December / 25},
  }};
  for (const auto& era : kEras) {
    if (sys_days{*ymd} < sys_days{era.start}) continue;
    int n = static_cast<int>(ymd->year()) - static_cast<int>(era.start.year()) + 1;
    std::string out = std::string(era.name) + (n == 1 ? std::string("元") : std::to_string(n)) + "年" +
                      month_day(*ymd);
    if (with_weekday) out += weekday_suffix(*ymd);
    return out;
  }
  return date_ja(iso, with_weekday);
}

std::string markdown_cell_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '|') {
      out += "\\|";
    } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '|') {
      out += "\\\\";
    } else if (c == '\r') {
      out += "<br>";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace renkei::minutes::detail
