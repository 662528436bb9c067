// Throw-away TLS identities for the src/net tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "net/tls_identity.hpp"

namespace renkei::net::test {

/// A fresh identity, created in a new temporary directory that is removed again.
inline TlsIdentity make_test_identity() {
  std::string pattern = (std::filesystem::temp_directory_path() / "renkei-net-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  TlsIdentity identity = load_or_create_identity(pattern);
  std::filesystem::remove_all(pattern);
  return identity;
}

}  // namespace renkei::net::test
