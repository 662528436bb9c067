#include "store/sqlite.hpp"

namespace renkei::store::detail {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  const int code = db ? sqlite3_extended_errcode(db) : rc;
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(code != 0 ? code : rc, std::string(what), msg);
}

}  // namespace

std::string describe_failure(const SqliteError& e) {
  switch (e.primary()) {
    case SQLITE_FULL: return "the disk is full";
    case SQLITE_READONLY: return "the file or its folder is read-only";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "permission denied";
    case SQLITE_IOERR: return "the disk could not be read or written (" + e.sqlite_message() + ")";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "the file is damaged";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "another program has the file locked";
    case SQLITE_CANTOPEN: return "the file cannot be opened";
    case SQLITE_NOMEM: return "out of memory";
    default: return e.sqlite_message();
  }
}

// --- Connection ------------------------------------------------------------------------------

Connection::Connection(const std::string& uri, int flags) {
  const int rc = sqlite3_open_v2(uri.c_str(), &db_, flags | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 gives a handle even on failure (unless out of memory); keep its message.
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const int code = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqliteError(code, "opening the database", msg);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  if (db_) sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(sqlite3_extended_errcode(db_), std::string(sql).substr(0, 60), msg);
  }
}

std::string Connection::query_text(const char* sql) {
  Statement s(db_, sql);
  return s.step() ? std::string(s.text(0)) : std::string();
}

std::int64_t Connection::query_int(const char* sql) {
  Statement s(db_, sql);
  return s.step() ? s.int64(0) : 0;
}

// --- Statement -------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql, bool persistent) : db_(db) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, std::string("preparing ") + std::string(sql.substr(0, 60)));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
}

void Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(db_, rc, "binding a value");
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc, "running a statement");
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::type(int col) const { return sqlite3_column_type(stmt_, col); }

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string_view Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

// --- Transaction -----------------------------------------------------------------------------

Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_ && !sqlite3_get_autocommit(db_.get())) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace renkei::store::detail
