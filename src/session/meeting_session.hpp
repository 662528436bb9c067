// The Session implementation: one io thread running the mesh and discovery; the document and
// replica file touched only on that thread. See session.hpp for the contract.
#pragma once

#include <utility>  // before Boost.Asio (DESIGN.md, Conventions)

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <map>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "core/audience.hpp"
#include "core/document.hpp"
#include "net/discovery.hpp"
#include "net/mesh.hpp"
#include "net/tls_identity.hpp"
#include "session/session.hpp"
#include "store/replica_file.hpp"

namespace renkei::session {

class MeetingSession final : public Session {
 public:
  /// Takes an open replica file (already loaded into nothing); `role` decides what starts.
  MeetingSession(std::unique_ptr<store::ReplicaFile> file, Role role, EventHandler on_event);
  ~MeetingSession() override;

  // Start-up, called by the factories before the session is handed out.
  void load();                                      // replica file → document
  void apply_setup(const std::vector<nlohmann::json>& edits);  // one transaction
  void start_hosting(const HostOptions& options);   // identity, listener, join code, announcer
  void start_joining(const JoinOptions& options);   // identity, listener, discovery, join
  void start_offline();                             // io thread only

  std::future<EditResult> edit(nlohmann::json edit) override;
  std::shared_ptr<const core::MeetingState> state() const override;
  std::string state_hash() const override;
  std::vector<PeerStatus> peers() const override;
  std::size_t connected_peers() const override;
  std::pair<std::uint64_t, std::uint64_t> traffic() const override;
  bool admit(const std::string& fingerprint) override;
  bool admit_as(const std::string& fingerprint, const std::string& audience) override;
  bool deny(const std::string& fingerprint) override;
  Role role() const override { return role_; }
  std::string join_code() const override;
  std::string address() const override;
  std::string fingerprint() const override;
  std::string short_fingerprint() const override;
  core::PeerId replica_id() const override { return doc_.self(); }
  std::optional<core::ItemId> own_attendee() const override;
  std::filesystem::path db_path() const override { return file_->path(); }
  void stop() override;

 private:
  // All of these run on the io thread.
  EditResult apply_edit(const nlohmann::json& edit);
  std::vector<const core::Op*> apply_local_ops(const std::vector<core::Op>& ops);
  std::vector<const core::Op*> receive_ops(std::vector<core::Op> ops);
  nlohmann::json admit_device(const net::PeerHello& hello);
  void ensure_own_device();
  void schedule_publish();
  void persist_redactions();
  // Own changes lost to a concurrent change of visibility (Document::take_withdrawn_own): put
  // into the item's new copy when this replica may see it, and reported (event rejected, with
  // "withdrawn": true, the text, and whether it was re-homed) either way.
  void rehome_withdrawn();
  std::vector<core::Op> withdrawn_;  // own changes lost to a move, waiting for the item's copy
  void take_up_the_chair(const core::MeetingState& state);
  void step_down();
  void record_replica(const net::PeerHello& hello);
  void compact_file();
  void apply_audiences();
  /// Forgets a dropped partition for good: the log kept for hand-off, and its ops in the file.
  void finish_handoff(const std::string& partition);
  [[nodiscard]] bool link_carries(const std::string& fingerprint, const std::string& partition) const;
  [[nodiscard]] std::optional<core::ItemId> my_attendee() const;
  void publish();
  void refresh_peers();
  void emit(Event::Kind kind, nlohmann::json data = nlohmann::json::object());
  void start_io();
  void start_mesh(const std::string& listen, const std::string& name);
  void load_identity(const std::filesystem::path& dir);
  template <typename F>
  auto run_on_io(F&& f) const -> decltype(f());

  std::unique_ptr<store::ReplicaFile> file_;
  std::atomic<Role> role_;
  EventHandler on_event_;
  core::Document doc_;

  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::promise<void> io_done_;                          // set when io_.run() has returned
  std::future<void> io_finished_ = io_done_.get_future();
  std::thread::id io_thread_id_;
  std::atomic<bool> stopped_{false};

  std::optional<net::TlsIdentity> identity_;
  std::unique_ptr<net::Mesh> mesh_;
  std::unique_ptr<net::DiscoveryAnnouncer> announcer_;
  std::unique_ptr<net::DiscoveryBrowser> browser_;
  std::string name_;
  std::string announce_interface_ = "0.0.0.0";
  bool publish_pending_ = false;
  std::set<std::string> admitted_;        // fingerprints of admitted devices (io thread)
  core::Document::ReceiveResult last_received_;  // ops the mesh forwards after receive_ops()
  std::string roster_key_;                // last roster given to the mesh
  std::optional<core::AudiencePolicy> policy_;  // who may see what, as of the last publish
  std::string auto_admit_audience_ = "general";
  std::map<std::string, std::string> admit_audience_;  // fingerprint → audience chosen on admitting

  mutable std::mutex mutex_;              // guards the fields below (read by any thread)
  std::shared_ptr<const core::MeetingState> state_;
  std::string hash_;                      // of state_, computed on demand (empty: not yet)
  std::uint64_t version_ = 0;             // sum of all version vectors when state_ was made
  std::vector<PeerStatus> peers_;
  std::size_t live_ = 0;
  std::string code_;
  std::string address_;                 // the address shown (the first of addresses_)
  std::vector<std::string> addresses_;  // every ADDR:PORT that reaches the listening socket
  std::optional<core::ItemId> attendee_;
};

}  // namespace renkei::session
