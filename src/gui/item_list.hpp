// A report-mode list of meeting items (agenda, roles, decisions …) that is updated in place
// from each new snapshot: rows are matched by item id, only changed cells are rewritten, and
// the selection follows its item, so a refresh never makes the list jump under the user.
#pragma once

#include <wx/listctrl.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace renkei::gui {

/// One row: the item's id and the text of each column, with optional emphasis.
struct ListRow {
  std::string id;
  std::vector<wxString> cells;
  wxColour background = wxNullColour;  ///< wxNullColour: the list's own
  wxColour foreground = wxNullColour;
  bool bold = false;
};

/// A column: its title and width in device-independent pixels at the normal text size. A fixed
/// column widens to show the longest text in it (up to twice its width times the text size,
/// ui_zoom()); stretching columns share the width the others leave (never less than width_dip).
struct ListColumn {
  wxString title;
  int width_dip = 120;
  bool stretch = false;
};

/// wxListCtrl in report mode showing ListRows.
class ItemListCtrl : public wxListCtrl {
 public:
  /// `name` is the accessible name.
  ItemListCtrl(wxWindow* parent, const wxString& name, const std::vector<ListColumn>& columns);

  /// Shows `rows`, changing only what differs; the selected item stays selected.
  void set_rows(const std::vector<ListRow>& rows);
  /// Changes one cell of the row of item `id` (if shown and different).
  void set_cell(const std::string& id, int column, const wxString& text);
  /// Sets the font (the text size changed): the columns are fitted again.
  bool SetFont(const wxFont& font) override;
  /// Sets the row colours of item `id`.
  void set_row_colours(const std::string& id, const wxColour& background, const wxColour& foreground);

  /// The id of the selected row, "" when none.
  [[nodiscard]] std::string selected_id() const;
  /// Index of the selected row, -1 when none.
  [[nodiscard]] long selected_index() const;
  /// Selects (and scrolls to) the row of item `id`; nothing if it is not shown.
  void select_id(const std::string& id);
  /// Row index of item `id`, -1 if it is not shown.
  [[nodiscard]] long index_of(const std::string& id) const;
  /// Ids of the rows, top to bottom.
  [[nodiscard]] const std::vector<std::string>& ids() const { return ids_; }
  /// The text shown in every cell, read back from the control (for --ui-dump).
  [[nodiscard]] std::vector<std::vector<wxString>> displayed_cells() const;

  /// Lets rows be dragged to another place in the list: `on_drop(id, index)` is called with
  /// the dragged item and the index it should have (its own row excluded), only when it moves.
  void enable_drag_reorder(std::function<void(const std::string& id, long index)> on_drop);
  /// True while a row is being dragged.
  [[nodiscard]] bool dragging() const { return !drag_id_.empty(); }

 private:
  void apply_colours(long index, const wxColour& background, const wxColour& foreground);
  void fit_columns();
  [[nodiscard]] long drop_index_at(const wxPoint& screen) const;
  void on_drag_motion();
  void end_drag(bool drop);
  void mark_drop_row(long row);

  std::vector<ListColumn> columns_;
  std::vector<std::string> ids_;
  std::vector<ListRow> rows_;  ///< as last set (colours restored after a drag)
  std::function<void(const std::string&, long)> on_drop_;
  std::string drag_id_;        ///< the row being dragged, "" when none
  long drop_row_ = -1;         ///< the row marked as the drop place
};

}  // namespace renkei::gui
