// renkei-cli host / join: a headless peer driven by JSON lines on stdin, answering JSON lines on
// stdout (protocol/CLI.md).
#pragma once

#include <string>
#include <vector>

namespace renkei::cli {

/// `renkei-cli host --db FILE --template KIND [--listen ADDR:PORT] [--name NAME] …`.
/// Returns the process exit status.
int run_host(const std::vector<std::string>& argv);

/// `renkei-cli join --db FILE (--address ADDR:PORT | --discover) --code CODE [--name NAME] …`.
/// Exits 2 when the join fails (after a {"event":"join_failed",…} line and a message on stderr).
int run_join(const std::vector<std::string>& argv);

}  // namespace renkei::cli
