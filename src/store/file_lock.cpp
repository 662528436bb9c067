#include "store/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>

#include "store/replica_file.hpp"

namespace renkei::store::detail {
namespace {

std::mutex registry_mutex;
std::set<std::pair<dev_t, ino_t>> registry;  // files a FileLock of this process holds

std::string quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

[[noreturn]] void refuse_busy(const std::filesystem::path& path) {
  throw StoreError(quoted(path) + ": this meeting file is already open in another Renkei window/process");
}

}  // namespace

FileLock::FileLock(const std::filesystem::path& path) {
  std::lock_guard guard(registry_mutex);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw StoreError("there is no meeting file at " + quoted(path));
    throw StoreError(quoted(path) + " cannot be read: " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw StoreError(quoted(path) + " is a folder, not a meeting file");
  if (!S_ISREG(st.st_mode)) throw StoreError(quoted(path) + " is not a meeting file (not a regular file)");
  if (registry.count({st.st_dev, st.st_ino})) refuse_busy(path);

  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) {
    if (errno == EACCES || errno == EPERM) throw StoreError(quoted(path) + " cannot be read: permission denied");
    throw StoreError(quoted(path) + " cannot be opened: " + std::strerror(errno));
  }
  struct stat opened {};
  if (::fstat(fd_, &opened) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw StoreError(quoted(path) + " cannot be read: " + std::strerror(err));
  }
  if (registry.count({opened.st_dev, opened.st_ino})) {
    // The path was replaced between stat and open by a file this process already holds.
    // Closing this descriptor would drop SQLite's fcntl locks on that file, so it is left
    // open: one descriptor leaked in a race that needs two opens of one file at once.
    fd_ = -1;
    refuse_busy(path);
  }
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) refuse_busy(path);
    throw StoreError(quoted(path) + " cannot be locked: " + std::strerror(err));
  }
  key_ = {opened.st_dev, opened.st_ino};
  registry.insert(key_);
}

FileLock::~FileLock() {
  if (fd_ < 0) return;
  std::lock_guard guard(registry_mutex);
  registry.erase(key_);
  ::close(fd_);  // releases the flock
}

bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EINVAL && errno != ENOSYS)
    throw StoreError(quoted(to) + " cannot be created: " + std::strerror(errno));
  // The file system has no RENAME_NOREPLACE: link(2) also never replaces.
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) return false;
    throw StoreError(quoted(to) + " cannot be created: " + std::strerror(errno));
  }
  ::unlink(from.c_str());
  return true;
}

void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

bool path_exists(const std::filesystem::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void remove_quietly(const std::filesystem::path& path) { ::unlink(path.c_str()); }

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw StoreError(std::string("no random numbers from the system: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(r);
  }
  return out;
}

std::string to_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace renkei::store::detail
