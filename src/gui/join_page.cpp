#include "join_page.hpp"

#include <wx/button.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/msgdlg.h>
#include <wx/radiobut.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "wx_util.hpp"

namespace renkei::gui {

JoinPage::JoinPage(wxWindow* parent, std::function<void(session::JoinOptions)> on_join)
    : wxPanel(parent, wxID_ANY), on_join_(std::move(on_join)) {
  SetName("join_page");
  const int gap = FromDIP(8);

  auto* where = new wxStaticBoxSizer(wxVERTICAL, this, _("会議の場所"));
  wxWindow* wb = where->GetStaticBox();
  discover_ = new wxRadioButton(wb, wxID_ANY, _("同じネットワークで会議を自動的に探す"), wxDefaultPosition,
                                wxDefaultSize, wxRB_GROUP);
  discover_->SetName("discover");
  typed_ = new wxRadioButton(wb, wxID_ANY, _("司会者の画面に表示されたアドレスを入力する"));
  typed_->SetName("use_address");
  address_ = new wxTextCtrl(wb, wxID_ANY);
  address_->SetName("address");
  address_->SetHint(_("例：192.168.1.5:47000"));
  // TODO(session): a list of the meetings discovery finds, once session.hpp offers browsing;
  // until then "自動的に探す" joins the first meeting found (JoinOptions::address empty).
  auto* note = new wxStaticText(wb, wxID_ANY, _("自動で見つからないとき（ルーターが通さないときなど）は、アドレスを入力してください。"));
  note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  where->Add(discover_, 0, wxALL, gap);
  where->Add(typed_, 0, wxLEFT | wxRIGHT, gap);
  where->Add(address_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
  where->Add(note, 0, wxALL, gap);
  typed_->SetValue(true);

  auto* who = new wxStaticBoxSizer(wxVERTICAL, this, _("参加の手続き"));
  wxWindow* hb = who->GetStaticBox();
  auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), gap));
  grid->AddGrowableCol(1, 1);
  code_ = new wxTextCtrl(hb, wxID_ANY);
  code_->SetName("join_code");
  code_->SetHint(_("例：7K3M-Q9PX-R"));
  code_->SetFont(wxFontInfo(code_->GetFont().GetFractionalPointSize() * 1.3).Family(wxFONTFAMILY_TELETYPE));
  name_ = new wxTextCtrl(hb, wxID_ANY, wxConfigBase::Get()->Read("participant/name", wxString()));
  name_->SetName("display_name");
  name_->SetHint(_("例：佐藤 花子（〇〇訪問看護）"));
  grid->Add(new wxStaticText(hb, wxID_ANY, _("参加コード")), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(code_, 1, wxEXPAND);
  grid->Add(new wxStaticText(hb, wxID_ANY, _("あなたの名前")), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(name_, 1, wxEXPAND);
  who->Add(grid, 0, wxEXPAND | wxALL, gap);
  auto* code_note = new wxStaticText(hb, wxID_ANY, _("参加コードは司会者の画面に表示されています。小文字や全角で入力してもかまいません。"));
  code_note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  who->Add(code_note, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);

  auto* file_box = new wxStaticBoxSizer(wxVERTICAL, this, _("記録ファイル"));
  const wxString stamp = wxDateTime::Now().Format("%Y-%m-%d_%H%M");
  file_ = new wxFilePickerCtrl(file_box->GetStaticBox(), wxID_ANY, wxString(), _("会議の記録ファイル"),
                               _("Renkei の会議 (*.renkei)|*.renkei|すべてのファイル|*"), wxDefaultPosition,
                               wxDefaultSize, wxFLP_SAVE | wxFLP_USE_TEXTCTRL);
  file_->SetName("meeting_file");
  file_->GetPickerCtrl()->SetLabel(_("参照…"));
  file_->SetPath(wxFileName(default_meeting_folder(), safe_file_name(_("参加_") + stamp), "renkei").GetFullPath());
  file_box->Add(file_, 0, wxEXPAND | wxALL, gap);

  auto* join = new wxButton(this, wxID_ANY, _("参加する"));
  join->SetName("join");
  join->SetDefault();

  auto* column = new wxBoxSizer(wxVERTICAL);
  column->Add(where, 0, wxEXPAND);
  column->Add(who, 0, wxEXPAND | wxTOP, gap);
  column->Add(file_box, 0, wxEXPAND | wxTOP, gap);
  auto* top = new wxBoxSizer(wxVERTICAL);
  auto* centred = new wxBoxSizer(wxHORIZONTAL);
  centred->AddStretchSpacer(1);
  centred->Add(column, 4, wxEXPAND);
  centred->AddStretchSpacer(1);
  top->Add(centred, 1, wxEXPAND | wxALL, FromDIP(12));
  top->Add(join, 0, wxALIGN_RIGHT | wxRIGHT | wxBOTTOM, FromDIP(12));
  SetSizer(top);

  discover_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { update_enabled(); });
  typed_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { update_enabled(); });
  join->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { this->join(); });
  update_enabled();
}

void JoinPage::update_enabled() { address_->Enable(typed_->GetValue()); }

void JoinPage::join() {
  session::JoinOptions o;
  if (typed_->GetValue()) {
    o.address = normalize_ascii_input(address_->GetValue());
    if (o.address.empty()) {
      wxMessageBox(_("司会者の画面に表示されているアドレス（例：192.168.1.5:47000）を入力してください。"),
                   _("会議に参加する"), wxOK | wxICON_WARNING, this);
      address_->SetFocus();
      return;
    }
  }
  o.code = normalize_join_code(code_->GetValue());
  o.display_name = to_utf8(name_->GetValue().Strip(wxString::both));
  if (o.code.empty() || o.display_name.empty()) {
    wxMessageBox(_("参加コードとあなたの名前を入力してください。"), _("会議に参加する"), wxOK | wxICON_WARNING, this);
    (o.code.empty() ? code_ : name_)->SetFocus();
    return;
  }
  o.db = std::filesystem::path(to_utf8(file_->GetPath()));
  wxConfigBase::Get()->Write("participant/name", name_->GetValue());
  on_join_(std::move(o));
}

}  // namespace renkei::gui
