// The エコマップ tab: the ecomap drawn by the minutes layer (minutes/ecomap.hpp: the person at the
// centre, family and resources around, strong / weak / stressful lines and the direction of
// support, after seed 002's legend), rendered to a bitmap at the view's size in physical pixels
// (HiDPI) and redrawn when the meeting or the size changes; beside it the relationship entries
// the chair adds (relationship items: who, category, strength, direction, gender, deceased,
// note), and "エコマップを書き出す…" (SVG or PNG).
#pragma once

#include <wx/bitmap.h>
#include <wx/panel.h>
#include <wx/timer.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/meeting_state.hpp"
#include "item_table_panel.hpp"
#include "live_session.hpp"

class wxStaticText;

namespace renkei::gui {

/// The relationship entries (エコマップの関係).
class RelationshipsPanel : public ItemTablePanel {
 public:
  /// A relationship list editing through `session`.
  RelationshipsPanel(wxWindow* parent, LiveSession& session);

 protected:
  std::vector<ListRow> rows(const core::MeetingState& state) const override;
  std::vector<FormField> form(const core::MeetingState& state) const override;
  nlohmann::json values_of(const core::MeetingState& state, const std::string& id) const override;
  wxString item_noun() const override;
  bool may_edit(const core::MeetingState& state) const override;
};

/// The ecomap drawing, fitted to the window.
class EcomapView : public wxWindow {
 public:
  /// An empty view.
  explicit EcomapView(wxWindow* parent);
  /// Draws `state` (again only if what the ecomap shows has changed).
  void show(std::shared_ptr<const core::MeetingState> state);
  /// What was last drawn: {"width","height" (physical pixels),"renders","error"}, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;

 private:
  void render();

  std::shared_ptr<const core::MeetingState> state_;
  std::string drawn_key_;  ///< what the bitmap was drawn from (content and size)
  wxBitmap bitmap_;
  wxString error_;
  int renders_ = 0;
  wxTimer debounce_;
};

/// The エコマップ tab.
class EcomapPanel : public wxPanel {
 public:
  /// The tab for `session`.
  EcomapPanel(wxWindow* parent, LiveSession& session);
  /// Shows a new snapshot.
  void refresh(std::shared_ptr<const core::MeetingState> state);
  /// Asks where to write the ecomap and writes it (SVG or PNG by the extension).
  void export_ecomap();
  /// The drawing and the relationship rows, for --ui-dump.
  [[nodiscard]] nlohmann::json dump() const;
  /// Asks who may see the selected relationship and moves it there (the chair's to do).
  void change_visibility();
  /// The text size changed: wrap the note above the list again.
  void fonts_changed();

 private:
  /// Wraps the note to the side's width and lays the side out with the lines it then has.
  void wrap_note();

  LiveSession& session_;
  wxWindow* side_ = nullptr;
  wxStaticText* note_ = nullptr;
  wxString note_text_;
  int note_width_ = 0;       ///< the width and text size the note is wrapped for
  double note_points_ = 0;
  std::shared_ptr<const core::MeetingState> state_;
  EcomapView* view_ = nullptr;
  RelationshipsPanel* relationships_ = nullptr;
};

/// Whether this build draws ecomaps (the minutes layer provides them).
bool ecomap_available();

}  // namespace renkei::gui
