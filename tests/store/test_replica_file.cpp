// The replica file: creating, reopening, appending, settings.
#include <catch2/catch.hpp>

#include <set>

#include "store_support.hpp"

using namespace renkei;
using store::ReplicaFile;
using store::StoreError;

namespace {

/// Every partition's version vector of a document, by partition name.
std::map<std::string, core::VersionVector> versions(const core::Document& doc) {
  std::map<std::string, core::VersionVector> out;
  for (const auto& p : doc.partitions()) out[p] = doc.version(p);
  return out;
}

}  // namespace

TEST_CASE("a new file records its replica, meeting and creation time and reopens with the same identity",
          "[store]") {
  test::TempDir dir;
  const auto path = dir / "会議.renkei";
  const auto replica = ReplicaFile::new_replica_id();
  const auto meeting = ReplicaFile::new_meeting_id();
  store::ReplicaInfo created;
  {
    auto file = ReplicaFile::create(path, replica, meeting, test::kNow);
    created = file->info();
    CHECK(created.replica == replica);
    CHECK(created.meeting_id == meeting);
    CHECK(created.created_ms == test::kNow);
    CHECK(created.format_version == store::kFormatVersion);
    CHECK(file->path() == path);
    CHECK(file->op_count() == 0);
    CHECK(file->ops().empty());
  }
  auto reopened = ReplicaFile::open(path);
  CHECK(reopened->info() == created);
  // The header carries the application id "RENK" and the format version, readable without SQLite.
  const auto bytes = test::file_bytes(path);
  REQUIRE(bytes.size() >= 100);
  CHECK(bytes.substr(0, 16) == std::string("SQLite format 3\0", 16));
  CHECK(bytes.substr(68, 4) == "RENK");
  CHECK(bytes.substr(60, 4) == std::string("\0\0\0\1", 4));
}

TEST_CASE("reopening a file restores the meeting exactly", "[store]") {
  test::TempDir dir;
  const auto path = dir / "meeting.renkei";
  const auto replica = ReplicaFile::new_replica_id();
  core::Document original(replica);
  {
    auto file = ReplicaFile::create(path, replica, ReplicaFile::new_meeting_id(), test::kNow);
    test::make_sample_meeting(original, *file);
    CHECK(file->op_count() == original.op_count());
  }
  REQUIRE(original.partitions().size() == 2);  // "all" and "pro"

  auto file = ReplicaFile::open(path);
  CHECK(file->op_count() == original.op_count());
  core::Document loaded(replica);
  file->load_into(loaded);
  CHECK(loaded.canonical_state() == original.canonical_state());
  CHECK(versions(loaded) == versions(original));
  CHECK(loaded.op_count() == original.op_count());
  CHECK(loaded.lamport() == original.lamport());
  for (const auto& p : original.partitions()) CHECK(loaded.log(p) == original.log(p));

  // The reloaded replica goes on where it left off: its next ops get fresh ids and survive
  // another reopening.
  test::edit(loaded, *file, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "本人宅"}});
  test::edit(original, *file, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "本人宅"}});  // same ids: a duplicate
  CHECK(file->op_count() == original.op_count());
  file.reset();
  core::Document again(replica);
  ReplicaFile::open(path)->load_into(again);
  CHECK(again.canonical_state() == loaded.canonical_state());
  CHECK(again.snapshot().meeting.place == "本人宅");
}

TEST_CASE("stored ops come back in the order appended, whatever their partition", "[store]") {
  test::TempDir dir;
  const auto replica = ReplicaFile::new_replica_id();
  core::Document doc(replica);
  auto file = ReplicaFile::create(dir / "m.renkei", replica, "m", test::kNow);
  std::vector<core::OpId> appended;
  auto prepared = core::prepare_edit(doc, {{"cmd", "add"}, {"type", "open_issue"}, {"partition", "pro"},
                                           {"fields", {{"text", "x"}}}}, test::kNow);
  file->append(prepared.ops);
  doc.apply_local(prepared.ops);
  test::make_sample_meeting(doc, *file);
  std::vector<core::OpId> stored;
  for (const auto& op : file->ops()) stored.push_back(op.id);
  REQUIRE(stored.size() == doc.op_count());
  CHECK(stored.front() == prepared.ops.front().id);
  CHECK(std::is_sorted(stored.begin(), stored.end(),
                       [](const core::OpId& a, const core::OpId& b) { return a.counter < b.counter; }));
}

TEST_CASE("appending duplicates is harmless", "[store]") {
  test::TempDir dir;
  const auto replica = ReplicaFile::new_replica_id();
  core::Document doc(replica);
  auto file = ReplicaFile::create(dir / "m.renkei", replica, "m", test::kNow);
  test::make_sample_meeting(doc, *file);
  const auto before = file->ops();

  file->append(doc.log(core::kAllAttendees));  // all again
  std::vector<const core::Op*> some{&doc.log("pro").front(), &doc.log(core::kAllAttendees).back()};
  file->append(some);
  file->append(std::vector<core::Op>{});
  CHECK(file->ops() == before);

  // A batch mixing old and new ops stores only the new ones, in order.
  auto prepared = core::prepare_edit(doc, {{"cmd", "set_meeting"}, {"field", "place"}, {"value", "事業所"}}, test::kNow);
  doc.apply_local(prepared.ops);
  std::vector<core::Op> mixed = doc.log(core::kAllAttendees);
  file->append(mixed);
  CHECK(file->op_count() == before.size() + prepared.ops.size());
  CHECK(file->ops().back() == prepared.ops.back());

  core::Document loaded(replica);
  file->load_into(loaded);
  CHECK(loaded.canonical_state() == doc.canonical_state());
}

TEST_CASE("settings round-trip and survive reopening", "[store]") {
  test::TempDir dir;
  const auto path = dir / "m.renkei";
  const nlohmann::json join{{"address", "192.168.1.20:47700"}, {"fingerprint", std::string(64, 'a')}};
  {
    auto file = ReplicaFile::create(path, ReplicaFile::new_replica_id(), "m", test::kNow);
    CHECK_FALSE(file->meta("role").has_value());
    file->set_meta("role", "chair");
    file->set_meta("display_name", "山田 花子");
    file->set_meta("join", join);
    file->set_meta("peers", nlohmann::json::array({"10.0.0.2:1", "10.0.0.3:2"}));
    file->set_meta("count", 3);
    file->set_meta("role", "participant");  // replaces
    CHECK(file->meta("role") == nlohmann::json("participant"));
    CHECK_THROWS_AS(file->set_meta("", 1), std::invalid_argument);
    CHECK_THROWS_AS(file->set_meta("bad", std::string("\xff\xfe")), std::invalid_argument);
  }
  auto file = ReplicaFile::open(path);
  CHECK(file->meta("role") == nlohmann::json("participant"));
  CHECK(file->meta("display_name") == nlohmann::json("山田 花子"));
  CHECK(file->meta("join") == join);
  CHECK(file->meta("peers") == nlohmann::json::array({"10.0.0.2:1", "10.0.0.3:2"}));
  CHECK(file->meta("count") == nlohmann::json(3));
  CHECK_FALSE(file->meta("bad").has_value());
  CHECK_FALSE(file->meta("nothing").has_value());
}

TEST_CASE("creating over an existing path is refused and leaves what is there untouched", "[store]") {
  test::TempDir dir;
  const auto notes = dir / "notes.renkei";
  test::write_bytes(notes, "someone's notes");
  CHECK_THROWS_WITH(ReplicaFile::create(notes, 5, "m", test::kNow), Catch::Contains("already exists") &&
                                                                        Catch::Contains("never overwrites"));
  CHECK(test::file_bytes(notes) == "someone's notes");

  const auto meeting = dir / "m.renkei";
  ReplicaFile::create(meeting, 5, "m", test::kNow).reset();
  const auto bytes = test::file_bytes(meeting);
  CHECK_THROWS_WITH(ReplicaFile::create(meeting, 6, "n", test::kNow), Catch::Contains("already exists"));
  CHECK(test::file_bytes(meeting) == bytes);
  CHECK(ReplicaFile::open(meeting)->info().replica == 5);

  std::filesystem::create_directory(dir / "folder.renkei");
  CHECK_THROWS_AS(ReplicaFile::create(dir / "folder.renkei", 5, "m", test::kNow), StoreError);
  CHECK_THROWS_WITH(ReplicaFile::create(dir / "missing" / "m.renkei", 5, "m", test::kNow),
                    Catch::Contains("does not exist"));
  CHECK_THROWS_AS(ReplicaFile::create(dir / "zero.renkei", 0, "m", test::kNow), std::invalid_argument);
  CHECK_THROWS_AS(ReplicaFile::create(dir / "noid.renkei", 5, "", test::kNow), std::invalid_argument);
  // Nothing half-made was left behind.
  CHECK(dir.entries() == std::vector<std::string>{"folder.renkei", "m.renkei", "notes.renkei"});
}

TEST_CASE("a closed file leaves no journal, WAL or temporary file beside it", "[store]") {
  test::TempDir dir;
  const auto replica = ReplicaFile::new_replica_id();
  {
    core::Document doc(replica);
    auto file = ReplicaFile::create(dir / "m.renkei", replica, "m", test::kNow);
    test::make_sample_meeting(doc, *file);
    CHECK(std::filesystem::exists(dir / "m.renkei-wal"));  // WAL mode while open
    CHECK_FALSE(std::filesystem::exists(dir / "m.renkei-shm"));  // exclusive locking: no shared memory file
  }
  CHECK(dir.entries() == std::vector<std::string>{"m.renkei"});
  ReplicaFile::open(dir / "m.renkei").reset();
  CHECK(dir.entries() == std::vector<std::string>{"m.renkei"});
}

TEST_CASE("new replica ids are non-zero and new meeting ids are 32 hex digits, all different", "[store]") {
  std::set<core::PeerId> ids;
  std::set<std::string> meetings;
  for (int i = 0; i < 100; ++i) {
    ids.insert(ReplicaFile::new_replica_id());
    const auto m = ReplicaFile::new_meeting_id();
    CHECK(m.size() == 32);
    CHECK(m.find_first_not_of("0123456789abcdef") == std::string::npos);
    meetings.insert(m);
  }
  CHECK(ids.size() == 100);
  CHECK_FALSE(ids.count(0));
  CHECK(meetings.size() == 100);
}

TEST_CASE("loading needs a fresh document of the file's own replica", "[store]") {
  test::TempDir dir;
  auto file = ReplicaFile::create(dir / "m.renkei", 7, "m", test::kNow);
  core::Document other(8);
  CHECK_THROWS_AS(file->load_into(other), std::invalid_argument);
  core::Document used(7);
  test::make_sample_meeting(used, *file);
  CHECK_THROWS_AS(file->load_into(used), std::invalid_argument);
}
