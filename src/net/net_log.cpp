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

}  // namespace

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
    if (sink) {
      sink(level, message);
    } else {
      default_sink(level, message);
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
