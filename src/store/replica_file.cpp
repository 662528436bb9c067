#include "store/replica_file.hpp"

#include "store/file_format.hpp"
#include "store/file_lock.hpp"
#include "store/sqlite.hpp"

namespace renkei::store {
namespace fs = std::filesystem;
using namespace detail;  // private helpers: file_format.hpp, file_lock.hpp, sqlite.hpp

namespace {

constexpr const char* kInsertOp =
    "INSERT INTO ops (partition, peer, counter, last_counter, lamport, kind, op) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (partition, peer, counter) DO NOTHING";

}  // namespace

struct ReplicaFile::Impl {
  fs::path path;
  ReplicaInfo info;
  std::unique_ptr<detail::FileLock> lock;  // members are destroyed bottom-up: lock released last
  std::unique_ptr<Connection> db;
  std::unique_ptr<Statement> insert;
  /// The ops parsed by validation, until the first ops()/load_into() or append() (the file is
  /// locked, so they are exactly what is stored).
  mutable std::optional<std::vector<core::Op>> validated_ops;

  [[noreturn]] void fail_write(const SqliteError& e) const {
    throw StoreError("the change could not be saved to " + quoted(path) + ": " + detail::describe_failure(e));
  }
  [[noreturn]] void fail_read(const SqliteError& e) const {
    throw StoreError(quoted(path) + " cannot be read: " + detail::describe_failure(e));
  }
};

ReplicaFile::ReplicaFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReplicaFile::~ReplicaFile() = default;

namespace {

/// The read-write connection of a validated file: locking_mode=EXCLUSIVE before the first
/// access (so the WAL index lives in heap memory, no -shm is used, and SQLite's exclusive lock
/// is held until close), journal_mode=WAL, synchronous=FULL (every commit fsyncs the WAL)
/// (https://www.sqlite.org/pragma.html#pragma_locking_mode, https://www.sqlite.org/wal.html).
std::unique_ptr<Connection> open_read_write(const fs::path& path, const ReplicaInfo& validated) {
  try {
    auto db = std::make_unique<Connection>(uri_for(path, nullptr), SQLITE_OPEN_READWRITE);
    if (sqlite3_db_readonly(db->get(), "main") == 1)
      throw StoreError(quoted(path) + " cannot be opened for writing: the file or its folder is read-only");
    harden(*db);
    db->exec("PRAGMA locking_mode=EXCLUSIVE");
    if (db->query_text("PRAGMA journal_mode=WAL") != "wal")
      throw StoreError(quoted(path) + " cannot be opened for writing: the file system does not support its journal");
    db->exec("PRAGMA synchronous=FULL");
    // Deleted and rewritten content (redaction, dropped partitions) is overwritten on disk,
    // not left in free pages (https://www.sqlite.org/pragma.html#pragma_secure_delete).
    db->exec("PRAGMA secure_delete=ON");
    db->exec("BEGIN IMMEDIATE; COMMIT");  // takes the exclusive lock now
    if (read_info(*db, path) != validated) refuse_damaged(path, "it changed while being opened");
    return db;
  } catch (const SqliteError& e) {
    if (e.primary() == SQLITE_BUSY || e.primary() == SQLITE_LOCKED) refuse_busy(path);
    throw StoreError(quoted(path) + " cannot be opened for writing: " + detail::describe_failure(e));
  }
}

/// Runs the prepared INSERT INTO ops statement for each row, inside the caller's transaction;
/// the statement is left reset (ready for reuse) whatever happens. Throws SqliteError.
void insert_rows(Statement& insert, const std::vector<OpRow>& rows) {
  try {
    for (const auto& row : rows) {
      insert.bind(1, row.partition);
      insert.bind(2, row.peer);
      insert.bind(3, row.counter);
      insert.bind(4, row.last_counter);
      insert.bind(5, row.lamport);
      insert.bind(6, row.kind);
      insert.bind(7, row.json);
      insert.step();
      insert.reset();
    }
  } catch (...) {
    insert.reset();
    throw;
  }
}

}  // namespace

std::unique_ptr<ReplicaFile> ReplicaFile::open_locked(const fs::path& path, std::unique_ptr<detail::FileLock> lock) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->lock = std::move(lock);
  check_header(path, impl->lock->fd());
  Validated found = validate_read_only(path);
  impl->info = std::move(found.info);
  impl->validated_ops = std::move(found.ops);
  impl->db = open_read_write(path, impl->info);
  impl->insert = std::make_unique<Statement>(impl->db->get(), kInsertOp, true);
  return std::unique_ptr<ReplicaFile>(new ReplicaFile(std::move(impl)));
}

std::unique_ptr<ReplicaFile> ReplicaFile::open(const fs::path& path) {
  return open_locked(path, std::make_unique<detail::FileLock>(path));
}

std::unique_ptr<ReplicaFile> ReplicaFile::create(const fs::path& path, core::PeerId replica, std::string meeting_id,
                                                 std::int64_t now_ms) {
  if (replica == 0) throw std::invalid_argument("ReplicaFile::create: replica id 0 is reserved");
  if (meeting_id.empty()) throw std::invalid_argument("ReplicaFile::create: the meeting id is empty");
  if (detail::path_exists(path))
    throw StoreError(quoted(path) + " already exists; Renkei never overwrites a file: choose another name");
  const fs::path folder = path.parent_path();
  std::error_code ec;
  if (!folder.empty() && !fs::is_directory(folder, ec))
    throw StoreError(quoted(path) + " cannot be created: the folder " + quoted(folder) + " does not exist");

  const fs::path tmp = folder / ("." + path.filename().string() + ".creating-" + detail::to_hex(detail::random_bytes(6)));
  auto discard = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) detail::remove_quietly(tmp.string() + suffix);
  };
  try {
    {
      Connection db(uri_for(tmp, nullptr), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      harden(db);
      db.exec("PRAGMA locking_mode=EXCLUSIVE; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON");
      // Identity first, in rollback-journal mode, so the main file's header always carries
      // the application id and version (check_header reads them without SQLite).
      detail::Transaction tx(db);
      db.exec(("PRAGMA application_id=" + std::to_string(kApplicationId) +
               "; PRAGMA user_version=" + std::to_string(kFormatVersion))
                  .c_str());
      db.exec(kSchema);
      Statement row(db.get(), "INSERT INTO replica (id, format, replica, meeting_id, created_ms) VALUES (1, ?1, ?2, ?3, ?4)");
      row.bind(1, kFormatMarker);
      row.bind(2, core::peer_to_hex(replica));
      row.bind(3, meeting_id);
      row.bind(4, now_ms);
      row.step();
      tx.commit();
      if (db.query_text("PRAGMA journal_mode=WAL") != "wal")
        throw StoreError(quoted(path) + " cannot be created: the file system does not support its journal");
    }  // closing checkpoints and removes the -wal
    auto lock = std::make_unique<detail::FileLock>(tmp);
    if (!detail::rename_no_replace(tmp, path)) {
      lock.reset();
      discard();
      throw StoreError(quoted(path) + " already exists; Renkei never overwrites a file: choose another name");
    }
    detail::sync_folder(folder);
    return open_locked(path, std::move(lock));
  } catch (const SqliteError& e) {
    discard();
    throw StoreError(quoted(path) + " cannot be created: " + detail::describe_failure(e));
  } catch (...) {
    discard();
    throw;
  }
}

core::PeerId ReplicaFile::new_replica_id() {
  for (;;) {
    const std::string bytes = detail::random_bytes(8);
    core::PeerId id = 0;
    for (unsigned char c : bytes) id = id << 8 | c;
    if (id != 0) return id;
  }
}

std::string ReplicaFile::new_meeting_id() { return detail::to_hex(detail::random_bytes(16)); }

const ReplicaInfo& ReplicaFile::info() const { return impl_->info; }

const fs::path& ReplicaFile::path() const { return impl_->path; }

void ReplicaFile::append(const std::vector<core::Op>& ops) {
  std::vector<const core::Op*> pointers;
  pointers.reserve(ops.size());
  for (const auto& op : ops) pointers.push_back(&op);
  append(pointers);
}

void ReplicaFile::append(const std::vector<const core::Op*>& ops) { append(ops, Durability::durable); }

void ReplicaFile::append(const std::vector<const core::Op*>& ops, Durability durability) {
  if (ops.empty()) return;
  // synchronous applies per transaction (https://www.sqlite.org/pragma.html#pragma_synchronous):
  // NORMAL for this commit only, FULL again afterwards.
  struct Relaxed {
    Connection* db;
    explicit Relaxed(Connection* d) : db(d) { if (db) db->exec("PRAGMA synchronous=NORMAL"); }
    ~Relaxed() {
      if (db) try { db->exec("PRAGMA synchronous=FULL"); } catch (...) {}
    }
  } relaxed(durability == Durability::relaxed ? impl_->db.get() : nullptr);
  std::vector<OpRow> rows;  // encode everything before writing anything
  rows.reserve(ops.size());
  for (const core::Op* op : ops) rows.push_back(encode(*op));
  Statement& insert = *impl_->insert;
  impl_->validated_ops.reset();
  try {
    detail::Transaction tx(*impl_->db);
    insert_rows(insert, rows);
    tx.commit();
  } catch (const SqliteError& e) {
    impl_->fail_write(e);
  }
}

void ReplicaFile::replace(const std::vector<const core::Op*>& ops) {
  if (ops.empty()) return;
  std::vector<OpRow> rows;
  rows.reserve(ops.size());
  for (const core::Op* op : ops) rows.push_back(encode(*op));
  impl_->validated_ops.reset();
  try {
    detail::Transaction tx(*impl_->db);
    Statement update(impl_->db->get(),
                     "UPDATE ops SET kind = ?1, op = ?2, last_counter = ?3 WHERE partition = ?4 AND peer = ?5 AND counter = ?6");
    for (const auto& row : rows) {
      update.bind(1, row.kind);
      update.bind(2, row.json);
      update.bind(3, row.last_counter);
      update.bind(4, row.partition);
      update.bind(5, row.peer);
      update.bind(6, row.counter);
      update.step();
      update.reset();
    }
    tx.commit();
    // Old page images in the WAL go too.
    impl_->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SqliteError& e) {
    impl_->fail_write(e);
  }
}

void ReplicaFile::compact(const std::vector<const core::Op*>& ops) {
  std::vector<OpRow> rows;
  rows.reserve(ops.size());
  for (const core::Op* op : ops) rows.push_back(encode(*op));
  impl_->validated_ops.reset();
  try {
    detail::Transaction tx(*impl_->db);
    impl_->db->exec("DELETE FROM ops");
    Statement& insert = *impl_->insert;
    insert_rows(insert, rows);
    tx.commit();
    impl_->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    impl_->db->exec("VACUUM");  // give the freed pages back: the file shrinks to the log
  } catch (const SqliteError& e) {
    impl_->fail_write(e);
  }
}

void ReplicaFile::drop_partition(const std::string& partition) {
  impl_->validated_ops.reset();
  try {
    detail::Transaction tx(*impl_->db);
    Statement remove(impl_->db->get(), "DELETE FROM ops WHERE partition = ?1");
    remove.bind(1, partition);
    remove.step();
    tx.commit();
    // Old page images in the WAL go too.
    impl_->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SqliteError& e) {
    impl_->fail_write(e);
  }
}

std::vector<core::Op> ReplicaFile::ops() const {
  if (impl_->validated_ops) {
    std::vector<core::Op> out = std::move(*impl_->validated_ops);
    impl_->validated_ops.reset();
    return out;
  }
  std::vector<core::Op> out;
  try {
    Statement s(impl_->db->get(), "SELECT seq, op FROM ops ORDER BY seq");
    while (s.step()) {
      try {
        out.push_back(decode(s.text(1)));
      } catch (const std::invalid_argument& e) {
        refuse_damaged(impl_->path, "stored operation " + std::to_string(s.int64(0)) + " does not parse: " + e.what());
      }
    }
  } catch (const SqliteError& e) {
    impl_->fail_read(e);
  }
  return out;
}

std::size_t ReplicaFile::op_count() const {
  try {
    return static_cast<std::size_t>(impl_->db->query_int("SELECT count(*) FROM ops"));
  } catch (const SqliteError& e) {
    impl_->fail_read(e);
  }
}

void ReplicaFile::load_into(core::Document& doc) const {
  if (doc.self() != impl_->info.replica)
    throw std::invalid_argument("load_into: the document's replica id is not the file's");
  if (doc.op_count() != 0 || doc.pending_count() != 0) throw std::invalid_argument("load_into: the document is not fresh");
  auto ops = this->ops();
  const std::size_t n = ops.size();
  auto result = doc.receive(std::move(ops));
  if (!result.refused.empty()) refuse_damaged(impl_->path, "stored operation " + result.refused.front());
  if (doc.pending_count() != 0)
    refuse_damaged(impl_->path, std::to_string(doc.pending_count()) + " stored operations wait for operations that are missing");
  if (result.applied.size() != n)
    refuse_damaged(impl_->path, std::to_string(n - result.applied.size()) + " stored operations are duplicates");
}

void ReplicaFile::set_meta(const std::string& key, const nlohmann::json& value) {
  if (key.empty()) throw std::invalid_argument("set_meta: the key is empty");
  std::string text;
  try {
    text = value.dump();
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument("set_meta: the value of '" + key + "' cannot be stored: " + e.what());
  }
  try {
    Statement s(impl_->db->get(),
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, key);
    s.bind(2, text);
    s.step();
  } catch (const SqliteError& e) {
    impl_->fail_write(e);
  }
}

std::optional<nlohmann::json> ReplicaFile::meta(const std::string& key) const {
  try {
    Statement s(impl_->db->get(), "SELECT value FROM settings WHERE key = ?1");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    try {
      return nlohmann::json::parse(s.text(0));
    } catch (const nlohmann::json::exception&) {
      refuse_damaged(impl_->path, "setting '" + key + "' is not JSON");
    }
  } catch (const SqliteError& e) {
    impl_->fail_read(e);
  }
}

}  // namespace renkei::store
