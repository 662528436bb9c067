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

/// Creates `path` holding a service_coordination meeting and then edits until it has `ops`
/// operations: mostly typing (one to three characters per op, as keystrokes arrive) into the
/// agenda items' notes, some backspaces, and now and then a register change. Deterministic.
inline void make_long_meeting(const std::filesystem::path& path, std::size_t ops) {
  auto file = store::ReplicaFile::create(path, store::ReplicaFile::new_replica_id(),
                                         store::ReplicaFile::new_meeting_id(), 0);
  core::Document doc(file->info().replica);
  std::vector<core::Op> batch;
  auto apply = [&](const nlohmann::json& e) {
    auto p = core::prepare_edit(doc, e, 1'763'690'400'000);
    doc.apply_local(p.ops);
    batch.insert(batch.end(), p.ops.begin(), p.ops.end());
    if (batch.size() >= 2000) {
      file->append(batch);
      batch.clear();
    }
    return p.reply;
  };
  const auto tpl = session::load_meeting_template(session::data_dir(), "service_coordination");
  for (const auto& e : session::template_edits(tpl, {{"person_name", "Aさん"}}, "2026-11-21")) apply(e);
  std::vector<std::string> items;
  for (const auto& a : doc.snapshot().agenda) items.push_back(a.id.to_string());
  const std::u32string sample = U"本人は週末の外出を楽しみにしている。GHでの生活にも慣れ、服薬も自分で確認できるようになった。";
  std::mt19937 rng(20261121);
  std::vector<std::size_t> length(items.size(), 0);
  std::size_t k = 0;
  while (doc.op_count() < ops) {
    const std::size_t i = rng() % items.size();
    const std::size_t r = rng() % 100;
    if (r < 8 && length[i] > 0) {
      apply({{"cmd", "delete_text"}, {"id", items[i]}, {"field", "notes"}, {"pos", length[i] - 1}, {"len", 1}});
      --length[i];
    } else if (r < 10) {
      apply({{"cmd", "set"}, {"id", items[i]}, {"field", "timebox_min"}, {"value", static_cast<int>(5 + rng() % 20)}});
    } else {
      const std::size_t n = 1 + rng() % 3;
      std::u32string chunk;
      for (std::size_t c = 0; c < n; ++c) chunk += sample[(k++) % sample.size()];
      apply({{"cmd", "insert_text"}, {"id", items[i]}, {"field", "notes"}, {"pos", length[i]}, {"text", core::u32_to_utf8(chunk)}});
      length[i] += n;
    }
  }
  if (!batch.empty()) file->append(batch);
}

}  // namespace renkei::bench
