// Join codes in Crockford's Base32 with a GF(2^5) check symbol. See join_code.hpp.
#include "net/join_code.hpp"

#include <sodium.h>

#include <cstdio>
#include <optional>

namespace renkei::net {
namespace {

constexpr std::uint64_t kMaxValue = (std::uint64_t{1} << kJoinCodeBits) - 1;
constexpr std::size_t kTotalSymbols = kJoinCodeDataSymbols + 1;
constexpr const char* kExample = "7K3M-Q9PX-N";

// Crockford decoding of one character to a symbol value 0..31, or nullopt.
// Lower case accepted; I/i and L/l read as 1, O/o as 0 (Crockford, "Decoding").
std::optional<unsigned> decode_symbol(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') return 1;
  if (c == 'O') return 0;
  const auto pos = kCrockfordSymbols.find(c);
  if (pos == std::string_view::npos) return std::nullopt;
  return static_cast<unsigned>(pos);
}

bool is_separator(char c) { return c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Quotes the character at typed[i] for an error message: the whole UTF-8 sequence for non-ASCII
// text (e.g. a full-width letter typed with the IME on), a name for control characters.
std::string quote_char(std::string_view typed, std::size_t i, std::size_t& length) {
  const auto lead = static_cast<unsigned char>(typed[i]);
  length = 1;
  if (lead >= 0x80) {
    length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (i + length > typed.size()) length = typed.size() - i;
    return "'" + std::string(typed.substr(i, length)) + "'";
  }
  if (lead < 0x20 || lead == 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", lead);
    return std::string("the control character ") + buf;
  }
  return "'" + std::string(1, static_cast<char>(lead)) + "'";
}

}  // namespace

std::uint64_t JoinCode::value() const {
  std::uint64_t v = 0;
  for (auto b : bits) v = (v << 8) | b;
  return v;
}

std::string JoinCode::display() const {
  const std::uint64_t v = value();
  std::string out;
  out.reserve(11);
  for (std::size_t i = 0; i < kJoinCodeDataSymbols; ++i) {
    if (i == 4) out += '-';
    out += kCrockfordSymbols[(v >> (kJoinCodeBits - 5 * (i + 1))) & 31];
  }
  out += '-';
  out += join_code_check_symbol(v);
  return out;
}

Bytes JoinCode::prs() const {
  const std::uint64_t v = value();
  Bytes out;
  out.reserve(kJoinCodeDataSymbols);
  for (std::size_t i = 0; i < kJoinCodeDataSymbols; ++i)
    out.push_back(static_cast<std::uint8_t>(kCrockfordSymbols[(v >> (kJoinCodeBits - 5 * (i + 1))) & 31]));
  return out;
}

// α·s in GF(2^5): multiply by x, reduce by x^5 + x^2 + 1 when the degree reaches 5.
constexpr unsigned times_alpha(unsigned s) {
  s <<= 1;
  return (s & 0x20) ? s ^ kJoinCodeCheckPolynomial : s;
}

char join_code_check_symbol(std::uint64_t value) noexcept {
  // Horner's rule over d_1 .. d_8, then one more α for the check symbol's own place:
  // s = Σ d_i·α^(9−i) (join_code.hpp explains the weights).
  unsigned s = 0;
  for (std::size_t i = 0; i < kJoinCodeDataSymbols; ++i)
    s = times_alpha(s) ^ static_cast<unsigned>((value >> (kJoinCodeBits - 5 * (i + 1))) & 31);
  return kCrockfordSymbols[times_alpha(s)];
}

JoinCode join_code_from_value(std::uint64_t value) {
  if (value > kMaxValue) throw std::invalid_argument("a join code holds 40 bits; the value is larger");
  JoinCode code;
  for (std::size_t i = 0; i < kJoinCodeBytes; ++i)
    code.bits[i] = static_cast<std::uint8_t>(value >> (8 * (kJoinCodeBytes - 1 - i)));
  return code;
}

JoinCode generate_join_code() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  JoinCode code;
  randombytes_buf(code.bits.data(), code.bits.size());
  return code;
}

JoinCode parse_join_code(std::string_view typed) {
  // 1. Every character is a separator or a symbol.
  std::string symbols;  // canonical upper-case symbols
  std::size_t place = 0;
  for (std::size_t i = 0; i < typed.size();) {
    const char c = typed[i];
    if (is_separator(c)) {
      ++i;
      continue;
    }
    ++place;
    const auto v = decode_symbol(c);
    if (!v) {
      std::size_t length = 1;
      const std::string what = quote_char(typed, i, length);
      throw JoinCodeError(JoinCodeError::Reason::bad_character,
                          "the join code contains " + what + " (symbol " + std::to_string(place) +
                              "), which is not used in join codes: they use the digits 0-9 and "
                              "the letters A-Z except I, L, O and U");
    }
    symbols += kCrockfordSymbols[*v];
    ++i;
  }

  // 2. Length: 8 data symbols and one check symbol.
  if (symbols.size() != kTotalSymbols)
    throw JoinCodeError(JoinCodeError::Reason::length,
                        "the join code has " + std::to_string(symbols.size()) +
                            " symbols; it should have 9 (8 and a check symbol), as in " + kExample);

  // 3. The 40 bits.
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kJoinCodeDataSymbols; ++i)
    value = (value << 5) | static_cast<unsigned>(kCrockfordSymbols.find(symbols[i]));

  // 4. The check symbol.
  if (symbols.back() != join_code_check_symbol(value))
    throw JoinCodeError(JoinCodeError::Reason::check_mismatch,
                        "the join code's check symbol does not match: a symbol was probably "
                        "mistyped or two were swapped; please read the code again");
  return join_code_from_value(value);
}

JoinAttemptLimiter::JoinAttemptLimiter(unsigned max_failures) : max_failures_(max_failures) {
  if (max_failures == 0) throw std::invalid_argument("JoinAttemptLimiter needs max_failures >= 1");
}

std::optional<JoinAttemptLimiter::Reservation> JoinAttemptLimiter::try_reserve() noexcept {
  if (failures_ + in_flight_ >= max_failures_) return std::nullopt;
  ++in_flight_;
  return Reservation{generation_};
}

bool JoinAttemptLimiter::release(Reservation reservation) noexcept {
  if (reservation.generation != generation_ || in_flight_ == 0) return false;
  --in_flight_;
  return true;
}

void JoinAttemptLimiter::succeeded(Reservation reservation) noexcept { release(reservation); }

void JoinAttemptLimiter::untested(Reservation reservation) noexcept { release(reservation); }

bool JoinAttemptLimiter::failed(Reservation reservation) noexcept {
  if (!release(reservation)) return false;
  ++failures_;  // failures_ + in_flight_ <= max_failures_ before, so no overflow
  return must_rotate();
}

}  // namespace renkei::net
