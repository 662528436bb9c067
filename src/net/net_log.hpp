// Logging for src/net: one process-wide sink that the front end (session, cli, gui) or a test
// replaces. The transport logs why connections close, why datagrams were ignored, and so on;
// it never logs key material, join codes or document content.
#pragma once

#include <functional>
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

/// Sends one line to the current sink. Thread-safe; never throws.
void net_log(LogLevel level, std::string_view message);

/// "debug", "info", "warning" or "error".
std::string_view to_string(LogLevel level);

}  // namespace renkei::net
