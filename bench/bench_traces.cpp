// Editing-trace replay: time spent applying patches and peak memory, per trace.
#include <malloc.h>

#include <iostream>

#include "bench.hpp"
#include "cli/gzip_file.hpp"
#include "core/editing_trace.hpp"

namespace renkei::bench {

int bench_trace(const std::vector<std::string>& args) {
  const std::string name = args.at(0);
  const int runs = args.size() > 1 ? std::stoi(args[1]) : 5;
  const auto trace = core::parse_editing_trace(nlohmann::json::parse(
      tools::read_gzip_file(std::string(RENKEI_BENCH_SHARED_DIR) + "/data/editing-traces/" + name + ".json.gz")));
  malloc_trim(0);   // give the parsed JSON back to the system before measuring the replay
  reset_peak_rss();
  const double rss_before = peak_rss_since_reset_mib();
  std::vector<double> times;
  bool matches = true;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto text = trace.concurrent() ? core::replay_concurrent(trace) : core::replay_sequential(trace);
    times.push_back(ms_since(start));
    matches &= text == trace.end_content;
  }
  std::cout << nlohmann::json{{"bench", "trace"}, {"trace", name}, {"patches", trace.patch_count()},
                              {"runs", runs}, {"ms_median", round2(quantile(times, 0.5))},
                              {"ms_min", round2(*std::min_element(times.begin(), times.end()))},
                              {"replay_peak_rss_mib", round2(peak_rss_since_reset_mib())},
                              {"rss_before_replay_mib", round2(rss_before)}, {"matches", matches}}
                   .dump()
            << std::endl;
  return matches ? 0 : 1;
}

}  // namespace renkei::bench
