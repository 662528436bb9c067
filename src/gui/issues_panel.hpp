// 残された課題: open issues with who follows them up and by when, and whether they carry over
// to the next meeting; with the meeting's 次回開催時期.
#pragma once

#include "item_table_panel.hpp"

class wxButton;
class wxStaticText;

namespace renkei::gui {

/// The open-issues tab.
class IssuesPanel : public ItemTablePanel {
 public:
  /// An open-issue list editing through `session`.
  IssuesPanel(wxWindow* parent, LiveSession& session);

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  void after_refresh() override;

 private:
  void edit_next_meeting();

  wxStaticText* next_meeting_ = nullptr;
  wxStaticText* mine_ = nullptr;  ///< how many are this person's
  wxButton* change_ = nullptr;    ///< changes 次回開催時期 (chair or recorder)
};

}  // namespace renkei::gui
