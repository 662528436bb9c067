// Durability: what append() reported as done survives the process being killed, and a failed
// append stores nothing.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "store_support.hpp"

using namespace renkei;
using store::ReplicaFile;
using store::StoreError;
namespace fs = std::filesystem;

namespace {

/// The ops of `n` edits made on `doc` (applied there, not stored), one batch per edit.
std::vector<std::vector<core::Op>> prepare_batches(core::Document& doc, int n) {
  std::vector<std::vector<core::Op>> batches;
  for (int i = 0; batches.size() < static_cast<std::size_t>(n); ++i) {
    nlohmann::json e;
    if (i % 3 == 0) {
      e = {{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "議題 " + std::to_string(i)}}}};
    } else {
      const auto items = doc.list_items("agenda");
      e = {{"cmd", "insert_text"}, {"id", items.back().to_string()}, {"field", "notes"}, {"pos", 0},
           {"text", "記録" + std::to_string(i) + " "}};
    }
    auto prepared = core::prepare_edit(doc, e, test::kNow + i);
    doc.apply_local(prepared.ops);
    batches.push_back(std::move(prepared.ops));
  }
  return batches;
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(3);
    done += static_cast<std::size_t>(n);
  }
}

/// Reads lines from fd; stops after `limit` lines (or at end of input when limit is 0).
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  /// Reads until `count` lines in total have arrived; false if the writer closed first.
  bool read_until(std::size_t count) {
    while (lines_.size() < count) {
      char buf[4096];
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\n') {
          lines_.push_back(partial_);
          partial_.clear();
        } else {
          partial_.push_back(buf[i]);
        }
      }
    }
    return true;
  }
  void read_to_end() { read_until(SIZE_MAX); }
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }

 private:
  int fd_;
  std::string partial_;  // a line cut by the kill is not a report
  std::vector<std::string> lines_;
};

}  // namespace

TEST_CASE("ops reported as appended survive the process being killed at any moment", "[store][durability]") {
  test::TempDir dir;
  const auto replica = ReplicaFile::new_replica_id();
  core::Document author(replica);
  const auto batches = prepare_batches(author, 1500);
  std::vector<core::Op> all;
  for (const auto& b : batches) all.insert(all.end(), b.begin(), b.end());

  std::random_device seed;
  std::mt19937 rng(seed());
  for (int round = 0; round < 5; ++round) {
    const auto path = dir / ("m" + std::to_string(round) + ".renkei");
    ReplicaFile::create(path, replica, "m", test::kNow).reset();
    const std::size_t kill_after = std::uniform_int_distribution<std::size_t>(1, 400)(rng);
    INFO("round " << round << ": kill after " << kill_after << " reported ops");

    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // the writer: one transaction per edit, reporting each op once durable
      ::close(fds[0]);
      try {
        auto file = ReplicaFile::open(path);
        for (const auto& batch : batches) {
          file->append(batch);
          std::string report;
          for (const auto& op : batch) report += op.id.to_string() + "\n";
          write_all(fds[1], report);
        }
      } catch (...) {
        ::_exit(2);
      }
      ::_exit(0);
    }
    ::close(fds[1]);
    LineReader reader(fds[0]);
    const bool alive = reader.read_until(kill_after);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    reader.read_to_end();  // reports written before the kill landed
    ::close(fds[0]);
    REQUIRE(alive);
    REQUIRE(WIFSIGNALED(status));
    const auto& reported = reader.lines();
    REQUIRE(reported.size() >= kill_after);

    auto file = ReplicaFile::open(path);  // opens cleanly
    const auto stored = file->ops();
    // Every reported op is there, and what is there is exactly a prefix of what was written:
    // each append is all or nothing.
    REQUIRE(stored.size() >= reported.size());
    REQUIRE(stored.size() <= all.size());
    for (std::size_t i = 0; i < stored.size(); ++i) REQUIRE(stored[i] == all[i]);
    for (std::size_t i = 0; i < reported.size(); ++i) REQUIRE(reported[i] == all[i].id.to_string());
    std::size_t batch_end = 0;
    bool on_boundary = stored.empty();
    for (const auto& b : batches) {
      batch_end += b.size();
      on_boundary |= batch_end == stored.size();
    }
    CHECK(on_boundary);
    core::Document loaded(replica);
    file->load_into(loaded);
    CHECK(loaded.op_count() == stored.size());
  }
}

TEST_CASE("an append that fails for lack of space stores nothing and says why", "[store][durability]") {
  test::TempDir dir;
  const auto path = dir / "m.renkei";
  const auto replica = ReplicaFile::new_replica_id();
  core::Document doc(replica);
  std::size_t before = 0;
  {
    auto file = ReplicaFile::create(path, replica, "m", test::kNow);
    test::make_sample_meeting(doc, *file);
    before = file->op_count();
  }
  // A batch far bigger than the space left: a long note and more.
  auto item = doc.list_items("agenda").front().to_string();
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "長い記録";
  auto prepared = core::prepare_edit(doc, {{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", text}},
                                     test::kNow);

  // The child's files may not grow past 64 KiB (RLIMIT_FSIZE): writes beyond fail as on a full disk.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      auto file = ReplicaFile::open(path);
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{64 * 1024, 64 * 1024};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      try {
        file->append(prepared.ops);
        code = 4;  // should have failed
      } catch (const StoreError& e) {
        write_all(fds[1], std::string(e.what()) + "\n");
        if (file->op_count() != before) code = 5;
      }
    } catch (...) {
      code = 6;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  LineReader reader(fds[0]);
  reader.read_to_end();
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE(reader.lines().size() == 1);
  CHECK_THAT(reader.lines().front(), Catch::Contains("the change could not be saved to \"" + path.string() + "\""));

  auto file = ReplicaFile::open(path);
  CHECK(file->op_count() == before);
  core::Document loaded(replica);
  file->load_into(loaded);
  // Once space is back, the same append succeeds.
  file->append(prepared.ops);
  CHECK(file->op_count() == before + prepared.ops.size());
}
