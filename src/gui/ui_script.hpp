// --ui-script FILE: a test drives the application's real windows from inside, with
// wxUIActionSimulator (XTest events: the same clicks, drags and key presses a person makes),
// finding widgets by their wx names. The file is a JSON array of steps, run one after another
// from a timer (so they also run while a modal dialog is up):
//
//   {"do":"wait_window","name":"decision_dialog"}   until a shown window has that name path
//   {"do":"wait_gone","name":"decision_dialog"}     until none has
//   {"do":"wait_file","path":"/tmp/x/go"}            until the file exists (the test says "now")
//   {"do":"wait_ui","pointer":"/follow","equals":false}  until the meeting window's --ui-dump
//                                                     value at that JSON pointer equals (or, with
//                                                     "contains", contains) the value
//   {"do":"click","name":"agenda_panel/add"}         click the middle of a window; "row": n
//                                                     clicks row n of a list; "double": true
//   {"do":"drag","name":"agenda","from_row":3,"to_row":1}   drag a list row onto another
//   {"do":"drag","name":"role_board","from":[x,y],"to":[x,y]}  drag between client points
//   {"do":"type","text":"Item A"}                    type into the focused window (ASCII as key
//                                                     presses; other text as an input method
//                                                     commits it, all at once)
//   {"do":"key","key":"ctrl+z"}                      one key with modifiers (ctrl, shift, alt)
//   {"do":"select","name":"decision_item","index":2} choose in a wxChoice / wxComboBox ("index"
//                                                     or "label"); in a wxCheckListBox tick the
//                                                     entry ("checked": false unticks it)
//   {"do":"menu","label":"司会を交代…"}               choose a menu bar item by its label, as a
//                                                     person does from the open menu: waits while
//                                                     it is greyed out; what it opens (a dialog)
//                                                     runs after this step, not inside it
//
// Name paths: "a/b" is a window named b inside one named a; windows are searched in the shown
// top-level windows, newest first (a dialog before the window under it). Every wait has a
// deadline ("timeout_ms", default 20000); a step that fails or times out stops the script with
// an error. Progress is reported by status() (put in --ui-dump as "script").
#pragma once

#include <wx/event.h>
#include <wx/timer.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

class wxUIActionSimulator;
class wxWindow;

namespace renkei::gui {

/// A running --ui-script.
class UiScript : public wxEvtHandler {
 public:
  /// Reads the steps; throws std::runtime_error when the file is not a JSON array of steps.
  /// `ui_state` returns the meeting window's --ui-dump contents (null when there is none);
  /// `on_progress` is called after every step (to write the dump).
  UiScript(const std::filesystem::path& file, std::function<nlohmann::json()> ui_state,
           std::function<void()> on_progress);
  ~UiScript() override;

  /// Starts running the steps.
  void start();
  /// {"step": index of the step running, "steps": count, "done": bool, "error": "…" or absent}.
  [[nodiscard]] nlohmann::json status() const;

  /// The shown window with this name path ("a/b"), or nullptr.
  static wxWindow* find(const std::string& path);

 private:
  using Clock = std::chrono::steady_clock;
  /// Runs one timer tick of the current step; true when the step is finished.
  bool run_step(const nlohmann::json& step);
  void tick();
  void fail(const std::string& message);
  bool waited_too_long(const nlohmann::json& step) const;
  wxPoint target_point(const nlohmann::json& step, const char* row_key, const char* point_key) const;

  nlohmann::json steps_;
  std::function<nlohmann::json()> ui_state_;
  std::function<void()> on_progress_;
  std::unique_ptr<wxUIActionSimulator> sim_;
  std::size_t index_ = 0;
  int phase_ = 0;  ///< progress within a step that takes several ticks (drag, type)
  long expected_length_ = -1;  ///< typing: the length the focused field reaches once the keys arrive
  Clock::time_point step_started_;
  std::string error_;
  bool done_ = false;
  wxTimer timer_;
};

}  // namespace renkei::gui
