#include "core/ids.hpp"

#include <charconv>
#include <cstdio>

namespace renkei::core {

std::string peer_to_hex(PeerId peer) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(peer));
  return buf;
}

std::optional<PeerId> peer_from_hex(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  PeerId value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string OpId::to_string() const {
  return peer_to_hex(peer) + ":" + std::to_string(counter);
}

std::optional<OpId> OpId::parse(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto peer = peer_from_hex(text.substr(0, colon));
  if (!peer) return std::nullopt;
  auto rest = text.substr(colon + 1);
  if (rest.empty()) return std::nullopt;
  std::uint64_t counter = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), counter, 10);
  if (ec != std::errc() || end != rest.data() + rest.size()) return std::nullopt;
  return OpId{*peer, counter};
}

}  // namespace renkei::core
