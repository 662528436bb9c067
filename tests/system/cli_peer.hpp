// Shared helpers of the system tests: renkei-cli peers as child processes driven through their
// JSON-lines interface (protocol/CLI.md), per-test temporary directories, one-shot commands.
// The tests link only renkei_tools; everything they know of the product comes through the
// renkei-cli binary (RENKEI_CLI_PATH).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/child_process.hpp"

namespace renkei::system_test {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Millis = std::chrono::milliseconds;

/// The renkei-cli binary under test (this build tree's, from the RENKEI_CLI_PATH definition).
std::string cli_program();

/// A fresh directory /tmp/renkei-system-XXXXXX (mkdtemp), removed with its contents when the
/// object is destroyed — also when the test fails (Catch2 unwinds by exception).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  /// path() / name.
  [[nodiscard]] fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// What a program run to completion did.
struct CommandResult {
  int status = -1;   ///< exit status (128 + signal if killed)
  std::string out;   ///< everything it wrote on stdout
  std::string err;   ///< everything it wrote on stderr
};

/// Runs argv with stdin closed and waits for it to exit, gathering stdout and stderr (stderr
/// through a file in `scratch`). Kills it and throws std::runtime_error after `timeout`.
CommandResult run_command(const std::vector<std::string>& argv, const fs::path& scratch, Millis timeout = 120s);

/// The JSON objects among the lines of `text` (other lines are skipped).
std::vector<json> json_lines(const std::string& text);

/// Where one peer keeps its files inside a test directory: `<dir>/<label>.renkei`, its own
/// TLS identity `<dir>/identities/<label>` (never the shared per-user default, which would make
/// two peers one device) and its stderr in `<dir>/<label>.log`.
struct PeerFiles {
  PeerFiles(const fs::path& dir, const std::string& label);
  fs::path db, identity, log;
};

/// One renkei-cli host/join process and a request/reply conversation with it. Events printed
/// while waiting are kept in arrival order: expect_event() takes the first of a kind, whether
/// it came before or after the call, and events() lists every event seen.
class CliPeer {
 public:
  /// Starts `prefix + [renkei-cli] + args` (prefix: e.g. {"ip","netns","exec",NS}); stderr is
  /// appended to `log`.
  CliPeer(std::string label, const std::vector<std::string>& args, fs::path log,
          const std::vector<std::string>& prefix = {});

  /// `renkei-cli host` for peer `label` in `dir` (PeerFiles) with the service_coordination
  /// template, named `name`, plus `extra` options. Does not wait for the hosting line.
  static std::unique_ptr<CliPeer> host(const fs::path& dir, const std::string& label, const std::string& name,
                                       const std::vector<std::string>& extra,
                                       const std::vector<std::string>& prefix = {});
  /// `renkei-cli join --address ADDRESS --code CODE --listen 127.0.0.1:0` for peer `label` in
  /// `dir`, named `name`, plus `extra`. With an empty address, `extra` must say how to find the
  /// chair (--discover) and where to listen.
  static std::unique_ptr<CliPeer> join(const fs::path& dir, const std::string& label, const std::string& name,
                                       const std::string& address, const std::string& code,
                                       const std::vector<std::string>& extra = {},
                                       const std::vector<std::string>& prefix = {});

  /// The first unclaimed event of `kind` (waiting up to `timeout`). Throws std::runtime_error
  /// on timeout, when the process exits first, or when a join_failed arrives instead.
  json expect_event(const std::string& kind, Millis timeout = 30s);
  /// Whether an event of `kind` has been seen so far (claimed or not).
  [[nodiscard]] bool saw_event(const std::string& kind) const;
  /// Every event seen so far, in order.
  [[nodiscard]] const std::vector<json>& events() const { return history_; }

  /// Sends a command (a "req" number is added) and returns its answer, ok or not. Throws
  /// std::runtime_error when no answer comes within `timeout` or the process exits.
  json call(json cmd, Millis timeout = 60s);
  /// call(), but throws unless the answer is ok (the message names the command and the error).
  json request(json cmd, Millis timeout = 60s);
  /// An edit (core/edit.hpp); returns its reply ({"id": …} for add).
  json edit(json cmd) { return request(std::move(cmd))["reply"]; }
  /// The state hash.
  std::string hash();
  /// The meeting as JSON (`state`).
  json state();
  /// `wait_hash`: true once this peer's state hash is `hash`, false after `timeout`.
  bool wait_hash(const std::string& hash, Millis timeout = 30s);
  /// `wait_peers`: true once at least `count` peers are connected, false after `timeout`.
  bool wait_peers(std::size_t count, Millis timeout = 30s);

  /// `quit`, end of input, and the exit status.
  int quit();
  /// SIGKILL, and the exit status (137).
  int kill();
  /// Reads the rest of its output (keeping events) and returns the exit status once it has
  /// exited, or std::nullopt if it is still running after `timeout`.
  std::optional<int> wait_exit(Millis timeout = 30s);
  /// What it wrote on stderr so far.
  [[nodiscard]] std::string stderr_text() const;
  [[nodiscard]] const std::string& label() const { return label_; }

 private:
  // The next JSON line before `deadline`; std::nullopt on timeout; throws if the process exited.
  std::optional<json> next_line(std::chrono::steady_clock::time_point deadline);
  [[noreturn]] void fail(const std::string& what) const;

  std::string label_;
  fs::path log_;
  tools::ChildProcess child_;
  std::deque<json> pending_;   // events not yet claimed by expect_event
  std::vector<json> history_;  // every event
  int next_req_ = 0;
};

/// Waits, after the edits have stopped, until every peer holds the same state: takes one peer's
/// hash (each peer in turn) and waits for the others to reach it, until a round ends with all
/// equal. Returns the common hash; throws std::runtime_error listing each peer's hash if they
/// do not agree within `timeout`.
std::string converge(const std::vector<CliPeer*>& peers, Millis timeout = 60s);

/// Two peers type into the same text field at once, word by word: each word goes right after
/// that peer's previous word (its caret), the first at code-point position `start`, while the
/// other peer's words arrive concurrently. Returns nothing; check the text once converged.
void type_together(CliPeer& a, const std::vector<std::string>& words_a, CliPeer& b,
                   const std::vector<std::string>& words_b, const std::string& item,
                   const std::string& field = "notes", std::size_t start = 0);

/// Whether `words` occur in `text` in this order (not necessarily next to each other).
bool in_order(const std::string& text, const std::vector<std::string>& words);

/// The agenda item of a `state` whose title contains `words`, or the first item.
json agenda_item(const json& state, const std::string& words = "");

}  // namespace renkei::system_test
