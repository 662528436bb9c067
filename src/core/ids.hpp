// Identifiers shared by every layer: replica (actor) ids, operation ids, item ids.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::core {

/// A replica (actor) id: 64 random bits chosen when a replica file is created, written as 16
/// lower-case hex digits. One device identity (TLS certificate) may own several replicas, so
/// operation ids never collide when the same laptop opens two copies of a meeting.
/// 0 is reserved for "nobody" (the well-known meeting item, template defaults).
using PeerId = std::uint64_t;

/// Formats a PeerId as 16 lower-case hex digits.
std::string peer_to_hex(PeerId peer);

/// Parses 1–16 hex digits into a PeerId; std::nullopt if the text is not hex or too long.
std::optional<PeerId> peer_from_hex(std::string_view text);

/// The id of an operation, or of one element it inserted: (replica, counter).
/// Counters are per replica, start at 1 and grow by the operation's span (a text insertion of
/// n code points takes n consecutive counters, one id per code point, as in diamond-types).
/// Ordered lexicographically by (peer, counter); this order is only used for maps and tie-breaks.
struct OpId {
  PeerId peer = 0;
  std::uint64_t counter = 0;

  auto operator<=>(const OpId&) const = default;
  bool operator==(const OpId&) const = default;

  /// True for the reserved id (0, 0), used as "none" / "the meeting itself".
  [[nodiscard]] bool is_null() const { return peer == 0 && counter == 0; }

  /// "peerhex:counter", e.g. "00a1b2c3d4e5f607:42". Stable across versions: used on the wire,
  /// in replica files and in the CLI.
  [[nodiscard]] std::string to_string() const;

  /// Parses the form produced by to_string(); std::nullopt on any other text.
  static std::optional<OpId> parse(std::string_view text);
};

/// Items (attendees, agenda items, roles, …) are identified by the id of the operation that
/// created them.
using ItemId = OpId;

/// The well-known id of the meeting item itself (its registers: title, date, place, …).
inline constexpr ItemId kMeetingItem{0, 0};

struct OpIdHash {
  std::size_t operator()(const OpId& id) const noexcept {
    return std::hash<std::uint64_t>{}(id.peer * 0x9E3779B97F4A7C15ULL ^ id.counter);
  }
};

}  // namespace renkei::core
