// The GUI's real windows under Xvfb, driven from inside the application by --ui-script
// (wxUIActionSimulator: XTest clicks, drags and key presses on widgets found by name; see
// src/gui/ui_script.hpp), with renkei-cli peers as the other laptops. What the windows display
// is read from --ui-dump; what the meeting holds from a CLI peer's "state". Every wait is on a
// condition with a deadline (the dump's contents, a CLI reply), never a fixed sleep.
//
// Usage: renkei_gui_ui_test RENKEI RENKEI_CLI SCENARIO
//   chair        host, add two agenda items, reorder them by drag, advance, record a decision
//                with the proxy's consent (母) through the dialog, undo and redo it; a CLI
//                participant then checks the meeting: order, current item, decision, consent
//   participant  a participant window (renkei --join) follows a CLI chair's advance; unpinned
//                it stays; pinned again it jumps to the current item
//   typing       the GUI notes box and a CLI peer type into the same note at the same time:
//                both texts are kept, whole, on both sides
//   english      under LANG=en_US.UTF-8 the menus and labels are English
//   reconnect    the CLI chair leaves and comes back at the same address: the participant's
//                window shows it is reconnecting, then reconnects by itself and says nothing
//   admit        the chair admits a waiting CLI device from the attendee tab, choosing the
//                professional audience: the CLI peer's attendee has it
//   visibility   the chair gives a CLI attendee the professional audience, makes one agenda
//                item professionals only and another visible to one named attendee, through
//                the 会議 menu's 公開範囲 dialog: each CLI peer holds exactly what it may see;
//                presentation mode (one screen for the room) shows neither
//   handover     the chair names a CLI attendee vice-chair, then hands the chair over (with its
//                confirmation): the meeting's chair is the CLI attendee, whose peer now admits
//   takeover     a participant window named vice-chair by the CLI chair takes the chair over
//                (司会を引き継ぐ, confirmed): the meeting's chair is the window's attendee
//   hint         the focus leaves an empty notes box for the agenda list, another empty item
//                is shown, a CLI peer types into it, then the window types: the note holds
//                exactly the two texts (no guidance text from the box)
//   keys         with the agenda list focused (clicked, dragged), Alt+Right / Alt+Left move the
//                agenda and Alt+Down / Alt+Up move the selected item
//   presentation a CLI chair's 14 decisions (4 agreed): the shared screen shows the agreed ones
//                first, then the newest proposals, and counts the rest (ほか n 件)
//   a11y         clicking each list and text box gives it the focus, and the widget GTK says has
//                the focus carries the accessible name (検討内容, 議題の一覧 …)
//   inquiry      an absent member's 照会 (date, content, reply) shows in full under the attendee
//                list when the member is selected
//   zoom         Ctrl++ to 195 % widens the agenda pane and its columns; Ctrl+0 gives back the
//                normal layout exactly (row height, columns, pane width, fonts)
// Exit codes: 0 passed, 1 failed (with the reason, the last dump and the logs), 77 skipped
// (no X server can be started here; the reason is printed).
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/child_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using renkei::tools::ChildProcess;
using namespace std::chrono_literals;

constexpr int kSkip = 77;

/// Thrown when the test fails; what() says how.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Everything one scenario runs in: its folder, its X server, its programs.
struct Context {
  std::string renkei, cli;
  fs::path dir;
  std::string display;
};

/// Starts Xvfb on a free display (-displayfd: the server picks the number and writes it once
/// it accepts connections). std::nullopt, after printing why, when there is none to start.
std::optional<std::string> start_xvfb(std::unique_ptr<ChildProcess>& xvfb, const fs::path& dir) {
  if (system("command -v Xvfb >/dev/null 2>&1") != 0) {
    std::cout << "SKIP: Xvfb is not installed (Debian: apt-get install xvfb), so the GUI cannot be started\n";
    return std::nullopt;
  }
  try {
    xvfb = std::make_unique<ChildProcess>(
        std::vector<std::string>{"Xvfb", "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp"},
        dir / "xvfb.log");
  } catch (const std::exception& e) {
    std::cout << "SKIP: Xvfb cannot be started: " << e.what() << "\n";
    return std::nullopt;
  }
  const auto number = xvfb->read_line(20s);
  if (!number || number->empty()) {
    std::ifstream log(dir / "xvfb.log");
    std::cout << "SKIP: Xvfb did not start an X server here:\n" << log.rdbuf() << "\n";
    return std::nullopt;
  }
  return ":" + *number;
}

/// The value at a JSON pointer, or null when the dump has none there.
json get(const json& d, const std::string& pointer) {
  const json::json_pointer p(pointer);
  return d.is_object() && d.contains(p) ? d.at(p) : json();
}

/// The GUI's latest --ui-dump, or null while there is none.
json read_dump(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  json j = json::parse(in, nullptr, false);
  return j.is_discarded() ? json() : j;
}

/// Polls the dump until `pred` holds (or the --ui-script reports an error); throws with `what`
/// and the last dump on timeout.
json wait_dump(const fs::path& file, const std::string& what, const std::function<bool(const json&)>& pred,
               std::chrono::seconds timeout = 30s) {
  const auto deadline = Clock::now() + timeout;
  json last;
  while (Clock::now() < deadline) {
    last = read_dump(file);
    if (last.is_object()) {
      if (!get(last, "/script/error").is_null()) throw Failure("the UI script failed: " + get(last, "/script/error").dump());
      if (pred(last)) return last;
    }
    std::this_thread::sleep_for(50ms);
  }
  throw Failure("the window never showed " + what + "; last --ui-dump:\n" + (last.is_null() ? "(none)" : last.dump(2)));
}

/// A renkei window: `renkei ARGS --ui-dump DIR/NAME.json --ui-script DIR/NAME-script.json`.
struct Gui {
  std::unique_ptr<ChildProcess> process;
  fs::path dump;

  Gui(const Context& c, const std::string& name, std::vector<std::string> args, const json& script) {
    dump = c.dir / (name + ".json");
    const fs::path script_file = c.dir / (name + "-script.json");
    std::ofstream(script_file) << script.dump(2);
    args.insert(args.begin(), c.renkei);
    for (const std::string& a : {std::string("--ui-dump"), dump.string(), std::string("--ui-script"), script_file.string(),
                                 std::string("--identity"), (c.dir / ("id-" + name)).string()})
      args.push_back(a);
    process = std::make_unique<ChildProcess>(args, c.dir / (name + ".log"));
  }
  json wait(const std::string& what, const std::function<bool(const json&)>& pred, std::chrono::seconds t = 30s) const {
    return wait_dump(dump, what, pred, t);
  }
  /// Waits for the --ui-script to have run every step.
  json wait_script_done() const {
    return wait("the UI script finished", [](const json& d) { return get(d, "/script/done") == true; }, 60s);
  }
};

/// A renkei-cli peer and its JSON-lines conversation (protocol/CLI.md).
struct Cli {
  std::unique_ptr<ChildProcess> process;
  int req = 0;

  Cli(const Context& c, const std::vector<std::string>& args, const std::string& name) {
    std::vector<std::string> argv{c.cli};
    argv.insert(argv.end(), args.begin(), args.end());
    process = std::make_unique<ChildProcess>(argv, c.dir / (name + ".log"));
  }
  /// The next event of `kind`.
  json event(const std::string& kind, std::chrono::seconds timeout = 30s) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      auto line = process->read_line(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
      if (!line) break;
      json j = json::parse(*line, nullptr, false);
      if (j.is_object() && j.value("event", std::string()) == kind) return j;
      if (j.is_object() && j.value("event", std::string()) == "join_failed") throw Failure("renkei-cli: " + *line);
    }
    throw Failure("renkei-cli never reported " + kind);
  }
  json command(json cmd) {
    cmd["req"] = ++req;
    process->write_line(cmd.dump());
    const auto deadline = Clock::now() + 30s;
    while (Clock::now() < deadline) {
      auto line = process->read_line(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
      if (!line) break;
      json j = json::parse(*line, nullptr, false);
      if (j.is_object() && j.value("req", -1) == req) return j;
    }
    throw Failure("renkei-cli did not answer " + cmd.dump());
  }
  json must(json cmd) {
    json reply = command(cmd);
    if (!reply.value("ok", false)) throw Failure("renkei-cli refused " + cmd.dump() + ": " + reply.dump());
    return reply;
  }
  json state() { return must({{"cmd", "state"}})["state"]; }
};

/// A renkei-cli chair ("司会CLI") hosting a サービス担当者会議 on loopback and admitting every
/// device that proves the code; its files are host.renkei and id-host.
Cli cli_chair(const Context& c) {
  return Cli(c,
             {"host", "--db", (c.dir / "host.renkei").string(), "--template", "service_coordination", "--name", "司会CLI",
              "--listen", "127.0.0.1:0", "--auto-admit", "--no-announce", "--identity", (c.dir / "id-host").string()},
             "host");
}

/// The arguments of a participant window ("鈴木 健", participant.renkei) joining the meeting
/// whose `hosting` event is given.
std::vector<std::string> participant_args(const Context& c, const json& hosting) {
  return {"--join",      hosting["address"].get<std::string>(), "--code", hosting["code"].get<std::string>(),
          "--db",        (c.dir / "participant.renkei").string(), "--user-name", "鈴木 健",
          "--listen",    "127.0.0.1:0"};
}

/// Starts joining the meeting a GUI hosts, with the code and address its banner shows, as
/// `name` (files named after `label`, or the name); admitted or not, the peer is returned.
std::unique_ptr<Cli> start_join(const Context& c, const Gui& gui, const std::string& name, std::string label = {}) {
  if (label.empty()) label = name;
  const json shown = gui.wait("a join code and an address", [](const json& d) {
    return get(d, "/banner/join_code").is_string() && !get(d, "/banner/join_code").get<std::string>().empty() &&
           get(d, "/banner/address").dump().find("127.0.0.1:") != std::string::npos;
  });
  std::string address = shown["banner"]["address"];
  address = address.substr(address.find("127.0.0.1:"));
  address = address.substr(0, address.find_first_of(" \t"));
  return std::make_unique<Cli>(c, std::vector<std::string>{"join", "--db", (c.dir / (label + ".renkei")).string(),
                                                            "--address", address, "--code",
                                                            shown["banner"]["join_code"], "--name", name,
                                                            "--listen", "127.0.0.1:0", "--identity",
                                                            (c.dir / ("id-" + label)).string()},
                               label);
}

/// Joins the meeting a GUI hosts (start_join), once admitted.
std::unique_ptr<Cli> join_gui(const Context& c, const Gui& gui, const std::string& name, std::string label = {}) {
  auto cli = start_join(c, gui, name, std::move(label));
  cli->event("joined");
  return cli;
}

/// Polls a CLI peer's state until `pred` holds; throws with `what` and the last state on timeout.
json poll_state(Cli& cli, const std::string& what, const std::function<bool(const json&)>& pred) {
  const auto deadline = Clock::now() + 30s;
  json state;
  while (Clock::now() < deadline) {
    state = cli.state();
    if (pred(state)) return state;
    std::this_thread::sleep_for(50ms);
  }
  throw Failure("the CLI peer never held " + what + "; its state:\n" + state.dump(2));
}

/// The item of `list` whose `field` is `value`, or null.
json find_by(const json& list, const std::string& field, const std::string& value) {
  for (const auto& item : list)
    if (item.value(field, std::string()) == value) return item;
  return nullptr;
}

std::vector<std::string> host_args(const Context& c) {
  return {"--host", "--db", (c.dir / "chair.renkei").string(), "--template", "service_coordination", "--user-name",
          "佐藤 真理", "--person", "Aさん", "--listen", "127.0.0.1:0", "--auto-admit", "--no-announce"};
}

/// UI-script steps: the chair's 次の議題 button, then wait until agenda row `row` is current.
json advance_to(int row) {
  return json::array({{{"do", "click"}, {"name", "advance"}},
                      {{"do", "wait_ui"}, {"pointer", "/agenda/" + std::to_string(row) + "/5"}, {"contains", "進行中"}}});
}

void expect(bool condition, const std::string& what) {
  if (!condition) throw Failure(what);
}

// ---- chair --------------------------------------------------------------------------------

void chair(const Context& c) {
  const std::string a = "Item A 追加議題", b = "Item B 追加議題";
  auto add_item = [](const std::string& title, int row) {
    return json::array({{{"do", "click"}, {"name", "agenda_panel/add"}},
                        {{"do", "wait_window"}, {"name", "form_dialog"}},
                        {{"do", "click"}, {"name", "form_dialog/title"}},
                        {{"do", "type"}, {"text", title}},
                        {{"do", "click"}, {"name", "form_dialog/ok"}},
                        {{"do", "wait_gone"}, {"name", "form_dialog"}},
                        {{"do", "wait_ui"}, {"pointer", "/agenda/" + std::to_string(row) + "/1"}, {"equals", title}}});
  };
  json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}});
  for (const auto& s : add_item(a, 1)) script.push_back(s);
  for (const auto& s : add_item(b, 2)) script.push_back(s);
  for (const json& s : json::array({
           // B dragged onto A's row takes its place.
           {{"do", "drag"}, {"name", "agenda"}, {"from_row", 2}, {"to_row", 1}},
           {{"do", "wait_ui"}, {"pointer", "/agenda/1/1"}, {"equals", b}},
       }))
    script.push_back(s);
  // Start the meeting, then on to B.
  for (int row : {0, 1})
    for (const auto& s : advance_to(row)) script.push_back(s);
  for (const json& s : json::array({
           // The decision with the proxy's consent, in one dialog.
           {{"do", "key"}, {"key", "ctrl+d"}},
           {{"do", "wait_window"}, {"name", "decision_dialog"}},
           {{"do", "click"}, {"name", "decision_dialog/decision_text"}},
           {{"do", "type"}, {"text", "Weekend outings continue 休日の地域活動を続ける"}},
           {{"do", "click"}, {"name", "decision_dialog/consent_given"}},
           {{"do", "click"}, {"name", "decision_dialog/consent_proxy"}},
           {{"do", "click"}, {"name", "decision_dialog/proxy_name"}},
           {{"do", "type"}, {"text", "母"}},
           {{"do", "click"}, {"name", "decision_dialog/ok"}},
           {{"do", "wait_gone"}, {"name", "decision_dialog"}},
           {{"do", "wait_ui"}, {"pointer", "/decisions/0/4"}, {"equals", "代理人：母"}},
           // Undo takes the decision away, redo brings it back.
           {{"do", "key"}, {"key", "ctrl+z"}},
           {{"do", "wait_ui"}, {"pointer", "/decisions"}, {"equals", json::array()}},
           {{"do", "key"}, {"key", "ctrl+shift+z"}},
           {{"do", "wait_ui"}, {"pointer", "/decisions/0/4"}, {"equals", "代理人：母"}},
       }))
    script.push_back(s);

  Gui gui(c, "chair", host_args(c), script);
  gui.wait_script_done();
  std::cout << "the UI script ran: items added, dragged, advanced, decision recorded, undone and redone\n";

  // The meeting as another laptop receives it.
  auto cli = join_gui(c, gui, "checker");
  json state;
  const auto deadline = Clock::now() + 30s;
  do {
    state = cli->state();
    if (!state["decisions"].empty()) break;
    std::this_thread::sleep_for(50ms);
  } while (Clock::now() < deadline);
  const auto& agenda = state["agenda"];
  expect(agenda.size() == 11, "the agenda should have 9 + 2 items: " + agenda.dump());
  expect(agenda[1]["title"] == b && agenda[2]["title"] == a, "B should come before A: " + agenda.dump());
  expect(agenda[0]["status"] == "done" && agenda[1]["status"] == "current", "B should be current: " + agenda.dump());
  expect(state["decisions"].size() == 1, "one decision: " + state["decisions"].dump());
  const json& d = state["decisions"][0];
  expect(d["text"] == "Weekend outings continue 休日の地域活動を続ける", "decision text: " + d.dump());
  expect(d["consent"] == "given" && d["proxy_name"] == "母", "consent given by the proxy 母: " + d.dump());
  expect(d["status"] == "agreed", "agreed: " + d.dump());
  expect(d["agenda_item"] == agenda[1]["id"], "the decision belongs to the current item B: " + d.dump());
  std::cout << "PASS: the meeting holds B before A, B current, the decision agreed with 母's consent\n";
}

// ---- participant --------------------------------------------------------------------------

void participant(const Context& c) {
  Cli host = cli_chair(c);
  const json hosting = host.event("hosting");
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "wait_file"}, {"path", (c.dir / "unpin").string()}, {"timeout_ms", 60000}},
                                   {{"do", "click"}, {"name", "follow"}},
                                   {{"do", "wait_file"}, {"path", (c.dir / "pin").string()}, {"timeout_ms", 60000}},
                                   {{"do", "click"}, {"name", "follow"}}});
  Gui gui(c, "participant",
          participant_args(c, hosting),
          script);
  gui.wait("the meeting, connected", [](const json& d) {
    return get(d, "/agenda").size() >= 9 && get(d, "/peers_status").dump().find("● 接続中") != std::string::npos;
  });
  std::vector<std::string> ids;
  const json agenda = host.state()["agenda"];
  for (const auto& item : agenda) ids.push_back(item["id"]);

  auto selected_is = [](const std::string& id) {
    return [id](const json& d) { return get(d, "/selected_agenda_item") == id && get(d, "/current_agenda_item") == id; };
  };
  host.must({{"cmd", "advance"}});
  gui.wait("the first item followed", selected_is(ids[0]));
  host.must({{"cmd", "advance"}});
  json shown = gui.wait("the second item followed", selected_is(ids[1]));
  expect(shown["follow"] == true, "following");
  std::cout << "the participant's view followed the chair to item 2\n";

  std::ofstream(c.dir / "unpin") << "";
  const json unpinned = gui.wait("following switched off", [](const json& d) {
    return get(d, "/follow") == false && get(d, "/follow_button/label").dump().find("停止中") != std::string::npos;
  });
  // Its longer label is not cut off.
  expect(get(unpinned, "/follow_button/width").get<int>() >= get(unpinned, "/follow_button/best_width").get<int>(),
         "the button fits 「議題を追う（停止中）」: " + get(unpinned, "/follow_button").dump());
  host.must({{"cmd", "advance"}});
  shown = gui.wait("the third item current", [&](const json& d) { return get(d, "/current_agenda_item") == ids[2]; });
  expect(shown["selected_agenda_item"] == ids[1], "unpinned, the view stays on item 2: " + shown["selected_agenda_item"].dump());
  std::cout << "unpinned, the view stayed on item 2 while the chair moved to item 3\n";

  std::ofstream(c.dir / "pin") << "";
  gui.wait("the view back on the current item", [&](const json& d) {
    return get(d, "/follow") == true && get(d, "/selected_agenda_item") == ids[2];
  });
  std::cout << "PASS: the participant follows the chair, stays when unpinned, and jumps back when pinned\n";
}

// ---- timebox ------------------------------------------------------------------------------

// The quiet timebox warning in the status bar appears when the current item runs over and goes
// when the chair moves on (it used to stay, naming an item no longer current).
void timebox(const Context& c) {
  Cli host = cli_chair(c);
  const json hosting = host.event("hosting");
  Gui gui(c, "participant",
          participant_args(c, hosting),
          json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}}));
  gui.wait("the meeting, connected", [](const json& d) {
    return get(d, "/agenda").size() >= 9 && get(d, "/peers_status").dump().find("● 接続中") != std::string::npos;
  });
  const std::string first = host.state()["agenda"][0]["id"];
  host.must({{"cmd", "advance"}});
  gui.wait("the first item current", [&](const json& d) { return get(d, "/current_agenda_item") == first; });
  // The chair's clock says the item started long ago: it is over its timebox at once.
  host.must({{"cmd", "set"}, {"id", first}, {"field", "started_at"}, {"value", "2000-01-01T00:00:00Z"}});
  gui.wait("the warning in the status bar", [](const json& d) {
    return get(d, "/status").get<std::string>().find("予定の時間を過ぎました") != std::string::npos;
  });
  std::cout << "the status bar says the first item is over its time\n";
  host.must({{"cmd", "advance"}});
  gui.wait("the warning gone with the item", [&](const json& d) {
    return get(d, "/current_agenda_item") != first && get(d, "/status") == "";
  });
  std::cout << "PASS: the timebox warning appears when the item runs over and goes when the chair moves on\n";
}

// ---- reconnect ----------------------------------------------------------------------------

void reconnect(const Context& c) {
  std::vector<std::string> args{"host", "--db", (c.dir / "host.renkei").string(), "--template", "service_coordination",
                                "--name", "司会CLI", "--auto-admit", "--no-announce", "--identity",
                                (c.dir / "id-host").string(), "--listen"};
  auto host = std::make_unique<Cli>(c, [&] { auto a = args; a.push_back("127.0.0.1:0"); return a; }(), "host");
  const json hosting = host->event("hosting");
  const std::string address = hosting["address"];
  Gui gui(c, "participant",
          {"--join", address, "--code", hosting["code"], "--db", (c.dir / "participant.renkei").string(),
           "--user-name", "鈴木 健", "--listen", "127.0.0.1:0"},
          json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}}));
  gui.wait("the meeting, connected", [](const json& d) {
    return get(d, "/banner/code_caption").dump().find("● 接続中") != std::string::npos;
  });
  // The chair's laptop goes away: the window says it is reconnecting, nothing more.
  host->must({{"cmd", "quit"}});
  host.reset();
  const json down = gui.wait("reconnecting", [](const json& d) {
    return get(d, "/peers_status").dump().find("再接続しています") != std::string::npos;
  });
  expect(get(down, "/message") == "", "no message for a short outage: " + get(down, "/message").dump());
  std::cout << "the chair's laptop left: the window shows it is reconnecting\n";
  // It comes back at the same address: the link is back, silently.
  args.push_back(address);
  host = std::make_unique<Cli>(c, args, "host-again");
  host->event("hosting");
  const json up = gui.wait("connected again", [](const json& d) {
    return get(d, "/peers_status").dump().find("● 接続中") != std::string::npos;
  }, 60s);
  expect(get(up, "/message") == "", "nothing said when the link is back: " + get(up, "/message").dump());
  host->must({{"cmd", "advance"}});
  gui.wait("the chair's advance after the reconnection", [](const json& d) {
    return get(d, "/current_agenda_item").is_string() && get(d, "/current_agenda_item") != "";
  });
  std::cout << "PASS: the participant reconnected by itself, said nothing, and follows the chair again\n";
}

// ---- typing -------------------------------------------------------------------------------

void typing(const Context& c) {
  const std::string gui_text = " GUI typed this sentence, 12345.";
  const std::u32string cli_text = U"CLIの参加者が同時に入力した文章。";
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "wait_ui"}, {"pointer", "/item/notes"}, {"equals", "はじめ。"}},
                                   {{"do", "click"}, {"name", "notes_panel/notes"}},
                                   {{"do", "key"}, {"key", "ctrl+end"}},
                                   {{"do", "wait_file"}, {"path", (c.dir / "go").string()}},
                                   {{"do", "type"}, {"text", gui_text}}});
  Gui gui(c, "chair", host_args(c), script);
  auto cli = join_gui(c, gui, "typist");
  json state;
  const auto synced = Clock::now() + 30s;
  do {
    state = cli->state();
  } while (state["agenda"].empty() && Clock::now() < synced);
  const std::string item = state["agenda"][0]["id"];
  json r = cli->must({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "はじめ。"}});
  const std::string anchor = r["reply"]["last"];
  // The GUI's caret at the end of it, waiting for "go".
  gui.wait("the first text, the caret after it", [](const json& d) {
    return get(d, "/item/notes") == "はじめ。" && get(d, "/script/step") == 4;
  });

  // Both type after the same character, at the same time: the CLI one character per command,
  // carrying on until the GUI has typed its whole sentence.
  std::ofstream(c.dir / "go") << "";
  std::string after = anchor, typed;
  std::size_t next = 0;
  bool gui_done = false;
  while (next < cli_text.size() || !gui_done) {
    if (next < cli_text.size()) {
      std::u32string one(1, cli_text[next++]);
      std::string utf8;
      for (char32_t ch : one) {  // one code point to UTF-8
        if (ch < 0x80) utf8 += static_cast<char>(ch);
        else if (ch < 0x800) utf8 += {static_cast<char>(0xC0 | (ch >> 6)), static_cast<char>(0x80 | (ch & 0x3F))};
        else utf8 += {static_cast<char>(0xE0 | (ch >> 12)), static_cast<char>(0x80 | ((ch >> 6) & 0x3F)),
                      static_cast<char>(0x80 | (ch & 0x3F))};
      }
      r = cli->must({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"after", after}, {"text", utf8}});
      after = r["reply"]["last"];
      typed += utf8;
    }
    const json d = read_dump(gui.dump);
    if (!get(d, "/script/error").is_null()) throw Failure("the UI script failed: " + get(d, "/script/error").dump());
    gui_done = get(d, "/script/done") == true;
    if (next >= cli_text.size() && !gui_done) std::this_thread::sleep_for(20ms);
  }
  std::cout << "the CLI typed \"" << typed << "\" while the GUI typed \"" << gui_text << "\"\n";

  // Both sides end with the same note, holding both texts whole.
  std::string final_notes;
  const json shown = gui.wait("both texts, the same as the CLI peer's", [&](const json& d) {
    if (!get(d, "/item/notes").is_string()) return false;
    const std::string notes = get(d, "/item/notes");
    if (notes.find(gui_text) == std::string::npos || notes.find(typed) == std::string::npos) return false;
    final_notes = cli->state()["agenda"][0]["notes"];
    return final_notes == notes;
  });
  expect(final_notes.rfind("はじめ。", 0) == 0, "the first text stays first: " + final_notes);
  expect(final_notes.size() == std::string("はじめ。").size() + gui_text.size() + typed.size(),
         "nothing else in the note: " + final_notes);
  std::cout << "PASS: both sides show \"" << final_notes << "\"\n";
}

// ---- hint ---------------------------------------------------------------------------------

void hint(const Context& c) {
  // The sequence the audit found: the focus leaves an empty notes box (the agenda list takes
  // it), another empty item is shown, a peer types into it, then this person types too.
  const std::string peer_text = "相手の入力。";
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "wait_ui"}, {"pointer", "/agenda/1/1"}},
                                   {{"do", "click"}, {"name", "notes_panel/notes"}},
                                   {{"do", "click"}, {"name", "agenda"}, {"row", 1}},
                                   {{"do", "wait_ui"}, {"pointer", "/item/title"}, {"contains", "2. "}},
                                   {{"do", "wait_file"}, {"path", (c.dir / "go").string()}, {"timeout_ms", 60000}},
                                   {{"do", "wait_ui"}, {"pointer", "/item/notes"}, {"contains", peer_text}},
                                   {{"do", "click"}, {"name", "notes_panel/notes"}},
                                   {{"do", "key"}, {"key", "ctrl+end"}},
                                   {{"do", "type"}, {"text", " X"}},
                                   {{"do", "click"}, {"name", "agenda"}, {"row", 1}},
                                   {{"do", "wait_ui"}, {"pointer", "/item/typing_pending"}, {"equals", false}}});
  Gui gui(c, "chair", host_args(c), script);
  auto cli = join_gui(c, gui, "typist");
  const json state = poll_state(*cli, "the agenda", [](const json& s) { return s["agenda"].size() >= 2; });
  const std::string item = state["agenda"][1]["id"];
  gui.wait("item 2 shown, the focus gone from its empty notes box", [](const json& d) {
    return get(d, "/script/step") == 5;
  });
  cli->must({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", peer_text}});
  std::ofstream(c.dir / "go") << "";
  const json shown = gui.wait_script_done();
  const std::string want = peer_text + " X";
  const json s = poll_state(*cli, "the GUI's typing", [&](const json& st) {
    return st["agenda"][1]["notes"].get<std::string>().find('X') != std::string::npos;
  });
  expect(s["agenda"][1]["notes"] == want, "the notes hold only what was typed: " + s["agenda"][1]["notes"].dump());
  expect(get(shown, "/item/notes") == want, "the box shows only what was typed: " + get(shown, "/item/notes").dump());
  for (const auto& a : s["agenda"])
    expect(a["notes"].get<std::string>().find("全員の画面") == std::string::npos &&
               a["conclusion"].get<std::string>().find("決まったこと") == std::string::npos,
           "no guidance text in the meeting: " + a.dump());
  std::cout << "PASS: the notes hold \"" << want << "\" and nothing else\n";
}

// ---- keys ---------------------------------------------------------------------------------

void keys(const Context& c) {
  // The agenda's shortcuts while the agenda list has the focus (a row clicked, a row dragged).
  json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}});
  for (const auto& s : advance_to(0)) script.push_back(s);
  for (const json& s : json::array({
           {{"do", "click"}, {"name", "agenda"}, {"row", 0}},
           {{"do", "key"}, {"key", "alt+right"}},
           {{"do", "wait_ui"}, {"pointer", "/agenda/1/5"}, {"contains", "進行中"}},
           {{"do", "click"}, {"name", "agenda"}, {"row", 1}},
           {{"do", "key"}, {"key", "alt+left"}},
           {{"do", "wait_ui"}, {"pointer", "/agenda/0/5"}, {"contains", "進行中"}},
           // A row dragged onto another leaves the focus in the list too.
           {{"do", "drag"}, {"name", "agenda"}, {"from_row", 3}, {"to_row", 2}},
           {{"do", "wait_file"}, {"path", (c.dir / "down").string()}},
           {{"do", "click"}, {"name", "agenda"}, {"row", 2}},
           {{"do", "key"}, {"key", "alt+down"}},
           {{"do", "wait_file"}, {"path", (c.dir / "up").string()}},
           {{"do", "key"}, {"key", "alt+up"}},
       }))
    script.push_back(s);
  Gui gui(c, "chair", host_args(c), script);
  const json first = gui.wait("the agenda", [](const json& d) { return get(d, "/agenda/3/1").is_string(); });
  // The drag puts the 4th item in the 3rd's place.
  const std::string moved = get(first, "/agenda/3/1"), other = get(first, "/agenda/2/1");
  gui.wait("the drag done, the script waiting", [&](const json& d) {
    return get(d, "/script/step") == 10 && get(d, "/agenda/0/5").dump().find("進行中") != std::string::npos &&
           get(d, "/agenda/2/1") == moved && get(d, "/agenda/3/1") == other;
  });
  std::cout << "Alt+Right and Alt+Left moved the agenda with the list focused\n";
  std::ofstream(c.dir / "down") << "";
  gui.wait("Alt+Down moving the selected item down", [&](const json& d) {
    return get(d, "/agenda/3/1") == moved && get(d, "/agenda/2/1") == other;
  });
  std::ofstream(c.dir / "up") << "";
  gui.wait("Alt+Up moving it back", [&](const json& d) {
    return get(d, "/script/done") == true && get(d, "/agenda/2/1") == moved && get(d, "/agenda/3/1") == other;
  });
  std::cout << "PASS: Alt+Right, Alt+Left, Alt+Down and Alt+Up work while the agenda list has the focus\n";
}

// ---- presentation -------------------------------------------------------------------------

void presentation(const Context& c) {
  // 14 decisions, the first 4 agreed: more than the shared screen has room for.
  Cli host = cli_chair(c);
  const json hosting = host.event("hosting");
  std::vector<std::string> agreed;
  for (int n = 1; n <= 14; ++n) {
    const std::string text = "決定" + std::to_string(n) + "：週に一度、訪問看護で体調と服薬を確かめる";
    const bool is_agreed = n <= 4;
    if (is_agreed) agreed.push_back(text);
    host.must({{"cmd", "add"}, {"type", "decision"},
               {"fields", {{"text", text}, {"status", is_agreed ? "agreed" : "proposed"}, {"consent", "given"}}}});
  }
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "wait_ui"}, {"pointer", "/decisions/13/0"}, {"timeout_ms", 60000}},
                                   {{"do", "key"}, {"key", "f5"}},
                                   {{"do", "wait_ui"}, {"pointer", "/presentation/decisions_total"}, {"equals", 14}}});
  Gui gui(c, "participant",
          participant_args(c, hosting),
          script);
  const json shown = gui.wait("the decisions drawn on the shared screen", [](const json& d) {
    return get(d, "/script/done") == true && get(d, "/presentation/decisions").size() > 0;
  })["presentation"];
  const json& lines = shown["decisions"];
  const int more = shown["decisions_more"];
  std::cout << "the shared screen shows " << lines.size() << " decisions and says ほか " << more << " 件\n";
  expect(static_cast<int>(lines.size()) + more == 14, "every decision is shown or counted: " + shown.dump());
  expect(more > 0, "14 decisions do not all fit on a 900 px screen: " + shown.dump());
  expect(lines.size() >= agreed.size(), "room for the agreed ones at least: " + shown.dump());
  for (std::size_t i = 0; i < agreed.size(); ++i)
    expect(lines[i].get<std::string>().rfind(agreed[i], 0) == 0, "the agreed decisions first, in order: " + shown.dump());
  if (lines.size() > agreed.size())
    expect(lines.back().get<std::string>().rfind("決定14：", 0) == 0, "then the newest proposals: " + shown.dump());
  std::cout << "PASS: the agreed decisions first, then the newest proposals, and how many are left out\n";
}

// ---- inquiry ------------------------------------------------------------------------------

void inquiry(const Context& c) {
  // An absent member with the 照会 made of them: selected in the attendee list, all of it shows.
  Cli host = cli_chair(c);
  const json hosting = host.event("hosting");
  const std::string content = "服薬の状況と、夜間の様子について照会した。";
  const std::string reply = "服薬は自分で管理できている。夜間は週に一度ほど目を覚ます。";
  host.must({{"cmd", "add"}, {"type", "attendee"},
             {"fields", {{"name", "山本 一郎"}, {"organization", "〇〇訪問看護ステーション"}, {"profession", "看護師"},
                         {"relation", "professional"}, {"present", false}, {"inquiry_date", "2026-11-18"},
                         {"inquiry_content", content}, {"inquiry_reply", reply}}}});
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "wait_ui"}, {"pointer", "/attendees/1/0"}, {"equals", "山本 一郎"}, {"timeout_ms", 60000}},
                                   {{"do", "key"}, {"key", "ctrl+7"}},
                                   {{"do", "wait_window"}, {"name", "attendees"}},
                                   {{"do", "click"}, {"name", "attendees"}, {"row", 1}},
                                   {{"do", "wait_ui"}, {"pointer", "/attendee_detail"}, {"contains", reply}}});
  Gui gui(c, "participant",
          participant_args(c, hosting),
          script);
  const std::string detail = gui.wait_script_done()["attendee_detail"];
  std::cout << "the detail under the list:\n" << detail << "\n";
  for (const std::string& part : {std::string("山本 一郎"), std::string("欠席"), std::string("2026年11月18日"), content, reply})
    expect(detail.find(part) != std::string::npos, "the detail shows " + part + ": " + detail);
  std::cout << "PASS: the absent member's 照会 (date, content, reply) shows in full for the selected attendee\n";
}

// ---- zoom ---------------------------------------------------------------------------------

void zoom(const Context& c) {
  json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                             {{"do", "wait_ui"}, {"pointer", "/agenda/0/1"}},
                             {{"do", "wait_file"}, {"path", (c.dir / "measured").string()}}});
  for (int i = 0; i < 7; ++i) script.push_back({{"do", "key"}, {"key", "ctrl+plus"}});
  for (const json& s : json::array({{{"do", "wait_file"}, {"path", (c.dir / "back").string()}},
                                    {{"do", "key"}, {"key", "ctrl+0"}},
                                    {{"do", "wait_ui"}, {"pointer", "/zoom"}, {"equals", 1.0}}}))
    script.push_back(s);
  Gui gui(c, "chair", host_args(c), script);
  // The layout at the normal size, once it has settled (the first dumps come before the window
  // has its size).
  json before;
  gui.wait("the window laid out", [&](const json& d) {
    const bool settled = get(d, "/script/step") == 2 && get(d, "/layout/agenda_row_height").is_number() &&
                         get(d, "/layout/agenda_row_height").get<int>() > 0 && get(d, "/layout") == get(before, "/layout");
    before = d;
    return settled;
  });
  const json normal = before["layout"];
  std::cout << "at 100 %: " << normal.dump() << "\n";
  std::ofstream(c.dir / "measured") << "";
  const json big = gui.wait("the text at 195 %", [&](const json& d) {
    return get(d, "/script/step") == 10 && get(d, "/zoom").is_number() && get(d, "/zoom").get<double>() > 1.9 &&
           get(d, "/layout/agenda_row_height").is_number() &&
           get(d, "/layout/agenda_row_height").get<int>() > normal["agenda_row_height"].get<int>() * 3 / 2;
  })["layout"];
  std::cout << "at 195 %: " << big.dump() << "\n";
  expect(big["agenda_width"].get<int>() > normal["agenda_width"].get<int>(), "the agenda pane widens with the text");
  expect(big["agenda_columns"][1].get<int>() > normal["agenda_columns"][1].get<int>(), "the title column widens too");
  for (std::size_t i = 0; i < normal["agenda_columns"].size(); ++i)
    expect(big["agenda_columns"][i].get<int>() >= normal["agenda_columns"][i].get<int>(), "no column narrows");
  std::ofstream(c.dir / "back") << "";
  // Ctrl+0: exactly the sizes there were (the window lays itself out again just after).
  json last;
  try {
    gui.wait("the layout of 100 % again", [&](const json& d) {
      last = d;
      return get(d, "/script/done") == true && get(d, "/layout") == normal;
    });
  } catch (const Failure&) {
    throw Failure("after Ctrl+0 the layout is " + get(last, "/layout").dump() + ", not " + normal.dump());
  }
  std::cout << "PASS: the agenda and its columns grow with the text, and Ctrl+0 gives back exactly the normal layout\n";
}

// ---- a11y ---------------------------------------------------------------------------------

void a11y(const Context& c) {
  // Each control clicked takes the keyboard focus; the widget GTK says has it carries the name a
  // screen reader reads (not a scroll pane around it).
  json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}, {{"do", "wait_ui"}, {"pointer", "/agenda/0/1"}}});
  auto focus = [&](json click, const std::string& name, const std::string& tab_key = {}) {
    if (!tab_key.empty()) script.push_back({{"do", "key"}, {"key", tab_key}});
    script.push_back({{"do", "wait_window"}, {"name", click["name"]}});
    click["do"] = "click";
    script.push_back(click);
    script.push_back({{"do", "wait_ui"}, {"pointer", "/focus_accessible"}, {"equals", name}, {"timeout_ms", 5000}});
  };
  focus({{"name", "notes_panel/notes"}}, "検討内容");
  focus({{"name", "notes_panel/conclusion"}}, "結論");
  focus({{"name", "agenda"}, {"row", 0}}, "議題の一覧");
  focus({{"name", "relationships"}}, "関係の一覧", "ctrl+3");
  focus({{"name", "checklist"}, {"at", {200, 60}}}, "チェックリスト", "ctrl+4");
  focus({{"name", "checklist_comment"}}, "コメント");
  focus({{"name", "decisions"}}, "決定事項の一覧", "ctrl+5");
  focus({{"name", "open_issues"}}, "残された課題の一覧", "ctrl+6");
  focus({{"name", "attendees"}}, "出席者の一覧", "ctrl+7");
  Gui gui(c, "chair", host_args(c), script);
  try {
    gui.wait_script_done();
  } catch (const Failure& f) {
    const json d = read_dump(gui.dump);
    throw Failure(std::string(f.what()).substr(0, 400) + "\nthe focused widget's name: " + get(d, "/focus_accessible").dump());
  }
  std::cout << "PASS: the agenda, decision, open-issue, attendee and relationship lists, the notes and 結論 boxes, the\n"
               "      checklist and its comment box carry their names on the widget that takes the focus\n";
}

// ---- english ------------------------------------------------------------------------------

void english(const Context& c) {
  setenv("LANG", "en_US.UTF-8", 1);
  unsetenv("LANGUAGE");
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  Gui gui(c, "english", host_args(c), json::array({{{"do", "wait_window"}, {"name", "meeting_window"}}}));
  const json shown = gui.wait("the meeting window with its status", [](const json& d) {
    return get(d, "/script/done") == true && get(d, "/peers_status").is_string() && get(d, "/peers_status") != "";
  });
  const json want = json::array({"File", "Edit", "Meeting", "Chair", "View", "Help"});
  expect(shown["menus"] == want, "English menus expected, got " + shown["menus"].dump());
  expect(shown["timer"]["title"] == "The meeting has not started yet", "English timer: " + shown["timer"].dump());
  expect(shown["peers_status"].get<std::string>().find("Devices connected") != std::string::npos,
         "English status: " + shown["peers_status"].dump());
  // A picture of it, for a person to look at (kept with the test's files on failure).
  const std::string shot = (c.dir / "english.png").string();
  if (system(("import -display " + c.display + " -window root " + shot + " 2>/dev/null").c_str()) == 0)
    std::cout << "screenshot: " << shot << "\n";
  std::cout << "PASS: the menus are " << shown["menus"].dump() << "\n";
}


// ---- admit --------------------------------------------------------------------------------

void admit(const Context& c) {
  const json script = json::array({
      {{"do", "wait_window"}, {"name", "meeting_window"}},
      {{"do", "key"}, {"key", "ctrl+7"}},
      {{"do", "wait_ui"}, {"pointer", "/devices/0/3"}, {"equals", "承認待ち"}, {"timeout_ms", 60000}},
      {{"do", "click"}, {"name", "devices"}, {"row", 0}},
      {{"do", "wait_window"}, {"name", "attendees_panel/admit"}},
      {{"do", "click"}, {"name", "attendees_panel/admit"}},
      {{"do", "wait_window"}, {"name", "audience_dialog"}},
      {{"do", "click"}, {"name", "audience_dialog/audience_professional"}},
      {{"do", "click"}, {"name", "audience_dialog/ok"}},
      {{"do", "wait_gone"}, {"name", "audience_dialog"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/2"}, {"equals", "専門職"}},
  });
  std::vector<std::string> args = host_args(c);
  args.erase(std::find(args.begin(), args.end(), "--auto-admit"));
  Gui gui(c, "chair", args, script);
  auto cli = start_join(c, gui, "鈴木 健", "pro");
  const json joined = cli->event("joined", 60s);
  gui.wait_script_done();
  const std::string me = joined["attendee"];
  const json state = poll_state(*cli, "its own attendee", [&](const json& s) {
    return !find_by(s["attendees"], "id", me).is_null();
  });
  const json attendee = find_by(state["attendees"], "id", me);
  expect(attendee["name"] == "鈴木 健", "the admitted attendee is 鈴木 健: " + attendee.dump());
  expect(attendee["audience"] == "professional", "admitted as a professional: " + attendee.dump());
  std::cout << "PASS: admitted from the attendee tab with the professional audience\n";
}

// ---- visibility ---------------------------------------------------------------------------

void visibility(const Context& c) {
  auto choose_visibility = [](int row, json choice) {
    json steps = json::array({{{"do", "click"}, {"name", "agenda"}, {"row", row}},
                              {{"do", "menu"}, {"label", "選んだ項目の公開範囲…"}},
                              {{"do", "wait_window"}, {"name", "visibility_dialog"}}});
    for (auto& s : choice) steps.push_back(std::move(s));
    steps.push_back({{"do", "click"}, {"name", "visibility_dialog/ok"}});
    steps.push_back({{"do", "wait_gone"}, {"name", "visibility_dialog"}});
    return steps;
  };
  json script = json::array({
      {{"do", "wait_window"}, {"name", "meeting_window"}},
      {{"do", "wait_file"}, {"path", (c.dir / "go").string()}, {"timeout_ms", 60000}},
      // 鈴木 (admitted, as every device is, with the general audience) becomes a professional.
      {{"do", "key"}, {"key", "ctrl+7"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/0"}, {"equals", "鈴木 健"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/2"}, {"equals", "一般"}},
      {{"do", "click"}, {"name", "attendees"}, {"row", 1}},
      {{"do", "wait_window"}, {"name", "attendees_panel/change_audience"}},
      {{"do", "click"}, {"name", "attendees_panel/change_audience"}},
      {{"do", "wait_window"}, {"name", "audience_dialog"}},
      {{"do", "click"}, {"name", "audience_dialog/audience_professional"}},
      {{"do", "click"}, {"name", "audience_dialog/ok"}},
      {{"do", "wait_gone"}, {"name", "audience_dialog"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/2"}, {"equals", "専門職"}},
  });
  // The second agenda item for professionals only; the third for 田中 (family) only.
  for (auto& s : choose_visibility(1, json::array({{{"do", "click"}, {"name", "visibility_dialog/visibility_professionals"}}})))
    script.push_back(s);
  script.push_back({{"do", "wait_ui"}, {"pointer", "/agenda/1/1"}, {"contains", "［専門職のみ］"}});
  for (auto& s : choose_visibility(2, json::array({{{"do", "click"}, {"name", "visibility_dialog/visibility_named"}},
                                                   {{"do", "select"},
                                                    {"name", "visibility_dialog/visibility_attendees"},
                                                    {"label", "田中 花子"}}})))
    script.push_back(s);
  script.push_back({{"do", "wait_ui"}, {"pointer", "/agenda/2/1"}, {"contains", "［田中 花子のみ］"}});
  // On the shared screen, with the professionals' item current: it is named as such, not shown,
  // and neither restricted item is listed (everyone in the room sees that screen).
  for (int row : {0, 1})
    for (auto& step : advance_to(row)) script.push_back(step);
  script.push_back({{"do", "key"}, {"key", "f5"}});
  script.push_back({{"do", "wait_ui"}, {"pointer", "/presentation/item"}, {"contains", "専門職のみの議題"}});

  Gui gui(c, "chair", host_args(c), script);
  auto pro = join_gui(c, gui, "鈴木 健", "pro");
  gui.wait("鈴木 in the attendee list", [](const json& d) { return get(d, "/attendees/1/0") == "鈴木 健"; });
  auto family = join_gui(c, gui, "田中 花子", "family");
  const json before = poll_state(*family, "the agenda", [](const json& s) { return s["agenda"].size() == 9; });
  const std::string professional_title = before["agenda"][1]["title"], named_title = before["agenda"][2]["title"];
  const std::string professional_id = before["agenda"][1]["id"];
  const std::string family_id = family->must({{"cmd", "info"}})["attendee"];
  std::ofstream(c.dir / "go") << "";
  const json after_script = gui.wait_script_done();
  std::cout << "the UI script ran: 鈴木 made a professional, item 2 for professionals, item 3 for 田中\n";

  // 鈴木, now a professional, holds item 2 in the professionals' partition (under a new id:
  // the item moved) and not item 3, which is 田中's only.
  const json p = poll_state(*pro, "item 2 for professionals and no item 3", [&](const json& s) {
    const json item = find_by(s["agenda"], "title", professional_title);
    return !item.is_null() && item["partition"] == "pro" && find_by(s["agenda"], "title", named_title).is_null();
  });
  const json moved = find_by(p["agenda"], "title", professional_title);
  expect(moved["id"] != professional_id, "the item moved to a new id: " + moved.dump());
  expect(p["agenda"].size() == 8, "鈴木 holds 8 of the 9 items: " + p["agenda"].dump());
  expect(find_by(p["attendees"], "name", "鈴木 健")["audience"] == "professional",
         "鈴木's audience is professional: " + p["attendees"].dump());
  // 田中 (general) holds item 3, in the partition of the named attendee, and not item 2.
  const json f = poll_state(*family, "item 3 for 田中 and no item 2", [&](const json& s) {
    const json item = find_by(s["agenda"], "title", named_title);
    return !item.is_null() && find_by(s["agenda"], "title", professional_title).is_null();
  });
  expect(find_by(f["agenda"], "title", named_title)["partition"] == "n:" + family_id,
         "item 3 is for 田中 only: " + find_by(f["agenda"], "title", named_title).dump());
  expect(f["agenda"].size() == 8, "田中 holds 8 of the 9 items: " + f["agenda"].dump());
  const json shown = after_script["presentation"];
  expect(shown["agenda"].size() == 7, "the shared screen lists the 7 items for everyone: " + shown.dump());
  for (const auto& title : shown["agenda"])
    expect(title != professional_title && title != named_title, "no restricted item on the shared screen: " + shown.dump());
  std::cout << "PASS: each peer holds what it may see: 鈴木 the professionals' item, 田中 the one named for her;\n"
               "      the shared screen names the current professionals' item without showing it\n";
}

// ---- handover -----------------------------------------------------------------------------

void handover(const Context& c) {
  const json script = json::array({
      {{"do", "wait_window"}, {"name", "meeting_window"}},
      {{"do", "wait_file"}, {"path", (c.dir / "go").string()}, {"timeout_ms", 60000}},
      {{"do", "menu"}, {"label", "副司会を指名…"}},
      {{"do", "wait_window"}, {"name", "form_dialog"}},
      {{"do", "select"}, {"name", "form_dialog/vice_chair"}, {"label", "鈴木 健"}},
      {{"do", "click"}, {"name", "form_dialog/ok"}},
      {{"do", "wait_gone"}, {"name", "form_dialog"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/3"}, {"equals", "副司会"}},
      {{"do", "menu"}, {"label", "司会を交代…"}},
      {{"do", "wait_window"}, {"name", "form_dialog"}},
      {{"do", "select"}, {"name", "form_dialog/chair"}, {"label", "鈴木 健"}},
      {{"do", "click"}, {"name", "form_dialog/ok"}},
      {{"do", "wait_gone"}, {"name", "form_dialog"}},
      {{"do", "wait_window"}, {"name", "confirm_dialog"}},
      {{"do", "click"}, {"name", "confirm_dialog/ok"}},
      {{"do", "wait_gone"}, {"name", "confirm_dialog"}},
      // The vice-chair who now chairs is shown as the chair only.
      {{"do", "wait_ui"}, {"pointer", "/attendees/1/3"}, {"equals", "司会"}},
      {{"do", "wait_ui"}, {"pointer", "/attendees/0/3"}, {"equals", ""}},
  });
  Gui gui(c, "chair", host_args(c), script);
  auto vice = join_gui(c, gui, "鈴木 健", "vice");
  const std::string vice_id = vice->must({{"cmd", "info"}})["attendee"];
  const std::string old_chair = poll_state(*vice, "the meeting's chair", [](const json& s) {
    return s["meeting"]["chair"].is_string() && s["meeting"]["chair"] != "";
  })["meeting"]["chair"];
  expect(old_chair != vice_id, "the GUI's attendee chairs at first");
  std::ofstream(c.dir / "go") << "";
  gui.wait_script_done();
  std::cout << "the UI script ran: 鈴木 named vice-chair, then the chair handed over to 鈴木\n";

  // 鈴木's laptop now chairs: it admits joiners with a join code of its own.
  vice->event("code_rotated");
  const json s = poll_state(*vice, "鈴木 as the chair", [&](const json& st) { return st["meeting"]["chair"] == vice_id; });
  expect(s["meeting"]["vice_chair"] == vice_id, "鈴木 was named vice-chair: " + s["meeting"].dump());
  expect(vice->must({{"cmd", "info"}})["role"] == "chair", "the CLI peer's role is chair now");
  std::cout << "PASS: the meeting's chair is 鈴木 (" << vice_id << "), and 鈴木's peer now admits joiners\n";
}

// ---- takeover -----------------------------------------------------------------------------

void takeover(const Context& c) {
  Cli host = cli_chair(c);
  const json hosting = host.event("hosting");
  // Greyed out until this window's attendee is the vice-chair: the step waits for that.
  const json script = json::array({{{"do", "wait_window"}, {"name", "meeting_window"}},
                                   {{"do", "menu"}, {"label", "司会を引き継ぐ"}, {"timeout_ms", 60000}},
                                   {{"do", "wait_window"}, {"name", "confirm_dialog"}},
                                   {{"do", "click"}, {"name", "confirm_dialog/ok"}},
                                   {{"do", "wait_gone"}, {"name", "confirm_dialog"}}});
  Gui gui(c, "participant",
          participant_args(c, hosting),
          script);
  const json joined = poll_state(host, "the window's device", [](const json& s) {
    for (const auto& d : s["devices"])
      if (d["name"] == "鈴木 健" && d["attendee"] != "") return true;
    return false;
  });
  std::string me;
  for (const auto& d : joined["devices"])
    if (d["name"] == "鈴木 健") me = d["attendee"];
  const std::string chair = joined["meeting"]["chair"];
  const json waiting = gui.wait("the meeting, connected, and the script at 司会を引き継ぐ", [](const json& d) {
    return get(d, "/agenda").size() >= 9 && get(d, "/peers_status").dump().find("● 接続中") != std::string::npos &&
           get(d, "/script/step").is_number() && get(d, "/script/step").get<int>() >= 1;
  });
  expect(get(waiting, "/script/step") == 1,
         "司会を引き継ぐ is greyed out while the window is not the vice-chair: " + get(waiting, "/script").dump());
  host.must({{"cmd", "set_meeting"}, {"field", "vice_chair"}, {"value", me}});
  gui.wait_script_done();
  const json s = poll_state(host, "the window's attendee as the chair", [&](const json& st) {
    return st["meeting"]["chair"] == me;
  });
  expect(s["meeting"]["chair"] != chair, "the chair changed");
  gui.wait("this device chairing: a join code and the message", [](const json& d) {
    return !get(d, "/banner/join_code").get<std::string>().empty() &&
           get(d, "/status").get<std::string>().find("この端末が司会になりました") != std::string::npos;
  });
  std::cout << "PASS: the vice-chair's window took the chair (" << me << ") and now admits joiners\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: renkei_gui_ui_test RENKEI RENKEI_CLI "
                 "chair|participant|typing|english|reconnect|admit|visibility|handover|takeover|hint|keys|presentation|a11y|inquiry|zoom|timebox\n";
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  char tmpl[] = "/tmp/renkei-gui-ui-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  Context c{argv[1], argv[2], tmpl, {}};
  const std::string scenario = argv[3];
  int rc = 1;
  {
    std::unique_ptr<ChildProcess> xvfb;
    try {
      const auto display = start_xvfb(xvfb, c.dir);
      if (!display) {
        rc = kSkip;
      } else {
        c.display = *display;
        // Every program started from here sees this display and a home of its own (wxConfig).
        fs::create_directories(c.dir / "home");
        setenv("DISPLAY", c.display.c_str(), 1);
        setenv("HOME", (c.dir / "home").c_str(), 1);
        setenv("XDG_CONFIG_HOME", (c.dir / "home").c_str(), 1);
        setenv("NO_AT_BRIDGE", "1", 1);
        if (scenario == "chair") chair(c);
        else if (scenario == "participant") participant(c);
        else if (scenario == "typing") typing(c);
        else if (scenario == "english") english(c);
        else if (scenario == "reconnect") reconnect(c);
        else if (scenario == "admit") admit(c);
        else if (scenario == "visibility") visibility(c);
        else if (scenario == "handover") handover(c);
        else if (scenario == "takeover") takeover(c);
        else if (scenario == "timebox") timebox(c);
        else if (scenario == "hint") hint(c);
        else if (scenario == "keys") keys(c);
        else if (scenario == "presentation") presentation(c);
        else if (scenario == "a11y") a11y(c);
        else if (scenario == "inquiry") inquiry(c);
        else if (scenario == "zoom") zoom(c);
        else throw Failure("unknown scenario " + scenario);
        rc = 0;
      }
    } catch (const std::exception& e) {
      std::cout << "FAIL: " << e.what() << "\n";
      for (const auto& entry : fs::directory_iterator(c.dir))
        if (entry.path().extension() == ".log") {
          std::ifstream in(entry.path());
          std::cout << "--- " << entry.path().filename().string() << " ---\n" << in.rdbuf() << "\n";
        }
      rc = 1;
    }
  }
  std::error_code ec;
  if (rc == 0 || rc == kSkip) fs::remove_all(c.dir, ec);
  else std::cout << "(files kept in " << c.dir << ")\n";
  return rc;
}
