// 出席者: the attendees with their connection state (a device links to its attendee through
// MeetingState::devices), absent members and the inquiry made of them (照会: date, content,
// reply), and the devices connected to this one — where the chair admits or refuses a device
// waiting after proving the join code.
#pragma once

#include "item_table_panel.hpp"

namespace renkei::gui {

/// The attendees tab.
class AttendeesPanel : public ItemTablePanel {
 public:
  /// An attendee list editing through `session`.
  AttendeesPanel(wxWindow* parent, LiveSession& session);
  /// The devices list as displayed, for --ui-dump.
  [[nodiscard]] nlohmann::json dump_devices() const;

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  void after_refresh() override;
  void update_buttons() override;

 private:
  [[nodiscard]] wxString connection_of(const core::MeetingState& state, const core::ItemId& attendee) const;

  ItemListCtrl* devices_ = nullptr;
  wxButton* admit_ = nullptr;
  wxButton* deny_ = nullptr;
};

/// The Japanese word for a connection state (接続済み, 接続中…, 切断, 承認待ち).
wxString peer_state_label(session::PeerStatus::State state);

}  // namespace renkei::gui
