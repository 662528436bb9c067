// The replica file format, version 1 (protocol/REPLICA_FILE.md), private to src/store: the
// schema, the op row encoding, and the checks that decide whether a file may be opened.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/op.hpp"
#include "store/replica_file.hpp"
#include "store/sqlite.hpp"

namespace renkei::store::detail {

/// The value of replica.format: the marker row that says "this is a Renkei replica file".
inline constexpr const char* kFormatMarker = "renkei.replica";

/// Format 1's tables (protocol/REPLICA_FILE.md, "Tables"). STRICT tables make SQLite enforce
/// the column types (https://www.sqlite.org/stricttables.html, SQLite ≥ 3.37).
inline constexpr const char* kSchema = R"sql(
CREATE TABLE replica (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  format     TEXT NOT NULL,
  replica    TEXT NOT NULL,
  meeting_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE ops (
  seq          INTEGER PRIMARY KEY,
  partition    TEXT NOT NULL,
  peer         INTEGER NOT NULL,
  counter      INTEGER NOT NULL,
  last_counter INTEGER NOT NULL,
  lamport      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  op           TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX ops_by_id ON ops (partition, peer, counter);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

/// `path` in double quotes, as messages name files.
std::string quoted(const std::filesystem::path& path);

/// Refusals (StoreError), worded for a person; each names the file.
[[noreturn]] void refuse_not_renkei(const std::filesystem::path& path);
[[noreturn]] void refuse_foreign(const std::filesystem::path& path);
[[noreturn]] void refuse_newer(const std::filesystem::path& path, std::int64_t version);
[[noreturn]] void refuse_damaged(const std::filesystem::path& path, const std::string& detail);
[[noreturn]] void refuse_busy(const std::filesystem::path& path);

/// An SQLite URI for `path` (https://www.sqlite.org/uri.html): absolute, every byte outside
/// [A-Za-z0-9/._~-] percent-encoded (so '?', '#', '%' and non-ASCII names are safe); `query`
/// (e.g. "mode=ro") is appended if given.
std::string uri_for(const std::filesystem::path& path, const char* query);

/// Settings for every connection: defensive mode and untrusted schema (no functions run from a
/// file's own schema: https://www.sqlite.org/pragma.html#pragma_trusted_schema,
/// SQLITE_DBCONFIG_DEFENSIVE), and cell_size_check to notice damaged pages early.
void harden(Connection& db);

/// Checks the 100-byte database header (https://www.sqlite.org/fileformat.html#the_database_header),
/// read from the locked descriptor `fd` without SQLite: the magic string, the application id
/// (offset 68) and the user version (offset 60). Both are written at creation, before the file
/// is in WAL mode, so the main file's header always has them. Throws StoreError (refusal).
void check_header(const std::filesystem::path& path, int fd);

/// The replica row and `PRAGMA user_version`. Throws StoreError if missing or malformed.
ReplicaInfo read_info(Connection& db, const std::filesystem::path& path);

/// One ops row, as stored. 64-bit unsigned values are kept as their two's-complement int64.
struct OpRow {
  std::string partition;
  std::int64_t peer = 0, counter = 0, last_counter = 0, lamport = 0;
  std::string kind;
  std::string json;  ///< op_to_json(op).dump(): canonical (keys sorted, no spaces, UTF-8)
};

/// The row for `op`. Throws std::invalid_argument if the op cannot be encoded (invalid UTF-8).
OpRow encode(const core::Op& op);

/// Parses an op column. Throws std::invalid_argument saying what is wrong.
core::Op decode(std::string_view json);

/// What validation found: the identity, and every stored op parsed (kept for the first load,
/// so that opening and loading parse the log once).
struct Validated {
  ReplicaInfo info;
  std::vector<core::Op> ops;
};

/// Validates the file through a read-only connection: application id, format version, the
/// tables (and no triggers or views), `PRAGMA integrity_check`, the replica row, every op row
/// (parses, matches its columns), every setting (is JSON). Throws StoreError (refusal).
///
/// With no -wal (or -journal) beside the file the connection is `immutable=1`, which creates
/// no side file at all; otherwise (a crash left committed transactions in the -wal) it is
/// `mode=ro`, which reads the -wal and needs a -shm — one that did not exist before is removed
/// again. This is safe because the caller holds the file's lock (FileLock), and the read-write
/// connection (locking_mode=EXCLUSIVE) never uses a -shm.
Validated validate_read_only(const std::filesystem::path& path);

}  // namespace renkei::store::detail
