// Logging for src/net: one process-wide sink that the front end (session, cli, gui) or a test
// replaces. The transport logs why connections close, why datagrams were ignored, and so on;
// it never logs key material, join codes or document content.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace renkei::net {

/// Severity of a log line. `debug` is for per-datagram / per-frame noise (off by default).
enum class LogLevel { debug, info, warning, error };

/// Receives one log line (UTF-8, no trailing newline). Called on whatever thread logs (for the
/// transport: the io_context's thread); must not throw.
using LogSink = std::function<void(LogLevel level, std::string_view message)>;

/// Replaces the process-wide sink and returns the previous one. An empty sink restores the
/// default, which writes `info` and above to stderr as "renkei.net <level>: <message>"
/// (and `debug` too when the environment variable RENKEI_NET_DEBUG is set). Thread-safe.
LogSink set_log_sink(LogSink sink);

/// Sends one line to the current sink, after escape_for_log(message), so every sink receives
/// well-formed UTF-8 without control characters whatever bytes the message held (e.g. a
/// hostile peer's bytes quoted in a parse error). Thread-safe; never throws.
void net_log(LogLevel level, std::string_view message);

/// `text` made safe for one log line: well-formed UTF-8 (RFC 3629) is kept as it is, Japanese
/// included, except for control characters; each byte that is not part of a well-formed UTF-8
/// sequence (a stray continuation byte, an overlong form, a surrogate, a code point above
/// U+10FFFF, a truncated sequence) and each C0 control or DEL becomes "\xHH" (two upper-case
/// hex digits, e.g. "\xFF", "\x0A" for a line break); C1 controls (U+0080..U+009F), the line
/// and paragraph separators U+2028/U+2029 and the bidirectional controls U+202A..U+202E,
/// U+2066..U+2069 become "\uXXXX". Backslashes are kept as they are (the result is for reading,
/// not for decoding back). The result is always well-formed UTF-8. Never throws except
/// std::bad_alloc.
std::string escape_for_log(std::string_view text);

/// "debug", "info", "warning" or "error".
std::string_view to_string(LogLevel level);

}  // namespace renkei::net
