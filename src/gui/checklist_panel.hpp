// チェックリスト: the checklist grouped by section (連携・協働のステップ, ベクトル合わせ, 3つの
// 共有, …) with check boxes; ticking an item records who ticked it; each item has a comment.
// Items not everyone may see are marked (［専門職のみ］); the chair changes that from the
// item's menu (公開範囲…).
#pragma once

#include <wx/panel.h>
#include <wx/treelist.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/meeting_state.hpp"
#include "live_session.hpp"

class wxStaticText;
class wxTextCtrl;

namespace renkei::gui {

/// The checklist tab.
class ChecklistPanel : public wxPanel {
 public:
  /// A checklist editing through `session`.
  ChecklistPanel(wxWindow* parent, LiveSession& session);
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// The items as displayed (section, text, tick, checked by, comment), for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;
  /// Asks who may see the selected item and moves it to that audience (the chair's to do).
  void change_visibility();

 private:
  void rebuild();
  void update_values();
  void show_details();
  void on_checked(wxTreeListEvent& event);
  void commit_comment();
  void show_context_menu();
  [[nodiscard]] wxString shown_text(const core::ChecklistItem& item) const;
  [[nodiscard]] std::string id_of(wxTreeListItem item) const;
  [[nodiscard]] const core::ChecklistItem* find(const std::string& id) const;

  LiveSession& session_;
  std::shared_ptr<const core::MeetingState> state_;
  wxTreeListCtrl* tree_ = nullptr;
  wxStaticText* text_ = nullptr;
  wxStaticText* source_ = nullptr;
  wxTextCtrl* comment_ = nullptr;
  /// What the tree was built from: sections and item ids in order.
  std::vector<std::string> layout_;
  std::vector<std::pair<std::string, wxTreeListItem>> rows_;      ///< item id → row
  std::vector<std::pair<std::string, wxTreeListItem>> sections_;  ///< section → row
  std::string shown_id_;  ///< the item whose details are shown
  std::string select_when_shown_;  ///< an item that moved to another audience, selected once listed
};

}  // namespace renkei::gui
