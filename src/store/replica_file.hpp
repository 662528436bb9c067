// The replica file: one SQLite database per peer per meeting (`*.renkei`) holding this
// replica's identity, the op log of every partition it has, and small settings. It is the
// durable half of DESIGN.md's rule "an operation is durable in the author's replica file
// before the author's screen shows it". The format is documented in protocol/REPLICA_FILE.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/document.hpp"
#include "core/ids.hpp"
#include "core/op.hpp"

namespace renkei::store {
namespace detail {
class FileLock;
}

/// A replica file cannot be created, opened, read or written. what() is a complete sentence
/// for a person, naming the file and what is wrong ("… is not a Renkei meeting file (it is
/// damaged or of another kind)", "… the disk is full", …).
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// `PRAGMA application_id` of every replica file: "RENK" in ASCII, big-endian
/// (https://www.sqlite.org/pragma.html#pragma_application_id).
inline constexpr std::int32_t kApplicationId = 0x52454E4B;
/// The file format this build writes and the newest it reads (`PRAGMA user_version`).
inline constexpr int kFormatVersion = 1;

/// Who this replica is and which meeting it belongs to; fixed when the file is created.
struct ReplicaInfo {
  core::PeerId replica = 0;     ///< this replica's id (random, non-zero), for core::Document(self)
  std::string meeting_id;       ///< opaque random token naming the meeting (not personal data)
  std::int64_t created_ms = 0;  ///< creation time, ms since the Unix epoch
  int format_version = 0;       ///< file format version (1)
  bool operator==(const ReplicaInfo&) const = default;
};

/// An open replica file. One process, one ReplicaFile per file: the file stays locked until
/// this object is destroyed. Not thread-safe: use it from one thread at a time (the session's
/// io thread). Every method that writes is durable when it returns (WAL, synchronous=FULL).
class ReplicaFile {
 public:
  /// Creates a new replica file at `path` and returns it open. The file appears complete or
  /// not at all (it is built under a temporary name in the same folder, then renamed without
  /// replacing). `replica` must be non-zero (see new_replica_id()); `meeting_id` non-empty
  /// (see new_meeting_id()); `now_ms` is ms since the Unix epoch.
  /// Throws StoreError if anything exists at `path` (a file is never overwritten), if the
  /// folder is missing or not writable, or on a disk error; std::invalid_argument for a zero
  /// replica id or an empty meeting id.
  static std::unique_ptr<ReplicaFile> create(const std::filesystem::path& path, core::PeerId replica,
                                             std::string meeting_id, std::int64_t now_ms);

  /// Opens an existing replica file for reading and appending. Before anything can change it,
  /// the file is locked and validated through a read-only connection (header, application id,
  /// format version, tables, SQLite's integrity check, every stored op parses and matches its
  /// columns); only then is it reopened read-write. Throws StoreError, leaving the file
  /// byte-for-byte as it was, if: there is no file; it is not an SQLite database; it is an
  /// SQLite database of another application; it was made by a newer Renkei (format version
  /// above kFormatVersion); it is damaged; it is already open in another window or process.
  static std::unique_ptr<ReplicaFile> open(const std::filesystem::path& path);

  /// A random non-zero replica id from the system CSPRNG (getrandom(2)). Throws StoreError if
  /// the system has no randomness to give.
  static core::PeerId new_replica_id();
  /// A random meeting token: 128 bits from the system CSPRNG as 32 lower-case hex digits.
  static std::string new_meeting_id();

  ~ReplicaFile();
  ReplicaFile(const ReplicaFile&) = delete;
  ReplicaFile& operator=(const ReplicaFile&) = delete;

  /// This replica's identity, as stored.
  [[nodiscard]] const ReplicaInfo& info() const;
  /// The path the file was created or opened with.
  [[nodiscard]] const std::filesystem::path& path() const;

  /// Appends `ops`, in order, in one transaction; when it returns they are durable. An op
  /// whose (partition, author, counter) is already stored is skipped (duplicates are harmless;
  /// the first copy stays). Throws StoreError (disk full, read-only, I/O error …) having
  /// stored none of them; std::invalid_argument if an op cannot be encoded (invalid UTF-8).
  void append(const std::vector<core::Op>& ops);
  /// How durable an append must be when it returns.
  ///  - durable: fsynced (synchronous=FULL): survives a power cut. For this replica's own ops:
  ///    DESIGN.md requires them on disk before their author's screen shows them.
  ///  - relaxed: committed to the WAL without an fsync (synchronous=NORMAL): survives the
  ///    process being killed, and reaches the disk with the next durable commit or checkpoint.
  ///    For ops received from peers, which peers send again after a power cut.
  enum class Durability { durable, relaxed };
  void append(const std::vector<const core::Op*>& ops, Durability durability);
  /// As above, for ops held elsewhere (e.g. core::Document::ops_since()).
  void append(const std::vector<const core::Op*>& ops);
  /// Rewrites stored ops in place, matched by (partition, id), in one transaction: used when
  /// the document redacts ops whose item moved to another audience, so their content does not
  /// stay on disk (DESIGN.md, Privacy). Ops not stored are ignored. Throws StoreError.
  void replace(const std::vector<const core::Op*>& ops);
  /// Rewrites the whole op log with `ops` (a document's log, whose typed runs are merged: see
  /// core::can_extend) in one transaction, so the file holds as many rows as the log and
  /// reopening reads those. Nothing is lost: every op's content is in the merged ones. `ops`
  /// must hold everything stored (it is a document loaded from this file plus later ops), in a
  /// causal order. Throws StoreError (then the file is as it was).
  void compact(const std::vector<const core::Op*>& ops);
  /// Deletes every op of a partition this replica may no longer see (Document::drop_partition),
  /// in one transaction. Throws StoreError.
  void drop_partition(const std::string& partition);

  /// Every stored op in the order appended (a causal order). Throws StoreError if a stored
  /// op no longer parses (the file was damaged while open) or on a read error.
  [[nodiscard]] std::vector<core::Op> ops() const;
  /// The number of stored ops.
  [[nodiscard]] std::size_t op_count() const;

  /// Loads the meeting into `doc` by doc.receive(ops()). `doc` must be fresh (no ops) and its
  /// self() must be info().replica, else std::invalid_argument. Throws StoreError if the
  /// stored ops do not all apply (the file is damaged: an op conflicts with another, or waits
  /// for one that is missing); `doc` is then unusable.
  void load_into(core::Document& doc) const;

  /// Stores a small setting kept with the meeting (role, join settings, display name, peer
  /// addresses …), replacing any previous value of `key`; durable when it returns. `key` must
  /// be non-empty (std::invalid_argument); the value is kept as JSON text. Throws StoreError
  /// on a disk error.
  void set_meta(const std::string& key, const nlohmann::json& value);
  /// The setting stored under `key`, or std::nullopt. Throws StoreError on a read error or a
  /// stored value that is not JSON.
  [[nodiscard]] std::optional<nlohmann::json> meta(const std::string& key) const;

 private:
  struct Impl;
  explicit ReplicaFile(std::unique_ptr<Impl> impl);
  static std::unique_ptr<ReplicaFile> open_locked(const std::filesystem::path& path,
                                                  std::unique_ptr<detail::FileLock> lock);
  std::unique_ptr<Impl> impl_;
};

}  // namespace renkei::store
