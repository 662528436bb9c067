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
/// replies, the mother (続柄 母) attending, a consent given by a proxy, a deferred decision, and
/// three エコマップ relationships (母, the deceased 父, 公民館の料理教室 with a "|" in its note).
core::MeetingState a_san_service_coordination();

/// The same meeting with very long notes (several pages); the last note ends with
/// kLastSentence.
core::MeetingState a_san_long_notes();
inline constexpr const char* kLastSentence = "以上をもって本日の検討を終え、次回は本人の誕生日の前に開催することを確認した。";

/// A 個別支援会議 for Aさん with 長期目標 and 短期目標.
core::MeetingState a_san_individual_support();

/// The A-san エコマップ (seed 002 legend): the person Aさん; family 母 (an attendee; female,
/// strong, both) and 父 (male, deceased); formal resources グループホームさくら (strong, →; two
/// roles on the board), 就労継続支援B型 みどり工房 (strong, →), 行動援護事業所 あゆみ (weak, →)
/// and the 相談支援専門員 (role board only, キーマン); informal ones 町内会 清掃ボランティア (weak,
/// →) and 以前の友人 (stressful, ↔).
core::MeetingState a_san_ecomap();

/// A meeting with items in partition "all" and the same kinds of items in partition "pro"
/// (professionals) and "n:kasumi" (one named person), each restricted item holding a marker from
/// kRestrictedMarkers in its visible text, and shared items referring to restricted ones (a
/// decision on a restricted agenda item, a role and a relationship naming a restricted attendee).
core::MeetingState audience_fixture();
/// Markers found only in restricted items (Japanese, so that no line breaking can split them
/// with a hyphen in the PDF).
inline constexpr const char* kRestrictedMarkers[] = {
    "専門職限定出席者", "専門職限定照会", "専門職限定議題", "専門職限定検討", "専門職限定結論",
    "専門職限定役割", "専門職限定確認", "専門職限定決定", "専門職限定課題", "専門職限定関係",
    "指名限定出席者", "指名限定議題", "指名限定関係", "指名限定決定"};
/// Markers of shared items (partition "all"), present in every audience's minutes.
inline constexpr const char* kSharedMarkers[] = {"全員共有議題", "全員共有検討", "全員共有役割", "全員共有決定",
                                                 "全員共有課題", "全員共有関係", "全員共有確認"};

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
