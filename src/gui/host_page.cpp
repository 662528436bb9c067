#include "host_page.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/collpane.h>
#include <wx/config.h>
#include <wx/datectrl.h>
#include <wx/filedlg.h>
#include <wx/dateevt.h>
#include <wx/filename.h>
#include <wx/filepicker.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/combobox.h>

#include "core/meeting_state.hpp"
#include "error_text.hpp"
#include "session/meeting_setup.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

constexpr core::MeetingKind kKinds[] = {core::MeetingKind::service_coordination, core::MeetingKind::individual_support,
                                        core::MeetingKind::monitoring, core::MeetingKind::case_review};

// A label and a control in a two-column grid.
void add_row(wxWindow* parent, wxFlexGridSizer* grid, const wxString& label, wxWindow* control, int flags = 0) {
  grid->Add(new wxStaticText(parent, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(control, 1, wxEXPAND | flags);
}

}  // namespace

HostPage::HostPage(wxWindow* parent, std::function<void(session::HostOptions)> on_start)
    : wxPanel(parent, wxID_ANY), on_start_(std::move(on_start)) {
  SetName("host_page");
  const int gap = FromDIP(8);
  auto grid = [&] {
    auto* g = new wxFlexGridSizer(2, wxSize(FromDIP(12), gap));
    g->AddGrowableCol(1, 1);
    return g;
  };

  // 会議の種類
  auto* kind_box = new wxStaticBoxSizer(wxVERTICAL, this, _("会議の種類"));
  kind_ = new wxChoice(kind_box->GetStaticBox(), wxID_ANY);
  kind_->SetName("template");
  for (auto k : kKinds) kind_->Append(label_of(k));
  kind_->SetSelection(0);
  description_ = new wxStaticText(kind_box->GetStaticBox(), wxID_ANY, wxString());
  description_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  description_->SetMinSize(FromDIP(wxSize(200, -1)));  // wrapped to the column, never widening it
  preview_ = new wxListCtrl(kind_box->GetStaticBox(), wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 150)),
                            wxLC_REPORT | wxLC_NO_HEADER | wxLC_SINGLE_SEL);
  preview_->SetName("template_agenda");
  preview_->AppendColumn(wxString(), wxLIST_FORMAT_LEFT, FromDIP(300));
  preview_->AppendColumn(wxString(), wxLIST_FORMAT_RIGHT, FromDIP(56));
  preview_->Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    // The titles take what the timebox column leaves.
    preview_->SetColumnWidth(0, std::max(FromDIP(120), preview_->GetClientSize().x - FromDIP(56) - FromDIP(4)));
    e.Skip();
  });
  kind_box->Add(kind_, 0, wxEXPAND | wxALL, gap);
  kind_box->Add(description_, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
  kind_box->Add(new wxStaticText(kind_box->GetStaticBox(), wxID_ANY, _("はじめの議題")), 0, wxLEFT | wxTOP, gap);
  kind_box->Add(preview_, 1, wxEXPAND | wxALL, gap);

  // 会議の情報, optionally continuing a previous meeting of the same person
  auto* meeting_box = new wxStaticBoxSizer(wxVERTICAL, this, _("会議の情報"));
  wxWindow* mb = meeting_box->GetStaticBox();
  auto* continue_row = new wxBoxSizer(wxHORIZONTAL);
  auto* continue_button = new wxButton(mb, wxID_ANY, _("前回の会議から続ける…"));
  continue_button->SetName("continue_from");
  continue_button->SetToolTip(_("前回の会議の記録ファイルを選ぶと、残された課題を最初の議題に、出席者と役割分担を"
                                "初期値として引き継ぎ、開催回数を一つ進めます。"));
  continue_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { choose_previous(); });
  previous_label_ = new wxStaticText(mb, wxID_ANY, wxString());
  previous_label_->SetName("previous_meeting");
  previous_clear_ = new wxButton(mb, wxID_ANY, _("解除"), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
  previous_clear_->SetName("previous_clear");
  previous_clear_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { clear_previous(); });
  previous_clear_->Hide();
  continue_row->Add(continue_button, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  continue_row->Add(previous_label_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  continue_row->Add(previous_clear_, 0, wxALIGN_CENTER_VERTICAL);
  meeting_box->Add(continue_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
  auto* mg = grid();
  person_ = new wxTextCtrl(mb, wxID_ANY);
  person_->SetName("person_name");
  person_->SetHint(_("例：山田 太郎"));
  title_ = new wxTextCtrl(mb, wxID_ANY);
  title_->SetName("title");
  date_ = new wxDatePickerCtrl(mb, wxID_ANY, wxDateTime::Today(), wxDefaultPosition, wxDefaultSize,
                               wxDP_DROPDOWN | wxDP_SHOWCENTURY);
  date_->SetName("date");
  // Start times in quarter hours, or typed; the next half hour is suggested.
  wxArrayString times;
  for (int m = 7 * 60; m <= 21 * 60; m += 15) times.Add(wxString::Format("%02d:%02d", m / 60, m % 60));
  const wxDateTime now = wxDateTime::Now();
  const int next = (now.GetHour() * 60 + now.GetMinute() + 29) / 30 * 30 % (24 * 60);
  time_ = new wxComboBox(mb, wxID_ANY, wxString::Format("%02d:%02d", next / 60, next % 60), wxDefaultPosition,
                         FromDIP(wxSize(100, -1)), times);
  time_->SetName("start_time");
  place_ = new wxTextCtrl(mb, wxID_ANY);
  place_->SetName("place");
  place_->SetHint(_("例：本人宅、〇〇相談支援事業所 相談室"));
  session_number_ = new wxSpinCtrl(mb, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1,
                                   999, 1);
  session_number_->SetName("session_number");
  add_row(mb, mg, _("本人の名前"), person_);
  add_row(mb, mg, _("会議名"), title_);
  auto* when = new wxBoxSizer(wxHORIZONTAL);
  when->Add(date_, 0, wxRIGHT, FromDIP(12));
  when->Add(new wxStaticText(mb, wxID_ANY, _("開始時刻")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  when->Add(time_, 0, wxRIGHT, FromDIP(12));
  when->Add(new wxStaticText(mb, wxID_ANY, _("開催回数")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
  when->Add(session_number_, 0);
  mg->Add(new wxStaticText(mb, wxID_ANY, _("開催日")), 0, wxALIGN_CENTER_VERTICAL);
  mg->Add(when, 1, wxEXPAND);
  add_row(mb, mg, _("開催場所"), place_);
  meeting_box->Add(mg, 0, wxEXPAND | wxALL, gap);

  // 司会（あなた）
  auto* chair_box = new wxStaticBoxSizer(wxVERTICAL, this, _("司会（あなた）"));
  wxWindow* cb = chair_box->GetStaticBox();
  auto* cg = grid();
  wxConfigBase* config = wxConfigBase::Get();
  chair_name_ = new wxTextCtrl(cb, wxID_ANY, config->Read("chair/name", wxString()));
  chair_name_->SetName("chair_name");
  organization_ = new wxTextCtrl(cb, wxID_ANY, config->Read("chair/organization", wxString()));
  organization_->SetName("chair_organization");
  organization_->SetHint(_("例：〇〇相談支援センター"));
  profession_ = new wxTextCtrl(cb, wxID_ANY, config->Read("chair/profession", wxString()));
  profession_->SetName("chair_profession");
  profession_->SetHint(_("例：相談支援専門員"));
  add_row(cb, cg, _("氏名"), chair_name_);
  add_row(cb, cg, _("所属"), organization_);
  add_row(cb, cg, _("職種"), profession_);
  chair_box->Add(cg, 0, wxEXPAND | wxALL, gap);

  // 記録ファイル and network details
  auto* file_box = new wxStaticBoxSizer(wxVERTICAL, this, _("記録ファイル"));
  file_ = new wxFilePickerCtrl(file_box->GetStaticBox(), wxID_ANY, wxString(), _("会議の記録ファイル"),
                               _("Renkei の会議 (*.renkei)|*.renkei|すべてのファイル|*"), wxDefaultPosition,
                               wxDefaultSize, wxFLP_SAVE | wxFLP_USE_TEXTCTRL);
  file_->SetName("meeting_file");
  file_->GetPickerCtrl()->SetLabel(_("参照…"));
  file_box->Add(file_, 0, wxEXPAND | wxALL, gap);
  auto* more = new wxCollapsiblePane(file_box->GetStaticBox(), wxID_ANY, _("ネットワークの詳細設定"));
  wxWindow* mp = more->GetPane();
  auto* ng = grid();
  listen_ = new wxTextCtrl(mp, wxID_ANY, "0.0.0.0:0");
  listen_->SetName("listen");
  listen_->SetToolTip(_("参加者の接続を待つアドレスとポート。0.0.0.0:0 はすべてのネットワーク・空いているポート"));
  announce_ = new wxCheckBox(mp, wxID_ANY, _("同じネットワークの端末にこの会議を知らせる（名前や内容は送りません）"));
  announce_->SetValue(true);
  add_row(mp, ng, _("待ち受けアドレス"), listen_);
  ng->AddSpacer(0);
  ng->Add(announce_);
  mp->SetSizer(ng);
  file_box->Add(more, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
  more->Bind(wxEVT_COLLAPSIBLEPANE_CHANGED, [this](wxCollapsiblePaneEvent&) { GetParent()->Layout(); Layout(); });

  auto* start_button = new wxButton(this, wxID_ANY, _("会議を始める"));
  start_button->SetName("start_hosting");
  start_button->SetDefault();

  auto* columns = new wxBoxSizer(wxHORIZONTAL);
  columns->Add(kind_box, 2, wxEXPAND | wxRIGHT, FromDIP(12));
  auto* right = new wxBoxSizer(wxVERTICAL);
  right->Add(meeting_box, 0, wxEXPAND);
  right->Add(chair_box, 0, wxEXPAND | wxTOP, gap);
  right->Add(file_box, 0, wxEXPAND | wxTOP, gap);
  columns->Add(right, 3, wxEXPAND);
  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(columns, 1, wxEXPAND | wxALL, FromDIP(12));
  top->Add(start_button, 0, wxALIGN_RIGHT | wxRIGHT | wxBOTTOM, FromDIP(12));
  SetSizer(top);

  kind_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { on_kind_changed(); });
  person_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { suggest_file_name(); });
  date_->Bind(wxEVT_DATE_CHANGED, [this](wxDateEvent&) { suggest_file_name(); });
  file_->Bind(wxEVT_FILEPICKER_CHANGED, [this](wxFileDirPickerEvent&) { file_chosen_ = true; });
  start_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { start(); });
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { wrap_description(); });
  });
  on_kind_changed();
}

std::string HostPage::kind() const {
  const int i = kind_->GetSelection();
  return core::to_string(kKinds[i < 0 ? 0 : i]);
}

void HostPage::on_kind_changed() {
  preview_->DeleteAllItems();
  try {
    const core::MeetingTemplate tpl = session::load_meeting_template(session::data_dir(), kind());
    description_text_ = to_wx(tpl.description);
    long row = 0;
    for (const auto& item : tpl.agenda) {
      preview_->InsertItem(row, wxString::Format("%ld. ", row + 1) + to_wx(item.title));
      if (item.timebox_min > 0) preview_->SetItem(row, 1, wxString::Format(_("%d分"), item.timebox_min));
      ++row;
    }
    const wxString template_title = to_wx(tpl.meeting_defaults.value("title", tpl.name));
    if (title_->GetValue().empty() || title_->GetValue() == suggested_title_) title_->ChangeValue(template_title);
    suggested_title_ = template_title;
  } catch (const std::exception& e) {
    description_text_ = _("このテンプレートを読み込めません：") + to_wx(e.what());
  }
  wrapped_width_ = 0;
  wrap_description();
  suggest_file_name();
}

void HostPage::wrap_description() {
  const int width = std::max(FromDIP(200), preview_->GetSize().x);
  if (width == wrapped_width_) return;
  wrapped_width_ = width;
  set_wrapped_label(description_, description_text_, width);
  Layout();
}

void HostPage::suggest_file_name() {
  if (file_chosen_) return;
  wxString name = date_->GetValue().Format("%Y-%m-%d");
  wxString person = person_->GetValue().Strip(wxString::both);
  if (!person.empty()) name += "_" + person;
  name += "_" + kind_->GetStringSelection();
  file_->SetPath(wxFileName(default_meeting_folder(), safe_file_name(name), "renkei").GetFullPath());
}

void HostPage::choose_previous() {
  wxFileDialog dialog(this, _("前回の会議の記録ファイル"), default_meeting_folder(), wxString(),
                      _("Renkei の会議 (*.renkei)|*.renkei|すべてのファイル|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
  if (dialog.ShowModal() != wxID_OK) return;
  const std::filesystem::path path(to_utf8(dialog.GetPath()));
  std::shared_ptr<const core::MeetingState> previous;
  try {
    // Read without network, then let go of the file (the session reads it again to continue).
    wxBusyCursor busy;
    auto session = session::Session::open_local(path, {});
    previous = session->state();
    session->stop();
  } catch (const std::exception& e) {
    show_error(this, _("前回の会議から続ける"), _("前回の会議の記録ファイルを読めませんでした。"),
               describe_file_error(e.what()));
    return;
  }
  previous_ = path;
  const core::Meeting& m = previous->meeting;
  for (std::size_t i = 0; i < std::size(kKinds); ++i)
    if (kKinds[i] == m.kind) kind_->SetSelection(static_cast<int>(i));
  on_kind_changed();
  if (!m.person_name.empty()) person_->ChangeValue(to_wx(m.person_name));
  session_number_->SetValue(m.session_number + 1);
  session_number_->Disable();  // the continued meeting is the next one
  int carried = 0;
  for (const auto& issue : previous->open_issues) carried += issue.carried ? 1 : 0;
  previous_label_->SetLabelText(wxString::Format(_("第%d回（%s）から：残された課題 %d件、出席者 %zu人、役割 %zu件を引き継ぎます"),
                                                 m.session_number, date_ja(m.date), carried,
                                                 previous->attendees.size(), previous->roles.size()));
  previous_clear_->Show();
  suggest_file_name();
  Layout();
}

void HostPage::clear_previous() {
  previous_.clear();
  previous_label_->SetLabelText(wxString());
  previous_clear_->Hide();
  session_number_->Enable();
  session_number_->SetValue(1);
  Layout();
}

void HostPage::start() {
  if (chair_name_->GetValue().Strip(wxString::both).empty()) {
    wxMessageBox(_("司会（あなた）の氏名を入力してください。"), _("会議を始める"), wxOK | wxICON_WARNING, this);
    chair_name_->SetFocus();
    return;
  }
  const wxString path = file_->GetPath();
  if (path.empty()) {
    wxMessageBox(_("記録ファイルの場所を指定してください。"), _("会議を始める"), wxOK | wxICON_WARNING, this);
    return;
  }
  if (wxFileName::FileExists(path)) {
    wxMessageDialog ask(this,
                        _("このファイルには既に会議が記録されています。その会議を続きから再開します"
                          "（ここで入力した会議の情報は使われません）。"),
                        _("会議を始める"), wxOK | wxCANCEL | wxICON_QUESTION);
    ask.SetOKCancelLabels(_("再開する"), _("キャンセル"));
    if (ask.ShowModal() != wxID_OK) return;
  }
  session::HostOptions o;
  o.previous = wxFileName::FileExists(path) ? std::filesystem::path() : previous_;
  o.db = std::filesystem::path(to_utf8(path));
  o.template_kind = kind();
  o.display_name = to_utf8(chair_name_->GetValue().Strip(wxString::both));
  o.organization = to_utf8(organization_->GetValue().Strip(wxString::both));
  o.profession = to_utf8(profession_->GetValue().Strip(wxString::both));
  o.listen = normalize_ascii_input(listen_->GetValue());
  o.announce = announce_->GetValue();
  const std::string start_time = normalize_time_input(time_->GetValue());
  if (!start_time.empty() && !is_time_of_day(start_time)) {
    wxMessageBox(_("開始時刻は「14:30」のように時:分で入力してください。"), _("会議を始める"), wxOK | wxICON_WARNING, this);
    time_->SetFocus();
    return;
  }
  o.meeting = {{"title", to_utf8(title_->GetValue().Strip(wxString::both))},
               {"person_name", to_utf8(person_->GetValue().Strip(wxString::both))},
               {"date", format_iso_date(date_->GetValue())},
               {"start_time", start_time},
               {"place", to_utf8(place_->GetValue().Strip(wxString::both))},
               {"session_number", session_number_->GetValue()}};
  wxConfigBase* config = wxConfigBase::Get();
  config->Write("chair/name", chair_name_->GetValue());
  config->Write("chair/organization", organization_->GetValue());
  config->Write("chair/profession", profession_->GetValue());
  on_start_(std::move(o));
}

}  // namespace renkei::gui
