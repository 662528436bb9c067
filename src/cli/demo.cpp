// renkei-cli demo: a complete サービス担当者会議 for the A-san case of seed
// 003_543ce78980a4fde5.txt ("自宅からグループホームに入居して2ヶ月経ったAさん … 日中は就労継続支援B型
// … 休日には行動援護を使って地域の活動への参加が始まって楽しみが増えてきた"), run by a chair and two
// participants as separate renkei-cli processes over loopback, with the real transport, join
// code and sync. The participants type into the same note at the same time.
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "cli/args.hpp"
#include "cli/child_process.hpp"
#include "cli/tools.hpp"

namespace renkei::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A renkei-cli peer process and a request/reply conversation with it.
class PeerProcess {
 public:
  PeerProcess(std::string label, const std::vector<std::string>& argv, const fs::path& log)
      : label_(std::move(label)), child_(argv, log) {}

  // The next event line of the given kind (skipping others), or throws on timeout.
  json expect_event(const std::string& kind, std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto line = next_line(deadline);
      if (line.value("event", std::string()) == kind) return line;
      if (line.value("event", std::string()) == "join_failed")
        throw std::runtime_error(label_ + " could not join: " + line.value("message", std::string()));
    }
  }

  // Sends a command and returns its reply; throws if the reply is not ok.
  json request(json cmd, std::chrono::milliseconds timeout = 30s) {
    const int req = ++next_req_;
    cmd["req"] = req;
    child_.write_line(cmd.dump());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto line = next_line(deadline);
      if (line.value("req", 0) != req) continue;  // an event
      if (!line.value("ok", false))
        throw std::runtime_error(label_ + ": " + cmd.dump() + " → " + line.value("error", std::string("failed")));
      return line;
    }
  }

  // An edit; returns the edit's reply ({"id": …} for add).
  json edit(json cmd) { return request(std::move(cmd))["reply"]; }

  std::string hash() { return request({{"cmd", "hash"}})["hash"]; }

  int quit() {
    request({{"cmd", "quit"}});
    child_.close_stdin();
    return child_.wait();
  }

  const std::string& label() const { return label_; }

 private:
  json next_line(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto line = child_.read_line(std::max(left, 0ms));
      if (!line) throw std::runtime_error(label_ + (child_.eof() ? " exited" : " did not answer in time"));
      try {
        return json::parse(*line);
      } catch (const json::parse_error&) {
        continue;  // not ours
      }
    }
  }

  std::string label_;
  tools::ChildProcess child_;
  int next_req_ = 0;
};

// Types `words` into a note from two peers at the same time: each peer, on its own thread,
// types its words key by key as fast as its process answers, each character right after its own
// previous one (a caret), while the other peer's characters arrive concurrently over the mesh.
void type_together(PeerProcess& a, const std::vector<std::string>& words_a, PeerProcess& b,
                   const std::vector<std::string>& words_b, const std::string& item, std::size_t start) {
  auto typist = [&item, start](PeerProcess& p, const std::vector<std::string>& words, std::exception_ptr& error) {
    try {
      std::string last;
      for (const auto& w : words) {
        // Key by key: one insert per character (UTF-8 code point), as a person types.
        for (std::size_t i = 0; i < w.size();) {
          std::size_t n = 1;
          while (i + n < w.size() && (static_cast<unsigned char>(w[i + n]) & 0xC0) == 0x80) ++n;
          json cmd{{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"text", w.substr(i, n)}};
          if (last.empty()) cmd["pos"] = start; else cmd["after"] = last;
          last = p.edit(cmd)["last"];
          i += n;
        }
      }
    } catch (...) {
      error = std::current_exception();
    }
  };
  std::exception_ptr error_a, error_b;
  std::thread ta(typist, std::ref(a), std::cref(words_a), std::ref(error_a));
  std::thread tb(typist, std::ref(b), std::cref(words_b), std::ref(error_b));
  ta.join();
  tb.join();
  if (error_a) std::rethrow_exception(error_a);
  if (error_b) std::rethrow_exception(error_b);
}

std::string find_id(const json& list, const std::string& key, const std::string& value) {
  for (const auto& x : list)
    if (x.value(key, std::string()) == value) return x["id"];
  throw std::runtime_error("demo: no item with " + key + " = " + value);
}

}  // namespace

int run_demo(const std::vector<std::string>& argv, const std::string& self_exe) {
  Args a(argv, {}, {"out"});
  const fs::path out = a.get("out", "demo-out");
  fs::create_directories(out / "identities");
  for (const char* f : {"chair.renkei", "group-home.renkei", "day-service.renkei"})
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) fs::remove(out / (std::string(f) + suffix));
  std::error_code ec;
  const std::string exe = fs::read_symlink(self_exe, ec).string();
  const std::string program = ec ? self_exe : exe;
  auto log = [&](const std::string& name) { return out / (name + ".log"); };

  std::cout << "renkei demo: A-san サービス担当者会議, three peers over loopback → " << out.string() << "\n";
  const json meeting{{"title", "サービス担当者会議（Aさん）"}, {"person_name", "Aさん"}, {"person_id", "A-0427"},
                     {"place", "グループホームさくら 共用リビング"}, {"start_time", "14:00"}, {"end_time", "15:00"},
                     {"session_number", 3}, {"plan_author", "佐藤 真理"}, {"next_meeting", "3か月後（モニタリング時）"}};
  PeerProcess chair("chair", {program, "host", "--db", (out / "chair.renkei").string(), "--template", "service_coordination",
                              "--listen", "127.0.0.1:0", "--name", "佐藤 真理", "--organization", "相談支援事業所ひかり",
                              "--profession", "相談支援専門員", "--meeting", meeting.dump(), "--identity",
                              (out / "identities" / "chair").string(), "--auto-admit", "--auto-admit-audience", "professional",
                              "--no-announce"},
                    log("chair"));
  const json hosting = chair.expect_event("hosting");
  const std::string address = hosting["address"], code = hosting["code"];
  std::cout << "  chair hosting at " << address << ", join code " << code << "\n";

  auto participant = [&](const std::string& label, const std::string& file, const std::string& name) {
    return std::make_unique<PeerProcess>(
        label, std::vector<std::string>{program, "join", "--db", (out / file).string(), "--address", address, "--code",
                                        code, "--name", name, "--listen", "127.0.0.1:0", "--identity",
                                        (out / "identities" / label).string()},
        log(label));
  };
  auto gh = participant("group-home", "group-home.renkei", "鈴木 健");
  auto day = participant("day-service", "day-service.renkei", "高橋 由美");
  gh->expect_event("joined");
  day->expect_event("joined");
  chair.request({{"cmd", "wait_peers"}, {"count", 2}});
  std::cout << "  two participants joined with the code\n";

  // Attendees: the person, family, and the participants' details (their attendee records were
  // created on admission, named as they joined).
  auto state = chair.request({{"cmd", "state"}})["state"];
  const std::string chair_id = find_id(state["attendees"], "name", "佐藤 真理");
  chair.edit({{"cmd", "add"}, {"type", "attendee"}, {"fields", {{"name", "Aさん"}, {"relation", "person"}, {"present", true}}}});
  chair.edit({{"cmd", "add"}, {"type", "attendee"}, {"fields", {{"name", "A 花子"}, {"relation", "family"}, {"relationship", "母"}, {"present", true}}}});
  chair.edit({{"cmd", "add"}, {"type", "attendee"},
              {"fields", {{"name", "田中 誠"}, {"organization", "行動援護事業所 あゆみ"}, {"profession", "サービス提供責任者"},
                          {"present", false}, {"inquiry_date", "2026-11-18"},
                          {"inquiry_content", "休日の外出時の様子と、行動援護の利用状況について"},
                          {"inquiry_reply", "毎週土曜に地域の清掃活動へ参加。混乱なく過ごせており、本人も楽しみにしている。"}}}});
  const std::string gh_id = find_id(state["attendees"], "name", "鈴木 健");
  const std::string day_id = find_id(state["attendees"], "name", "高橋 由美");
  gh->edit({{"cmd", "set"}, {"id", gh_id}, {"field", "organization"}, {"value", "グループホームさくら"}});
  gh->edit({{"cmd", "set"}, {"id", gh_id}, {"field", "profession"}, {"value", "サービス管理責任者"}});
  day->edit({{"cmd", "set"}, {"id", day_id}, {"field", "organization"}, {"value", "就労継続支援B型 みどり工房"}});
  day->edit({{"cmd", "set"}, {"id", day_id}, {"field", "profession"}, {"value", "サービス管理責任者"}});
  chair.edit({{"cmd", "set_meeting"}, {"field", "recorder"}, {"value", gh_id}});

  // The agenda, item by item (found by title, so an office's own template wording still works
  // as long as the usual items are there; otherwise the nearest item is used).
  state = chair.request({{"cmd", "state"}})["state"];
  const json agenda = state["agenda"];  // a copy: `state` is reassigned below
  auto item = [&](const std::string& words, std::size_t fallback) {
    for (const auto& x : agenda)
      if (x["title"].get<std::string>().find(words) != std::string::npos) return x["id"].get<std::string>();
    return agenda.at(std::min(fallback, agenda.size() - 1))["id"].get<std::string>();
  };
  auto note = [&](PeerProcess& p, const std::string& id, const std::string& field, const std::string& text) {
    p.edit({{"cmd", "insert_text"}, {"id", id}, {"field", field}, {"pos", 0}, {"text", text}});
  };
  auto go_to = [&](const std::string& id) { chair.edit({{"cmd", "set_current"}, {"id", id}}); };
  const std::string opening = item("開会", 0), consent = item("同意", 1), wishes = item("意向", 2),
                    progress = item("経過", 4), needs = item("課題（ニーズ）", 5), roles_item = item("役割分担", 6),
                    plan = item("計画", 7), remaining = item("残された課題", 8);
  go_to(opening);
  note(chair, opening, "notes", "出席者の自己紹介。司会：佐藤（相談支援専門員）、記録：鈴木（GH）、時間管理：高橋（B型）。");
  go_to(consent);
  note(chair, consent, "notes", "本人に、チームで支援すること、本日の参加者を説明し、同意を得た。");
  go_to(wishes);
  note(chair, wishes, "notes", "本人「土曜日の清掃活動が楽しい。もっと出かけたい」。母「休日の過ごし方が広がってうれしい」。");
  go_to(progress);
  // 経過: both participants type into the same note at the same moment.
  note(chair, progress, "notes", "【経過】");
  gh->request({{"cmd", "wait_hash"}, {"hash", chair.hash()}});
  day->request({{"cmd", "wait_hash"}, {"hash", chair.hash()}});
  type_together(*gh, {"GH入居から2か月。", "特定のこだわり行動による混乱は", "徐々に解決し、", "生活リズムが整ってきた。"},
                *day, {"日中は就労継続支援B型に", "週5日通所。", "作業に集中できる時間が", "長くなっている。"}, progress, 4);
  note(chair, progress, "conclusion", "GH・B型・行動援護の利用により、地域生活が安定してきている。");
  go_to(needs);
  note(chair, needs, "notes", "休日の外出の機会を増やしたい（本人）。金銭管理に不安がある（GH）。");
  day->edit({{"cmd", "add"}, {"type", "decision"},
             {"fields", {{"text", "休日の地域活動への参加を継続し、月1回の余暇活動（買い物）を行動援護で追加する"},
                         {"agenda_item", needs}, {"status", "proposed"}, {"proposed_by", "高橋 由美"}}}});
  note(chair, needs, "conclusion", "余暇活動を追加する。金銭管理は次回までに本人・母と話し合う。");
  go_to(roles_item);
  note(*gh, roles_item, "notes", "各事業所の「できること」「できないこと」を確認した。キーマンは相談支援専門員。");
  go_to(plan);
  note(chair, plan, "notes", "サービス等利用計画（案）を読み上げ、本人が内容を確認した。");
  note(chair, plan, "conclusion", "サービス等利用計画を現行どおり継続する（本人同意）。");
  go_to(remaining);
  note(chair, remaining, "notes", "次回は3か月後のモニタリングに合わせて開催する。");

  // Roles: the template's standard roles are filled in, and the members' できること・できないこと.
  state = chair.request({{"cmd", "state"}})["state"];
  for (const auto& r : state["roles"]) {
    const std::string role = r["role"], id = r["id"];
    std::string who = role == "司会" ? "佐藤 真理" : role == "記録" ? "鈴木 健" : role == "時間管理" ? "高橋 由美" : "佐藤 真理";
    chair.edit({{"cmd", "set"}, {"id", id}, {"field", "who"}, {"value", who}});
    if (r["key_person"].get<bool>())
      chair.edit({{"cmd", "set"}, {"id", id}, {"field", "can_do"}, {"value", "情報の一元化と進捗管理、関係機関との連絡調整"}});
  }
  gh->edit({{"cmd", "add"}, {"type", "role"},
            {"fields", {{"role", "生活支援・服薬確認"}, {"who", "グループホームさくら"}, {"attendee", gh_id}, {"resource", "formal"},
                        {"can_do", "朝夕の服薬確認、休日前の予定の確認"}, {"cannot_do", "日中の外出への同行"}}}});
  day->edit({{"cmd", "add"}, {"type", "role"},
             {"fields", {{"role", "日中活動・作業支援"}, {"who", "みどり工房"}, {"attendee", day_id}, {"resource", "formal"},
                         {"can_do", "平日日中の作業支援、作業時間の記録"}, {"cannot_do", "休日の対応"}}}});
  chair.edit({{"cmd", "add"}, {"type", "role"},
              {"fields", {{"role", "休日の見守り・連絡"}, {"who", "母"}, {"resource", "informal"},
                          {"can_do", "月2回の面会、休日の電話連絡"}, {"cannot_do", "平日の送迎"}}}});
  chair.edit({{"cmd", "add"}, {"type", "role"},
              {"fields", {{"role", "地域の清掃活動での声かけ"}, {"who", "町内会 清掃ボランティア"}, {"resource", "informal"},
                          {"can_do", "活動中の見守りと声かけ"}, {"cannot_do", "送迎・金銭の管理"}}}});

  // Decisions with the person's consent.
  state = chair.request({{"cmd", "state"}})["state"];
  const std::string proposal = state["decisions"].at(0)["id"];
  chair.edit({{"cmd", "set"}, {"id", proposal}, {"field", "status"}, {"value", "agreed"}});
  chair.edit({{"cmd", "set"}, {"id", proposal}, {"field", "consent"}, {"value", "given"}});
  chair.edit({{"cmd", "add"}, {"type", "decision"},
              {"fields", {{"text", "サービス等利用計画を現行どおり継続する"}, {"agenda_item", plan}, {"status", "agreed"},
                          {"consent", "given"}, {"proposed_by", "佐藤 真理"}}}});
  chair.edit({{"cmd", "add"}, {"type", "decision"},
              {"fields", {{"text", "金銭管理の支援（日常生活自立支援事業）の利用を検討する"}, {"agenda_item", needs},
                          {"status", "deferred"}, {"consent", "withheld"}, {"proxy_name", "A 花子（母）"},
                          {"dissent", "母：本人と相談してから決めたい"}, {"proposed_by", "鈴木 健"}}}});

  // Checklist: ticked by whoever checks it.
  state = chair.request({{"cmd", "state"}})["state"];
  std::size_t ticks = 0;
  for (const auto& c : state["checklist"]) {
    if (ticks++ % 2) continue;
    PeerProcess& who = ticks % 3 == 0 ? *gh : chair;
    who.edit({{"cmd", "set"}, {"id", c["id"]}, {"field", "checked"}, {"value", true}});
    who.edit({{"cmd", "set"}, {"id", c["id"]}, {"field", "checked_by"}, {"value", &who == &chair ? "佐藤 真理" : "鈴木 健"}});
  }

  // Open issues and the next meeting, then close the last item.
  chair.edit({{"cmd", "add"}, {"type", "open_issue"},
              {"fields", {{"text", "金銭管理の支援について本人・母と話し合う"}, {"owner", "佐藤 真理"}, {"due", "2026-12-20"}}}});
  gh->edit({{"cmd", "add"}, {"type", "open_issue"},
            {"fields", {{"text", "余暇活動（買い物）の行き先を本人と一緒に決める"}, {"owner", "鈴木 健"}, {"due", "2026-12-10"}}}});
  chair.edit({{"cmd", "finish"}});

  // Converge: every peer reaches the chair's state.
  std::string hash;
  for (int round = 0; round < 20; ++round) {
    hash = chair.hash();
    try {
      gh->request({{"cmd", "wait_hash"}, {"hash", hash}, {"timeout_ms", 10000}});
      day->request({{"cmd", "wait_hash"}, {"hash", hash}, {"timeout_ms", 10000}});
    } catch (const std::exception&) {
      continue;
    }
    if (chair.hash() == hash) break;
  }
  for (const char* f : {"md", "html", "pdf", "json"})
    chair.request({{"cmd", "export"}, {"format", f}, {"out", (out / (std::string("minutes.") + f)).string()}});

  const std::map<std::string, std::string> hashes{{"chair", chair.hash()}, {"group-home", gh->hash()}, {"day-service", day->hash()}};
  bool equal = true;
  for (const auto& [peer, h] : hashes) {
    std::cout << json{{"peer", peer}, {"hash", h}}.dump() << "\n";
    equal &= h == hashes.begin()->second;
  }
  gh->quit();
  day->quit();
  chair.quit();
  std::cout << json{{"converged", equal}, {"minutes", {(out / "minutes.md").string(), (out / "minutes.html").string(),
                                                       (out / "minutes.pdf").string()}}}.dump() << "\n";
  return equal ? 0 : 1;
}

}  // namespace renkei::cli
