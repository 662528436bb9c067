// 決定事項: the decision log — each decision, the agenda item it belongs to, its status
// (提案/合意/保留/取り下げ), and the consent (同意/不同意/未確認) of the person (本人) or a named
// proxy (代理人), with dissent or conditions.
#pragma once

#include "item_table_panel.hpp"

namespace renkei::gui {

/// The decision log tab.
class DecisionsPanel : public ItemTablePanel {
 public:
  /// A decision log editing through `session`.
  DecisionsPanel(wxWindow* parent, LiveSession& session);
  /// Records a decision from the current discussion: the decision dialog, its text taken from
  /// `selection` (selected in the notes) or the current item's 結論, its item the current one.
  void record_from_discussion(const std::string& selection);

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  std::optional<nlohmann::json> ask_fields(const std::string& id) override;

 private:
  std::string prefill_;  ///< text for the next new decision
};

}  // namespace renkei::gui
