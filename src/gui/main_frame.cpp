#include "main_frame.hpp"

#include <wx/app.h>
#include <wx/filedlg.h>
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
#include "checklist_panel.hpp"
#include "decisions_panel.hpp"
#include "issues_panel.hpp"
#include "meeting_banner.hpp"
#include "minutes/minutes.hpp"
#include "notes_panel.hpp"
#include "roles_panel.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

enum MenuId {
  kExport = wxID_HIGHEST + 1, kMeetingInfo, kCloseMeeting, kNext, kPrevious, kFinish,
  kAddItem, kEditItem, kRemoveItem, kMoveUp, kMoveDown, kAdmit, kDeny, kFirstTab,
};

// The tab names accepted by --tab, in tab order.
const char* const kTabNames[] = {"notes", "roles", "checklist", "decisions", "issues", "attendees"};

enum StatusField { kMessageField, kPeersField, kRoleField };

}  // namespace

MainFrame::MainFrame(std::unique_ptr<LiveSession> session, MainFrameOptions options)
    : wxFrame(nullptr, wxID_ANY, "Renkei", wxDefaultPosition, wxDefaultSize),
      session_(std::move(session)),
      options_(std::move(options)),
      message_timer_(this) {
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
  roles_ = new RolesPanel(tabs_, *session_);
  checklist_ = new ChecklistPanel(tabs_, *session_);
  decisions_ = new DecisionsPanel(tabs_, *session_);
  issues_ = new IssuesPanel(tabs_, *session_);
  attendees_ = new AttendeesPanel(tabs_, *session_);
  tabs_->AddPage(notes_, _("検討内容・結論"));
  tabs_->AddPage(roles_, _("役割分担"));
  tabs_->AddPage(checklist_, _("チェックリスト"));
  tabs_->AddPage(decisions_, _("決定事項"));
  tabs_->AddPage(issues_, _("残された課題"));
  tabs_->AddPage(attendees_, _("出席者"));
  splitter_->SplitVertically(agenda_, tabs_, FromDIP(470));
  splitter_->SetSashGravity(0.0);

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(banner_, 0, wxEXPAND);
  top->Add(requests_bar_, 0, wxEXPAND);
  top->Add(messages_bar_, 0, wxEXPAND);
  top->Add(splitter_, 1, wxEXPAND | wxTOP, FromDIP(4));
  root->SetSizer(top);

  CreateStatusBar(3);
  const int widths[] = {-1, FromDIP(160), FromDIP(200)};
  GetStatusBar()->SetStatusWidths(3, widths);
  build_menu();

  agenda_->on_select([this](const std::string& id) {
    notes_->show_item(id);
    write_ui_dump();
  });
  requests_bar_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer_join_request(true); }, kAdmit);
  requests_bar_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { answer_join_request(false); }, kDeny);
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { messages_bar_->Dismiss(); }, message_timer_.GetId());
  Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);

  SetSize(FromDIP(wxSize(1280, 820)));
  SetMinSize(FromDIP(wxSize(900, 600)));
  session_->set_observer(this);
  refresh_all();
  select_tab(options_.tab);
  Centre();
}

MainFrame::~MainFrame() {
  if (session_) session_->set_observer(nullptr);
}

void MainFrame::build_menu() {
  auto* file = new wxMenu;
  file->Append(kExport, _("議事録の出力…\tCtrl+E"));
  file->Append(kMeetingInfo, _("会議情報…\tCtrl+I"));
  file->AppendSeparator();
  file->Append(kCloseMeeting, _("会議を閉じる\tCtrl+W"));
  file->Append(wxID_EXIT, _("終了\tCtrl+Q"));
  auto* flow = new wxMenu;
  flow->Append(kNext, _("次の議題\tAlt+Right"));
  flow->Append(kPrevious, _("前の議題\tAlt+Left"));
  flow->Append(kFinish, _("この議題を終了"));
  flow->AppendSeparator();
  flow->Append(kAddItem, _("議題を追加…"));
  flow->Append(kEditItem, _("議題を編集…"));
  flow->Append(kRemoveItem, _("議題を削除"));
  flow->Append(kMoveUp, _("議題を上へ"));
  flow->Append(kMoveDown, _("議題を下へ"));
  auto* view = new wxMenu;
  for (std::size_t i = 0; i < tabs_->GetPageCount(); ++i)
    view->Append(kFirstTab + static_cast<int>(i), tabs_->GetPageText(i) + wxString::Format("\tCtrl+%zu", i + 1));
  auto* help = new wxMenu;
  help->Append(wxID_ABOUT, _("Renkei について"));
  auto* bar = new wxMenuBar;
  bar->Append(file, _("ファイル(&F)"));
  bar->Append(flow, _("進行(&M)"));
  bar->Append(view, _("表示(&V)"));
  bar->Append(help, _("ヘルプ(&H)"));
  SetMenuBar(bar);

  Bind(wxEVT_MENU, [this](wxCommandEvent&) { export_minutes(); }, kExport);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { banner_->edit_meeting(); }, kMeetingInfo);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, kCloseMeeting);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) {
    quitting_ = true;
    if (!Close()) quitting_ = false;
  }, wxID_EXIT);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->advance(); }, kNext);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->back(); }, kPrevious);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->finish(); }, kFinish);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->add_item(); }, kAddItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->edit_selected(); }, kEditItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->remove_selected(); }, kRemoveItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->move_selected(-1); }, kMoveUp);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->move_selected(+1); }, kMoveDown);
  Bind(wxEVT_MENU, [this](wxCommandEvent& e) { tabs_->SetSelection(static_cast<std::size_t>(e.GetId() - kFirstTab)); },
       kFirstTab, kFirstTab + static_cast<int>(tabs_->GetPageCount()) - 1);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) {
    wxMessageBox(_("Renkei（連携）\nケース会議（サービス担当者会議・個別支援会議など）を、"
                   "参加者の端末どうしで共有しながら進めるためのツールです。"),
                 _("Renkei について"), wxOK | wxICON_INFORMATION, this);
  }, wxID_ABOUT);
}

void MainFrame::select_tab(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kTabNames); ++i)
    if (name == kTabNames[i]) tabs_->SetSelection(i);
}

void MainFrame::on_state_changed() { refresh_all(); }

void MainFrame::refresh_all() {
  const auto state = session_->state();
  banner_->refresh(state);
  notes_->refresh(state);   // before the agenda, whose selection may show another item in it
  agenda_->refresh(state);
  roles_->refresh(state);
  checklist_->refresh(state);
  decisions_->refresh(state);
  issues_->refresh(state);
  attendees_->refresh(state);
  const auto& m = state->meeting;
  wxString title = "Renkei";
  if (!m.person_name.empty()) title = with_honorific(m.person_name) + " - " + title;
  title = to_wx(m.title.empty() ? core::label_ja(m.kind) : m.title) + " - " + title;
  if (GetTitle() != title) SetTitle(title);
  refresh_status();
  write_ui_dump();
}

void MainFrame::refresh_status() {
  const auto& s = session_->session();
  const wxString role = s.role() == session::Role::chair         ? _("司会（主催）")
                        : s.role() == session::Role::participant ? _("参加者")
                                                                 : _("ネットワークなし");
  SetStatusText(role + wxString::FromUTF8("：") + to_wx(session_->display_name()), kRoleField);
  SetStatusText(s.role() == session::Role::offline ? wxString()
                                                   : wxString::Format(_("接続中の端末：%zu台"), s.connected_peers()),
                kPeersField);
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
      show_message(_("間違った参加コードが何度も入力されたため、参加コードを新しくしました。"), wxICON_WARNING);
      write_ui_dump();
      break;
    case Kind::rejected:
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
  show_message(_("変更できませんでした：") + message, wxICON_WARNING);
}

void MainFrame::show_message(const wxString& message, int icon) {
  SetStatusText(message, kMessageField);
  messages_bar_->ShowMessage(message, icon);
  message_timer_.StartOnce(10000);
}

void MainFrame::queue_join_request(const nlohmann::json& request) {
  join_requests_.push_back(request);
  if (join_requests_.size() == 1) show_next_join_request();
  RequestUserAttention(wxUSER_ATTENTION_INFO);
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
  const std::string fp = join_requests_.front().value("fingerprint", std::string());
  join_requests_.pop_front();
  admit ? session_->session().admit(fp) : session_->session().deny(fp);
  show_next_join_request();
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
  try {
    wxBusyCursor busy;
    minutes::RenderOptions render;
    render.generated_on = today_iso();
    minutes::export_minutes(*state, format, std::filesystem::path(to_utf8(dialog.GetPath())), render);
  } catch (const std::exception& e) {
    wxMessageBox(_("議事録を出力できませんでした。\n\n") + to_wx(e.what()), _("議事録の出力"), wxOK | wxICON_ERROR, this);
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
  notes_->flush();  // applied before the session stops: edits are handled in order
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

void MainFrame::write_ui_dump() const {
  if (options_.ui_dump.empty()) return;
  nlohmann::json dump{{"window_title", to_utf8(GetTitle())},
                      {"banner", banner_->dump()},
                      {"agenda", agenda_->dump()},
                      {"selected_agenda_item", agenda_->selected_id()},
                      {"item", notes_->dump()},
                      {"roles", roles_->dump()},
                      {"checklist", checklist_->dump()},
                      {"decisions", decisions_->dump()},
                      {"open_issues", issues_->dump()},
                      {"attendees", attendees_->dump()},
                      {"devices", attendees_->dump_devices()},
                      {"status", to_utf8(GetStatusBar()->GetStatusText(kMessageField))},
                      {"peers_status", to_utf8(GetStatusBar()->GetStatusText(kPeersField))},
                      {"join_request", requests_bar_->IsShown() && !join_requests_.empty()}};
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
