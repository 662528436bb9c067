// The device's TLS identity (Ed25519, self-signed X.509 v3), created once and kept. See
// tls_identity.hpp.
#include "net/tls_identity.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

namespace renkei::net {
namespace {

namespace fs = std::filesystem;

// Largest identity file we read; a PEM Ed25519 key is ~120 bytes, the certificate ~700.
constexpr std::uintmax_t kMaxIdentityFileBytes = 64 * 1024;

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

// The OpenSSL error queue as one line, emptied.
std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? "no detail from OpenSSL" : text;
}

[[noreturn]] void fail_openssl(const std::string& what) {
  throw TlsIdentityError(what + " (" + openssl_errors() + ")");
}

std::string untouched_note(const fs::path& file) {
  return file.string() + " was left untouched; repair it, or move it away to create a new identity "
                         "(peers that admitted this device would then have to admit it again)";
}

// A secret string that is wiped when it goes away.
struct SecretString {
  std::string text;
  ~SecretString() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  }
};

std::string bio_to_string(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(length));
}

std::string cert_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) fail_openssl("cannot encode the certificate as PEM");
  return bio_to_string(bio.get());
}

std::string key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail_openssl("cannot encode the private key as PEM");
  return bio_to_string(bio.get());
}

// Never prompt on a terminal for a passphrase (OpenSSL's default when the callback is null).
int no_passphrase(char*, int, int, void*) { return -1; }

PkeyPtr parse_key(const std::string& pem, const fs::path& file) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) fail_openssl("out of memory");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key)
    throw TlsIdentityError("the identity key file " + file.string() +
                           " is corrupt or not an unencrypted PEM private key (" + openssl_errors() +
                           "); " + untouched_note(file));
  if (!EVP_PKEY_is_a(key.get(), "ED25519"))
    throw TlsIdentityError("the identity key file " + file.string() + " holds a " +
                           EVP_PKEY_get0_type_name(key.get()) + " key, not Ed25519; " + untouched_note(file));
  return key;
}

X509Ptr parse_cert(const std::string& pem, const fs::path& file) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) fail_openssl("out of memory");
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  if (!cert)
    throw TlsIdentityError("the identity certificate file " + file.string() +
                           " is corrupt or not a PEM certificate (" + openssl_errors() + "); " +
                           untouched_note(file));
  return cert;
}

// Reads a whole identity file; nullopt if it does not exist.
std::optional<std::string> read_file(const fs::path& file) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw TlsIdentityError("cannot examine " + file.string() + ": " + ec.message());
  if (!fs::exists(status)) return std::nullopt;
  if (!fs::is_regular_file(status))
    throw TlsIdentityError(file.string() + " is not a regular file; " + untouched_note(file));
  const auto size = fs::file_size(file, ec);
  if (ec) throw TlsIdentityError("cannot read " + file.string() + ": " + ec.message());
  if (size > kMaxIdentityFileBytes)
    throw TlsIdentityError(file.string() + " is " + std::to_string(size) +
                           " bytes, far too large for an identity file; " + untouched_note(file));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TlsIdentityError("cannot open " + file.string() + ": " + std::strerror(errno));
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (static_cast<std::uintmax_t>(in.gcount()) != size)
    throw TlsIdentityError("cannot read " + file.string() + " completely");
  return text;
}

void fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Writes `content` to dir/name with `mode`, atomically and without ever replacing an existing
// file: a temporary file is written and fsynced, then hard-linked to the final name (link(2)
// fails with EEXIST instead of replacing). Returns false if dir/name already existed (another
// process won a race); the caller then loads what is there.
bool publish_new_file(const fs::path& dir, std::string_view name, const std::string& content, mode_t mode) {
  const fs::path final_path = dir / name;
  std::string tmpl = (dir / ("." + std::string(name) + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());  // created with mode 0600
  if (fd < 0)
    throw TlsIdentityError("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
  const fs::path tmp_path = tmpl;
  auto fail = [&](const std::string& what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(tmp_path.c_str());
    throw TlsIdentityError(what + " " + final_path.string() + ": " + std::strerror(saved));
  };
  if (::fchmod(fd, mode) != 0) fail("cannot set the permissions of");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp_path.c_str());
    throw TlsIdentityError("cannot write " + final_path.string() + ": " + std::strerror(saved));
  }

  bool created = true;
  if (::link(tmp_path.c_str(), final_path.c_str()) != 0) {
    const int saved = errno;
    if (saved == EEXIST) {
      created = false;
    } else if (saved == EPERM || saved == ENOTSUP || saved == EOPNOTSUPP || saved == EXDEV) {
      // A file system without hard links: rename, after checking (a tiny race remains).
      std::error_code ec;
      if (fs::exists(final_path, ec)) {
        created = false;
      } else if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
        const int saved_rename = errno;
        ::unlink(tmp_path.c_str());
        throw TlsIdentityError("cannot create " + final_path.string() + ": " + std::strerror(saved_rename));
      }
    } else {
      ::unlink(tmp_path.c_str());
      throw TlsIdentityError("cannot create " + final_path.string() + ": " + std::strerror(saved));
    }
  }
  ::unlink(tmp_path.c_str());  // harmless ENOENT after a rename
  if (created) fsync_directory(dir);
  return created;
}

PkeyPtr generate_ed25519_key() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) fail_openssl("cannot generate an Ed25519 key");
  return key;
}

std::array<std::uint8_t, kFingerprintBytes> fingerprint_of_key(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);  // DER SubjectPublicKeyInfo
  if (length <= 0) fail_openssl("cannot encode the public key");
  std::array<std::uint8_t, kFingerprintBytes> out{};
  unsigned int out_length = 0;
  const int ok = EVP_Digest(der, static_cast<std::size_t>(length), out.data(), &out_length, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  if (ok != 1 || out_length != out.size()) fail_openssl("cannot hash the public key");
  return out;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
    fail_openssl(std::string("cannot add the certificate extension ") + OBJ_nid2sn(nid));
}

// A self-signed X.509 v3 certificate for `key` (RFC 5280). It carries no personal data: the
// subject is "Renkei peer <short fingerprint>". Validity: from a day ago (clock skew) to
// 99991231235959Z, RFC 5280 §4.1.2.5's "no well-defined expiration date", since peers pin the
// key and never rely on dates.
X509Ptr make_self_signed_certificate(EVP_PKEY* key) {
  X509Ptr cert(X509_new());
  if (!cert) fail_openssl("out of memory");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) fail_openssl("cannot set the certificate version");

  // Serial: 127 random bits, positive and non-zero (RFC 5280 §4.1.2.2: at most 20 octets).
  unsigned char serial_bytes[16];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) fail_openssl("no random bytes for the serial");
  serial_bytes[0] &= 0x7f;
  serial_bytes[0] |= 0x40;
  BnPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
  if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr)
    fail_openssl("cannot set the serial number");

  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 60 * 60) == nullptr ||
      ASN1_TIME_set_string_X509(X509_getm_notAfter(cert.get()), "99991231235959Z") != 1)
    fail_openssl("cannot set the validity period");

  const std::string common_name = "Renkei peer " + fingerprint_to_short(fingerprint_of_key(key));
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1)
    fail_openssl("cannot set the certificate name");
  if (X509_set_pubkey(cert.get(), key) != 1) fail_openssl("cannot set the certificate key");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth,clientAuth");
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");

  // Ed25519 signs the message itself: no separate digest (RFC 8410 §6).
  if (X509_sign(cert.get(), key, nullptr) <= 0) fail_openssl("cannot sign the certificate");
  return cert;
}

void ensure_directory(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (fs::exists(dir, ec)) throw TlsIdentityError(dir.string() + " exists but is not a directory");
  fs::create_directories(dir, ec);
  if (ec) throw TlsIdentityError("cannot create the identity directory " + dir.string() + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) throw TlsIdentityError("cannot restrict the permissions of " + dir.string() + ": " + ec.message());
}

}  // namespace

std::string fingerprint_to_hex(const std::array<std::uint8_t, kFingerprintBytes>& fingerprint) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * fingerprint.size());
  for (auto b : fingerprint) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string fingerprint_to_short(const std::array<std::uint8_t, kFingerprintBytes>& fingerprint) {
  const std::string hex = fingerprint_to_hex(fingerprint);
  return hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4);
}

std::string TlsIdentity::short_fingerprint() const { return fingerprint_to_short(fingerprint); }

std::string TlsIdentity::fingerprint_hex() const { return fingerprint_to_hex(fingerprint); }

std::array<std::uint8_t, kFingerprintBytes> fingerprint_of_certificate(X509* certificate) {
  if (certificate == nullptr) throw TlsIdentityError("fingerprint_of_certificate: no certificate");
  X509_PUBKEY* spki = X509_get_X509_PUBKEY(certificate);
  unsigned char* der = nullptr;
  const int length = spki != nullptr ? i2d_X509_PUBKEY(spki, &der) : -1;
  if (length <= 0) fail_openssl("cannot encode the certificate's public key");
  std::array<std::uint8_t, kFingerprintBytes> out{};
  unsigned int out_length = 0;
  const int ok = EVP_Digest(der, static_cast<std::size_t>(length), out.data(), &out_length, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  if (ok != 1 || out_length != out.size()) fail_openssl("cannot hash the certificate's public key");
  return out;
}

std::array<std::uint8_t, kFingerprintBytes> fingerprint_of_certificate_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) fail_openssl("out of memory");
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  if (!cert) fail_openssl("the certificate PEM does not parse");
  return fingerprint_of_certificate(cert.get());
}

TlsIdentity load_or_create_identity(const fs::path& dir) {
  ensure_directory(dir);
  const fs::path key_path = dir / kIdentityKeyFile;
  const fs::path cert_path = dir / kIdentityCertFile;

  // At most three rounds: each lost creation race sends us back to read what the winner wrote.
  for (int round = 0; round < 3; ++round) {
    ERR_clear_error();
    std::optional<std::string> key_file = read_file(key_path);
    std::optional<std::string> cert_file = read_file(cert_path);
    SecretString key_text{key_file ? std::move(*key_file) : std::string()};

    if (!key_file && cert_file)
      throw TlsIdentityError("the identity certificate " + cert_path.string() + " exists but its key " +
                             key_path.string() + " is missing; " + untouched_note(cert_path));

    PkeyPtr key;
    if (key_file) {
      key = parse_key(key_text.text, key_path);
    } else {
      key = generate_ed25519_key();
      SecretString pem{key_to_pem(key.get())};
      if (!publish_new_file(dir, kIdentityKeyFile, pem.text, 0600)) continue;  // lost a race
    }

    X509Ptr cert;
    if (cert_file) {
      cert = parse_cert(*cert_file, cert_path);
      if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        throw TlsIdentityError("the identity certificate " + cert_path.string() +
                               " does not belong to the key " + key_path.string() +
                               "; both files were left untouched");
      }
    } else {
      cert = make_self_signed_certificate(key.get());
      if (!publish_new_file(dir, kIdentityCertFile, cert_to_pem(cert.get()), 0644)) continue;
    }

    TlsIdentity identity;
    identity.cert_pem = cert_to_pem(cert.get());
    identity.key_pem = key_to_pem(key.get());
    identity.fingerprint = fingerprint_of_certificate(cert.get());
    return identity;
  }
  throw TlsIdentityError("the identity files in " + dir.string() +
                         " kept changing while being created; is another program writing them?");
}

fs::path default_identity_dir() {
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
  };
  if (std::string home = env("RENKEI_HOME"); !home.empty()) return fs::path(home);
  if (std::string xdg = env("XDG_CONFIG_HOME"); !xdg.empty() && fs::path(xdg).is_absolute())
    return fs::path(xdg) / "renkei";
  std::string home = env("HOME");
  if (home.empty()) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* result = nullptr;
    if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &result) == 0 && result != nullptr &&
        result->pw_dir != nullptr)
      home = result->pw_dir;
  }
  if (home.empty())
    throw TlsIdentityError("cannot find a home directory for the identity; set RENKEI_HOME");
  return fs::path(home) / ".config" / "renkei";
}

}  // namespace renkei::net
