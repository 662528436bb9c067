// The GUI under Xvfb, driven by a real peer: starts an X server, `renkei --host` on loopback
// with --auto-admit and --ui-dump, joins the meeting with `renkei-cli join`, makes edits from
// the CLI and checks that the meeting window shows them. --ui-dump writes what the widgets
// display (list cells, text controls, labels), so this checks the screen, not the session.
//
// Usage: renkei_gui_xvfb_test RENKEI RENKEI_CLI
// Exit codes: 0 passed, 1 failed (with the reason and the last dump), 77 skipped (no X server
// can be started here; the reason is printed).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kSkip = 77;

/// Thrown when the test fails; what() says how.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A child process, with optional pipes to its stdin and from its stdout.
struct Child {
  pid_t pid = -1;
  int in = -1;   ///< write end of its stdin, or -1
  int out = -1;  ///< read end of its stdout, or -1
  std::string buffered;
};

/// Starts argv[0] with `env` added to the environment. `keep_fd` stays open in the child.
Child spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, bool pipes,
            const std::string& log, int keep_fd = -1) {
  int in[2] = {-1, -1}, out[2] = {-1, -1};
  if (pipes && (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)) throw Failure("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw Failure("fork failed");
  if (pid == 0) {
    if (pipes) {
      dup2(in[0], 0);
      dup2(out[1], 1);
    } else {
      const int null = open("/dev/null", O_RDONLY);
      dup2(null, 0);
    }
    const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err >= 0) {
      dup2(err, 2);
      if (!pipes) dup2(err, 1);
    }
    if (keep_fd >= 0) fcntl(keep_fd, F_SETFD, 0);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  Child c;
  c.pid = pid;
  if (pipes) {
    close(in[0]);
    close(out[1]);
    c.in = in[1];
    c.out = out[0];
  }
  return c;
}

void stop(Child& c) {
  if (c.in >= 0) close(c.in);
  if (c.pid > 0) {
    kill(c.pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(c.pid, nullptr, WNOHANG) == c.pid) {
        c.pid = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (c.pid > 0) {
      kill(c.pid, SIGKILL);
      waitpid(c.pid, nullptr, 0);
    }
  }
  if (c.out >= 0) close(c.out);
  c = Child{};
}

/// One line of the child's stdout, or nothing by the deadline (or at its end).
std::optional<std::string> read_line(Child& c, Clock::time_point deadline) {
  for (;;) {
    const auto nl = c.buffered.find('\n');
    if (nl != std::string::npos) {
      std::string line = c.buffered.substr(0, nl);
      c.buffered.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{c.out, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(c.out, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    c.buffered.append(buf, static_cast<std::size_t>(n));
  }
}

/// Sends one command to renkei-cli and returns its reply (events are skipped).
json command(Child& cli, const json& cmd) {
  const std::string line = cmd.dump() + "\n";
  if (write(cli.in, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw Failure("renkei-cli does not read its commands (it has ended?)");
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (auto reply = read_line(cli, deadline)) {
    json j = json::parse(*reply, nullptr, false);
    if (j.is_object() && !j.contains("event")) return j;
  }
  throw Failure("renkei-cli did not answer " + cmd.dump());
}

json must(const json& reply) {
  if (!reply.value("ok", false)) throw Failure("renkei-cli refused a command: " + reply.dump());
  return reply;
}

/// The GUI's latest --ui-dump, or null while there is none.
json read_dump(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  return json::parse(in, nullptr, false);
}

/// Polls the dump until `pred` holds; throws with `what` and the last dump on timeout.
template <typename Pred>
json wait_for_dump(const fs::path& file, const std::string& what, Pred pred, int seconds = 20) {
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  json last;
  while (Clock::now() < deadline) {
    last = read_dump(file);
    if (last.is_object() && pred(last)) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw Failure("the meeting window never showed " + what + "; last --ui-dump:\n" +
                (last.is_discarded() || last.is_null() ? std::string("(none)") : last.dump(2)));
}

/// A program on PATH, or "".
std::string which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = dirs.find(':', start);
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {};
}

/// Starts Xvfb on a free display: -displayfd makes the server choose the number and write it
/// once it accepts connections, so there is nothing to guess and no sleep. Returns the display
/// (":N"), or std::nullopt after printing why the test is skipped.
std::optional<std::string> start_xvfb(Child& xvfb, const fs::path& dir) {
  const std::string server = which("Xvfb");
  if (server.empty()) {
    std::cout << "SKIP: Xvfb is not installed (Debian: apt-get install xvfb), so the GUI cannot be started\n";
    return std::nullopt;
  }
  int ready[2];
  if (pipe(ready) != 0) throw Failure("pipe failed");
  xvfb = spawn({server, "-displayfd", std::to_string(ready[1]), "-screen", "0", "1280x800x24", "-nolisten", "tcp"},
               {}, false, (dir / "xvfb.log").string(), ready[1]);
  close(ready[1]);
  std::string number;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  pollfd p{ready[0], POLLIN, 0};
  while (Clock::now() < deadline && number.find('\n') == std::string::npos) {
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[32];
    const ssize_t n = read(ready[0], buf, sizeof buf);
    if (n <= 0) break;
    number.append(buf, static_cast<std::size_t>(n));
  }
  close(ready[0]);
  while (!number.empty() && (number.back() == '\n' || number.back() == ' ')) number.pop_back();
  if (number.empty()) {
    std::ifstream log(dir / "xvfb.log");
    std::cout << "SKIP: Xvfb did not start an X server here:\n" << log.rdbuf() << "\n";
    return std::nullopt;
  }
  const std::string display = ":" + number;
  // The server said it is ready; the socket must be there too.
  if (!fs::exists("/tmp/.X11-unix/X" + number)) throw Failure("Xvfb reported " + display + " but has no socket");
  return display;
}

int run(const std::string& renkei, const std::string& cli_path, const fs::path& dir) {
  Child xvfb, gui, cli;
  struct Cleanup {
    Child &a, &b, &c;
    ~Cleanup() {
      stop(c);
      stop(b);
      stop(a);
    }
  } cleanup{xvfb, gui, cli};

  const auto display = start_xvfb(xvfb, dir);
  if (!display) return kSkip;

  const fs::path dump = dir / "ui.json";
  fs::create_directories(dir / "home");
  gui = spawn({renkei, "--host", "--db", (dir / "chair.renkei").string(), "--template", "service_coordination",
               "--user-name", "司会テスト", "--person", "山田 太郎", "--listen", "127.0.0.1:0", "--auto-admit",
               "--no-announce", "--identity", (dir / "id-gui").string(), "--ui-dump", dump.string()},
              {"DISPLAY=" + *display, "HOME=" + (dir / "home").string(), "XDG_CONFIG_HOME=" + (dir / "home").string(),
               "NO_AT_BRIDGE=1"},
              false, (dir / "renkei.log").string());

  // The chair's screen shows the code and address to type.
  json shown = wait_for_dump(dump, "a join code and an address", [](const json& d) {
    return !d["banner"].value("join_code", std::string()).empty() &&
           d["banner"].value("address", std::string()).find("127.0.0.1:") != std::string::npos;
  });
  const std::string code = shown["banner"]["join_code"];
  std::string address = shown["banner"]["address"];
  address = address.substr(address.find("127.0.0.1:"));
  address = address.substr(0, address.find_first_of(" \t"));
  std::cout << "GUI hosting on " << *display << " at " << address << ", code " << code << "\n";

  cli = spawn({cli_path, "join", "--db", (dir / "participant.renkei").string(), "--address", address, "--code", code,
               "--name", "テスト参加者", "--identity", (dir / "id-cli").string()},
              {}, true, (dir / "cli.log").string());
  // Wait until the meeting has synced to the participant.
  json state;
  const auto synced_by = Clock::now() + std::chrono::seconds(20);
  do {
    state = must(command(cli, {{"cmd", "state"}}))["state"];
    if (!state["agenda"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (Clock::now() < synced_by);
  if (state["agenda"].empty()) throw Failure("the participant never received the meeting");
  const std::string first_item = state["agenda"][0]["id"];
  // A participant may take notes and add open issues (running the agenda is the chair's:
  // core/authority.hpp), and is refused what only the chair may do.
  const std::string issue = "CLIから追加した残された課題";
  const std::string notes = "CLIから入力した検討内容\n二行目";
  must(command(cli, {{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", issue}, {"owner", "テスト参加者"}}}}));
  must(command(cli, {{"cmd", "replace_text"}, {"id", first_item}, {"field", "notes"}, {"text", notes}}));
  if (command(cli, {{"cmd", "advance"}}).value("ok", true))
    throw Failure("a participant was allowed to advance the chair's agenda");
  wait_for_dump(dump, "the open issue added by the participant", [&](const json& d) {
    return d["open_issues"].dump().find(issue) != std::string::npos;
  });
  wait_for_dump(dump, "the participant's notes in the first item", [&](const json& d) {
    return d["item"]["notes"] == notes;
  });
  wait_for_dump(dump, "the participant connected in the attendee list", [](const json& d) {
    for (const auto& row : d["attendees"])
      if (row.size() > 7 && row[0] == "テスト参加者" && row[7] == "接続済み") return true;
    return false;
  });
  must(command(cli, {{"cmd", "quit"}}));
  std::cout << "PASS: the meeting window shows the open issue, the notes and the connected participant\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: renkei_gui_xvfb_test RENKEI RENKEI_CLI\n";
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  char tmpl[] = "/tmp/renkei-gui-test-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::cerr << "cannot make a temporary folder\n";
    return 1;
  }
  const fs::path dir = tmpl;
  int rc = 1;
  try {
    rc = run(argv[1], argv[2], dir);
  } catch (const std::exception& e) {
    std::cout << "FAIL: " << e.what() << "\n";
    for (const char* log : {"renkei.log", "cli.log"}) {
      std::ifstream in(dir / log);
      if (in) std::cout << "--- " << log << " ---\n" << in.rdbuf() << "\n";
    }
    rc = 1;
  }
  std::error_code ec;
  if (rc != 1) fs::remove_all(dir, ec);
  else std::cout << "(files kept in " << dir << ")\n";
  return rc;
}
