// The device's TLS identity: one self-signed certificate per installation, kept across runs.
//
// DESIGN.md (Network): both ends of every connection present a self-signed certificate; a
// peer's identity is the SHA-256 of its public key (the DER SubjectPublicKeyInfo, as in the SPKI
// pins of RFC 7469 §2.4), shown short. The key is Ed25519 (RFC 8410 for its X.509 encoding,
// RFC 8446 §4.2.3 "ed25519" for its use in TLS 1.3 CertificateVerify, which covers client
// certificates as well; OpenSSL 3 offers it by default, checked by tests/net/test_tls_identity).
//
// Files, in one directory (default_identity_dir()):
//   identity-key.pem   PKCS#8 private key, unencrypted PEM, mode 0600
//   identity-cert.pem  X.509 v3 self-signed certificate, PEM, mode 0644
// Created atomically (temporary file, fsync, hard link that never replaces); never overwritten.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace renkei::net {

/// SHA-256 of a DER SubjectPublicKeyInfo: 32 bytes.
inline constexpr std::size_t kFingerprintBytes = 32;

/// File names inside the identity directory.
inline constexpr std::string_view kIdentityCertFile = "identity-cert.pem";
inline constexpr std::string_view kIdentityKeyFile = "identity-key.pem";

/// An identity file that cannot be used (corrupt, wrong key type, key and certificate not
/// matching, certificate without key), a directory or file that cannot be created or read, or a
/// failure inside OpenSSL. The message names the file and says that it was left untouched.
struct TlsIdentityError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// This installation's identity, as loaded or created by load_or_create_identity().
struct TlsIdentity {
  /// The self-signed certificate, PEM ("-----BEGIN CERTIFICATE-----"), re-encoded from the file.
  std::string cert_pem;
  /// The Ed25519 private key, PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Secret.
  std::string key_pem;
  /// SHA-256 of the certificate's DER SubjectPublicKeyInfo: the peer identity others pin.
  std::array<std::uint8_t, kFingerprintBytes> fingerprint{};

  /// The first 48 bits of the fingerprint as lower-case hex in three groups of four, e.g.
  /// "3f9a-12c0-7be4" (14 characters), for people to compare by eye or read aloud.
  [[nodiscard]] std::string short_fingerprint() const;

  /// The whole fingerprint as 64 lower-case hex digits.
  [[nodiscard]] std::string fingerprint_hex() const;
};

/// Loads the identity from `dir`, or creates it there if neither file exists. `dir` and its
/// parents are created if missing (a directory this call creates gets mode 0700).
/// - both files present: both are parsed; the key must be Ed25519 and match the certificate.
/// - only the key present (a crash between the two writes): a new certificate is made for that
///   key; the fingerprint, which depends on the key only, is unchanged.
/// - only the certificate present, or any file unreadable or corrupt: TlsIdentityError, and no
///   file is written, replaced or removed, so the user can repair or move them.
/// Safe against two processes creating the identity at once: both end up with the same files.
/// Throws TlsIdentityError.
TlsIdentity load_or_create_identity(const std::filesystem::path& dir);

/// SHA-256 of the DER encoding of the certificate's SubjectPublicKeyInfo (the peer identity,
/// DESIGN.md; RFC 5280 §4.1.2.7 for the structure). Throws TlsIdentityError if certificate is
/// null or its public key cannot be encoded.
std::array<std::uint8_t, kFingerprintBytes> fingerprint_of_certificate(X509* certificate);

/// fingerprint_of_certificate() for a PEM certificate. Throws TlsIdentityError if the PEM does
/// not parse.
std::array<std::uint8_t, kFingerprintBytes> fingerprint_of_certificate_pem(std::string_view pem);

/// 64 lower-case hex digits.
std::string fingerprint_to_hex(const std::array<std::uint8_t, kFingerprintBytes>& fingerprint);

/// "3f9a-12c0-7be4": the first 6 bytes, lower-case hex, grouped by two bytes.
std::string fingerprint_to_short(const std::array<std::uint8_t, kFingerprintBytes>& fingerprint);

/// Where the identity lives: $RENKEI_HOME if set and non-empty; else $XDG_CONFIG_HOME/renkei if
/// that is set to an absolute path (XDG Base Directory Specification: relative values are
/// ignored); else ~/.config/renkei, with ~ from $HOME or, failing that, the password database.
/// Throws TlsIdentityError if no home directory can be found.
std::filesystem::path default_identity_dir();

}  // namespace renkei::net
