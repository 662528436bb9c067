// Channel: one TLS 1.3 connection carrying frames (protocol/PROTOCOL.md, "Transport and join").
//
// Both sides present self-signed certificates (tls_identity.hpp). The TLS layer accepts any
// certificate: identity decisions are made afterwards by the SHA-256 fingerprint of the peer's
// SubjectPublicKeyInfo (pinning, or the join handshake for a new identity). Until one of those
// has succeeded, no frame may reach the document.
//
// Threading: single-threaded use. Every function must be called on the io_context's thread (or
// before the context runs), and every handler runs there.
#pragma once

#include <utility>  // before Boost.Asio: Boost 1.74 + g++ 12 (DESIGN.md, Conventions)

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <nlohmann/json.hpp>

#include "net/frame.hpp"
#include "net/tls_identity.hpp"

namespace renkei::net {

/// SHA-256 of a certificate's DER SubjectPublicKeyInfo: a peer's identity (DESIGN.md, Network;
/// tls_identity.hpp).
using PeerFingerprint = std::array<std::uint8_t, kFingerprintBytes>;

/// Which end of the TCP connection; decides the TLS role (RFC 8446 client or server).
enum class TlsRole { client, server };

/// TLS exporter label for the join handshake's channel binding (RFC 8446 §7.5, RFC 5705 §4).
inline constexpr std::string_view kJoinExporterLabel = "EXPORTER-renkei-join";

/// Length of the join exporter value, in bytes.
inline constexpr std::size_t kJoinExporterBytes = 32;

/// Creates the TLS context for one role: TLS 1.3 only (RFC 8446; min = max = TLS1_3_VERSION),
/// the identity's self-signed certificate and private key (PEM), and a peer certificate
/// requested and required (server: SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, i.e. a
/// CertificateRequest, RFC 8446 §4.3.2; client: SSL_VERIFY_PEER). The verify callback accepts
/// any chain (certificates are self-signed); callers pin by fingerprint after the handshake.
/// Session caching and session tickets are off, so every connection is a full handshake with
/// its own certificates and exporter secret (no resumption, RFC 8446 §2.2).
/// Shared because every Channel made from it keeps it alive (asio keeps the verify callback in
/// the context object). Throws boost::system::system_error if the PEM is unusable or the key
/// does not match the certificate.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsIdentity& identity, TlsRole role);

/// Tuning of one channel. All durations are wall-clock upper bounds.
struct ChannelOptions {
  /// Client: TCP connect plus TLS handshake must finish within this.
  std::chrono::milliseconds connect_timeout{10'000};
  /// Server: the TLS handshake of an accepted connection must finish within this.
  std::chrono::milliseconds handshake_timeout{10'000};
  /// close(): time allowed to flush queued frames and exchange close_notify before the socket is
  /// closed hard.
  std::chrono::milliseconds close_linger{2'000};
  /// Largest frame body accepted or sent (frame.hpp).
  std::size_t max_frame_bytes = kMaxFrameBytes;
  /// Encoded frames waiting to be written beyond this close the channel ("send queue full").
  std::size_t max_queued_bytes = 64u * 1024u * 1024u;
};

/// Receives every frame a channel sends ("out") or receives ("in"), decrypted, with the peer's
/// fingerprint (hex): a trace for audits and tests (e.g. showing that a community member's
/// peer never received restricted content). Process-wide; empty = off. Called on the channel's
/// io thread.
using FrameTrace = std::function<void(std::string_view direction, const std::string& peer, const nlohmann::json& frame)>;
/// Installs the frame trace (thread-safe) and returns the previous one.
FrameTrace set_frame_trace(FrameTrace trace);

/// One established TLS 1.3 connection carrying frames.
///
/// Life cycle: obtained established (from Channel::connect or a ChannelListener), then start()
/// begins the read loop. Each decoded frame goes to the frame handler, in order. A bad frame
/// (frame.hpp's FrameError), a read or write error, the peer closing, or an exception thrown by
/// the frame handler closes this channel, and only it, with a reason. close(reason) logs the
/// reason once, stops delivering frames, flushes frames already queued, sends TLS close_notify
/// and closes the socket (within ChannelOptions::close_linger); the closed handler is called
/// exactly once, later, from the io_context (never from inside close()).
/// A started channel keeps itself alive (its pending operations hold it) until it is closed.
class Channel : public std::enable_shared_from_this<Channel> {
 public:
  /// Receives each frame: a JSON object already checked by validate_frame_body().
  using FrameHandler = std::function<void(const nlohmann::json& frame)>;
  /// Receives the close reason, once.
  using ClosedHandler = std::function<void(const std::string& reason)>;
  /// Result of connect(): on success `error` is empty and `channel` established; otherwise
  /// `channel` is null and `error` is asio::error::timed_out, a socket error or a TLS error.
  using ConnectHandler =
      std::function<void(const boost::system::error_code& error, std::shared_ptr<Channel> channel)>;

  /// Connects to `peer` over TCP and runs the TLS handshake as client; `done` is called once, on
  /// the io_context, within options.connect_timeout (then with asio::error::timed_out).
  /// `tls` is a client context from make_tls_context().
  static void connect(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
                      const boost::asio::ip::tcp::endpoint& peer, ChannelOptions options,
                      ConnectHandler done);

  /// Sets both handlers and starts the read loop. Call once. An empty frame handler leaves
  /// frames waiting (and reading paused) until set_frame_handler() gives one.
  void start(FrameHandler on_frame, ClosedHandler on_closed);

  /// Replaces the frame handler; takes effect from the next frame, even for frames already
  /// received (so a protocol phase can hand the channel over to the next without losing or
  /// reordering frames). Empty = pause delivery and reading.
  void set_frame_handler(FrameHandler on_frame);

  /// Replaces the closed handler. If the channel has already closed and the notification was not
  /// yet delivered, the new handler receives it.
  void set_closed_handler(ClosedHandler on_closed);

  /// Queues one frame (encode_frame(message), "v" added if absent). Frames are written whole and
  /// in order; writes never interleave. Ignored (debug log) once the channel is closing.
  /// Throws FrameError if `message` is not a valid body or exceeds max_frame_bytes.
  void send(const nlohmann::json& message);

  /// Closes the channel with `reason` (logged at info level). Idempotent: only the first reason
  /// counts. Frames already passed to send() are still flushed (best effort, within the linger).
  void close(const std::string& reason);

  /// True once start() was called.
  [[nodiscard]] bool started() const noexcept { return started_; }

  /// True from establishment until close() (or a failure) began closing.
  [[nodiscard]] bool is_open() const noexcept { return state_ == State::open; }

  /// The reason given to close(); empty while open.
  [[nodiscard]] const std::string& close_reason() const noexcept { return close_reason_; }

  /// SHA-256 of the peer certificate's SubjectPublicKeyInfo (DER), fixed at the handshake.
  [[nodiscard]] const PeerFingerprint& peer_fingerprint() const noexcept { return peer_fingerprint_; }

  /// SHA-256 of our own certificate's SubjectPublicKeyInfo, as presented on this connection.
  [[nodiscard]] const PeerFingerprint& local_fingerprint() const noexcept { return local_fingerprint_; }

  /// The TLS exporter value for kJoinExporterLabel, 32 bytes, no context (RFC 8446 §7.5,
  /// RFC 5705; SSL_export_keying_material). Both ends of one connection get the same value; any
  /// other connection gets an unrelated one. Used as CPace's sid (join_handshake.hpp).
  [[nodiscard]] const std::array<std::uint8_t, kJoinExporterBytes>& join_exporter() const noexcept {
    return join_exporter_;
  }

  /// Any exporter value (RFC 8446 §7.5): `length` bytes for `label` (printable ASCII, by
  /// convention starting with "EXPORTER-") and `context` (hashed, may be empty). Throws
  /// std::runtime_error once the channel is closed or if OpenSSL refuses.
  [[nodiscard]] Bytes export_keying_material(std::string_view label, std::size_t length,
                                             std::span<const std::uint8_t> context = {}) const;

  /// The peer's address, fixed at establishment.
  [[nodiscard]] const boost::asio::ip::tcp::endpoint& remote_endpoint() const noexcept { return remote_; }

  /// "address:port, peer 3f9a-12c0-7be4" (fingerprint_to_short of the peer) for logs.
  [[nodiscard]] std::string description() const;

  /// Frame bytes (length prefixes and bodies, before TLS) queued for sending / received so far.
  [[nodiscard]] std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
  [[nodiscard]] std::uint64_t bytes_received() const noexcept { return bytes_received_; }
  /// The io_context the channel runs on.
  [[nodiscard]] boost::asio::io_context& io_context() noexcept { return io_; }

  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel();

 private:
  friend class ChannelListener;
  struct Private {};

 public:
  /// Internal: use connect() or ChannelListener.
  Channel(Private, boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
          boost::asio::ip::tcp::socket socket, ChannelOptions options);

 private:
  enum class State { connecting, open, closing, closed };
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  using EstablishedHandler = std::function<void(const boost::system::error_code&)>;

  void handshake(TlsRole role, std::chrono::milliseconds timeout, EstablishedHandler done);
  void arm_deadline(std::chrono::milliseconds timeout);
  boost::system::error_code finish_establish(boost::system::error_code error);
  void read_some();
  void on_read(const boost::system::error_code& error, std::size_t bytes);
  void deliver_frames();
  void write_next();
  void on_write(const boost::system::error_code& error);
  void continue_closing();
  void force_close();
  void notify_closed();

  boost::asio::io_context& io_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  Stream stream_;
  boost::asio::steady_timer timer_;  // establishment deadline, then the close linger
  ChannelOptions options_;
  State state_ = State::connecting;
  bool deadline_expired_ = false;
  boost::asio::ip::tcp::endpoint remote_;

  FrameDecoder decoder_;
  std::vector<std::uint8_t> read_buffer_;
  bool started_ = false;
  bool reading_ = false;
  bool delivering_ = false;

  std::deque<Bytes> write_queue_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_received_ = 0;
  bool writing_ = false;
  bool shutting_down_ = false;

  FrameHandler on_frame_;
  ClosedHandler on_closed_;
  bool closed_notified_ = false;
  std::string close_reason_;

  PeerFingerprint peer_fingerprint_{};
  PeerFingerprint local_fingerprint_{};
  std::array<std::uint8_t, kJoinExporterBytes> join_exporter_{};
};

/// Accepts TCP connections, runs the TLS handshake as server on each (within
/// ChannelOptions::handshake_timeout) and hands each established Channel to a handler. A failed
/// handshake is logged and dropped; the listener keeps accepting until close(). While accepting
/// it keeps itself alive (its pending accept holds it): call close() to stop it.
class ChannelListener : public std::enable_shared_from_this<ChannelListener> {
 public:
  /// Receives each established (not yet started) channel.
  using AcceptHandler = std::function<void(std::shared_ptr<Channel> channel)>;

  /// Binds `endpoint` (port 0 = any free port; SO_REUSEADDR set) and starts accepting.
  /// `tls` is a server context from make_tls_context(). Throws boost::system::system_error if
  /// the address cannot be bound.
  static std::shared_ptr<ChannelListener> listen(boost::asio::io_context& io,
                                                 std::shared_ptr<boost::asio::ssl::context> tls,
                                                 const boost::asio::ip::tcp::endpoint& endpoint,
                                                 ChannelOptions options, AcceptHandler on_channel);

  /// The bound address (with the actual port when 0 was asked for).
  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;

  /// Stops accepting; channels already handed out are unaffected. Idempotent.
  void close();

  /// Internal: use listen().
  ChannelListener(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls,
                  ChannelOptions options, AcceptHandler on_channel);

 private:
  void accept_next();

  boost::asio::io_context& io_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  ChannelOptions options_;
  AcceptHandler on_channel_;
  bool closed_ = false;
};

}  // namespace renkei::net
