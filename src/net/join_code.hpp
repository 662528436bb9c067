// The join code: the short secret the chair reads aloud (or shows) and a joiner types. It is the
// CPace password (DESIGN.md, Network): 40 random bits, so an attacker gets one online guess per
// CPace run, and the code is rotated after a few wrong attempts (JoinAttemptLimiter).
//
// Text form: Crockford's Base32 symbols (https://www.crockford.com/base32.html). 8 symbols carry
// the 40 bits, most significant first; a check symbol from the same 32 symbols is appended;
// hyphens group the symbols for reading aloud: "7K3M-Q9PX-N" (protocol/PROTOCOL.md, "Join code").
// Crockford's own check symbol (the value modulo 37) is not used: 5 of its 37 values are
// * ~ $ = U, about one code in seven, which are awkward to read aloud and to type.
//
// The check symbol. Symbols are elements of GF(2^5) = GF(2)[x]/(x^5 + x^2 + 1) (the symbol's
// value, 0..31, read as a polynomial over GF(2): bit k is the coefficient of x^k; x^5 + x^2 + 1
// is primitive, so α = x has order 31). For data symbols d_1 .. d_8 the check symbol is
//
//     c = d_1·α^8 ⊕ d_2·α^7 ⊕ … ⊕ d_8·α^1      (⊕: addition in GF(2^5), i.e. XOR)
//
// i.e. Σ d_i·α^(n−i) with n = 9, the length of the whole code, computed by Horner's rule
// (s ← α·s ⊕ d_i for each data symbol, then s ← α·s once more, for the check symbol's own place).
// Equivalently, the 9 symbols w_1 .. w_9 = d_1 .. d_8, c of a valid code satisfy
// S(w) = Σ_{j=1..9} w_j·α^(9−j) = 0, since c·α^0 = c and c ⊕ c = 0.
//
// Why every single substitution and every adjacent transposition is caught (including those
// that involve the check symbol itself):
//  - Substitution: w_j becomes w_j ⊕ e with e ≠ 0. S changes by e·α^(9−j). GF(2^5) is a field,
//    so a product of non-zero elements is non-zero (α ≠ 0, hence α^k ≠ 0): S ≠ 0, refused.
//  - Transposition of w_j = a and w_{j+1} = b, a ≠ b, with k = 9 − (j+1): S changes by
//    (a·α^(k+1) ⊕ b·α^k) ⊕ (b·α^(k+1) ⊕ a·α^k) = (a ⊕ b)·α^k·(α ⊕ 1). Here a ⊕ b ≠ 0, α^k ≠ 0
//    and α ⊕ 1 ≠ 0 because α ≠ 1; the product of non-zero elements is non-zero: refused.
// Had the last data symbol been given weight α^0 (n = 8), a swap of it with the check symbol
// would not be caught: then c = T ⊕ d_8 and the swapped code checks T ⊕ c = d_8. Weighting the
// check symbol's own place with α^0 is what makes that swap a transposition like any other.
// The check symbol is a field element, so always one of the 32 symbols.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::net {

/// A byte string (same alias as in cpace.hpp and frame.hpp).
using Bytes = std::vector<std::uint8_t>;

/// Random bits in a join code.
inline constexpr std::size_t kJoinCodeBits = 40;
/// Bytes holding those bits.
inline constexpr std::size_t kJoinCodeBytes = 5;
/// Crockford Base32 data symbols (5 bits each), not counting the check symbol.
inline constexpr std::size_t kJoinCodeDataSymbols = 8;

/// Crockford's encoding symbols, value 0..31 (no I, L, O, U): the data and check symbols of a
/// join code.
inline constexpr std::string_view kCrockfordSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// The reduction polynomial of GF(2^5) for the check symbol, x^5 + x^2 + 1 (bit k: x^k), a
/// primitive polynomial over GF(2).
inline constexpr unsigned kJoinCodeCheckPolynomial = 0b100101;

/// One join code: 40 bits.
struct JoinCode {
  /// The 40 bits, big-endian: bits[0] holds the most significant byte, so the first symbol of
  /// display() is the top 5 bits of bits[0].
  std::array<std::uint8_t, kJoinCodeBytes> bits{};

  /// "XXXX-XXXX-C": 8 upper-case Crockford symbols in two groups of four, a hyphen, and the
  /// check symbol join_code_check_symbol(value()), also one of kCrockfordSymbols.
  /// Always 11 ASCII characters. Crockford: "When encoding, only upper case letters are used."
  [[nodiscard]] std::string display() const;

  /// The CPace password-related string (PRS) for this code: the 8 canonical (upper-case ASCII)
  /// data symbols without hyphens or check symbol, e.g. "7K3MQ9PX". A clear-text password, so it
  /// is given in a canonical text form, as draft-irtf-cfrg-cpace-21 §4.3 asks (RFC 8265: ASCII
  /// letters and digits are unchanged by its OpaqueString profile). Every way of typing the
  /// same code yields the same 8 bytes.
  [[nodiscard]] Bytes prs() const;

  /// The 40 bits as an integer, 0 .. 2^40-1.
  [[nodiscard]] std::uint64_t value() const;

  bool operator==(const JoinCode&) const = default;
};

/// A fresh join code with 40 uniformly random bits from libsodium's randombytes_buf.
/// Throws std::runtime_error if libsodium cannot be initialised.
JoinCode generate_join_code();

/// The code holding a given 40-bit value (the top 24 bits of `value` must be zero).
/// Throws std::invalid_argument otherwise.
JoinCode join_code_from_value(std::uint64_t value);

/// The check symbol of the code holding `value` (0 .. 2^40-1; higher bits are ignored): the
/// GF(2^5) element Σ d_i·α^(9−i) over its 8 data symbols d_1 .. d_8 (most significant first),
/// α = x, modulo kJoinCodeCheckPolynomial, given as kCrockfordSymbols[that element]. The rule
/// and why it catches every single substitution and adjacent transposition: the comment at the
/// top of this file; protocol/PROTOCOL.md, "Join code". Never throws; always one of
/// kCrockfordSymbols.
char join_code_check_symbol(std::uint64_t value) noexcept;

/// Why a typed join code was refused. what() is an English sentence for logs and the CLI; a
/// front end may instead pick its own (Japanese) wording from reason().
struct JoinCodeError : std::invalid_argument {
  enum class Reason {
    length,          ///< not 8 symbols plus a check symbol (separators ignored)
    bad_character,   ///< a character that is not a Crockford symbol (nor I, L, O, read as 1, 1, 0)
    check_mismatch,  ///< well formed, but the check symbol does not match: a typo
  };
  JoinCodeError(Reason reason, const std::string& message)
      : std::invalid_argument(message), reason_(reason) {}
  [[nodiscard]] Reason reason() const noexcept { return reason_; }

 private:
  Reason reason_;
};

/// Parses a join code as typed or read aloud, forgiving as Crockford's decoding rules say:
/// upper and lower case accepted; I and L read as 1, O as 0; hyphens ignored. Renkei also ignores
/// spaces (and tabs and line breaks, which pasting adds). Exactly 9 symbols must remain: 8 data
/// symbols and the check symbol, which must equal join_code_check_symbol(value).
/// Throws JoinCodeError with Reason::bad_character (naming the character and its place),
/// Reason::length (saying how many symbols were found), or Reason::check_mismatch. Purely
/// local: call it before opening any connection.
JoinCode parse_join_code(std::string_view typed);

/// Bounds the guesses made against one meeting's current join code, concurrent ones included
/// (protocol/PROTOCOL.md, "Counting guesses"). Each CPace run is one online guess at the code
/// (40 bits). A run *reserves* an attempt before it tests the code (try_reserve); the
/// reservation is released when the run succeeds (succeeded) or turns out to have tested no code
/// (untested), and becomes a counted failure otherwise (failed). While failures plus reserved
/// attempts reach max_failures (5 by default), no further attempt is allowed on this code, so
/// the code is tested at most max_failures times without success however many runs overlap.
/// Once max_failures have failed the chair's side must issue a new code and call
/// note_rotation(), which starts the count again. Successful joins do not reset the count: it
/// bounds the wrong guesses made against one code. Not thread-safe (use it from the io thread).
class JoinAttemptLimiter {
 public:
  /// Failures after which the code must be rotated, by default.
  static constexpr unsigned kDefaultMaxFailures = 5;

  /// One reserved attempt. It belongs to the code current when it was reserved: once the code
  /// has been rotated, ending it changes nothing.
  struct Reservation {
    std::uint64_t generation = 0;  ///< note_rotation() calls before it was reserved
  };

  /// max_failures >= 1; throws std::invalid_argument for 0.
  explicit JoinAttemptLimiter(unsigned max_failures = kDefaultMaxFailures);

  /// Reserves an attempt on the current code, to be ended exactly once with succeeded(),
  /// failed() or untested(). Returns std::nullopt, reserving nothing, while failures() +
  /// in_flight() >= max_failures(): the run must then be refused without testing the code
  /// (the joiner may try again once attempts in flight have ended, or with the next code).
  [[nodiscard]] std::optional<Reservation> try_reserve() noexcept;

  /// The reserved run succeeded (the joiner's tag verified): releases it; nothing is counted.
  void succeeded(Reservation reservation) noexcept;

  /// The reserved run ended before it tested the code (e.g. the joiner's CPace message was
  /// invalid, so no CPace message of ours was sent): releases it; nothing is counted.
  void untested(Reservation reservation) noexcept;

  /// The reserved run tested the code and did not end with the joiner's tag verified (wrong
  /// tag, malformed tag, timeout, disconnect): releases it and counts one failure. Returns true
  /// if the current code must now be rotated (must_rotate()); false for a reservation on an
  /// earlier code, which is not counted.
  bool failed(Reservation reservation) noexcept;

  /// True once failures() has reached max_failures(): stop accepting attempts on this code.
  [[nodiscard]] bool must_rotate() const noexcept { return failures_ >= max_failures_; }

  /// Wrong attempts counted against the current code.
  [[nodiscard]] unsigned failures() const noexcept { return failures_; }

  /// Attempts reserved on the current code and not yet ended.
  [[nodiscard]] unsigned in_flight() const noexcept { return in_flight_; }

  /// Attempts that may still be reserved on the current code: max_failures() − failures() −
  /// in_flight(), or 0.
  [[nodiscard]] unsigned remaining() const noexcept {
    const unsigned used = failures_ + in_flight_;
    return used >= max_failures_ ? 0 : max_failures_ - used;
  }

  [[nodiscard]] unsigned max_failures() const noexcept { return max_failures_; }

  /// A new code has been issued: failures and reservations start again from zero; reservations
  /// made before are ignored when they end.
  void note_rotation() noexcept {
    ++generation_;
    failures_ = 0;
    in_flight_ = 0;
  }

 private:
  bool release(Reservation reservation) noexcept;  // true if it was on the current code

  unsigned max_failures_;
  unsigned failures_ = 0;
  unsigned in_flight_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace renkei::net
