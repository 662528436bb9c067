#include "net/channel.hpp"

#include <mutex>

#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "net/net_log.hpp"

namespace renkei::net {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using boost::system::error_code;
using asio::ip::tcp;

namespace {

constexpr std::size_t kReadChunkBytes = 16 * 1024;

std::string endpoint_text(const tcp::endpoint& endpoint) {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

/// Why a read ended, in words for the close reason.
std::string read_failure_reason(const error_code& error) {
  if (error == asio::error::eof) return "peer closed the connection";
  if (error == ssl::error::stream_truncated) return "peer closed the connection without TLS close_notify";
  if (error == asio::error::connection_reset) return "connection reset by peer";
  return "read failed: " + error.message();
}

void throw_openssl(const char* what) {
  throw std::runtime_error(std::string(what) + " failed");
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const TlsIdentity& identity, TlsRole role) {
  auto context = std::make_shared<ssl::context>(role == TlsRole::client ? ssl::context::tls_client
                                                                        : ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION) != 1) {
    throw_openssl("restricting the TLS context to TLS 1.3");
  }
  context->set_options(ssl::context::no_compression);
  context->use_certificate(asio::buffer(identity.cert_pem), ssl::context::pem);
  context->use_private_key(asio::buffer(identity.key_pem), ssl::context::pem);
  if (SSL_CTX_check_private_key(native) != 1) {
    throw boost::system::system_error(asio::error::invalid_argument,
                                      "TLS private key does not match the certificate");
  }
  // Request and require the peer's certificate, accept any: identity is decided by fingerprint.
  context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  context->set_verify_callback([](bool /*preverified*/, ssl::verify_context& /*chain*/) { return true; });
  // Full handshake every time: no server-side session cache, no TLS 1.3 tickets.
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(native, 0);
  return context;
}

// ---------------------------------------------------------------------------------------------
// Channel

Channel::Channel(Private, asio::io_context& io, std::shared_ptr<ssl::context> tls, tcp::socket socket,
                 ChannelOptions options)
    : io_(io),
      tls_(std::move(tls)),
      stream_(std::move(socket), *tls_),
      timer_(io),
      options_(options),
      decoder_(options.max_frame_bytes),
      read_buffer_(kReadChunkBytes) {}

Channel::~Channel() = default;

void Channel::connect(asio::io_context& io, std::shared_ptr<ssl::context> tls, const tcp::endpoint& peer,
                      ChannelOptions options, ConnectHandler done) {
  auto channel = std::make_shared<Channel>(Private{}, io, std::move(tls), tcp::socket(io), options);
  channel->remote_ = peer;
  channel->arm_deadline(options.connect_timeout);
  channel->stream_.lowest_layer().async_connect(peer, [channel, done = std::move(done)](const error_code& error) mutable {
    if (error || channel->deadline_expired_) {
      const error_code reported = channel->finish_establish(error);  // timed_out if the deadline fired
      done(reported, nullptr);
      return;
    }
    error_code ignored;
    channel->stream_.lowest_layer().set_option(tcp::no_delay(true), ignored);
    channel->stream_.async_handshake(ssl::stream_base::client,
                                     [channel, done = std::move(done)](const error_code& error) {
                                       const error_code reported = channel->finish_establish(error);
                                       done(reported, reported ? nullptr : channel);
                                     });
  });
}

void Channel::handshake(TlsRole role, std::chrono::milliseconds timeout, EstablishedHandler done) {
  error_code ignored;
  remote_ = stream_.lowest_layer().remote_endpoint(ignored);
  stream_.lowest_layer().set_option(tcp::no_delay(true), ignored);
  arm_deadline(timeout);
  stream_.async_handshake(
      role == TlsRole::client ? ssl::stream_base::client : ssl::stream_base::server,
      [self = shared_from_this(), done = std::move(done)](const error_code& error) {
        done(self->finish_establish(error));
      });
}

void Channel::arm_deadline(std::chrono::milliseconds timeout) {
  timer_.expires_after(timeout);
  timer_.async_wait([weak = weak_from_this()](const error_code& error) {
    auto self = weak.lock();
    if (error || !self || self->state_ != State::connecting) return;
    self->deadline_expired_ = true;
    error_code ignored;
    self->stream_.lowest_layer().close(ignored);  // aborts the pending connect / handshake
  });
}

error_code Channel::finish_establish(error_code error) {
  timer_.cancel();
  if (deadline_expired_) error = asio::error::timed_out;
  SSL* ssl = stream_.native_handle();
  if (!error) {
    X509* peer = SSL_get1_peer_certificate(ssl);
    X509* local = SSL_get_certificate(ssl);
    if (peer == nullptr || local == nullptr) {
      error = asio::error::access_denied;  // cannot happen with the verify mode above; refuse anyway
    } else {
      try {
        peer_fingerprint_ = fingerprint_of_certificate(peer);
        local_fingerprint_ = fingerprint_of_certificate(local);
      } catch (const std::exception&) {
        error = asio::error::invalid_argument;
      }
    }
    if (peer != nullptr) X509_free(peer);
  }
  if (!error && SSL_export_keying_material(ssl, join_exporter_.data(), join_exporter_.size(),
                                           kJoinExporterLabel.data(), kJoinExporterLabel.size(),
                                           nullptr, 0, 0) != 1) {
    error = asio::error::fault;
  }
  if (error) {
    state_ = State::closed;
    error_code ignored;
    stream_.lowest_layer().close(ignored);
    return error;
  }
  state_ = State::open;
  return {};
}

void Channel::start(FrameHandler on_frame, ClosedHandler on_closed) {
  started_ = true;
  on_frame_ = std::move(on_frame);
  set_closed_handler(std::move(on_closed));
  read_some();
}

void Channel::set_frame_handler(FrameHandler on_frame) {
  on_frame_ = std::move(on_frame);
  if (!started_ || state_ != State::open || !on_frame_) return;
  // Resume from the io_context, not from inside a handler that may be running right now.
  asio::post(io_, [self = shared_from_this()] {
    self->deliver_frames();
    self->read_some();
  });
}

void Channel::set_closed_handler(ClosedHandler on_closed) {
  on_closed_ = std::move(on_closed);
  if (on_closed_ && (state_ == State::closing || state_ == State::closed) && !closed_notified_) {
    asio::post(io_, [self = shared_from_this()] { self->notify_closed(); });
  }
}

void Channel::read_some() {
  if (state_ != State::open || reading_ || !on_frame_) return;
  reading_ = true;
  stream_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](const error_code& error, std::size_t bytes) {
                            self->on_read(error, bytes);
                          });
}

void Channel::on_read(const error_code& error, std::size_t bytes) {
  reading_ = false;
  if (state_ != State::open) {
    continue_closing();
    return;
  }
  if (error) {
    close(read_failure_reason(error));
    return;
  }
  bytes_received_ += bytes;
  decoder_.feed(std::span(read_buffer_).first(bytes));
  deliver_frames();
  read_some();
}

namespace {
std::mutex g_trace_mutex;
FrameTrace g_trace;

void trace_frame(std::string_view direction, const PeerFingerprint& peer, const nlohmann::json& frame) {
  FrameTrace trace;
  {
    std::lock_guard lock(g_trace_mutex);
    trace = g_trace;
  }
  if (trace) trace(direction, fingerprint_to_hex(peer), frame);
}
}  // namespace

FrameTrace set_frame_trace(FrameTrace trace) {
  std::lock_guard lock(g_trace_mutex);
  std::swap(g_trace, trace);
  return trace;
}

void Channel::deliver_frames() {
  if (delivering_) return;  // the outer call's loop picks up the new handler
  delivering_ = true;
  while (state_ == State::open && on_frame_) {
    std::optional<nlohmann::json> frame;
    try {
      frame = decoder_.pop();
    } catch (const FrameError& e) {
      close(std::string("bad frame (") + std::string(to_string(e.kind())) + "): " + e.what());
      break;
    }
    if (!frame) break;
    trace_frame("in", peer_fingerprint_, *frame);
    const FrameHandler handler = on_frame_;  // the handler may replace itself
    try {
      handler(*frame);
    } catch (const std::exception& e) {
      close(std::string("frame handler failed on a \"") + (*frame)["type"].get<std::string>() +
            "\" frame: " + e.what());
      break;
    }
  }
  delivering_ = false;
}

void Channel::send(const nlohmann::json& message) {
  Bytes frame = encode_frame(message, options_.max_frame_bytes);
  trace_frame("out", peer_fingerprint_, message);
  if (state_ != State::open) {
    net_log(LogLevel::debug, "dropping a frame for the closed connection with " + description());
    return;
  }
  queued_bytes_ += frame.size();
  bytes_sent_ += frame.size();
  if (queued_bytes_ > options_.max_queued_bytes) {
    close("send queue full (" + std::to_string(queued_bytes_) + " bytes waiting)");
    return;
  }
  write_queue_.push_back(std::move(frame));
  write_next();
}

void Channel::write_next() {
  if (writing_ || write_queue_.empty() || state_ == State::closed) return;
  writing_ = true;
  asio::async_write(stream_, asio::buffer(write_queue_.front()),
                    [self = shared_from_this()](const error_code& error, std::size_t) { self->on_write(error); });
}

void Channel::on_write(const error_code& error) {
  writing_ = false;
  queued_bytes_ -= write_queue_.front().size();
  write_queue_.pop_front();  // the buffer just written stays alive until here
  if (state_ == State::closed) {
    write_queue_.clear();
    queued_bytes_ = 0;
    return;
  }
  if (error) {
    write_queue_.clear();
    queued_bytes_ = 0;
    if (state_ == State::open) {
      close("write failed: " + error.message());
    } else {
      continue_closing();
    }
    return;
  }
  if (state_ == State::closing) {
    continue_closing();
  } else {
    write_next();
  }
}

void Channel::close(const std::string& reason) {
  // Channels are handed out open, so close() never meets State::connecting.
  if (state_ != State::open) return;
  state_ = State::closing;
  close_reason_ = reason;
  on_frame_ = nullptr;  // no frame is delivered after close(); also breaks handler -> channel cycles
  net_log(LogLevel::info, "closing connection with " + description() + ": " + reason);
  asio::post(io_, [self = shared_from_this()] { self->notify_closed(); });
  timer_.expires_after(options_.close_linger);
  timer_.async_wait([weak = weak_from_this()](const error_code& error) {
    if (auto self = weak.lock(); self && !error) self->force_close();
  });
  continue_closing();
}

void Channel::continue_closing() {
  if (state_ != State::closing) return;
  if (writing_) return;  // on_write comes back here
  if (!write_queue_.empty()) {
    write_next();
    return;
  }
  if (reading_) {
    // The read loop must stop before close_notify is exchanged (one reader at a time);
    // on_read comes back here.
    error_code ignored;
    stream_.lowest_layer().cancel(ignored);
    return;
  }
  if (shutting_down_) return;
  shutting_down_ = true;
  // Sends close_notify (RFC 8446 §6.1) and waits for the peer's, bounded by the linger timer.
  stream_.async_shutdown([self = shared_from_this()](const error_code&) { self->force_close(); });
}

void Channel::force_close() {
  if (state_ == State::closed) return;
  state_ = State::closed;
  timer_.cancel();
  error_code ignored;
  stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
  if (!writing_) {  // otherwise on_write releases the buffer being written
    write_queue_.clear();
    queued_bytes_ = 0;
  }
}

void Channel::notify_closed() {
  if (closed_notified_ || !on_closed_) return;
  closed_notified_ = true;
  const ClosedHandler handler = std::move(on_closed_);
  on_closed_ = nullptr;
  handler(close_reason_);
}

Bytes Channel::export_keying_material(std::string_view label, std::size_t length,
                                      std::span<const std::uint8_t> context) const {
  if (state_ == State::closed || state_ == State::connecting) {
    throw std::runtime_error("no TLS session to export keying material from");
  }
  Bytes out(length);
  if (SSL_export_keying_material(const_cast<Stream&>(stream_).native_handle(), out.data(), out.size(),
                                 label.data(), label.size(), context.data(), context.size(),
                                 1) != 1) {
    throw std::runtime_error("SSL_export_keying_material failed");
  }
  return out;
}

std::string Channel::description() const {
  return endpoint_text(remote_) + ", peer " + fingerprint_to_short(peer_fingerprint_);
}

// ---------------------------------------------------------------------------------------------
// ChannelListener

ChannelListener::ChannelListener(asio::io_context& io, std::shared_ptr<ssl::context> tls,
                                 ChannelOptions options, AcceptHandler on_channel)
    : io_(io),
      tls_(std::move(tls)),
      acceptor_(io),
      retry_timer_(io),
      options_(options),
      on_channel_(std::move(on_channel)) {}

std::shared_ptr<ChannelListener> ChannelListener::listen(asio::io_context& io,
                                                         std::shared_ptr<ssl::context> tls,
                                                         const tcp::endpoint& endpoint,
                                                         ChannelOptions options,
                                                         AcceptHandler on_channel) {
  auto listener = std::make_shared<ChannelListener>(io, std::move(tls), options, std::move(on_channel));
  listener->acceptor_.open(endpoint.protocol());
  listener->acceptor_.set_option(tcp::acceptor::reuse_address(true));
  listener->acceptor_.bind(endpoint);
  listener->acceptor_.listen();
  listener->accept_next();
  return listener;
}

tcp::endpoint ChannelListener::local_endpoint() const {
  error_code ignored;
  return acceptor_.local_endpoint(ignored);
}

void ChannelListener::close() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  on_channel_ = nullptr;
}

void ChannelListener::accept_next() {
  if (closed_) return;
  acceptor_.async_accept([self = shared_from_this()](const error_code& error, tcp::socket socket) {
    if (self->closed_) return;
    if (error) {
      // E.g. out of file descriptors: log, wait a little, keep listening.
      net_log(LogLevel::warning, "accept failed: " + error.message());
      self->retry_timer_.expires_after(std::chrono::milliseconds(100));
      self->retry_timer_.async_wait([self](const error_code& e) {
        if (!e) self->accept_next();
      });
      return;
    }
    auto channel = std::make_shared<Channel>(Channel::Private{}, self->io_, self->tls_, std::move(socket),
                                             self->options_);
    channel->handshake(TlsRole::server, self->options_.handshake_timeout,
                       [self, channel](const error_code& error) {
                         if (error) {
                           net_log(LogLevel::info, "TLS handshake with " + endpoint_text(channel->remote_endpoint()) +
                                                       " failed: " + error.message());
                           return;
                         }
                         if (self->on_channel_) self->on_channel_(channel);
                       });
    self->accept_next();
  });
}

}  // namespace renkei::net
