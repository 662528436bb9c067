// Frames: the unit of every Renkei connection (protocol/PROTOCOL.md, "Transport and join").
//
//     frame = length (4 bytes, unsigned, big-endian) || body (length bytes)
//     body  = one JSON object (RFC 8259), UTF-8, with at least
//             "v":    the protocol version, the integer kProtocolVersion (1)
//             "type": a non-empty string naming the message
//
// A pure codec: no sockets, no clock. The Channel (channel.hpp) feeds received bytes into a
// FrameDecoder and writes what encode_frame() returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace renkei::net {

/// A byte string (the same alias as in cpace.hpp).
using Bytes = std::vector<std::uint8_t>;

/// The protocol version every frame carries in "v". A frame with any other value is refused.
inline constexpr int kProtocolVersion = 1;

/// Bytes of the length prefix.
inline constexpr std::size_t kFrameHeaderBytes = 4;

/// Hard limit on a frame body (the JSON text, prefix excluded): 8 MiB. A length prefix above the
/// limit is refused as soon as its 4 bytes are in, before any of the body is buffered.
inline constexpr std::size_t kMaxFrameBytes = 8u * 1024u * 1024u;

/// Deepest JSON nesting (objects and arrays) a body may have. Bounds the work and the stack of
/// anything that later walks the value recursively (dump, comparison, conversion).
inline constexpr std::size_t kMaxFrameDepth = 64;

/// Why a frame was refused.
enum class FrameErrorKind {
  oversized,            ///< length prefix (or encoded body) above the decoder's limit
  invalid_json,         ///< body is not well-formed UTF-8 JSON text (RFC 8259), or nests too deep
  not_an_object,        ///< body is JSON but not an object
  missing_version,      ///< no "v" member
  unsupported_version,  ///< "v" is not the integer kProtocolVersion
  missing_type,         ///< no "type" member, or it is not a non-empty string
};

/// "oversized", "invalid_json", … (the enumerator's name).
std::string_view to_string(FrameErrorKind kind);

/// A refused frame: kind() says which rule, what() gives a precise, loggable reason such as
/// "frame of 9000000 bytes exceeds the limit of 8388608 bytes". An invalid_json reason may quote
/// the bytes of the JSON token where parsing stopped ("last read: '…'"), escaped with
/// escape_for_log (net_log.hpp): what() is always well-formed UTF-8 without control characters.
class FrameError : public std::runtime_error {
 public:
  FrameError(FrameErrorKind kind, const std::string& reason);
  [[nodiscard]] FrameErrorKind kind() const noexcept { return kind_; }

 private:
  FrameErrorKind kind_;
};

/// Checks that `message` is a valid frame body: an object with "v" == kProtocolVersion and a
/// non-empty string "type". Throws FrameError (not_an_object, missing_version,
/// unsupported_version, missing_type) otherwise.
void validate_frame_body(const nlohmann::json& message);

/// Encodes one frame: 4-byte big-endian length, then `message` serialised as compact UTF-8 JSON.
/// If `message` has no "v", "v": kProtocolVersion is added; the result is then validated with
/// validate_frame_body(). Throws FrameError if the body is invalid or longer than
/// max_frame_bytes (oversized), and nlohmann::json::type_error if a string holds invalid UTF-8.
Bytes encode_frame(const nlohmann::json& message, std::size_t max_frame_bytes = kMaxFrameBytes);

/// Incremental frame decoder for one byte stream.
///
/// feed() takes bytes as they arrive (any split); pop() returns complete frames in order. The
/// first malformed frame poisons the decoder: frames complete before it are still returned, then
/// pop() throws its FrameError, and keeps throwing it; later bytes are discarded. A stream should
/// be closed once pop() has thrown. Only the frame being assembled is buffered (at most
/// kFrameHeaderBytes + max_frame_bytes), besides the decoded frames not yet popped.
class FrameDecoder {
 public:
  /// max_frame_bytes: largest accepted body (default kMaxFrameBytes; tests use small limits).
  explicit FrameDecoder(std::size_t max_frame_bytes = kMaxFrameBytes);

  /// Appends received bytes and decodes every frame they complete. Never throws FrameError
  /// (errors are reported by pop()); an oversized length prefix is detected here, as soon as the
  /// 4 prefix bytes are in, and the body that follows is never buffered.
  void feed(std::span<const std::uint8_t> bytes);

  /// The next complete frame (a validated JSON object), or std::nullopt if none is complete yet.
  /// Throws FrameError once the frames before a malformed one have been popped.
  std::optional<nlohmann::json> pop();

  /// True once a malformed frame was seen (even if earlier good frames are still queued).
  [[nodiscard]] bool failed() const noexcept { return error_.has_value(); }

  /// Bytes of an incomplete frame held in the buffer (prefix included).
  [[nodiscard]] std::size_t buffered_bytes() const noexcept { return buffer_.size(); }

  /// The configured body limit.
  [[nodiscard]] std::size_t max_frame_bytes() const noexcept { return max_frame_bytes_; }

 private:
  void decode_available();

  std::size_t max_frame_bytes_;
  Bytes buffer_;                        // bytes of the frame being assembled
  std::deque<nlohmann::json> ready_;    // decoded, not yet popped
  std::optional<FrameError> error_;     // first malformed frame, reported after ready_ drains
};

/// Standard base64 (RFC 4648 §4, with padding) of `bytes`, via libsodium's sodium_bin2base64.
/// Binary fields in frames (CPace messages, tags, …) use this encoding.
std::string base64_encode(std::span<const std::uint8_t> bytes);

/// Decodes standard base64 (RFC 4648 §4, padding required, no whitespace) via
/// sodium_base642bin. std::nullopt if `text` is not exactly such an encoding.
std::optional<Bytes> base64_decode(std::string_view text);

}  // namespace renkei::net
