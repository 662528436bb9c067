// The installation's TLS identity (src/net/tls_identity.*): creation, reload, refusal of
// damaged files, the SPKI fingerprint, and an in-memory TLS 1.3 handshake with Ed25519 client
// authentication (no sockets).
#include <catch2/catch.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "net/tls_identity.hpp"

namespace fs = std::filesystem;
namespace net = renkei::net;
using renkei::net::TlsIdentity;
using renkei::net::TlsIdentityError;

namespace {

// A fresh directory under the system temp directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "renkei-identity-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void overwrite(const fs::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
}

unsigned mode_of(const fs::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string error_of(const fs::path& dir) {
  try {
    net::load_or_create_identity(dir);
  } catch (const TlsIdentityError& e) {
    return e.what();
  }
  FAIL("load_or_create_identity accepted the files in " << dir);
  return "";
}

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr parse_cert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return X509Ptr(cert);
}

// Changes an environment variable for the life of the object.
struct EnvOverride {
  std::string name;
  std::optional<std::string> old;
  EnvOverride(const char* n, const char* value) : name(n) {
    if (const char* v = std::getenv(n)) old = v;
    if (value) ::setenv(n, value, 1);
    else ::unsetenv(n);
  }
  ~EnvOverride() {
    if (old) ::setenv(name.c_str(), old->c_str(), 1);
    else ::unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("an identity is created once and reloaded with the same fingerprint", "[tls_identity]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "nested" / "renkei";  // created with its parents
  const TlsIdentity first = net::load_or_create_identity(dir);

  CHECK(fs::is_regular_file(dir / "identity-cert.pem"));
  CHECK(fs::is_regular_file(dir / "identity-key.pem"));
  CHECK(mode_of(dir / "identity-key.pem") == 0600);
  CHECK(mode_of(dir) == 0700);
  // Nothing else is left behind (no temporary files).
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  CHECK(names == std::set<std::string>{"identity-cert.pem", "identity-key.pem"});

  CHECK(first.cert_pem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(first.key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  CHECK(first.fingerprint == net::fingerprint_of_certificate_pem(first.cert_pem));
  CHECK(first.fingerprint != std::array<std::uint8_t, 32>{});

  const std::string cert_bytes = slurp(dir / "identity-cert.pem");
  const std::string key_bytes = slurp(dir / "identity-key.pem");
  const TlsIdentity second = net::load_or_create_identity(dir);
  CHECK(second.fingerprint == first.fingerprint);
  CHECK(second.cert_pem == first.cert_pem);
  CHECK(second.key_pem == first.key_pem);
  CHECK(slurp(dir / "identity-cert.pem") == cert_bytes);
  CHECK(slurp(dir / "identity-key.pem") == key_bytes);
}

TEST_CASE("the certificate is a self-signed X.509 v3 Ed25519 certificate without personal data", "[tls_identity]") {
  TempDir tmp;
  const TlsIdentity id = net::load_or_create_identity(tmp.path);
  X509Ptr cert = parse_cert(id.cert_pem);
  REQUIRE(cert);
  CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
  EVP_PKEY* pub = X509_get0_pubkey(cert.get());
  REQUIRE(pub != nullptr);
  CHECK(EVP_PKEY_is_a(pub, "ED25519"));
  CHECK(X509_verify(cert.get(), pub) == 1);                     // signed by its own key
  CHECK(X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(cert.get())) == 0);
  // An end-entity certificate: no keyCertSign (RFC 5280 §4.2.1.3 ties it to cA), so OpenSSL
  // reports that it cannot have issued anything, itself included.
  CHECK(X509_check_issued(cert.get(), cert.get()) == X509_V_ERR_KEYUSAGE_NO_CERTSIGN);
  CHECK((X509_get_extension_flags(cert.get()) & EXFLAG_CA) == 0);
  CHECK((X509_get_key_usage(cert.get()) & KU_DIGITAL_SIGNATURE) != 0);
  CHECK((X509_get_extended_key_usage(cert.get()) & (XKU_SSL_SERVER | XKU_SSL_CLIENT)) == (XKU_SSL_SERVER | XKU_SSL_CLIENT));
  // Not expired, and does not expire in any practical sense.
  CHECK(X509_cmp_current_time(X509_get0_notBefore(cert.get())) < 0);
  CHECK(X509_cmp_current_time(X509_get0_notAfter(cert.get())) > 0);

  char cn[128] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof cn);
  CHECK(std::string(cn) == "Renkei peer " + id.short_fingerprint());
}

TEST_CASE("the fingerprint is SHA-256 of the SubjectPublicKeyInfo DER", "[tls_identity]") {
  TempDir tmp;
  const TlsIdentity id = net::load_or_create_identity(tmp.path);
  X509Ptr cert = parse_cert(id.cert_pem);
  REQUIRE(cert);
  // Build the Ed25519 SPKI by hand (RFC 8410 §4: SEQUENCE { SEQUENCE { OID 1.3.101.112 },
  // BIT STRING { 32-byte key } }) and hash it with libsodium, independently of the code under test.
  std::uint8_t raw[32];
  std::size_t raw_len = sizeof raw;
  REQUIRE(EVP_PKEY_get_raw_public_key(X509_get0_pubkey(cert.get()), raw, &raw_len) == 1);
  REQUIRE(raw_len == 32);
  std::vector<std::uint8_t> spki = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  spki.insert(spki.end(), raw, raw + 32);
  std::array<std::uint8_t, 32> expected{};
  crypto_hash_sha256(expected.data(), spki.data(), spki.size());
  CHECK(id.fingerprint == expected);
  CHECK(net::fingerprint_of_certificate(cert.get()) == expected);
  CHECK_THROWS_AS(net::fingerprint_of_certificate(nullptr), TlsIdentityError);
  CHECK_THROWS_AS(net::fingerprint_of_certificate_pem("not a certificate"), TlsIdentityError);
}

TEST_CASE("fingerprints are shown as hex, the short form being the first 48 bits in groups", "[tls_identity]") {
  TlsIdentity id;
  for (std::size_t i = 0; i < id.fingerprint.size(); ++i) id.fingerprint[i] = static_cast<std::uint8_t>(i * 17 + 3);
  CHECK(id.short_fingerprint() == "0314-2536-4758");
  CHECK(id.fingerprint_hex().size() == 64);
  CHECK(id.fingerprint_hex().rfind("031425364758697a", 0) == 0);
  CHECK(std::regex_match(id.fingerprint_hex(), std::regex("[0-9a-f]{64}")));

  TempDir tmp;
  const TlsIdentity real = net::load_or_create_identity(tmp.path);
  CHECK(std::regex_match(real.short_fingerprint(), std::regex("[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}")));
  CHECK(real.short_fingerprint() == real.fingerprint_hex().substr(0, 4) + "-" + real.fingerprint_hex().substr(4, 4) +
                                        "-" + real.fingerprint_hex().substr(8, 4));
}

TEST_CASE("two directories give different fingerprints", "[tls_identity]") {
  TempDir a, b;
  const TlsIdentity ia = net::load_or_create_identity(a.path);
  const TlsIdentity ib = net::load_or_create_identity(b.path);
  CHECK(ia.fingerprint != ib.fingerprint);
  CHECK(ia.key_pem != ib.key_pem);
}

TEST_CASE("a corrupt key file is refused with a message and left byte-identical", "[tls_identity]") {
  TempDir tmp;
  net::load_or_create_identity(tmp.path);
  const fs::path key = tmp.path / "identity-key.pem";
  const fs::path cert = tmp.path / "identity-cert.pem";
  const std::string good_key = slurp(key);
  const std::string cert_bytes = slurp(cert);

  for (const std::string& damaged :
       {std::string("this is not a key\n"), good_key.substr(0, good_key.size() / 2), std::string(),
        std::string("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")}) {
    overwrite(key, damaged);
    const std::string message = error_of(tmp.path);
    INFO(message);
    CHECK(message.find("identity-key.pem") != std::string::npos);
    CHECK(message.find("corrupt") != std::string::npos);
    CHECK(message.find("left untouched") != std::string::npos);
    CHECK(slurp(key) == damaged);
    CHECK(slurp(cert) == cert_bytes);
  }
}

TEST_CASE("a corrupt certificate file is refused and left byte-identical", "[tls_identity]") {
  TempDir tmp;
  const TlsIdentity id = net::load_or_create_identity(tmp.path);
  const fs::path cert = tmp.path / "identity-cert.pem";
  const std::string damaged = id.cert_pem.substr(0, 80) + "garbage\n";
  overwrite(cert, damaged);
  const std::string key_bytes = slurp(tmp.path / "identity-key.pem");
  const std::string message = error_of(tmp.path);
  CHECK(message.find("identity-cert.pem") != std::string::npos);
  CHECK(message.find("corrupt") != std::string::npos);
  CHECK(slurp(cert) == damaged);
  CHECK(slurp(tmp.path / "identity-key.pem") == key_bytes);
}

TEST_CASE("a certificate that belongs to another key is refused", "[tls_identity]") {
  TempDir a, b;
  net::load_or_create_identity(a.path);
  const TlsIdentity other = net::load_or_create_identity(b.path);
  overwrite(a.path / "identity-cert.pem", other.cert_pem);
  const std::string key_bytes = slurp(a.path / "identity-key.pem");
  const std::string message = error_of(a.path);
  CHECK(message.find("does not belong") != std::string::npos);
  CHECK(slurp(a.path / "identity-cert.pem") == other.cert_pem);
  CHECK(slurp(a.path / "identity-key.pem") == key_bytes);
}

TEST_CASE("a certificate without its key is refused and no key is made", "[tls_identity]") {
  TempDir tmp;
  const TlsIdentity id = net::load_or_create_identity(tmp.path);
  fs::remove(tmp.path / "identity-key.pem");
  const std::string message = error_of(tmp.path);
  CHECK(message.find("missing") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path / "identity-key.pem"));
  CHECK(slurp(tmp.path / "identity-cert.pem") == id.cert_pem);
}

TEST_CASE("a key without its certificate gets a new certificate and keeps its fingerprint", "[tls_identity]") {
  TempDir tmp;
  const TlsIdentity id = net::load_or_create_identity(tmp.path);
  const std::string key_bytes = slurp(tmp.path / "identity-key.pem");
  fs::remove(tmp.path / "identity-cert.pem");
  const TlsIdentity again = net::load_or_create_identity(tmp.path);
  CHECK(again.fingerprint == id.fingerprint);
  CHECK(fs::exists(tmp.path / "identity-cert.pem"));
  CHECK(slurp(tmp.path / "identity-key.pem") == key_bytes);
}

TEST_CASE("a key of another type is refused", "[tls_identity]") {
  TempDir tmp;
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  REQUIRE(ec != nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  EVP_PKEY_free(ec);
  overwrite(tmp.path / "identity-key.pem", pem);
  const std::string message = error_of(tmp.path);
  CHECK(message.find("not Ed25519") != std::string::npos);
  CHECK(slurp(tmp.path / "identity-key.pem") == pem);
  CHECK_FALSE(fs::exists(tmp.path / "identity-cert.pem"));
}

TEST_CASE("a path that is a file, not a directory, is refused", "[tls_identity]") {
  TempDir tmp;
  overwrite(tmp.path / "file", "x");
  CHECK_THROWS_AS(net::load_or_create_identity(tmp.path / "file"), TlsIdentityError);
  CHECK(slurp(tmp.path / "file") == "x");
}

TEST_CASE("processes creating the identity at once all end up with the same one", "[tls_identity]") {
  for (int round = 0; round < 5; ++round) {
    TempDir tmp;
    std::vector<std::array<std::uint8_t, 32>> seen(6);
    std::vector<std::string> errors(6);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          seen[i] = net::load_or_create_identity(tmp.path).fingerprint;
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e.empty());
    for (const auto& f : seen) CHECK(f == seen[0]);
    CHECK(net::load_or_create_identity(tmp.path).fingerprint == seen[0]);
  }
}

TEST_CASE("the identity directory comes from RENKEI_HOME, then XDG_CONFIG_HOME, then HOME", "[tls_identity]") {
  {
    EnvOverride a("RENKEI_HOME", "/tmp/rk-home"), b("XDG_CONFIG_HOME", "/tmp/xdg"), c("HOME", "/tmp/home");
    CHECK(net::default_identity_dir() == fs::path("/tmp/rk-home"));
  }
  {
    EnvOverride a("RENKEI_HOME", ""), b("XDG_CONFIG_HOME", "/tmp/xdg"), c("HOME", "/tmp/home");
    CHECK(net::default_identity_dir() == fs::path("/tmp/xdg/renkei"));
  }
  {
    EnvOverride a("RENKEI_HOME", nullptr), b("XDG_CONFIG_HOME", "relative/xdg"), c("HOME", "/tmp/home");
    CHECK(net::default_identity_dir() == fs::path("/tmp/home/.config/renkei"));
  }
  {
    EnvOverride a("RENKEI_HOME", nullptr), b("XDG_CONFIG_HOME", nullptr), c("HOME", nullptr);
    // Falls back to the password database; always absolute.
    CHECK(net::default_identity_dir().is_absolute());
  }
}

namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};

int accept_any(int, X509_STORE_CTX*) { return 1; }

std::unique_ptr<SSL_CTX, SslCtxFree> tls13_context(const TlsIdentity& id, bool server) {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
  REQUIRE(ctx);
  REQUIRE(SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION) == 1);
  REQUIRE(SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION) == 1);
  X509Ptr cert = parse_cert(id.cert_pem);
  BIO* bio = BIO_new_mem_buf(id.key_pem.data(), static_cast<int>(id.key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(key != nullptr);
  REQUIRE(SSL_CTX_use_certificate(ctx.get(), cert.get()) == 1);
  REQUIRE(SSL_CTX_use_PrivateKey(ctx.get(), key) == 1);
  EVP_PKEY_free(key);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any);
  return ctx;
}

}  // namespace

TEST_CASE("an Ed25519 identity completes a TLS 1.3 handshake with client authentication", "[tls_identity]") {
  TempDir a, b;
  const TlsIdentity client_id = net::load_or_create_identity(a.path);
  const TlsIdentity server_id = net::load_or_create_identity(b.path);
  auto client_ctx = tls13_context(client_id, false);
  auto server_ctx = tls13_context(server_id, true);
  std::unique_ptr<SSL, SslFree> client(SSL_new(client_ctx.get()));
  std::unique_ptr<SSL, SslFree> server(SSL_new(server_ctx.get()));
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  REQUIRE(BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) == 1);  // in memory, no sockets
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(server.get());

  bool client_done = false, server_done = false;
  for (int i = 0; i < 50 && !(client_done && server_done); ++i) {
    if (!client_done) {
      const int r = SSL_do_handshake(client.get());
      if (r == 1) client_done = true;
      else REQUIRE(SSL_get_error(client.get(), r) == SSL_ERROR_WANT_READ);
    }
    if (!server_done) {
      const int r = SSL_do_handshake(server.get());
      if (r == 1) server_done = true;
      else REQUIRE(SSL_get_error(server.get(), r) == SSL_ERROR_WANT_READ);
    }
  }
  INFO(ERR_error_string(ERR_peek_error(), nullptr));
  REQUIRE(client_done);
  REQUIRE(server_done);
  // The server only sees the client's certificate after reading the client's Finished; push one
  // application byte through to be sure both sides are fully done.
  REQUIRE(SSL_write(client.get(), "x", 1) == 1);
  char byte = 0;
  REQUIRE(SSL_read(server.get(), &byte, 1) == 1);

  CHECK(SSL_version(client.get()) == TLS1_3_VERSION);
  X509Ptr seen_by_client(SSL_get1_peer_certificate(client.get()));
  X509Ptr seen_by_server(SSL_get1_peer_certificate(server.get()));
  REQUIRE(seen_by_client);
  REQUIRE(seen_by_server);
  CHECK(net::fingerprint_of_certificate(seen_by_client.get()) == server_id.fingerprint);
  CHECK(net::fingerprint_of_certificate(seen_by_server.get()) == client_id.fingerprint);
  int nid = 0;
  CHECK(SSL_get_peer_signature_type_nid(server.get(), &nid) == 1);  // the client's CertificateVerify
  CHECK(nid == NID_ED25519);
  CHECK(SSL_get_peer_signature_type_nid(client.get(), &nid) == 1);  // the server's
  CHECK(nid == NID_ED25519);
}
