#include "core/op.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace renkei::core {
namespace {

constexpr std::array<const char*, 6> kKindNames{"create", "set", "move", "text_insert", "text_delete", "redacted"};

OpId parse_id(const nlohmann::json& j, const char* field) {
  if (!j.is_string()) throw std::invalid_argument(std::string("op field '") + field + "' is not an id string");
  auto id = OpId::parse(j.get<std::string>());
  if (!id) throw std::invalid_argument(std::string("op field '") + field + "' is not an id");
  return *id;
}

OpId optional_id(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  return parse_id(*it, field);
}

template <typename T>
T required(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end()) throw std::invalid_argument(std::string("op has no field '") + field + "'");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("op field '") + field + "' has the wrong type");
  }
}

nlohmann::json id_or_null(const OpId& id) {
  return id.is_null() ? nlohmann::json(nullptr) : nlohmann::json(id.to_string());
}

}  // namespace

const char* to_string(OpKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::uint64_t Op::span() const {
  if (kind == OpKind::redacted) return redacted_span;
  if (kind != OpKind::text_insert) return 1;
  return text_length ? text_length : utf8_length(text);
}

bool Op::operator==(const Op& o) const {
  return partition == o.partition && id == o.id && prev == o.prev && lamport == o.lamport && deps == o.deps &&
         time_ms == o.time_ms && kind == o.kind && target == o.target && type == o.type && field == o.field &&
         value == o.value && origins == o.origins && text == o.text && spans == o.spans && auth == o.auth &&
         redacted_span == o.redacted_span;
}

bool can_extend(const Op& last, const Op& next) {
  return last.kind == OpKind::text_insert && next.kind == OpKind::text_insert && last.partition == next.partition &&
         last.id.peer == next.id.peer && next.id.counter == last.last_counter() + 1 &&
         next.prev == last.last_counter() && next.deps.empty() && !next.auth && !last.auth &&
         last.target == next.target && last.field == next.field &&
         next.origins.left == OpId{last.id.peer, last.last_counter()} && next.origins.right == last.origins.right;
}

void extend(Op& last, const Op& next) {
  const std::uint64_t length = last.span() + next.span();
  last.text += next.text;
  last.text_length = length;
  last.lamport = std::max(last.lamport, next.lamport);
  last.time_ms = next.time_ms;
}

Op slice(const Op& op, std::uint64_t from, std::uint64_t to) {
  const std::uint64_t skip = from - op.id.counter, length = to - from + 1;
  Op s = op;
  s.id.counter = from;
  if (skip > 0) {
    s.prev = from - 1;
    s.deps.clear();  // the earlier part's dependencies are satisfied where the earlier part is
  }
  if (op.kind == OpKind::redacted) {
    s.redacted_span = length;
    return s;
  }
  const std::u32string text = utf8_to_u32(op.text);
  s.text = u32_to_utf8(std::u32string_view(text).substr(skip, length));
  s.text_length = length;
  if (skip > 0) s.origins.left = {op.id.peer, from - 1};
  return s;
}

nlohmann::json op_to_json(const Op& op) {
  nlohmann::json j{{"part", op.partition},
                   {"id", op.id.to_string()},
                   {"prev", op.prev},
                   {"lamport", op.lamport},
                   {"time", op.time_ms},
                   {"kind", to_string(op.kind)}};
  if (!op.deps.empty()) {
    auto& deps = j["deps"] = nlohmann::json::array();
    for (const auto& d : op.deps) deps.push_back(d.to_string());
  }
  if (op.auth) j["auth"] = op.auth->to_json();
  switch (op.kind) {
    case OpKind::redacted:
      j["target"] = op.target.to_string();
      j["span"] = op.redacted_span;
      break;
    case OpKind::create:
      j["type"] = op.type;
      j["value"] = op.value;
      j["left"] = id_or_null(op.origins.left);
      j["right"] = id_or_null(op.origins.right);
      break;
    case OpKind::set:
      j["target"] = op.target.to_string();
      j["field"] = op.field;
      j["value"] = op.value;
      break;
    case OpKind::move:
      j["target"] = op.target.to_string();
      j["field"] = op.field;  // the list
      j["left"] = id_or_null(op.origins.left);
      j["right"] = id_or_null(op.origins.right);
      break;
    case OpKind::text_insert:
      j["target"] = op.target.to_string();
      j["field"] = op.field;
      j["left"] = id_or_null(op.origins.left);
      j["right"] = id_or_null(op.origins.right);
      j["text"] = op.text;
      break;
    case OpKind::text_delete: {
      j["target"] = op.target.to_string();
      j["field"] = op.field;
      auto& spans = j["spans"] = nlohmann::json::array();
      for (const auto& s : op.spans) spans.push_back({peer_to_hex(s.peer), s.counter, s.len});
      break;
    }
  }
  return j;
}

Op op_from_json(const nlohmann::json& j) {
  try {
    return op_from_json_unchecked(j);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("op: ") + e.what());
  }
}

Op op_from_json_unchecked(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("op is not a JSON object");
  Op op;
  op.partition = required<std::string>(j, "part");
  if (op.partition.empty()) throw std::invalid_argument("op field 'part' is empty");
  if (!j.contains("id")) throw std::invalid_argument("op has no field 'id'");
  op.id = parse_id(j.at("id"), "id");
  if (op.id.peer == 0 || op.id.counter == 0) throw std::invalid_argument("op field 'id' is reserved");
  op.prev = required<std::uint64_t>(j, "prev");
  if (op.prev >= op.id.counter) throw std::invalid_argument("op field 'prev' is not before its id");
  op.lamport = required<std::uint64_t>(j, "lamport");
  if (op.lamport == 0) throw std::invalid_argument("op field 'lamport' is zero");
  op.time_ms = j.value("time", std::int64_t{0});
  if (auto it = j.find("deps"); it != j.end()) {
    if (!it->is_array()) throw std::invalid_argument("op field 'deps' is not an array");
    for (const auto& d : *it) op.deps.push_back(parse_id(d, "deps"));
  }
  const auto kind = required<std::string>(j, "kind");
  bool known = false;
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kind == kKindNames[i]) {
      op.kind = static_cast<OpKind>(i);
      known = true;
    }
  if (!known) throw std::invalid_argument("op field 'kind' has unknown value '" + kind + "'");

  if (auto it = j.find("auth"); it != j.end()) op.auth = VersionVector::from_json(*it);
  switch (op.kind) {
    case OpKind::redacted:
      op.target = parse_id(required<nlohmann::json>(j, "target"), "target");
      op.redacted_span = required<std::uint64_t>(j, "span");
      if (op.redacted_span == 0) throw std::invalid_argument("op field 'span' is zero");
      break;
    case OpKind::create:
      op.type = required<std::string>(j, "type");
      op.value = j.value("value", nlohmann::json::object());
      if (!op.value.is_object()) throw std::invalid_argument("op field 'value' of a create is not an object");
      op.origins = {optional_id(j, "left"), optional_id(j, "right")};
      break;
    case OpKind::set:
      op.target = parse_id(required<nlohmann::json>(j, "target"), "target");
      op.field = required<std::string>(j, "field");
      if (!j.contains("value")) throw std::invalid_argument("op has no field 'value'");
      op.value = j.at("value");
      break;
    case OpKind::move:
      op.target = parse_id(required<nlohmann::json>(j, "target"), "target");
      op.field = required<std::string>(j, "field");
      op.origins = {optional_id(j, "left"), optional_id(j, "right")};
      break;
    case OpKind::text_insert:
      op.target = parse_id(required<nlohmann::json>(j, "target"), "target");
      op.field = required<std::string>(j, "field");
      op.origins = {optional_id(j, "left"), optional_id(j, "right")};
      op.text = required<std::string>(j, "text");
      if (op.text.empty()) throw std::invalid_argument("op field 'text' is empty");
      utf8_length(op.text);  // throws on invalid UTF-8
      break;
    case OpKind::text_delete: {
      op.target = parse_id(required<nlohmann::json>(j, "target"), "target");
      op.field = required<std::string>(j, "field");
      const auto spans = required<nlohmann::json>(j, "spans");
      if (!spans.is_array() || spans.empty()) throw std::invalid_argument("op field 'spans' is not a non-empty array");
      for (const auto& s : spans) {
        auto count = [](const nlohmann::json& v) { return v.is_number_integer() && v.get<long long>() >= 0; };
        if (!s.is_array() || s.size() != 3 || !s[0].is_string() || !count(s[1]) || !count(s[2]))
          throw std::invalid_argument("op field 'spans' has a malformed span");
        auto peer = peer_from_hex(s[0].get<std::string>());
        if (!peer) throw std::invalid_argument("op field 'spans' has a bad replica id");
        IdSpan span{*peer, s[1].get<std::uint64_t>(), s[2].get<std::uint64_t>()};
        if (span.len == 0 || span.counter == 0) throw std::invalid_argument("op field 'spans' has an empty span");
        op.spans.push_back(span);
      }
      break;
    }
  }
  if (op.kind != OpKind::create && op.target.is_null() && op.kind != OpKind::set)
    throw std::invalid_argument("op field 'target' is the meeting, which has no list or text");
  return op;
}

bool VersionVector::dominates(const VersionVector& other) const {
  for (const auto& [peer, counter] : other.clock_)
    if (get(peer) < counter) return false;
  return true;
}

void VersionVector::merge(const VersionVector& other) {
  for (const auto& [peer, counter] : other.clock_) advance(peer, counter);
}

std::uint64_t VersionVector::total() const {
  std::uint64_t sum = 0;
  for (const auto& [peer, counter] : clock_) sum += counter;
  return sum;
}

nlohmann::json VersionVector::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [peer, counter] : clock_) j[peer_to_hex(peer)] = counter;
  return j;
}

VersionVector VersionVector::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("version vector is not an object");
  VersionVector vv;
  for (const auto& [key, value] : j.items()) {
    auto peer = peer_from_hex(key);
    if (!peer || !value.is_number_unsigned())
      throw std::invalid_argument("version vector entry '" + key + "' is malformed");
    vv.set(*peer, value.get<std::uint64_t>());
  }
  return vv;
}

}  // namespace renkei::core
