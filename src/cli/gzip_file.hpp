// Reading gzip-compressed files (editing traces), shared by renkei-cli, bench/ and tests.
#pragma once

#include <filesystem>
#include <string>

namespace renkei::tools {

/// Returns the decompressed bytes of a gzip (or plain) file, via zlib's gzFile API.
/// Throws std::runtime_error naming the file when it cannot be opened or is corrupt.
std::string read_gzip_file(const std::filesystem::path& path);

}  // namespace renkei::tools
