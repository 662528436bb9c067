// Logging (src/net/net_log.hpp): every line a sink receives is well-formed UTF-8 without control
// characters, whatever bytes the message held.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "net/net_log.hpp"
#include "net_test_support.hpp"

using renkei::net::escape_for_log;
using renkei::net::LogLevel;
using renkei::net::net_log;
using renkei::net::test::LogCapture;

namespace {

/// True if `text` is well-formed UTF-8: nlohmann's dump() refuses anything else (type_error 316).
bool well_formed(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("escape_for_log keeps printable text and escapes control characters and ill-formed bytes", "[net][log]") {
  CHECK(escape_for_log("closing connection with 127.0.0.1:47700: bad frame") ==
        "closing connection with 127.0.0.1:47700: bad frame");
  CHECK(escape_for_log("佐藤 真理さんの端末") == "佐藤 真理さんの端末");  // Japanese is kept
  CHECK(escape_for_log("last read: '\"\xff'") == "last read: '\"\\xFF'");
  CHECK(escape_for_log("a\nb\rc\td\x7f" "e") == "a\\x0Ab\\x0Dc\\x09d\\x7Fe");
  CHECK(escape_for_log(std::string("nul\0end", 7)) == "nul\\x00end");
  // Ill-formed UTF-8: a stray continuation byte, an overlong '/', a surrogate, a code point
  // above U+10FFFF, a sequence cut short at the end and in the middle.
  CHECK(escape_for_log("\x80") == "\\x80");
  CHECK(escape_for_log("\xc0\xaf") == "\\xC0\\xAF");
  CHECK(escape_for_log("\xed\xa0\x80") == "\\xED\\xA0\\x80");
  CHECK(escape_for_log("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");
  CHECK(escape_for_log("会\xe8\xad") == "会\\xE8\\xAD");
  CHECK(escape_for_log("\xe8\xad" "x") == "\\xE8\\xADx");
  // Characters that would break a line or reorder it on screen.
  CHECK(escape_for_log("\xc2\x85") == "\\u0085");        // NEL
  CHECK(escape_for_log("\xe2\x80\xa8") == "\\u2028");    // LINE SEPARATOR
  CHECK(escape_for_log("\xe2\x80\xae" "abc") == "\\u202Eabc");  // RIGHT-TO-LEFT OVERRIDE
  // The largest code point and a 4-byte character are kept.
  CHECK(escape_for_log("\xf4\x8f\xbf\xbf") == "\xf4\x8f\xbf\xbf");
  CHECK(escape_for_log("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
}

TEST_CASE("escape_for_log always returns well-formed UTF-8, for every byte and pair of bytes", "[net][log]") {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string text{static_cast<char>(a), static_cast<char>(b), '\xbf'};
      const std::string escaped = escape_for_log(text);
      INFO(a << " " << b);
      REQUIRE(well_formed(escaped));
      for (char c : escaped) REQUIRE((static_cast<unsigned char>(c) >= 0x20 && c != '\x7f'));
    }
  }
}

TEST_CASE("net_log hands the sink the escaped line", "[net][log]") {
  LogCapture log;
  net_log(LogLevel::info, "bad frame (invalid_json): last read: '\"\xff'\nforged line");
  const auto lines = log.lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "bad frame (invalid_json): last read: '\"\\xFF'\\x0Aforged line");
  CHECK(well_formed(lines[0]));
}
