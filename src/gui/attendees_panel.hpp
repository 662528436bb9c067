// 出席者: the attendees with what each may see (閲覧範囲: 専門職 or 一般, core/audience.hpp), their
// part in running the meeting (司会, 副司会, 記録) and their connection state (a device links to
// its attendee through MeetingState::devices), absent members and the inquiry made of them
// (照会: date, content, reply), and the devices connected to this one — where the chair admits
// a device waiting after proving the join code, choosing the audience of its attendee, or
// refuses it. The chair changes an attendee's audience here too (閲覧範囲を変更…).
#pragma once

#include "item_table_panel.hpp"

class wxStaticText;

namespace renkei::gui {

/// The attendees tab.
class AttendeesPanel : public ItemTablePanel {
 public:
  /// An attendee list editing through `session`.
  AttendeesPanel(wxWindow* parent, LiveSession& session);
  /// The devices list as displayed, for --ui-dump.
  [[nodiscard]] nlohmann::json dump_devices() const;
  /// The detail lines of the selected attendee as displayed (照会 in full), for --ui-dump.
  [[nodiscard]] std::string dump_detail() const;

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  void after_refresh() override;
  void update_buttons() override;
  void show_context_menu() override;

 private:
  /// Admits the selected waiting device, asking its attendee's audience first.
  void admit_selected();
  /// Asks the selected attendee's audience and sets it (chair only).
  void change_selected_audience();
  [[nodiscard]] wxString connection_of(const core::MeetingState& state, const core::ItemId& attendee) const;
  /// Shows the selected attendee's details below the list: the 照会 of an absent member in
  /// full (its column is far to the right, and one line only).
  void show_detail();

  wxStaticText* detail_ = nullptr;
  wxString detail_text_;  ///< the detail shown (unwrapped), and the width it is wrapped to
  int detail_width_ = 0;

  ItemListCtrl* devices_ = nullptr;
  wxButton* admit_ = nullptr;
  wxButton* deny_ = nullptr;
  wxButton* audience_ = nullptr;  ///< 閲覧範囲を変更… (the chair's)
};

/// Asks the chair which audience a device's attendee gets when admitted (専門職 or 一般,
/// general first: only what every attendee may see). `name` and `short_fingerprint` say who
/// asks. Returns "general" or "professional"; std::nullopt when the chair cancels.
std::optional<std::string> ask_admission_audience(wxWindow* parent, const wxString& name,
                                                  const wxString& short_fingerprint);

/// The Japanese word for a connection state (接続済み, 接続中…, 切断, 承認待ち).
wxString peer_state_label(session::PeerStatus::State state);

}  // namespace renkei::gui
