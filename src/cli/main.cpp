// renkei-cli: the headless Renkei peer and tools (protocol/CLI.md).
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/peer_command.hpp"
#include "cli/tools.hpp"
#include "session/session.hpp"

namespace {

constexpr const char* kUsage = R"(usage:
  renkei-cli host --db FILE --template KIND [--listen ADDR:PORT] [--name NAME]
                  [--organization ORG] [--profession JOB] [--meeting JSON] [--previous FILE]
                  [--identity DIR] [--auto-admit [--auto-admit-audience general|professional]]
                  [--no-announce] [--interface ADDR] [--all-events] [--trace-frames FILE]
  renkei-cli join --db FILE (--address ADDR:PORT | --discover) --code CODE [--name NAME]
                  [--listen ADDR:PORT] [--identity DIR] [--timeout MS] [--interface ADDR]
                  [--all-events] [--trace-frames FILE]
  renkei-cli export FILE --out PATH [--format md|html|pdf|json] [--audience full|attendees]
  renkei-cli demo --out DIR
  renkei-cli replay-trace FILE.json.gz
  renkei-cli inspect FILE
host and join read JSON commands on stdin, one per line, and answer on stdout (protocol/CLI.md).
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 1 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "host") return renkei::cli::run_host(args);
    if (command == "join") return renkei::cli::run_join(args);
    if (command == "export") return renkei::cli::run_export(args);
    if (command == "replay-trace") return renkei::cli::run_replay_trace(args);
    if (command == "inspect") return renkei::cli::run_inspect(args);
    if (command == "demo") return renkei::cli::run_demo(args, "/proc/self/exe");
    std::cerr << "renkei-cli: unknown command '" << command << "'\n" << kUsage;
    return 1;
  } catch (const renkei::cli::UsageError& e) {
    std::cerr << "renkei-cli " << command << ": " << e.what() << "\n" << kUsage;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "renkei-cli " << command << ": " << e.what() << "\n";
    return 1;
  }
}
