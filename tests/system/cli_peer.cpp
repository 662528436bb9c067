#include "cli_peer.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace renkei::system_test {
namespace {

using Clock = std::chrono::steady_clock;

// Writing to a peer that has died must be an error we can report, not a SIGPIPE that ends the
// whole test run.
const bool sigpipe_ignored = [] {
  ::signal(SIGPIPE, SIG_IGN);
  return true;
}();

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Millis left_until(Clock::time_point deadline) {
  return std::max(std::chrono::duration_cast<Millis>(deadline - Clock::now()), 0ms);
}

}  // namespace

std::string cli_program() { return RENKEI_CLI_PATH; }

// --- TempDir ---------------------------------------------------------------------------------

TempDir::TempDir() {
  std::string pattern = "/tmp/renkei-system-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  // RENKEI_KEEP_TEST_DIRS=1 keeps the peers' files and logs for a post-mortem.
  if (const char* keep = std::getenv("RENKEI_KEEP_TEST_DIRS"); keep && *keep == '1') return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// --- one-shot commands -----------------------------------------------------------------------

CommandResult run_command(const std::vector<std::string>& argv, const fs::path& scratch, Millis timeout) {
  static std::atomic<int> counter{0};
  const fs::path err = scratch / ("command-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".err");
  CommandResult result;
  {
    tools::ChildProcess child(argv, err);
    child.close_stdin();
    const auto deadline = Clock::now() + timeout;
    while (!child.eof()) {
      auto line = child.read_line(left_until(deadline));
      if (line) {
        result.out += *line + "\n";
        continue;
      }
      if (child.eof()) break;
      child.signal(SIGKILL);
      child.wait();
      throw std::runtime_error("'" + argv.front() + (argv.size() > 1 ? " " + argv[1] : "") + "' did not finish within " +
                               std::to_string(timeout.count()) + " ms");
    }
    result.status = child.wait();
  }
  result.err = read_text(err);
  std::error_code ec;
  fs::remove(err, ec);
  return result;
}

std::vector<json> json_lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

// --- CliPeer ---------------------------------------------------------------------------------

PeerFiles::PeerFiles(const fs::path& dir, const std::string& label)
    : db(dir / (label + ".renkei")), identity(dir / "identities" / label), log(dir / (label + ".log")) {}

static std::vector<std::string> with_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& args) {
  std::vector<std::string> argv = prefix;
  argv.push_back(cli_program());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

CliPeer::CliPeer(std::string label, const std::vector<std::string>& args, fs::path log,
                 const std::vector<std::string>& prefix)
    : label_(std::move(label)), log_(std::move(log)), child_(with_prefix(prefix, args), log_) {}

std::unique_ptr<CliPeer> CliPeer::host(const fs::path& dir, const std::string& label, const std::string& name,
                                       const std::vector<std::string>& extra, const std::vector<std::string>& prefix) {
  const PeerFiles f(dir, label);
  std::vector<std::string> args{"host", "--db", f.db.string(), "--template", "service_coordination",
                                "--name", name, "--identity", f.identity.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<CliPeer>(label, args, f.log, prefix);
}

std::unique_ptr<CliPeer> CliPeer::join(const fs::path& dir, const std::string& label, const std::string& name,
                                       const std::string& address, const std::string& code,
                                       const std::vector<std::string>& extra, const std::vector<std::string>& prefix) {
  const PeerFiles f(dir, label);
  std::vector<std::string> args{"join", "--db", f.db.string(), "--code", code, "--name", name,
                                "--identity", f.identity.string()};
  if (!address.empty()) args.insert(args.end(), {"--address", address, "--listen", "127.0.0.1:0"});
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<CliPeer>(label, args, f.log, prefix);
}

void CliPeer::fail(const std::string& what) const {
  std::string log = stderr_text();
  if (log.size() > 2000) log = "…" + log.substr(log.size() - 2000);
  throw std::runtime_error(label_ + ": " + what + (log.empty() ? "" : "\n--- " + label_ + " stderr ---\n" + log));
}

std::optional<json> CliPeer::next_line(Clock::time_point deadline) {
  for (;;) {
    auto line = child_.read_line(left_until(deadline));
    if (!line) return std::nullopt;  // timeout, or end of output: the caller looks at eof()
    auto j = json::parse(*line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;  // not a JSON line
    if (j.contains("event")) history_.push_back(j);
    return j;
  }
}

json CliPeer::expect_event(const std::string& kind, Millis timeout) {
  auto failed = [&](const json& e) {
    fail("expected the event " + kind + " but the join failed: " + e.dump());
  };
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if ((*it)["event"] == kind) {
      json e = *it;
      pending_.erase(it);
      return e;
    }
    if ((*it)["event"] == "join_failed") failed(*it);
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto line = next_line(deadline);
    if (!line) fail(child_.eof() ? "exited while waiting for the event " + kind
                                 : "no event " + kind + " within " + std::to_string(timeout.count()) + " ms");
    if (!line->contains("event")) continue;
    if ((*line)["event"] == kind) return *line;
    if ((*line)["event"] == "join_failed") failed(*line);
    pending_.push_back(*line);
  }
}

bool CliPeer::saw_event(const std::string& kind) const {
  return std::any_of(history_.begin(), history_.end(), [&](const json& e) { return e["event"] == kind; });
}

json CliPeer::call(json cmd, Millis timeout) {
  const int req = ++next_req_;
  cmd["req"] = req;
  try {
    child_.write_line(cmd.dump());
  } catch (const std::exception& e) {
    fail("cannot send " + cmd.dump() + ": " + e.what());
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto line = next_line(deadline);
    if (!line) fail((child_.eof() ? "exited before answering " : "no answer within " + std::to_string(timeout.count()) +
                                                                     " ms to ") + cmd.dump());
    if (line->contains("event")) {
      pending_.push_back(*line);
      continue;
    }
    if (line->value("req", 0) == req) return *line;
  }
}

json CliPeer::request(json cmd, Millis timeout) {
  const std::string text = cmd.dump();
  json answer = call(std::move(cmd), timeout);
  if (!answer.value("ok", false)) fail(text + " → " + answer.dump());
  return answer;
}

std::string CliPeer::hash() { return request({{"cmd", "hash"}})["hash"]; }

json CliPeer::state() { return request({{"cmd", "state"}})["state"]; }

bool CliPeer::wait_hash(const std::string& hash, Millis timeout) {
  return call({{"cmd", "wait_hash"}, {"hash", hash}, {"timeout_ms", timeout.count()}}, timeout + 30s).value("ok", false);
}

bool CliPeer::wait_peers(std::size_t count, Millis timeout) {
  return call({{"cmd", "wait_peers"}, {"count", count}, {"timeout_ms", timeout.count()}}, timeout + 30s)
      .value("ok", false);
}

int CliPeer::quit() {
  request({{"cmd", "quit"}});
  child_.close_stdin();
  auto status = wait_exit(20s);
  if (!status) fail("still running 20 s after quit");
  return *status;
}

int CliPeer::kill() {
  child_.signal(SIGKILL);
  return child_.wait();
}

std::optional<int> CliPeer::wait_exit(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto line = next_line(deadline);
    if (line) {
      if (line->contains("event")) pending_.push_back(*line);
      continue;
    }
    if (!child_.eof()) return std::nullopt;
    return child_.wait();
  }
}

std::string CliPeer::stderr_text() const { return read_text(log_); }

// --- several peers ---------------------------------------------------------------------------

std::string converge(const std::vector<CliPeer*>& peers, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  Millis patience = 250ms;
  for (std::size_t round = 0;; ++round) {
    // The leader sampled at the start of a round may itself still lack ops (the last edits are
    // in flight): each peer leads in turn, and each round waits twice as long as the last.
    CliPeer& leader = *peers[round % peers.size()];
    if (round > 0) patience = std::min<Millis>(patience * 2, 10s);
    const std::string hash = leader.hash();
    bool all = true;
    for (auto* p : peers)
      if (p != &leader && !(all = p->wait_hash(hash, std::clamp(left_until(deadline), Millis(1), patience)))) break;
    if (all && leader.hash() == hash) return hash;
    if (Clock::now() >= deadline) {
      std::string seen;
      for (auto* p : peers) seen += " " + p->label() + "=" + p->hash().substr(0, 12);
      throw std::runtime_error("the peers did not converge within " + std::to_string(timeout.count()) +
                               " ms; their hashes:" + seen);
    }
  }
}

void type_together(CliPeer& a, const std::vector<std::string>& words_a, CliPeer& b,
                   const std::vector<std::string>& words_b, const std::string& item, const std::string& field,
                   std::size_t start) {
  std::string caret_a, caret_b;
  auto type = [&](CliPeer& p, const std::vector<std::string>& words, std::size_t i, std::string& caret) {
    if (i >= words.size()) return;
    json cmd{{"cmd", "insert_text"}, {"id", item}, {"field", field}, {"text", words[i]}};
    if (caret.empty()) cmd["pos"] = start; else cmd["after"] = caret;
    caret = p.edit(cmd)["last"];
  };
  for (std::size_t i = 0; i < std::max(words_a.size(), words_b.size()); ++i) {
    type(a, words_a, i, caret_a);
    type(b, words_b, i, caret_b);
  }
}

bool in_order(const std::string& text, const std::vector<std::string>& words) {
  std::size_t at = 0;
  for (const auto& w : words) {
    at = text.find(w, at);
    if (at == std::string::npos) return false;
    at += w.size();
  }
  return true;
}

json agenda_item(const json& state, const std::string& words) {
  const json& agenda = state.at("agenda");
  if (agenda.empty()) throw std::runtime_error("the meeting has no agenda");
  for (const auto& item : agenda)
    if (!words.empty() && item.value("title", std::string()).find(words) != std::string::npos) return item;
  return agenda.front();
}

}  // namespace renkei::system_test
