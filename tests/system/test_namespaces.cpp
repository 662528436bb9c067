// Three hosts on a private network: one Linux network namespace per laptop, joined by veth pairs
// to a bridge in a fourth ("switch") namespace. Nothing is created in, or routed to, the
// namespace the tests run in, so every packet stays on this private link. The participants find
// the chair by UDP multicast discovery (protocol/PROTOCOL.md, "Discovery"), join with the code,
// and all three converge after the participants type into the same note at once.
//
// Needs root and `ip netns` (iproute2); otherwise the test says why and is reported skipped
// (renkei::test::skip, tests/test_skip.hpp: exit code 77, CTest's SKIP_RETURN_CODE).
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <iomanip>
#include <random>
#include <sstream>

#include "cli_peer.hpp"
#include "test_skip.hpp"

using namespace renkei::system_test;

namespace {

constexpr const char* kNamePrefix = "renkei-systest-";

/// A step of building the network failed: the command and what it said.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs one `ip` command; throws SetupError with its stderr unless it exits 0.
std::string ip(const fs::path& scratch, std::vector<std::string> args) {
  args.insert(args.begin(), "ip");
  const auto r = run_command(args, scratch, 30s);
  if (r.status != 0) {
    std::string line;
    for (const auto& a : args) line += (line.empty() ? "" : " ") + a;
    throw SetupError("'" + line + "' failed (exit " + std::to_string(r.status) + "): " + r.err);
  }
  return r.out;
}

/// Namespaces left by earlier runs of this test whose process is gone (a crash can skip the
/// destructors): "renkei-systest-<pid>-…" with no process <pid>. Namespaces of live runs are
/// left alone.
void remove_stale_namespaces(const fs::path& scratch) {
  std::istringstream list(ip(scratch, {"netns", "list"}));
  for (std::string line; std::getline(list, line);) {
    const std::string name = line.substr(0, line.find(' '));
    if (name.rfind(kNamePrefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + std::string(kNamePrefix).size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      try {
        ip(scratch, {"netns", "del", name});
      } catch (const SetupError&) {
      }
    }
  }
}

/// `hosts` namespaces on 10.77.<n>.0/24, each with one veth into a bridge in a switch
/// namespace, multicast routed to that veth. Names carry this process's id and a random tag,
/// so parallel runs never collide; the destructor deletes every namespace created (with their
/// veths and the bridge), whatever happened.
class NamespaceLab {
 public:
  NamespaceLab(const fs::path& scratch, int hosts) : scratch_(scratch) {
    try {
      build(hosts);
    } catch (...) {
      remove_all();  // the destructor does not run for a half-built lab
      throw;
    }
  }

  ~NamespaceLab() { remove_all(); }
  NamespaceLab(const NamespaceLab&) = delete;
  NamespaceLab& operator=(const NamespaceLab&) = delete;

  /// The IPv4 address of host i (0-based).
  [[nodiscard]] std::string address(int i) const { return subnet_ + "." + std::to_string(i + 1); }
  /// "10.77.N.": the start of every address on the private link.
  [[nodiscard]] std::string subnet_prefix() const { return subnet_ + "."; }
  /// The command prefix that runs a program on host i.
  [[nodiscard]] std::vector<std::string> on_host(int i) const { return {"ip", "netns", "exec", hosts_.at(i)}; }

 private:
  void build(int hosts) {
    std::random_device random;
    std::ostringstream tag;
    tag << std::hex << std::setw(6) << std::setfill('0') << (random() & 0xffffff);
    tag_ = tag.str();
    subnet_ = "10.77." + std::to_string(random() % 256);
    const std::string prefix = kNamePrefix + std::to_string(::getpid()) + "-" + tag_;
    const std::string sw = prefix + "-switch", bridge = "rk" + tag_ + "br";
    add_namespace(sw);
    ip(scratch_, {"-n", sw, "link", "add", bridge, "type", "bridge", "mcast_snooping", "0", "forward_delay", "0"});
    ip(scratch_, {"-n", sw, "link", "set", bridge, "up"});
    for (int i = 1; i <= hosts; ++i) {
      const std::string ns = prefix + "-" + std::to_string(i), port = "rk" + tag_ + "p" + std::to_string(i),
                        nic = "rk" + tag_ + "h";
      add_namespace(ns);
      ip(scratch_, {"-n", ns, "link", "set", "lo", "up"});
      // Created in the switch namespace with its other end moved straight into the host's.
      ip(scratch_, {"-n", sw, "link", "add", port, "type", "veth", "peer", "name", nic, "netns", ns});
      ip(scratch_, {"-n", sw, "link", "set", port, "master", bridge});
      ip(scratch_, {"-n", sw, "link", "set", port, "up"});
      ip(scratch_, {"-n", ns, "addr", "add", address(i - 1) + "/24", "dev", nic});
      ip(scratch_, {"-n", ns, "link", "set", nic, "up"});
      ip(scratch_, {"-n", ns, "route", "add", "224.0.0.0/4", "dev", nic});
      hosts_.push_back(ns);
    }
  }

  // Deletes the namespaces created so far, newest first (their veths and the bridge go with
  // them).
  void remove_all() {
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
      try {
        ip(scratch_, {"netns", "del", *it});
      } catch (const std::exception& e) {
        WARN("could not delete network namespace " << *it << ": " << e.what());
      }
    }
    created_.clear();
  }

  void add_namespace(const std::string& name) {
    ip(scratch_, {"netns", "add", name});
    created_.push_back(name);
  }

  fs::path scratch_;
  std::string tag_, subnet_;
  std::vector<std::string> created_, hosts_;
};

/// Why network namespaces cannot be used here, or "" if they can be tried.
std::string why_no_namespaces(const fs::path& scratch) {
  if (::geteuid() != 0) return "needs root to create network namespaces (CAP_SYS_ADMIN)";
  try {
    const auto r = run_command({"ip", "netns", "list"}, scratch, 30s);
    if (r.status != 0) return "'ip netns list' failed (exit " + std::to_string(r.status) + "): " + r.err;
  } catch (const std::exception& e) {
    return std::string("'ip netns' is unavailable: ") + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Three hosts in network namespaces find the chair by multicast, join with the code and converge",
          "[system][netns]") {
  TempDir dir;
  if (const std::string why = why_no_namespaces(dir.path()); !why.empty()) renkei::test::skip(why);
  remove_stale_namespaces(dir.path());
  std::unique_ptr<NamespaceLab> lab;
  try {
    lab = std::make_unique<NamespaceLab>(dir.path(), 3);
  } catch (const SetupError& e) {
    // The namespaces themselves (or veth, bridge) are not available in this environment.
    renkei::test::skip(std::string("cannot build the private network of namespaces here: ") + e.what());
  }

  // Declared after the lab: the processes are killed before their namespaces are deleted.
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理",
                             {"--listen", "0.0.0.0:0", "--interface", lab->address(0), "--auto-admit"}, lab->on_host(0));
  const json hosting = chair->expect_event("hosting");
  const std::string address = hosting["address"], code = hosting["code"];
  INFO("chair at " << address << " with code " << code);
  REQUIRE(address.rfind(lab->address(0) + ":", 0) == 0);

  auto joiner = [&](int host, const std::string& label, const std::string& name) {
    return CliPeer::join(dir.path(), label, name, "", code,
                         {"--discover", "--interface", lab->address(host), "--listen", "0.0.0.0:0", "--timeout", "4000"},
                         lab->on_host(host));
  };
  auto group_home = joiner(1, "group-home", "鈴木 健");
  auto day_service = joiner(2, "day-service", "高橋 由美");
  group_home->expect_event("joined");
  day_service->expect_event("joined");
  const std::vector<CliPeer*> all{chair.get(), group_home.get(), day_service.get()};
  for (auto* p : all) {
    INFO(p->label());
    REQUIRE(p->wait_peers(2, 40s));
  }
  // Each participant reached the chair at its address on the private link, and each other too.
  const json state = chair->state();
  REQUIRE(state["devices"].size() == 3);
  for (const auto& d : state["devices"]) CHECK(d["address"].get<std::string>().rfind(lab->subnet_prefix(), 0) == 0);

  const std::string item = agenda_item(state, "経過")["id"];
  chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "conclusion"}, {"pos", 0}, {"text", "地域生活が安定。"}});
  const std::vector<std::string> gh_words{"GH入居から2か月。", "こだわり行動による混乱は", "徐々に解決し、", "生活リズムが整ってきた。"};
  const std::vector<std::string> day_words{"日中は就労継続支援B型に", "週5日通所。", "作業に集中できる時間が", "長くなっている。"};
  type_together(*group_home, gh_words, *day_service, day_words, item);
  const std::string hash = converge(all);
  REQUIRE_FALSE(hash.empty());
  for (auto* p : all) {
    INFO(p->label());
    const json progress = agenda_item(p->state(), "経過");
    CHECK(in_order(progress["notes"], gh_words));
    CHECK(in_order(progress["notes"], day_words));
    CHECK(progress["conclusion"] == "地域生活が安定。");
  }
  for (auto* p : all) CHECK(p->quit() == 0);
}
