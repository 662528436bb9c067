#include "timer_bar.hpp"

#include <wx/control.h>
#include <wx/dcbuffer.h>
#include <wx/settings.h>
#include <wx/timer.h>

#include <algorithm>

#include "wx_util.hpp"

namespace renkei::gui {

TimerView timer_view(const core::MeetingState& state, std::int64_t now) {
  TimerView v;
  const core::AgendaItem* current = state.current_item();
  if (!current) {
    bool started = false;
    for (const auto& a : state.agenda) started |= a.status != core::AgendaStatus::pending;
    v.title = started ? _("進行中の議題はありません") : _("会議はまだ始まっていません");
    return v;
  }
  int number = 0;
  for (const auto& a : state.agenda) {
    ++number;
    if (&a == current) break;
  }
  v.title = wxString::Format("%d. ", number) + to_wx(current->title);
  v.elapsed = elapsed_seconds(*current, now);
  v.timebox_min = current->timebox_min;
  v.use = timebox_use(*current, v.elapsed);
  v.running = true;
  return v;
}

wxString timer_elapsed_text(const TimerView& v) {
  if (!v.running) return {};
  if (v.timebox_min <= 0) return wxString::Format(_("経過 %s"), format_elapsed(v.elapsed));
  return wxString::Format(_("経過 %s ／ %s"), format_elapsed(v.elapsed), format_elapsed(std::int64_t{v.timebox_min} * 60));
}

wxString timer_left_text(const TimerView& v) {
  if (!v.running || v.timebox_min <= 0) return {};
  const std::int64_t left = std::int64_t{v.timebox_min} * 60 - v.elapsed;
  switch (v.use) {
    case TimeboxUse::over: return wxString::Format(_("時間超過 +%s"), format_elapsed(-left));
    case TimeboxUse::nearly: return wxString::Format(_("残りわずか %s"), format_elapsed(left));
    default: return wxString::Format(_("残り %s"), format_elapsed(left));
  }
}

wxColour timer_colour(TimeboxUse use) {
  switch (use) {
    case TimeboxUse::over: return {0xC6, 0x28, 0x28};
    case TimeboxUse::nearly: return {0xB2, 0x6A, 0x00};
    default: return {0x2F, 0x6D, 0xB5};
  }
}

void draw_timer(wxDC& dc, const wxRect& rect, const TimerView& v, const wxFont& font) {
  const int pad = std::max(2, rect.height / 14);
  const int bar_h = std::max(4, rect.height / 6);
  const wxRect text_rect(rect.x, rect.y, rect.width, rect.height - bar_h - pad);
  const wxColour ink = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
  const wxColour grey = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);

  // Times on the right; the title takes what is left, cut with an ellipsis.
  wxString right = timer_elapsed_text(v);
  const wxString left_text = timer_left_text(v);
  dc.SetFont(font);
  const wxSize elapsed_size = dc.GetTextExtent(right);
  wxFont bold = font.Bold();
  dc.SetFont(bold);
  const wxSize left_size = dc.GetTextExtent(left_text);
  int x_right = rect.GetRight();
  if (!left_text.empty()) {
    x_right -= left_size.x;
    dc.SetTextForeground(v.use == TimeboxUse::within ? ink : timer_colour(v.use));
    dc.DrawText(left_text, x_right, text_rect.y + (text_rect.height - left_size.y) / 2);
    x_right -= dc.GetCharWidth() * 2;
  }
  dc.SetFont(font);
  if (!right.empty()) {
    x_right -= elapsed_size.x;
    dc.SetTextForeground(grey);
    dc.DrawText(right, x_right, text_rect.y + (text_rect.height - elapsed_size.y) / 2);
    x_right -= dc.GetCharWidth() * 2;
  }
  dc.SetFont(bold);
  dc.SetTextForeground(v.running ? ink : grey);
  const int title_width = std::max(0, x_right - rect.x);
  const wxString title = wxControl::Ellipsize(v.title, dc, wxELLIPSIZE_END, title_width);
  dc.DrawText(title, rect.x, text_rect.y + (text_rect.height - dc.GetTextExtent(title).y) / 2);

  // The bar: the timebox's width, filled by the time used (full and red once over).
  const wxRect bar(rect.x, rect.GetBottom() - bar_h + 1, rect.width, bar_h);
  dc.SetPen(*wxTRANSPARENT_PEN);
  dc.SetBrush(wxBrush(wxColour(0xE2, 0xE5, 0xEA)));
  dc.DrawRoundedRectangle(bar, bar_h / 2.0);
  if (v.running && v.timebox_min > 0) {
    const double used = std::min(1.0, static_cast<double>(v.elapsed) / (v.timebox_min * 60.0));
    wxRect fill = bar;
    fill.width = std::max(bar_h, static_cast<int>(bar.width * used));
    dc.SetBrush(wxBrush(timer_colour(v.use)));
    dc.DrawRoundedRectangle(fill, bar_h / 2.0);
  }
}

TimerBar::TimerBar(wxWindow* parent)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxFULL_REPAINT_ON_RESIZE), clock_(this) {
  SetName("timer");
  SetBackgroundStyle(wxBG_STYLE_PAINT);
  Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(wxBrush(GetParent()->GetBackgroundColour()));
    dc.Clear();
    draw_timer(dc, wxRect(GetClientSize()), view_, GetFont());
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); }, clock_.GetId());
  clock_.Start(1000);
}

wxSize TimerBar::DoGetBestClientSize() const {
  return wxSize(FromDIP(200), GetCharHeight() + FromDIP(14));
}

void TimerBar::update(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  tick();
}

void TimerBar::tick() {
  if (!state_) return;
  TimerView v = timer_view(*state_, now_ms());
  const auto* current = state_->current_item();
  const std::string id = current ? current->id.to_string() : std::string();
  // One quiet warning per level and item, when it is reached while shown (not for an item
  // that was already over when this window opened on it).
  if (id != warned_item_) {
    // Another item (or none) is current: a warning about the last one is over.
    if (warning_shown_ && on_warning_) on_warning_(TimerView{v.title, v.elapsed, v.timebox_min, TimeboxUse::none, v.running});
    warning_shown_ = false;
    warned_item_ = id;
    warned_ = v.use;
  } else if (v.use > warned_ && (v.use == TimeboxUse::nearly || v.use == TimeboxUse::over)) {
    warned_ = v.use;
    warning_shown_ = true;
    if (on_warning_) on_warning_(v);
  }
  const bool changed = v.title != view_.title || v.elapsed != view_.elapsed || v.use != view_.use ||
                       v.running != view_.running || v.timebox_min != view_.timebox_min;
  if (v.title != view_.title) set_accessible_name(this, _("タイマー：") + v.title);
  view_ = std::move(v);
  if (changed) Refresh();
}

}  // namespace renkei::gui
