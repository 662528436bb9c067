// Test fixtures of the minutes layer: meetings about Aさん (青木 明), after the example in seed
// 003_543ce78980a4fde5.txt (グループホーム入居2か月, 就労継続支援B型, 休日の行動援護).
#pragma once

#include <filesystem>
#include <string>

#include "core/meeting_state.hpp"
#include "minutes/minutes.hpp"

namespace renkei::minutes::test {

/// The golden サービス担当者会議: Japanese text throughout, an absent member with an answered
/// inquiry and one still unanswered, multi-line notes, a "|" and a "<script>" in notes and
/// replies, the mother (続柄 母) attending, a consent given by a proxy, a deferred decision.
core::MeetingState a_san_service_coordination();

/// The same meeting with very long notes (several pages); the last note ends with
/// kLastSentence.
core::MeetingState a_san_long_notes();
inline constexpr const char* kLastSentence = "以上をもって本日の検討を終え、次回は本人の誕生日の前に開催することを確認した。";

/// A 個別支援会議 for Aさん with 長期目標 and 短期目標.
core::MeetingState a_san_individual_support();

/// Options rendering from the repository's templates/minutes with a fixed 作成年月日 fallback.
RenderOptions fixture_options();

/// A fresh empty folder under the system temp folder, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path_;
};

/// The whole content of a file (binary).
std::string read_file(const std::filesystem::path& path);

}  // namespace renkei::minutes::test
