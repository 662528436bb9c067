// The replica file: size on disk and time to reopen a long meeting.
#include <iostream>

#include "bench.hpp"
#include "bench_meeting.hpp"

namespace renkei::bench {

int bench_store(const std::vector<std::string>& args) {
  const std::size_t ops = std::stoul(args.at(0));
  std::string pattern = (std::filesystem::temp_directory_path() / "renkei-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path dir = pattern, path = dir / "meeting.renkei";
  make_long_meeting(path, ops);
  std::uintmax_t bytes = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) bytes += f.file_size();
  std::size_t rows = 0;
  {
    auto file = store::ReplicaFile::open(path);
    rows = file->op_count();
  }
  std::vector<double> open_ms;
  std::string hash;
  double rss = 0;
  for (int run = 0; run < 5; ++run) {
    reset_peak_rss();
    const auto start = std::chrono::steady_clock::now();
    auto s = session::Session::open_local(path, {});
    auto state = s->state();  // the meeting is on screen
    open_ms.push_back(ms_since(start));
    rss = std::max(rss, peak_rss_since_reset_mib());
    hash = s->state_hash();
    s->stop();
  }
  std::cout << nlohmann::json{{"bench", "store"}, {"ops", ops}, {"stored_rows", rows}, {"file_bytes", bytes},
                              {"reopen_ms_median", round2(quantile(open_ms, 0.5))},
                              {"reopen_ms_min", round2(*std::min_element(open_ms.begin(), open_ms.end()))},
                              {"open_peak_rss_mib", round2(rss)}}
                   .dump()
            << std::endl;
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace renkei::bench
