// Presentation mode: one shared screen for a meeting in a person's home or a small room where
// not everyone has a laptop — full screen, large type scaled from the screen: the current
// item's title and hint, its timer with the timebox warning, and the decisions so far with the
// person's consent. Esc or F5 leaves; the chair moves through the agenda with → / ← (or a
// presenter's remote: Page Down / Page Up).
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"

namespace renkei::gui {

/// The full-screen presentation window: one screen everyone in the room sees, so it shows only
/// what every attendee may see (items of partition "all"; a restricted current item is named as
/// such, not shown).
class PresentationFrame : public wxFrame {
 public:
  /// Called when the person asks to move the agenda (+1 next, -1 previous); empty: not offered.
  using Move = std::function<void(int)>;
  /// A presentation of `state`, on the display `near` is on.
  PresentationFrame(wxWindow* near, std::shared_ptr<const core::MeetingState> state, Move move);
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// What is shown, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;
  /// Called (later, on the GUI thread) when what a paint drew differs from the paint before.
  void on_painted(std::function<void()> handler) { on_painted_ = std::move(handler); }

 private:
  void paint(wxDC& dc);
  void on_key(wxKeyEvent& event);
  [[nodiscard]] wxFont font(int pixels, bool bold = false) const;

  std::shared_ptr<const core::MeetingState> state_;  ///< what every attendee may see (minutes::for_audience)
  bool restricted_current_ = false;                  ///< the current item is not for everyone in the room
  Move move_;
  std::function<void()> on_painted_;
  std::vector<std::string> painted_decisions_;  ///< the decisions drawn by the last paint, top to bottom
  int painted_more_ = 0;                        ///< those left out ("ほか n 件")
  wxWindow* canvas_ = nullptr;
  wxTimer clock_;
};

}  // namespace renkei::gui
