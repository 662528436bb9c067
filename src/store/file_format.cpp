#include "store/file_format.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <set>

#include "store/file_lock.hpp"

namespace renkei::store::detail {
namespace fs = std::filesystem;

std::string quoted(const fs::path& path) { return "\"" + path.string() + "\""; }

[[noreturn]] void refuse_not_renkei(const fs::path& path) {
  throw StoreError(quoted(path) + " is not a Renkei meeting file (it is damaged or of another kind)");
}
[[noreturn]] void refuse_foreign(const fs::path& path) {
  throw StoreError(quoted(path) + " is not a Renkei meeting file: it is a database of another application");
}
[[noreturn]] void refuse_newer(const fs::path& path, std::int64_t version) {
  throw StoreError(quoted(path) + " was made by a newer version of Renkei (file format " + std::to_string(version) +
                   "; this version reads formats up to " + std::to_string(kFormatVersion) +
                   "): update Renkei to open it");
}
[[noreturn]] void refuse_damaged(const fs::path& path, const std::string& detail) {
  throw StoreError(quoted(path) + " is a Renkei meeting file but it is damaged (" + detail + ")");
}
[[noreturn]] void refuse_busy(const fs::path& path) {
  throw StoreError(quoted(path) + ": this meeting file is already open in another Renkei window/process");
}

std::string uri_for(const fs::path& path, const char* query) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : fs::absolute(path).string()) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                       c == '.' || c == '_' || c == '~' || c == '-';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kDigits[c >> 4], kDigits[c & 15]};
    }
  }
  if (query) out += std::string("?") + query;
  return out;
}

void harden(Connection& db) {
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  db.exec("PRAGMA cell_size_check=ON");
}

void check_header(const fs::path& path, int fd) {
  std::array<unsigned char, 100> h{};
  ssize_t n;
  do n = ::pread(fd, h.data(), h.size(), 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) throw StoreError(quoted(path) + " cannot be read: " + std::strerror(errno));
  if (n < static_cast<ssize_t>(h.size()) || std::memcmp(h.data(), "SQLite format 3", 16) != 0)
    refuse_not_renkei(path);
  auto be32 = [&](int at) {
    return static_cast<std::uint32_t>(h[at]) << 24 | static_cast<std::uint32_t>(h[at + 1]) << 16 |
           static_cast<std::uint32_t>(h[at + 2]) << 8 | static_cast<std::uint32_t>(h[at + 3]);
  };
  if (be32(68) != static_cast<std::uint32_t>(kApplicationId)) refuse_foreign(path);
  const auto version = static_cast<std::int32_t>(be32(60));
  if (version > kFormatVersion) refuse_newer(path, version);
}

ReplicaInfo read_info(Connection& db, const fs::path& path) {
  ReplicaInfo info;
  info.format_version = static_cast<int>(db.query_int("PRAGMA user_version"));
  Statement s(db.get(), "SELECT format, replica, meeting_id, created_ms FROM replica WHERE id = 1");
  if (!s.step()) refuse_damaged(path, "it has no replica row");
  if (s.text(0) != kFormatMarker) refuse_damaged(path, "its format marker is not '" + std::string(kFormatMarker) + "'");
  const auto replica = core::peer_from_hex(s.text(1));
  if (!replica || *replica == 0 || s.text(1).size() != 16) refuse_damaged(path, "its replica id is malformed");
  info.replica = *replica;
  info.meeting_id = std::string(s.text(2));
  if (info.meeting_id.empty()) refuse_damaged(path, "its meeting id is empty");
  info.created_ms = s.int64(3);
  return info;
}

OpRow encode(const core::Op& op) {
  OpRow row{op.partition,
            static_cast<std::int64_t>(op.id.peer),
            static_cast<std::int64_t>(op.id.counter),
            static_cast<std::int64_t>(op.last_counter()),
            static_cast<std::int64_t>(op.lamport),
            core::to_string(op.kind),
            {}};
  try {
    row.json = core::op_to_json(op).dump();  // keys sorted: canonical
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument("op " + op.id.to_string() + " cannot be stored: " + e.what());
  }
  return row;
}

core::Op decode(std::string_view json) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument("its JSON is malformed");
  }
  return core::op_from_json(j);
}

namespace {

/// Reads the whole file through `db` (a read-only connection), or throws StoreError saying
/// what is wrong.
Validated check_contents(Connection& db, const fs::path& path) {
  if (db.query_int("PRAGMA application_id") != kApplicationId) refuse_foreign(path);
  const auto version = db.query_int("PRAGMA user_version");
  if (version > kFormatVersion) refuse_newer(path, version);
  if (version < 1) refuse_damaged(path, "it has no format version");

  std::set<std::string> names;
  Statement schema(db.get(), "SELECT type, name FROM sqlite_schema");
  while (schema.step()) {
    const std::string type(schema.text(0)), name(schema.text(1));
    if (type == "trigger" || type == "view")
      refuse_damaged(path, "it contains the " + type + " '" + name + "', which Renkei files never have");
    names.insert(name);
  }
  for (const char* required : {"replica", "ops", "ops_by_id", "settings"})
    if (!names.count(required)) refuse_damaged(path, std::string("its table or index '") + required + "' is missing");

  Statement check(db.get(), "PRAGMA integrity_check(5)");
  std::string problems;
  while (check.step())
    if (check.text(0) != "ok") problems += (problems.empty() ? "" : "; ") + std::string(check.text(0));
  if (!problems.empty()) refuse_damaged(path, "integrity check: " + problems);

  Validated found{read_info(db, path), {}};

  Statement ops(db.get(), "SELECT seq, partition, peer, counter, last_counter, lamport, kind, op FROM ops ORDER BY seq");
  while (ops.step()) {
    const std::string where = "stored operation " + std::to_string(ops.int64(0));
    core::Op op;
    try {
      op = decode(ops.text(7));
    } catch (const std::invalid_argument& e) {
      refuse_damaged(path, where + " does not parse: " + e.what());
    }
    if (op.partition != ops.text(1) || static_cast<std::int64_t>(op.id.peer) != ops.int64(2) ||
        static_cast<std::int64_t>(op.id.counter) != ops.int64(3) ||
        static_cast<std::int64_t>(op.last_counter()) != ops.int64(4) ||
        static_cast<std::int64_t>(op.lamport) != ops.int64(5) || core::to_string(op.kind) != ops.text(6))
      refuse_damaged(path, where + " does not match its columns");
    found.ops.push_back(std::move(op));
  }
  Statement settings(db.get(), "SELECT key, value FROM settings");
  while (settings.step())
    if (!nlohmann::json::accept(settings.text(1)))
      refuse_damaged(path, "setting '" + std::string(settings.text(0)) + "' is not JSON");
  return found;
}

}  // namespace

Validated validate_read_only(const fs::path& path) {
  const fs::path wal = path.string() + "-wal", shm = path.string() + "-shm", journal = path.string() + "-journal";
  const bool had_wal = detail::path_exists(wal), had_shm = detail::path_exists(shm);
  const bool immutable = !had_wal && !detail::path_exists(journal);
  auto tidy = [&] {
    if (!had_shm) detail::remove_quietly(shm);
    std::error_code ec;
    if (!had_wal && fs::file_size(wal, ec) == 0 && !ec) detail::remove_quietly(wal);
  };
  try {
    Validated found;
    {
      Connection ro(uri_for(path, immutable ? "immutable=1" : "mode=ro"), SQLITE_OPEN_READONLY);
      harden(ro);
      found = check_contents(ro, path);
    }
    tidy();
    return found;
  } catch (const SqliteError& e) {
    tidy();
    switch (e.primary()) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED: refuse_busy(path);
      case SQLITE_NOTADB: refuse_not_renkei(path);
      case SQLITE_IOERR:
      case SQLITE_NOMEM:
      case SQLITE_CANTOPEN:
      case SQLITE_PERM: throw StoreError(quoted(path) + " cannot be read: " + detail::describe_failure(e));
      default: refuse_damaged(path, e.sqlite_message());
    }
  } catch (...) {
    tidy();
    throw;
  }
}

}  // namespace renkei::store::detail
