#include "join_page.hpp"

#include <wx/button.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/radiobut.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "wx_util.hpp"

namespace renkei::gui {

namespace {

constexpr auto kDiscoveryTime = std::chrono::milliseconds(2500);

}  // namespace

JoinPage::JoinPage(wxWindow* parent, std::function<void(session::JoinOptions)> on_join)
    : wxPanel(parent, wxID_ANY), on_join_(std::move(on_join)), discovery_timer_(this) {
  SetName("join_page");
  const int gap = FromDIP(8);

  auto* where = new wxStaticBoxSizer(wxVERTICAL, this, _("会議の場所"));
  wxWindow* wb = where->GetStaticBox();
  discover_ = new wxRadioButton(wb, wxID_ANY, _("ネットワーク上で見つかった会議"), wxDefaultPosition, wxDefaultSize,
                                wxRB_GROUP);
  discover_->SetName("use_found");
  // Discovery carries no names or titles (DESIGN.md, Network): a meeting is told apart by the
  // chair's device fingerprint, which the chair's screen shows too.
  found_ = new wxListCtrl(wb, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 96)),
                          wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES);
  found_->SetName("found_meetings");
  found_->AppendColumn(_("司会者の端末の指紋"), wxLIST_FORMAT_LEFT, FromDIP(200));
  found_->AppendColumn(_("アドレス"), wxLIST_FORMAT_LEFT, FromDIP(200));
  search_ = new wxButton(wb, wxID_ANY, _("もう一度探す"));
  search_->SetName("search");
  found_status_ = new wxStaticText(wb, wxID_ANY, wxString());
  found_status_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  typed_ = new wxRadioButton(wb, wxID_ANY, _("司会者の画面に表示されたアドレスを入力する"));
  typed_->SetName("use_address");
  address_ = new wxTextCtrl(wb, wxID_ANY);
  address_->SetName("address");
  address_->SetHint(_("例：192.168.1.5:47000"));
  where->Add(discover_, 0, wxALL, gap);
  auto* found_row = new wxBoxSizer(wxHORIZONTAL);
  found_row->Add(found_, 1, wxEXPAND | wxRIGHT, gap);
  found_row->Add(search_, 0, wxALIGN_TOP);
  where->Add(found_row, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
  where->Add(found_status_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
  where->AddSpacer(gap);
  where->Add(typed_, 0, wxLEFT | wxRIGHT, gap);
  where->Add(address_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP | wxBOTTOM, gap);
  typed_->SetValue(true);

  auto* who = new wxStaticBoxSizer(wxVERTICAL, this, _("参加の手続き"));
  wxWindow* hb = who->GetStaticBox();
  auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), gap));
  grid->AddGrowableCol(1, 1);
  code_ = new wxTextCtrl(hb, wxID_ANY);
  code_->SetName("join_code");
  code_->SetHint(_("例：7K3M-Q9PX-N"));
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
  found_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) {
    discover_->SetValue(true);
    update_enabled();
  });
  found_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { this->join(); });
  search_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { discover(); });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll_discovery(); }, discovery_timer_.GetId());
  join->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { this->join(); });
  update_enabled();
}

void JoinPage::update_enabled() { address_->Enable(typed_->GetValue()); }

void JoinPage::discover_once() {
  if (!discovered_) discover();
}

void JoinPage::discover() {
  if (discovery_.valid()) return;  // already looking
  discovered_ = true;
  search_->Disable();
  found_status_->SetLabel(_("同じネットワークの会議を探しています…"));
  // discover_meetings() blocks for its whole timeout: run it off the GUI thread.
  discovery_ = std::async(std::launch::async, [] { return session::discover_meetings(kDiscoveryTime); });
  discovery_timer_.Start(100);
}

void JoinPage::poll_discovery() {
  if (!discovery_.valid() || discovery_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  discovery_timer_.Stop();
  meetings_ = discovery_.get();
  search_->Enable();
  found_->DeleteAllItems();
  for (std::size_t i = 0; i < meetings_.size(); ++i) {
    const long row = found_->InsertItem(static_cast<long>(i), to_wx(meetings_[i].fingerprint));
    found_->SetItem(row, 1, to_wx(meetings_[i].address));
  }
  if (meetings_.empty()) {
    found_status_->SetLabel(_("見つかりませんでした。司会者の画面に表示されているアドレスを入力してください。"));
  } else {
    found_status_->SetLabel(wxString::Format(_("%zu件見つかりました。司会者の画面の「この端末の指紋」と同じものを選んでください。"),
                                             meetings_.size()));
    if (meetings_.size() == 1) found_->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
  }
  Layout();
}

void JoinPage::join() {
  session::JoinOptions o;
  if (discover_->GetValue()) {
    const long row = found_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || row >= static_cast<long>(meetings_.size())) {
      wxMessageBox(_("参加する会議を一覧から選ぶか、アドレスを入力してください。"), _("会議に参加する"),
                   wxOK | wxICON_WARNING, this);
      return;
    }
    o.address = meetings_[static_cast<std::size_t>(row)].address;
  } else {
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
