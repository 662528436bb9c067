// Helpers shared by the store tests: temporary folders, file bytes, a sample meeting made of
// edits of several kinds, and raw SQLite access for damaging files on purpose.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/document.hpp"
#include "core/edit.hpp"
#include "store/replica_file.hpp"

namespace renkei::test {

/// A fresh folder under the system temp folder, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "renkei-store-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  /// Names of the entries in the folder, sorted.
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

constexpr std::int64_t kNow = 1'763'690'400'000;  // 2025-11-21T02:00:00Z

/// Makes an edit the way a session does: prepare, make durable in `file`, then apply.
inline nlohmann::json edit(core::Document& doc, store::ReplicaFile& file, const nlohmann::json& e,
                           std::int64_t now_ms = kNow) {
  auto prepared = core::prepare_edit(doc, e, now_ms);
  file.append(prepared.ops);
  doc.apply_local(prepared.ops);
  return prepared.reply;
}

/// A meeting with edits of every op kind in two partitions: meeting registers, attendees,
/// agenda items with Japanese notes typed, deleted and replaced, a move, a removal, agenda
/// progress, a decision, and an open issue visible only to professionals.
inline void make_sample_meeting(core::Document& doc, store::ReplicaFile& file) {
  auto add = [&](const std::string& type, nlohmann::json fields, const char* partition = nullptr) {
    nlohmann::json e{{"cmd", "add"}, {"type", type}, {"fields", std::move(fields)}};
    if (partition) e["partition"] = partition;
    return edit(doc, file, e).at("id").get<std::string>();
  };
  edit(doc, file, {{"cmd", "set_meeting"}, {"field", "title"}, {"value", "サービス担当者会議"}});
  edit(doc, file, {{"cmd", "set_meeting"}, {"field", "date"}, {"value", "2025-11-21"}});
  add("attendee", {{"name", "山田 花子"}, {"organization", "相談支援事業所"}, {"profession", "相談支援専門員"}});
  const auto person = add("attendee", {{"name", "本人"}, {"relation", "person"}});
  const auto a = add("agenda_item", {{"title", "近況の確認"}, {"timebox_min", 10}, {"notes", "日中は就労継続支援B型"}});
  const auto b = add("agenda_item", {{"title", "役割分担"}});
  const auto c = add("agenda_item", {{"title", "次回の予定"}});
  edit(doc, file, {{"cmd", "insert_text"}, {"id", a}, {"field", "notes"}, {"pos", 3}, {"text", "毎日"}});
  edit(doc, file, {{"cmd", "delete_text"}, {"id", a}, {"field", "notes"}, {"pos", 0}, {"len", 2}});
  edit(doc, file, {{"cmd", "replace_text"}, {"id", a}, {"field", "notes"}, {"text", "毎週就労継続支援B型😀"}});
  edit(doc, file, {{"cmd", "move"}, {"id", c}, {"index", 0}});
  edit(doc, file, {{"cmd", "set"}, {"id", b}, {"field", "presenter"}, {"value", "山田"}});
  edit(doc, file, {{"cmd", "remove"}, {"id", person}});
  edit(doc, file, {{"cmd", "restore"}, {"id", person}});
  edit(doc, file, {{"cmd", "advance"}}, kNow + 60'000);
  edit(doc, file, {{"cmd", "advance"}}, kNow + 7 * 60'000);
  add("decision", {{"text", "週1回の訪問を続ける"}, {"status", "agreed"}, {"consent", "given"}});
  add("open_issue", {{"text", "家族の負担(専門職のみ)"}, {"owner", "山田"}}, "pro");
}

/// Adds `n` agenda items, each with a line of notes typed into it: many ops of several kinds.
inline void add_many_edits(core::Document& doc, store::ReplicaFile& file, int n) {
  for (int i = 0; i < n; ++i) {
    auto id = edit(doc, file, {{"cmd", "add"}, {"type", "agenda_item"}, {"fields", {{"title", "議題 " + std::to_string(i)}}}})
                  .at("id")
                  .get<std::string>();
    edit(doc, file, {{"cmd", "insert_text"}, {"id", id}, {"field", "notes"}, {"pos", 0}, {"text", "検討内容の記録 " + std::to_string(i)}});
  }
}

/// Runs SQL on a file with a plain SQLite connection (as another program would), to damage
/// or disguise it on purpose. Throws std::runtime_error on failure.
inline void raw_sql(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path.string());
  }
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("raw_sql: " + msg);
}

}  // namespace renkei::test
