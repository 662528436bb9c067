// renkei-bench: the figures the README quotes, as JSON lines.
//   renkei-bench all                     every measurement, each in its own process
//   renkei-bench trace NAME [RUNS]       editing-trace replay (ms, replay peak RSS)
//   renkei-bench propagation N [EDITS]   edit → all N peers applied, loopback TLS + store (p50/p99 ms)
//   renkei-bench late-join OPS           a new peer catching up on a meeting of OPS operations
//   renkei-bench store OPS               replica file size and reopen time for OPS operations
#include <iostream>

#include "bench.hpp"
#include "cli/child_process.hpp"
#include "net/net_log.hpp"

namespace {

int run_all(const std::string& self) {
  std::vector<std::vector<std::string>> runs{
      {"trace", "automerge-paper"}, {"trace", "sveltecomponent"}, {"trace", "friendsforever"},
      {"propagation", "2"},         {"propagation", "5"},         {"propagation", "10"},
      {"propagation", "20"},        {"late-join", "50000"},       {"store", "50000"}};
  int status = 0;
  for (auto& r : runs) {
    r.insert(r.begin(), self);
    renkei::tools::ChildProcess child(r);
    child.close_stdin();
    while (auto line = child.read_line(std::chrono::minutes(10))) std::cout << *line << std::endl;
    status |= child.wait();
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: renkei-bench all | trace NAME [RUNS] | propagation N [EDITS] | late-join OPS | store OPS\n";
    return 1;
  }
  const std::string what = args[0];
  // Connection logs would drown the figures; warnings and errors still show.
  renkei::net::set_log_sink([](renkei::net::LogLevel level, std::string_view message) {
    if (level >= renkei::net::LogLevel::warning) std::cerr << message << "\n";
  });
  args.erase(args.begin());
  try {
    if (what == "all") return run_all("/proc/self/exe");
    if (what == "trace") return renkei::bench::bench_trace(args);
    if (what == "propagation") return renkei::bench::bench_propagation(args);
    if (what == "late-join") return renkei::bench::bench_late_join(args);
    if (what == "store") return renkei::bench::bench_store(args);
  } catch (const std::exception& e) {
    std::cerr << "renkei-bench " << what << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "renkei-bench: unknown measurement " << what << "\n";
  return 1;
}
