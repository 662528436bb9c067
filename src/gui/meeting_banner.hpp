// The band across the top of the meeting window: the meeting (kind, person, date, place,
// session number) with a button to edit its header fields, and — prominently, for the chair —
// the join code and address participants type.
#pragma once

#include <wx/panel.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/meeting_state.hpp"
#include "live_session.hpp"

class wxStaticText;
class wxButton;

namespace renkei::gui {

/// The meeting window's header band.
class MeetingBanner : public wxPanel {
 public:
  /// A banner for `session`.
  MeetingBanner(wxWindow* parent, LiveSession& session);
  /// Shows a new snapshot and the session's connection details.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// The addresses the chair's laptop can be reached at (from the "hosting" event).
  void set_addresses(const nlohmann::json& addresses);
  /// A participant's link to the meeting: connected, or reconnecting by itself.
  void set_connected(bool connected);
  /// Opens the meeting header dialog (会議情報).
  void edit_meeting();
  /// What is displayed, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;

 private:
  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  nlohmann::json addresses_ = nlohmann::json::array();
  bool connected_ = true;
  wxStaticText* title_ = nullptr;
  wxStaticText* subtitle_ = nullptr;
  wxStaticText* code_caption_ = nullptr;
  wxStaticText* code_ = nullptr;
  wxStaticText* address_ = nullptr;
  wxStaticText* device_ = nullptr;
  wxButton* edit_ = nullptr;
};

}  // namespace renkei::gui
