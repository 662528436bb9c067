// Session factories and shared helpers (session.hpp).
#include "session/session.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>

#include "session/meeting_session.hpp"
#include "net/discovery.hpp"
#include "net/join_code.hpp"
#include "session/meeting_setup.hpp"

namespace renkei::session {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Opens the replica file, or creates it; refusals become SessionError with the store's message.
std::unique_ptr<store::ReplicaFile> open_or_create(const std::filesystem::path& db, bool* created) {
  try {
    if (std::filesystem::exists(db)) {
      *created = false;
      return store::ReplicaFile::open(db);
    }
    *created = true;
    return store::ReplicaFile::create(db, store::ReplicaFile::new_replica_id(),
                                      store::ReplicaFile::new_meeting_id(), now_ms());
  } catch (const store::StoreError& e) {
    throw SessionError(e.what());
  }
}

}  // namespace

void remove_replica_file(const std::filesystem::path& db) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix, ignored);
}

const char* to_string(Event::Kind kind) {
  static constexpr std::array<const char*, 9> names{"state_changed", "peers_changed", "hosting",
                                                    "join_request",  "joined",        "join_failed",
                                                    "code_rotated",  "rejected",      "error"};
  return names[static_cast<int>(kind)];
}

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("RENKEI_DATA_DIR"); env && *env) return env;
  const std::filesystem::path source = RENKEI_SOURCE_DATA_DIR;
  if (std::filesystem::exists(source / "templates" / "meetings")) return source;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("/usr/share/renkei") : exe.parent_path().parent_path() / "share" / "renkei";
}

std::vector<FoundMeeting> discover_meetings(std::chrono::milliseconds timeout, const std::string& interface) {
  std::vector<FoundMeeting> out;
  try {
    boost::asio::io_context io;
    net::DiscoveryOptions options;
    options.interface_address = boost::asio::ip::make_address_v4(interface);
    net::DiscoveryBrowser browser(io, options);
    browser.browse(timeout, [&](const std::vector<net::FoundMeeting>& found) {
      for (const auto& f : found)
        out.push_back({f.address.to_string() + ":" + std::to_string(f.announcement.port),
                       f.announcement.fingerprint, f.announcement.meeting});
    });
    io.run();
  } catch (const std::exception&) {
    // No multicast here (no interface, no route): nothing found; joining by address still works.
  }
  return out;
}

std::unique_ptr<Session> Session::host(HostOptions options, EventHandler on_event) {
  if (options.display_name.empty()) throw SessionError("the chair's name is missing");
  // Read the template before touching the disk, so a broken template leaves no empty file.
  const bool exists = std::filesystem::exists(options.db);
  std::optional<core::MeetingTemplate> tpl;
  std::optional<core::MeetingState> previous;
  if (!exists) {
    if (!options.previous.empty()) {
      auto old = open_local(options.previous, {});
      previous = *old->state();
      old->stop();
      if (options.template_kind.empty()) options.template_kind = core::to_string(previous->meeting.kind);
    }
    tpl = load_meeting_template(data_dir(), options.template_kind);
  }
  bool created = false;
  auto file = open_or_create(options.db, &created);
  auto session = std::make_unique<MeetingSession>(std::move(file), Role::chair, std::move(on_event));
  try {
    session->load();
    if (created) {
      session->apply_setup(template_edits(*tpl, options.meeting, local_today()));
      if (previous) session->apply_setup(continuation_edits(*previous, *session->state()));
    }
    session->start_hosting(options);
  } catch (...) {
    // A meeting that could not be set up (say, a bad date in the meeting's details) leaves no
    // half-made file behind: the next attempt starts from the template again.
    session->stop();
    session.reset();
    if (created) remove_replica_file(options.db);
    throw;
  }
  return session;
}

std::unique_ptr<Session> Session::join(JoinOptions options, EventHandler on_event) {
  // A typo in the code is caught before anything is written (the check symbol).
  if (!std::filesystem::exists(options.db)) {
    try {
      net::parse_join_code(options.code);
    } catch (const net::JoinCodeError& e) {
      throw SessionError(std::string("join code: ") + e.what());
    }
  }
  bool created = false;
  auto file = open_or_create(options.db, &created);
  auto session = std::make_unique<MeetingSession>(std::move(file), Role::participant, std::move(on_event));
  session->load();
  session->start_joining(options);
  return session;
}

std::unique_ptr<Session> Session::open_local(const std::filesystem::path& db, EventHandler on_event) {
  if (!std::filesystem::exists(db)) throw SessionError("no meeting file " + db.string());
  bool created = false;
  auto file = open_or_create(db, &created);
  auto session = std::make_unique<MeetingSession>(std::move(file), Role::offline, std::move(on_event));
  session->load();
  session->start_offline();
  return session;
}

}  // namespace renkei::session
