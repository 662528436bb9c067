// Audiences (DESIGN.md, Privacy; seed 002_9a93a877bd45b4c1.txt STEP ③ 適切な情報共有 and the
// privacy of 被保護者): who may see what. A meeting is a small set of partitions, one per
// audience; an item lives in one partition, and a peer receives only the partitions its
// attendee may see — the filter sits before the wire.
//
// Partitions:
//   "all"              everyone admitted to the meeting (本人, family, 民生委員, neighbours, …)
//   "pro"              professionals bound by confidentiality (守秘義務のある専門職)
//   "n:<id>+<id>+…"    the named attendees only (ids sorted; ids are not personal data)
// The chair (司会) sees every partition: the chair runs the meeting and writes the record.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace renkei::core {

class Document;

/// The partition of professionals bound by confidentiality.
inline constexpr const char* kProfessionals = "pro";

/// An attendee's audience (attendee field "audience"): whether they are a professional bound
/// by confidentiality. Unset, it follows the attendee's relation (professional → yes).
enum class Audience { professional, general };

/// The partition for a visibility given in an edit: "all", "professionals", or a non-empty
/// array of attendee ids. Throws std::invalid_argument with a message naming the problem.
std::string partition_for_visibility(const nlohmann::json& visibility);

/// The visibility an edit would give for `partition` ("all", "professionals" or [ids]).
nlohmann::json visibility_of_partition(const std::string& partition);

/// True if `partition` is a well-formed partition name.
bool is_partition_name(const std::string& partition);

/// Who may see which partition, as the document says now: attendees' audiences, the chair,
/// and which attendee each admitted device belongs to. Built on demand from a Document; cheap.
class AudiencePolicy {
 public:
  explicit AudiencePolicy(const Document& doc);

  /// May this attendee see the partition? (No attendee: only "all".)
  [[nodiscard]] bool may_see(const std::optional<ItemId>& attendee, const std::string& partition) const;
  /// The attendee a device (fingerprint, 64 hex) belongs to, if it is admitted and bound.
  [[nodiscard]] std::optional<ItemId> attendee_of_device(const std::string& fingerprint) const;
  /// The attendee a replica writes for (via its device), if any.
  [[nodiscard]] std::optional<ItemId> attendee_of_replica(PeerId replica) const;
  /// May the device see the partition?
  [[nodiscard]] bool device_may_see(const std::string& fingerprint, const std::string& partition) const;
  /// A string that changes whenever an answer of this policy may change (for caching).
  [[nodiscard]] const std::string& key() const { return key_; }

 private:
  std::optional<ItemId> chair_;
  std::map<ItemId, Audience> audience_;                 // attendee → audience
  std::map<std::string, std::optional<ItemId>> device_;  // fingerprint → attendee
  std::map<PeerId, std::optional<ItemId>> replica_;      // replica → attendee
  std::string key_;
};

}  // namespace renkei::core
