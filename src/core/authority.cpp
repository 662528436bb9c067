#include "core/authority.hpp"

#include <set>
#include <tuple>

#include "core/document.hpp"

namespace renkei::core {
namespace {

const std::set<std::string> kAgendaFlowFields{"status", "started_at", "elapsed_sec"};

std::string type_of(const Op& op, const Item* target) {
  if (op.kind == OpKind::create) return op.type;
  if (op.target == kMeetingItem) return "meeting";
  return target ? target->type : std::string();
}

}  // namespace

std::string requirement_text(Requirement r) {
  switch (r) {
    case Requirement::anyone: return "anyone may";
    case Requirement::chair: return "only the chair may do this";
    case Requirement::chair_or_recorder: return "only the chair or the recorder may do this";
    case Requirement::chair_or_vice_takeover: return "only the chair may hand the chair over (or the vice-chair take it)";
    case Requirement::chair_or_device_owner: return "only the chair or the device itself may change a device's address";
  }
  return "";
}

Requirement requirement_of(const Op& op, const Item* target) {
  const std::string type = type_of(op, target);
  switch (op.kind) {
    case OpKind::text_insert:
    case OpKind::text_delete:
    case OpKind::redacted:
      return Requirement::anyone;
    case OpKind::move:
      return op.field == "agenda" ? Requirement::chair_or_recorder
             : op.field == "devices" ? Requirement::chair
             : op.field == "relationships" ? Requirement::chair_or_recorder
                                           : Requirement::anyone;
    case OpKind::create:
      if (type == "device") return Requirement::chair;
      if (type == "agenda_item" || type == "relationship") return Requirement::chair_or_recorder;
      if (type == "decision" && op.value.value("status", std::string()) == "agreed") return Requirement::chair;
      if (type == "attendee" && op.value.contains("audience")) return Requirement::chair;
      return Requirement::anyone;
    case OpKind::set:
      if (op.field == "moved_to") return Requirement::chair;  // a change of visibility
      if (type == "meeting") {
        if (op.field == "chair") return Requirement::chair_or_vice_takeover;
        if (op.field == "vice_chair" || op.field == "recorder") return Requirement::chair;
        return Requirement::chair_or_recorder;
      }
      if (type == "device") return op.field == "address" ? Requirement::chair_or_device_owner : Requirement::chair;
      if (type == "attendee" && op.field == "audience") return Requirement::chair;
      if (type == "agenda_item")
        return kAgendaFlowFields.count(op.field) ? Requirement::chair : Requirement::chair_or_recorder;
      if (type == "relationship") return Requirement::chair_or_recorder;
      if (type == "decision" && op.field == "status" && op.value == "agreed") return Requirement::chair;
      return Requirement::anyone;
  }
  return Requirement::anyone;
}

void AuthorityHistory::record(const Op& op, const std::string& target_type) {
  auto add = [&](const std::string& key, const nlohmann::json& value) {
    writes_.push_back({op.id, op.lamport, key, value});
  };
  if (op.kind == OpKind::set && op.target == kMeetingItem &&
      (op.field == "chair" || op.field == "vice_chair" || op.field == "recorder"))
    add("meeting." + op.field, op.value);
  if (target_type != "device") return;
  const std::string device = op.kind == OpKind::create ? op.id.to_string() : op.target.to_string();
  if (op.kind == OpKind::create) {
    for (const char* f : {"replica", "attendee", "deleted"})
      if (op.value.contains(f)) add("device:" + device + "." + f, op.value[f]);
  } else if (op.kind == OpKind::set && (op.field == "replica" || op.field == "attendee" || op.field == "deleted")) {
    add("device:" + device + "." + op.field, op.value);
  }
}

std::optional<nlohmann::json> AuthorityHistory::value_as_of(const std::string& key, const VersionVector* vv) const {
  const Write* best = nullptr;
  for (const auto& w : writes_) {
    if (w.key != key || (vv && !vv->includes(w.id))) continue;
    if (!best || std::tie(best->lamport, best->id.peer) < std::tie(w.lamport, w.id.peer)) best = &w;
  }
  if (!best) return std::nullopt;
  return best->value;
}

std::string AuthorityHistory::judge(const Op& op, Requirement requirement) const {
  if (requirement == Requirement::anyone) return {};
  if (!op.auth) return "a sensitive operation must carry its author's view of the roles (auth)";
  return judge_as_of(op, requirement, *op.auth);
}

std::string AuthorityHistory::judge_as_of(const Op& op, Requirement requirement, const VersionVector& seen) const {
  if (requirement == Requirement::anyone) return {};
  if (!op.auth) return "a sensitive operation must carry its author's view of the roles (auth)";
  const VersionVector* vv = &seen;
  auto attendee = [&](const char* role) -> std::string {
    auto v = value_as_of(std::string("meeting.") + role, vv);
    return v && v->is_string() ? v->get<std::string>() : std::string();
  };
  const std::string chair = attendee("chair");
  if (chair.empty()) return {};  // nobody chairs yet: the meeting is being set up
  // Which attendees does the author's replica write for? (its devices, as of auth)
  std::set<std::string> authors;
  const std::string replica = peer_to_hex(op.id.peer);
  std::set<std::string> devices;
  for (const auto& w : writes_)
    if (w.key.rfind("device:", 0) == 0) devices.insert(w.key.substr(7, w.key.find('.', 7) - 7));
  for (const auto& d : devices) {
    auto r = value_as_of("device:" + d + ".replica", vv);
    auto gone = value_as_of("device:" + d + ".deleted", vv);
    if (!r || *r != replica || (gone && *gone == true)) continue;
    if (auto a = value_as_of("device:" + d + ".attendee", vv); a && a->is_string()) authors.insert(a->get<std::string>());
  }
  if (authors.count(chair)) return {};
  switch (requirement) {
    case Requirement::chair_or_recorder: {
      const std::string recorder = attendee("recorder");
      if (!recorder.empty() && authors.count(recorder)) return {};
      break;
    }
    case Requirement::chair_or_device_owner: {
      auto owner = value_as_of("device:" + op.target.to_string() + ".replica", vv);
      if (owner && *owner == replica) return {};
      break;
    }
    case Requirement::chair_or_vice_takeover: {
      const std::string vice = attendee("vice_chair");
      // The vice-chair may take the chair, for themselves only.
      if (!vice.empty() && authors.count(vice) && op.value.is_string() && op.value.get<std::string>() == vice) return {};
      break;
    }
    default:
      break;
  }
  return requirement_text(requirement);
}

}  // namespace renkei::core
