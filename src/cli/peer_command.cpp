#include "cli/peer_command.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>

#include "cli/args.hpp"
#include "core/edit.hpp"
#include "minutes/minutes.hpp"
#include "net/channel.hpp"
#include "session/session.hpp"

namespace renkei::cli {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Serialises JSON lines on stdout: replies from the main thread, events from the io thread.
class Output {
 public:
  void line(const json& j) {
    std::lock_guard lock(mutex_);
    std::cout << j.dump() << '\n' << std::flush;
  }

 private:
  std::mutex mutex_;
};

const char* peer_state(session::PeerStatus::State s) {
  switch (s) {
    case session::PeerStatus::State::connected: return "connected";
    case session::PeerStatus::State::connecting: return "connecting";
    case session::PeerStatus::State::awaiting_admission: return "awaiting_admission";
    case session::PeerStatus::State::disconnected: return "disconnected";
  }
  return "unknown";
}

// What a person should do about a failed join, by the join_failed event's code (the same
// advice as the GUI's join_failure_message, src/gui/join_progress.cpp).
std::string join_failure_advice(const std::string& code) {
  if (code == "wrong_code") return "the join code is wrong; read it again from the chair's screen";
  if (code == "unreachable") return "nobody answered at that address; check it and that both are on the same network";
  if (code == "not_found") return "no meeting was found on the network; type the address shown on the chair's screen";
  if (code == "bad_address") return "the address is not ADDR:PORT (e.g. 192.168.1.5:47000)";
  if (code == "denied") return "the chair did not admit this laptop";
  if (code == "timeout") return "joining did not finish in time; try again";
  if (code == "confirmation_failed") return "the laptop at that address is not hosting the meeting with this code";
  if (code == "connection_lost") return "the connection to the chair's laptop was lost";
  if (code == "try_later")
    return "the code could not be tried now (other attempts at it are being checked, or too many were wrong); "
           "wait a moment and try again with the code on the chair's screen";
  return "the meeting could not be joined";
}

// One headless peer: prints events, runs commands.
class Peer {
 public:
  explicit Peer(bool all_events) : all_events_(all_events) {}

  session::EventHandler handler() {
    return [this](const session::Event& e) { on_event(e); };
  }

  void attach(std::unique_ptr<session::Session> s) { session_ = std::move(s); }

  // Stops the session and closes its file.
  void stop() {
    session_->stop();
    session_.reset();
  }

  // Join: waits for joined / join_failed. Returns false (after reporting) on failure.
  bool wait_joined() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return joined_ || failed_; });
    return joined_;
  }

  // Host: waits until the `hosting` line is out, so it is the first line and no command is
  // answered before it (protocol/CLI.md, First lines).
  void wait_hosting() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return hosting_; });
  }

  int command_loop() {
    std::string text;
    while (std::getline(std::cin, text)) {
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      json reply;
      json cmd;
      try {
        cmd = json::parse(text);
      } catch (const json::parse_error& e) {
        out_.line({{"ok", false}, {"error", std::string("not JSON: ") + e.what()}});
        continue;
      }
      bool quit = false;
      try {
        reply = run(cmd, &quit);
      } catch (const std::exception& e) {
        reply = {{"ok", false}, {"error", e.what()}};
      }
      if (cmd.is_object() && cmd.contains("req")) reply["req"] = cmd["req"];
      if (cmd.is_object() && cmd.contains("cmd")) reply["cmd"] = cmd["cmd"];
      out_.line(reply);
      if (quit) break;
    }
    session_->stop();
    return 0;
  }

 private:
  void on_event(const session::Event& e) {
    // The line first: whoever waits for this event answers after it.
    const bool quiet = e.kind == session::Event::Kind::state_changed || e.kind == session::Event::Kind::peers_changed;
    if (!quiet || all_events_) {
      json line = e.data;
      line["event"] = session::to_string(e.kind);
      out_.line(line);
    }
    if (e.kind == session::Event::Kind::join_failed)
      std::cerr << "renkei-cli: could not join: " << join_failure_advice(e.data.value("code", std::string()))
                << " (" << e.data.value("message", std::string()) << ")\n";
    {
      std::lock_guard lock(mutex_);
      if (e.kind == session::Event::Kind::hosting) hosting_ = true;
      if (e.kind == session::Event::Kind::joined) joined_ = true;
      if (e.kind == session::Event::Kind::join_failed) {
        failed_ = true;
        failure_ = e.data;
      }
      ++generation_;
    }
    cv_.notify_all();
  }

  // Waits until pred() or the timeout; re-checked whenever an event arrives.
  template <typename Pred>
  bool wait_for(std::chrono::milliseconds timeout, Pred pred) {
    const auto deadline = Clock::now() + timeout;
    std::unique_lock lock(mutex_);
    for (;;) {
      const auto seen = generation_;
      lock.unlock();
      if (pred()) return true;
      lock.lock();
      if (!cv_.wait_until(lock, deadline, [&] { return generation_ != seen; })) return false;
    }
  }

  json run(const json& cmd, bool* quit) {
    if (!cmd.is_object() || !cmd.contains("cmd") || !cmd["cmd"].is_string())
      return {{"ok", false}, {"error", "a command is a JSON object with \"cmd\""}};
    const std::string name = cmd["cmd"];
    auto& s = *session_;
    if (core::is_edit_command(name)) {
      auto r = s.edit(cmd).get();
      if (!r.ok) return {{"ok", false}, {"error", r.error}};
      return {{"ok", true}, {"reply", r.reply}, {"undo", r.undo}};
    }
    const auto timeout = std::chrono::milliseconds(cmd.value("timeout_ms", 30000));
    if (name == "state") {
      (void)s.state_hash();  // flushes a pending publish: the state includes every applied op
      return {{"ok", true}, {"state", core::to_json(*s.state())}};
    }
    if (name == "hash") return {{"ok", true}, {"hash", s.state_hash()}};
    if (name == "info") {
      auto attendee = s.own_attendee();
      return {{"ok", true}, {"address", s.address()}, {"code", s.join_code()}, {"fingerprint", s.fingerprint()},
              {"short_fingerprint", s.short_fingerprint()}, {"replica", core::peer_to_hex(s.replica_id())},
              {"attendee", attendee ? attendee->to_string() : ""}, {"db", s.db_path().string()},
              {"role", s.role() == session::Role::chair ? "chair" : "participant"}};
    }
    if (name == "peers") {
      json list = json::array();
      for (const auto& p : s.peers())
        list.push_back({{"fingerprint", p.fingerprint}, {"short_fingerprint", p.short_fingerprint}, {"name", p.name},
                        {"address", p.address}, {"state", peer_state(p.state)},
                        {"attendee", p.attendee ? p.attendee->to_string() : ""}});
      return {{"ok", true}, {"peers", list}, {"connected", s.connected_peers()}};
    }
    if (name == "wait_peers") {
      const std::size_t want = cmd.value("count", 1u);
      if (!wait_for(timeout, [&] { return s.connected_peers() >= want; }))
        return {{"ok", false}, {"error", "timed out waiting for " + std::to_string(want) + " connected peers"},
                {"connected", s.connected_peers()}};
      return {{"ok", true}, {"connected", s.connected_peers()}};
    }
    if (name == "wait_hash") {
      const std::string want = cmd.value("hash", std::string());
      if (!wait_for(timeout, [&] { return s.state_hash() == want; }))
        return {{"ok", false}, {"error", "timed out waiting for state " + want.substr(0, 12)}, {"hash", s.state_hash()}};
      return {{"ok", true}, {"hash", want}};
    }
    if (name == "admit" || name == "deny") {
      const std::string fp = cmd.value("fingerprint", std::string());
      if (fp.empty()) return {{"ok", false}, {"error", "missing 'fingerprint'"}};
      const std::string audience = cmd.value("audience", std::string("general"));
      if (audience != "general" && audience != "professional")
        return {{"ok", false}, {"error", "'audience' is general or professional"}};
      // Only a device that proved the join code and waits for this laptop's answer can be
      // admitted or refused; that happens only on the laptop that admits (the chair's).
      const bool done = name == "admit" ? s.admit_as(fp, audience) : s.deny(fp);
      if (!done)
        return {{"ok", false},
                {"error", "no device " + fp.substr(0, 16) + "… is waiting to be admitted here" +
                              (s.role() == session::Role::chair ? "" : " (only the chair admits)")}};
      return {{"ok", true}};
    }
    if (name == "wait_state") {
      // Until the meeting (its JSON state) contains `contains` and not `absent`.
      const std::string contains = cmd.value("contains", std::string());
      const std::string absent = cmd.value("absent", std::string());
      auto holds = [&] {
        (void)s.state_hash();  // flushes a pending publish
        const std::string text = core::to_json(*s.state()).dump();
        return (contains.empty() || text.find(contains) != std::string::npos) &&
               (absent.empty() || text.find(absent) == std::string::npos);
      };
      if (!wait_for(timeout, holds)) return {{"ok", false}, {"error", "timed out waiting for the meeting's state"}};
      return {{"ok", true}};
    }
    if (name == "export") {
      auto format = minutes::format_from_string(cmd.value("format", std::string("md")));
      if (!format) return {{"ok", false}, {"error", "unknown format (md, html, pdf, json)"}};
      const auto audience = minutes::audience_from_string(cmd.value("audience", std::string("full")));
      if (!audience) return {{"ok", false}, {"error", "unknown audience (full, attendees)"}};
      const std::string out = cmd.value("out", std::string());
      if (out.empty()) return {{"ok", false}, {"error", "missing 'out'"}};
      minutes::RenderOptions options;
      options.audience = *audience;
      minutes::export_minutes(*s.state(), *format, out, options);
      return {{"ok", true}, {"out", out}, {"audience", minutes::to_string(*audience)}};
    }
    if (name == "quit") {
      *quit = true;
      return {{"ok", true}};
    }
    return {{"ok", false}, {"error", "unknown command '" + name + "'"}};
  }

  Output out_;
  bool all_events_;
  std::unique_ptr<session::Session> session_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;
  bool hosting_ = false;
  bool joined_ = false;
  bool failed_ = false;
  json failure_;
};

}  // namespace

// --trace-frames FILE: every frame sent and received, decrypted, as JSON lines (net/channel.hpp).
void trace_frames_to(const std::string& path) {
  if (path.empty()) return;
  auto out = std::make_shared<std::ofstream>(path, std::ios::app);
  if (!*out) throw UsageError("cannot write the frame trace " + path);
  auto lock = std::make_shared<std::mutex>();
  net::set_frame_trace([out, lock](std::string_view dir, const std::string& peer, const json& frame) {
    std::lock_guard guard(*lock);
    *out << json{{"dir", dir}, {"peer", peer}, {"frame", frame}}.dump() << '\n' << std::flush;
  });
}

int run_host(const std::vector<std::string>& argv) {
  Args a(argv, {"auto-admit", "no-announce", "all-events"},
         {"db", "template", "listen", "name", "organization", "profession", "identity", "meeting", "interface",
          "auto-admit-audience", "trace-frames", "previous"});
  trace_frames_to(a.get("trace-frames"));
  session::HostOptions o;
  o.db = a.require("db");
  o.template_kind = a.get("template", "service_coordination");
  o.listen = a.get("listen", "0.0.0.0:0");
  o.display_name = a.get("name", "司会");
  o.organization = a.get("organization");
  o.profession = a.get("profession");
  o.identity_dir = a.get("identity");
  o.auto_admit = a.has("auto-admit");
  o.auto_admit_audience = a.get("auto-admit-audience", "general");
  if (o.auto_admit_audience != "general" && o.auto_admit_audience != "professional")
    throw UsageError("--auto-admit-audience is general or professional");
  o.previous = a.get("previous");
  o.announce = !a.has("no-announce");
  o.announce_interface = a.get("interface", "0.0.0.0");
  if (a.has("meeting")) {
    try {
      o.meeting = json::parse(a.get("meeting"));
    } catch (const json::parse_error& e) {
      throw UsageError(std::string("--meeting is not JSON: ") + e.what());
    }
  }
  const bool had_file = std::filesystem::exists(o.db);
  Peer peer(a.has("all-events"));
  peer.attach(session::Session::host(o, peer.handler()));
  peer.wait_hosting();
  if (had_file && (a.has("template") || a.has("meeting") || a.has("previous")))
    std::cerr << "renkei-cli: " << o.db.string() << " already holds its meeting, which goes on as it is; "
              << "--template, --meeting and --previous apply only to a new file\n";
  return peer.command_loop();
}

int run_join(const std::vector<std::string>& argv) {
  Args a(argv, {"discover", "all-events"},
         {"db", "address", "code", "name", "listen", "identity", "timeout", "interface", "trace-frames"});
  trace_frames_to(a.get("trace-frames"));
  session::JoinOptions o;
  o.db = a.require("db");
  if (!a.has("address") && !a.has("discover")) throw UsageError("give --address ADDR:PORT or --discover");
  o.address = a.get("address");
  o.code = a.get("code");
  o.display_name = a.get("name", "参加者");
  o.listen = a.get("listen", "0.0.0.0:0");
  o.identity_dir = a.get("identity");
  o.announce_interface = a.get("interface", "0.0.0.0");
  o.discover_timeout = std::chrono::milliseconds(a.get_count("timeout", 3000));
  // A join that fails leaves no file behind unless the file was there before (a rejoin).
  const bool had_file = std::filesystem::exists(o.db);
  auto forget_new_file = [&] {
    if (!had_file) session::remove_replica_file(o.db);
  };
  Peer peer(a.has("all-events"));
  std::unique_ptr<session::Session> s;
  try {
    s = session::Session::join(o, peer.handler());
  } catch (const session::SessionError& e) {
    std::cout << json{{"event", "join_failed"}, {"code", "local"}, {"message", e.what()}}.dump() << std::endl;
    std::cerr << "renkei-cli: could not join: " << e.what() << "\n";
    forget_new_file();
    return 2;
  }
  peer.attach(std::move(s));
  if (!peer.wait_joined()) {
    peer.stop();
    forget_new_file();
    return 2;
  }
  return peer.command_loop();
}

}  // namespace renkei::cli
