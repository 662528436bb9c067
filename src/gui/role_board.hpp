// 役割分担 as a board: one column per organization or person (the role's `who`), a card per role
// with the task and that member's できること・できないこと (seed 002 STEP ②). Formal and informal
// resources (seed 001) differ in colour *and* carry a text badge (フォーマル / インフォーマル), the
// キーマン (seed 000) has a ★ badge, this person's own roles an あなたの担当 badge (and their
// columns come first). Cards are
// chosen with the mouse or the arrow keys; double-click or Enter edits; a card dragged to another
// column is reassigned to that member.
#pragma once

#include <wx/scrolwin.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"
#include "live_session.hpp"

namespace renkei::gui {

/// The board of role cards.
class RoleBoardCanvas : public wxScrolledCanvas {
 public:
  /// A board editing through `session` (reassignment by drag); editing and removing a card are
  /// handed to the callbacks.
  RoleBoardCanvas(wxWindow* parent, LiveSession& session);

  /// Shows a snapshot; with `only_mine`, only this person's cards.
  void refresh(std::shared_ptr<const core::MeetingState> state, bool only_mine);
  /// The selected card's role id, "" when none.
  [[nodiscard]] const std::string& selected_id() const { return selected_; }
  /// Called to edit / remove a role (double-click, Enter, Delete, the card's menu).
  void on_edit(std::function<void(const std::string& id)> handler) { on_edit_ = std::move(handler); }
  void on_remove(std::function<void(const std::string& id)> handler) { on_remove_ = std::move(handler); }
  /// Called to change who may see a role (the card's menu: 公開範囲…, the chair's).
  void on_visibility(std::function<void(const std::string& id)> handler) { on_visibility_ = std::move(handler); }
  /// Called when the selection changes.
  void on_selection(std::function<void()> handler) { on_selection_ = std::move(handler); }
  /// Columns and cards as shown, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;

 private:
  struct Card {
    std::string id;
    wxString role, can_do, cannot_do;  ///< wrapped to the card's width
    core::ResourceKind resource = core::ResourceKind::formal;
    bool key_person = false;
    bool mine = false;
    wxRect rect;  ///< in the board's (unscrolled) coordinates
  };
  struct Column {
    std::string who;  ///< as written in the roles ("" for roles nobody has yet)
    std::optional<core::ItemId> attendee;
    wxRect rect;
    std::vector<Card> cards;
  };

  void layout();
  void draw(wxDC& dc);
  void draw_card(wxDC& dc, const Card& card, const wxPoint& at);
  int badge(wxDC& dc, const wxString& text, int x, int y, const wxColour& fill, const wxColour& ink);
  [[nodiscard]] const Card* card_at(const wxPoint& board) const;
  [[nodiscard]] const Column* column_at(const wxPoint& board) const;
  [[nodiscard]] wxPoint to_board(const wxPoint& client) const;
  void select(const std::string& id);
  void move_selection(int dx, int dy);
  void show_menu();
  void reassign(const std::string& id, const Column& to);
  void on_mouse(wxMouseEvent& event);
  void on_key(wxKeyEvent& event);

  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  bool only_mine_ = false;
  std::vector<Column> columns_;
  std::string selected_;
  std::string layout_key_;  ///< what the cards were laid out from
  std::function<void(const std::string&)> on_edit_, on_remove_, on_visibility_;
  std::function<void()> on_selection_;
  // Dragging a card to another column.
  std::string press_id_;
  wxPoint press_at_;
  bool dragging_ = false;
  wxPoint drag_at_;  ///< board coordinates of the pointer while dragging
};

}  // namespace renkei::gui
