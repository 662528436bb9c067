#include "cli/gzip_file.hpp"

#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace renkei::tools {

std::string read_gzip_file(const std::filesystem::path& path) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw std::runtime_error("cannot open " + path.string());
  std::string out;
  char buf[1 << 16];
  for (;;) {
    int n = gzread(file.get(), buf, sizeof buf);
    if (n < 0) {
      int code = 0;
      const char* msg = gzerror(file.get(), &code);
      throw std::runtime_error(path.string() + ": " + (msg ? msg : "read error"));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace renkei::tools
