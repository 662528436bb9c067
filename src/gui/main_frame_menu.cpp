// The meeting window's menus and what they do beyond the panels: undo / redo, text size,
// presentation mode, recent files, and the window's remembered size and place.
#include <wx/config.h>
#include <wx/display.h>
#include <wx/filehistory.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/splitter.h>

#include <algorithm>

#include "agenda_panel.hpp"
#include "authority_ui.hpp"
#include "ecomap_panel.hpp"
#include "main_frame.hpp"
#include "main_frame_ids.hpp"
#include "meeting_banner.hpp"
#include "notes_panel.hpp"
#include "panel_common.hpp"
#include "presentation_frame.hpp"
#include "roles_tab.hpp"

namespace renkei::gui {

void MainFrame::build_menu() {
  const bool participant = session_->session().role() == session::Role::participant;
  auto* file = new wxMenu;
  file->Append(kExport, _("議事録の出力…\tCtrl+E"));
  file->Append(kExportEcomap, _("エコマップを書き出す…\tCtrl+Shift+E"))->Enable(ecomap_available());
  file->Append(kMeetingInfo, _("会議情報…\tCtrl+I"));
  file->AppendSeparator();
  recent_menu_ = new wxMenu;
  file->AppendSubMenu(recent_menu_, _("最近使ったファイル"));
  if (options_.history) {
    options_.history->UseMenu(recent_menu_);
    options_.history->AddFilesToMenu(recent_menu_);
  }
  file->AppendSeparator();
  file->Append(kCloseMeeting, _("会議を閉じる\tCtrl+W"));
  file->Append(wxID_EXIT, _("終了\tCtrl+Q"));

  edit_menu_ = new wxMenu;
  edit_menu_->Append(wxID_UNDO, _("元に戻す\tCtrl+Z"));
  edit_menu_->Append(wxID_REDO, _("やり直す\tCtrl+Shift+Z"));

  auto* flow = new wxMenu;
  // Offered to everyone, greyed out for whoever does not hold the chair: a participant may
  // take the chair over later.
  flow->Append(kNext, _("次の議題\tAlt+Right"));
  flow->Append(kPrevious, _("前の議題\tAlt+Left"));
  flow->Append(kFinish, _("この議題を終了"));
  flow->AppendSeparator();
  flow->AppendCheckItem(kFollow, _("議題を追う\tCtrl+L"))->Check(agenda_->following());
  flow->AppendSeparator();
  flow->Append(kRecordDecision, participant ? _("決定を提案…\tCtrl+D") : _("決定を記録…\tCtrl+D"));
  flow->AppendSeparator();
  flow->Append(kAddItem, _("議題を追加…\tCtrl+T"));
  flow->Append(kEditItem, _("議題を編集…"));
  flow->Append(kRemoveItem, _("議題を削除"));
  flow->Append(kMoveUp, _("議題を上へ\tAlt+Up"));
  flow->Append(kMoveDown, _("議題を下へ\tAlt+Down"));

  // Who leads the meeting and who sees what (authority_ui.hpp).
  auto* meeting = new wxMenu;
  meeting->Append(kNameViceChair, _("副司会を指名…"));
  meeting->Append(kNameRecorder, _("記録係を指名…"));
  meeting->AppendSeparator();
  meeting->Append(kHandOver, _("司会を交代…"));
  meeting->Append(kTakeChair, _("司会を引き継ぐ"));
  meeting->AppendSeparator();
  meeting->Append(kVisibility, _("選んだ項目の公開範囲…"));

  auto* view = new wxMenu;
  for (std::size_t i = 0; i < tabs_->GetPageCount(); ++i)
    view->Append(kFirstTab + static_cast<int>(i), tabs_->GetPageText(i) + wxString::Format("\tCtrl+%zu", i + 1));
  view->AppendSeparator();
  view->Append(kZoomIn, _("文字を大きく\tCtrl++"));
  view->Append(kZoomOut, _("文字を小さく\tCtrl+-"));
  view->Append(kZoomReset, _("標準の文字の大きさ\tCtrl+0"));
  view->AppendSeparator();
  view->Append(kPresentation, _("プレゼンテーション表示\tF5"));
  auto* help = new wxMenu;
  help->Append(wxID_ABOUT, _("Renkei について"));
  auto* bar = new wxMenuBar;
  bar->Append(file, _("ファイル(&F)"));
  bar->Append(edit_menu_, _("編集(&E)"));
  bar->Append(flow, _("進行(&M)"));
  bar->Append(meeting, _("会議(&C)"));
  bar->Append(view, _("表示(&V)"));
  bar->Append(help, _("ヘルプ(&H)"));
  SetMenuBar(bar);
  // Shortcuts a menu item has only one of: Ctrl+Y for redo, Ctrl+= (unshifted +) and the
  // keypad keys for the text size.
  wxAcceleratorEntry keys[] = {
      {wxACCEL_CTRL, 'Y', wxID_REDO},        {wxACCEL_CTRL, '=', kZoomIn},
      {wxACCEL_CTRL, WXK_NUMPAD_ADD, kZoomIn}, {wxACCEL_CTRL, WXK_NUMPAD_SUBTRACT, kZoomOut},
      {wxACCEL_CTRL | wxACCEL_SHIFT, ';', kZoomIn},
  };
  SetAcceleratorTable(wxAcceleratorTable(static_cast<int>(std::size(keys)), keys));
  update_undo_menu();
  // Alt+arrows run the agenda whatever has the focus: a list (the agenda after a click or a
  // drag) would otherwise take them as its own arrow keys before the menu sees them.
  Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
    int id = 0;
    if (e.GetModifiers() == wxMOD_ALT) switch (e.GetKeyCode()) {
        case WXK_RIGHT: case WXK_NUMPAD_RIGHT: id = kNext; break;
        case WXK_LEFT: case WXK_NUMPAD_LEFT: id = kPrevious; break;
        case WXK_UP: case WXK_NUMPAD_UP: id = kMoveUp; break;
        case WXK_DOWN: case WXK_NUMPAD_DOWN: id = kMoveDown; break;
        default: break;
      }
    wxMenuItem* item = id ? GetMenuBar()->FindItem(id) : nullptr;
    if (!item) {
      e.Skip();
      return;
    }
    // As the menu would: only what is not greyed out.
    DoMenuUpdates(item->GetMenu());
    if (item->IsEnabled()) ProcessCommand(id);
  });

  Bind(wxEVT_MENU, [this](wxCommandEvent&) { export_minutes(); }, kExport);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { ecomap_->export_ecomap(); }, kExportEcomap);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { banner_->edit_meeting(); }, kMeetingInfo);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, kCloseMeeting);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) {
    quitting_ = true;
    if (!Close()) quitting_ = false;
  }, wxID_EXIT);
  Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
    if (!options_.history || !options_.open_file) return;
    const wxString path = options_.history->GetHistoryFile(static_cast<std::size_t>(e.GetId() - wxID_FILE1));
    options_.open_file(std::filesystem::path(to_utf8(path)));
  }, wxID_FILE1, wxID_FILE9);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { undo(); }, wxID_UNDO);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { redo(); }, wxID_REDO);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->advance(); }, kNext);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->back(); }, kPrevious);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->finish(); }, kFinish);
  Bind(wxEVT_MENU, [this](wxCommandEvent& e) { agenda_->set_following(e.IsChecked()); }, kFollow);
  Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Check(agenda_->following()); }, kFollow);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { record_decision(); }, kRecordDecision);
  // What this person may not do is greyed out rather than refused afterwards.
  Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(holds_chair(*session_, *session_->state())); },
       kNext, kFinish);
  Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
    e.Enable(holds_chair_or_recorder(*session_, *session_->state()));
  }, kMeetingInfo);
  Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
    e.Enable(holds_chair_or_recorder(*session_, *session_->state()));
  }, kAddItem, kMoveDown);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { name_vice_chair(this, *session_); }, kNameViceChair);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { name_recorder(this, *session_); }, kNameRecorder);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { hand_chair_over(this, *session_); }, kHandOver);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { take_chair(this, *session_); }, kTakeChair);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { change_selected_visibility(); }, kVisibility);
  for (int id : {kNameViceChair, kNameRecorder, kHandOver, kVisibility})
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(holds_chair(*session_, *session_->state())); }, id);
  // Only the vice-chair takes the chair, and only explicitly (core/authority.hpp).
  Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(may_take_chair(*session_, *session_->state())); },
       kTakeChair);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->add_item(); }, kAddItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->edit_selected(); }, kEditItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->remove_selected(); }, kRemoveItem);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->move_selected(-1); }, kMoveUp);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { agenda_->move_selected(+1); }, kMoveDown);
  Bind(wxEVT_MENU, [this](wxCommandEvent& e) { tabs_->SetSelection(static_cast<std::size_t>(e.GetId() - kFirstTab)); },
       kFirstTab, kFirstTab + static_cast<int>(tabs_->GetPageCount()) - 1);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { zoom(1.1); }, kZoomIn);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { zoom(1.0 / 1.1); }, kZoomOut);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { zoom(0); }, kZoomReset);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) { toggle_presentation(); }, kPresentation);
  Bind(wxEVT_MENU, [this](wxCommandEvent&) {
    wxMessageBox(_("Renkei（連携）\nケース会議（サービス担当者会議・個別支援会議など）を、"
                   "参加者の端末どうしで共有しながら進めるためのツールです。"),
                 _("Renkei について"), wxOK | wxICON_INFORMATION, this);
  }, wxID_ABOUT);
}

void MainFrame::update_undo_menu() {
  if (!edit_menu_) return;
  const UndoHistory& h = session_->history();
  auto label = [](const wxString& verb, const wxString& what, const char* keys) {
    return (what.empty() ? verb : wxString::Format(_("%s：%s"), verb, what)) + "\t" + keys;
  };
  edit_menu_->SetLabel(wxID_UNDO, label(_("元に戻す"), h.undo_label(), "Ctrl+Z"));
  edit_menu_->SetLabel(wxID_REDO, label(_("やり直す"), h.redo_label(), "Ctrl+Shift+Z"));
  edit_menu_->Enable(wxID_UNDO, h.can_undo());
  edit_menu_->Enable(wxID_REDO, h.can_redo());
}

void MainFrame::undo() {
  // Typing not yet sent becomes the step to undo first (UndoHistory waits for it).
  notes_->flush();
  if (!session_->history().undo()) wxBell();
}

void MainFrame::redo() {
  notes_->flush();
  if (!session_->history().redo()) wxBell();
}

void MainFrame::zoom(double factor) {
  const double old = ui_zoom();
  const double wanted = factor == 0 ? 1.0 : old * factor;
  set_ui_zoom(wanted);
  const double now = ui_zoom();
  if (now == old) return;
  Freeze();
  // Every font from its unzoomed size: Ctrl+0 gives back exactly the fonts there were.
  apply_zoom(this, now);
  // The agenda pane keeps its columns readable: it grows and shrinks with the text (leaving
  // the tabs at least 45 % of the window).
  // (Its width at the normal size is kept: back at 100 % it is as wide as it was.)
  if (agenda_width_ <= 0) agenda_width_ = splitter_->GetSashPosition() / old;
  const int agenda = static_cast<int>(agenda_width_ * now + 0.5);
  const int most = std::max(FromDIP(260), splitter_->GetClientSize().x * 55 / 100);
  splitter_->SetSashPosition(std::clamp(agenda, FromDIP(260), most));
  notes_->fonts_changed();
  roles_->fonts_changed();
  ecomap_->fonts_changed();
  refresh_all();
  Layout();
  SendSizeEvent();
  Thaw();
  // GTK measures the new fonts when it next lays the window out: sizes are taken again then.
  CallAfter([this] {
    invalidate_best_sizes(this);
    notes_->fonts_changed();
    roles_->fonts_changed();
    ecomap_->fonts_changed();
    Layout();
    SendSizeEvent();
    write_ui_dump();
  });
  SetStatusText(wxString::Format(_("文字の大きさ：%d%%"), static_cast<int>(now * 100 + 0.5)), 0);
}

void MainFrame::toggle_presentation() {
  if (presentation_) {
    presentation_->Close();
    return;
  }
  // The chair moves the agenda from the shared screen; a participant only shows it.
  PresentationFrame::Move move;
  if (session_->session().role() != session::Role::participant)
    move = [this](int delta) { delta > 0 ? agenda_->advance() : agenda_->back(); };
  auto* frame = new PresentationFrame(this, session_->state(), std::move(move));
  presentation_ = frame;
  frame->on_painted([this] { write_ui_dump(); });
  frame->Bind(wxEVT_CLOSE_WINDOW, [this, frame](wxCloseEvent&) {
    frame->Destroy();
    Raise();
    CallAfter([this] { write_ui_dump(); });
  });
  frame->Show();
  frame->ShowFullScreen(true);
  frame->Raise();
  if (auto* canvas = frame->FindWindow("presentation_canvas")) canvas->SetFocus();
  write_ui_dump();
}

void MainFrame::restore_geometry() {
  wxConfigBase* config = wxConfigBase::Get();
  const wxRect r(config->ReadLong("window/meeting/x", -1), config->ReadLong("window/meeting/y", -1),
                 config->ReadLong("window/meeting/w", 0), config->ReadLong("window/meeting/h", 0));
  // Only a place still on one of the screens (a projector may have gone).
  if (r.width >= FromDIP(600) && r.height >= FromDIP(400) && wxDisplay::GetFromPoint(r.GetTopLeft()) != wxNOT_FOUND &&
      wxDisplay::GetFromPoint(r.GetBottomRight()) != wxNOT_FOUND)
    SetSize(r);
  if (config->ReadBool("window/meeting/maximized", false)) Maximize();
  const long sash = config->ReadLong("window/meeting/agenda_width", 0);
  if (sash >= FromDIP(260)) splitter_->SetSashPosition(static_cast<int>(sash));
}

void MainFrame::save_geometry() const {
  wxConfigBase* config = wxConfigBase::Get();
  config->Write("window/meeting/maximized", IsMaximized());
  if (!IsMaximized() && !IsFullScreen()) {
    const wxRect r = GetRect();
    config->Write("window/meeting/x", r.x);
    config->Write("window/meeting/y", r.y);
    config->Write("window/meeting/w", r.width);
    config->Write("window/meeting/h", r.height);
  }
  config->Write("window/meeting/agenda_width", splitter_->GetSashPosition());
  config->Flush();
}

}  // namespace renkei::gui
