#include "core/audience.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/document.hpp"

namespace renkei::core {
namespace {

constexpr const char* kNamedPrefix = "n:";

std::string str(const Item& item, const char* field) {
  static const nlohmann::json kEmpty = "";
  const auto& v = item.get(field, kEmpty);
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<ItemId> named_members(const std::string& partition) {
  std::vector<ItemId> ids;
  if (partition.rfind(kNamedPrefix, 0) != 0) return ids;
  std::size_t start = 2;
  while (start <= partition.size()) {
    const auto end = partition.find('+', start);
    auto id = OpId::parse(partition.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (!id) return {};
    ids.push_back(*id);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return ids;
}

}  // namespace

std::string partition_for_visibility(const nlohmann::json& v) {
  if (v.is_string() && v.get<std::string>() == "all") return kAllAttendees;
  if (v.is_string() && v.get<std::string>() == "professionals") return kProfessionals;
  if (v.is_array() && !v.empty()) {
    std::vector<ItemId> ids;
    for (const auto& e : v) {
      auto id = e.is_string() ? OpId::parse(e.get<std::string>()) : std::nullopt;
      if (!id || id->is_null()) throw std::invalid_argument("visibility: '" + e.dump() + "' is not an attendee id");
      ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string name = kNamedPrefix;
    for (std::size_t i = 0; i < ids.size(); ++i) name += (i ? "+" : "") + ids[i].to_string();
    return name;
  }
  throw std::invalid_argument("visibility must be \"all\", \"professionals\" or a list of attendee ids");
}

nlohmann::json visibility_of_partition(const std::string& partition) {
  if (partition == kAllAttendees) return "all";
  if (partition == kProfessionals) return "professionals";
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& id : named_members(partition)) ids.push_back(id.to_string());
  return ids;
}

bool is_partition_name(const std::string& p) {
  return p == kAllAttendees || p == kProfessionals || !named_members(p).empty();
}

AudiencePolicy::AudiencePolicy(const Document& doc) {
  const Item& meeting = *doc.item(kMeetingItem);
  chair_ = OpId::parse(str(meeting, "chair"));
  if (chair_) chair_ = doc.resolve(*chair_);
  // The key holds what may_see() depends on, ids resolved (an attendee whose details moved to
  // another audience has a new id: who sees what changes with it).
  key_ = "chair=" + (chair_ ? chair_->to_string() : std::string()) + ";";
  for (const ItemId& id : doc.list_items("attendees", Document::Copies::held)) {
    const Item& a = *doc.item(id);
    const std::string explicit_audience = str(a, "audience");
    const std::string relation = str(a, "relation");
    const bool professional = explicit_audience.empty() ? (relation.empty() || relation == "professional")
                                                        : explicit_audience == "professional";
    audience_[id] = professional ? Audience::professional : Audience::general;
    key_ += id.to_string() + (professional ? "P;" : "G;");
  }
  for (const ItemId& id : doc.list_items("devices", Document::Copies::held)) {
    const Item& d = *doc.item(id);
    auto attendee = OpId::parse(str(d, "attendee"));
    if (attendee) attendee = doc.resolve(*attendee);
    device_[str(d, "fingerprint")] = attendee;
    if (auto replica = peer_from_hex(str(d, "replica"))) replica_[*replica] = attendee;
    key_ += str(d, "fingerprint") + "=" + (attendee ? attendee->to_string() : std::string()) + ";";
  }
}

bool AudiencePolicy::may_see(const std::optional<ItemId>& attendee, const std::string& partition) const {
  if (partition == kAllAttendees) return true;
  if (!attendee) return false;
  if (chair_ && *attendee == *chair_) return true;
  if (partition == kProfessionals) {
    auto it = audience_.find(*attendee);
    return it != audience_.end() && it->second == Audience::professional;
  }
  const auto members = named_members(partition);
  return std::find(members.begin(), members.end(), *attendee) != members.end();
}

std::optional<ItemId> AudiencePolicy::attendee_of_device(const std::string& fingerprint) const {
  auto it = device_.find(fingerprint);
  return it == device_.end() ? std::nullopt : it->second;
}

std::optional<ItemId> AudiencePolicy::attendee_of_replica(PeerId replica) const {
  auto it = replica_.find(replica);
  return it == replica_.end() ? std::nullopt : it->second;
}

bool AudiencePolicy::device_may_see(const std::string& fingerprint, const std::string& partition) const {
  if (partition == kAllAttendees) return device_.count(fingerprint) > 0;
  return may_see(attendee_of_device(fingerprint), partition);
}

}  // namespace renkei::core
