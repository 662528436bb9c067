#include "ecomap_panel.hpp"

#include <wx/button.h>
#include <wx/dcbuffer.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/mstream.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>

#if __has_include("minutes/ecomap.hpp")
#include "minutes/ecomap.hpp"
#define RENKEI_HAS_ECOMAP 1
#endif

#include "authority_ui.hpp"
#include "error_text.hpp"
#include "panel_common.hpp"

namespace renkei::gui {
namespace {

// The line as the seed's legend draws it, with the legend's words (the form's choices).
wxString strength_cell(core::RelationStrength s) {
  switch (s) {
    case core::RelationStrength::strong: return wxString::FromUTF8("—— ") + label_of(s);
    case core::RelationStrength::weak: return wxString::FromUTF8("…… ") + label_of(s);
    case core::RelationStrength::stressful: return wxString::FromUTF8("++++ ") + label_of(s);
  }
  return {};
}

// The same, short enough for the list's column.
wxString strength_short(core::RelationStrength s) {
  switch (s) {
    case core::RelationStrength::strong: return wxString::FromUTF8("—— ") + _("強い");
    case core::RelationStrength::weak: return wxString::FromUTF8("…… ") + _("弱い");
    case core::RelationStrength::stressful: return wxString::FromUTF8("++++ ") + _("ストレス・葛藤");
  }
  return {};
}

wxString direction_cell(core::RelationDirection d) {
  switch (d) {
    case core::RelationDirection::to_person: return wxString::FromUTF8("→ ") + label_of(d);
    case core::RelationDirection::from_person: return wxString::FromUTF8("← ") + label_of(d);
    case core::RelationDirection::both: return wxString::FromUTF8("↔ ") + label_of(d);
    case core::RelationDirection::none: break;
  }
  return label_of(d);
}

// What the ecomap is drawn from, as one string: redraw only when it changes.
std::string ecomap_key(const core::MeetingState& s) {
  nlohmann::json key = nlohmann::json::array({s.meeting.person_name});
  for (const auto& r : s.relationships)
    key.push_back({r.who, id_or_empty(r.attendee), core::to_string(r.category), core::to_string(r.strength),
                   core::to_string(r.direction), core::to_string(r.gender), r.deceased, r.note});
  for (const auto& r : s.roles)
    key.push_back({r.who, id_or_empty(r.attendee), core::to_string(r.resource), r.key_person, r.role});
  for (const auto& a : s.attendees) key.push_back({a.name, core::to_string(a.relation), a.relationship, a.present});
  return key.dump();
}

}  // namespace

bool ecomap_available() {
#ifdef RENKEI_HAS_ECOMAP
  return true;
#else
  return false;
#endif
}

// ---- RelationshipsPanel -------------------------------------------------------------------

RelationshipsPanel::RelationshipsPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "relationships", "relationship",
                     {{_("名前・機関"), 80, true}, {_("区分"), 72}, {_("関係"), 110}, {_("向き"), 72}, {_("備考"), 60, true}},
                     true) {}

std::vector<ListRow> RelationshipsPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  for (const auto& r : state.relationships) {
    ListRow row;
    row.id = r.id.to_string();
    wxString who = to_wx(r.who);
    if (r.category == core::RelationCategory::family && r.gender != core::Gender::unknown)
      who = (r.gender == core::Gender::male ? wxString::FromUTF8("□ ") : wxString::FromUTF8("○ ")) + who;
    if (r.deceased) who += wxString::FromUTF8(" ⊗");
    row.cells = {with_visibility_tag(state, r.partition, who), label_of(r.category), strength_short(r.strength),
                 direction_cell(r.direction), one_line(r.note)};
    if (r.strength == core::RelationStrength::stressful) row.foreground = wxColour(0xA4, 0x26, 0x2C);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<FormField> RelationshipsPanel::form(const core::MeetingState& state) const {
  using namespace core;
  return {
      FormField::text("who", _("名前・機関"), _("例：母、〇〇病院、近所の友人")),
      FormField::choice("attendee", _("出席者との対応"), attendee_choices(state)),
      FormField::choice("category", _("区分"),
                        enum_choices({RelationCategory::family, RelationCategory::formal, RelationCategory::informal})),
      FormField::choice("strength", _("関係"),
                        {{"strong", strength_cell(RelationStrength::strong)},
                         {"weak", strength_cell(RelationStrength::weak)},
                         {"stressful", strength_cell(RelationStrength::stressful)}}),
      FormField::choice("direction", _("支援の向き"),
                        {{"none", direction_cell(RelationDirection::none)},
                         {"to_person", direction_cell(RelationDirection::to_person)},
                         {"from_person", direction_cell(RelationDirection::from_person)},
                         {"both", direction_cell(RelationDirection::both)}}),
      FormField::choice("gender", _("性別（家族）"),
                        {{"unknown", label_of(Gender::unknown)},
                         {"male", wxString::FromUTF8("□ ") + label_of(Gender::male)},
                         {"female", wxString::FromUTF8("○ ") + label_of(Gender::female)}}),
      FormField::check("deceased", _("死亡"), _("亡くなっている（⊗）")),
      FormField::text("note", _("備考"), _("例：週1回の訪問、金銭をめぐる葛藤")),
  };
}

nlohmann::json RelationshipsPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& r : state.relationships)
    if (r.id.to_string() == id)
      return {{"who", r.who},
              {"attendee", id_or_empty(r.attendee)},
              {"category", core::to_string(r.category)},
              {"strength", core::to_string(r.strength)},
              {"direction", core::to_string(r.direction)},
              {"gender", core::to_string(r.gender)},
              {"deceased", r.deceased},
              {"note", r.note}};
  return {{"category", "family"}, {"strength", "strong"}, {"direction", "to_person"}, {"gender", "unknown"},
          {"deceased", false}};
}

bool RelationshipsPanel::may_edit(const core::MeetingState& state) const { return holds_chair_or_recorder(session_, state); }

wxString RelationshipsPanel::item_noun() const { return C_("noun", "関係"); }

// ---- EcomapView ---------------------------------------------------------------------------

EcomapView::EcomapView(wxWindow* parent)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxFULL_REPAINT_ON_RESIZE), debounce_(this) {
  SetName("ecomap_view");
  set_accessible_name(this, _("エコマップ"));
  SetBackgroundStyle(wxBG_STYLE_PAINT);
  SetMinSize(FromDIP(wxSize(320, 240)));
  Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    if (bitmap_.IsOk()) {
      dc.DrawBitmap(bitmap_, 0, 0);
    } else {
      dc.SetTextForeground(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
      dc.SetFont(GetFont());
      const wxString text = !error_.empty() ? error_
                            : ecomap_available() ? _("エコマップを描いています…")
                                                 : _("このビルドではエコマップを描けません。");
      dc.DrawText(wrap_text(dc, text, GetClientSize().x - FromDIP(32)), FromDIP(16), FromDIP(16));
    }
  });
  // A resize redraws once it settles, not at every step of the drag.
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    debounce_.StartOnce(150);
    e.Skip();
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { render(); }, debounce_.GetId());
}

void EcomapView::show(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  render();
}

void EcomapView::render() {
  if (!state_ || !IsShownOnScreen()) return;
  const wxSize size = GetClientSize();
  const double scale = GetContentScaleFactor();
  const int w = static_cast<int>(size.x * scale), h = static_cast<int>(size.y * scale);
  if (w < 16 || h < 16) return;
  const std::string key = ecomap_key(*state_) + "@" + std::to_string(w) + "x" + std::to_string(h);
  if (key == drawn_key_) return;
  drawn_key_ = key;
#ifdef RENKEI_HAS_ECOMAP
  try {
    // Points at the screen's 96 px per inch, so the text is the size of the window's text.
    minutes::EcomapOptions options;
    options.width_pt = size.x * 0.75;
    options.height_pt = size.y * 0.75;
    const std::vector<std::uint8_t> png = minutes::ecomap_png(*state_, w, h, options);
    wxMemoryInputStream in(png.data(), png.size());
    wxImage image(in, wxBITMAP_TYPE_PNG);
    if (!image.IsOk()) throw std::runtime_error("PNG");
    bitmap_ = wxBitmap(image, -1, scale);
    error_.clear();
    ++renders_;
  } catch (const std::exception& e) {
    bitmap_ = wxBitmap();
    error_ = _("エコマップを描けませんでした：") + to_wx(e.what());
  }
#endif
  Refresh();
}

nlohmann::json EcomapView::dump() const {
  return {{"width", bitmap_.IsOk() ? bitmap_.GetWidth() : 0},
          {"height", bitmap_.IsOk() ? bitmap_.GetHeight() : 0},
          {"renders", renders_},
          {"error", to_utf8(error_)}};
}

// ---- EcomapPanel --------------------------------------------------------------------------

EcomapPanel::EcomapPanel(wxWindow* parent, LiveSession& session) : wxPanel(parent, wxID_ANY), session_(session) {
  SetName("ecomap_panel");
  auto* split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3DSASH);
  split->SetMinimumPaneSize(FromDIP(240));
  view_ = new EcomapView(split);
  auto* side = new wxPanel(split);
  relationships_ = new RelationshipsPanel(side, session_);
  set_accessible_name(relationships_->list(), _("関係の一覧"));
  auto* note = new wxStaticText(side, wxID_ANY,
                                _("役割分担の担当者は自動で描かれます。家族や、役割のない人・機関との関係をここに追加します。"));
  note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  note->SetMinSize(FromDIP(wxSize(100, -1)));
  side_ = side;
  note_ = note;
  note_text_ = note->GetLabelText();
  side->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { wrap_note(); });
  });
  auto* export_button = new wxButton(side, wxID_ANY, _("エコマップを書き出す…"));
  export_button->SetName("export_ecomap");
  export_button->Enable(ecomap_available());
  export_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { export_ecomap(); });
  auto* side_sizer = new wxBoxSizer(wxVERTICAL);
  side_sizer->Add(note, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
  side_sizer->Add(relationships_, 1, wxEXPAND);
  side_sizer->Add(export_button, 0, wxALIGN_RIGHT | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  side->SetSizer(side_sizer);
  split->SplitVertically(view_, side, -FromDIP(440));
  split->SetSashGravity(1.0);
  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(split, 1, wxEXPAND);
  SetSizer(top);
}

void EcomapPanel::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  relationships_->refresh(state_);
  view_->show(state_);
}

void EcomapPanel::export_ecomap() {
  if (!state_) return;
#ifdef RENKEI_HAS_ECOMAP
  const auto& m = state_->meeting;
  wxString name = to_wx(m.date.empty() ? today_iso() : m.date);
  if (!m.person_name.empty()) name += "_" + to_wx(m.person_name);
  name += _("_エコマップ");
  const wxString folder = to_wx(session_.session().db_path().parent_path().string());
  wxFileDialog dialog(this, _("エコマップを書き出す"), folder, safe_file_name(name) + ".svg",
                      _("SVG 画像 (*.svg)|*.svg|PNG 画像 (*.png)|*.png"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
  if (dialog.ShowModal() != wxID_OK) return;
  wxFileName path(dialog.GetPath());
  // The filter chooses the format when no extension was typed.
  const wxString ext = path.GetExt().Lower();
  if (ext != "svg" && ext != "png") path.SetExt(dialog.GetFilterIndex() == 1 ? "png" : "svg");
  try {
    wxBusyCursor busy;
    minutes::export_ecomap(*state_, std::filesystem::path(to_utf8(path.GetFullPath())));
  } catch (const std::exception& e) {
    show_error(this, _("エコマップを書き出す"), _("エコマップを書き出せませんでした。"), describe_export_error(e.what()));
  }
#endif
}

void EcomapPanel::change_visibility() { relationships_->change_visibility(); }

void EcomapPanel::fonts_changed() { wrap_note(); }

void EcomapPanel::wrap_note() {
  // (Wrapped by hand: a label's own wrapping would leave it one line high in the sizer, the
  // second line cut off.)
  const int width = std::max(FromDIP(100), side_->GetClientSize().x - 2 * FromDIP(8));
  const double points = note_->GetFont().GetFractionalPointSize();
  if (width == note_width_ && points == note_points_) return;
  note_width_ = width;
  note_points_ = points;
  set_wrapped_label(note_, note_text_, width);
  note_->InvalidateBestSize();
  side_->Layout();
}

nlohmann::json EcomapPanel::dump() const {
  nlohmann::json out = view_->dump();
  out["relationships"] = relationships_->dump();
  return out;
}

}  // namespace renkei::gui
