// One running meeting for a front end (DESIGN.md, Architecture: src/session). A Session owns
// the io thread, the replicated document, the replica file and the mesh of peer connections.
// Front ends never touch the document: they send edits (the JSON commands of core/edit.hpp)
// and read immutable snapshots; everything else arrives as events.
//
// Threading: every public member function is thread-safe. Events are delivered on the
// session's io thread — a GUI must hand them to its own thread (wxWidgets: CallAfter) and
// must not block in the handler.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/meeting_state.hpp"

namespace renkei::session {

/// Setting up a session failed: the replica file is corrupt or foreign, the template is
/// broken, the listen address cannot be bound, … what() says which, in plain words.
struct SessionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// This replica's part in the meeting.
enum class Role { chair, participant, offline };

/// Hosting a meeting (the chair's laptop).
struct HostOptions {
  std::filesystem::path db;            ///< replica file; created if missing, reopened if present
  std::string template_kind = "service_coordination";  ///< templates/meetings/<kind>.json, for a new file
  nlohmann::json meeting = nlohmann::json::object();   ///< initial meeting registers (title, person_name, date, …)
  /// A previous meeting of the same person to continue from (継続: its open issues, attendees,
  /// roles; 開催回数 + 1 — meeting_setup.hpp continuation_edits). Only for a new file.
  std::filesystem::path previous;
  std::string listen = "0.0.0.0:0";    ///< "ADDR:PORT" to accept peers on (port 0: any free port)
  std::string display_name;            ///< the chair's name (becomes the 司会 attendee)
  std::string organization;            ///< the chair's 所属
  std::string profession;              ///< the chair's 職種
  std::filesystem::path identity_dir;  ///< TLS identity; empty: net::default_identity_dir()
  bool auto_admit = false;             ///< admit every joiner who proves the code (demo, tests)
  /// The audience of attendees admitted automatically: "general" (only what every attendee may
  /// see — least privilege) or "professional" (bound by confidentiality: audience.hpp).
  std::string auto_admit_audience = "general";
  bool announce = true;                ///< answer multicast discovery and send beacons
  std::string announce_interface = "0.0.0.0";  ///< interface address for multicast
};

/// Joining a meeting (a participant's laptop).
struct JoinOptions {
  std::filesystem::path db;            ///< replica file; created if missing
  std::string address;                 ///< "ADDR:PORT" of the chair; empty: discover by multicast
  std::string code;                    ///< the join code as typed (checked locally first)
  std::string display_name;
  std::string listen = "0.0.0.0:0";    ///< where this peer accepts mesh connections
  std::filesystem::path identity_dir;
  std::chrono::milliseconds discover_timeout{3000};
  std::string announce_interface = "0.0.0.0";
};

/// A connection to another device, as shown next to the attendee list.
struct PeerStatus {
  enum class State { connecting, connected, disconnected, awaiting_admission };
  std::string fingerprint;        ///< 64 hex digits
  std::string short_fingerprint;  ///< "3f9a-12c0-7be4", for reading aloud
  std::string name;
  std::string address;
  std::optional<core::ItemId> attendee;
  State state = State::disconnected;
};

/// Something happened. `data` fields per kind are listed in protocol/CLI.md ("Events").
///  - state_changed:  a new snapshot is available (data: {"version"}: the number of operation
///                    counters applied, growing with every change; state_hash() on demand)
///  - peers_changed:  a connection opened, closed or changed state
///  - hosting:        listening (data: {"address","addresses","code","fingerprint"})
///  - join_request:   someone proved the code and waits to be admitted ({"fingerprint","name"})
///  - joined:         admitted and syncing ({"address","attendee"})
///  - join_failed:    wrong code, nobody there, refused, … ({"code","message"}); the session stops
///  - code_rotated:   too many wrong codes: a new code replaced the old one ({"code"})
///  - rejected:       an operation had no effect ({"op","reason"})
///  - error:          something went wrong that the user should know about ({"message"})
struct Event {
  enum class Kind { state_changed, peers_changed, hosting, join_request, joined, join_failed,
                    code_rotated, rejected, error };
  Kind kind;
  nlohmann::json data;
};
const char* to_string(Event::Kind kind);
using EventHandler = std::function<void(const Event&)>;

/// The outcome of one edit: ok with the edit's reply ({"id": …} for add) and the edits that
/// undo it (core/undo.hpp: send them, in order, to revert), or an error message.
struct EditResult {
  bool ok = false;
  nlohmann::json reply = nlohmann::json::object();
  std::string error;
  std::vector<nlohmann::json> undo;
};

class Session {
 public:
  /// Starts hosting. Throws SessionError if the replica file, template or address is unusable
  /// (nothing saved is lost or modified then).
  static std::unique_ptr<Session> host(HostOptions options, EventHandler on_event);
  /// Starts joining; progress and the outcome arrive as events (joined / join_failed).
  /// Throws SessionError only for local problems (bad file, a code that fails its check symbol).
  static std::unique_ptr<Session> join(JoinOptions options, EventHandler on_event);
  /// Opens a replica file without any network: review, offline edits, minutes.
  static std::unique_ptr<Session> open_local(const std::filesystem::path& db, EventHandler on_event);

  virtual ~Session() = default;

  /// Applies one edit (core/edit.hpp): durable in the replica file before the snapshot shows
  /// it, then sent to the peers.
  virtual std::future<EditResult> edit(nlohmann::json edit) = 0;
  /// The latest snapshot (never null).
  [[nodiscard]] virtual std::shared_ptr<const core::MeetingState> state() const = 0;
  /// SHA-256 (hex) of the canonical visible state: equal on replicas holding the same ops.
  [[nodiscard]] virtual std::string state_hash() const = 0;
  /// Connections to other devices.
  [[nodiscard]] virtual std::vector<PeerStatus> peers() const = 0;
  /// Number of peers whose sync is live.
  [[nodiscard]] virtual std::size_t connected_peers() const = 0;

  /// Bytes sent to and received from peers so far (frames before TLS), for status and benchmarks.
  [[nodiscard]] virtual std::pair<std::uint64_t, std::uint64_t> traffic() const = 0;

  /// Chair: admits (or refuses) a device waiting after proving the join code. admit() gives
  /// its attendee the "general" audience; admit_as() the one named ("general" or
  /// "professional"); the chair can change it later (set … audience). Each returns false,
  /// changing nothing, when no device with that fingerprint (64 hex) is waiting here — as on
  /// any laptop but the one that admits.
  virtual bool admit(const std::string& fingerprint) = 0;
  virtual bool admit_as(const std::string& fingerprint, const std::string& audience) = 0;
  virtual bool deny(const std::string& fingerprint) = 0;

  [[nodiscard]] virtual Role role() const = 0;
  /// The current join code, "XXXX-XXXX-C" (chair only; empty otherwise).
  [[nodiscard]] virtual std::string join_code() const = 0;
  /// Where this peer accepts connections, "ADDR:PORT" (empty when offline).
  [[nodiscard]] virtual std::string address() const = 0;
  /// This device's fingerprint (64 hex) and its short form.
  [[nodiscard]] virtual std::string fingerprint() const = 0;
  [[nodiscard]] virtual std::string short_fingerprint() const = 0;
  [[nodiscard]] virtual core::PeerId replica_id() const = 0;
  /// The attendee this device belongs to, once known.
  [[nodiscard]] virtual std::optional<core::ItemId> own_attendee() const = 0;
  [[nodiscard]] virtual std::filesystem::path db_path() const = 0;

  /// Closes connections and the replica file; events stop. Idempotent; the destructor calls it.
  virtual void stop() = 0;
};

/// A meeting announced on the local network (multicast discovery; no personal data is sent).
struct FoundMeeting {
  std::string address;      ///< "ADDR:PORT" to join at
  std::string fingerprint;  ///< the chair's short fingerprint, "3f9a-12c0-7be4", to compare aloud
  std::string meeting;      ///< opaque meeting token (random; same for every announcement of one meeting)
};

/// Asks the local network which meetings are open: sends a multicast query and collects answers
/// and beacons for `timeout`. Blocks the calling thread (run it off the GUI thread).
/// interface: IPv4 address of the interface to use ("0.0.0.0": the kernel's choice).
/// Returns an empty list when multicast does not pass; throws nothing.
std::vector<FoundMeeting> discover_meetings(std::chrono::milliseconds timeout,
                                           const std::string& interface = "0.0.0.0");

/// Deletes a replica file with its SQLite side files (-wal, -shm); errors are ignored. Only for
/// a file this program has just created and that holds nothing yet (a meeting whose set-up
/// failed, a join that failed): never for a file that was there before.
void remove_replica_file(const std::filesystem::path& db);

/// Folder holding templates/meetings and templates/minutes: $RENKEI_DATA_DIR, else the source
/// tree this was built from, else <executable>/../share/renkei.
std::filesystem::path data_dir();

}  // namespace renkei::session
