// Join codes (src/net/join_code.*): Crockford Base32 with the mod-37 check symbol, forgiving
// parsing, and the attempt limiter.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "net/join_code.hpp"

using renkei::net::JoinAttemptLimiter;
using renkei::net::JoinCode;
using renkei::net::JoinCodeError;
namespace net = renkei::net;

namespace {

// The 9 symbols of a display form, without hyphens.
std::string symbols_of(const std::string& display) {
  std::string out;
  for (char c : display)
    if (c != '-') out += c;
  return out;
}

JoinCodeError::Reason reason_of(std::string_view typed) {
  try {
    net::parse_join_code(typed);
  } catch (const JoinCodeError& e) {
    return e.reason();
  }
  FAIL("parse_join_code accepted \"" << std::string(typed) << "\"");
  return JoinCodeError::Reason::length;  // not reached
}

std::string message_of(std::string_view typed) {
  try {
    net::parse_join_code(typed);
  } catch (const JoinCodeError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a join code is displayed as two groups of four Crockford symbols and a check symbol", "[join_code]") {
  // 973113317 is "X011Z5" with check symbol "$" in Crockford's scheme.
  CHECK(net::join_code_from_value(973113317).display() == "00X0-11Z5-$");
  CHECK(net::join_code_from_value(0).display() == "0000-0000-0");
  CHECK(net::join_code_from_value((std::uint64_t{1} << 40) - 1).display() == "ZZZZ-ZZZZ-F");
  // 1650553701 mod 37 = 18 -> 'J'.
  CHECK(net::crockford_check_symbol(1650553701) == 'J');
  CHECK(net::crockford_check_symbol(36) == 'U');
  CHECK(net::crockford_check_symbol(32) == '*');
  CHECK_THROWS_AS(net::join_code_from_value(std::uint64_t{1} << 40), std::invalid_argument);

  const JoinCode code = net::join_code_from_value(0x0123456789);
  CHECK(code.bits == std::array<std::uint8_t, 5>{0x01, 0x23, 0x45, 0x67, 0x89});
  CHECK(code.value() == 0x0123456789);
}

TEST_CASE("the PRS is the eight canonical data symbols", "[join_code]") {
  const JoinCode code = net::join_code_from_value(973113317);
  const auto prs = code.prs();
  CHECK(std::string(prs.begin(), prs.end()) == "00X011Z5");
  // Typed differently, same PRS.
  const auto typed = net::parse_join_code("00xo 1lz5 $").prs();
  CHECK(typed == prs);
}

TEST_CASE("random join codes round-trip through their display form", "[join_code]") {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const JoinCode code = net::generate_join_code();
    seen.insert(code.value());
    const std::string shown = code.display();
    REQUIRE(shown.size() == 11);
    REQUIRE(shown[4] == '-');
    REQUIRE(shown[9] == '-');
    CHECK(net::parse_join_code(shown) == code);
    CHECK(net::parse_join_code(symbols_of(shown)) == code);
  }
  // 2000 draws from 2^40 values: a repeat would mean the generator is broken.
  CHECK(seen.size() == 2000);
}

TEST_CASE("generated codes use all 40 bits", "[join_code]") {
  std::uint64_t ored = 0;
  std::uint64_t anded = ~std::uint64_t{0};
  for (int i = 0; i < 200; ++i) {
    const auto v = net::generate_join_code().value();
    ored |= v;
    anded &= v;
  }
  CHECK(ored == (std::uint64_t{1} << 40) - 1);
  CHECK(anded == 0);
}

TEST_CASE("forgiving input parses as Crockford specifies", "[join_code]") {
  const JoinCode code = net::join_code_from_value(973113317);  // 00X0-11Z5-$
  CHECK(net::parse_join_code("00X0-11Z5-$") == code);
  CHECK(net::parse_join_code("00x0-11z5-$") == code);          // lower case
  CHECK(net::parse_join_code("OoXo-IlZ5-$") == code);          // O/o -> 0, I -> 1, l -> 1
  CHECK(net::parse_join_code("00X011Z5$") == code);            // no hyphens
  CHECK(net::parse_join_code("00 X0 11 Z5 $") == code);        // spaces
  CHECK(net::parse_join_code("--00X0--11Z5--$--") == code);    // extra hyphens
  CHECK(net::parse_join_code("  00X0-11Z5-$\n") == code);      // pasted with a line break
  // The check symbol U is accepted in lower case too.
  std::uint64_t v = 0;
  while (v < 37 && net::crockford_check_symbol(v) != 'U') ++v;
  REQUIRE(v == 36);
  const JoinCode u_code = net::join_code_from_value(v);
  REQUIRE(u_code.display().back() == 'U');
  std::string lower = u_code.display();
  lower.back() = 'u';
  CHECK(net::parse_join_code(lower) == u_code);
}

TEST_CASE("every single-symbol typo is caught by the check symbol", "[join_code]") {
  for (int round = 0; round < 40; ++round) {
    const JoinCode code = net::generate_join_code();
    const std::string good = symbols_of(code.display());
    for (std::size_t pos = 0; pos < good.size(); ++pos) {
      const std::string_view alphabet = pos < 8 ? net::kCrockfordSymbols : net::kCrockfordCheckSymbols;
      for (char replacement : alphabet) {
        if (replacement == good[pos]) continue;
        std::string typo = good;
        typo[pos] = replacement;
        INFO(good << " -> " << typo);
        CHECK_THROWS_AS(net::parse_join_code(typo), JoinCodeError);
        // Well formed but wrong: reported as a check mismatch.
        CHECK(reason_of(typo) == JoinCodeError::Reason::check_mismatch);
      }
    }
  }
}

TEST_CASE("every transposition of two adjacent symbols is caught", "[join_code]") {
  int swaps = 0;
  for (int round = 0; round < 300; ++round) {
    const JoinCode code = net::generate_join_code();
    const std::string good = symbols_of(code.display());
    for (std::size_t pos = 0; pos + 1 < good.size(); ++pos) {
      if (good[pos] == good[pos + 1]) continue;
      std::string swapped = good;
      std::swap(swapped[pos], swapped[pos + 1]);
      INFO(good << " -> " << swapped);
      CHECK_THROWS_AS(net::parse_join_code(swapped), JoinCodeError);
      ++swaps;
    }
  }
  CHECK(swaps > 2000);
}

TEST_CASE("a wrong check symbol is caught before any network traffic", "[join_code]") {
  const JoinCode code = net::join_code_from_value(973113317);
  CHECK(reason_of("00X0-11Z5-=") == JoinCodeError::Reason::check_mismatch);
  CHECK(reason_of("00X0-11Z6-$") == JoinCodeError::Reason::check_mismatch);
  CHECK(message_of("00X0-11Z5-=").find("check symbol") != std::string::npos);
  CHECK(net::parse_join_code("00X0-11Z5-$") == code);
}

TEST_CASE("wrong lengths are rejected with the number of symbols found", "[join_code]") {
  CHECK(reason_of("") == JoinCodeError::Reason::length);
  CHECK(reason_of("---") == JoinCodeError::Reason::length);
  CHECK(reason_of("00X0-11Z5") == JoinCodeError::Reason::length);      // check symbol missing
  CHECK(reason_of("00X0-11Z-$") == JoinCodeError::Reason::length);     // one data symbol short
  CHECK(reason_of("00X0-11Z55-$") == JoinCodeError::Reason::length);   // one too many
  CHECK(message_of("00X0-11Z5").find("has 8 symbols") != std::string::npos);
  CHECK(message_of("00X0-11Z55-$").find("has 10 symbols") != std::string::npos);
}

TEST_CASE("characters outside Crockford's alphabet are rejected by name", "[join_code]") {
  CHECK(reason_of("00X0-11Z5-!") == JoinCodeError::Reason::bad_character);
  CHECK(reason_of("00X0_11Z5-$") == JoinCodeError::Reason::bad_character);
  CHECK(message_of("00X0_11Z5-$").find("'_' (symbol 5)") != std::string::npos);
  // U and the other check-only symbols cannot be data symbols.
  CHECK(reason_of("U0X0-11Z5-$") == JoinCodeError::Reason::bad_character);
  CHECK(reason_of("0*X0-11Z5-$") == JoinCodeError::Reason::bad_character);
  CHECK(message_of("U0X0-11Z5-$").find("only be the last") != std::string::npos);
  // Full-width letters (IME on) are not Crockford symbols; the message quotes them whole.
  const std::string full_width = "\xEF\xBC\x90" "0X0-11Z5-$";  // U+FF10 FULLWIDTH DIGIT ZERO
  CHECK(reason_of(full_width) == JoinCodeError::Reason::bad_character);
  CHECK(message_of(full_width).find("'\xEF\xBC\x90'") != std::string::npos);
  CHECK(reason_of(std::string("00X0\0" "11Z5-$", 11)) == JoinCodeError::Reason::bad_character);
}

TEST_CASE("the limiter asks for a new code after exactly five wrong codes", "[join_code]") {
  JoinAttemptLimiter limiter;
  REQUIRE(limiter.max_failures() == 5);
  for (unsigned i = 1; i <= 4; ++i) {
    CHECK_FALSE(limiter.record_failure());
    CHECK(limiter.failures() == i);
    CHECK(limiter.remaining() == 5 - i);
    CHECK_FALSE(limiter.must_rotate());
  }
  CHECK(limiter.record_failure());  // the fifth
  CHECK(limiter.must_rotate());
  CHECK(limiter.remaining() == 0);
  CHECK(limiter.record_failure());  // stays exhausted until rotated
  CHECK(limiter.failures() == 6);

  limiter.note_rotation();
  CHECK(limiter.failures() == 0);
  CHECK_FALSE(limiter.must_rotate());
  CHECK(limiter.remaining() == 5);
  for (int i = 0; i < 4; ++i) CHECK_FALSE(limiter.record_failure());
  CHECK(limiter.record_failure());
}

TEST_CASE("a limiter can be given another threshold but not zero", "[join_code]") {
  JoinAttemptLimiter one(1);
  CHECK(one.record_failure());
  CHECK_THROWS_AS(JoinAttemptLimiter(0), std::invalid_argument);
}
