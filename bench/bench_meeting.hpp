// A long meeting with heavy note-taking, for the late-join and store measurements: built
// directly into a replica file (set-up, not measured).
#pragma once

#include <filesystem>
#include <random>

#include "core/edit.hpp"
#include "session/meeting_setup.hpp"
#include "session/session.hpp"
#include "store/replica_file.hpp"

namespace renkei::bench {

/// Creates `path` holding a service_coordination meeting in which four people (the chair and
/// three participants) take notes until they have made `ops` operations: bursts of 5–40 keystrokes (one
/// op per keystroke) into one agenda item's notes at a time, about one backspace in ten, now and
/// then a register change; after each burst the others receive it, as in a live meeting. The
/// chair's replica file stores every op as it arrives and is then compacted, as a session does
/// when it closes. Deterministic.
inline void make_long_meeting(const std::filesystem::path& path, std::size_t ops) {
  auto file = store::ReplicaFile::create(path, store::ReplicaFile::new_replica_id(),
                                         store::ReplicaFile::new_meeting_id(), 0);
  std::vector<core::Document> people;
  people.emplace_back(file->info().replica);
  for (core::PeerId p = 2; p <= 4; ++p) people.emplace_back(p * 0x1000000001ULL);
  core::Document& chair = people[0];
  std::vector<core::Op> pending;  // the burst being typed, for the others
  std::size_t made = 0;           // operations as people made them (before the log merges runs)
  auto apply = [&](core::Document& who, const nlohmann::json& e) {
    auto p = core::prepare_edit(who, e, 1'763'690'400'000);
    who.apply_local(p.ops);
    made += p.ops.size();
    pending.insert(pending.end(), p.ops.begin(), p.ops.end());
    return p.reply;
  };
  auto share = [&] {
    file->append(pending);  // the chair's file gets every op, typed here or received
    for (auto& d : people) d.receive(pending);
    pending.clear();
  };
  const auto tpl = session::load_meeting_template(session::data_dir(), "service_coordination");
  for (const auto& e : session::template_edits(tpl, {{"person_name", "Aさん"}}, "2026-11-21")) apply(chair, e);
  share();
  std::vector<std::string> items;
  for (const auto& a : chair.snapshot().agenda) items.push_back(a.id.to_string());
  const std::u32string sample = U"本人は週末の外出を楽しみにしている。GHでの生活にも慣れ、服薬も自分で確認できるようになった。";
  std::mt19937 rng(20261121);
  std::size_t k = 0;
  while (made < ops) {
    core::Document& who = people[rng() % people.size()];
    const std::string& item = items[rng() % items.size()];
    auto notes = [&] { return who.snapshot().find_agenda_item(*core::OpId::parse(item))->notes; };
    std::size_t length = core::utf8_length(notes());
    std::size_t pos = rng() % 4 == 0 ? rng() % (length + 1) : length;  // usually at the end
    const std::size_t burst = 5 + rng() % 36;
    for (std::size_t key = 0; key < burst; ++key) {
      if (rng() % 10 == 0 && pos > 0) {
        apply(who, {{"cmd", "delete_text"}, {"id", item}, {"field", "notes"}, {"pos", pos - 1}, {"len", 1}});
        --pos;
      } else {
        const std::u32string ch(1, sample[(k++) % sample.size()]);
        apply(who, {{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", pos}, {"text", core::u32_to_utf8(ch)}});
        ++pos;
      }
    }
    if (rng() % 8 == 0)
      apply(chair, {{"cmd", "set"}, {"id", item}, {"field", "timebox_min"}, {"value", static_cast<int>(5 + rng() % 20)}});
    share();
  }
  file->compact(chair.all_ops());
}

}  // namespace renkei::bench
