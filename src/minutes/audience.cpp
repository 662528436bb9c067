// for_audience(): the snapshot filtered to one audience (audience.hpp).
#include "minutes/audience.hpp"

#include <algorithm>
#include <set>

namespace renkei::minutes {
namespace {

/// Removes the items not visible to every attendee; keeps the order of the rest.
template <typename T>
void keep_shared(std::vector<T>& items) {
  std::erase_if(items, [](const T& item) { return item.partition != core::kAllAttendees; });
}

template <typename T>
std::set<core::ItemId> ids_of(const std::vector<T>& items) {
  std::set<core::ItemId> ids;
  for (const auto& item : items) ids.insert(item.id);
  return ids;
}

void clear_dangling(std::optional<core::ItemId>& ref, const std::set<core::ItemId>& present) {
  if (ref && !present.count(*ref)) ref.reset();
}

}  // namespace

std::optional<Audience> audience_from_string(std::string_view name) {
  if (name == "full") return Audience::full;
  if (name == "attendees") return Audience::attendees;
  return std::nullopt;
}

const char* to_string(Audience audience) {
  switch (audience) {
    case Audience::full: return "full";
    case Audience::attendees: return "attendees";
  }
  return "";
}

core::MeetingState for_audience(const core::MeetingState& state, Audience audience) {
  core::MeetingState s = state;
  if (audience == Audience::full) return s;
  keep_shared(s.attendees);
  keep_shared(s.agenda);
  keep_shared(s.roles);
  keep_shared(s.checklist);
  keep_shared(s.decisions);
  keep_shared(s.open_issues);
  keep_shared(s.relationships);
  const auto attendees = ids_of(s.attendees);
  const auto agenda = ids_of(s.agenda);
  for (auto& d : s.decisions) clear_dangling(d.agenda_item, agenda);
  for (auto& r : s.roles) clear_dangling(r.attendee, attendees);
  for (auto& r : s.relationships) clear_dangling(r.attendee, attendees);
  for (auto& d : s.devices) clear_dangling(d.attendee, attendees);
  return s;
}

}  // namespace renkei::minutes
