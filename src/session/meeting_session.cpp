#include "session/meeting_session.hpp"

#include <openssl/evp.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/edit.hpp"
#include "core/undo.hpp"
#include "net/join_code.hpp"
#include "net/net_log.hpp"
#include "session/meeting_setup.hpp"

namespace renkei::session {
namespace asio = boost::asio;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    out += buf;
  }
  return out;
}

// "3f9a-12c0-7be4" from 64 hex digits (net::fingerprint_to_short's form).
std::string short_of(const std::string& hex) {
  if (hex.size() < 12) return hex;
  return hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4);
}

PeerStatus::State to_peer_state(net::LinkStatus::State s) {
  switch (s) {
    case net::LinkStatus::State::live: return PeerStatus::State::connected;
    case net::LinkStatus::State::awaiting_admission: return PeerStatus::State::awaiting_admission;
    case net::LinkStatus::State::waiting_to_retry: return PeerStatus::State::disconnected;
    default: return PeerStatus::State::connecting;
  }
}

}  // namespace

MeetingSession::MeetingSession(std::unique_ptr<store::ReplicaFile> file, Role role, EventHandler on_event)
    : file_(std::move(file)), role_(role), on_event_(std::move(on_event)), doc_(file_->info().replica) {
  state_ = std::make_shared<core::MeetingState>();
}

MeetingSession::~MeetingSession() { stop(); }

template <typename F>
auto MeetingSession::run_on_io(F&& f) const -> decltype(f()) {
  if (!thread_.joinable() || std::this_thread::get_id() == io_thread_id_ || stopped_) return f();
  std::packaged_task<decltype(f())()> task(std::forward<F>(f));
  auto result = task.get_future();
  asio::post(const_cast<asio::io_context&>(io_), [&task] { task(); });
  return result.get();
}

// --- start-up ----------------------------------------------------------------------------------

void MeetingSession::load() {
  try {
    file_->load_into(doc_);
  } catch (const store::StoreError& e) {
    throw SessionError(e.what());
  }
  // A file left long (e.g. by a crash before closing) is compacted now: next time it opens fast.
  if (file_->op_count() > 2 * doc_.op_count() + 1000) compact_file();
  if (auto a = file_->meta("attendee")) attendee_ = core::OpId::parse(a->get<std::string>());
  if (auto n = file_->meta("display_name")) name_ = n->get<std::string>();
  publish();
}

void MeetingSession::apply_setup(const std::vector<nlohmann::json>& edits) {
  std::vector<core::Op> all;
  for (const auto& e : edits) {
    core::PreparedEdit prepared;
    try {
      prepared = core::prepare_edit(doc_, e, now_ms());
    } catch (const core::EditError& err) {
      throw SessionError(std::string("setting up the meeting: ") + err.what() + " in " + e.dump());
    }
    doc_.apply_local(prepared.ops);
    all.insert(all.end(), prepared.ops.begin(), prepared.ops.end());
  }
  try {
    file_->append(all);
  } catch (const store::StoreError& err) {
    throw SessionError(std::string("could not save the meeting: ") + err.what());
  }
  publish();
}

void MeetingSession::load_identity(const std::filesystem::path& dir) {
  try {
    identity_ = net::load_or_create_identity(dir.empty() ? net::default_identity_dir() : dir);
  } catch (const std::exception& e) {
    throw SessionError(std::string("device identity: ") + e.what());
  }
}

void MeetingSession::start_io() {
  work_.emplace(io_.get_executor());
  std::promise<void> started;
  auto ready = started.get_future();
  thread_ = std::thread([this, &started, done = std::move(io_done_)]() mutable {
    io_thread_id_ = std::this_thread::get_id();
    started.set_value();
    for (;;) {
      try {
        io_.run();
        break;
      } catch (const std::exception& e) {
        // A handler threw: report it and keep the meeting running.
        emit(Event::Kind::error, {{"message", std::string("internal error: ") + e.what()}});
      }
    }
    done.set_value();
  });
  ready.wait();  // io_thread_id_ is set before anyone compares against it
}

void MeetingSession::start_mesh(const std::string& listen, const std::string& name) {
  net::MeshOptions options;
  options.name = name;
  options.replica = core::peer_to_hex(doc_.self());
  net::Mesh::Callbacks cb;
  cb.receive_ops = [this](std::vector<core::Op> ops) { return receive_ops(std::move(ops)); };
  cb.is_admitted = [this](const std::string& fp) { return admitted_.count(fp) > 0; };
  cb.join_request = [this](const net::PeerHello& h) {
    emit(Event::Kind::join_request, {{"fingerprint", h.fingerprint},
                                     {"short_fingerprint", short_of(h.fingerprint)},
                                     {"name", h.name}});
  };
  cb.admitted = [this](const net::PeerHello& h) { return admit_device(h); };
  cb.code_rotated = [this](const net::JoinCode& code) {
    {
      std::lock_guard lock(mutex_);
      code_ = code.display();
    }
    emit(Event::Kind::code_rotated, {{"code", code.display()}});
  };
  cb.join_result = [this](bool ok, const std::string& code, const std::string& message, const nlohmann::json& info) {
    if (!ok) {
      emit(Event::Kind::join_failed, {{"code", code}, {"message", message}});
      return;
    }
    publish();  // the meeting as received, before anyone is told it has arrived
    file_->set_meta("admitted", true);
    // The chair names the attendee when admitting; a device admitted before (rejoining with a
    // new file) finds it in the meeting's device records.
    std::optional<core::ItemId> attendee;
    if (info.contains("attendee") && info["attendee"].is_string()) attendee = core::OpId::parse(info["attendee"].get<std::string>());
    if (!attendee) attendee = my_attendee();
    if (attendee) {
      file_->set_meta("attendee", attendee->to_string());
      std::lock_guard lock(mutex_);
      attendee_ = attendee;
    }
    emit(Event::Kind::joined, {{"attendee", attendee ? attendee->to_string() : std::string()}});
  };
  cb.links_changed = [this] { refresh_peers(); };
  cb.peer_live = [this](const net::PeerHello& hello) { record_replica(hello); };
  cb.partitions_for = [this](const std::string& fingerprint) {
    return core::SyncSession::PartitionFilter(
        [this, fingerprint](const std::string& p) { return link_carries(fingerprint, p); });
  };
  cb.sync_options_for = [this](const std::string& fingerprint) {
    core::SyncSession::Options options;
    // Hand-off (core/sync.hpp): take what we may see from a device that lost access to it, and
    // give what we keep after losing access to a device that may see it.
    options.accept = [this](const std::string& p) { return policy_ && policy_->may_see(my_attendee(), p); };
    options.offer = [this, fingerprint](const std::string& p) { return policy_ && policy_->device_may_see(fingerprint, p); };
    return options;
  };
  cb.handed_off = [this](const std::string& p) { finish_handoff(p); };
  cb.warning = [this](const std::string& m) { emit(Event::Kind::error, {{"message", m}}); };
  mesh_ = std::make_unique<net::Mesh>(io_, *identity_, doc_, options, std::move(cb));
  asio::ip::tcp::endpoint bound;
  try {
    bound = mesh_->listen(net::parse_endpoint(listen));
  } catch (const std::exception& e) {
    throw SessionError("cannot accept connections on " + listen + ": " + e.what());
  }
  // Bound to every interface: each local IPv4 address reaches it (the first is shown); bound to
  // one address: only that one does.
  std::vector<std::string> reachable;
  if (bound.address().is_unspecified()) {
    for (const auto& a : net::local_ipv4_addresses()) reachable.push_back(a + ":" + std::to_string(bound.port()));
    if (reachable.empty()) reachable.push_back("127.0.0.1:" + std::to_string(bound.port()));
  } else {
    reachable.push_back(net::format_endpoint(bound));
  }
  std::lock_guard lock(mutex_);
  address_ = reachable.front();
  addresses_ = std::move(reachable);
}

void MeetingSession::ensure_own_device() {
  // This device in the roster, with the address it accepts connections on now.
  const std::string fp = identity_->fingerprint_hex();
  const auto s = doc_.snapshot();
  for (const auto& d : s.devices)
    if (d.fingerprint == fp) {
      if (d.address != address_) apply_edit({{"cmd", "set"}, {"id", d.id.to_string()}, {"field", "address"}, {"value", address_}});
      return;
    }
  nlohmann::json fields{{"fingerprint", fp}, {"name", name_}, {"address", address_},
                        {"replica", core::peer_to_hex(doc_.self())}};
  if (attendee_) fields["attendee"] = attendee_->to_string();
  apply_edit({{"cmd", "add"}, {"type", "device"}, {"fields", fields}});
}

void MeetingSession::start_hosting(const HostOptions& o) {
  load_identity(o.identity_dir);
  name_ = o.display_name;
  file_->set_meta("role", "chair");
  file_->set_meta("display_name", o.display_name);
  // The chair is an attendee (司会) of the meeting: the one of that name (a continued meeting
  // lists last time's attendees), or a new one.
  if (!attendee_) {
    for (const auto& a : doc_.snapshot().attendees)
      if (a.name == o.display_name) attendee_ = a.id;
  }
  if (!attendee_) {
    auto r = apply_edit({{"cmd", "add"}, {"type", "attendee"},
                         {"fields", {{"name", o.display_name}, {"organization", o.organization},
                                     {"profession", o.profession}, {"relation", "professional"}}}});
    if (!r.ok) throw SessionError("adding the chair: " + r.error);
    attendee_ = core::OpId::parse(r.reply["id"].get<std::string>());
  }
  file_->set_meta("attendee", attendee_->to_string());
  start_mesh(o.listen, o.display_name);
  const auto code = net::generate_join_code();
  mesh_->set_join_code(code);
  mesh_->set_auto_admit(o.auto_admit);
  auto_admit_audience_ = o.auto_admit_audience;
  {
    std::lock_guard lock(mutex_);
    code_ = code.display();
  }
  // This device first (bound to the chair's attendee), then the chair: from then on chair-only
  // actions are judged, and this replica is the chair's (authority.hpp).
  ensure_own_device();
  if (!doc_.snapshot().meeting.chair) {
    auto r = apply_edit({{"cmd", "set_meeting"}, {"field", "chair"}, {"value", attendee_->to_string()}});
    if (!r.ok) throw SessionError("naming the chair: " + r.error);
  }
  if (o.announce) {
    net::MeetingAnnouncement a;
    a.meeting = file_->info().meeting_id;
    a.port = mesh_->listen_port();
    a.fingerprint = identity_->short_fingerprint();
    a.session = net::generate_session_id();
    net::DiscoveryOptions d;
    d.interface_address = boost::asio::ip::make_address_v4(o.announce_interface);
    announcer_ = std::make_unique<net::DiscoveryAnnouncer>(io_, a, d);
  }
  start_io();
  asio::post(io_, [this] {
    if (announcer_) {
      try {
        announcer_->start();
      } catch (const std::exception& e) {
        emit(Event::Kind::error, {{"message", std::string("discovery is off: ") + e.what()}});
      }
    }
    refresh_peers();
    nlohmann::json addresses = nlohmann::json::array();
    {
      std::lock_guard lock(mutex_);
      for (const auto& a : addresses_) addresses.push_back(a);
    }
    emit(Event::Kind::hosting, {{"address", address()}, {"addresses", addresses}, {"code", join_code()},
                                {"fingerprint", short_fingerprint()}});
  });
}

void MeetingSession::start_joining(const JoinOptions& o) {
  net::JoinCode code;
  const bool admitted = file_->meta("admitted").value_or(false).get<bool>();
  if (!admitted) {
    try {
      code = net::parse_join_code(o.code);
    } catch (const net::JoinCodeError& e) {
      throw SessionError(std::string("join code: ") + e.what());
    }
  }
  load_identity(o.identity_dir);
  name_ = o.display_name.empty() ? name_ : o.display_name;
  file_->set_meta("role", "participant");
  file_->set_meta("display_name", name_);
  announce_interface_ = o.announce_interface;
  start_mesh(o.listen, name_);
  start_io();
  asio::post(io_, [this, o, code, admitted] {
    if (admitted) {
      // Already a member: the mesh reconnects to the roster with pinned certificates.
      ensure_own_device();
      publish();
      emit(Event::Kind::joined, {{"attendee", attendee_ ? attendee_->to_string() : ""}});
      return;
    }
    auto go = [this, code](const asio::ip::tcp::endpoint& host) { mesh_->join(host, code); };
    if (!o.address.empty()) {
      try {
        return go(net::parse_endpoint(o.address));
      } catch (const std::invalid_argument& e) {
        return emit(Event::Kind::join_failed, {{"code", "bad_address"}, {"message", e.what()}});
      }
    }
    net::DiscoveryOptions d;
    d.interface_address = boost::asio::ip::make_address_v4(o.announce_interface);
    browser_ = std::make_unique<net::DiscoveryBrowser>(io_, d);
    browser_->browse(o.discover_timeout, [this, go](const std::vector<net::FoundMeeting>& found) {
      if (found.empty())
        return emit(Event::Kind::join_failed, {{"code", "not_found"},
                                               {"message", "no meeting was found on the network; type the chair's address"}});
      go({found.front().address, found.front().announcement.port});
    });
  });
}

void MeetingSession::start_offline() { start_io(); }

// --- edits and received ops ----------------------------------------------------------------------

std::future<EditResult> MeetingSession::edit(nlohmann::json edit) {
  auto promise = std::make_shared<std::promise<EditResult>>();
  auto future = promise->get_future();
  if (stopped_) {
    promise->set_value({false, {}, "the meeting is closed", {}});
    return future;
  }
  asio::post(io_, [this, promise, edit = std::move(edit)] { promise->set_value(apply_edit(edit)); });
  return future;
}

std::vector<const core::Op*> MeetingSession::apply_local_ops(const std::vector<core::Op>& ops) {
  doc_.apply_local(ops);
  // The ops as made (the log may have merged them into a typed run): pointers into `ops`.
  std::vector<const core::Op*> applied;
  for (const auto& op : ops) applied.push_back(&op);
  return applied;
}

EditResult MeetingSession::apply_edit(const nlohmann::json& edit) {
  core::PreparedEdit prepared;
  try {
    prepared = core::prepare_edit(doc_, edit, now_ms());
  } catch (const core::EditError& e) {
    return {false, {}, e.what(), {}};
  }
  try {
    file_->append(prepared.ops);  // durable before anyone sees it (DESIGN.md, Replication)
  } catch (const store::StoreError& e) {
    return {false, {}, std::string("could not save: ") + e.what(), {}};
  }
  auto undo = core::undo_edits(doc_, prepared.ops);  // from the state before the edit
  auto applied = apply_local_ops(prepared.ops);
  persist_redactions();
  if (mesh_) mesh_->push(applied);
  publish();  // the author sees the change when the edit's result arrives
  return {true, prepared.reply, "", std::move(undo)};
}

std::vector<const core::Op*> MeetingSession::receive_ops(std::vector<core::Op> ops) {
  last_received_ = doc_.receive(std::move(ops));
  const auto& result = last_received_;
  // The ops as applied (ops buffered earlier that became ready included): stored one by one,
  // and forwarded, while the log may merge typed runs.
  std::vector<const core::Op*> applied;
  for (const auto& op : result.ops) applied.push_back(&op);
  if (!applied.empty()) {
    try {
      // Received ops: peers send them again after a power cut, so no fsync per batch.
      file_->append(applied, store::ReplicaFile::Durability::relaxed);
    } catch (const store::StoreError& e) {
      emit(Event::Kind::error, {{"message", std::string("could not save received changes: ") + e.what()}});
    }
    persist_redactions();
    schedule_publish();
  }
  rehome_withdrawn();
  for (const auto& r : result.rejected) emit(Event::Kind::rejected, {{"op", r.id.to_string()}, {"reason", r.reason}});
  for (const auto& r : result.refused) emit(Event::Kind::error, {{"message", "refused an operation: " + r}});
  return applied;
}

nlohmann::json MeetingSession::admit_device(const net::PeerHello& hello) {
  // The attendee of that name if the meeting has one without a device, else a new attendee.
  const auto s = doc_.snapshot();
  std::optional<std::string> attendee;
  for (const auto& a : s.attendees) {
    if (a.name != hello.name) continue;
    bool bound = false;
    for (const auto& d : s.devices) bound |= d.attendee == a.id;
    if (!bound) attendee = a.id.to_string();
  }
  auto chosen = admit_audience_.find(hello.fingerprint);
  const std::string audience = chosen != admit_audience_.end() ? chosen->second : auto_admit_audience_;
  if (!attendee) {
    auto r = apply_edit({{"cmd", "add"}, {"type", "attendee"},
                         {"fields", {{"name", hello.name}, {"present", true}, {"audience", audience}}}});
    if (r.ok) attendee = r.reply["id"].get<std::string>();
  } else {
    apply_edit({{"cmd", "set"}, {"id", *attendee}, {"field", "audience"}, {"value", audience}});
  }
  nlohmann::json fields{{"fingerprint", hello.fingerprint}, {"name", hello.name}, {"address", hello.address},
                        {"replica", hello.replica}};
  if (attendee) fields["attendee"] = *attendee;
  auto r = apply_edit({{"cmd", "add"}, {"type", "device"}, {"fields", fields}});
  admitted_.insert(hello.fingerprint);
  publish();
  return {{"attendee", attendee.value_or("")}, {"device", r.ok ? r.reply["id"] : nlohmann::json("")}};
}

// --- publishing ----------------------------------------------------------------------------------

void MeetingSession::schedule_publish() {
  if (publish_pending_ || !thread_.joinable()) return publish();
  publish_pending_ = true;
  asio::post(io_, [this] {
    if (publish_pending_) publish();
  });
}

void MeetingSession::persist_redactions() {
  const auto redacted = doc_.take_redacted();
  if (redacted.empty()) return;
  try {
    file_->replace(doc_.resolve(redacted));
  } catch (const store::StoreError& e) {
    emit(Event::Kind::error, {{"message", std::string("could not remove withdrawn content from the file: ") + e.what()}});
  }
}

void MeetingSession::rehome_withdrawn() {
  for (auto& op : doc_.take_withdrawn_own()) withdrawn_.push_back(std::move(op));
  if (withdrawn_.empty()) return;
  // The item's new copy may still be on its way (its audience's partition syncs apart from the
  // move): wait for it until the peers have sent all they had.
  const bool nothing_more = !mesh_ || mesh_->caught_up();
  std::vector<core::Op> waiting;
  for (auto& op : withdrawn_) {
    // Where the item is now, if this replica may see it there (else only its stub is here).
    const core::ItemId now = doc_.resolve_shown(op.target);
    const core::Item* copy = now == op.target ? nullptr : doc_.item(now);
    const bool visible = copy && !copy->type.empty();
    if (!visible && !nothing_more) {
      waiting.push_back(std::move(op));
      continue;
    }
    nlohmann::json redo;
    std::string what;
    if (op.kind == core::OpKind::text_insert) {
      what = op.text;
      if (visible) {
        // Appended to the same field of the copy: the place it was typed at may not exist there.
        const auto text = copy->texts.find(op.field);
        const std::size_t end = text == copy->texts.end() ? 0 : text->second.size();
        redo = {{"cmd", "insert_text"}, {"id", now.to_string()}, {"field", op.field}, {"pos", end}, {"text", op.text}};
      }
    } else if (op.kind == core::OpKind::set) {
      what = op.field + ": " + (op.value.is_string() ? op.value.get<std::string>() : op.value.dump());
      if (visible) redo = {{"cmd", "set"}, {"id", now.to_string()}, {"field", op.field}, {"value", op.value}};
    } else {
      what = std::string(core::to_string(op.kind)) + " in " + op.field;  // a deletion or a placing
    }
    const bool rehomed = !redo.is_null() && apply_edit(redo).ok;
    emit(Event::Kind::rejected,
         {{"op", op.id.to_string()}, {"withdrawn", true}, {"item", now.to_string()}, {"text", what},
          {"rehomed", rehomed},
          {"reason", rehomed ? "the chair changed who may see this item while you were editing it; your change was "
                               "put into the item as it is now: " + what
                             : "the chair changed who may see this item while you were editing it, and your change "
                               "could not be kept there: " + what}});
  }
  withdrawn_ = std::move(waiting);
}

std::optional<core::ItemId> MeetingSession::my_attendee() const {
  if (policy_ && identity_)
    if (auto a = policy_->attendee_of_device(identity_->fingerprint_hex())) return a;
  return attendee_;
}

bool MeetingSession::link_carries(const std::string& fingerprint, const std::string& partition) const {
  if (partition == core::kAllAttendees) return true;
  if (!policy_) return false;
  return policy_->may_see(my_attendee(), partition) && policy_->device_may_see(fingerprint, partition);
}

// Audiences as the document says now: links carry what both ends may see (a new hello when
// that changed), and what this replica may no longer see is dropped — from memory and file.
void MeetingSession::apply_audiences() {
  core::AudiencePolicy fresh(doc_);
  bool changed = !policy_ || policy_->key() != fresh.key();
  policy_.emplace(std::move(fresh));
  for (const auto& p : doc_.partitions()) {
    if (p == core::kAllAttendees || policy_->may_see(my_attendee(), p)) continue;
    // Access lost — or never had: this device wrote for an audience it is not in (the recorder
    // noting something for the family only). Either way, hand it off and forget it.
    doc_.drop_partition(p);
    changed = true;
    // What only this replica may hold stays in the file until a peer that may see it has it.
    const auto kept = doc_.handoff_partitions();
    if (std::find(kept.begin(), kept.end(), p) == kept.end()) finish_handoff(p);
  }
  if (!changed) return;
  // Access came back before the hand-off was done: the kept log is the meeting's again (it is
  // still in the file) and goes to the peers that lack it.
  std::vector<core::Document::Applied> reclaimed;
  for (const auto& p : doc_.handoff_partitions())
    if (policy_->may_see(my_attendee(), p)) {
      auto result = doc_.reclaim_partition(p);
      reclaimed.insert(reclaimed.end(), result.applied.begin(), result.applied.end());
    }
  if (mesh_) {
    if (!reclaimed.empty()) mesh_->push(doc_.resolve(reclaimed));
    mesh_->resync();
  }
}

void MeetingSession::finish_handoff(const std::string& partition) {
  doc_.finish_handoff(partition);
  try {
    file_->drop_partition(partition);
  } catch (const store::StoreError& e) {
    emit(Event::Kind::error, {{"message", std::string("could not remove a withdrawn audience from the file: ") + e.what()}});
  }
}

void MeetingSession::publish() {
  publish_pending_ = false;
  apply_audiences();
  auto snapshot = std::make_shared<const core::MeetingState>(doc_.snapshot());
  // A cheap, monotonic measure of what has been applied (the hash is computed on demand).
  std::uint64_t version = 0;
  for (const auto& p : doc_.partitions()) version += doc_.version(p).total();
  // Devices: who may connect (pinning) and whom the mesh dials.
  std::vector<net::RosterEntry> roster;
  std::string key;
  admitted_.clear();
  for (const auto& d : snapshot->devices) {
    admitted_.insert(d.fingerprint);
    const bool chair = snapshot->meeting.chair && d.attendee == snapshot->meeting.chair;
    roster.push_back({d.fingerprint, d.address, d.name, chair});
    key += d.fingerprint + d.address + (chair ? "c" : "") + ";";
  }
  bool changed;
  {
    std::lock_guard lock(mutex_);
    changed = version != version_;
    state_ = snapshot;
    version_ = version;
    hash_.clear();
  }
  take_up_the_chair(*snapshot);
  if (mesh_ && key != roster_key_) {
    roster_key_ = key;
    mesh_->set_roster(roster);
    refresh_peers();
  }
  if (changed) emit(Event::Kind::state_changed, {{"version", version}});
}

// The chair admits joiners. When the chair is handed to this device's attendee (or the
// vice-chair here takes it over), this peer starts accepting joiners with a new join code and
// answering discovery; it says so with a hosting event (its first) or code_rotated.
void MeetingSession::take_up_the_chair(const core::MeetingState& state) {
  if (!mesh_ || !identity_ || !state.meeting.chair) return;
  const auto me = my_attendee();
  const bool chairing = me && *me == *state.meeting.chair;
  if (mesh_->join_code() && me && !chairing && role_ == Role::chair) return step_down();
  if (mesh_->join_code() || !chairing) return;
  const auto code = net::generate_join_code();
  mesh_->set_join_code(code);
  {
    std::lock_guard lock(mutex_);
    code_ = code.display();
  }
  if (role_ != Role::chair) {
    role_ = Role::chair;
    file_->set_meta("role", "chair");
    if (!announcer_) {
      net::MeetingAnnouncement a;
      a.meeting = file_->info().meeting_id;
      a.port = mesh_->listen_port();
      a.fingerprint = identity_->short_fingerprint();
      a.session = net::generate_session_id();
      net::DiscoveryOptions d;
      d.interface_address = boost::asio::ip::make_address_v4(announce_interface_);
      announcer_ = std::make_unique<net::DiscoveryAnnouncer>(io_, a, d);
      try {
        announcer_->start();
      } catch (const std::exception& e) {
        emit(Event::Kind::error, {{"message", std::string("discovery is off: ") + e.what()}});
      }
    }
    emit(Event::Kind::code_rotated, {{"code", code.display()}, {"reason", "this device now chairs the meeting"}});
  }
}

// Chair: an admitted laptop that comes back with a new meeting file has a new replica id. The
// device record says which replica writes for its attendee (authority.cpp judges roles by it),
// so it is brought up to date; ops of the old replica keep being judged as of their own time.
void MeetingSession::record_replica(const net::PeerHello& hello) {
  if (role_ != Role::chair || hello.replica.empty() || !core::peer_from_hex(hello.replica)) return;
  const auto s = doc_.snapshot();
  for (const auto& d : s.devices)
    if (d.fingerprint == hello.fingerprint && d.replica != hello.replica) {
      auto r = apply_edit({{"cmd", "set"}, {"id", d.id.to_string()}, {"field", "replica"}, {"value", hello.replica}});
      if (!r.ok) emit(Event::Kind::error, {{"message", "could not record the device's new meeting file: " + r.error}});
    }
}

// The chair was handed over (or taken) and this device's attendee no longer holds it: the new
// chair's device admits newcomers now. This one stops admitting and answering discovery.
void MeetingSession::step_down() {
  mesh_->stop_admitting();
  announcer_.reset();
  {
    std::lock_guard lock(mutex_);
    code_.clear();
  }
  role_ = Role::participant;
  file_->set_meta("role", "participant");
  emit(Event::Kind::code_rotated, {{"code", ""}, {"reason", "this device no longer chairs the meeting"}});
}

void MeetingSession::refresh_peers() {
  std::vector<PeerStatus> peers;
  std::size_t live = 0;
  std::set<std::string> seen;
  const std::string own = identity_ ? identity_->fingerprint_hex() : "";
  const auto snapshot = state();
  auto attendee_of = [&](const std::string& fp) -> std::optional<core::ItemId> {
    for (const auto& d : snapshot->devices)
      if (d.fingerprint == fp) return d.attendee;
    return std::nullopt;
  };
  if (mesh_)
    for (const auto& l : mesh_->links()) {
      PeerStatus p{l.fingerprint, short_of(l.fingerprint), l.name, l.address, attendee_of(l.fingerprint),
                   to_peer_state(l.state)};
      if (p.state == PeerStatus::State::connected) {
        if (seen.count(l.fingerprint)) continue;
        ++live;
      }
      seen.insert(l.fingerprint);
      peers.push_back(std::move(p));
    }
  for (const auto& d : snapshot->devices)
    if (d.fingerprint != own && !seen.count(d.fingerprint))
      peers.push_back({d.fingerprint, short_of(d.fingerprint), d.name, d.address, d.attendee,
                       PeerStatus::State::disconnected});
  {
    std::lock_guard lock(mutex_);
    peers_ = std::move(peers);
    live_ = live;
  }
  emit(Event::Kind::peers_changed, {{"connected", live}});
}

void MeetingSession::emit(Event::Kind kind, nlohmann::json data) {
  if (stopped_ || !on_event_) return;
  try {
    on_event_(Event{kind, std::move(data)});
  } catch (const std::exception& e) {
    net::net_log(net::LogLevel::error, std::string("event handler threw: ") + e.what());
  }
}

// --- queries -------------------------------------------------------------------------------------

std::shared_ptr<const core::MeetingState> MeetingSession::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string MeetingSession::state_hash() const {
  // Flush a pending publish so the hash covers every op applied so far; hash the published
  // snapshot once (until the next publish).
  return run_on_io([this] {
    auto* self = const_cast<MeetingSession*>(this);
    if (self->publish_pending_) self->publish();
    std::shared_ptr<const core::MeetingState> snapshot;
    {
      std::lock_guard lock(mutex_);
      if (!hash_.empty()) return hash_;
      snapshot = state_;
    }
    std::string hash = sha256_hex(core::to_json(*snapshot).dump());
    std::lock_guard lock(mutex_);
    if (state_ == snapshot) self->hash_ = hash;
    return hash;
  });
}

std::vector<PeerStatus> MeetingSession::peers() const {
  std::lock_guard lock(mutex_);
  return peers_;
}

std::size_t MeetingSession::connected_peers() const {
  std::lock_guard lock(mutex_);
  return live_;
}

std::pair<std::uint64_t, std::uint64_t> MeetingSession::traffic() const {
  return run_on_io([this] {
    if (!mesh_) return std::pair<std::uint64_t, std::uint64_t>{0, 0};
    const auto t = mesh_->traffic();
    return std::pair{t.sent, t.received};
  });
}

bool MeetingSession::admit(const std::string& fp) { return admit_as(fp, "general"); }

bool MeetingSession::admit_as(const std::string& fp, const std::string& audience) {
  return run_on_io([this, &fp, &audience] {
    if (!mesh_) return false;
    admit_audience_[fp] = audience;  // read by admit_device() while the mesh admits
    if (mesh_->admit(fp)) return true;
    admit_audience_.erase(fp);
    return false;
  });
}

bool MeetingSession::deny(const std::string& fp) {
  return run_on_io([this, &fp] { return mesh_ && mesh_->deny(fp); });
}

std::string MeetingSession::join_code() const {
  std::lock_guard lock(mutex_);
  return code_;
}

std::string MeetingSession::address() const {
  std::lock_guard lock(mutex_);
  return address_;
}

std::string MeetingSession::fingerprint() const { return identity_ ? identity_->fingerprint_hex() : ""; }
std::string MeetingSession::short_fingerprint() const { return identity_ ? identity_->short_fingerprint() : ""; }

std::optional<core::ItemId> MeetingSession::own_attendee() const {
  std::lock_guard lock(mutex_);
  return attendee_;
}

void MeetingSession::compact_file() {
  try {
    file_->compact(doc_.all_ops());
  } catch (const store::StoreError& e) {
    emit(Event::Kind::error, {{"message", std::string("could not compact the meeting file: ") + e.what()}});
  }
}

void MeetingSession::stop() {
  if (stopped_.exchange(true)) return;
  if (thread_.joinable()) {
    asio::post(io_, [this] {
      if (browser_) browser_->stop();
      if (announcer_) announcer_->stop();
      if (mesh_) mesh_->stop();
      work_.reset();  // io_.run() returns once closing connections have flushed
    });
    // Closing connections get their linger (≤ 2 s, PROTOCOL.md); then the loop is stopped hard.
    if (io_finished_.wait_for(std::chrono::seconds(3)) != std::future_status::ready) io_.stop();
    thread_.join();
  }
  mesh_.reset();
  announcer_.reset();
  browser_.reset();
  // Leave a compact file (typed runs merged): reopening reads as many rows as the log holds.
  if (file_->op_count() > doc_.op_count()) compact_file();
}

}  // namespace renkei::session
