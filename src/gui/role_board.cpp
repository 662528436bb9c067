#include "role_board.hpp"

#include <wx/control.h>
#include <wx/dcbuffer.h>
#include <wx/menu.h>
#include <wx/settings.h>

#include <algorithm>

#include "authority_ui.hpp"
#include "panel_common.hpp"

namespace renkei::gui {
namespace {

// Colours: formal resources blue, informal green (told apart by the badge text as well).
const wxColour kFormalInk(0x1F, 0x4E, 0x8C), kFormalFill(0xEA, 0xF1, 0xFB), kFormalBadge(0x2F, 0x6D, 0xB5);
const wxColour kInformalInk(0x1E, 0x5E, 0x3A), kInformalFill(0xEA, 0xF6, 0xEE), kInformalBadge(0x2E, 0x7D, 0x4F);
const wxColour kKeyBadge(0xF6, 0xC3, 0x3B), kKeyInk(0x4A, 0x36, 0x00);
const wxColour kMineBadge(0x6A, 0x1B, 0x9A);
const wxColour kColumnFill(0xF2, 0xF3, 0xF5), kInk(0x22, 0x22, 0x22), kGrey(0x66, 0x66, 0x66);

constexpr int kCardWidthDip = 236;
constexpr int kPadDip = 10;

}  // namespace

RoleBoardCanvas::RoleBoardCanvas(wxWindow* parent, LiveSession& session)
    : wxScrolledCanvas(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                       wxHSCROLL | wxVSCROLL | wxWANTS_CHARS | wxFULL_REPAINT_ON_RESIZE),
      session_(session) {
  SetName("role_board");
  set_accessible_name(this, _("役割分担ボード"));
  SetBackgroundStyle(wxBG_STYLE_PAINT);
  SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW));
  SetScrollRate(FromDIP(12), FromDIP(12));
  Bind(wxEVT_PAINT, [this](wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    DoPrepareDC(dc);
    draw(dc);
  });
  for (auto type : {wxEVT_LEFT_DOWN, wxEVT_LEFT_UP, wxEVT_LEFT_DCLICK, wxEVT_MOTION, wxEVT_RIGHT_DOWN})
    Bind(type, &RoleBoardCanvas::on_mouse, this);
  Bind(wxEVT_MOUSE_CAPTURE_LOST, [this](wxMouseCaptureLostEvent&) {
    dragging_ = false;
    press_id_.clear();
    Refresh();
  });
  Bind(wxEVT_KEY_DOWN, &RoleBoardCanvas::on_key, this);
  Bind(wxEVT_SET_FOCUS, [this](wxFocusEvent& e) { Refresh(); e.Skip(); });
  Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) { Refresh(); e.Skip(); });
  Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent&) { show_menu(); });
}

void RoleBoardCanvas::refresh(std::shared_ptr<const core::MeetingState> state, bool only_mine) {
  state_ = std::move(state);
  // Snapshots come with every keystroke anyone types: lay the cards out again only when the
  // roles, the filter, the text size or this person's attendee changed.
  std::string key = only_mine ? "1" : "0";
  key += std::to_string(GetFont().GetFractionalPointSize()) + "/" + id_or_empty(session_.session().own_attendee());
  if (state_)
    for (const auto& r : state_->roles)
      key += "|" + r.id.to_string() + "\x1f" + r.role + "\x1f" + r.who + "\x1f" + id_or_empty(r.attendee) + "\x1f" +
             core::to_string(r.resource) + (r.key_person ? "*" : "") + "\x1f" + r.can_do + "\x1f" + r.cannot_do;
  if (key == layout_key_) return;
  layout_key_ = std::move(key);
  only_mine_ = only_mine;
  layout();
  Refresh();
}

void RoleBoardCanvas::layout() {
  columns_.clear();
  if (!state_) return;
  const auto own = session_.session().own_attendee();
  const std::string own_name = session_.display_name();
  // Columns in order of first appearance, as the roles are listed.
  for (const auto& r : state_->roles) {
    const bool mine = is_own_role(r, own, own_name);
    if (only_mine_ && !mine) continue;
    auto column = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.who == r.who; });
    if (column == columns_.end()) {
      columns_.push_back(Column{r.who, r.attendee, {}, {}});
      column = columns_.end() - 1;
    }
    if (!column->attendee && r.attendee) column->attendee = r.attendee;
    Card card;
    card.id = r.id.to_string();
    // A role not everyone may see says so before its name (［専門職のみ］).
    card.role = with_visibility_tag(*state_, r.partition, to_wx(r.role));
    card.can_do = to_wx(r.can_do);
    card.cannot_do = to_wx(r.cannot_do);
    card.resource = r.resource;
    card.key_person = r.key_person;
    card.mine = mine;
    column->cards.push_back(std::move(card));
  }
  // This person's own columns first: what they have to do is in view without scrolling.
  std::stable_partition(columns_.begin(), columns_.end(), [](const Column& c) {
    return std::any_of(c.cards.begin(), c.cards.end(), [](const Card& card) { return card.mine; });
  });
  // Sizes: text wrapped to the card, measured in the fonts it is drawn in.
  wxClientDC dc(this);
  const int pad = FromDIP(kPadDip), width = FromDIP(kCardWidthDip), inner = width - 2 * pad;
  const wxFont font = GetFont(), bold = GetFont().Bold(), small = GetFont().Scaled(0.9f);
  const int line_gap = FromDIP(4);
  int x = pad, height = 0;
  for (auto& column : columns_) {
    dc.SetFont(bold);
    int y = pad + dc.GetTextExtent("Ag").y + pad;  // the column heading
    for (auto& card : column.cards) {
      int h = pad;
      dc.SetFont(small);
      h += dc.GetTextExtent("Ag").y + FromDIP(6) + line_gap;  // badges
      dc.SetFont(bold);
      card.role = wrap_text(dc, card.role.empty() ? _("（役割未記入）") : card.role, inner);
      h += dc.GetMultiLineTextExtent(card.role).y + line_gap;
      dc.SetFont(font);
      for (wxString* text : {&card.can_do, &card.cannot_do}) {
        *text = wrap_text(dc, text->empty() ? wxString::FromUTF8("—") : *text, inner);
        dc.SetFont(small);
        h += dc.GetTextExtent("Ag").y;
        dc.SetFont(font);
        h += dc.GetMultiLineTextExtent(*text).y + line_gap;
      }
      h += pad;
      card.rect = wxRect(x + pad, y, inner + 2 * pad, h);
      y += h + pad;
    }
    column.rect = wxRect(x, 0, width + 2 * pad, std::max(y, FromDIP(120)));
    height = std::max(height, column.rect.height);
    x += column.rect.width + pad;
  }
  for (auto& column : columns_) column.rect.height = height;
  SetVirtualSize(x, height + pad);
}

int RoleBoardCanvas::badge(wxDC& dc, const wxString& text, int x, int y, const wxColour& fill, const wxColour& ink) {
  const wxSize size = dc.GetTextExtent(text);
  const int px = FromDIP(6), py = FromDIP(2);
  dc.SetPen(*wxTRANSPARENT_PEN);
  dc.SetBrush(wxBrush(fill));
  dc.DrawRoundedRectangle(x, y, size.x + 2 * px, size.y + 2 * py, FromDIP(4));
  dc.SetTextForeground(ink);
  dc.DrawText(text, x + px, y + py);
  return size.x + 2 * px + FromDIP(6);
}

void RoleBoardCanvas::draw_card(wxDC& dc, const Card& card, const wxPoint& at) {
  const bool formal = card.resource == core::ResourceKind::formal;
  const wxRect r(at, card.rect.GetSize());
  const bool selected = card.id == selected_;
  const int pad = FromDIP(kPadDip), line_gap = FromDIP(4);
  // The card, with a stripe of its resource colour on the left.
  dc.SetPen(wxPen(selected ? wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT)
                           : card.key_person ? kKeyBadge : wxColour(0xCF, 0xD3, 0xD9),
                  selected ? FromDIP(3) : card.key_person ? FromDIP(2) : 1));
  dc.SetBrush(wxBrush(formal ? kFormalFill : kInformalFill));
  dc.DrawRoundedRectangle(r, FromDIP(6));
  dc.SetPen(*wxTRANSPARENT_PEN);
  dc.SetBrush(wxBrush(formal ? kFormalBadge : kInformalBadge));
  dc.DrawRectangle(r.x + 1, r.y + FromDIP(6), FromDIP(4), r.height - FromDIP(12));

  const wxFont font = GetFont(), bold = GetFont().Bold(), small = GetFont().Scaled(0.9f);
  int x = r.x + pad, y = r.y + pad;
  dc.SetFont(small.Bold());
  x += badge(dc, formal ? _("フォーマル") : _("インフォーマル"), x, y, formal ? kFormalBadge : kInformalBadge, *wxWHITE);
  if (card.key_person) x += badge(dc, wxString::FromUTF8("★ ") + _("キーマン"), x, y, kKeyBadge, kKeyInk);
  if (card.mine) badge(dc, _("あなたの担当"), x, y, kMineBadge, *wxWHITE);
  dc.SetFont(small);
  y += dc.GetTextExtent("Ag").y + FromDIP(6) + line_gap;
  dc.SetFont(bold);
  dc.SetTextForeground(formal ? kFormalInk : kInformalInk);
  dc.DrawText(card.role, r.x + pad, y);
  y += dc.GetMultiLineTextExtent(card.role).y + line_gap;
  const std::pair<wxString, const wxString*> parts[] = {{_("できること"), &card.can_do}, {_("できないこと"), &card.cannot_do}};
  for (const auto& [label, text] : parts) {
    dc.SetFont(small);
    dc.SetTextForeground(kGrey);
    dc.DrawText(label, r.x + pad, y);
    y += dc.GetTextExtent("Ag").y;
    dc.SetFont(font);
    dc.SetTextForeground(kInk);
    dc.DrawText(*text, r.x + pad, y);
    y += dc.GetMultiLineTextExtent(*text).y + line_gap;
  }
}

void RoleBoardCanvas::draw(wxDC& dc) {
  dc.SetBackground(wxBrush(GetBackgroundColour()));
  dc.Clear();
  const int pad = FromDIP(kPadDip);
  if (columns_.empty()) {
    dc.SetFont(GetFont());
    dc.SetTextForeground(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    dc.DrawText(only_mine_ ? _("あなたの担当になっている役割はありません。")
                           : _("役割はまだありません。「追加…」で、だれが何をするかを書き込みます。"),
                pad * 2, pad * 2);
    return;
  }
  const Column* target = dragging_ ? column_at(drag_at_) : nullptr;
  for (const auto& column : columns_) {
    const bool drop_here = target == &column;
    dc.SetPen(drop_here ? wxPen(wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT), FromDIP(2)) : *wxTRANSPARENT_PEN);
    dc.SetBrush(wxBrush(kColumnFill));
    dc.DrawRoundedRectangle(column.rect, FromDIP(8));
    dc.SetFont(GetFont().Bold());
    dc.SetTextForeground(kInk);
    const wxString who = column.who.empty() ? _("（担当未定）") : to_wx(column.who);
    const wxString heading = wxControl::Ellipsize(who, dc, wxELLIPSIZE_END, column.rect.width - 2 * pad - FromDIP(30));
    dc.DrawText(heading, column.rect.x + pad, column.rect.y + pad);
    dc.SetTextForeground(kGrey);
    const wxString count = wxString::Format("%zu", column.cards.size());
    dc.DrawText(count, column.rect.GetRight() - pad - dc.GetTextExtent(count).x, column.rect.y + pad);
    for (const auto& card : column.cards) {
      const bool lifted = dragging_ && card.id == press_id_;
      draw_card(dc, card, card.rect.GetPosition() + (lifted ? drag_at_ - press_at_ : wxPoint()));
    }
  }
  if (HasFocus() && selected_.empty() && !columns_.empty() && !columns_.front().cards.empty()) {
    dc.SetPen(wxPen(wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT), 1, wxPENSTYLE_DOT));
    dc.SetBrush(*wxTRANSPARENT_BRUSH);
    dc.DrawRectangle(columns_.front().cards.front().rect.Inflate(FromDIP(2)));
  }
}

wxPoint RoleBoardCanvas::to_board(const wxPoint& client) const { return CalcUnscrolledPosition(client); }

const RoleBoardCanvas::Card* RoleBoardCanvas::card_at(const wxPoint& p) const {
  for (const auto& column : columns_)
    for (const auto& card : column.cards)
      if (card.rect.Contains(p)) return &card;
  return nullptr;
}

const RoleBoardCanvas::Column* RoleBoardCanvas::column_at(const wxPoint& p) const {
  for (const auto& column : columns_)
    if (p.x >= column.rect.x && p.x <= column.rect.GetRight()) return &column;
  return nullptr;
}

void RoleBoardCanvas::select(const std::string& id) {
  if (id == selected_) return;
  selected_ = id;
  for (const auto& column : columns_)
    for (const auto& card : column.cards)
      if (card.id == id) {
        // Scroll the card into view; say what it is to assistive technologies.
        int ux = 1, uy = 1;
        GetScrollPixelsPerUnit(&ux, &uy);
        const wxRect view(CalcUnscrolledPosition(wxPoint(0, 0)), GetClientSize());
        if (!view.Contains(card.rect))
          Scroll(card.rect.x / std::max(1, ux) - 1, card.rect.y / std::max(1, uy) - 1);
        set_accessible_name(this, _("役割分担ボード：") + to_wx(column.who) + " " + card.role);
      }
  Refresh();
  if (on_selection_) on_selection_();
}

void RoleBoardCanvas::move_selection(int dx, int dy) {
  if (columns_.empty()) return;
  std::size_t ci = 0, ki = 0;
  bool found = false;
  for (std::size_t c = 0; c < columns_.size() && !found; ++c)
    for (std::size_t k = 0; k < columns_[c].cards.size(); ++k)
      if (columns_[c].cards[k].id == selected_) {
        ci = c;
        ki = k;
        found = true;
        break;
      }
  if (found) {
    ci = static_cast<std::size_t>(std::clamp<long>(static_cast<long>(ci) + dx, 0, static_cast<long>(columns_.size()) - 1));
    const auto& cards = columns_[ci].cards;
    ki = static_cast<std::size_t>(std::clamp<long>(static_cast<long>(ki) + dy, 0, static_cast<long>(cards.size()) - 1));
  }
  if (!columns_[ci].cards.empty()) select(columns_[ci].cards[ki].id);
}

void RoleBoardCanvas::reassign(const std::string& id, const Column& to) {
  if (!state_) return;
  for (const auto& r : state_->roles) {
    if (r.id.to_string() != id || r.who == to.who) continue;
    LiveSession::Action action(session_, _("担当の変更"));
    session_.edit({{"cmd", "set"}, {"id", id}, {"field", "who"}, {"value", to.who}});
    const std::string attendee = to.attendee ? to.attendee->to_string() : std::string();
    if (id_or_empty(r.attendee) != attendee)
      session_.edit({{"cmd", "set"}, {"id", id}, {"field", "attendee"}, {"value", attendee}});
  }
}

void RoleBoardCanvas::on_mouse(wxMouseEvent& event) {
  const wxPoint p = to_board(event.GetPosition());
  const Card* card = card_at(p);
  if (event.LeftDown()) {
    SetFocus();
    select(card ? card->id : std::string());
    press_id_ = card ? card->id : std::string();
    press_at_ = p;
    if (card) CaptureMouse();
  } else if (event.Dragging() && !press_id_.empty()) {
    // A card moves once the pointer has gone a little way.
    if (!dragging_ && (std::abs(p.x - press_at_.x) > FromDIP(6) || std::abs(p.y - press_at_.y) > FromDIP(6))) {
      dragging_ = true;
      SetCursor(wxCursor(wxCURSOR_HAND));
    }
    if (dragging_) {
      drag_at_ = p;
      Refresh();
    }
  } else if (event.LeftUp()) {
    if (HasCapture()) ReleaseMouse();
    const std::string id = press_id_;
    const bool dropped = dragging_;
    press_id_.clear();
    dragging_ = false;
    SetCursor(wxNullCursor);
    if (dropped)
      if (const Column* to = column_at(p)) reassign(id, *to);
    Refresh();
  } else if (event.LeftDClick()) {
    if (card && on_edit_) on_edit_(card->id);
  } else if (event.RightDown()) {
    SetFocus();
    if (card) select(card->id);
    show_menu();
  }
  event.Skip(event.GetEventType() == wxEVT_MOTION);
}

void RoleBoardCanvas::on_key(wxKeyEvent& event) {
  switch (event.GetKeyCode()) {
    case WXK_LEFT: move_selection(-1, 0); break;
    case WXK_RIGHT: move_selection(+1, 0); break;
    case WXK_UP: move_selection(0, -1); break;
    case WXK_DOWN: move_selection(0, +1); break;
    case WXK_RETURN:
    case WXK_NUMPAD_ENTER:
      if (!selected_.empty() && on_edit_) on_edit_(selected_);
      break;
    case WXK_DELETE:
      if (!selected_.empty() && on_remove_) on_remove_(selected_);
      break;
    case WXK_TAB: Navigate(event.ShiftDown() ? wxNavigationKeyEvent::IsBackward : wxNavigationKeyEvent::IsForward); break;
    default: event.Skip();
  }
}

void RoleBoardCanvas::show_menu() {
  if (selected_.empty() || !state_) return;
  const core::RoleAssignment* role = nullptr;
  for (const auto& r : state_->roles)
    if (r.id.to_string() == selected_) role = &r;
  if (!role) return;
  const std::string id = selected_;
  wxMenu menu;
  menu.Append(1, _("編集…"));
  menu.Append(2, role->key_person ? _("キーマンから外す") : _("キーマンにする"));
  menu.Append(3, role->resource == core::ResourceKind::formal ? _("インフォーマルにする") : _("フォーマルにする"));
  menu.AppendSeparator();
  menu.Append(4, _("削除"));
  menu.AppendSeparator();
  menu.Append(5, _("公開範囲…"))->Enable(holds_chair(session_, *state_));
  switch (GetPopupMenuSelectionFromUser(menu)) {
    case 1: if (on_edit_) on_edit_(id); break;
    case 2:
      session_.edit({{"cmd", "set"}, {"id", id}, {"field", "key_person"}, {"value", !role->key_person}});
      break;
    case 3:
      session_.edit({{"cmd", "set"}, {"id", id}, {"field", "resource"},
                     {"value", role->resource == core::ResourceKind::formal ? "informal" : "formal"}});
      break;
    case 4: if (on_remove_) on_remove_(id); break;
    case 5: if (on_visibility_) on_visibility_(id); break;
    default: break;
  }
}

nlohmann::json RoleBoardCanvas::dump() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& column : columns_) {
    nlohmann::json cards = nlohmann::json::array();
    for (const auto& card : column.cards) {
      wxString role = card.role, can = card.can_do, cannot = card.cannot_do;
      for (wxString* s : {&role, &can, &cannot}) s->Replace("\n", "");
      cards.push_back({{"id", card.id},
                       {"role", to_utf8(role)},
                       {"badge", to_utf8(card.resource == core::ResourceKind::formal ? _("フォーマル") : _("インフォーマル"))},
                       {"key_person", card.key_person},
                       {"mine", card.mine},
                       {"can_do", to_utf8(can)},
                       {"cannot_do", to_utf8(cannot)}});
    }
    out.push_back({{"who", column.who}, {"cards", std::move(cards)}});
  }
  return out;
}

}  // namespace renkei::gui
