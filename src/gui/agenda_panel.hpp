// 議題: the agenda with the current item highlighted, each item's timebox and elapsed time
// (ticking once a second from started_at / elapsed_sec), a colour warning when the timebox is
// nearly or over used, and the chair's controls: next / previous item, add, edit, remove,
// reorder.
#pragma once

#include <wx/timer.h>

#include <cstdint>
#include <functional>

#include "item_table_panel.hpp"

class wxButton;

namespace renkei::gui {

/// Seconds spent on an agenda item at `now_ms` (ms since the Unix epoch): its elapsed_sec plus,
/// while it is current, the time since started_at.
std::int64_t elapsed_seconds(const core::AgendaItem& item, std::int64_t now_ms);

/// How much of its timebox an item has used.
enum class TimeboxUse { none, within, nearly, over };
/// none when the item has no timebox; nearly from 80 %; over past 100 %.
TimeboxUse timebox_use(const core::AgendaItem& item, std::int64_t elapsed_sec);

/// The wall clock as the core stamps times: ms since the Unix epoch.
std::int64_t now_ms();

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

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  std::optional<std::size_t> insert_index() const override;
  void after_refresh() override;

 private:
  void tick();
  void show_menu();
  void notify_selection();

  std::function<void(const std::string&)> on_select_;
  wxButton* back_ = nullptr;
  wxButton* advance_ = nullptr;
  std::string current_id_;   ///< the current item at the last refresh
  std::string notified_id_;  ///< the selection last reported to on_select_
  wxTimer clock_;
};

}  // namespace renkei::gui
