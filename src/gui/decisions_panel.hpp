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

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
};

}  // namespace renkei::gui
