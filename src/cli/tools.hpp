// renkei-cli's offline tools: export, replay-trace, inspect.
#pragma once

#include <string>
#include <vector>

namespace renkei::cli {

/// `renkei-cli export FILE --format md|html|pdf|json --out PATH [--audience full|attendees]`:
/// minutes from a replica file, for everyone (full, the default) or only what every attendee may
/// see (attendees; minutes::for_audience).
int run_export(const std::vector<std::string>& argv);

/// `renkei-cli replay-trace FILE.json.gz`: replays an editing trace through the note-text CRDT
/// and prints {"trace","patches","final_length","matches","ms"}; exit 1 if the text differs.
int run_replay_trace(const std::vector<std::string>& argv);

/// `renkei-cli inspect FILE`: what a replica file holds (ids, op counts, versions), as JSON.
int run_inspect(const std::vector<std::string>& argv);

/// `renkei-cli demo --out DIR`: the A-san サービス担当者会議 with a chair and two participants
/// as separate processes over loopback (demo.cpp).
int run_demo(const std::vector<std::string>& argv, const std::string& self_exe);

}  // namespace renkei::cli
