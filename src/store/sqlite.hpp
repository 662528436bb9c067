// Small RAII helpers over SQLite's C API, private to src/store: a connection, a prepared
// statement and a transaction. Not a general wrapper — only what the replica file needs.
// SQLite C API reference: https://www.sqlite.org/c3ref/intro.html
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "store/replica_file.hpp"

namespace renkei::store::detail {

/// An SQLite call failed. what() is "<doing what>: <SQLite's message>"; code() is SQLite's
/// extended result code (https://www.sqlite.org/rescode.html). Callers turn it into a human
/// StoreError with describe_failure().
class SqliteError : public StoreError {
 public:
  /// `doing`: what was being done ("running a statement"); `message`: SQLite's own words.
  SqliteError(int code, const std::string& doing, const std::string& message)
      : StoreError(doing + ": " + message), code_(code), message_(message) {}
  /// The extended result code, e.g. SQLITE_IOERR_FSYNC.
  [[nodiscard]] int code() const { return code_; }
  /// The primary result code (low 8 bits), e.g. SQLITE_IOERR.
  [[nodiscard]] int primary() const { return code_ & 0xff; }
  /// SQLite's message alone (sqlite3_errmsg), e.g. "database disk image is malformed".
  [[nodiscard]] const std::string& sqlite_message() const { return message_; }

 private:
  int code_;
  std::string message_;
};

/// Plain words for an SQLite failure as a person reads it ("the disk is full", "the file is
/// read-only", …), from the primary result code.
std::string describe_failure(const SqliteError& e);

/// One database connection (sqlite3_open_v2, closed with sqlite3_close_v2). Extended result
/// codes are on. Not copyable; use from one thread at a time.
class Connection {
 public:
  /// Opens `uri` (an SQLite URI filename, https://www.sqlite.org/uri.html; SQLITE_OPEN_URI is
  /// added to `flags`). Throws SqliteError (e.g. SQLITE_CANTOPEN).
  Connection(const std::string& uri, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] sqlite3* get() const { return db_; }
  /// Runs one or more statements that return no rows we need (sqlite3_exec). Throws SqliteError.
  void exec(const char* sql);
  /// Runs a statement and returns the first column of its first row as text ("" if no row),
  /// e.g. for "PRAGMA journal_mode=WAL". Throws SqliteError.
  std::string query_text(const char* sql);
  /// As query_text, for an integer result (0 if no row).
  std::int64_t query_int(const char* sql);

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement (sqlite3_prepare_v3 … sqlite3_finalize). Column accessors are valid
/// after step() returned true and until the next step() or reset().
class Statement {
 public:
  /// Prepares `sql`; `persistent` hints that it will be reused many times
  /// (SQLITE_PREPARE_PERSISTENT). Throws SqliteError.
  Statement(sqlite3* db, std::string_view sql, bool persistent = false);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Binds parameter `index` (1-based) to a 64-bit integer.
  void bind(int index, std::int64_t value);
  /// Binds parameter `index` (1-based) to UTF-8 text (copied by SQLite).
  void bind(int index, std::string_view text);
  /// Advances: true if a row is available, false when done. Throws SqliteError.
  bool step();
  /// Resets for re-execution and clears bindings.
  void reset();

  /// The storage class of a column (SQLITE_INTEGER, SQLITE_TEXT, SQLITE_NULL, …).
  [[nodiscard]] int type(int col) const;
  [[nodiscard]] std::int64_t int64(int col) const;
  /// UTF-8 text of a column ("" for NULL); the view dies at the next step()/reset().
  [[nodiscard]] std::string_view text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE … COMMIT; rolls back in the destructor unless committed
/// (https://www.sqlite.org/lang_transaction.html).
class Transaction {
 public:
  /// Begins a write transaction. Throws SqliteError.
  explicit Transaction(Connection& db);
  /// Rolls back if commit() was not reached (errors ignored: SQLite may already have rolled back).
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// Commits. Throws SqliteError; the destructor then rolls back what is left.
  void commit();

 private:
  Connection& db_;
  bool done_ = false;
};

}  // namespace renkei::store::detail
