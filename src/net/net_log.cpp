#include "net/net_log.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace renkei::net {
namespace {

std::mutex& sink_mutex() {
  static std::mutex mutex;
  return mutex;
}

LogSink& current_sink() {
  static LogSink sink;
  return sink;
}

void default_sink(LogLevel level, std::string_view message) {
  static const bool debug_enabled = std::getenv("RENKEI_NET_DEBUG") != nullptr;
  if (level == LogLevel::debug && !debug_enabled) return;
  const auto name = to_string(level);
  std::fprintf(stderr, "renkei.net %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
               static_cast<int>(message.size()), message.data());
}

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629 §4), or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, char32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(k);
    if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return 0;
    code_point = (code_point << 6) | (b & 0x3F);
  }
  return length;
}

// Well-formed, but would break the line or reorder it on screen: C1 controls, the line and
// paragraph separators, the bidirectional embedding, override and isolate controls.
bool escaped_code_point(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string escape_for_log(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = c >= 0x80 ? utf8_sequence_length(text, i, code_point) : 0;
    if (length == 0) {  // a control character, DEL, or a byte of no well-formed sequence
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
    } else if (escaped_code_point(code_point)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> shift) & 15];
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

LogSink set_log_sink(LogSink sink) {
  std::lock_guard lock(sink_mutex());
  return std::exchange(current_sink(), std::move(sink));
}

void net_log(LogLevel level, std::string_view message) {
  LogSink sink;
  {
    std::lock_guard lock(sink_mutex());
    sink = current_sink();
  }
  try {
    const std::string line = escape_for_log(message);
    if (sink) {
      sink(level, line);
    } else {
      default_sink(level, line);
    }
  } catch (...) {
    // A logging failure must never take a connection down.
  }
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "unknown";
}

}  // namespace renkei::net
