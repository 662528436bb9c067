// The meeting's item types and their fields: what an operation may create or change.
// Every remote operation is checked against this table before it has any effect.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::core {

/// How a field is stored and what values it accepts.
///  - string:   LWW register, any UTF-8 string
///  - date:     LWW register, "" or ISO 8601 "YYYY-MM-DD"
///  - time:     LWW register, "" or "HH:MM" (24 h)
///  - integer:  LWW register, integer ≥ min_value
///  - boolean:  LWW register
///  - enumeration: LWW register, one of `values`
///  - reference: LWW register, "" or an item id ("peerhex:counter")
///  - text:     a text CRDT (Sequence) edited with text_insert / text_delete
enum class FieldKind { string, date, time, integer, boolean, enumeration, reference, text };

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::string;
  std::vector<std::string> values;   ///< enumeration: allowed values
  long long min_value = 0;           ///< integer: smallest allowed value
};

/// An item type: its name in operations, the list it lives in, and its fields. Every type
/// also has the boolean field "deleted" (a tombstone that can be undone).
struct TypeSpec {
  std::string name;  ///< "attendee", "agenda_item", …
  std::string list;  ///< "attendees", "agenda", …; empty for the meeting singleton
  std::vector<FieldSpec> fields;

  [[nodiscard]] const FieldSpec* field(std::string_view name) const;
};

/// The meeting singleton's registers (kind, title, person_name, date, …; see meeting_state.hpp).
const TypeSpec& meeting_type();

/// The creatable item types, in display order.
const std::vector<TypeSpec>& item_types();

/// Looks up a creatable type by name; nullptr if unknown.
const TypeSpec* find_type(std::string_view name);

/// Looks up a type by its list name ("agenda" → agenda_item); nullptr if unknown.
const TypeSpec* find_type_by_list(std::string_view list);

/// Checks a register value against its field spec. Returns an error message naming the field,
/// or std::nullopt if the value is acceptable. Text fields accept no register value.
std::optional<std::string> check_value(const FieldSpec& spec, const nlohmann::json& value);

/// The default value of a register field ("" / 0 / false / first enum value).
nlohmann::json default_value(const FieldSpec& spec);

}  // namespace renkei::core
