#include "decision_dialog.hpp"

#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/msgdlg.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "form_dialog.hpp"
#include "panel_common.hpp"

namespace renkei::gui {

std::string decision_text_from_discussion(const core::MeetingState& state, const std::string& selection) {
  std::string text = selection;
  if (text.empty())
    if (const auto* current = state.current_item()) text = current->conclusion;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

DecisionDialog::DecisionDialog(wxWindow* parent, const core::MeetingState& state, const nlohmann::json& initial,
                               bool is_new, bool may_agree)
    : wxDialog(parent ? wxGetTopLevelParent(parent) : nullptr, wxID_ANY, is_new ? _("決定を記録") : _("決定事項の編集"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      initial_(initial.is_object() ? initial : nlohmann::json::object()) {
  SetName("decision_dialog");
  const int gap = FromDIP(8);
  auto str = [this](const char* key) { return to_wx(initial_.value(key, std::string())); };

  text_ = new wxTextCtrl(this, wxID_ANY, str("text"), wxDefaultPosition, FromDIP(wxSize(460, 80)), wxTE_MULTILINE);
  text_->SetName("decision_text");
  set_accessible_name(text_, _("決定事項"));

  item_ = new wxChoice(this, wxID_ANY);
  item_->SetName("decision_item");
  set_accessible_name(item_, _("議題"));
  item_->Append(_("（なし）"));
  agenda_ids_.push_back("");
  int n = 0;
  for (const auto& a : state.agenda) {
    item_->Append(wxString::Format("%d. ", ++n) + to_wx(a.title));
    agenda_ids_.push_back(a.id.to_string());
  }
  const std::string item = initial_.value("agenda_item", std::string());
  for (std::size_t i = 0; i < agenda_ids_.size(); ++i)
    if (agenda_ids_[i] == item) item_->SetSelection(static_cast<int>(i));
  if (item_->GetSelection() == wxNOT_FOUND) item_->SetSelection(0);

  // 状態
  auto* status_box = new wxStaticBoxSizer(wxHORIZONTAL, this, _("状態"));
  wxWindow* sb = status_box->GetStaticBox();
  agreed_ = new wxRadioButton(sb, wxID_ANY, _("合意した"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
  agreed_->SetName("status_agreed");
  proposed_ = new wxRadioButton(sb, wxID_ANY, _("提案（まだ合意していない）"));
  proposed_->SetName("status_proposed");
  deferred_ = new wxRadioButton(sb, wxID_ANY, _("保留"));
  deferred_->SetName("status_deferred");
  for (auto* r : {agreed_, proposed_, deferred_}) status_box->Add(r, 0, wxALL, gap / 2);
  const std::string status = initial_.value("status", std::string("proposed"));
  (status == "agreed" ? agreed_ : status == "deferred" ? deferred_ : proposed_)->SetValue(true);
  withdrawn_ = status == "withdrawn" ? status : std::string();
  // Agreeing is the chair's to record (core/authority.hpp); others propose.
  if (!may_agree && status != "agreed") {
    agreed_->Disable();
    agreed_->SetToolTip(_("合意として記録するのは司会です。提案として記録すると、司会が合意にできます。"));
  }

  // 本人の同意
  auto* consent_box = new wxStaticBoxSizer(wxVERTICAL, this, _("本人の同意"));
  wxWindow* cb = consent_box->GetStaticBox();
  auto* consent_row = new wxBoxSizer(wxHORIZONTAL);
  given_ = new wxRadioButton(cb, wxID_ANY, _("同意を得た"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
  given_->SetName("consent_given");
  withheld_ = new wxRadioButton(cb, wxID_ANY, _("同意が得られなかった"));
  withheld_->SetName("consent_withheld");
  not_asked_ = new wxRadioButton(cb, wxID_ANY, _("まだ確認していない"));
  not_asked_->SetName("consent_not_asked");
  for (auto* r : {given_, withheld_, not_asked_}) consent_row->Add(r, 0, wxALL, gap / 2);
  const std::string consent = initial_.value("consent", std::string("not_asked"));
  (consent == "given" ? given_ : consent == "withheld" ? withheld_ : not_asked_)->SetValue(true);

  auto* who_row = new wxBoxSizer(wxHORIZONTAL);
  who_row->Add(new wxStaticText(cb, wxID_ANY, _("答えた人：")), 0, wxALIGN_CENTER_VERTICAL | wxALL, gap / 2);
  by_person_ = new wxRadioButton(cb, wxID_ANY, _("本人"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
  by_person_->SetName("consent_person");
  by_proxy_ = new wxRadioButton(cb, wxID_ANY, _("代理人"));
  by_proxy_->SetName("consent_proxy");
  // Family members and the person's supporters are offered; any name can be typed.
  wxArrayString proxies;
  for (const auto& a : state.attendees)
    if (a.relation == core::AttendeeRelation::family)
      proxies.Add(a.relationship.empty() ? to_wx(a.name) : to_wx(a.relationship));
  proxy_ = new wxComboBox(cb, wxID_ANY, str("proxy_name"), wxDefaultPosition, FromDIP(wxSize(200, -1)), proxies);
  proxy_->SetName("proxy_name");
  proxy_->SetHint(_("例：母、成年後見人"));
  set_accessible_name(proxy_, _("代理人の名前"));
  const bool proxy = !initial_.value("proxy_name", std::string()).empty();
  (proxy ? by_proxy_ : by_person_)->SetValue(true);
  who_row->Add(by_person_, 0, wxALIGN_CENTER_VERTICAL | wxALL, gap / 2);
  who_row->Add(by_proxy_, 0, wxALIGN_CENTER_VERTICAL | wxALL, gap / 2);
  who_row->Add(proxy_, 1, wxALIGN_CENTER_VERTICAL | wxALL, gap / 2);
  consent_box->Add(consent_row, 0, wxEXPAND);
  consent_box->Add(who_row, 0, wxEXPAND);

  dissent_ = new wxTextCtrl(this, wxID_ANY, str("dissent"), wxDefaultPosition, FromDIP(wxSize(460, 52)), wxTE_MULTILINE);
  dissent_->SetName("dissent");
  set_accessible_name(dissent_, _("反対意見・条件"));
  proposed_by_ = initial_.value("proposed_by", std::string());

  auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), gap));
  grid->AddGrowableCol(1, 1);
  grid->AddGrowableRow(0, 1);
  grid->Add(new wxStaticText(this, wxID_ANY, _("決定事項")), 0, wxALIGN_TOP | wxTOP, FromDIP(4));
  grid->Add(text_, 1, wxEXPAND);
  // Guidance beside the multi-line boxes, not in them (a hint there would be saved as text).
  grid->AddSpacer(0);
  grid->Add(guidance_text(this, _("例：休日の地域活動への参加を継続する")), 0, wxEXPAND);
  grid->Add(new wxStaticText(this, wxID_ANY, _("議題")), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(item_, 1, wxEXPAND);
  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  top->Add(status_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  top->Add(consent_box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  auto* dissent_row = new wxBoxSizer(wxHORIZONTAL);
  dissent_row->Add(new wxStaticText(this, wxID_ANY, _("反対意見・条件")), 0, wxALIGN_BOTTOM);
  dissent_row->Add(guidance_text(this, _("反対意見や、同意の条件があれば")), 1, wxALIGN_BOTTOM | wxLEFT, FromDIP(12));
  top->Add(dissent_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  top->AddSpacer(FromDIP(4));
  top->Add(dissent_, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(16));
  top->Add(make_dialog_buttons(this, is_new ? _("記録する") : wxString()), 0, wxEXPAND | wxALL, FromDIP(12));
  apply_zoom(this, ui_zoom());
  SetSizerAndFit(top);
  SetMinSize(GetSize());
  CentreOnParent();

  for (auto* r : {given_, withheld_, not_asked_, by_person_, by_proxy_})
    r->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { update_enabled(); });
  proxy_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
    if (!proxy_->GetValue().empty() && !by_proxy_->GetValue()) {
      by_proxy_->SetValue(true);
      update_enabled();
    }
  });
  update_enabled();
  // Text taken from the discussion is selected: typing replaces it, Enter keeps it.
  text_->SetFocus();
  text_->SelectAll();
}

void DecisionDialog::update_enabled() {
  // Who answered matters only once someone was asked.
  const bool asked = !not_asked_->GetValue();
  by_person_->Enable(asked);
  by_proxy_->Enable(asked);
  proxy_->Enable(asked);
}

nlohmann::json DecisionDialog::values() const {
  const int k = item_->GetSelection();
  const bool asked = !not_asked_->GetValue();
  std::string status = agreed_->GetValue() ? "agreed" : deferred_->GetValue() ? "deferred" : "proposed";
  // A withdrawn decision stays withdrawn unless the person picked another status.
  if (!withdrawn_.empty() && status == initial_.value("status", std::string())) status = withdrawn_;
  return {{"text", to_utf8(text_->GetValue().Strip(wxString::both))},
          {"agenda_item", k > 0 ? agenda_ids_[static_cast<std::size_t>(k)] : std::string()},
          {"status", status},
          {"consent", given_->GetValue() ? "given" : withheld_->GetValue() ? "withheld" : "not_asked"},
          {"proxy_name", asked && by_proxy_->GetValue() ? to_utf8(proxy_->GetValue().Strip(wxString::both)) : std::string()},
          {"dissent", to_utf8(dissent_->GetValue().Strip(wxString::trailing))},
          {"proposed_by", proposed_by_}};
}

nlohmann::json DecisionDialog::changed() const {
  nlohmann::json out = nlohmann::json::object();
  const nlohmann::json now = values();  // items() refers into it: it must outlive the loop
  for (const auto& [key, value] : now.items()) {
    const auto it = initial_.find(key);
    if (it == initial_.end() ? !(value.is_string() && value.get<std::string>().empty()) : *it != value) out[key] = value;
  }
  return out;
}

bool DecisionDialog::Validate() {
  if (text_->GetValue().Strip(wxString::both).empty()) {
    wxMessageBox(_("決まったことを入力してください。"), GetTitle(), wxOK | wxICON_WARNING, this);
    text_->SetFocus();
    return false;
  }
  if (!not_asked_->GetValue() && by_proxy_->GetValue() && proxy_->GetValue().Strip(wxString::both).empty()) {
    wxMessageBox(_("同意した代理人の名前（続柄など）を入力してください。"), GetTitle(), wxOK | wxICON_WARNING, this);
    proxy_->SetFocus();
    return false;
  }
  return wxDialog::Validate();
}

}  // namespace renkei::gui
