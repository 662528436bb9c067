#include "net/frame.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <sodium.h>

#include "net/net_log.hpp"

namespace renkei::net {
namespace {

using json = nlohmann::json;

std::uint32_t read_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

FrameError oversized(std::size_t length, std::size_t limit) {
  return FrameError(FrameErrorKind::oversized, "frame of " + std::to_string(length) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(limit) + " bytes");
}

/// The JSON parser's message made fit for a log line. It names the position, the token class and
/// the bytes of the token read so far ("…; last read: '<token>'"), which may be anything the
/// peer sent, up to the whole body (a long string with one bad byte at its end): only the last
/// kLastReadBytes bytes of the token are kept, after "…", and the result is escaped
/// (escape_for_log), so that the reason is short, well-formed UTF-8 wherever it goes (the log,
/// the close reason, a front end's event).
std::string parse_error_reason(std::string message) {
  constexpr std::string_view kLastRead = "last read: '";
  constexpr std::size_t kLastReadBytes = 32;
  const auto start = message.find(kLastRead);
  if (start != std::string::npos && message.size() >= start + kLastRead.size() + 1 && message.back() == '\'') {
    const std::size_t from = start + kLastRead.size();
    const std::size_t token_bytes = message.size() - 1 - from;
    if (token_bytes > kLastReadBytes)
      message.replace(from, token_bytes - kLastReadBytes, "…");
  }
  return escape_for_log(message);
}

/// Parses one body. Nesting is bounded through the parser callback, which sees each container
/// before its contents are parsed (depth = the number of enclosing containers).
json parse_body(std::span<const std::uint8_t> body) {
  struct TooDeep {};
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        static_cast<std::size_t>(depth) + 1 > kMaxFrameDepth) {
      throw TooDeep{};
    }
    return true;
  };
  json value;
  try {
    value = json::parse(body.begin(), body.end(), limit_depth);
  } catch (const TooDeep&) {
    throw FrameError(FrameErrorKind::invalid_json,
                     "invalid JSON: nesting deeper than " + std::to_string(kMaxFrameDepth) + " levels");
  } catch (const json::parse_error& e) {
    throw FrameError(FrameErrorKind::invalid_json, "invalid JSON: " + parse_error_reason(e.what()));
  }
  validate_frame_body(value);
  return value;
}

}  // namespace

std::string_view to_string(FrameErrorKind kind) {
  switch (kind) {
    case FrameErrorKind::oversized: return "oversized";
    case FrameErrorKind::invalid_json: return "invalid_json";
    case FrameErrorKind::not_an_object: return "not_an_object";
    case FrameErrorKind::missing_version: return "missing_version";
    case FrameErrorKind::unsupported_version: return "unsupported_version";
    case FrameErrorKind::missing_type: return "missing_type";
  }
  return "unknown";
}

FrameError::FrameError(FrameErrorKind kind, const std::string& reason)
    : std::runtime_error(reason), kind_(kind) {}

void validate_frame_body(const json& message) {
  if (!message.is_object()) {
    throw FrameError(FrameErrorKind::not_an_object,
                     std::string("frame body is a JSON ") + message.type_name() + ", not an object");
  }
  const auto v = message.find("v");
  if (v == message.end()) {
    throw FrameError(FrameErrorKind::missing_version, "frame has no protocol version \"v\"");
  }
  if (!v->is_number_integer() || v->get<std::int64_t>() != kProtocolVersion) {
    const std::string shown = v->is_number_integer() ? v->dump() : std::string("a ") + v->type_name();
    throw FrameError(FrameErrorKind::unsupported_version,
                     "unsupported protocol version " + shown + " (this peer speaks " +
                         std::to_string(kProtocolVersion) + ")");
  }
  const auto type = message.find("type");
  if (type == message.end()) {
    throw FrameError(FrameErrorKind::missing_type, "frame has no \"type\"");
  }
  if (!type->is_string() || type->get_ref<const std::string&>().empty()) {
    throw FrameError(FrameErrorKind::missing_type, "frame \"type\" is not a non-empty string");
  }
}

Bytes encode_frame(const json& message, std::size_t max_frame_bytes) {
  std::string body;
  if (message.is_object() && !message.contains("v")) {
    json with_version = message;
    with_version["v"] = kProtocolVersion;
    validate_frame_body(with_version);
    body = with_version.dump();
  } else {
    validate_frame_body(message);
    body = message.dump();
  }
  if (body.size() > max_frame_bytes) throw oversized(body.size(), max_frame_bytes);
  const auto length = static_cast<std::uint32_t>(body.size());
  Bytes frame;
  frame.reserve(kFrameHeaderBytes + body.size());
  frame.push_back(static_cast<std::uint8_t>(length >> 24));
  frame.push_back(static_cast<std::uint8_t>(length >> 16));
  frame.push_back(static_cast<std::uint8_t>(length >> 8));
  frame.push_back(static_cast<std::uint8_t>(length));
  frame.insert(frame.end(), body.begin(), body.end());
  return frame;
}

FrameDecoder::FrameDecoder(std::size_t max_frame_bytes) : max_frame_bytes_(max_frame_bytes) {}

void FrameDecoder::feed(std::span<const std::uint8_t> bytes) {
  // buffer_ only ever holds the frame being assembled: the prefix is completed first and checked,
  // then exactly the body's bytes are taken, so nothing beyond one frame is buffered.
  while (!bytes.empty() && !error_) {
    if (buffer_.size() < kFrameHeaderBytes) {
      const std::size_t take = std::min(kFrameHeaderBytes - buffer_.size(), bytes.size());
      buffer_.insert(buffer_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
      bytes = bytes.subspan(take);
      if (buffer_.size() < kFrameHeaderBytes) return;
      const std::size_t length = read_be32(buffer_.data());
      if (length > max_frame_bytes_) {
        error_ = oversized(length, max_frame_bytes_);
        Bytes().swap(buffer_);
        return;
      }
    }
    const std::size_t total = kFrameHeaderBytes + read_be32(buffer_.data());
    const std::size_t take = std::min(total - buffer_.size(), bytes.size());
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
    bytes = bytes.subspan(take);
    if (buffer_.size() < total) return;
    try {
      ready_.push_back(parse_body(std::span(buffer_).subspan(kFrameHeaderBytes)));
      buffer_.clear();
    } catch (const FrameError& e) {
      error_ = e;
      Bytes().swap(buffer_);
    }
  }
}

std::optional<json> FrameDecoder::pop() {
  if (!ready_.empty()) {
    json frame = std::move(ready_.front());
    ready_.pop_front();
    return frame;
  }
  if (error_) throw *error_;
  return std::nullopt;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  text.resize(text.size() - 1);  // the encoded length counts the terminating NUL
  return text;
}

std::optional<Bytes> base64_decode(std::string_view text) {
  Bytes bytes(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                        &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  bytes.resize(length);
  return bytes;
}

}  // namespace renkei::net
