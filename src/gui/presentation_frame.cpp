#include "presentation_frame.hpp"

#include "minutes/audience.hpp"

#include <wx/control.h>
#include <wx/dcbuffer.h>
#include <wx/display.h>
#include <wx/settings.h>

#include <algorithm>

#include "panel_common.hpp"
#include "timer_bar.hpp"

namespace renkei::gui {
namespace {

const wxColour kInk(0x1A, 0x1A, 0x1A), kGrey(0x5F, 0x63, 0x68), kRule(0xD0, 0xD4, 0xDA), kAgreed(0x1E, 0x6B, 0x3A);

// "同意（本人）", "同意（代理人：母）", "不同意（本人）", "同意は未確認".
wxString consent_summary(const core::Decision& d) {
  if (d.consent == core::ConsentState::not_asked) return _("同意は未確認");
  const wxString who = d.proxy_name.empty() ? _("本人") : _("代理人：") + to_wx(d.proxy_name);
  return label_of(d.consent) + wxString::FromUTF8("（") + who + wxString::FromUTF8("）");
}

// The decisions worth showing: not withdrawn, in the order they were recorded.
std::vector<const core::Decision*> shown_decisions(const core::MeetingState& state) {
  std::vector<const core::Decision*> out;
  for (const auto& d : state.decisions)
    if (d.status != core::DecisionStatus::withdrawn) out.push_back(&d);
  return out;
}

}  // namespace

PresentationFrame::PresentationFrame(wxWindow* near, std::shared_ptr<const core::MeetingState> state, Move move)
    : wxFrame(nullptr, wxID_ANY, _("Renkei — プレゼンテーション"), wxDefaultPosition, wxDefaultSize,
              wxDEFAULT_FRAME_STYLE),
      move_(std::move(move)),
      clock_(this) {
  SetName("presentation");
  canvas_ = new wxWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxWANTS_CHARS | wxFULL_REPAINT_ON_RESIZE);
  canvas_->SetName("presentation_canvas");
  canvas_->SetBackgroundStyle(wxBG_STYLE_PAINT);
  canvas_->Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(canvas_);
    paint(dc);
  });
  canvas_->Bind(wxEVT_KEY_DOWN, &PresentationFrame::on_key, this);
  canvas_->Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent&) { canvas_->SetFocus(); });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { canvas_->Refresh(); }, clock_.GetId());
  // On the screen the meeting window is on.
  const int display = near ? wxDisplay::GetFromWindow(near) : 0;
  const wxRect area = wxDisplay(display == wxNOT_FOUND ? 0 : static_cast<unsigned>(display)).GetGeometry();
  SetSize(area);
  clock_.Start(1000);
  refresh(std::move(state));
}

void PresentationFrame::refresh(std::shared_ptr<const core::MeetingState> state) {
  if (!state) return;
  // One screen everyone in the room sees — the person, the family, a neighbour: only what every
  // attendee may see (the attendees' minutes, minutes/audience.hpp; seed 002, STEP ③).
  const core::AgendaItem* current = state->current_item();
  restricted_current_ = current && current->partition != core::kAllAttendees;
  state_ = std::make_shared<const core::MeetingState>(minutes::for_audience(*state, minutes::Audience::attendees));
  const TimerView timer = timer_view(*state_, now_ms());
  set_accessible_name(canvas_, timer.title);
  canvas_->Refresh();
}

wxFont PresentationFrame::font(int pixels, bool bold) const {
  wxFont f = GetFont();
  f.SetPixelSize(wxSize(0, std::max(8, pixels)));
  if (bold) f.MakeBold();
  return f;
}

void PresentationFrame::on_key(wxKeyEvent& event) {
  switch (event.GetKeyCode()) {
    case WXK_ESCAPE:
    case WXK_F5: Close(); break;
    case WXK_RIGHT:
    case WXK_PAGEDOWN:
    case WXK_SPACE:
      if (move_) move_(+1);
      break;
    case WXK_LEFT:
    case WXK_PAGEUP:
      if (move_) move_(-1);
      break;
    default: event.Skip();
  }
}

void PresentationFrame::paint(wxDC& dc) {
  const wxSize size = canvas_->GetClientSize();
  dc.SetBackground(*wxWHITE_BRUSH);
  dc.Clear();
  if (!state_) return;
  // Everything is sized from the screen's height: readable from across a small room.
  const int unit = std::max(8, size.y / 30);
  const int margin = std::max(size.x / 20, unit * 2);
  const int width = size.x - 2 * margin;
  int y = margin / 2;

  const auto& m = state_->meeting;
  wxString heading = m.title.empty() ? label_of(m.kind) : to_wx(m.title);
  if (!m.person_name.empty()) heading += wxString::FromUTF8("　") + with_honorific(m.person_name);
  dc.SetFont(font(unit));
  dc.SetTextForeground(kGrey);
  dc.DrawText(wxControl::Ellipsize(heading, dc, wxELLIPSIZE_END, width * 3 / 4), margin, y);
  int number = 0, total = static_cast<int>(state_->agenda.size());
  const core::AgendaItem* current = state_->current_item();
  for (const auto& a : state_->agenda) {
    ++number;
    if (&a == current) break;
  }
  const wxString position = current ? wxString::Format(_("議題 %d ／ %d"), number, total) : wxString();
  dc.DrawText(position, size.x - margin - dc.GetTextExtent(position).x, y);
  y += unit * 2;

  // The item: its title large, its hint below.
  const TimerView timer = timer_view(*state_, now_ms());
  dc.SetFont(font(unit * 5 / 2, true));
  dc.SetTextForeground(kInk);
  const wxString title = wrap_text(dc, current                ? to_wx(current->title)
                                       : restricted_current_ ? _("（専門職のみの議題です。この画面には表示しません）")
                                                             : timer.title,
                                   width);
  dc.DrawText(title, margin, y);
  y += dc.GetMultiLineTextExtent(title).y + unit;
  if (current && !current->hint.empty()) {
    dc.SetFont(font(unit * 9 / 10));
    dc.SetTextForeground(kGrey);
    wxString hint = wrap_text(dc, to_wx(current->hint), width);
    // At most three lines: the discussion matters more than the guidance.
    int lines = 0;
    std::size_t cut = 0;
    for (std::size_t i = 0; i < hint.length(); ++i)
      if (hint[i] == '\n' && ++lines == 3) cut = i;
    if (cut > 0) hint = hint.Left(cut) + wxString::FromUTF8("…");
    dc.DrawText(hint, margin, y);
    y += dc.GetMultiLineTextExtent(hint).y + unit;
  }

  // The timer, and what comes next.
  if (current) {
    TimerView big = timer;
    big.title = _("この議題の時間");
    draw_timer(dc, wxRect(margin, y, width, unit * 3), big, font(unit * 6 / 5));
    y += unit * 7 / 2;
    const core::AgendaItem* next = nullptr;
    bool after = false;
    for (const auto& a : state_->agenda) {
      if (after && a.status == core::AgendaStatus::pending) {
        next = &a;
        break;
      }
      after |= &a == current;
    }
    if (next) {
      dc.SetFont(font(unit * 9 / 10));
      dc.SetTextForeground(kGrey);
      const wxString text = _("次の議題：") + to_wx(next->title);
      dc.DrawText(wxControl::Ellipsize(text, dc, wxELLIPSIZE_END, width), margin, y);
      y += unit * 2;
    }
  }

  // The decisions so far.
  dc.SetPen(wxPen(kRule, std::max(1, unit / 12)));
  dc.DrawLine(margin, y, margin + width, y);
  y += unit / 2;
  dc.SetFont(font(unit * 6 / 5, true));
  dc.SetTextForeground(kInk);
  dc.DrawText(_("これまでの決定事項"), margin, y);
  y += unit * 2;
  const auto decisions = shown_decisions(*state_);
  const int bottom = size.y - margin / 2 - unit * 2;
  dc.SetFont(font(unit));
  if (decisions.empty()) {
    dc.SetTextForeground(kGrey);
    dc.DrawText(_("まだありません"), margin, y);
  }
  // Agreed decisions first, then proposals (and deferred ones): when not all fit, the newest
  // agreed ones are kept, then the newest proposals, and a last line says how many are left out.
  auto line_of = [&](const core::Decision& d) {
    wxString text = wxString::FromUTF8("・") + one_line(d.text) + wxString::FromUTF8("　") + consent_summary(d);
    if (d.status != core::DecisionStatus::agreed)
      text += wxString::FromUTF8("　［") + label_of(d.status) + wxString::FromUTF8("］");
    return wrap_text(dc, text, width);
  };
  std::vector<const core::Decision*> by_priority;
  for (bool agreed : {true, false})
    for (auto it = decisions.rbegin(); it != decisions.rend(); ++it)
      if (((*it)->status == core::DecisionStatus::agreed) == agreed) by_priority.push_back(*it);
  std::vector<std::pair<const core::Decision*, wxString>> chosen;
  auto choose = [&](int room) {
    chosen.clear();
    int used = 0;
    for (const core::Decision* d : by_priority) {
      wxString text = line_of(*d);
      const int h = dc.GetMultiLineTextExtent(text).y + unit / 3;
      if (used + h > room) break;
      used += h;
      chosen.emplace_back(d, std::move(text));
    }
  };
  choose(bottom - y);
  const wxString more_sample = wxString::Format(_("ほか %d 件"), 99);
  if (chosen.size() < decisions.size()) choose(bottom - y - dc.GetTextExtent(more_sample).y - unit / 3);
  const int more = static_cast<int>(decisions.size() - chosen.size());
  // Shown agreed first, each group in the order recorded.
  std::stable_sort(chosen.begin(), chosen.end(), [&](const auto& a, const auto& b) {
    const bool aa = a.first->status == core::DecisionStatus::agreed, ba = b.first->status == core::DecisionStatus::agreed;
    if (aa != ba) return aa;
    return std::find(decisions.begin(), decisions.end(), a.first) < std::find(decisions.begin(), decisions.end(), b.first);
  });
  std::vector<std::string> painted;
  for (const auto& [d, text] : chosen) {
    dc.SetTextForeground(d->status == core::DecisionStatus::agreed ? kAgreed : kInk);
    dc.DrawText(text, margin, y);
    y += dc.GetMultiLineTextExtent(text).y + unit / 3;
    painted.push_back(to_utf8(one_line(d->text) + " " + consent_summary(*d)));
  }
  if (more > 0) {
    dc.SetTextForeground(kGrey);
    dc.DrawText(wxString::Format(_("ほか %d 件"), more), margin, y);
  }
  if (painted != painted_decisions_ || more != painted_more_) {
    painted_decisions_ = std::move(painted);
    painted_more_ = more;
    if (on_painted_) CallAfter([this] {
        if (on_painted_) on_painted_();
      });
  }

  dc.SetFont(font(unit * 2 / 3));
  dc.SetTextForeground(kGrey);
  const wxString keys = move_ ? _("Esc：戻る　→：次の議題　←：前の議題") : _("Esc：戻る");
  dc.DrawText(keys, margin, size.y - margin / 2 - dc.GetTextExtent(keys).y);
}

nlohmann::json PresentationFrame::dump() const {
  nlohmann::json out{{"shown", IsShown()}, {"full_screen", IsFullScreen()}};
  if (!state_) return out;
  const TimerView timer = timer_view(*state_, now_ms());
  out["title"] = to_utf8(timer.title);
  const core::AgendaItem* current = state_->current_item();
  out["item"] = current ? current->title : restricted_current_ ? to_utf8(_("（専門職のみの議題です。この画面には表示しません）")) : "";
  nlohmann::json agenda = nlohmann::json::array();
  for (const auto& a : state_->agenda) agenda.push_back(a.title);
  out["agenda"] = agenda;
  out["timer"] = to_utf8(timer_elapsed_text(timer) + " " + timer_left_text(timer));
  // The decisions as last drawn, in their order on the screen, and how many did not fit.
  out["decisions"] = painted_decisions_;
  out["decisions_more"] = painted_more_;
  out["decisions_total"] = shown_decisions(*state_).size();
  return out;
}

}  // namespace renkei::gui
