// The 役割分担 tab: the role board (cards in columns, role_board.hpp) or the same roles as a
// table (roles_panel.hpp, for keyboard work and long texts), with add / edit / remove, and
// "あなたの担当だけ" to see only this person's own roles.
#pragma once

#include <wx/panel.h>

#include <nlohmann/json.hpp>

#include <memory>

#include "core/meeting_state.hpp"
#include "live_session.hpp"

class wxButton;
class wxCheckBox;
class wxSimplebook;
class wxStaticText;
class wxToggleButton;

namespace renkei::gui {

class RoleBoardCanvas;
class RolesPanel;

/// The role board tab.
class RolesTab : public wxPanel {
 public:
  /// The tab for `session`.
  RolesTab(wxWindow* parent, LiveSession& session);
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// The text size changed: wrap the legend again.
  void fonts_changed();
  /// The table rows as displayed, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;
  /// The board's columns and cards as displayed, for --ui-dump.
  [[nodiscard]] nlohmann::json dump_board() const;
  /// Asks who may see the selected role (card or table row) and moves it to that audience
  /// (the chair's to do).
  void change_visibility();

 private:
  void show_table(bool table);
  void edit(const std::string& id);
  void remove(const std::string& id);
  void update_buttons();

  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  wxSimplebook* book_ = nullptr;
  RoleBoardCanvas* board_ = nullptr;
  RolesPanel* table_ = nullptr;
  wxToggleButton* as_table_ = nullptr;
  wxCheckBox* only_mine_ = nullptr;
  wxButton* add_ = nullptr;
  wxButton* edit_ = nullptr;
  wxButton* remove_ = nullptr;
  wxStaticText* legend_ = nullptr;
  wxString legend_text_;
};

}  // namespace renkei::gui
