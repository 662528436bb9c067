// 議題: the agenda with the current item highlighted, each item's timebox and elapsed time
// (ticking once a second from started_at / elapsed_sec), a colour warning when the timebox is
// nearly or over used, the timer of the current item, and the chair's controls: next /
// previous item, add, edit, remove, reorder (buttons or drag). The selection follows the
// current item ("議題を追う") until the person looks elsewhere; pressing the toggle again, or
// moving the agenda themselves, follows it again.
#pragma once

#include <wx/timer.h>

#include <cstdint>
#include <functional>

#include "agenda_time.hpp"
#include "item_table_panel.hpp"
#include "timer_bar.hpp"

class wxButton;
class wxToggleButton;

namespace renkei::gui {

/// The agenda list.
class AgendaPanel : public ItemTablePanel {
 public:
  /// An agenda editing through `session`.
  AgendaPanel(wxWindow* parent, LiveSession& session);
  /// Called with the selected item's id ("" when none) whenever the selection changes.
  void on_select(std::function<void(const std::string&)> handler) { on_select_ = std::move(handler); }
  /// The selected item's id.
  [[nodiscard]] std::string selected_id() const { return list_->selected_id(); }

  /// Closes the current item and makes the next pending one current (starts the meeting when
  /// none is current).
  void advance();
  /// Goes back to the previous item.
  void back();
  /// Closes the current item without starting another.
  void finish();
  /// Makes item `id` the current one.
  void make_current(const std::string& id);

  /// Called when following is switched on or off.
  void on_follow(std::function<void(bool)> handler) { on_follow_ = std::move(handler); }
  /// Whether the selection follows the current item.
  [[nodiscard]] bool following() const { return following_; }
  /// Follows the current item (selecting it now) or stops following.
  void set_following(bool follow);
  /// The timer strip (for presentation and warnings).
  [[nodiscard]] TimerBar* timer() const { return timer_; }
  /// The 議題を追う button's label and its width against the width its label needs, for --ui-dump.
  [[nodiscard]] nlohmann::json dump_follow() const;

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  bool may_edit(const core::MeetingState& state) const override;
  std::optional<std::size_t> insert_index() const override;
  void after_refresh() override;
  void show_context_menu() override;

 private:
  void tick();
  void notify_selection();
  void select_programmatically(const std::string& id);

  std::function<void(const std::string&)> on_select_;
  std::function<void(bool)> on_follow_;
  TimerBar* timer_ = nullptr;
  wxButton* back_ = nullptr;
  wxButton* advance_ = nullptr;
  wxToggleButton* follow_ = nullptr;
  bool following_ = true;
  bool selecting_ = false;   ///< the selection is being changed by this panel, not the person
  std::string current_id_;   ///< the current item at the last refresh
  std::string notified_id_;  ///< the selection last reported to on_select_
  wxTimer clock_;
};

}  // namespace renkei::gui
