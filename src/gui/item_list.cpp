#include "item_list.hpp"

#include <wx/settings.h>
#include <wx/utils.h>

#include <algorithm>

#include "wx_util.hpp"

namespace renkei::gui {

ItemListCtrl::ItemListCtrl(wxWindow* parent, const wxString& name, const std::vector<ListColumn>& columns)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES) {
  SetName(name);
  columns_ = columns;
  for (const auto& c : columns) AppendColumn(c.title, wxLIST_FORMAT_LEFT, FromDIP(c.width_dip));
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    fit_columns();
    e.Skip();
  });
}

bool ItemListCtrl::SetFont(const wxFont& font) {
  const bool changed = wxListCtrl::SetFont(font);
  fit_columns();
  return changed;
}

void ItemListCtrl::fit_columns() {
  const double zoom = ui_zoom();
  const wxFont bold = GetFont().Bold();  // the widest a cell is drawn (the current item's row)
  const int pad = FromDIP(14);
  std::vector<int> widths(columns_.size());
  int fixed = 0, stretching = 0;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    // At least the width at the normal size; wider as its texts need (they grow with the text
    // size), up to twice the width at this size.
    const int nominal = FromDIP(columns_[i].width_dip);
    widths[i] = nominal;
    if (columns_[i].stretch) {
      ++stretching;
      continue;
    }
    int needed = 0, w = 0, h = 0;
    GetTextExtent(columns_[i].title, &w, &h, nullptr, nullptr, &bold);
    needed = w + pad;
    for (const auto& row : rows_)
      if (i < row.cells.size() && !row.cells[i].empty()) {
        GetTextExtent(row.cells[i], &w, &h, nullptr, nullptr, &bold);
        needed = std::max(needed, w + pad);
      }
    widths[i] = std::max(nominal, std::min(needed, static_cast<int>(2 * nominal * zoom)));
    fixed += widths[i];
  }
  if (stretching > 0) {
    // Leave room for a vertical scroll bar so no horizontal one appears.
    const int room = GetClientSize().x - fixed - FromDIP(4);
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].stretch) widths[i] = std::max(widths[i], room / stretching);
  }
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (GetColumnWidth(static_cast<int>(i)) != widths[i]) SetColumnWidth(static_cast<int>(i), widths[i]);
}

void ItemListCtrl::set_rows(const std::vector<ListRow>& rows) {
  const bool texts_changed = [&] {
    if (rows.size() != rows_.size()) return true;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].cells != rows_[i].cells) return true;
    return false;
  }();
  rows_ = rows;
  const std::string selected = selected_id();
  const long count = static_cast<long>(rows.size());
  Freeze();
  while (GetItemCount() > count) DeleteItem(GetItemCount() - 1);
  while (GetItemCount() < count) InsertItem(GetItemCount(), wxString());
  ids_.clear();
  for (long i = 0; i < count; ++i) {
    const ListRow& row = rows[static_cast<std::size_t>(i)];
    ids_.push_back(row.id);
    for (int col = 0; col < GetColumnCount() && col < static_cast<int>(row.cells.size()); ++col)
      if (GetItemText(i, col) != row.cells[static_cast<std::size_t>(col)])
        SetItem(i, col, row.cells[static_cast<std::size_t>(col)]);
    if (i == drop_row_)
      apply_colours(i, wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT), wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHTTEXT));
    else
      apply_colours(i, row.background, row.foreground);
    wxFont font = GetFont();
    if (row.bold) font.MakeBold();
    if (GetItemFont(i) != font) SetItemFont(i, font);
  }
  // The selection belongs to an item, not to a row index.
  const long want = index_of(selected);
  const long have = selected_index();
  if (have != want) {
    if (have >= 0) SetItemState(have, 0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    if (want >= 0) SetItemState(want, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  }
  if (texts_changed) fit_columns();
  Thaw();
}

void ItemListCtrl::set_cell(const std::string& id, int column, const wxString& text) {
  const long i = index_of(id);
  if (i < 0 || GetItemText(i, column) == text) return;
  SetItem(i, column, text);
  auto& cells = rows_[static_cast<std::size_t>(i)].cells;
  if (static_cast<std::size_t>(column) < cells.size()) cells[static_cast<std::size_t>(column)] = text;
  fit_columns();  // 「▶ 残りわずか」 is longer than 「▶ 進行中」
}

void ItemListCtrl::set_row_colours(const std::string& id, const wxColour& background,
                                   const wxColour& foreground) {
  const long i = index_of(id);
  if (i >= 0) apply_colours(i, background, foreground);
}

void ItemListCtrl::apply_colours(long i, const wxColour& background, const wxColour& foreground) {
  const wxColour bg = background.IsOk() ? background : GetBackgroundColour();
  const wxColour fg = foreground.IsOk() ? foreground : GetForegroundColour();
  if (GetItemBackgroundColour(i) != bg) SetItemBackgroundColour(i, bg);
  if (GetItemTextColour(i) != fg) SetItemTextColour(i, fg);
}

void ItemListCtrl::enable_drag_reorder(std::function<void(const std::string& id, long index)> on_drop) {
  on_drop_ = std::move(on_drop);
  Bind(wxEVT_LIST_BEGIN_DRAG, [this](wxListEvent& e) {
    const long row = e.GetIndex();
    if (!on_drop_ || row < 0 || row >= static_cast<long>(ids_.size())) return;
    drag_id_ = ids_[static_cast<std::size_t>(row)];
    SetCursor(wxCursor(wxCURSOR_HAND));
    CaptureMouse();
  });
  Bind(wxEVT_MOTION, [this](wxMouseEvent& e) {
    if (dragging()) on_drag_motion();
    e.Skip();
  });
  Bind(wxEVT_LEFT_UP, [this](wxMouseEvent& e) {
    if (dragging()) end_drag(true);
    e.Skip();
  });
  Bind(wxEVT_MOUSE_CAPTURE_LOST, [this](wxMouseCaptureLostEvent&) { end_drag(false); });
  Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
    if (dragging() && e.GetKeyCode() == WXK_ESCAPE) end_drag(false);
    else e.Skip();
  });
}

long ItemListCtrl::drop_index_at(const wxPoint& screen) const {
  // Rows from GetItemRect are in this control's client coordinates (below the header).
  const wxPoint p = ScreenToClient(screen);
  const long count = GetItemCount();
  if (count == 0) return -1;
  for (long i = 0; i < count; ++i) {
    wxRect r;
    if (!GetItemRect(i, r)) continue;
    if (p.y < r.GetBottom() + 1) return i;
  }
  return count - 1;  // below the last row: the end
}

void ItemListCtrl::on_drag_motion() {
  mark_drop_row(drop_index_at(wxGetMousePosition()));
}

void ItemListCtrl::mark_drop_row(long row) {
  if (row == drop_row_) return;
  const long old = drop_row_;
  drop_row_ = row;
  auto restore = [this](long i) {
    if (i < 0 || i >= static_cast<long>(rows_.size())) return;
    const ListRow& r = rows_[static_cast<std::size_t>(i)];
    apply_colours(i, r.background, r.foreground);
  };
  restore(old);
  if (row >= 0 && row < GetItemCount())
    apply_colours(row, wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT),
                  wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHTTEXT));
}

void ItemListCtrl::end_drag(bool drop) {
  if (!dragging()) return;
  const std::string id = drag_id_;
  const long target = drop ? drop_index_at(wxGetMousePosition()) : -1;
  drag_id_.clear();
  mark_drop_row(-1);
  if (HasCapture()) ReleaseMouse();
  SetCursor(wxNullCursor);
  // Dropped on a row: the dragged item takes that row's place.
  if (drop && target >= 0 && target != index_of(id) && on_drop_) on_drop_(id, target);
}

long ItemListCtrl::selected_index() const {
  return GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
}

std::string ItemListCtrl::selected_id() const {
  const long i = selected_index();
  return i >= 0 && i < static_cast<long>(ids_.size()) ? ids_[static_cast<std::size_t>(i)] : std::string();
}

void ItemListCtrl::select_id(const std::string& id) {
  const long i = index_of(id);
  if (i < 0) return;
  SetItemState(i, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  EnsureVisible(i);
}

long ItemListCtrl::index_of(const std::string& id) const {
  if (id.empty()) return -1;
  const auto it = std::find(ids_.begin(), ids_.end(), id);
  return it == ids_.end() ? -1 : static_cast<long>(it - ids_.begin());
}

std::vector<std::vector<wxString>> ItemListCtrl::displayed_cells() const {
  std::vector<std::vector<wxString>> out;
  for (long i = 0; i < GetItemCount(); ++i) {
    std::vector<wxString> row;
    for (int col = 0; col < GetColumnCount(); ++col) row.push_back(GetItemText(i, col));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace renkei::gui
