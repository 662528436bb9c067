#include "net/discovery.hpp"

#include <algorithm>
#include <array>
#include <map>

#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sodium.h>

#include "net/net_log.hpp"

namespace renkei::net {

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;
using json = nlohmann::json;

namespace {

std::string random_hex(std::size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  std::vector<unsigned char> random(bytes);
  randombytes_buf(random.data(), random.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  hex.pop_back();
  return hex;
}

bool is_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string endpoint_text(const udp::endpoint& endpoint) {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

const std::string& string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    throw DiscoveryError(std::string("\"") + name + "\" is missing or not a string");
  }
  return it->get_ref<const std::string&>();
}

/// Opens a UDP socket on the group port, able to share it with other processes, member of the
/// group on the configured interface, and sending there.
void open_group_socket(udp::socket& socket, const DiscoveryOptions& options) {
  socket.open(udp::v4());
  socket.set_option(udp::socket::reuse_address(true));
  socket.bind(udp::endpoint(asio::ip::address_v4::any(), options.port));
  socket.set_option(asio::ip::multicast::join_group(options.group, options.interface_address));
  socket.set_option(asio::ip::multicast::outbound_interface(options.interface_address));
  socket.set_option(asio::ip::multicast::hops(options.ttl));
  socket.set_option(asio::ip::multicast::enable_loopback(options.loopback));
}

/// Receives datagrams on `socket` forever (until it is closed), handing each well-formed one to
/// `handle` and logging the others at debug level. `owner` keeps the socket's owner alive.
template <typename Owner, typename Handle>
void receive_loop(std::shared_ptr<Owner> owner, udp::socket& socket, Handle handle) {
  struct State {
    std::array<char, kMaxDiscoveryDatagramBytes + 1> buffer;
    udp::endpoint sender;
  };
  auto state = std::make_shared<State>();
  socket.async_receive_from(
      asio::buffer(state->buffer), state->sender,
      [owner, &socket, handle, state](const error_code& error, std::size_t bytes) {
        if (error == asio::error::operation_aborted || !socket.is_open()) return;
        if (error) {
          net_log(LogLevel::debug, "discovery receive failed: " + error.message());
        } else if (bytes > kMaxDiscoveryDatagramBytes) {
          net_log(LogLevel::debug, "ignoring an oversized discovery datagram from " + endpoint_text(state->sender));
        } else {
          try {
            handle(parse_discovery_datagram(std::string_view(state->buffer.data(), bytes)), state->sender);
          } catch (const DiscoveryError& e) {
            net_log(LogLevel::debug, "ignoring a discovery datagram from " + endpoint_text(state->sender) +
                                         ": " + e.what());
          }
        }
        receive_loop(owner, socket, handle);
      });
}

void send_datagram(udp::socket& socket, std::string payload, const udp::endpoint& to,
                   std::shared_ptr<void> keep_alive) {
  auto data = std::make_shared<std::string>(std::move(payload));
  socket.async_send_to(asio::buffer(*data), to,
                       [data, to, keep_alive](const error_code& error, std::size_t) {
                         if (error && error != asio::error::operation_aborted) {
                           net_log(LogLevel::debug, "discovery send to " + endpoint_text(to) +
                                                        " failed: " + error.message());
                         }
                       });
}

}  // namespace

std::string generate_meeting_token() { return random_hex(16); }

std::string generate_session_id() { return random_hex(8); }

void validate_announcement(const MeetingAnnouncement& a) {
  if (a.meeting.size() < 16 || a.meeting.size() > 64 || a.meeting.size() % 2 != 0 || !is_lower_hex(a.meeting)) {
    throw DiscoveryError("\"meeting\" is not 16..64 lower-case hex digits");
  }
  if (a.port == 0) throw DiscoveryError("\"port\" is 0");
  if (a.fingerprint.empty() || a.fingerprint.size() > 64 ||
      !std::all_of(a.fingerprint.begin(), a.fingerprint.end(),
                   [](char c) { return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
    throw DiscoveryError("\"fingerprint\" is not 1..64 characters of lower-case hex and '-'");
  }
  if (a.session.size() < 8 || a.session.size() > 64 || !is_lower_hex(a.session)) {
    throw DiscoveryError("\"session\" is not 8..64 lower-case hex digits");
  }
}

std::string encode_discovery_query() {
  return json{{"renkei", kDiscoveryVersion}, {"type", "query"}}.dump();
}

std::string encode_discovery_announcement(const MeetingAnnouncement& a, bool beacon) {
  validate_announcement(a);
  // Exactly kAnnouncementKeys: adding a member here is a privacy decision (PROTOCOL.md).
  return json{{"renkei", kDiscoveryVersion},
              {"type", beacon ? "beacon" : "response"},
              {"meeting", a.meeting},
              {"port", a.port},
              {"fingerprint", a.fingerprint},
              {"session", a.session}}
      .dump();
}

DiscoveryMessage parse_discovery_datagram(std::string_view datagram) {
  if (datagram.size() > kMaxDiscoveryDatagramBytes) throw DiscoveryError("datagram too large");
  json value;
  try {
    value = json::parse(datagram);
  } catch (const json::parse_error& e) {
    throw DiscoveryError(std::string("invalid JSON: ") + e.what());
  }
  if (!value.is_object()) throw DiscoveryError("not a JSON object");
  const auto version = value.find("renkei");
  if (version == value.end() || !version->is_number_integer() || version->get<std::int64_t>() != kDiscoveryVersion) {
    throw DiscoveryError("\"renkei\" is missing or not 1");
  }
  const std::string& type = string_member(value, "type");
  DiscoveryMessage message;
  if (type == "query") {
    message.type = DiscoveryMessage::Type::query;
    return message;
  }
  if (type == "beacon") {
    message.type = DiscoveryMessage::Type::beacon;
  } else if (type == "response") {
    message.type = DiscoveryMessage::Type::response;
  } else {
    throw DiscoveryError("unknown \"type\"");
  }
  MeetingAnnouncement a;
  a.meeting = string_member(value, "meeting");
  const auto port = value.find("port");
  if (port == value.end() || !port->is_number_integer() || port->get<std::int64_t>() < 1 ||
      port->get<std::int64_t>() > 65535) {
    throw DiscoveryError("\"port\" is missing or not an integer in 1..65535");
  }
  a.port = static_cast<std::uint16_t>(port->get<std::int64_t>());
  a.fingerprint = string_member(value, "fingerprint");
  a.session = string_member(value, "session");
  validate_announcement(a);
  message.announcement = std::move(a);
  return message;
}

// ---------------------------------------------------------------------------------------------
// DiscoveryAnnouncer

struct DiscoveryAnnouncer::Impl : std::enable_shared_from_this<DiscoveryAnnouncer::Impl> {
  Impl(asio::io_context& io, MeetingAnnouncement a, DiscoveryOptions o)
      : announcement(std::move(a)), options(o), socket(io), timer(io) {}

  void send_beacon() {
    if (stopped) return;
    send_datagram(socket, encode_discovery_announcement(announcement, true),
                  udp::endpoint(options.group, options.port), shared_from_this());
    ++beacons;
    timer.expires_after(options.beacon_interval);
    timer.async_wait([self = shared_from_this()](const error_code& error) {
      if (!error) self->send_beacon();
    });
  }

  void on_datagram(const DiscoveryMessage& message, const udp::endpoint& sender) {
    if (stopped || message.type != DiscoveryMessage::Type::query) return;
    net_log(LogLevel::debug, "answering a discovery query from " + endpoint_text(sender));
    send_datagram(socket, encode_discovery_announcement(announcement, false), sender, shared_from_this());
    ++responses;
  }

  MeetingAnnouncement announcement;
  DiscoveryOptions options;
  udp::socket socket;
  asio::steady_timer timer;
  bool started = false;
  bool stopped = false;
  std::uint64_t beacons = 0;
  std::uint64_t responses = 0;
};

DiscoveryAnnouncer::DiscoveryAnnouncer(asio::io_context& io, MeetingAnnouncement announcement,
                                       DiscoveryOptions options) {
  validate_announcement(announcement);
  impl_ = std::make_shared<Impl>(io, std::move(announcement), options);
  open_group_socket(impl_->socket, options);
}

DiscoveryAnnouncer::~DiscoveryAnnouncer() { stop(); }

void DiscoveryAnnouncer::start() {
  if (impl_->started || impl_->stopped) return;
  impl_->started = true;
  std::weak_ptr<Impl> weak = impl_;
  receive_loop(impl_, impl_->socket, [weak](const DiscoveryMessage& message, const udp::endpoint& sender) {
    if (auto impl = weak.lock()) impl->on_datagram(message, sender);
  });
  impl_->send_beacon();
}

void DiscoveryAnnouncer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->timer.cancel();
  error_code ignored;
  impl_->socket.close(ignored);
}

std::uint64_t DiscoveryAnnouncer::beacons_sent() const { return impl_->beacons; }

std::uint64_t DiscoveryAnnouncer::responses_sent() const { return impl_->responses; }

// ---------------------------------------------------------------------------------------------
// DiscoveryBrowser

struct DiscoveryBrowser::Impl : std::enable_shared_from_this<DiscoveryBrowser::Impl> {
  Impl(asio::io_context& io, DiscoveryOptions o) : io(io), options(o), group_socket(io), query_socket(io), timer(io) {}

  void on_datagram(const DiscoveryMessage& message, const udp::endpoint& sender) {
    if (finished || !message.announcement) return;
    const MeetingAnnouncement& a = *message.announcement;
    auto [it, inserted] = meetings.try_emplace({a.session, a.meeting});
    it->second.announcement = a;
    it->second.address = sender.address();
    it->second.last_seen = std::chrono::steady_clock::now();
    if (inserted) {
      net_log(LogLevel::debug, "found meeting " + a.meeting + " at " + sender.address().to_string() + ":" +
                                   std::to_string(a.port));
      if (on_found) {
        const FoundHandler handler = on_found;
        handler(it->second);
      }
    }
  }

  std::vector<FoundMeeting> list() const {
    std::vector<FoundMeeting> out;
    for (const auto& [key, meeting] : meetings) out.push_back(meeting);
    return out;
  }

  void finish() {
    if (finished) return;
    finished = true;
    timer.cancel();
    error_code ignored;
    group_socket.close(ignored);
    query_socket.close(ignored);
    on_found = nullptr;
    const DoneHandler handler = std::move(done);
    done = nullptr;
    if (handler) handler(list());
  }

  asio::io_context& io;
  DiscoveryOptions options;
  udp::socket group_socket;
  udp::socket query_socket;
  asio::steady_timer timer;
  std::map<std::pair<std::string, std::string>, FoundMeeting> meetings;  // (session, meeting)
  FoundHandler on_found;
  DoneHandler done;
  bool browsing = false;
  bool finished = false;
};

DiscoveryBrowser::DiscoveryBrowser(asio::io_context& io, DiscoveryOptions options)
    : impl_(std::make_shared<Impl>(io, options)) {
  open_group_socket(impl_->group_socket, options);
  udp::socket& query = impl_->query_socket;
  query.open(udp::v4());
  query.bind(udp::endpoint(options.interface_address, 0));
  query.set_option(asio::ip::multicast::outbound_interface(options.interface_address));
  query.set_option(asio::ip::multicast::hops(options.ttl));
  query.set_option(asio::ip::multicast::enable_loopback(options.loopback));
}

DiscoveryBrowser::~DiscoveryBrowser() {
  impl_->done = nullptr;  // destroyed: nobody to tell
  impl_->finish();
}

void DiscoveryBrowser::browse(std::chrono::milliseconds timeout, DoneHandler done, FoundHandler on_found) {
  if (impl_->browsing || impl_->finished) return;
  impl_->browsing = true;
  impl_->done = std::move(done);
  impl_->on_found = std::move(on_found);
  std::weak_ptr<Impl> weak = impl_;
  auto handle = [weak](const DiscoveryMessage& message, const udp::endpoint& sender) {
    if (auto impl = weak.lock()) impl->on_datagram(message, sender);
  };
  receive_loop(impl_, impl_->group_socket, handle);
  receive_loop(impl_, impl_->query_socket, handle);
  send_datagram(impl_->query_socket, encode_discovery_query(),
                udp::endpoint(impl_->options.group, impl_->options.port), impl_);
  impl_->timer.expires_after(timeout);
  impl_->timer.async_wait([weak](const error_code& error) {
    if (auto impl = weak.lock(); impl && !error) impl->finish();
  });
}

void DiscoveryBrowser::stop() {
  if (!impl_->browsing) return;
  asio::post(impl_->io, [impl = impl_] { impl->finish(); });
}

std::vector<FoundMeeting> DiscoveryBrowser::found() const { return impl_->list(); }

}  // namespace renkei::net
