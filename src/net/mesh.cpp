#include "net/mesh.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "net/net_log.hpp"

namespace renkei::net {

namespace asio = boost::asio;
using asio::ip::tcp;

// --- addresses -------------------------------------------------------------------------------

tcp::endpoint parse_endpoint(const std::string& text) {
  std::string host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw std::invalid_argument("'" + text + "' is not ADDR:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("'" + text + "' is not ADDR:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned long number = 0;
  try {
    std::size_t used = 0;
    number = std::stoul(port, &used);
    if (used != port.size() || number > 65535) throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + port + "' is not a port number (0–65535)");
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::invalid_argument("'" + host + "' is not an IP address");
  return {address, static_cast<unsigned short>(number)};
}

std::string format_endpoint(const tcp::endpoint& endpoint) {
  const auto a = endpoint.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(endpoint.port());
}

std::vector<std::string> local_ipv4_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    asio::ip::address_v4 a(ntohl(sin->sin_addr.s_addr));
    if (!a.is_loopback()) out.push_back(a.to_string());
  }
  freeifaddrs(list);
  return out;
}

// --- state -----------------------------------------------------------------------------------

struct Mesh::Link {
  enum class Phase { joining, await_hello, await_welcome, awaiting_admission, live };
  std::uint64_t id = 0;
  std::shared_ptr<Channel> channel;
  std::string fingerprint;
  bool dialled = false;
  bool member_path = false;   // accepted from an admitted device
  bool joiner = false;        // our link to the chair while joining
  bool report_when_synced = false;  // report the join once the initial sync is complete
  nlohmann::json admitted_info;
  Phase phase = Phase::await_hello;
  PeerHello hello;
  std::unique_ptr<core::SyncSession> sync;
  std::set<core::PeerId> peer_links;  // replicas the peer last said it has live links to
};

struct Mesh::Dialer {
  explicit Dialer(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  std::chrono::milliseconds backoff{0};
  bool connecting = false;
  bool waiting = false;
};

Mesh::Mesh(asio::io_context& io, const TlsIdentity& identity, const core::Document& doc,
           MeshOptions options, Callbacks callbacks)
    : io_(io),
      identity_(identity),
      own_fingerprint_(identity.fingerprint_hex()),
      doc_(doc),
      options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      client_tls_(make_tls_context(identity, TlsRole::client)),
      server_tls_(make_tls_context(identity, TlsRole::server)) {}

Mesh::~Mesh() { stop(); }

void Mesh::changed() {
  if (stopped_) return;
  announce_links();
  if (callbacks_.links_changed) callbacks_.links_changed();
}

void Mesh::announce_links(const std::shared_ptr<Link>& to) {
  std::set<std::string> live;
  for (const auto& [id, link] : links_)
    if (link->phase == Link::Phase::live && link->channel->is_open() && !link->hello.replica.empty())
      live.insert(link->hello.replica);
  if (!to && live == announced_links_) return;
  if (!to) announced_links_ = live;
  const nlohmann::json frame{{"type", "mesh_links"}, {"replicas", live}};
  for (const auto& [id, link] : links_)
    if ((!to || link == to) && link->phase == Link::Phase::live && link->channel->is_open()) link->channel->send(frame);
}

void Mesh::arm_anti_entropy() {
  if (anti_entropy_ || options_.anti_entropy.count() <= 0) return;
  anti_entropy_ = std::make_unique<asio::steady_timer>(io_);
  std::weak_ptr<bool> alive = alive_;
  struct Tick {
    Mesh* mesh;
    std::weak_ptr<bool> alive;
    void operator()(const boost::system::error_code& error) const {
      if (error || !alive.lock() || mesh->stopped_) return;
      // A hello (no reply asked) on each live link: the peer answers with what we lack.
      for (auto& [id, link] : mesh->links_) {
        if (link->phase != Link::Phase::live || !link->channel->is_open()) continue;
        link->sync->start();
        mesh->flush(link);
      }
      mesh->anti_entropy_->expires_after(mesh->options_.anti_entropy);
      mesh->anti_entropy_->async_wait(*this);
    }
  };
  anti_entropy_->expires_after(options_.anti_entropy);
  anti_entropy_->async_wait(Tick{this, alive});
}

tcp::endpoint Mesh::listen(const tcp::endpoint& endpoint) {
  std::weak_ptr<bool> alive = alive_;
  listener_ = ChannelListener::listen(io_, server_tls_, endpoint, options_.channel,
                                      [this, alive](std::shared_ptr<Channel> channel) {
                                        if (alive.lock()) on_accept(std::move(channel));
                                      });
  listen_port_ = listener_->local_endpoint().port();
  return listener_->local_endpoint();
}

void Mesh::set_join_code(const JoinCode& code) {
  code_ = code;
  limiter_.note_rotation();
}

void Mesh::stop_admitting() {
  code_.reset();
  limiter_.note_rotation();  // attempts still running on the old code count no more
  auto_admit_ = false;
  for (auto& [id, link] : links_)
    if (link->phase == Link::Phase::awaiting_admission) {
      link->channel->send({{"type", "denied"}, {"message", "this device no longer chairs the meeting: join with the new chair's code"}});
      link->channel->close("no longer the chair");
    }
  changed();
}

std::shared_ptr<Mesh::Link> Mesh::add_link(std::shared_ptr<Channel> channel, bool dialled) {
  auto link = std::make_shared<Link>();
  link->id = next_link_id_++;
  link->fingerprint = fingerprint_to_hex(channel->peer_fingerprint());
  link->channel = std::move(channel);
  link->dialled = dialled;
  links_[link->id] = link;
  return link;
}

nlohmann::json Mesh::hello_frame() const {
  return {{"type", "hello"}, {"name", options_.name}, {"replica", options_.replica}, {"port", listen_port_}};
}

PeerHello Mesh::hello_from(const std::shared_ptr<Link>& link, const nlohmann::json& frame) const {
  PeerHello h;
  h.fingerprint = link->fingerprint;
  h.name = frame.value("name", std::string());
  h.replica = frame.value("replica", std::string());
  const int port = frame.value("port", 0);
  if (port > 0 && port < 65536)
    h.address = format_endpoint({link->channel->remote_endpoint().address(), static_cast<unsigned short>(port)});
  return h;
}

// --- accepting -------------------------------------------------------------------------------

void Mesh::on_accept(std::shared_ptr<Channel> channel) {
  if (stopped_) return channel->close("shutting down");
  const std::string fp = fingerprint_to_hex(channel->peer_fingerprint());
  if (fp == own_fingerprint_) return channel->close("connected to itself");
  auto link = add_link(std::move(channel), false);
  if (callbacks_.is_admitted && callbacks_.is_admitted(fp)) {
    start_member_accept(link);
  } else if (code_) {
    start_join_accept(link);
  } else {
    link->channel->start([](const nlohmann::json&) {}, [](const std::string&) {});
    link->channel->send({{"type", "error"}, {"code", "not_admitted"},
                         {"message", "this device has not been admitted to the meeting"}});
    link->channel->close("refused " + link->channel->description() + ": not admitted");
    links_.erase(link->id);
  }
  changed();
}

void Mesh::start_member_accept(const std::shared_ptr<Link>& link) {
  link->member_path = true;
  link->phase = Link::Phase::await_hello;
  std::weak_ptr<bool> alive = alive_;
  link->channel->start(
      [this, alive, link](const nlohmann::json& f) { if (alive.lock()) on_frame(link, f); },
      [this, alive, link](const std::string& r) { if (alive.lock()) on_closed(link, r); });
}

void Mesh::start_join_accept(const std::shared_ptr<Link>& link) {
  link->phase = Link::Phase::joining;
  std::weak_ptr<bool> alive = alive_;
  join_as_host(
      link->channel,
      // Asked when the joiner's pake_init arrives: the code current then, if an attempt on it may
      // still be reserved (PROTOCOL.md, "Counting guesses").
      [this, alive]() -> std::optional<HostAttempt> {
        if (!alive.lock() || stopped_ || !code_) return std::nullopt;
        const auto reservation = limiter_.try_reserve();
        if (!reservation) return std::nullopt;
        if (callbacks_.join_attempt) callbacks_.join_attempt(*code_);
        return HostAttempt{*code_, [this, alive, r = *reservation](AttemptEnd end) {
                             if (!alive.lock()) return;
                             if (end == AttemptEnd::succeeded) return limiter_.succeeded(r);
                             if (end == AttemptEnd::untested) return limiter_.untested(r);
                             if (!limiter_.failed(r) || !code_) return;
                             // Too many wrong codes: the code is replaced.
                             set_join_code(generate_join_code());
                             if (callbacks_.code_rotated) callbacks_.code_rotated(*code_);
                           }};
      },
      options_.join,
      [this, alive, link](const JoinResult& result) {
        if (!alive.lock()) return;
        if (result.outcome != JoinOutcome::success) {
          net_log(LogLevel::info, "join from " + link->channel->description() + " failed: " +
                                      std::string(to_string(result.outcome)) + " " + result.reason);
          links_.erase(link->id);
          changed();
          return;
        }
        link->phase = Link::Phase::await_hello;
        link->channel->set_closed_handler([this, alive, link](const std::string& r) {
          if (alive.lock()) on_closed(link, r);
        });
        link->channel->set_frame_handler([this, alive, link](const nlohmann::json& f) {
          if (alive.lock()) on_frame(link, f);
        });
        changed();
      });
}

// --- joining and dialling --------------------------------------------------------------------

void Mesh::join(const tcp::endpoint& host, const JoinCode& code) {
  std::weak_ptr<bool> alive = alive_;
  auto report = [this](bool ok, const std::string& c, const std::string& m, const nlohmann::json& info) {
    if (callbacks_.join_result) callbacks_.join_result(ok, c, m, info);
  };
  Channel::connect(io_, client_tls_, host, options_.channel,
                   [this, alive, host, code, report](const boost::system::error_code& ec, std::shared_ptr<Channel> channel) {
    if (!alive.lock() || stopped_) return;
    if (ec) return report(false, "unreachable", "could not reach " + format_endpoint(host) + ": " + ec.message(), {});
    auto link = add_link(std::move(channel), true);
    link->joiner = true;
    link->phase = Link::Phase::joining;
    changed();
    join_as_joiner(link->channel, code, options_.join, [this, alive, link, host, report](const JoinResult& result) {
      if (!alive.lock()) return;
      if (result.outcome != JoinOutcome::success) {
        links_.erase(link->id);
        changed();
        if (result.reason.find("already_admitted") != std::string::npos) {
          // Our identity is admitted already (a rejoin with a new file): connect as a member.
          roster_[link->fingerprint] = RosterEntry{link->fingerprint, format_endpoint(host), "", true};
          pending_join_ = link->fingerprint;
          return dial(link->fingerprint);
        }
        return report(false, std::string(to_string(result.outcome)), result.reason, {});
      }
      link->phase = Link::Phase::await_welcome;
      link->channel->set_closed_handler([this, alive, link](const std::string& r) { if (alive.lock()) on_closed(link, r); });
      link->channel->set_frame_handler([this, alive, link](const nlohmann::json& f) { if (alive.lock()) on_frame(link, f); });
      link->channel->send(hello_frame());
      changed();
    });
  });
}

void Mesh::set_roster(const std::vector<RosterEntry>& roster) {
  for (const auto& e : roster) {
    if (e.fingerprint == own_fingerprint_) continue;
    roster_[e.fingerprint] = e;
  }
  for (const auto& [fp, e] : roster_) {
    if (e.address.empty() || !(own_fingerprint_ < fp || e.always_dial)) continue;
    if (live_peers().count(fp)) continue;
    bool linking = false;
    for (const auto& [id, l] : links_) linking |= l->fingerprint == fp;
    auto d = dialers_.find(fp);
    if (linking || (d != dialers_.end() && (d->second->connecting || d->second->waiting))) continue;
    dial(fp);
  }
}

void Mesh::dial(const std::string& fp) {
  if (stopped_) return;
  auto& dialer = dialers_[fp];
  if (!dialer) dialer = std::make_unique<Dialer>(io_);
  if (dialer->connecting) return;
  const auto entry = roster_.find(fp);
  if (entry == roster_.end() || entry->second.address.empty()) return;
  tcp::endpoint endpoint;
  try {
    endpoint = parse_endpoint(entry->second.address);
  } catch (const std::invalid_argument& e) {
    if (callbacks_.warning) callbacks_.warning("device " + fp.substr(0, 12) + ": " + e.what());
    return;
  }
  dialer->connecting = true;
  dialer->waiting = false;
  std::weak_ptr<bool> alive = alive_;
  Channel::connect(io_, client_tls_, endpoint, options_.channel,
                   [this, alive, fp](const boost::system::error_code& ec, std::shared_ptr<Channel> channel) {
    if (!alive.lock() || stopped_) return;
    dialers_[fp]->connecting = false;
    if (ec) return schedule_redial(fp);
    on_dialled(fp, std::move(channel));
  });
  changed();
}

void Mesh::on_dialled(const std::string& fp, std::shared_ptr<Channel> channel) {
  const std::string got = fingerprint_to_hex(channel->peer_fingerprint());
  if (got != fp) {
    // Pinning: the certificate is not the one admitted to the meeting at that address.
    channel->close("pinned certificate mismatch: expected " + fp.substr(0, 12) + ", got " + got.substr(0, 12));
    if (callbacks_.warning)
      callbacks_.warning("a device at " + roster_[fp].address + " presented an unexpected certificate");
    return schedule_redial(fp);
  }
  auto link = add_link(std::move(channel), true);
  link->member_path = true;
  link->phase = Link::Phase::await_welcome;
  std::weak_ptr<bool> alive = alive_;
  link->channel->start([this, alive, link](const nlohmann::json& f) { if (alive.lock()) on_frame(link, f); },
                       [this, alive, link](const std::string& r) { if (alive.lock()) on_closed(link, r); });
  link->channel->send(hello_frame());
  changed();
}

void Mesh::schedule_redial(const std::string& fp) {
  if (stopped_) return;
  auto entry = roster_.find(fp);
  if (entry == roster_.end() || entry->second.address.empty()) return;
  if (!(own_fingerprint_ < fp || entry->second.always_dial)) return;
  if (live_peers().count(fp)) return;
  auto& dialer = dialers_[fp];
  if (!dialer) dialer = std::make_unique<Dialer>(io_);
  if (dialer->waiting || dialer->connecting) return;
  dialer->backoff = std::clamp(dialer->backoff * 2, options_.min_backoff, options_.max_backoff);
  // Jitter (50–100 %) so that peers that lost the same link do not redial in lockstep.
  static thread_local std::mt19937 rng{std::random_device{}()};
  const auto wait = std::chrono::milliseconds(
      std::uniform_int_distribution<long>(dialer->backoff.count() / 2, dialer->backoff.count())(rng));
  dialer->waiting = true;
  dialer->timer.expires_after(wait);
  std::weak_ptr<bool> alive = alive_;
  dialer->timer.async_wait([this, alive, fp](const boost::system::error_code& ec) {
    if (ec || !alive.lock() || stopped_) return;
    dialers_[fp]->waiting = false;
    if (!live_peers().count(fp)) dial(fp);
  });
  changed();
}

// --- frames ----------------------------------------------------------------------------------

void Mesh::on_frame(const std::shared_ptr<Link>& link, const nlohmann::json& frame) {
  const std::string type = frame.value("type", std::string());
  auto refuse = [&](const std::string& code, const std::string& message) {
    link->channel->send({{"type", "error"}, {"code", code}, {"message", message}});
    link->channel->close(message);
  };
  if (type == "error") {
    const std::string code = frame.value("code", std::string("error"));
    const std::string message = frame.value("message", std::string());
    if (link->joiner && link->phase != Link::Phase::live && callbacks_.join_result) {
      link->joiner = false;  // reported here, not again on close
      callbacks_.join_result(false, code, message, {});
    }
    return link->channel->close("peer error " + code + ": " + message);
  }
  switch (link->phase) {
    case Link::Phase::joining:
      return refuse("protocol_error", "frame before the join finished");
    case Link::Phase::await_hello: {
      if (link->member_path && type == "pake_init")
        return refuse("already_admitted", "this device is admitted already: connect as a member");
      if (type != "hello") return refuse("protocol_error", "expected hello, got " + type);
      link->hello = hello_from(link, frame);
      if (link->member_path) {
        auto welcome = hello_frame();
        welcome["type"] = "welcome";
        link->channel->send(welcome);
        return go_live(link);
      }
      if (auto_admit_) {
        admit(link->fingerprint);
        return;
      }
      link->phase = Link::Phase::awaiting_admission;
      link->channel->send({{"type", "join_pending"}});
      changed();  // the peer list shows it waiting before anyone is asked about it
      if (callbacks_.join_request) callbacks_.join_request(link->hello);
      return;
    }
    case Link::Phase::await_welcome:
      if (type == "join_pending") return changed();
      if (type == "denied" && link->joiner) {
        link->joiner = false;
        if (callbacks_.join_result)
          callbacks_.join_result(false, "denied", frame.value("message", std::string("the chair did not admit this device")), {});
        return link->channel->close("denied by the chair");
      }
      if (type == "welcome" || (link->joiner && type == "admitted")) {
        link->hello = hello_from(link, frame);
        // The join is reported once this peer has what the chair had (SyncSession::caught_up),
        // so that a participant never sees an empty meeting.
        link->report_when_synced = link->joiner || pending_join_ == link->fingerprint;
        link->admitted_info = frame;
        if (pending_join_ == link->fingerprint) pending_join_.clear();
        return go_live(link);
      }
      return refuse("protocol_error", "expected welcome, got " + type);
    case Link::Phase::awaiting_admission:
      return refuse("protocol_error", "frame while awaiting admission");
    case Link::Phase::live:
      break;
  }
  if (type == "mesh_links") {
    const auto replicas = frame.find("replicas");
    if (replicas == frame.end() || !replicas->is_array()) return refuse("protocol_error", "mesh_links without replicas");
    std::set<core::PeerId> reported;
    for (const auto& r : *replicas) {
      auto id = r.is_string() ? core::peer_from_hex(r.get<std::string>()) : std::nullopt;
      if (!id) return refuse("protocol_error", "mesh_links: a replica id is not 16 hex digits");
      reported.insert(*id);
    }
    const bool lost = !std::includes(reported.begin(), reported.end(), link->peer_links.begin(), link->peer_links.end());
    link->peer_links = std::move(reported);
    // It lost a direct link: what that peer would have sent it may now have to come from us.
    if (lost) {
      link->sync->start(/*ask_reply=*/true);
      flush(link);
    }
    return;
  }
  if (type.rfind("sync_", 0) != 0) return refuse("protocol_error", "unexpected " + type);
  std::vector<core::Op> ops;
  try {
    ops = link->sync->receive(frame);
  } catch (const core::SyncError& e) {
    return refuse("protocol_error", e.what());
  }
  if (callbacks_.handed_off)
    for (const auto& p : doc_.handoff_partitions())
      if (link->sync->handed_off(p)) callbacks_.handed_off(p);
  if (!ops.empty() && callbacks_.receive_ops) push(callbacks_.receive_ops(std::move(ops)));
  flush(link);
  if (link->report_when_synced && link->sync->caught_up()) {
    link->report_when_synced = false;
    link->joiner = false;
    if (callbacks_.join_result) callbacks_.join_result(true, "", "", link->admitted_info);
  }
}

void Mesh::go_live(const std::shared_ptr<Link>& link) {
  link->phase = Link::Phase::live;
  core::SyncSession::Options sync_options;
  if (callbacks_.sync_options_for) sync_options = callbacks_.sync_options_for(link->fingerprint);
  if (callbacks_.partitions_for)
    link->sync = std::make_unique<core::SyncSession>(doc_, callbacks_.partitions_for(link->fingerprint), sync_options);
  else
    link->sync = std::make_unique<core::SyncSession>(doc_, options_.partitions, sync_options);
  link->sync->start();
  flush(link);
  announce_links(link);
  arm_anti_entropy();
  if (callbacks_.peer_live) callbacks_.peer_live(link->hello);
  if (auto d = dialers_.find(link->fingerprint); d != dialers_.end()) d->second->backoff = {};
  drop_duplicates(link);
  changed();
}

void Mesh::drop_duplicates(const std::shared_ptr<Link>& fresh) {
  // Both ends keep the link dialled by the lower fingerprint (the newer one if equal).
  auto dialler = [&](const Link& l) { return l.dialled ? own_fingerprint_ : l.fingerprint; };
  for (auto& [id, other] : links_) {
    if (other == fresh || other->fingerprint != fresh->fingerprint || other->phase != Link::Phase::live) continue;
    const bool keep_fresh = dialler(*fresh) < dialler(*other) ||
                            (dialler(*fresh) == dialler(*other) && fresh->id > other->id);
    (keep_fresh ? other : fresh)->channel->close("duplicate link to " + fresh->fingerprint.substr(0, 12));
    if (!keep_fresh) return;
  }
}

void Mesh::flush(const std::shared_ptr<Link>& link) {
  if (!link->sync) return;
  for (auto& message : link->sync->take_outgoing()) link->channel->send(message);
}

void Mesh::resync() {
  // The link's partition filter follows the document, so the session stays (frames in flight
  // still land in it); a new hello asking for one back makes both ends send what the other
  // lacks in the partitions the link carries now.
  for (auto& [id, link] : links_) {
    if (link->phase != Link::Phase::live || !link->channel->is_open()) continue;
    link->sync->start(/*ask_reply=*/true);
    flush(link);
  }
}

void Mesh::push(const std::vector<const core::Op*>& ops) {
  if (ops.empty()) return;
  std::vector<const core::Op*> to_send;
  for (auto& [id, link] : links_) {
    if (link->phase != Link::Phase::live || !link->channel->is_open()) continue;
    // Not another's op to a peer that has a live link to its author: the author sends it.
    to_send.clear();
    for (const core::Op* op : ops)
      if (op->id.peer == doc_.self() || !link->peer_links.count(op->id.peer)) to_send.push_back(op);
    if (to_send.empty()) continue;
    link->sync->on_applied(to_send);
    flush(link);
  }
}

Mesh::Traffic Mesh::traffic() const {
  Traffic t = closed_traffic_;
  for (const auto& [id, link] : links_) {
    t.sent += link->channel->bytes_sent();
    t.received += link->channel->bytes_received();
  }
  return t;
}

void Mesh::on_closed(const std::shared_ptr<Link>& link, const std::string& reason) {
  if (links_.erase(link->id)) {
    closed_traffic_.sent += link->channel->bytes_sent();
    closed_traffic_.received += link->channel->bytes_received();
  }
  if ((link->joiner || link->report_when_synced) && callbacks_.join_result)
    callbacks_.join_result(false, "connection_lost", "the chair's computer closed the connection: " + reason, {});
  if (!stopped_) schedule_redial(link->fingerprint);
  changed();
}

// --- admission -------------------------------------------------------------------------------

bool Mesh::admit(const std::string& fp) {
  for (auto& [id, link] : links_) {
    if (link->fingerprint != fp || link->member_path ||
        (link->phase != Link::Phase::awaiting_admission && link->phase != Link::Phase::await_hello))
      continue;
    nlohmann::json info = callbacks_.admitted ? callbacks_.admitted(link->hello) : nlohmann::json::object();
    info["type"] = "admitted";
    auto self = hello_frame();
    info["name"] = self["name"];
    info["replica"] = self["replica"];
    info["port"] = self["port"];
    link->channel->send(info);
    go_live(link);
    return true;
  }
  return false;
}

bool Mesh::deny(const std::string& fp) {
  bool found = false;
  for (auto& [id, link] : links_)
    if (link->fingerprint == fp && link->phase == Link::Phase::awaiting_admission) {
      link->channel->send({{"type", "denied"}, {"message", "the chair did not admit this device"}});
      link->channel->close("denied by the chair");
      found = true;
    }
  changed();
  return found;
}

// --- status ----------------------------------------------------------------------------------

bool Mesh::caught_up() const {
  bool any = false;
  for (const auto& [id, link] : links_) {
    if (link->phase != Link::Phase::live || !link->channel->is_open()) continue;
    if (!link->sync || !link->sync->caught_up()) return false;
    any = true;
  }
  return any;
}

std::set<std::string> Mesh::live_peers() const {
  std::set<std::string> out;
  for (const auto& [id, link] : links_)
    if (link->phase == Link::Phase::live && link->channel->is_open()) out.insert(link->fingerprint);
  return out;
}

std::vector<LinkStatus> Mesh::links() const {
  std::vector<LinkStatus> out;
  std::set<std::string> seen;
  for (const auto& [id, link] : links_) {
    LinkStatus s;
    s.fingerprint = link->fingerprint;
    s.name = link->hello.name;
    s.address = link->hello.address.empty() ? format_endpoint(link->channel->remote_endpoint()) : link->hello.address;
    s.dialled = link->dialled;
    switch (link->phase) {
      case Link::Phase::live: s.state = LinkStatus::State::live; break;
      case Link::Phase::awaiting_admission: s.state = LinkStatus::State::awaiting_admission; break;
      default: s.state = LinkStatus::State::handshaking;
    }
    seen.insert(s.fingerprint);
    out.push_back(std::move(s));
  }
  for (const auto& [fp, dialer] : dialers_) {
    if (seen.count(fp) || !(dialer->connecting || dialer->waiting)) continue;
    LinkStatus s;
    s.fingerprint = fp;
    s.name = roster_.count(fp) ? roster_.at(fp).name : "";
    s.address = roster_.count(fp) ? roster_.at(fp).address : "";
    s.dialled = true;
    s.state = dialer->connecting ? LinkStatus::State::connecting : LinkStatus::State::waiting_to_retry;
    out.push_back(std::move(s));
  }
  return out;
}

void Mesh::stop() {
  if (stopped_) return;
  stopped_ = true;
  *alive_ = false;
  alive_ = std::make_shared<bool>(false);  // handlers hold weak_ptrs to the old one: expired now
  if (listener_) listener_->close();
  for (auto& [fp, dialer] : dialers_) dialer->timer.cancel();
  auto links = std::move(links_);
  links_.clear();
  for (auto& [id, link] : links) link->channel->close("leaving the meeting");
}

}  // namespace renkei::net
