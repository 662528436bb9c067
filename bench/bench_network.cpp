// Network measurements over loopback with TLS and the durable store: propagation latency of an
// edit to N peers, and a late joiner catching up on a long meeting.
#include <unistd.h>

#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>

#include "bench.hpp"
#include "bench_meeting.hpp"
#include "session/session.hpp"

namespace renkei::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "renkei-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

// Records, per peer, when each version (ops applied) was first published, and wakes waiters.
struct Observer {
  session::EventHandler handler() {
    return [this](const session::Event& e) {
      std::lock_guard lock(mutex);
      if (e.kind == session::Event::Kind::state_changed)
        first_seen.try_emplace(e.data["version"].get<std::uint64_t>(), Clock::now());
      if (e.kind == session::Event::Kind::joined) joined = true;
      cv.notify_all();
    };
  }
  // When this peer first published a version at least `version`.
  std::optional<Clock::time_point> seen(std::uint64_t version) {
    std::lock_guard lock(mutex);
    auto it = first_seen.lower_bound(version);
    return it == first_seen.end() ? std::nullopt : std::optional(it->second);
  }
  std::uint64_t latest() {
    std::lock_guard lock(mutex);
    return first_seen.empty() ? 0 : first_seen.rbegin()->first;
  }
  bool wait_for(const std::function<bool()>& pred, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::unique_lock lock(mutex);
    while (true) {
      lock.unlock();
      if (pred()) return true;
      lock.lock();
      if (cv.wait_until(lock, deadline) == std::cv_status::timeout) {
        lock.unlock();
        return pred();
      }
    }
  }
  std::mutex mutex;
  std::condition_variable cv;
  std::map<std::uint64_t, Clock::time_point> first_seen;
  bool joined = false;
};

session::HostOptions host_options(const TempDir& dir) {
  session::HostOptions o;
  o.db = dir.path / "chair.renkei";
  o.listen = "127.0.0.1:0";
  o.display_name = "chair";
  o.identity_dir = dir.path / "id-chair";
  o.auto_admit = true;
  o.announce = false;
  return o;
}

session::JoinOptions join_options(const TempDir& dir, const session::Session& chair, int i) {
  session::JoinOptions j;
  j.db = dir.path / ("p" + std::to_string(i) + ".renkei");
  j.address = chair.address();
  j.code = chair.join_code();
  j.display_name = "p" + std::to_string(i);
  j.listen = "127.0.0.1:0";
  j.identity_dir = dir.path / ("id-p" + std::to_string(i));
  return j;
}

}  // namespace

int bench_propagation(const std::vector<std::string>& args) {
  const int n = std::stoi(args.at(0));
  const int edits = args.size() > 1 ? std::stoi(args[1]) : 200;
  TempDir dir;
  std::vector<std::unique_ptr<Observer>> observers;
  std::vector<std::unique_ptr<session::Session>> peers;
  observers.push_back(std::make_unique<Observer>());
  peers.push_back(session::Session::host(host_options(dir), observers[0]->handler()));
  for (int i = 1; i < n; ++i) {
    observers.push_back(std::make_unique<Observer>());
    peers.push_back(session::Session::join(join_options(dir, *peers[0], i), observers[i]->handler()));
    if (!observers[i]->wait_for([&] { return observers[i]->joined; }, std::chrono::seconds(60)))
      throw std::runtime_error("peer " + std::to_string(i) + " did not join");
  }
  // Wait for the full mesh: every peer linked to every other.
  for (int i = 0; i < n; ++i)
    if (!observers[i]->wait_for([&] { return peers[i]->connected_peers() >= static_cast<std::size_t>(n - 1); },
                                std::chrono::seconds(60)))
      throw std::runtime_error("the mesh did not form");
  const std::string item = peers[0]->state()->agenda.at(0).id.to_string();
  std::vector<double> latency;
  std::string last;
  for (int k = 0; k < edits; ++k) {
    // The editor alternates, as in a meeting; each edit is one keystroke into a note.
    auto& author = *peers[static_cast<std::size_t>(k % n)];
    const auto start = Clock::now();
    nlohmann::json e{{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"text", "あ"}, {"pos", 0}};
    if (!author.edit(e).get().ok) throw std::runtime_error("edit failed");
    // Every peer holds the same ops between edits, so the author's version after the edit is
    // the version each peer reaches when it has applied it.
    const std::uint64_t target = observers[static_cast<std::size_t>(k % n)]->latest();
    Clock::time_point all_applied = start;
    for (int i = 0; i < n; ++i) {
      if (!observers[i]->wait_for([&] { return observers[i]->seen(target).has_value(); }, std::chrono::seconds(30)))
        throw std::runtime_error("edit did not propagate");
      all_applied = std::max(all_applied, *observers[i]->seen(target));
    }
    latency.push_back(std::chrono::duration<double, std::milli>(all_applied - start).count());
  }
  std::cout << nlohmann::json{{"bench", "propagation"}, {"peers", n}, {"edits", edits},
                              {"p50_ms", round2(quantile(latency, 0.5))}, {"p99_ms", round2(quantile(latency, 0.99))},
                              {"max_ms", round2(quantile(latency, 1.0))}, {"peak_rss_mib", round2(peak_rss_mib())}}
                   .dump()
            << std::endl;
  for (auto& p : peers) p->stop();
  return 0;
}

int bench_late_join(const std::vector<std::string>& args) {
  const std::size_t ops = std::stoul(args.at(0));
  TempDir dir;
  make_long_meeting(dir.path / "chair.renkei", ops);
  Observer chair_events, joiner_events;
  auto chair = session::Session::host(host_options(dir), chair_events.handler());
  const auto start = Clock::now();
  auto joiner = session::Session::join(join_options(dir, *chair, 1), joiner_events.handler());
  if (!joiner_events.wait_for([&] { return joiner_events.joined; }, std::chrono::seconds(120)))
    throw std::runtime_error("the late joiner did not catch up");
  const double ms = ms_since(start);
  const bool equal = joiner->state_hash() == chair->state_hash();
  const auto [sent, received] = chair->traffic();
  std::cout << nlohmann::json{{"bench", "late_join"}, {"ops", ops}, {"ms", round2(ms)},
                              {"bytes_sent_by_chair", sent}, {"bytes_received_by_chair", received},
                              {"converged", equal}, {"peak_rss_mib", round2(peak_rss_mib())}}
                   .dump()
            << std::endl;
  joiner->stop();
  chair->stop();
  return equal ? 0 : 1;
}

}  // namespace renkei::bench
