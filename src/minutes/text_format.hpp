// Text helpers of the minutes layer (internal): Japanese date forms and the escaping rules of
// each output format.
#pragma once

#include <string>
#include <string_view>

namespace renkei::minutes::detail {

/// "2024-05-20" → "2024年5月20日" (with_weekday: "2024年5月20日（月）"). Text that is not a
/// valid ISO date "YYYY-MM-DD" is returned unchanged (e.g. "3か月後"); "" stays "".
std::string date_ja(std::string_view iso, bool with_weekday = false);

/// "2024-05-20" → "令和6年5月20日" (first year: "令和元年"); 令和 from 2019-05-01, 平成 from
/// 1989-01-08, 昭和 from 1926-12-25; earlier dates in the Western form. Non-dates unchanged.
std::string date_wareki(std::string_view iso, bool with_weekday = false);

/// Makes text safe inside a GitHub-flavoured Markdown table cell: "|" → "\|" (a backslash right
/// before a "|" is doubled first), "\r\n", "\r" and "\n" → "<br>". Nothing else changes.
std::string markdown_cell_escape(std::string_view text);

/// HTML-escapes & < > " ' (as &amp; &lt; &gt; &quot; &#39;). Used for `{{field}}` in HTML.
std::string html_escape(std::string_view text);

}  // namespace renkei::minutes::detail
