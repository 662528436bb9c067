// Shared pieces of renkei-bench: measurements print one JSON object per line.
#pragma once

#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace renkei::bench {

/// Peak resident set size of this process so far, in MiB (getrusage ru_maxrss, Linux: KiB).
inline double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// Resets the peak-RSS high-water mark (Linux ≥ 4.0: writing 5 to /proc/self/clear_refs), so
/// that peak_rss_since_reset_mib() measures one phase (e.g. a replay, not the file parsing).
inline void reset_peak_rss() {
  if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}

/// VmHWM from /proc/self/status, in MiB: the peak resident set since the last reset.
inline double peak_rss_since_reset_mib() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return peak_rss_mib();
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %lf kB", &kib) == 1) break;
  std::fclose(f);
  return kib / 1024.0;
}

/// Milliseconds since `start`.
inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// The q-quantile (0…1) of samples, nearest-rank.
inline double quantile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(q * static_cast<double>(samples.size()) + 0.999999);
  return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

inline double round2(double v) { return static_cast<double>(static_cast<long long>(v * 100 + 0.5)) / 100; }

// Each measurement (one per file) prints its result lines.
int bench_trace(const std::vector<std::string>& args);
int bench_propagation(const std::vector<std::string>& args);
int bench_late_join(const std::vector<std::string>& args);
int bench_store(const std::vector<std::string>& args);

}  // namespace renkei::bench
