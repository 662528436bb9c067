// Audiences across real peers (DESIGN.md, Privacy; seed 002 STEP ③): every frame sent to a
// community member's peer (traced by its senders) and every frame it read, decrypted, is
// captured, and none carries restricted content; an item
// narrowed after the fact disappears from that peer's meeting and replica file; the minutes
// for attendees leave restricted content out.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "cli_peer.hpp"

using namespace renkei::system_test;

namespace {

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Everything on disk for a replica: the file and, if present, its WAL.
std::string replica_bytes(const fs::path& db) {
  std::string all = file_text(db);
  if (fs::exists(db.string() + "-wal")) all += file_text(db.string() + "-wal");
  return all;
}

const std::vector<std::string> kRestricted{"SECRET-PRO-生活保護", "SECRET-NAMED-服薬", "SECRET-NAMED-NOTES",
                                           "SECRET-INQUIRY-病状", "SECRET-DECISION", "SECRET-ROLE",
                                           "SECRET-REL", "SECRET-TYPED-BY-NURSE"};

}  // namespace

TEST_CASE("a community member's peer never receives restricted content, and loses an item narrowed later", "[system][audience]") {
  TempDir dir;
  // Frames are traced where they are made and where they are read: the neighbour's own peer
  // (every frame it decoded), and the chair's and the nurse's (every frame they sent, traced in
  // Channel::send before a byte goes out — so none sent to the neighbour escapes the check).
  const fs::path trace = dir.path() / "neighbour-frames.jsonl";
  const fs::path chair_trace = dir.path() / "chair-frames.jsonl", nurse_trace = dir.path() / "nurse-frames.jsonl";
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理",
                             {"--listen", "127.0.0.1:0", "--no-announce", "--trace-frames", chair_trace.string()});
  const json hosting = chair->expect_event("hosting");
  const std::string address = hosting["address"], code = hosting["code"];

  // The chair admits the nurse as a professional and the neighbour (民生委員) with the general audience.
  auto nurse = CliPeer::join(dir.path(), "nurse", "山本 看護師", address, code, {"--trace-frames", nurse_trace.string()});
  chair->request({{"cmd", "admit"}, {"fingerprint", chair->expect_event("join_request")["fingerprint"]},
                  {"audience", "professional"}});
  nurse->expect_event("joined");
  auto neighbour = CliPeer::join(dir.path(), "neighbour", "田村 民生委員", address, code,
                                 {"--trace-frames", trace.string()});
  const std::string neighbour_fp = chair->expect_event("join_request")["fingerprint"];
  chair->request({{"cmd", "admit"}, {"fingerprint", neighbour_fp}, {"audience", "general"}});
  neighbour->expect_event("joined");
  REQUIRE(chair->wait_peers(2));

  std::string nurse_id;
  const json attendees = chair->state()["attendees"];
  for (const auto& a : attendees)
    if (a["name"] == "山本 看護師") nurse_id = a["id"];
  REQUIRE_FALSE(nurse_id.empty());

  // Restricted items of every kind that carries content, and one shared item.
  const json pro = "professionals";
  chair->edit({{"cmd", "add"}, {"type", "open_issue"}, {"visibility", pro}, {"fields", {{"text", "SECRET-PRO-生活保護"}}}});
  const std::string named = chair->edit({{"cmd", "add"}, {"type", "agenda_item"}, {"visibility", {nurse_id}},
                                         {"fields", {{"title", "SECRET-NAMED-服薬"}, {"notes", "SECRET-NAMED-NOTES"}}}})["id"];
  chair->edit({{"cmd", "add"}, {"type", "attendee"}, {"visibility", pro},
               {"fields", {{"name", "主治医"}, {"present", false}, {"inquiry_content", "SECRET-INQUIRY-病状"}}}});
  chair->edit({{"cmd", "add"}, {"type", "decision"}, {"visibility", pro}, {"fields", {{"text", "SECRET-DECISION"}}}});
  chair->edit({{"cmd", "add"}, {"type", "role"}, {"visibility", pro}, {"fields", {{"role", "通院同行"}, {"who", "SECRET-ROLE"}}}});
  chair->edit({{"cmd", "add"}, {"type", "relationship"}, {"visibility", pro}, {"fields", {{"who", "SECRET-REL"}}}});
  chair->edit({{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "SHARED-清掃活動"}}}});
  // The nurse types into the item only she and the chair may see.
  REQUIRE(nurse->call({{"cmd", "wait_state"}, {"contains", "SECRET-NAMED-NOTES"}})["ok"] == true);
  nurse->edit({{"cmd", "insert_text"}, {"id", named}, {"field", "notes"}, {"pos", 0}, {"text", "SECRET-TYPED-BY-NURSE "}});

  // An item everyone saw is narrowed afterwards: the neighbour's software drops it.
  const std::string later = chair->edit({{"cmd", "add"}, {"type", "agenda_item"},
                                         {"fields", {{"title", "NARROWED-LATER-title"}, {"notes", "NARROWED-LATER-notes"}}}})["id"];
  REQUIRE(neighbour->call({{"cmd", "wait_state"}, {"contains", "NARROWED-LATER-notes"}})["ok"] == true);
  chair->edit({{"cmd", "set_visibility"}, {"id", later}, {"visibility", pro}});
  REQUIRE(neighbour->call({{"cmd", "wait_state"}, {"absent", "NARROWED-LATER"}})["ok"] == true);

  chair->edit({{"cmd", "add"}, {"type", "open_issue"}, {"fields", {{"text", "END-MARKER"}}}});
  REQUIRE(neighbour->call({{"cmd", "wait_state"}, {"contains", "END-MARKER"}})["ok"] == true);
  REQUIRE(nurse->call({{"cmd", "wait_state"}, {"contains", "END-MARKER"}})["ok"] == true);
  REQUIRE(chair->call({{"cmd", "wait_state"}, {"contains", "SECRET-TYPED-BY-NURSE"}})["ok"] == true);

  // The professional has everything meant for her.
  const std::string nurse_state = nurse->state().dump();
  for (const auto& marker : kRestricted) CHECK(nurse_state.find(marker) != std::string::npos);
  CHECK(nurse_state.find("NARROWED-LATER-notes") != std::string::npos);

  // Every frame the neighbour's peer sent or received, decrypted: none carries restricted content.
  const std::string neighbour_state = neighbour->state().dump();
  const fs::path neighbour_db = PeerFiles(dir.path(), "neighbour").db;
  CHECK(neighbour->quit() == 0);
  const std::string frames = file_text(trace);
  REQUIRE(frames.find("SHARED-清掃活動") != std::string::npos);  // the trace does capture content
  REQUIRE(frames.find("NARROWED-LATER-notes") != std::string::npos);  // it was shared, then narrowed
  for (const auto& marker : kRestricted) {
    INFO(marker);
    CHECK(frames.find(marker) == std::string::npos);
    CHECK(neighbour_state.find(marker) == std::string::npos);
  }
  // What was narrowed is gone from its meeting file too (not only hidden).
  const std::string on_disk = replica_bytes(neighbour_db);
  CHECK(on_disk.find("NARROWED-LATER-notes") == std::string::npos);
  CHECK(on_disk.find("SHARED-清掃活動") != std::string::npos);

  // Everything the chair and the nurse sent to the neighbour's laptop (they are still running:
  // their traces are complete up to now, and the neighbour has quit).
  std::string sent_to_neighbour;
  std::size_t frames_to_neighbour = 0;
  for (const fs::path& t : {chair_trace, nurse_trace})
    for (const json& line : json_lines(file_text(t)))
      if (line["dir"] == "out" && line["peer"] == neighbour_fp) {
        sent_to_neighbour += line["frame"].dump() + "\n";
        ++frames_to_neighbour;
      }
  REQUIRE(frames_to_neighbour > 0);
  REQUIRE(sent_to_neighbour.find("SHARED-清掃活動") != std::string::npos);
  REQUIRE(sent_to_neighbour.find("NARROWED-LATER-notes") != std::string::npos);
  for (const auto& marker : kRestricted) {
    INFO("sent to the neighbour: " << marker);
    CHECK(sent_to_neighbour.find(marker) == std::string::npos);
  }

  // The chair's minutes for attendees leave restricted content out; the full record has it.
  const fs::path attendees_md = dir.path() / "attendees.md", full_md = dir.path() / "full.md";
  chair->request({{"cmd", "export"}, {"format", "md"}, {"out", attendees_md.string()}, {"audience", "attendees"}});
  chair->request({{"cmd", "export"}, {"format", "md"}, {"out", full_md.string()}, {"audience", "full"}});
  const std::string for_attendees = file_text(attendees_md), full = file_text(full_md);
  for (const auto& marker : {"SECRET-PRO-生活保護", "SECRET-DECISION", "SECRET-INQUIRY-病状", "SECRET-ROLE"}) {
    INFO(marker);
    CHECK(for_attendees.find(marker) == std::string::npos);
    CHECK(full.find(marker) != std::string::npos);
  }
  CHECK(for_attendees.find("SHARED-清掃活動") != std::string::npos);
  nurse->quit();
  chair->quit();
}
