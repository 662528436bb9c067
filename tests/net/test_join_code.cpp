// Join codes (src/net/join_code.*): Crockford Base32 with a GF(2^5) check symbol, forgiving
// parsing, and the attempt limiter.
#include <catch2/catch.hpp>

#include <random>
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

// GF(2^5) arithmetic written out for the test, independent of join_code.cpp's Horner loop:
// shift-and-add multiplication of two polynomials over GF(2), then reduction modulo
// x^5 + x^2 + 1 by long division.
unsigned gf_mul(unsigned a, unsigned b) {
  unsigned product = 0;  // degree <= 8
  for (int k = 0; k < 5; ++k)
    if (b & (1u << k)) product ^= a << k;
  for (int degree = 8; degree >= 5; --degree)
    if (product & (1u << degree)) product ^= 0b100101u << (degree - 5);
  return product;
}

unsigned gf_pow_x(unsigned k) {
  unsigned r = 1;
  for (unsigned i = 0; i < k; ++i) r = gf_mul(r, 0b10);
  return r;
}

// S(w) = Σ w_j·x^(9−j) over the 9 symbols of a code: 0 for every valid code.
unsigned syndrome(const std::string& nine) {
  unsigned s = 0;
  for (std::size_t j = 0; j < 9; ++j)
    s ^= gf_mul(static_cast<unsigned>(net::kCrockfordSymbols.find(nine[j])), gf_pow_x(static_cast<unsigned>(8 - j)));
  return s;
}

}  // namespace

TEST_CASE("a join code is displayed as two groups of four Crockford symbols and a check symbol", "[join_code]") {
  // 973113317 is "00X011Z5", whose check symbol is D.
  CHECK(net::join_code_from_value(973113317).display() == "00X0-11Z5-D");
  CHECK(net::join_code_from_value(0).display() == "0000-0000-0");
  CHECK(net::join_code_from_value((std::uint64_t{1} << 40) - 1).display() == "ZZZZ-ZZZZ-3");
  CHECK_THROWS_AS(net::join_code_from_value(std::uint64_t{1} << 40), std::invalid_argument);

  const JoinCode code = net::join_code_from_value(0x0123456789);
  CHECK(code.bits == std::array<std::uint8_t, 5>{0x01, 0x23, 0x45, 0x67, 0x89});
  CHECK(code.value() == 0x0123456789);
}

TEST_CASE("the check symbol is the GF(2^5) value of the data symbols weighted by powers of x", "[join_code]") {
  // By hand: the last data symbol has weight x, the first x^8 = x^3·x^5 = x^3·(x^2 + 1) =
  // x^5 + x^3 = x^3 + x^2 + 1 = 13 = 'D'.
  CHECK(net::join_code_check_symbol(1) == '2');                                // 1·x = 2
  CHECK(net::join_code_check_symbol(std::uint64_t{1} << 35) == 'D');           // 1·x^8 = 13
  CHECK(net::join_code_check_symbol(31) == 'V');                               // (x^4+x^3+x^2+x+1)·x = x^4+x^3+x+1 = 27
  CHECK(net::join_code_check_symbol(0) == '0');
  // The README's example.
  CHECK(symbols_of(net::parse_join_code("7K3M-Q9PX-N").display()) == "7K3MQ9PXN");
  // x^5 + x^2 + 1 is primitive: x has order 31, so x ≠ 1 and no power of x is 0.
  std::set<unsigned> powers;
  for (unsigned k = 0; k < 31; ++k) powers.insert(gf_pow_x(k));
  CHECK(powers.size() == 31);
  CHECK(powers.count(0) == 0);
  CHECK(gf_pow_x(31) == 1);
  // Every valid code has syndrome 0 (the check symbol's own place has weight x^0 = 1).
  for (int i = 0; i < 1000; ++i) {
    const std::string nine = symbols_of(net::generate_join_code().display());
    INFO(nine);
    CHECK(syndrome(nine) == 0);
  }
}

TEST_CASE("the check symbol is always one of the 32 symbols, and every one of them occurs", "[join_code]") {
  std::set<char> seen;
  std::mt19937_64 random(20240521);
  auto check_value = [&](std::uint64_t value) {
    const char c = net::join_code_check_symbol(value);
    INFO(value);
    REQUIRE(net::kCrockfordSymbols.find(c) != std::string_view::npos);
    seen.insert(c);
  };
  for (std::uint64_t v = 0; v < (1u << 15); ++v) check_value(v);  // the last three data symbols, all of them
  for (int i = 0; i < 100'000; ++i) check_value(random() & ((std::uint64_t{1} << 40) - 1));
  CHECK(seen.size() == 32);
  for (char former : std::string("*~$=U")) CHECK(seen.count(former) == 0);
}

TEST_CASE("the PRS is the eight canonical data symbols", "[join_code]") {
  const JoinCode code = net::join_code_from_value(973113317);
  const auto prs = code.prs();
  CHECK(std::string(prs.begin(), prs.end()) == "00X011Z5");
  // Typed differently, same PRS.
  const auto typed = net::parse_join_code("00xo 1lz5 d").prs();
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
  const JoinCode code = net::join_code_from_value(973113317);  // 00X0-11Z5-D
  CHECK(net::parse_join_code("00X0-11Z5-D") == code);
  CHECK(net::parse_join_code("00x0-11z5-d") == code);          // lower case
  CHECK(net::parse_join_code("OoXo-IlZ5-D") == code);          // O/o -> 0, I -> 1, l -> 1
  CHECK(net::parse_join_code("00X011Z5D") == code);            // no hyphens
  CHECK(net::parse_join_code("00 X0 11 Z5 D") == code);        // spaces
  CHECK(net::parse_join_code("--00X0--11Z5--D--") == code);    // extra hyphens
  CHECK(net::parse_join_code("  00X0-11Z5-D\n") == code);      // pasted with a line break
  // The check symbol is read leniently too: a code whose check symbol is 1 or 0.
  for (int i = 0; i < 4000; ++i) {
    const JoinCode c = net::generate_join_code();
    std::string shown = c.display();
    if (shown.back() == '1') {
      shown.back() = 'l';
      CHECK(net::parse_join_code(shown) == c);
      shown.back() = 'I';
      CHECK(net::parse_join_code(shown) == c);
    } else if (shown.back() == '0') {
      shown.back() = 'o';
      CHECK(net::parse_join_code(shown) == c);
    }
  }
}

TEST_CASE("every single substitution and every adjacent transposition of random codes is refused", "[join_code]") {
  int substitutions = 0, transpositions = 0, last_with_check = 0;
  for (int round = 0; round < 400; ++round) {
    const JoinCode code = net::generate_join_code();
    const std::string good = symbols_of(code.display());
    REQUIRE(net::kCrockfordSymbols.find(good.back()) != std::string_view::npos);
    // Each of the 9 places, check symbol included, replaced by each of the 31 other symbols.
    for (std::size_t pos = 0; pos < good.size(); ++pos) {
      for (char replacement : net::kCrockfordSymbols) {
        if (replacement == good[pos]) continue;
        std::string typo = good;
        typo[pos] = replacement;
        INFO(good << " -> " << typo);
        // Well formed but wrong: reported as a check mismatch.
        CHECK(reason_of(typo) == JoinCodeError::Reason::check_mismatch);
        ++substitutions;
      }
    }
    // Each pair of neighbours, the last data symbol and the check symbol included, swapped.
    for (std::size_t pos = 0; pos + 1 < good.size(); ++pos) {
      if (good[pos] == good[pos + 1]) continue;
      std::string swapped = good;
      std::swap(swapped[pos], swapped[pos + 1]);
      INFO(good << " -> " << swapped);
      CHECK(reason_of(swapped) == JoinCodeError::Reason::check_mismatch);
      ++transpositions;
      if (pos == 7) ++last_with_check;
    }
  }
  CHECK(substitutions == 400 * 9 * 31);
  CHECK(transpositions > 2800);
  CHECK(last_with_check > 350);
}

TEST_CASE("every transposition of two different neighbours is refused, whatever the pair", "[join_code]") {
  // For each place and each ordered pair of different symbols, a code with that pair there.
  std::mt19937_64 random(7);
  for (std::size_t pos = 0; pos + 1 < net::kJoinCodeDataSymbols; ++pos) {
    for (unsigned a = 0; a < 32; ++a) {
      for (unsigned b = 0; b < 32; ++b) {
        if (a == b) continue;
        std::uint64_t value = random() & ((std::uint64_t{1} << 40) - 1);
        const unsigned shift_a = 5 * (7 - static_cast<unsigned>(pos)), shift_b = shift_a - 5;
        value &= ~((std::uint64_t{31} << shift_a) | (std::uint64_t{31} << shift_b));
        value |= std::uint64_t{a} << shift_a | std::uint64_t{b} << shift_b;
        std::string swapped = symbols_of(net::join_code_from_value(value).display());
        std::swap(swapped[pos], swapped[pos + 1]);
        INFO(swapped);
        CHECK(reason_of(swapped) == JoinCodeError::Reason::check_mismatch);
      }
    }
  }
}

TEST_CASE("a wrong check symbol is caught before any network traffic", "[join_code]") {
  const JoinCode code = net::join_code_from_value(973113317);
  CHECK(reason_of("00X0-11Z5-E") == JoinCodeError::Reason::check_mismatch);
  CHECK(reason_of("00X0-11Z6-D") == JoinCodeError::Reason::check_mismatch);
  CHECK(message_of("00X0-11Z5-E").find("check symbol") != std::string::npos);
  CHECK(net::parse_join_code("00X0-11Z5-D") == code);
}

TEST_CASE("wrong lengths are rejected with the number of symbols found", "[join_code]") {
  CHECK(reason_of("") == JoinCodeError::Reason::length);
  CHECK(reason_of("---") == JoinCodeError::Reason::length);
  CHECK(reason_of("00X0-11Z5") == JoinCodeError::Reason::length);      // check symbol missing
  CHECK(reason_of("00X0-11Z-D") == JoinCodeError::Reason::length);     // one data symbol short
  CHECK(reason_of("00X0-11Z55-D") == JoinCodeError::Reason::length);   // one too many
  CHECK(message_of("00X0-11Z5").find("has 8 symbols") != std::string::npos);
  CHECK(message_of("00X0-11Z55-D").find("has 10 symbols") != std::string::npos);
}

TEST_CASE("characters outside Crockford's alphabet are rejected by name", "[join_code]") {
  CHECK(reason_of("00X0-11Z5-!") == JoinCodeError::Reason::bad_character);
  CHECK(reason_of("00X0_11Z5-D") == JoinCodeError::Reason::bad_character);
  CHECK(message_of("00X0_11Z5-D").find("'_' (symbol 5)") != std::string::npos);
  // U and Crockford's other check-only symbols are in no place of a join code any more.
  for (const char* former : {"00X0-11Z5-U", "00X0-11Z5-u", "00X0-11Z5-*", "00X0-11Z5-~", "00X0-11Z5-$",
                             "00X0-11Z5-=", "U0X0-11Z5-D", "0*X0-11Z5-D"}) {
    INFO(former);
    CHECK(reason_of(former) == JoinCodeError::Reason::bad_character);
  }
  CHECK(message_of("00X0-11Z5-U").find("'U' (symbol 9)") != std::string::npos);
  // Full-width letters (IME on) are not Crockford symbols; the message quotes them whole.
  const std::string full_width = "\xEF\xBC\x90" "0X0-11Z5-D";  // U+FF10 FULLWIDTH DIGIT ZERO
  CHECK(reason_of(full_width) == JoinCodeError::Reason::bad_character);
  CHECK(message_of(full_width).find("'\xEF\xBC\x90'") != std::string::npos);
  CHECK(reason_of(std::string("00X0\0" "11Z5-D", 11)) == JoinCodeError::Reason::bad_character);
}

namespace {
/// Reserves an attempt and fails it at once; returns failed()'s answer.
bool fail_one(JoinAttemptLimiter& limiter) {
  const auto r = limiter.try_reserve();
  REQUIRE(r);
  return limiter.failed(*r);
}
}  // namespace

TEST_CASE("the limiter asks for a new code after exactly five wrong codes", "[join_code]") {
  JoinAttemptLimiter limiter;
  REQUIRE(limiter.max_failures() == 5);
  for (unsigned i = 1; i <= 4; ++i) {
    CHECK_FALSE(fail_one(limiter));
    CHECK(limiter.failures() == i);
    CHECK(limiter.remaining() == 5 - i);
    CHECK_FALSE(limiter.must_rotate());
  }
  CHECK(fail_one(limiter));  // the fifth
  CHECK(limiter.must_rotate());
  CHECK(limiter.remaining() == 0);
  CHECK_FALSE(limiter.try_reserve());  // no sixth attempt until rotated
  CHECK(limiter.failures() == 5);

  limiter.note_rotation();
  CHECK(limiter.failures() == 0);
  CHECK_FALSE(limiter.must_rotate());
  CHECK(limiter.remaining() == 5);
  for (int i = 0; i < 4; ++i) CHECK_FALSE(fail_one(limiter));
  CHECK(fail_one(limiter));
}

TEST_CASE("the limiter counts attempts in flight: never more than five reserved or failed per code", "[join_code]") {
  JoinAttemptLimiter limiter;
  std::vector<JoinAttemptLimiter::Reservation> held;
  for (int i = 0; i < 5; ++i) {
    const auto r = limiter.try_reserve();
    REQUIRE(r);
    held.push_back(*r);
  }
  CHECK(limiter.in_flight() == 5);
  CHECK(limiter.remaining() == 0);
  CHECK_FALSE(limiter.try_reserve());  // refused while five are in flight
  CHECK_FALSE(limiter.must_rotate());

  // One succeeds and one tested nothing: two may start again.
  limiter.succeeded(held[0]);
  limiter.untested(held[1]);
  CHECK(limiter.in_flight() == 3);
  CHECK(limiter.failures() == 0);
  CHECK(limiter.remaining() == 2);
  auto a = limiter.try_reserve(), b = limiter.try_reserve();
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(limiter.try_reserve());
  held = {held[2], held[3], held[4], *a, *b};

  // All five fail: the fifth failure asks for the rotation, once.
  for (std::size_t i = 0; i < 4; ++i) CHECK_FALSE(limiter.failed(held[i]));
  CHECK(limiter.failed(held[4]));
  CHECK(limiter.failures() == 5);
  CHECK(limiter.in_flight() == 0);
  CHECK_FALSE(limiter.try_reserve());
}

TEST_CASE("attempts reserved before a rotation do not count against the new code", "[join_code]") {
  JoinAttemptLimiter limiter(2);
  const auto old_one = limiter.try_reserve(), old_two = limiter.try_reserve();
  REQUIRE(old_one);
  REQUIRE(old_two);
  limiter.note_rotation();
  CHECK(limiter.in_flight() == 0);
  CHECK(limiter.remaining() == 2);
  CHECK_FALSE(limiter.failed(*old_one));  // ignored: it tested the old code
  limiter.succeeded(*old_two);            // ignored too
  CHECK(limiter.failures() == 0);
  CHECK(limiter.in_flight() == 0);
  const auto fresh = limiter.try_reserve();
  REQUIRE(fresh);
  CHECK(limiter.in_flight() == 1);
}

TEST_CASE("a limiter can be given another threshold but not zero", "[join_code]") {
  JoinAttemptLimiter one(1);
  CHECK(fail_one(one));
  CHECK_THROWS_AS(JoinAttemptLimiter(0), std::invalid_argument);
}
