#include "start_frame.hpp"

#include <wx/button.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/listbox.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "app.hpp"
#include "host_page.hpp"
#include "join_page.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

// The recent meeting files that still exist, newest first.
wxArrayString recent_files() {
  wxArrayString out;
  const wxFileHistory& history = wxGetApp().history();
  for (std::size_t i = 0; i < history.GetCount(); ++i)
    if (wxFileName::FileExists(history.GetHistoryFile(i))) out.Add(history.GetHistoryFile(i));
  return out;
}

}  // namespace

StartFrame::StartFrame()
    : wxFrame(nullptr, wxID_ANY, _("Renkei（連携）— ケース会議"), wxDefaultPosition, wxDefaultSize) {
  SetName("start_window");
  auto* root = new wxPanel(this);
  auto* heading = new wxStaticText(root, wxID_ANY, _("Renkei（連携）"));
  heading->SetFont(heading->GetFont().Bold().Scaled(1.6f));
  auto* lead = new wxStaticText(root, wxID_ANY,
                                _("サービス担当者会議・個別支援会議などのケース会議を、参加者の端末どうしで共有しながら進めます。"));
  lead->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));

  tabs_ = new wxNotebook(root, wxID_ANY);
  tabs_->SetName("start_tabs");
  tabs_->AddPage(new HostPage(tabs_, [](session::HostOptions o) { wxGetApp().start_hosting(std::move(o)); }),
                 _("会議を主催する"));
  join_page_ = new JoinPage(tabs_, [](session::JoinOptions o) { wxGetApp().start_joining(std::move(o)); });
  tabs_->AddPage(join_page_, _("会議に参加する"));
  tabs_->AddPage(make_open_page(tabs_), _("記録ファイルを開く"));

  // Looking for meetings starts when someone opens the join tab, not before.
  tabs_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
    if (tabs_->GetPage(static_cast<std::size_t>(e.GetSelection())) == join_page_) join_page_->discover_once();
    e.Skip();
  });

  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  top->AddSpacer(FromDIP(4));
  top->Add(lead, 0, wxLEFT | wxRIGHT, FromDIP(16));
  top->AddSpacer(FromDIP(10));
  top->Add(tabs_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
  root->SetSizer(top);
  SetSize(FromDIP(wxSize(1080, 760)));
  SetMinSize(FromDIP(wxSize(800, 600)));
  Centre();
}

void StartFrame::refresh_recent() {
  recent_->Set(recent_files());
}

wxPanel* StartFrame::make_open_page(wxWindow* parent) {
  auto* page = new wxPanel(parent);
  page->SetName("open_page");
  auto* note = new wxStaticText(page, wxID_ANY,
                                _("終わった会議の記録ファイルを開き、内容の確認や議事録の出力をします（ネットワークには接続しません）。"));
  open_file_ = new wxFilePickerCtrl(page, wxID_ANY, wxString(), _("会議の記録ファイル"),
                                    _("Renkei の会議 (*.renkei)|*.renkei|すべてのファイル|*"), wxDefaultPosition,
                                    wxDefaultSize, wxFLP_OPEN | wxFLP_FILE_MUST_EXIST | wxFLP_USE_TEXTCTRL);
  open_file_->SetName("open_file");
  open_file_->GetPickerCtrl()->SetLabel(_("参照…"));
  open_file_->SetInitialDirectory(default_meeting_folder());
  recent_ = new wxListBox(page, wxID_ANY, wxDefaultPosition, wxDefaultSize, recent_files());
  recent_->SetName("recent_files");
  recent_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent&) { open_file_->SetPath(recent_->GetStringSelection()); });
  recent_->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) {
    open_file_->SetPath(recent_->GetStringSelection());
    open_selected();
  });
  auto* open = new wxButton(page, wxID_ANY, _("開く"));
  open->SetName("open");
  open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_selected(); });

  auto* top = new wxBoxSizer(wxVERTICAL);
  const int pad = FromDIP(12);
  top->Add(note, 0, wxALL, pad);
  top->Add(open_file_, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->Add(new wxStaticText(page, wxID_ANY, _("最近使ったファイル")), 0, wxLEFT | wxRIGHT | wxTOP, pad);
  top->AddSpacer(FromDIP(4));
  top->Add(recent_, 1, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->Add(open, 0, wxALIGN_RIGHT | wxALL, pad);
  page->SetSizer(top);
  return page;
}

void StartFrame::open_selected() {
  const wxString path = open_file_->GetPath();
  if (path.empty() || !wxFileName::FileExists(path)) {
    wxMessageBox(_("開く記録ファイルを選んでください。"), _("記録ファイルを開く"), wxOK | wxICON_WARNING, this);
    return;
  }
  wxGetApp().open_meeting_file(std::filesystem::path(to_utf8(path)));
}

}  // namespace renkei::gui
