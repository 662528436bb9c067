// Helpers shared by the src/net tests: run an io_context until a condition or a deadline, and
// a log capture. (Throw-away TLS identities: tls_test_support.hpp.)
#pragma once

#include <utility>  // before Boost.Asio (DESIGN.md, Conventions)

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "net/net_log.hpp"

namespace renkei::net::test {

using namespace std::chrono_literals;

/// Runs `io` one handler at a time until `done()` holds or `timeout` passes. Returns done().
/// Returns early (with done()) if the context runs out of work, since nothing could change then.
template <typename Predicate>
bool run_until(boost::asio::io_context& io, Predicate done, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    if (io.stopped()) io.restart();
    if (io.run_one_for(deadline - now) == 0 && io.stopped()) return done();
  }
  return true;
}

/// Runs `io` for `duration` of wall-clock time, handling whatever arrives (used only to show
/// that something does NOT happen within a bound, never to wait for something to happen).
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  for (auto now = std::chrono::steady_clock::now(); now < deadline; now = std::chrono::steady_clock::now()) {
    if (io.stopped()) io.restart();
    if (io.run_one_for(deadline - now) == 0 && io.stopped()) return;
  }
}

/// Collects every log line while alive (restores the previous sink afterwards).
class LogCapture {
 public:
  LogCapture() {
    previous_ = set_log_sink([this](LogLevel, std::string_view message) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(message);
    });
  }
  ~LogCapture() { set_log_sink(std::move(previous_)); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  /// True if some line contains `needle`.
  bool contains(std::string_view needle) const {
    std::lock_guard lock(mutex_);
    for (const auto& line : lines_) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  LogSink previous_;
};

}  // namespace renkei::net::test
