// A child process with its stdin and stdout as pipes, for driving renkei-cli peers as separate
// processes (renkei-cli demo, multi-process tests). POSIX only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace renkei::tools {

class ChildProcess {
 public:
  /// Starts argv[0] (a path, or a name looked up in PATH) with the given arguments; stdin and
  /// stdout are pipes to this process; stderr goes to `stderr_file` (appended) or is inherited
  /// when empty. Throws std::runtime_error if the program cannot be started.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& stderr_file = {});
  /// Kills the child (SIGKILL) if it is still running, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Writes one line (a newline is appended). Throws std::runtime_error if the child has gone.
  void write_line(const std::string& line);
  /// Closes the child's stdin (it sees end of file).
  void close_stdin();
  /// The next line of the child's stdout (without the newline), waiting at most `timeout`;
  /// std::nullopt on timeout or end of file (then eof() is true).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  [[nodiscard]] bool eof() const { return eof_; }
  /// Sends a signal (e.g. SIGKILL, SIGTERM).
  void signal(int sig);
  /// Waits for the child to exit and returns its exit status (128 + signal number if killed).
  int wait();
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1;   // our end of the child's stdin
  int out_ = -1;  // our end of the child's stdout
  std::string buffer_;
  bool eof_ = false;
  std::optional<int> status_;
};

}  // namespace renkei::tools
