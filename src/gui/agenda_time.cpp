#include "agenda_time.hpp"

#include <algorithm>
#include <chrono>

#include "core/edit.hpp"

namespace renkei::gui {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t elapsed_seconds(const core::AgendaItem& item, std::int64_t now) {
  std::int64_t total = item.elapsed_sec;
  if (item.status == core::AgendaStatus::current)
    if (auto started = core::parse_utc(item.started_at)) total += std::max<std::int64_t>(0, (now - *started) / 1000);
  return total;
}

TimeboxUse timebox_use(const core::AgendaItem& item, std::int64_t elapsed) {
  if (item.timebox_min <= 0) return TimeboxUse::none;
  const std::int64_t box = std::int64_t{item.timebox_min} * 60;
  if (elapsed > box) return TimeboxUse::over;
  if (elapsed * 5 >= box * 4) return TimeboxUse::nearly;
  return TimeboxUse::within;
}

}  // namespace renkei::gui
