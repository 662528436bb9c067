// The current agenda item's timer: its title, time spent against its timebox and what is left,
// over a bar that fills as the time is used — blue, amber from 80 % (残りわずか), red past the
// timebox (時間超過). The words say it as well as the colour. Drawn by draw_timer(), which
// presentation mode uses at a larger scale.
#pragma once

#include <wx/timer.h>
#include <wx/window.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "agenda_time.hpp"

class wxDC;

namespace renkei::gui {

/// What a timer shows.
struct TimerView {
  wxString title;            ///< "3. 本人・家族の意向の確認", or what to say when none is current
  std::int64_t elapsed = 0;  ///< seconds
  int timebox_min = 0;       ///< 0: no timebox
  TimeboxUse use = TimeboxUse::none;
  bool running = false;      ///< an item is current
};

/// The timer of the current item of `state` at `now` (ms since the epoch).
TimerView timer_view(const core::MeetingState& state, std::int64_t now);

/// "経過 3:12 ／ 5:00" (or "経過 3:12" without a timebox).
wxString timer_elapsed_text(const TimerView& view);
/// "残り 1:48", "残りわずか 0:48", "時間超過 +1:02", or "" without a timebox.
wxString timer_left_text(const TimerView& view);
/// The colour of the bar and warning text for `use`.
wxColour timer_colour(TimeboxUse use);

/// Draws `view` in `rect`: the title and times on one line, the bar below it. `font` is the
/// base font (the title is drawn bold).
void draw_timer(wxDC& dc, const wxRect& rect, const TimerView& view, const wxFont& font);

/// The timer strip above the agenda.
class TimerBar : public wxWindow {
 public:
  /// An empty timer; call update().
  explicit TimerBar(wxWindow* parent);
  /// Shows the current item of `state` (ticks once a second by itself).
  void update(std::shared_ptr<const core::MeetingState> state);
  /// Called when the current item's use moves up to nearly or over (once per item and level),
  /// and once with use none when the item warned about stops being current (clear the warning).
  void on_warning(std::function<void(const TimerView&)> handler) { on_warning_ = std::move(handler); }
  /// What is shown, for --ui-dump.
  [[nodiscard]] const TimerView& view() const { return view_; }

  wxSize DoGetBestClientSize() const override;

 private:
  void tick();

  std::shared_ptr<const core::MeetingState> state_;
  TimerView view_;
  std::string warned_item_;  ///< the item the last warning was about
  TimeboxUse warned_ = TimeboxUse::none;
  bool warning_shown_ = false;  ///< on_warning_ was told of warned_item_
  std::function<void(const TimerView&)> on_warning_;
  wxTimer clock_;
};

}  // namespace renkei::gui
