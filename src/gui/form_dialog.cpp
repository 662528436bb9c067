#include "form_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/datectrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "wx_util.hpp"

namespace renkei::gui {
FormField FormField::text(std::string key, wxString label, wxString hint) {
  FormField f;
  f.key = std::move(key);
  f.label = std::move(label);
  f.hint = std::move(hint);
  return f;
}

FormField FormField::multiline(std::string key, wxString label, wxString hint) {
  FormField f = text(std::move(key), std::move(label), std::move(hint));
  f.kind = Kind::multiline;
  return f;
}

FormField FormField::integer(std::string key, wxString label, int min, int max) {
  FormField f = text(std::move(key), std::move(label));
  f.kind = Kind::integer;
  f.min = min;
  f.max = max;
  return f;
}

FormField FormField::choice(std::string key, wxString label,
                            std::vector<std::pair<std::string, wxString>> choices) {
  FormField f = text(std::move(key), std::move(label));
  f.kind = Kind::choice;
  f.choices = std::move(choices);
  return f;
}

FormField FormField::check(std::string key, wxString label, wxString caption) {
  FormField f = text(std::move(key), std::move(label), std::move(caption));
  f.kind = Kind::check;
  return f;
}

FormField FormField::date(std::string key, wxString label) {
  FormField f = text(std::move(key), std::move(label));
  f.kind = Kind::date;
  return f;
}

FormField FormField::time(std::string key, wxString label) {
  FormField f = text(std::move(key), std::move(label));
  f.kind = Kind::time;
  return f;
}

wxSizer* make_dialog_buttons(wxDialog* dialog, const wxString& ok_label) {
  auto* buttons = new wxStdDialogButtonSizer();
  auto* ok = new wxButton(dialog, wxID_OK, ok_label.empty() ? wxString("OK") : ok_label);
  ok->SetName("ok");
  ok->SetDefault();
  buttons->AddButton(ok);
  auto* cancel = new wxButton(dialog, wxID_CANCEL, _("キャンセル"));
  cancel->SetName("cancel");
  buttons->AddButton(cancel);
  buttons->Realize();
  return buttons;
}

FormDialog::FormDialog(wxWindow* parent, const wxString& title, std::vector<FormField> fields,
                       const nlohmann::json& initial)
    : wxDialog(parent ? wxGetTopLevelParent(parent) : nullptr, wxID_ANY, title, wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      fields_(std::move(fields)),
      initial_(initial.is_object() ? initial : nlohmann::json::object()) {
  SetName("form_dialog");
  auto* grid = new wxFlexGridSizer(2, FromDIP(wxSize(12, 8)));
  grid->AddGrowableCol(1, 1);
  std::size_t row = 0;  // the grid's row of this field (a multi-line field's guidance takes one more)
  for (std::size_t i = 0; i < fields_.size(); ++i, ++row) {
    const FormField& f = fields_[i];
    const nlohmann::json v = initial_.value(f.key, nlohmann::json());
    wxWindow* control = nullptr;
    int label_flags = wxALIGN_CENTER_VERTICAL;
    switch (f.kind) {
      case FormField::Kind::text:
      case FormField::Kind::time: {
        auto* t = new wxTextCtrl(this, wxID_ANY, v.is_string() ? to_wx(v.get<std::string>()) : wxString());
        t->SetHint(f.kind == FormField::Kind::time && f.hint.empty() ? wxString("HH:MM") : f.hint);
        if (f.kind == FormField::Kind::time) t->SetMinSize(FromDIP(wxSize(90, -1)));
        control = t;
        break;
      }
      case FormField::Kind::multiline: {
        auto* t = new wxTextCtrl(this, wxID_ANY, v.is_string() ? to_wx(v.get<std::string>()) : wxString(),
                                 wxDefaultPosition, FromDIP(wxSize(360, 72)), wxTE_MULTILINE);
        // (No SetHint: on a multi-line control wxGTK puts the hint in as text; it goes
        // beside the box, below.)
        control = t;
        label_flags = wxALIGN_TOP | wxTOP;
        grid->AddGrowableRow(row, 1);
        break;
      }
      case FormField::Kind::integer: {
        auto* s = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                 wxSP_ARROW_KEYS, f.min, f.max, v.is_number_integer() ? v.get<int>() : f.min);
        control = s;
        break;
      }
      case FormField::Kind::choice: {
        auto* c = new wxChoice(this, wxID_ANY);
        int selected = 0;
        for (std::size_t k = 0; k < f.choices.size(); ++k) {
          c->Append(f.choices[k].second);
          if (v.is_string() && v.get<std::string>() == f.choices[k].first) selected = static_cast<int>(k);
        }
        if (!f.choices.empty()) c->SetSelection(selected);
        control = c;
        break;
      }
      case FormField::Kind::check: {
        auto* c = new wxCheckBox(this, wxID_ANY, f.hint);
        c->SetValue(v.is_boolean() && v.get<bool>());
        control = c;
        break;
      }
      case FormField::Kind::date: {
        auto* d = new wxDatePickerCtrl(this, wxID_ANY, wxDefaultDateTime, wxDefaultPosition,
                                       wxDefaultSize, wxDP_DROPDOWN | wxDP_SHOWCENTURY | wxDP_ALLOWNONE);
        d->SetValue(parse_iso_date(v.is_string() ? v.get<std::string>() : std::string()));
        control = d;
        break;
      }
    }
    control->SetName(to_wx(f.key));
    set_accessible_name(control, f.label);
    controls_.push_back(control);
    grid->Add(new wxStaticText(this, wxID_ANY, f.label), 0, label_flags, FromDIP(4));
    grid->Add(control, 1, wxEXPAND);
    if (f.kind == FormField::Kind::multiline && !f.hint.empty()) {
      grid->AddSpacer(0);
      grid->Add(guidance_text(this, f.hint), 0, wxEXPAND);
      ++row;
    }
  }
  auto* top = new wxBoxSizer(wxVERTICAL);
  top->Add(grid, 1, wxEXPAND | wxALL, FromDIP(16));
  top->Add(make_dialog_buttons(this), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
  apply_zoom(this, ui_zoom());
  SetSizerAndFit(top);
  SetMinSize(GetSize());
  CentreOnParent();
  if (!controls_.empty()) controls_.front()->SetFocus();
}

nlohmann::json FormDialog::value_of(std::size_t index) const {
  const FormField& f = fields_[index];
  wxWindow* c = controls_[index];
  switch (f.kind) {
    case FormField::Kind::text:
    case FormField::Kind::multiline:
      return to_utf8(static_cast<wxTextCtrl*>(c)->GetValue());
    case FormField::Kind::time:
      return normalize_time_input(static_cast<wxTextCtrl*>(c)->GetValue());
    case FormField::Kind::integer:
      return static_cast<wxSpinCtrl*>(c)->GetValue();
    case FormField::Kind::choice: {
      const int k = static_cast<wxChoice*>(c)->GetSelection();
      return k >= 0 && k < static_cast<int>(f.choices.size()) ? f.choices[static_cast<std::size_t>(k)].first
                                                               : std::string();
    }
    case FormField::Kind::check:
      return static_cast<wxCheckBox*>(c)->GetValue();
    case FormField::Kind::date:
      return format_iso_date(static_cast<wxDatePickerCtrl*>(c)->GetValue());
  }
  return nullptr;
}

nlohmann::json FormDialog::values() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < fields_.size(); ++i) out[fields_[i].key] = value_of(i);
  return out;
}

nlohmann::json FormDialog::changed() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    nlohmann::json v = value_of(i);
    const auto it = initial_.find(fields_[i].key);
    if (it == initial_.end() || *it != v) out[fields_[i].key] = std::move(v);
  }
  return out;
}

bool FormDialog::Validate() {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].kind != FormField::Kind::time) continue;
    const std::string t = value_of(i).get<std::string>();
    if (!t.empty() && !is_time_of_day(t)) {
      wxMessageBox(wxString::Format(_("%s は「14:30」のように時:分で入力してください。"), fields_[i].label),
                   GetTitle(), wxOK | wxICON_WARNING, this);
      controls_[i]->SetFocus();
      return false;
    }
  }
  return wxDialog::Validate();
}

}  // namespace renkei::gui

