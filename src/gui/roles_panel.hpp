// 役割分担: the role board — who does what, formal or informal resource, what each member can
// and cannot do (seed 002 STEP ②), and the キーマン (seed 000).
#pragma once

#include "item_table_panel.hpp"

namespace renkei::gui {

/// The role board tab.
class RolesPanel : public ItemTablePanel {
 public:
  /// A role board editing through `session`.
  RolesPanel(wxWindow* parent, LiveSession& session);

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
};

}  // namespace renkei::gui
