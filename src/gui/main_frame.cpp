#include "main_frame.hpp"

#include <wx/app.h>
#include <wx/display.h>
#include <wx/filedlg.h>
#include <wx/filehistory.h>
#include <wx/filename.h>
#include <wx/infobar.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/utils.h>

#include <fstream>

#include "agenda_panel.hpp"
#include "attendees_panel.hpp"
#include "authority_ui.hpp"
#include "checklist_panel.hpp"
#include "decisions_panel.hpp"
#include "ecomap_panel.hpp"
#include "error_text.hpp"
#include "issues_panel.hpp"
#include "main_frame_ids.hpp"
#include "meeting_banner.hpp"
#include "minutes/minutes.hpp"
#include "notes_panel.hpp"
#include "presentation_frame.hpp"
#include "roles_tab.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

enum StatusField { kMessageField, kPeersField, kRoleField };

// A participant without a link for this long hears about it (shorter outages pass silently).
constexpr int kOutageNoticeMs = 20000;

}  // namespace

MainFrame::MainFrame(std::unique_ptr<LiveSession> session, MainFrameOptions options)
    : wxFrame(nullptr, wxID_ANY, "Renkei", wxDefaultPosition, wxDefaultSize),
      session_(std::move(session)),
      options_(std::move(options)),
      message_timer_(this),
      outage_timer_(this) {
  SetName("meeting_window");
  auto* root = new wxPanel(this);
  banner_ = new MeetingBanner(root, *session_);
  requests_bar_ = new wxInfoBar(root);
  requests_bar_->SetName("join_requests");
  messages_bar_ = new wxInfoBar(root);
  messages_bar_->SetName("messages");

  splitter_ = new wxSplitterWindow(root, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE | wxSP_3DSASH);
  splitter_->SetMinimumPaneSize(FromDIP(260));
  agenda_ = new AgendaPanel(splitter_, *session_);
  tabs_ = new wxNotebook(splitter_, wxID_ANY);
  tabs_->SetName("tabs");
  notes_ = new NotesPanel(tabs_, *session_);
  roles_ = new RolesTab(tabs_, *session_);
  ecomap_ = new EcomapPanel(tabs_, *session_);
  checklist_ = new ChecklistPanel(tabs_, *session_);
  decisions_ = new DecisionsPanel(tabs_, *session_);
  issues_ = new IssuesPanel(tabs_, *session_);
  attendees_ = new AttendeesPanel(tabs_, *session_);
  for (std::size_t i = 0; i < std::size(kTabs); ++i) {
    wxWindow* pages[] = {notes_, roles_, ecomap_, checklist_, decisions_, issues_, attendees_};
    tabs_->AddPage(pages[i], tr(kTabs[i].label));
  }
  // What a screen reader says for each list.
  set_accessible_name(agenda_->list(), _("議題の一覧"));
  set_accessible_name(decisions_->list(), _("決定事項の一覧"));
  set_accessible_name(issues_->list(), _("残された課題の一覧"));
  set_accessible_name(attendees_->list(), _("出席者の一覧"));
  set_accessible_name(tabs_, _("会議の内容"));
  // The bars' close buttons show only an icon.
  set_accessible_name_of_icon_buttons(requests_bar_, _("閉じる"));
  set_accessible_name_of_icon_buttons(messages_bar_, _("閉じる"));
  splitter_->SplitVertically(agenda_, tabs_, FromDIP(470));
  splitter_->SetSashGravity(0.0);
  // The width the person gives the agenda by dragging the sash is its width at the normal text
  // size (zoom()); the splitter's own adjustments (a pane's minimum) are not (only a drag sends
  // "changing" first).
  splitter_->Bind(wxEVT_SPLITTER_SASH_POS_CHANGING, [this](wxSplitterEvent& e) {
    sash_dragged_ = true;
    e.Skip();
  });
  splitter_->Bind(wxEVT_SPLITTER_SASH_POS_CHANGED, [this](wxSplitterEvent& e) {
    if (sash_dragged_) agenda_width_ = e.GetSashPosition() / ui_zoom();
    sash_dragged_ = false;
    e.Skip();
  });

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(banner_, 0, wxEXPAND);
  top->Add(requests_bar_, 0, wxEXPAND);
  top->Add(messages_bar_, 0, wxEXPAND);
  top->Add(splitter_, 1, wxEXPAND | wxTOP, FromDIP(4));
  root->SetSizer(top);

  CreateStatusBar(3);
  const int widths[] = {-1, FromDIP(200), FromDIP(220)};
  GetStatusBar()->SetStatusWidths(3, widths);
  build_menu();

  agenda_->on_select([this](const std::string& id) {
    notes_->show_item(id);
    write_ui_dump();
  });
  agenda_->timer()->on_warning([this](const TimerView& v) {
    // Quiet: the status bar and the timer's colour, no dialog, no sound; gone with the item.
    if (v.use == TimeboxUse::none) {
      if (GetStatusBar()->GetStatusText(kMessageField) == timebox_warning_) SetStatusText(wxString(), kMessageField);
      timebox_warning_.clear();
      return;
    }
    timebox_warning_ = wxString::Format(v.use == TimeboxUse::over ? _("「%s」は予定の時間を過ぎました。")
                                                                   : _("「%s」は残り時間がわずかです。"),
                                        v.title);
    SetStatusText(timebox_warning_, kMessageField);
  });
  agenda_->on_follow([this](bool follow) {
    SetStatusText(follow ? _("司会の進める議題を表示しています。")
                         : _("議題を追うのを止めました。司会の進める議題に戻るには「議題を追う」を押します（Ctrl+L）。"),
                  kMessageField);
    write_ui_dump();
  });
  notes_->on_record_decision([this] { record_decision(); });
  // Text applied once this person's own typing has landed is shown after the snapshot came:
  // the dump follows the screen.
  notes_->on_updated([this] { write_ui_dump(); });
  tabs_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
    e.Skip();
    CallAfter([this] {
      // The ecomap is drawn when it is looked at (a hidden tab is not drawn).
      if (tabs_->GetCurrentPage() == ecomap_) ecomap_->refresh(session_->state());
      write_ui_dump();
    });
  });
  requests_bar_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer_join_request(true); }, kAdmit);
  requests_bar_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer_join_request(false); }, kDeny);
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { messages_bar_->Dismiss(); }, message_timer_.GetId());
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
    if (session_->session().connected_peers() > 0) return;
    outage_reported_ = true;
    show_message(_("司会者の端末に接続できていません。自動で接続し直しています（この端末での記録は続けられます）。"),
                 wxICON_WARNING);
    message_timer_.Stop();  // stays until the link is back
  }, outage_timer_.GetId());
  Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);

  // A size that fits the screen it opens on (a small laptop, or a large scale factor).
  const wxRect area = wxDisplay(wxDisplay::GetFromWindow(this) == wxNOT_FOUND
                                    ? 0u
                                    : static_cast<unsigned>(wxDisplay::GetFromWindow(this)))
                          .GetClientArea();
  wxSize minimum = FromDIP(wxSize(900, 600)), size = FromDIP(wxSize(1280, 820));
  minimum.DecTo(area.GetSize());
  size.DecTo(area.GetSize());
  SetMinSize(minimum);
  SetSize(size);
  Centre();
  restore_geometry();
  apply_zoom(this, ui_zoom());
  session_->history().on_changed = [this] { update_undo_menu(); };
  session_->history().on_error = [this](const wxString& message) { show_message(message, wxICON_WARNING); };
  session_->set_observer(this);
  refresh_all();
  select_tab(options_.tab);
  if (options_.presentation) CallAfter([this] { toggle_presentation(); });
}

MainFrame::~MainFrame() {
  if (options_.history && recent_menu_) options_.history->RemoveMenu(recent_menu_);
  if (presentation_) presentation_->Destroy();
  if (session_) {
    session_->history().on_changed = nullptr;
    session_->history().on_error = nullptr;
    session_->set_observer(nullptr);
  }
}

std::filesystem::path MainFrame::db_path() const { return session_->session().db_path(); }

void MainFrame::select_tab(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kTabs); ++i)
    if (name == kTabs[i].name) tabs_->SetSelection(i);
}

void MainFrame::on_state_changed() { refresh_all(); }

void MainFrame::refresh_all() {
  const auto state = session_->state();
  banner_->refresh(state);
  notes_->refresh(state);   // before the agenda, whose selection may show another item in it
  agenda_->refresh(state);
  roles_->refresh(state);
  ecomap_->refresh(state);
  checklist_->refresh(state);
  decisions_->refresh(state);
  issues_->refresh(state);
  attendees_->refresh(state);
  if (presentation_) presentation_->refresh(state);
  const auto& m = state->meeting;
  wxString title = "Renkei";
  if (!m.person_name.empty()) title = with_honorific(m.person_name) + " - " + title;
  title = (m.title.empty() ? label_of(m.kind) : to_wx(m.title)) + " - " + title;
  if (GetTitle() != title) SetTitle(title);
  refresh_status();
  write_ui_dump();
}

void MainFrame::refresh_status() {
  const auto& s = session_->session();
  const auto state = session_->state();
  // The part this person has now: a chair who handed the chair over takes part like anyone.
  const wxString role = s.role() == session::Role::offline                              ? _("ネットワークなし")
                        : s.role() == session::Role::chair && holds_chair(*session_, *state) ? _("司会（主催）")
                        : may_take_chair(*session_, *state)                                 ? _("副司会")
                                                                                            : _("参加者");
  SetStatusText(wxString::Format(_("%s：%s"), role, to_wx(session_->display_name())), kRoleField);
  update_connection();
}

void MainFrame::update_connection() {
  const auto& s = session_->session();
  const std::size_t peers = s.connected_peers();
  wxString text;
  if (s.role() == session::Role::chair) {
    text = wxString::Format(_("接続中の端末：%zu台"), peers);
  } else if (s.role() == session::Role::participant) {
    const bool connected = peers > 0;
    text = connected ? wxString::FromUTF8("● ") + _("接続中") : wxString::FromUTF8("○ ") + _("再接続しています…");
    banner_->set_connected(connected);
    if (connected) {
      // Back again: say nothing, take back what was said about the outage.
      was_connected_ = true;
      outage_timer_.Stop();
      if (outage_reported_) {
        outage_reported_ = false;
        messages_bar_->Dismiss();
        SetStatusText(wxString(), kMessageField);
      }
    } else if (was_connected_ && !outage_timer_.IsRunning() && !outage_reported_) {
      outage_timer_.StartOnce(kOutageNoticeMs);
    }
  }
  if (GetStatusBar()->GetStatusText(kPeersField) != text) SetStatusText(text, kPeersField);
}

void MainFrame::on_session_event(const session::Event& event) {
  using Kind = session::Event::Kind;
  const auto& d = event.data;
  switch (event.kind) {
    case Kind::hosting:
      banner_->set_addresses(d.value("addresses", nlohmann::json::array()));
      break;
    case Kind::peers_changed:
      attendees_->refresh(session_->state());
      // A request answered elsewhere (the attendee tab, or the device left) is no longer asked.
      if (!join_requests_.empty()) {
        bool waiting = false;
        for (const auto& p : session_->session().peers())
          if (p.fingerprint == join_requests_.front().value("fingerprint", std::string()) &&
              p.state == session::PeerStatus::State::awaiting_admission)
            waiting = true;
        if (!waiting) {
          join_requests_.pop_front();
          show_next_join_request();
        }
      }
      refresh_status();
      write_ui_dump();
      break;
    case Kind::join_request:
      queue_join_request(d);
      break;
    case Kind::code_rotated:
      banner_->refresh(session_->state());
      refresh_status();
      // This device now chairs the meeting (handover, takeover), or no longer does, or wrong
      // codes were tried.
      if (d.contains("reason") && d.value("code", std::string()).empty()) {
        join_requests_.clear();  // the new chair's device answers them now
        show_next_join_request();
        show_message(_("司会を交代しました。これから参加する端末は、新しい司会の端末に表示される参加コードで受け付けます。"),
                     wxICON_INFORMATION);
      } else if (d.contains("reason"))
        show_message(_("この端末が司会になりました。これから参加する端末は、この端末に表示された新しい参加コードで受け付けます。"),
                     wxICON_INFORMATION);
      else
        show_message(_("間違った参加コードが何度も入力されたため、参加コードを新しくしました。"), wxICON_WARNING);
      write_ui_dump();
      break;
    case Kind::rejected:
      if (d.value("withdrawn", false)) {
        // Typed while the chair narrowed who may see the item (MeetingSession::rehome_withdrawn).
        const wxString text = to_wx(d.value("text", std::string()));
        show_message(d.value("rehomed", false)
                         ? _("編集中に司会がこの項目の公開範囲を変更しました。あなたの入力は、公開範囲を変えた後の項目に移しました：\n\n") + text
                         : _("編集中に司会がこの項目の公開範囲を変更し、この端末からは見られなくなりました。あなたの入力は残せませんでした。必要なら控えてください：\n\n") + text,
                     d.value("rehomed", false) ? wxICON_INFORMATION : wxICON_WARNING);
        break;
      }
      show_message(_("変更の一部が反映されませんでした：") + to_wx(d.value("reason", std::string())), wxICON_WARNING);
      break;
    case Kind::error:
      show_message(to_wx(d.value("message", std::string())), wxICON_WARNING);
      break;
    case Kind::join_failed:
      show_message(_("接続が切れました：") + to_wx(d.value("message", std::string())), wxICON_ERROR);
      break;
    case Kind::joined:
    case Kind::state_changed:
      break;
  }
}

void MainFrame::on_edit_failed(const wxString& message) {
  // What only the chair may do is said so plainly; anything else with the session's reason.
  bool permission = false;
  const wxString text = refusal_message(message, &permission);
  show_message(text, permission ? wxICON_INFORMATION : wxICON_WARNING);
  write_ui_dump();
}

void MainFrame::show_message(const wxString& message, int icon) {
  SetStatusText(message, kMessageField);
  messages_bar_->ShowMessage(message, icon);
  message_timer_.StartOnce(10000);
}

void MainFrame::queue_join_request(const nlohmann::json& request) {
  join_requests_.push_back(request);
  if (join_requests_.size() == 1) show_next_join_request();
  // wxGTK yields through the main loop in it, which does not exist yet while the application
  // starts (a device asking at once): it would crash then, and the window is being shown anyway.
  if (wxTheApp->GetMainLoop()) RequestUserAttention(wxUSER_ATTENTION_INFO);
}

void MainFrame::show_next_join_request() {
  if (join_requests_.empty()) {
    requests_bar_->Dismiss();
    return;
  }
  const auto& r = join_requests_.front();
  if (!requests_bar_->HasButtonId(kAdmit)) requests_bar_->AddButton(kAdmit, _("承認"));
  if (!requests_bar_->HasButtonId(kDeny)) requests_bar_->AddButton(kDeny, _("拒否"));
  requests_bar_->ShowMessage(
      wxString::Format(_("「%s」さんの端末（%s）が参加を求めています。端末の指紋が本人の画面と同じか確かめてから承認してください。"),
                       to_wx(r.value("name", std::string())), to_wx(r.value("short_fingerprint", std::string()))),
      wxICON_QUESTION);
}

void MainFrame::answer_join_request(bool admit) {
  if (join_requests_.empty()) return;
  const nlohmann::json request = join_requests_.front();
  const std::string fp = request.value("fingerprint", std::string());
  std::optional<std::string> audience;
  if (admit) {
    // The chair says what the newcomer may see; cancelled, the request stays.
    audience = ask_admission_audience(this, to_wx(request.value("name", std::string())),
                                      to_wx(request.value("short_fingerprint", std::string())));
    if (!audience) {
      show_next_join_request();
      return;
    }
  }
  // (While the dialog was up the device may have left, and its request gone.)
  for (auto it = join_requests_.begin(); it != join_requests_.end(); ++it)
    if (it->value("fingerprint", std::string()) == fp) {
      join_requests_.erase(it);
      break;
    }
  admit ? session_->session().admit_as(fp, *audience) : session_->session().deny(fp);
  show_next_join_request();
}

void MainFrame::change_selected_visibility() {
  const wxWindow* focus = FindFocus();
  auto inside = [focus](const wxWindow* panel) {
    for (const wxWindow* w = focus; w; w = w->GetParent())
      if (w == panel) return true;
    return false;
  };
  const wxWindow* page = tabs_->GetCurrentPage();
  if (inside(agenda_) || page == notes_) agenda_->change_visibility();
  else if (page == roles_) roles_->change_visibility();
  else if (page == ecomap_) ecomap_->change_visibility();
  else if (page == checklist_) checklist_->change_visibility();
  else if (page == decisions_) decisions_->change_visibility();
  else if (page == issues_) issues_->change_visibility();
  else if (page == attendees_) attendees_->change_visibility();
}

void MainFrame::record_decision() {
  decisions_->record_from_discussion(notes_->selected_text());
}

void MainFrame::export_minutes() {
  notes_->flush();
  const auto state = session_->state();
  const auto& m = state->meeting;
  wxString name = to_wx(m.date.empty() ? today_iso() : m.date);
  if (!m.person_name.empty()) name += "_" + to_wx(m.person_name);
  name += _("_議事録");
  // Next to the meeting file, unless it has none (then the dialog's own choice).
  const wxString folder = to_wx(session_->session().db_path().parent_path().string());
  wxFileDialog dialog(this, _("議事録の出力"), folder, safe_file_name(name) + ".pdf",
                      "PDF (*.pdf)|*.pdf|Markdown (*.md)|*.md|HTML (*.html)|*.html|JSON (*.json)|*.json",
                      wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
  if (dialog.ShowModal() != wxID_OK) return;
  static const minutes::Format kFormats[] = {minutes::Format::pdf, minutes::Format::markdown, minutes::Format::html,
                                             minutes::Format::json};
  minutes::Format format = kFormats[std::max(0, dialog.GetFilterIndex()) % 4];
  // A typed extension wins over the filter left selected.
  const std::string ext = to_utf8(wxFileName(dialog.GetPath()).GetExt().Lower());
  if (auto typed = minutes::format_from_string(ext == "htm" ? "html" : ext)) format = *typed;
  minutes::RenderOptions render;
  render.generated_on = today_iso();
#if __has_include("minutes/audience.hpp")
  // The record for the person and family leaves out what only professionals may see.
  wxMessageDialog which(this,
                        _("どちらの議事録を出力しますか？\n\n完全版：この端末が持つすべての記録。\n"
                          "出席者向け：本人・家族など、出席者全員が見てよい内容だけ。"),
                        _("議事録の出力"), wxYES_NO | wxCANCEL | wxICON_QUESTION);
  which.SetYesNoCancelLabels(_("完全版"), _("出席者向け"), _("キャンセル"));
  const int answer = which.ShowModal();
  if (answer == wxID_CANCEL) return;
  render.audience = answer == wxID_NO ? minutes::Audience::attendees : minutes::Audience::full;
#endif
  try {
    wxBusyCursor busy;
    minutes::export_minutes(*state, format, std::filesystem::path(to_utf8(dialog.GetPath())), render);
  } catch (const std::exception& e) {
    show_error(this, _("議事録の出力"), _("議事録を出力できませんでした。"), describe_export_error(e.what()));
    return;
  }
  SetStatusText(_("議事録を出力しました：") + dialog.GetPath(), kMessageField);
  write_ui_dump();
}

void MainFrame::on_close(wxCloseEvent& event) {
  const auto& s = session_->session();
  if (event.CanVeto() && s.role() == session::Role::chair && s.connected_peers() > 0) {
    wxMessageDialog ask(this,
                        _("参加者の端末がまだ接続しています。会議を閉じると、この端末との接続は切れます"
                          "（記録はこの端末のファイルに残ります）。閉じますか？"),
                        _("会議を閉じる"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetYesNoLabels(_("閉じる"), _("キャンセル"));
    if (ask.ShowModal() != wxID_YES) {
      event.Veto();
      return;
    }
  }
  save_geometry();
  notes_->flush();  // applied before the session stops: edits are handled in order
  if (presentation_) presentation_->Destroy();
  session_->set_observer(nullptr);
  {
    wxBusyCursor busy;  // closing connections may linger up to a few seconds
    session_->stop();
  }
  if (options_.on_closed) {
    auto on_closed = options_.on_closed;
    wxTheApp->CallAfter([on_closed, quit = quitting_] { on_closed(quit); });
  }
  Destroy();
}

nlohmann::json MainFrame::ui_state() const {
  const auto state = session_->state();
  const TimerView timer = agenda_->timer()->view();
  nlohmann::json menus = nlohmann::json::array();
  for (std::size_t i = 0; i < GetMenuBar()->GetMenuCount(); ++i) menus.push_back(to_utf8(GetMenuBar()->GetMenuLabelText(i)));
  const int tab = tabs_->GetSelection();
  nlohmann::json dump{{"window_title", to_utf8(GetTitle())},
                      {"banner", banner_->dump()},
                      {"agenda", agenda_->dump()},
                      {"selected_agenda_item", agenda_->selected_id()},
                      {"current_agenda_item", state->current_item() ? state->current_item()->id.to_string() : ""},
                      {"follow", agenda_->following()},
                      {"follow_button", agenda_->dump_follow()},
                      {"timer", {{"title", to_utf8(timer.title)},
                                 {"elapsed", to_utf8(timer_elapsed_text(timer))},
                                 {"left", to_utf8(timer_left_text(timer))},
                                 {"use", static_cast<int>(timer.use)}}},
                      {"item", notes_->dump()},
                      {"roles", roles_->dump()},
                      {"role_board", roles_->dump_board()},
                      {"ecomap", ecomap_->dump()},
                      {"checklist", checklist_->dump()},
                      {"decisions", decisions_->dump()},
                      {"open_issues", issues_->dump()},
                      {"attendees", attendees_->dump()},
                      {"attendee_detail", attendees_->dump_detail()},
                      {"devices", attendees_->dump_devices()},
                      {"focus_accessible", to_utf8(focused_accessible_name(const_cast<MainFrame*>(this)))},
                      {"tab", tab >= 0 && static_cast<std::size_t>(tab) < std::size(kTabs) ? kTabs[tab].name : ""},
                      {"menus", menus},
                      {"undo", {{"undo", session_->history().undo_size()},
                                {"redo", session_->history().redo_size()},
                                {"label", to_utf8(session_->history().undo_label())}}},
                      {"zoom", ui_zoom()},
                      {"layout", layout_dump()},
                      {"presentation", presentation_ ? presentation_->dump() : nlohmann::json{{"shown", false}}},
                      {"state_hash", session_->session().state_hash()},
                      {"status", to_utf8(GetStatusBar()->GetStatusText(kMessageField))},
                      {"message", messages_bar_->IsShown() ? to_utf8(GetStatusBar()->GetStatusText(kMessageField)) : ""},
                      {"peers_status", to_utf8(GetStatusBar()->GetStatusText(kPeersField))},
                      {"join_request", requests_bar_->IsShown() && !join_requests_.empty()}};
  if (options_.script_status) dump["script"] = options_.script_status();
  return dump;
}

nlohmann::json MainFrame::layout_dump() const {
  // Sizes that follow the text size (tests of zooming in and back).
  wxRect row;
  const bool has_row = agenda_->list()->GetItemCount() > 0 && agenda_->list()->GetItemRect(0, row);
  nlohmann::json columns = nlohmann::json::array();
  for (int i = 0; i < agenda_->list()->GetColumnCount(); ++i) columns.push_back(agenda_->list()->GetColumnWidth(i));
  auto points = [](const wxWindow* w) { return w->GetFont().GetFractionalPointSize(); };
  nlohmann::json fonts = nlohmann::json::object();
  for (const char* name : {"agenda", "checklist", "notes", "attendees", "follow"})
    if (const wxWindow* w = FindWindowByName(name, const_cast<MainFrame*>(this))) fonts[name] = points(w);
  return {{"agenda_row_height", has_row ? row.height : 0},
          {"agenda_columns", columns},
          {"agenda_width", splitter_->GetSashPosition()},
          {"window_width", GetClientSize().x},
          {"fonts", fonts}};
}

void MainFrame::write_ui_dump() const {
  if (options_.ui_dump.empty()) return;
  const nlohmann::json dump = ui_state();
  // Written whole then renamed, so a reader never sees half a file.
  const std::filesystem::path tmp = options_.ui_dump.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << dump.dump(2) << '\n';
    if (!out) return;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, options_.ui_dump, ec);
}

}  // namespace renkei::gui
