// POSIX file-system helpers for the replica file, private to src/store: the one-writer lock,
// creating a file without ever replacing one, and random bytes.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>

namespace renkei::store::detail {

/// The one-writer lock on a meeting file: flock(2) LOCK_EX on the file itself, held from
/// before the file is validated until the ReplicaFile is destroyed, so a second process
/// (or a second ReplicaFile in this process) is refused before it reads anything.
///
/// Why flock on the database file rather than SQLite's locks alone: flock locks (Linux) are
/// independent of the POSIX fcntl locks SQLite uses (https://www.sqlite.org/lockingv3.html),
/// belong to the open file description (not the process), are released by the kernel when a
/// process dies (so a crash never leaves a stale lock), and need no side file. Files open in
/// this process are also kept in a registry (by device and inode) and refused before any
/// descriptor is opened: closing a second descriptor of a file would drop every fcntl lock
/// SQLite holds on it in this process (a POSIX rule; SQLite's "How To Corrupt", §2.2).
/// Limitation: on NFS, Linux emulates flock with fcntl locks; SQLite's own exclusive lock
/// (locking_mode=EXCLUSIVE) still keeps a second writer out there.
class FileLock {
 public:
  /// Opens `path` read-only (O_CLOEXEC) and locks it without waiting. Throws StoreError with a
  /// human message if the file does not exist, is not a regular file, cannot be read, or is
  /// already open (here or in another process).
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  /// The locked descriptor (read-only), for reading the header.
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::pair<dev_t, ino_t> key_{};
};

/// Renames `from` to `to` only if `to` does not exist (renameat2 RENAME_NOREPLACE; link+unlink
/// on file systems without it). Returns false if `to` exists; throws StoreError on other errors.
bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

/// fsync(2)s a folder so that a new entry in it survives a power loss. Errors are ignored
/// (some file systems refuse fsync on folders).
void sync_folder(const std::filesystem::path& folder);

/// True if something (even a dangling symlink) exists at `path`.
bool path_exists(const std::filesystem::path& path);

/// Removes `path` if it exists; errors ignored.
void remove_quietly(const std::filesystem::path& path);

/// `n` bytes from the kernel's CSPRNG (getrandom(2), i.e. /dev/urandom). Throws StoreError if
/// it fails.
std::string random_bytes(std::size_t n);

/// Lower-case hex of `bytes`.
std::string to_hex(const std::string& bytes);

}  // namespace renkei::store::detail
