// 検討内容 / 結論 of one agenda item (the current one, or the one selected in the agenda): a
// heading with its timebox and elapsed time, and the two shared text fields.
#pragma once

#include <wx/panel.h>
#include <wx/timer.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

#include "core/meeting_state.hpp"
#include "live_session.hpp"
#include "shared_text_ctrl.hpp"

class wxStaticText;

namespace renkei::gui {

/// The notes and conclusion of the agenda item chosen with show_item().
class NotesPanel : public wxPanel {
 public:
  /// Notes editing through `session`.
  NotesPanel(wxWindow* parent, LiveSession& session);
  /// Shows agenda item `id` ("" for none).
  void show_item(const std::string& id);
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// The text size changed: wrap the hint again.
  void fonts_changed();
  /// Sends typing not yet sent.
  void flush();
  /// The text selected in 検討内容 or 結論 (whichever has a selection), "" when none.
  [[nodiscard]] std::string selected_text() const;
  /// Called when others' typing has been applied to the texts shown.
  void on_updated(std::function<void()> handler);
  /// Called when the person asks to record a decision from this discussion.
  void on_record_decision(std::function<void()> handler) { on_record_decision_ = std::move(handler); }
  /// What is displayed (heading and both texts, read from the widgets), for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;

 private:
  void update_heading();
  void update_hint();
  [[nodiscard]] const core::AgendaItem* item() const;

  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  std::string item_id_;
  wxStaticText* title_ = nullptr;
  wxStaticText* details_ = nullptr;
  wxStaticText* hint_ = nullptr;
  wxString hint_text_;  ///< the hint shown, and the width it is wrapped to
  int hint_width_ = 0;
  SharedTextCtrl* notes_ = nullptr;
  SharedTextCtrl* conclusion_ = nullptr;
  std::function<void()> on_record_decision_;
  wxTimer clock_;
};

}  // namespace renkei::gui
