// CPace (draft-irtf-cfrg-cpace-21), CPACE-RISTR255-SHA512 on libsodium. See cpace.hpp.
#include "net/cpace.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace renkei::net {
namespace {

// libsodium must be initialised once before use; sodium_init() is idempotent and thread-safe.
void ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw CpaceError("libsodium could not be initialised");
}

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

constexpr std::string_view kDsi = "CPaceRistretto255";       // §8.3
constexpr std::string_view kIskLabel = "CPaceRistretto255_ISK";  // G.DSI || b"_ISK", §7
constexpr std::string_view kMacLabel = "CPaceMac";           // §10.4
constexpr std::string_view kSidOutputLabel = "CPaceSidOutput";  // §10.6

void append(Bytes& out, std::span<const std::uint8_t> data) {
  out.insert(out.end(), data.begin(), data.end());
}

void append_leb128(Bytes& out, std::size_t length) {
  // Appendix A.1.1: 7 bits per byte, least significant first, bit 7 set while more follow.
  do {
    std::uint8_t byte = length & 0x7f;
    length >>= 7;
    if (length != 0) byte |= 0x80;
    out.push_back(byte);
  } while (length != 0);
}

// Reads one prepend_len() field from `in` at `pos`. Rejects truncation, lengths that overflow or
// exceed `max_len`, and non-minimal LEB128 (a trailing 0x00 group), which prepend_len never
// produces. Advances pos past the field.
std::span<const std::uint8_t> read_lv(std::span<const std::uint8_t> in, std::size_t& pos,
                                      std::size_t max_len, const char* field) {
  std::size_t length = 0;
  unsigned shift = 0;
  std::size_t groups = 0;
  while (true) {
    if (pos >= in.size())
      throw CpaceError(std::string("CPace message truncated in the length of ") + field);
    const std::uint8_t byte = in[pos++];
    ++groups;
    if (shift > 28) throw CpaceError(std::string("CPace message: length of ") + field + " too large");
    length |= static_cast<std::size_t>(byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) == 0) {
      if (groups > 1 && byte == 0)
        throw CpaceError(std::string("CPace message: non-minimal length encoding for ") + field);
      break;
    }
  }
  if (length > max_len)
    throw CpaceError(std::string("CPace message: ") + field + " is " + std::to_string(length) +
                     " bytes, more than the " + std::to_string(max_len) + " allowed");
  if (in.size() - pos < length)
    throw CpaceError(std::string("CPace message truncated in ") + field);
  auto value = in.subspan(pos, length);
  pos += length;
  return value;
}

Bytes sha512(std::initializer_list<std::span<const std::uint8_t>> parts) {
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  for (auto part : parts) crypto_hash_sha512_update(&state, part.data(), part.size());
  Bytes out(crypto_hash_sha512_BYTES);
  crypto_hash_sha512_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

Bytes hmac_sha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  crypto_auth_hmacsha512_state state;
  crypto_auth_hmacsha512_init(&state, key.data(), key.size());
  crypto_auth_hmacsha512_update(&state, message.data(), message.size());
  Bytes out(crypto_auth_hmacsha512_BYTES);
  crypto_auth_hmacsha512_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

// Reduces a 32-byte little-endian scalar modulo the group order (multiplying by y or by
// y mod order gives the same element in a prime-order group).
std::array<std::uint8_t, kCpaceScalarBytes> reduce_scalar(std::span<const std::uint8_t> scalar) {
  std::array<std::uint8_t, crypto_core_ristretto255_NONREDUCEDSCALARBYTES> wide{};
  std::copy(scalar.begin(), scalar.end(), wide.begin());
  std::array<std::uint8_t, kCpaceScalarBytes> reduced{};
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide.data());
  sodium_memzero(wide.data(), wide.size());
  return reduced;
}

void wipe(Bytes& secret) {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
}

}  // namespace

std::span<const std::uint8_t> cpace_dsi() { return as_bytes(kDsi); }

Bytes cpace_prepend_len(std::span<const std::uint8_t> data) {
  Bytes out;
  out.reserve(data.size() + 2);
  append_leb128(out, data.size());
  append(out, data);
  return out;
}

Bytes cpace_lv_cat(std::initializer_list<std::span<const std::uint8_t>> parts) {
  Bytes out;
  for (auto part : parts) {
    append_leb128(out, part.size());
    append(out, part);
  }
  return out;
}

Bytes cpace_generator_string(std::span<const std::uint8_t> dsi, std::span<const std::uint8_t> prs,
                             std::span<const std::uint8_t> ci, std::span<const std::uint8_t> sid,
                             std::size_t s_in_bytes) {
  // len_zpad = max(0, s_in_bytes - 1 - len(prepend_len(PRS)) - len(prepend_len(DSI))), §8.1.
  const std::size_t used = 1 + cpace_prepend_len(prs).size() + cpace_prepend_len(dsi).size();
  const std::size_t len_zpad = s_in_bytes > used ? s_in_bytes - used : 0;
  const Bytes zpad(len_zpad, 0);
  return cpace_lv_cat({dsi, prs, zpad, ci, sid});
}

Bytes cpace_calculate_generator(std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
                                std::span<const std::uint8_t> sid) {
  ensure_sodium();
  Bytes gen_str = cpace_generator_string(cpace_dsi(), prs, ci, sid, kCpaceHashBlockBytes);
  // gen_str_hash = H.hash(gen_str, 2 * field_size_bytes) = the full 64-byte SHA-512 output.
  Bytes gen_str_hash = sha512({gen_str});
  Bytes g(crypto_core_ristretto255_BYTES);
  crypto_core_ristretto255_from_hash(g.data(), gen_str_hash.data());
  wipe(gen_str);  // contains the PRS
  wipe(gen_str_hash);
  return g;
}

Bytes cpace_scalar_mult_vfy(std::span<const std::uint8_t> scalar, std::span<const std::uint8_t> point) {
  ensure_sodium();
  if (scalar.size() != kCpaceScalarBytes)
    throw CpaceError("CPace scalar must be 32 bytes, got " + std::to_string(scalar.size()));
  Bytes out(kCpacePointBytes, 0);  // G.I: the all-zero encoding of the identity
  if (point.size() != kCpacePointBytes) return out;
  auto y = reduce_scalar(scalar);
  // crypto_scalarmult_ristretto255 fails (-1) if the point does not decode or the product is
  // the identity; both cases are G.I here (§8.3).
  if (crypto_scalarmult_ristretto255(out.data(), y.data(), point.data()) != 0)
    std::fill(out.begin(), out.end(), 0);
  sodium_memzero(y.data(), y.size());
  return out;
}

bool cpace_lexicographically_larger(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (a[i] > b[i]) return true;
    if (a[i] < b[i]) return false;
  }
  return a.size() > b.size();
}

Bytes cpace_o_cat(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  Bytes out{'o', 'c'};
  if (cpace_lexicographically_larger(a, b)) {
    append(out, a);
    append(out, b);
  } else {
    append(out, b);
    append(out, a);
  }
  return out;
}

Bytes cpace_transcript_ir(std::span<const std::uint8_t> ya, std::span<const std::uint8_t> ada,
                          std::span<const std::uint8_t> yb, std::span<const std::uint8_t> adb) {
  return cpace_lv_cat({ya, ada, yb, adb});  // lv_cat(Ya, ADa) || lv_cat(Yb, ADb)
}

Bytes cpace_transcript_oc(std::span<const std::uint8_t> ya, std::span<const std::uint8_t> ada,
                          std::span<const std::uint8_t> yb, std::span<const std::uint8_t> adb) {
  return cpace_o_cat(cpace_lv_cat({ya, ada}), cpace_lv_cat({yb, adb}));
}

Bytes cpace_derive_isk(std::span<const std::uint8_t> sid, std::span<const std::uint8_t> k,
                       std::span<const std::uint8_t> transcript) {
  ensure_sodium();
  Bytes prefix = cpace_lv_cat({as_bytes(kIskLabel), sid, k});
  Bytes isk = sha512({prefix, transcript});
  wipe(prefix);  // contains K
  return isk;
}

Bytes cpace_sid_output(std::span<const std::uint8_t> transcript) {
  ensure_sodium();
  return sha512({as_bytes(kSidOutputLabel), transcript});
}

Bytes cpace_mac_key(std::span<const std::uint8_t> sid, std::span<const std::uint8_t> isk) {
  ensure_sodium();
  return sha512({as_bytes(kMacLabel), sid, isk});
}

// ---------------------------------------------------------------------------------------------

CpaceSession::CpaceSession(CpaceRole role, std::span<const std::uint8_t> prs,
                           std::span<const std::uint8_t> ci, std::span<const std::uint8_t> sid,
                           std::span<const std::uint8_t> ad)
    : role_(role), sid_(sid.begin(), sid.end()) {
  ensure_sodium();
  scalar_.resize(kCpaceScalarBytes);
  crypto_core_ristretto255_scalar_random(scalar_.data());
  init(prs, ci, ad);
}

CpaceSession::CpaceSession(CpaceRole role, std::span<const std::uint8_t> prs,
                           std::span<const std::uint8_t> ci, std::span<const std::uint8_t> sid,
                           std::span<const std::uint8_t> ad, std::span<const std::uint8_t> fixed_scalar)
    : role_(role), sid_(sid.begin(), sid.end()) {
  ensure_sodium();
  if (fixed_scalar.size() != kCpaceScalarBytes)
    throw CpaceError("CPace fixed scalar must be 32 bytes, got " + std::to_string(fixed_scalar.size()));
  auto reduced = reduce_scalar(fixed_scalar);
  if (sodium_is_zero(reduced.data(), reduced.size()))
    throw CpaceError("CPace fixed scalar is 0 modulo the group order");
  scalar_.assign(reduced.begin(), reduced.end());
  sodium_memzero(reduced.data(), reduced.size());
  init(prs, ci, ad);
}

void CpaceSession::init(std::span<const std::uint8_t> prs, std::span<const std::uint8_t> ci,
                        std::span<const std::uint8_t> ad) {
  if (ad.size() > kCpaceMaxAdBytes)
    throw CpaceError("CPace associated data is " + std::to_string(ad.size()) +
                     " bytes, more than the " + std::to_string(kCpaceMaxAdBytes) + " allowed");
  Bytes g = cpace_calculate_generator(prs, ci, sid_);
  own_y_.assign(kCpacePointBytes, 0);
  // G.scalar_mult(y, g), §7. Cannot fail for a valid generator and a non-zero scalar.
  if (crypto_scalarmult_ristretto255(own_y_.data(), scalar_.data(), g.data()) != 0)
    throw CpaceError("CPace: scalar multiplication of the generator failed");
  wipe(g);  // the generator is password-dependent
  own_ad_.assign(ad.begin(), ad.end());
  message_ = cpace_lv_cat({own_y_, own_ad_});
}

CpaceSession::~CpaceSession() {
  wipe(scalar_);
  wipe(isk_);
  wipe(mac_key_);
}

CpaceSession& CpaceSession::operator=(CpaceSession&& other) noexcept {
  if (this != &other) {
    wipe(scalar_);
    wipe(isk_);
    wipe(mac_key_);
    role_ = other.role_;
    sid_ = std::move(other.sid_);
    scalar_ = std::move(other.scalar_);
    own_y_ = std::move(other.own_y_);
    own_ad_ = std::move(other.own_ad_);
    message_ = std::move(other.message_);
    peer_y_ = std::move(other.peer_y_);
    peer_ad_ = std::move(other.peer_ad_);
    peer_message_ = std::move(other.peer_message_);
    isk_ = std::move(other.isk_);
    mac_key_ = std::move(other.mac_key_);
    received_ = other.received_;
  }
  return *this;
}

const Bytes& CpaceSession::receive(std::span<const std::uint8_t> peer_message) {
  if (received_) throw CpaceError("CPace: receive() called twice on one session");
  if (scalar_.empty()) throw CpaceError("CPace: session was moved from");

  std::size_t pos = 0;
  auto y = read_lv(peer_message, pos, kCpacePointBytes, "the peer's point");
  if (y.size() != kCpacePointBytes)
    throw CpaceError("CPace message: the peer's point is " + std::to_string(y.size()) +
                     " bytes, expected 32");
  auto ad = read_lv(peer_message, pos, kCpaceMaxAdBytes, "the peer's associated data");
  if (pos != peer_message.size())
    throw CpaceError("CPace message has " + std::to_string(peer_message.size() - pos) +
                     " trailing bytes");

  // K = G.scalar_mult_vfy(y, Y'); "MUST abort if K = G.I" (§7). libsodium reports both an
  // undecodable Y' and an identity result as failure.
  Bytes k(kCpacePointBytes, 0);
  if (crypto_scalarmult_ristretto255(k.data(), scalar_.data(), y.data()) != 0 ||
      sodium_is_zero(k.data(), k.size())) {
    wipe(k);
    throw CpaceError("CPace: the peer's point is invalid or yields the identity element; aborting");
  }

  peer_y_.assign(y.begin(), y.end());
  peer_ad_.assign(ad.begin(), ad.end());
  peer_message_ = cpace_lv_cat({peer_y_, peer_ad_});

  const Bytes transcript = role_ == CpaceRole::initiator
                               ? cpace_transcript_ir(own_y_, own_ad_, peer_y_, peer_ad_)
                               : cpace_transcript_ir(peer_y_, peer_ad_, own_y_, own_ad_);
  isk_ = cpace_derive_isk(sid_, k, transcript);
  wipe(k);
  mac_key_ = cpace_mac_key(sid_, isk_);
  // The scalar is not needed any more (§10.9: never reused).
  wipe(scalar_);
  received_ = true;
  return isk_;
}

void CpaceSession::require_received(const char* what) const {
  if (!received_) throw CpaceError(std::string("CPace: ") + what + " before receive()");
}

Bytes CpaceSession::confirmation_tag() const {
  require_received("confirmation_tag()");
  return hmac_sha512(mac_key_, message_);
}

bool CpaceSession::verify_peer_confirmation(std::span<const std::uint8_t> tag) const {
  require_received("verify_peer_confirmation()");
  if (tag.size() != kCpaceTagBytes) return false;
  Bytes expected = hmac_sha512(mac_key_, peer_message_);
  const bool ok = sodium_memcmp(expected.data(), tag.data(), kCpaceTagBytes) == 0;
  wipe(expected);
  return ok;
}

const Bytes& CpaceSession::isk() const {
  require_received("isk()");
  return isk_;
}

}  // namespace renkei::net
