// Files that must not be opened: each is refused with a message saying what is wrong, and
// nothing on disk changes.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>

#include "store_support.hpp"

using namespace renkei;
using store::ReplicaFile;
using store::StoreError;
namespace fs = std::filesystem;

namespace {

/// Every file in the folder with its bytes (a -shm's bytes are left out: it is SQLite's
/// shared-memory index, rebuilt by any reader; its presence still counts).
std::map<std::string, std::string> folder_state(const test::TempDir& dir) {
  std::map<std::string, std::string> state;
  for (const auto& name : dir.entries()) {
    const bool shm = name.size() > 4 && name.compare(name.size() - 4, 4, "-shm") == 0;
    state[name] = shm ? std::string("<shm>") : test::file_bytes(dir / name);
  }
  return state;
}

/// Opens `path` expecting a StoreError whose message contains each of `parts`, and checks that
/// the folder is byte-for-byte as it was.
void check_refused(const test::TempDir& dir, const fs::path& path, const std::vector<std::string>& parts) {
  const auto before = folder_state(dir);
  std::string message;
  try {
    ReplicaFile::open(path);
    FAIL("opened " << path << " instead of refusing it");
  } catch (const StoreError& e) {
    message = e.what();
  }
  INFO("message: " << message);
  for (const auto& part : parts) CHECK_THAT(message, Catch::Contains(part));
  CHECK_THAT(message, Catch::Contains(path.string()));
  CHECK(folder_state(dir) == before);
}

/// A closed replica file holding the sample meeting and `extra` more agenda items.
fs::path make_file(const test::TempDir& dir, const std::string& name, int extra = 0) {
  const auto path = dir / name;
  const auto replica = ReplicaFile::new_replica_id();
  core::Document doc(replica);
  auto file = ReplicaFile::create(path, replica, ReplicaFile::new_meeting_id(), test::kNow);
  test::make_sample_meeting(doc, *file);
  test::add_many_edits(doc, *file, extra);
  return path;
}

const std::string kNotRenkei = "is not a Renkei meeting file (it is damaged or of another kind)";

}  // namespace

TEST_CASE("a missing file is refused and not created", "[store][refuse]") {
  test::TempDir dir;
  check_refused(dir, dir / "gone.renkei", {"there is no meeting file at"});
  CHECK(dir.entries().empty());
}

TEST_CASE("a file of random bytes is refused as not a meeting file", "[store][refuse]") {
  test::TempDir dir;
  std::mt19937 rng(12345);
  std::string bytes(8192, '\0');
  for (auto& b : bytes) b = static_cast<char>(rng());
  test::write_bytes(dir / "noise.renkei", bytes);
  check_refused(dir, dir / "noise.renkei", {kNotRenkei});
  test::write_bytes(dir / "empty.renkei", "");
  check_refused(dir, dir / "empty.renkei", {kNotRenkei});
  test::write_bytes(dir / "text.renkei", "議事録\n");
  check_refused(dir, dir / "text.renkei", {kNotRenkei});
}

TEST_CASE("a truncated meeting file is refused as damaged", "[store][refuse]") {
  test::TempDir dir;
  const auto path = make_file(dir, "m.renkei", 200);
  const auto bytes = test::file_bytes(path);
  REQUIRE(bytes.size() > 8 * 4096);
  test::write_bytes(path, bytes.substr(0, bytes.size() / 2));
  check_refused(dir, path, {"is a Renkei meeting file but it is damaged"});
  test::write_bytes(path, bytes.substr(0, bytes.size() - 4096));
  check_refused(dir, path, {"is a Renkei meeting file but it is damaged"});
  test::write_bytes(path, bytes.substr(0, 50));
  check_refused(dir, path, {kNotRenkei});
}

TEST_CASE("a meeting file with a damaged op row is refused as damaged", "[store][refuse]") {
  test::TempDir dir;
  const auto path = make_file(dir, "m.renkei");
  const auto good = test::file_bytes(path);
  SECTION("JSON cut short") {
    test::raw_sql(path, "UPDATE ops SET op = substr(op, 1, 20) WHERE seq = 5");
    check_refused(dir, path, {"damaged", "stored operation 5 does not parse"});
  }
  SECTION("an op with a field missing") {
    test::raw_sql(path, "UPDATE ops SET op = json_remove(op, '$.kind') WHERE seq = 5");
    check_refused(dir, path, {"damaged", "stored operation 5 does not parse", "'kind'"});
  }
  SECTION("another op's JSON in the row") {
    test::raw_sql(path, "UPDATE ops SET op = (SELECT op FROM ops WHERE seq = 6) WHERE seq = 5");
    check_refused(dir, path, {"damaged", "stored operation 5 does not match its columns"});
  }
  SECTION("a byte flipped inside a table page") {
    // Find a page of the ops table through SQLite's dbstat-free route: the JSON text of op 5
    // is in the file; flip one of its bytes so the row still parses as a record.
    auto bytes = good;
    const auto at = bytes.find("\"kind\":\"create\"");
    REQUIRE(at != std::string::npos);
    bytes[at + 9] = 'X';  // "cXeate": an unknown kind
    test::write_bytes(path, bytes);
    check_refused(dir, path, {"damaged", "does not parse", "unknown value"});
  }
  SECTION("a trigger added by another program") {
    test::raw_sql(path, "CREATE TRIGGER wipe AFTER INSERT ON ops BEGIN DELETE FROM ops; END");
    check_refused(dir, path, {"damaged", "trigger 'wipe'"});
  }
}

TEST_CASE("a stored op whose predecessor is missing makes loading fail, not silently lose it", "[store][refuse]") {
  test::TempDir dir;
  const auto path = make_file(dir, "m.renkei");
  test::raw_sql(path, "DELETE FROM ops WHERE seq = 3");
  auto file = ReplicaFile::open(path);  // every row still parses
  core::Document doc(file->info().replica);
  CHECK_THROWS_WITH(file->load_into(doc), Catch::Contains("damaged") && Catch::Contains("missing"));
}

TEST_CASE("an SQLite database of another application is refused", "[store][refuse]") {
  test::TempDir dir;
  const auto path = dir / "photos.renkei";
  test::raw_sql(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos VALUES (1, 'a.jpg')");
  check_refused(dir, path, {"is not a Renkei meeting file: it is a database of another application"});

  const auto other = dir / "other.renkei";
  test::raw_sql(other, "PRAGMA application_id = 1234; CREATE TABLE ops (x)");
  check_refused(dir, other, {"database of another application"});

  // Our application id but none of our tables.
  const auto fake = dir / "fake.renkei";
  test::raw_sql(fake, "PRAGMA application_id = 1380273739; PRAGMA user_version = 1; CREATE TABLE notes (x)");
  check_refused(dir, fake, {"damaged", "'replica' is missing"});
}

TEST_CASE("a file made by a newer Renkei is refused with advice to update", "[store][refuse]") {
  test::TempDir dir;
  const auto path = make_file(dir, "m.renkei");
  SECTION("the newer version is in the main file") {
    test::raw_sql(path, "PRAGMA user_version = 2");
    check_refused(dir, path, {"was made by a newer version of Renkei", "file format 2", "update Renkei"});
  }
  SECTION("the newer version is still in the write-ahead log") {
    // Another program wrote it and died before checkpointing: only the -wal has it.
    const pid_t pid = ::fork();
    if (pid == 0) {
      sqlite3* db = nullptr;
      sqlite3_open(path.c_str(), &db);
      const int rc = sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr);
      ::_exit(rc == SQLITE_OK ? 0 : 1);  // no close: the -wal stays
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(fs::exists(path.string() + "-wal"));
    check_refused(dir, path, {"was made by a newer version of Renkei", "file format 7"});
  }
}

TEST_CASE("a second open of a file already open is refused clearly", "[store][refuse]") {
  test::TempDir dir;
  const auto path = make_file(dir, "m.renkei");
  // Another process, forked before this one opens the file (so it shares neither the
  // descriptor nor this process's table of open files), tries once told to.
  int go[2], report[2];
  REQUIRE(::pipe(go) == 0);
  REQUIRE(::pipe(report) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(go[1]);
    ::close(report[0]);
    char c;
    if (::read(go[0], &c, 1) != 1) ::_exit(2);
    int code = 1;
    const int fd = ::open(path.c_str(), O_RDONLY);  // the lock itself, as the kernel sees it
    const bool held = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    try {
      ReplicaFile::open(path);
    } catch (const StoreError& e) {
      const std::string m = std::string(held ? "[flock held] " : "[flock free] ") + e.what();
      (void)!::write(report[1], m.data(), m.size());
      code = 0;
    }
    ::_exit(code);
  }
  ::close(go[0]);
  ::close(report[1]);

  auto first = ReplicaFile::open(path);
  const auto count = first->op_count();

  CHECK_THROWS_WITH(ReplicaFile::open(path),
                    Catch::Contains("this meeting file is already open in another Renkei window/process"));
  // Through another name for the same file, too.
  fs::create_symlink(path, dir / "link.renkei");
  CHECK_THROWS_WITH(ReplicaFile::open(dir / "link.renkei"), Catch::Contains("already open"));

  // From the other process.
  REQUIRE(::write(go[1], "g", 1) == 1);
  ::close(go[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
  ::close(report[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(message, Catch::Contains("[flock held]"));
  CHECK_THAT(message, Catch::Contains("this meeting file is already open in another Renkei window/process"));

  // Other SQLite programs are kept out as well (locking_mode=EXCLUSIVE).
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "SELECT count(*) FROM ops", nullptr, nullptr, nullptr) == SQLITE_BUSY);
  sqlite3_close(raw);

  // The first is undisturbed, and once closed the file opens again.
  core::Document doc(first->info().replica);
  first->load_into(doc);
  test::edit(doc, *first, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "病院"}});
  CHECK(first->op_count() > count);
  first.reset();
  CHECK(ReplicaFile::open(path)->op_count() == doc.op_count());
}
