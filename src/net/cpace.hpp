// CPace (draft-irtf-cfrg-cpace-21), cipher suite CPACE-RISTR255-SHA512, built on libsodium.
//
// A joiner proves knowledge of the join code with CPace run inside TLS (DESIGN.md, Network).
// This file holds the protocol only: no sockets, no TLS. The caller binds the run to its TLS
// channel through CI / sid / AD and moves the messages and confirmation tags.
//
// Section numbers below are those of draft-irtf-cfrg-cpace-21 (23 April 2026): §4 application
// perspective (initiator-responder vs symmetric), §4.1 CPace inputs,
// §6 Definitions and notation, §7 The CPace protocol, §8.1 Common function for computing
// generators, §8.3 G_Ristretto255, §10.4 Key confirmation, Appendix A (string functions),
// Appendix B.3 (ristretto255 test vectors).
//
// Wire format used by Renkei. The draft sends "Ya and ADa" without fixing a byte layout; it
// hashes them as lv_cat(Ya, ADa) (transcript_ir, §6) and MACs the same string for key
// confirmation (§10.4). Renkei sends exactly that string, so the message *is* this party's half
// of the transcript:
//     message = prepend_len(Y) || prepend_len(AD)      Y: 32 bytes, AD: 0..kCpaceMaxAdBytes
// (LEB128 lengths, minimal encoding; Y's length byte is therefore 0x20).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <vector>

namespace renkei::net {

/// A byte string.
using Bytes = std::vector<std::uint8_t>;

/// Which CPace party this is. Renkei runs CPace in the initiator-responder setting (§4, §6
/// transcript_ir): the initiator's share Ya and ADa come first in the transcript. The joiner is
/// the initiator, the chair the responder.
enum class CpaceRole { initiator, responder };

/// Any CPace failure: a malformed peer message, an invalid or identity point received (the
/// "abort" of §7 / §8.3), misuse of the session (e.g. confirmation before receive), or bad
/// arguments (wrong fixed-scalar length).
struct CpaceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Group and hash constants of CPACE-RISTR255-SHA512 (§8.3, §6 "Hash function H").
inline constexpr std::size_t kCpacePointBytes = 32;    ///< encoded ristretto255 element
inline constexpr std::size_t kCpaceScalarBytes = 32;   ///< little-endian scalar
inline constexpr std::size_t kCpaceIskBytes = 64;      ///< ISK = SHA-512 output (H.b_in_bytes)
inline constexpr std::size_t kCpaceTagBytes = 64;      ///< HMAC-SHA-512 confirmation tag
inline constexpr std::size_t kCpaceHashBlockBytes = 128;  ///< SHA-512 input block (H.s_in_bytes)
/// Upper bound Renkei puts on a received AD field, so a hostile peer cannot make us allocate.
/// Not from the draft; generous for fingerprints and version strings.
inline constexpr std::size_t kCpaceMaxAdBytes = 4096;

/// G_Ristretto255.DSI = b"CPaceRistretto255" (§8.3), as bytes.
std::span<const std::uint8_t> cpace_dsi();

/// prepend_len(data) = LEB128(len(data)) || data (§6, Appendix A.1.1). Output length is
/// len(data) + 1 for data shorter than 128 bytes, more above. Never throws (except bad_alloc).
Bytes cpace_prepend_len(std::span<const std::uint8_t> data);

/// lv_cat(a0, a1, ...) = prepend_len(a0) || prepend_len(a1) || ... (§6, Appendix A.1.3).
Bytes cpace_lv_cat(std::initializer_list<std::span<const std::uint8_t>> parts);

/// generator_string(DSI, PRS, CI, sid, s_in_bytes) =
///   lv_cat(DSI, PRS, zero_bytes(len_zpad), CI, sid) with
///   len_zpad = max(0, s_in_bytes - 1 - len(prepend_len(PRS)) - len(prepend_len(DSI)))
/// (§8.1, Appendix A.2). For this suite s_in_bytes is kCpaceHashBlockBytes (128).
Bytes cpace_generator_string(std::span<const std::uint8_t> dsi, std::span<const std::uint8_t> prs,
                             std::span<const std::uint8_t> ci, std::span<const std::uint8_t> sid,
                             std::size_t s_in_bytes);

/// G_Ristretto255.calculate_generator(H, PRS, CI, sid) (§8.3): SHA-512 of the generator string
/// (64 bytes) mapped with the RFC 9496 element derivation (crypto_core_ristretto255_from_hash).
/// Returns the 32-byte encoding of the generator g.
Bytes cpace_calculate_generator(std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
                                std::span<const std::uint8_t> sid);

/// G.scalar_mult_vfy(y, X) (§8.3): decode the 32-byte encoding X, multiply by the 32-byte
/// little-endian scalar y (taken modulo the group order), encode. Returns the 32-byte encoding
/// G.I of the identity (all zero bytes) if X is not exactly 32 bytes, does not decode, or the
/// product is the identity. Throws CpaceError if y is not 32 bytes.
Bytes cpace_scalar_mult_vfy(std::span<const std::uint8_t> scalar, std::span<const std::uint8_t> point);

/// lexiographically_larger(a, b) of Appendix A.3.1: true if a > b byte-wise, a longer string
/// winning over its prefix.
bool cpace_lexicographically_larger(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

/// o_cat(a, b) = b"oc" || max(a, b) || min(a, b) (§6, Appendix A.3.2).
Bytes cpace_o_cat(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

/// transcript_ir(Ya, ADa, Yb, ADb) = lv_cat(Ya, ADa) || lv_cat(Yb, ADb): the initiator-responder
/// transcript (§6, Appendix A.3.4). This is what CpaceSession uses.
Bytes cpace_transcript_ir(std::span<const std::uint8_t> ya, std::span<const std::uint8_t> ada,
                          std::span<const std::uint8_t> yb, std::span<const std::uint8_t> adb);

/// transcript_oc(Ya, ADa, Yb, ADb) = o_cat(lv_cat(Ya, ADa), lv_cat(Yb, ADb)): the symmetric
/// ("ordered concatenation") transcript for runs without roles (§6, Appendix A.3.6). Provided for
/// completeness and test vectors; Renkei does not use the symmetric setting.
Bytes cpace_transcript_oc(std::span<const std::uint8_t> ya, std::span<const std::uint8_t> ada,
                          std::span<const std::uint8_t> yb, std::span<const std::uint8_t> adb);

/// ISK = SHA-512(lv_cat(G.DSI || b"_ISK", sid, K) || transcript) (§7). K is the 32-byte shared
/// point; transcript is transcript_ir or transcript_oc. Returns 64 bytes. Does not check K: the
/// caller must have aborted on K == G.I.
Bytes cpace_derive_isk(std::span<const std::uint8_t> sid, std::span<const std::uint8_t> k,
                       std::span<const std::uint8_t> transcript);

/// sid_output = SHA-512(b"CPaceSidOutput" || transcript) (§10.6): a public session id that both
/// parties can compute when no sid was available as input. 64 bytes.
Bytes cpace_sid_output(std::span<const std::uint8_t> transcript);

/// mac_key = SHA-512(b"CPaceMac" || sid || ISK) (§10.4). 64 bytes.
Bytes cpace_mac_key(std::span<const std::uint8_t> sid, std::span<const std::uint8_t> isk);

/// One party's side of one CPace run (§7), with the explicit key confirmation of §10.4:
///   mac_key = SHA-512(b"CPaceMac" || sid || ISK);  Ta = HMAC-SHA-512(mac_key, lv_cat(Ya, ADa));
///   Tb = HMAC-SHA-512(mac_key, lv_cat(Yb, ADb)).
/// Each party sends the tag over the message it sent itself, so the two tags differ.
///
/// Use: construct, send message(); on the peer's message call receive(); send
/// confirmation_tag(); check the peer's tag with verify_peer_confirmation() and only then trust
/// isk(). A session is single-use: receive() may be called once. Not thread-safe.
/// Secrets (scalar, ISK, MAC key) are wiped with sodium_memzero on destruction.
class CpaceSession {
 public:
  /// prs: password-related string (any length; for Renkei JoinCode::prs()).
  /// ci: channel identifier, never sent (§4.1); sid: session id, public, should be unique (§10.9);
  /// ad: this party's associated data, sent in clear (§4.1), at most kCpaceMaxAdBytes.
  /// Samples the secret scalar with crypto_core_ristretto255_scalar_random (uniform in
  /// [1, order-1], the alternative sampling allowed by §8.3).
  /// Throws CpaceError if ad is longer than kCpaceMaxAdBytes.
  CpaceSession(CpaceRole role, std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
               std::span<const std::uint8_t> sid, std::span<const std::uint8_t> ad);

  /// For tests only (draft test vectors): use fixed_scalar (32 bytes, little-endian, reduced
  /// modulo the group order) instead of a random scalar. Throws CpaceError if fixed_scalar is not
  /// 32 bytes or is 0 modulo the group order.
  CpaceSession(CpaceRole role, std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
               std::span<const std::uint8_t> sid, std::span<const std::uint8_t> ad,
               std::span<const std::uint8_t> fixed_scalar);

  ~CpaceSession();
  CpaceSession(const CpaceSession&) = delete;
  CpaceSession& operator=(const CpaceSession&) = delete;
  CpaceSession(CpaceSession&&) noexcept = default;
  CpaceSession& operator=(CpaceSession&& other) noexcept;  // wipes this session's secrets first

  /// The message to send: lv_cat(Y, AD) with Y = scalar_mult(y, g) (32 bytes) and AD this
  /// party's associated data, i.e. 34 + len(AD) bytes for AD shorter than 128 bytes.
  [[nodiscard]] const Bytes& message() const { return message_; }

  /// Processes the peer's message (lv_cat(Y', AD')), computes K = scalar_mult_vfy(y, Y') and
  /// ISK = SHA-512(lv_cat(DSI||"_ISK", sid, K) || transcript_ir(Ya, ADa, Yb, ADb)) (§7).
  /// Returns the 64-byte ISK.
  /// Throws CpaceError if the message is malformed (bad or non-minimal length prefixes, Y' not
  /// 32 bytes, AD' longer than kCpaceMaxAdBytes, trailing bytes), if Y' does not decode or K is
  /// the identity ("MUST abort", §7, §8.3), or if receive() was already called.
  const Bytes& receive(std::span<const std::uint8_t> peer_message);

  /// This party's 64-byte key-confirmation tag, HMAC-SHA-512(mac_key, message()) (§10.4).
  /// Throws CpaceError before receive().
  [[nodiscard]] Bytes confirmation_tag() const;

  /// Checks the peer's tag against HMAC-SHA-512(mac_key, peer message) in constant time
  /// (sodium_memcmp). False for a wrong tag or a tag that is not 64 bytes.
  /// Throws CpaceError before receive().
  [[nodiscard]] bool verify_peer_confirmation(std::span<const std::uint8_t> tag) const;

  /// The 64-byte ISK. Throws CpaceError before receive(). Only authenticated once
  /// verify_peer_confirmation() returned true. §4 and §10.3 recommend a KDF before use.
  [[nodiscard]] const Bytes& isk() const;

  /// The peer's associated data as received (ADb for the initiator, ADa for the responder);
  /// the application must check any identity it carries (§10.1). Empty before receive().
  [[nodiscard]] const Bytes& peer_ad() const { return peer_ad_; }

  /// The peer's 32-byte encoded share (Yb or Ya). Empty before receive().
  [[nodiscard]] const Bytes& peer_point() const { return peer_y_; }

  /// This party's role.
  [[nodiscard]] CpaceRole role() const { return role_; }

 private:
  void init(std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
            std::span<const std::uint8_t> ad);
  void require_received(const char* what) const;

  CpaceRole role_;
  Bytes sid_;
  Bytes scalar_;        // 32 bytes, secret
  Bytes own_y_;         // 32 bytes
  Bytes own_ad_;
  Bytes message_;       // lv_cat(own_y_, own_ad_)
  Bytes peer_y_;
  Bytes peer_ad_;
  Bytes peer_message_;  // lv_cat(peer_y_, peer_ad_), canonical
  Bytes isk_;           // 64 bytes, secret
  Bytes mac_key_;       // 64 bytes, secret
  bool received_ = false;
};

}  // namespace renkei::net
