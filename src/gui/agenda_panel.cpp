#include "agenda_panel.hpp"

#include <wx/button.h>
#include <wx/menu.h>
#include <wx/tglbtn.h>
#include <wx/settings.h>
#include <wx/sizer.h>

#include "authority_ui.hpp"
#include "core/edit.hpp"
#include "panel_common.hpp"

namespace renkei::gui {
namespace {

enum Column { kNumber, kTitle, kPresenter, kTimebox, kElapsed, kStatus };

const wxColour kCurrent(0xDC, 0xEB, 0xFA);
const wxColour kNearly(0xFF, 0xEF, 0xC0);
const wxColour kOver(0xF8, 0xD4, 0xD4);
const wxColour kInk(0x1E, 0x1E, 0x1E);

// Row colours for an item: the current one stands out, in amber / red as its time runs out.
void style_row(const core::AgendaItem& item, std::int64_t elapsed, wxColour& bg, wxColour& fg) {
  bg = wxNullColour;
  fg = wxNullColour;
  const TimeboxUse use = timebox_use(item, elapsed);
  if (item.status == core::AgendaStatus::current) {
    bg = use == TimeboxUse::over ? kOver : use == TimeboxUse::nearly ? kNearly : kCurrent;
    fg = kInk;  // readable on these light backgrounds whatever the theme
  } else if (item.status == core::AgendaStatus::done || item.status == core::AgendaStatus::skipped) {
    fg = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
  }
}

// The status, and for the current item how its time stands (visible even on a selected row,
// whose highlight hides the row colour).
wxString status_cell(const core::AgendaItem& item, std::int64_t elapsed) {
  if (item.status != core::AgendaStatus::current) return label_of(item.status);
  switch (timebox_use(item, elapsed)) {
    case TimeboxUse::over: return wxString::FromUTF8("▶ ") + _("時間超過");
    case TimeboxUse::nearly: return wxString::FromUTF8("▶ ") + _("残りわずか");
    default: return wxString::FromUTF8("▶ ") + label_of(item.status);
  }
}

}  // namespace

AgendaPanel::AgendaPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "agenda", "agenda_item",
                     {{"#", 32}, {_("議題"), 130, true}, {_("担当"), 64}, {_("時間"), 56}, {_("経過"), 56}, {_("状態"), 92}},
                     true),
      clock_(this) {
  auto* nav = new wxBoxSizer(wxHORIZONTAL);
  auto add_nav = [&](const wxString& label, const wxString& name, const wxString& tip, auto handler) {
    auto* b = new wxButton(this, wxID_ANY, label);
    b->SetName(name);
    b->SetToolTip(tip);
    b->Bind(wxEVT_BUTTON, handler);
    nav->Add(b, 1, wxRIGHT, FromDIP(6));
    return b;
  };
  back_ = add_nav(wxString::FromUTF8("◀ ") + _("前の議題"), "back", _("ひとつ前の議題に戻る"),
                  [this](wxCommandEvent&) { back(); });
  advance_ = add_nav(_("次の議題") + wxString::FromUTF8(" ▶"), "advance", _("この議題を終えて次の議題へ進む"),
                     [this](wxCommandEvent&) { advance(); });
  follow_ = new wxToggleButton(this, wxID_ANY, _("議題を追う"));
  follow_->SetName("follow");
  follow_->SetValue(true);
  follow_->SetToolTip(_("押してある間は、司会が議題を進めると表示もその議題に移ります。ほかの議題を見るときは外します。"));
  follow_->Bind(wxEVT_TOGGLEBUTTON, [this](wxCommandEvent&) { set_following(follow_->GetValue()); });
  nav->Add(follow_, 0, wxALIGN_CENTER_VERTICAL);
  const session::Role role = session_.session().role();
  // The participant follows the chair; the chair leads; offline there is nothing to follow.
  back_->Show(role != session::Role::participant);
  advance_->Show(role != session::Role::participant);
  follow_->Show(role != session::Role::offline);
  if (role == session::Role::participant) nav->InsertStretchSpacer(0);
  timer_ = new TimerBar(this);
  GetSizer()->Insert(0, nav, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));
  GetSizer()->Insert(0, timer_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));

  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
    // The person chose another item to look at: stop following until asked again.
    if (!selecting_ && !refreshing_ && following_ && state_) {
      const auto* current = state_->current_item();
      if (current && list_->selected_id() != current->id.to_string()) set_following(false);
    }
    notify_selection();
    e.Skip();
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); }, clock_.GetId());
  clock_.Start(1000);
}

std::vector<ListRow> AgendaPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  const std::int64_t now = now_ms();
  int n = 0;
  for (const auto& item : state.agenda) {
    ListRow row;
    row.id = item.id.to_string();
    const std::int64_t elapsed = elapsed_seconds(item, now);
    const bool started = elapsed > 0 || item.status != core::AgendaStatus::pending;
    row.cells = {wxString::Format("%d", ++n),
                 with_visibility_tag(state, item.partition, to_wx(item.title)),
                 to_wx(item.presenter),
                 item.timebox_min > 0 ? wxString::Format(_("%d分"), item.timebox_min) : wxString(),
                 started ? format_elapsed(elapsed) : wxString(),
                 status_cell(item, elapsed)};
    style_row(item, elapsed, row.background, row.foreground);
    row.bold = item.status == core::AgendaStatus::current;
    out.push_back(std::move(row));
  }
  return out;
}

void AgendaPanel::select_programmatically(const std::string& id) {
  selecting_ = true;
  list_->select_id(id);
  selecting_ = false;
}

void AgendaPanel::set_following(bool follow) {
  const bool changed = follow != following_;
  following_ = follow;
  if (follow_->GetValue() != follow) follow_->SetValue(follow);
  const wxString label = follow ? _("議題を追う") : _("議題を追う（停止中）");
  if (follow_->GetLabel() != label) {
    // A longer label needs a wider button: lay the row out again (else it is cut off).
    follow_->SetLabel(label);
    follow_->InvalidateBestSize();
    Layout();
  }
  if (follow && state_)
    if (const auto* current = state_->current_item()) select_programmatically(current->id.to_string());
  notify_selection();
  if (changed && on_follow_) on_follow_(follow);
}

nlohmann::json AgendaPanel::dump_follow() const {
  return {{"label", to_utf8(follow_->GetLabel())},
          {"width", follow_->GetSize().x},
          {"best_width", follow_->GetBestSize().x}};
}

void AgendaPanel::after_refresh() {
  timer_->update(state_);
  const auto* current = state_->current_item();
  const std::string current_id = current ? current->id.to_string() : std::string();
  // The agenda moved on: follow it (the notes show the item being discussed).
  if (following_ && !current_id.empty() && list_->selected_id() != current_id) select_programmatically(current_id);
  current_id_ = current_id;
  if (list_->selected_id().empty() && !list_->ids().empty())
    select_programmatically(current_id.empty() ? list_->ids().front() : current_id);
  notify_selection();
  // What the core would refuse is not offered: back needs a current item, next a pending one.
  bool pending = false;
  for (const auto& item : state_->agenda) pending |= item.status == core::AgendaStatus::pending;
  // Running the agenda is the chair's: a participant who took the chair over gets the buttons,
  // a chair who handed it over has them greyed out.
  const bool chair = holds_chair(session_, *state_);
  // (A participant still receiving the meeting holds nothing yet, though no chair is known.)
  const bool shown = session_.session().role() != session::Role::participant || (chair && state_->meeting.chair);
  if (back_->IsShown() != shown) {
    back_->Show(shown);
    advance_->Show(shown);
    Layout();
  }
  back_->Enable(chair && current != nullptr);
  advance_->Enable(chair && (current != nullptr || pending));
  const wxString label =
      current || !pending ? _("次の議題") + wxString::FromUTF8(" ▶") : _("会議を始める") + wxString::FromUTF8(" ▶");
  if (advance_->GetLabel() != label) {
    advance_->SetLabel(label);
    advance_->InvalidateBestSize();
    Layout();
  }
}

void AgendaPanel::tick() {
  if (!state_) return;
  const auto* current = state_->current_item();
  if (!current) return;
  const std::string id = current->id.to_string();
  const std::int64_t elapsed = elapsed_seconds(*current, now_ms());
  list_->set_cell(id, kElapsed, format_elapsed(elapsed));
  list_->set_cell(id, kStatus, status_cell(*current, elapsed));
  wxColour bg, fg;
  style_row(*current, elapsed, bg, fg);
  list_->set_row_colours(id, bg, fg);
}

void AgendaPanel::notify_selection() {
  const std::string id = list_->selected_id();
  if (id.empty() || id == notified_id_) return;
  notified_id_ = id;
  if (on_select_) on_select_(id);
}

// Moving the agenda oneself means wanting to see where it goes.
void AgendaPanel::advance() {
  set_following(true);
  session_.edit({{"cmd", "advance"}});
}
void AgendaPanel::back() {
  set_following(true);
  session_.edit({{"cmd", "back"}});
}
void AgendaPanel::finish() { session_.edit({{"cmd", "finish"}}); }
void AgendaPanel::make_current(const std::string& id) {
  set_following(true);
  session_.edit({{"cmd", "set_current"}, {"id", id}});
}

void AgendaPanel::show_context_menu() {
  const std::string id = list_->selected_id();
  if (id.empty() || !state_) return;
  const bool chair = holds_chair(session_, *state_);
  wxMenu menu;
  menu.Append(1, _("この議題に移る"))->Enable(chair);
  menu.Append(2, _("省略にする"))->Enable(chair);
  menu.Append(3, _("未着手に戻す"))->Enable(chair);
  menu.AppendSeparator();
  menu.Append(4, _("編集…"))->Enable(may_edit(*state_));
  menu.Append(5, _("削除"))->Enable(may_edit(*state_));
  menu.AppendSeparator();
  menu.Append(6, _("公開範囲…"))->Enable(chair);
  switch (GetPopupMenuSelectionFromUser(menu)) {
    case 1: make_current(id); break;
    case 2: session_.edit({{"cmd", "set"}, {"id", id}, {"field", "status"}, {"value", "skipped"}}); break;
    case 3: session_.edit({{"cmd", "set"}, {"id", id}, {"field", "status"}, {"value", "pending"}}); break;
    case 4: edit_selected(); break;
    case 5: remove_selected(); break;
    case 6: change_visibility(); break;
    default: break;
  }
}

std::vector<FormField> AgendaPanel::form(const core::MeetingState&) const {
  return {
      FormField::text("title", _("議題")),
      FormField::text("presenter", _("担当"), _("例：司会、相談支援専門員")),
      FormField::integer("timebox_min", _("時間（分）"), 0, 600),
  };
}

nlohmann::json AgendaPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& item : state.agenda)
    if (item.id.to_string() == id)
      return {{"title", item.title}, {"presenter", item.presenter}, {"timebox_min", item.timebox_min}};
  return {{"timebox_min", 5}};
}

bool AgendaPanel::may_edit(const core::MeetingState& state) const { return holds_chair_or_recorder(session_, state); }

wxString AgendaPanel::item_noun() const { return C_("noun", "議題"); }

std::optional<std::size_t> AgendaPanel::insert_index() const {
  const long i = list_->selected_index();
  if (i < 0) return std::nullopt;
  return static_cast<std::size_t>(i + 1);
}

}  // namespace renkei::gui
