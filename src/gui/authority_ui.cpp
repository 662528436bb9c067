#include "authority_ui.hpp"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/checklst.h>
#include <wx/dialog.h>
#include <wx/msgdlg.h>
#include <wx/radiobut.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/weakref.h>

#include <algorithm>
#include <vector>

#include "core/audience.hpp"
#include "form_dialog.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

constexpr int kTextWidthDip = 440;

wxWindow* top_of(wxWindow* parent) { return parent ? wxGetTopLevelParent(parent) : nullptr; }

// A long text shortened for a dialog's sentence.
wxString short_text(const std::string& text) {
  wxString s = one_line(text);
  if (s.length() > 30) s = s.Left(29) + wxString::FromUTF8("…");
  return s;
}

// A static text wrapped to the dialog's width.
wxStaticText* wrapped(wxWindow* parent, const wxString& text, bool grey = false) {
  auto* label = new wxStaticText(parent, wxID_ANY, wxString());
  if (grey) label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  set_wrapped_label(label, text, parent->FromDIP(kTextWidthDip));
  return label;
}

// Cancel, not OK, is what Enter does in a dialog that asks before something consequential.
void make_cancel_default(wxDialog& dialog) {
  if (auto* cancel = dynamic_cast<wxButton*>(dialog.FindWindow(wxID_CANCEL))) {
    cancel->SetDefault();
    cancel->SetFocus();
  }
}

// The attendees as (id, "氏名（所属）") without the "（なし）" entry attendee_choices() starts with.
Choices attendees_only(const core::MeetingState& state) {
  Choices all = attendee_choices(state);
  all.erase(all.begin());
  return all;
}

std::optional<core::ItemId> parse_id(const std::string& id) { return core::OpId::parse(id); }

}  // namespace

wxString audience_choice_label(const std::string& audience) {
  return audience == "professional" ? _("専門職（守秘義務あり）") : _("一般（本人・家族・地域の方）");
}

wxString audience_cell(const core::MeetingState& state, const core::Attendee& attendee) {
  if (state.meeting.chair && *state.meeting.chair == attendee.id) return _("すべて（司会）");
  return attendee.professional_audience ? _("専門職") : _("一般");
}

wxString meeting_roles_of(const core::MeetingState& state, const core::ItemId& attendee) {
  const core::Meeting& m = state.meeting;
  wxString out;
  auto add = [&out](const wxString& role) { out += (out.empty() ? wxString() : wxString::FromUTF8("・")) + role; };
  const bool chair = m.chair && *m.chair == attendee;
  if (chair) add(_("司会"));
  // A vice-chair who took the chair is the chair now (until someone else is named deputy).
  if (m.vice_chair && *m.vice_chair == attendee && !chair) add(_("副司会"));
  if (m.recorder && *m.recorder == attendee) add(_("記録"));
  return out;
}

wxString visibility_tag(const core::MeetingState& state, const std::string& partition) {
  if (partition.empty() || partition == core::kAllAttendees) return {};
  if (partition == core::kProfessionals) return _("［専門職のみ］");
  std::vector<wxString> names;
  for (const auto& id : core::visibility_of_partition(partition)) {
    const auto parsed = id.is_string() ? parse_id(id.get<std::string>()) : std::nullopt;
    const wxString name = attendee_name(state, parsed);
    if (!name.empty()) names.push_back(name);
  }
  if (names.empty()) return _("［指定した出席者のみ］");
  wxString joined;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) joined += (i ? wxString::FromUTF8("・") : wxString()) + names[i];
  if (names.size() > 3) joined += wxString::Format(_("ほか%zu名"), names.size() - 3);
  return wxString::Format(_("［%sのみ］"), joined);
}

wxString with_visibility_tag(const core::MeetingState& state, const std::string& partition, const wxString& text) {
  return visibility_tag(state, partition) + text;
}

std::optional<ItemSummary> find_item(const core::MeetingState& state, const std::string& id) {
  for (const auto& a : state.agenda)
    if (a.id.to_string() == id) return ItemSummary{a.partition, wxString::Format(_("議題「%s」"), short_text(a.title))};
  for (const auto& r : state.roles)
    if (r.id.to_string() == id) return ItemSummary{r.partition, wxString::Format(_("役割「%s」"), short_text(r.role))};
  for (const auto& c : state.checklist)
    if (c.id.to_string() == id)
      return ItemSummary{c.partition, wxString::Format(_("チェック項目「%s」"), short_text(c.text))};
  for (const auto& d : state.decisions)
    if (d.id.to_string() == id) return ItemSummary{d.partition, wxString::Format(_("決定事項「%s」"), short_text(d.text))};
  for (const auto& i : state.open_issues)
    if (i.id.to_string() == id) return ItemSummary{i.partition, wxString::Format(_("課題「%s」"), short_text(i.text))};
  for (const auto& a : state.attendees)
    if (a.id.to_string() == id)
      return ItemSummary{a.partition, wxString::Format(_("出席者「%s」の情報"), short_text(a.name))};
  for (const auto& r : state.relationships)
    if (r.id.to_string() == id) return ItemSummary{r.partition, wxString::Format(_("関係「%s」"), short_text(r.who))};
  return std::nullopt;
}

bool may_take_chair(const LiveSession& session, const core::MeetingState& state) {
  const auto own = session.session().own_attendee();
  const core::Meeting& m = state.meeting;
  return own && m.vice_chair && *own == *m.vice_chair && !(m.chair && *m.chair == *own);
}

wxString refusal_message(const wxString& error, bool* permission) {
  const wxString lower = error.Lower();
  wxString who;
  if (lower.Contains("only the chair may hand the chair over"))
    who = _("司会を交代できるのは司会だけです（副司会は、自分が司会を引き継ぐことだけができます）。");
  else if (lower.Contains("only the chair or the recorder"))
    who = _("この操作は司会か記録係だけができます。");
  else if (lower.Contains("only the chair"))
    who = _("この操作は司会だけができます。");
  if (permission) *permission = !who.empty();
  if (who.empty()) return _("変更できませんでした：") + error;
  return who + " (" + error + ")";
}

void show_refusal(wxWindow* parent, const wxString& error) {
  bool permission = false;
  const wxString message = refusal_message(error, &permission);
  wxMessageDialog dialog(top_of(parent), message, _("この変更はできませんでした"),
                         wxOK | (permission ? wxICON_INFORMATION : wxICON_WARNING));
  dialog.ShowModal();
}

bool confirm(wxWindow* parent, const wxString& title, const wxString& message, const wxString& ok_label) {
  wxDialog dialog(top_of(parent), wxID_ANY, title);
  dialog.SetName("confirm_dialog");
  apply_zoom(&dialog, ui_zoom());
  auto* top = new wxBoxSizer(wxVERTICAL);
  auto* text = wrapped(&dialog, message);
  text->SetName("confirm_message");
  top->Add(text, 0, wxALL, dialog.FromDIP(16));
  top->Add(make_dialog_buttons(&dialog, ok_label), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, dialog.FromDIP(12));
  dialog.SetSizerAndFit(top);
  dialog.CentreOnParent();
  make_cancel_default(dialog);
  return dialog.ShowModal() == wxID_OK;
}

std::optional<std::string> ask_audience(wxWindow* parent, const wxString& title, const wxString& message,
                                        const std::string& initial, const wxString& ok_label) {
  wxDialog dialog(top_of(parent), wxID_ANY, title);
  dialog.SetName("audience_dialog");
  apply_zoom(&dialog, ui_zoom());
  const int indent = dialog.FromDIP(24);
  auto* top = new wxBoxSizer(wxVERTICAL);
  auto* inner = new wxBoxSizer(wxVERTICAL);
  inner->Add(wrapped(&dialog, message), 0, wxBOTTOM, dialog.FromDIP(12));
  auto* general = new wxRadioButton(&dialog, wxID_ANY, audience_choice_label("general"), wxDefaultPosition,
                                    wxDefaultSize, wxRB_GROUP);
  general->SetName("audience_general");
  inner->Add(general);
  inner->Add(wrapped(&dialog, _("出席者全員に公開された内容だけを見られます。"), true), 0, wxLEFT, indent);
  inner->AddSpacer(dialog.FromDIP(10));
  auto* professional = new wxRadioButton(&dialog, wxID_ANY, audience_choice_label("professional"));
  professional->SetName("audience_professional");
  inner->Add(professional);
  inner->Add(wrapped(&dialog, _("「専門職のみ」の内容も見られます。守秘義務のある専門職だけにしてください。"), true), 0,
             wxLEFT, indent);
  (initial == "professional" ? professional : general)->SetValue(true);
  top->Add(inner, 0, wxALL, dialog.FromDIP(16));
  top->Add(make_dialog_buttons(&dialog, ok_label), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, dialog.FromDIP(12));
  dialog.SetSizerAndFit(top);
  dialog.CentreOnParent();
  if (dialog.ShowModal() != wxID_OK) return std::nullopt;
  return professional->GetValue() ? std::string("professional") : std::string("general");
}

std::optional<nlohmann::json> ask_visibility(wxWindow* parent, const core::MeetingState& state,
                                             const std::string& partition, const wxString& what) {
  wxDialog dialog(top_of(parent), wxID_ANY, _("公開範囲"), wxDefaultPosition, wxDefaultSize,
                  wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
  dialog.SetName("visibility_dialog");
  apply_zoom(&dialog, ui_zoom());
  auto* top = new wxBoxSizer(wxVERTICAL);
  auto* inner = new wxBoxSizer(wxVERTICAL);
  inner->Add(wrapped(&dialog, wxString::Format(_("%sを見られる人を選んでください。"), what)), 0, wxBOTTOM,
             dialog.FromDIP(12));
  auto* all = new wxRadioButton(&dialog, wxID_ANY, _("全員"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
  all->SetName("visibility_all");
  auto* pros = new wxRadioButton(&dialog, wxID_ANY, _("専門職のみ（守秘義務のある出席者）"));
  pros->SetName("visibility_professionals");
  auto* named = new wxRadioButton(&dialog, wxID_ANY, _("指定した出席者だけ"));
  named->SetName("visibility_named");
  const Choices people = attendees_only(state);
  wxArrayString labels;
  for (const auto& [id, label] : people) labels.Add(label);
  auto* list = new wxCheckListBox(&dialog, wxID_ANY, wxDefaultPosition, dialog.FromDIP(wxSize(320, 140)), labels);
  list->SetName("visibility_attendees");
  set_accessible_name(list, _("見られる出席者"));
  inner->Add(all, 0, wxBOTTOM, dialog.FromDIP(6));
  inner->Add(pros, 0, wxBOTTOM, dialog.FromDIP(6));
  inner->Add(named, 0, wxBOTTOM, dialog.FromDIP(4));
  inner->Add(list, 1, wxEXPAND | wxLEFT, dialog.FromDIP(24));
  inner->Add(wrapped(&dialog,
                     _("司会はすべての内容を見られます。見られなくなった人の端末からは、この項目が消えます。"), true),
             0, wxTOP, dialog.FromDIP(10));

  const nlohmann::json current = core::visibility_of_partition(partition.empty() ? core::kAllAttendees : partition);
  if (current.is_array()) {
    named->SetValue(true);
    for (std::size_t i = 0; i < people.size(); ++i)
      for (const auto& id : current)
        if (id == people[i].first) list->Check(static_cast<unsigned>(i));
  } else {
    (current == "professionals" ? pros : all)->SetValue(true);
  }
  auto update = [list, named](wxCommandEvent&) { list->Enable(named->GetValue()); };
  for (auto* radio : {all, pros, named}) radio->Bind(wxEVT_RADIOBUTTON, update);
  list->Enable(named->GetValue());

  top->Add(inner, 1, wxEXPAND | wxALL, dialog.FromDIP(16));
  top->Add(make_dialog_buttons(&dialog, _("変更")), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, dialog.FromDIP(12));
  dialog.SetSizerAndFit(top);
  dialog.SetMinSize(dialog.GetSize());
  dialog.CentreOnParent();
  // Named attendees need at least one.
  dialog.Bind(wxEVT_BUTTON, [&](wxCommandEvent& e) {
    if (named->GetValue()) {
      bool any = false;
      for (unsigned i = 0; i < list->GetCount(); ++i) any |= list->IsChecked(i);
      if (!any) {
        wxMessageBox(_("見られる出席者を一人以上選んでください。"), _("公開範囲"), wxOK | wxICON_INFORMATION, &dialog);
        return;
      }
    }
    e.Skip();
  }, wxID_OK);
  if (dialog.ShowModal() != wxID_OK) return std::nullopt;
  if (all->GetValue()) return nlohmann::json("all");
  if (pros->GetValue()) return nlohmann::json("professionals");
  nlohmann::json ids = nlohmann::json::array();
  for (std::size_t i = 0; i < people.size(); ++i)
    if (list->IsChecked(static_cast<unsigned>(i))) ids.push_back(people[i].first);
  return ids;
}

void send_chair_edit(wxWindow* parent, LiveSession& session, nlohmann::json edit,
                     std::function<void(const session::EditResult&)> done, LiveSession::Record record) {
  wxWeakRef<wxWindow> window(parent);
  session.edit(
      std::move(edit),
      [window, done = std::move(done)](const session::EditResult& r) {
        if (r.ok) {
          if (done) done(r);
          return;
        }
        // After this callback returns: the dialog waits for the person, the session does not.
        const wxString error = to_wx(r.error);
        wxTheApp->CallAfter([window, error] { show_refusal(window.get(), error); });
      },
      record, LiveSession::Report::no);
}

void change_visibility(wxWindow* parent, LiveSession& session, const std::string& id,
                       std::function<void(const std::string& new_id)> moved) {
  const auto state = session.state();
  const auto item = find_item(*state, id);
  if (!item) return;
  const auto visibility = ask_visibility(parent, *state, item->partition, item->description);
  if (!visibility || core::partition_for_visibility(*visibility) == item->partition) return;
  // Not undoable: the item leaves its old audience (where its content is forgotten).
  send_chair_edit(
      parent, session, {{"cmd", "set_visibility"}, {"id", id}, {"visibility", *visibility}},
      [moved = std::move(moved)](const session::EditResult& r) {
        if (moved && r.reply.contains("id") && r.reply["id"].is_string()) moved(r.reply["id"].get<std::string>());
      },
      LiveSession::Record::no);
}

void change_audience(wxWindow* parent, LiveSession& session, const std::string& attendee) {
  const auto state = session.state();
  const auto id = parse_id(attendee);
  const core::Attendee* a = id ? state->find_attendee(*id) : nullptr;
  if (!a) return;
  const std::string initial = a->professional_audience ? "professional" : "general";
  const auto chosen = ask_audience(parent, _("閲覧範囲の変更"),
                                   wxString::Format(_("「%s」さんが見られる範囲を選んでください。"), to_wx(a->name)),
                                   initial, _("変更"));
  if (!chosen || *chosen == initial) return;
  LiveSession::Action action(session, _("閲覧範囲の変更"));
  send_chair_edit(parent, session, {{"cmd", "set"}, {"id", attendee}, {"field", "audience"}, {"value", *chosen}});
}

namespace {

// Names an attendee for a meeting register (vice_chair, recorder) through a one-field form.
void name_attendee(wxWindow* parent, LiveSession& session, const std::string& field, const wxString& title,
                   const wxString& label, const wxString& undo_label) {
  const auto state = session.state();
  const core::Meeting& m = state->meeting;
  Choices choices = attendee_choices(*state);
  const std::optional<core::ItemId>& current = field == "vice_chair" ? m.vice_chair : m.recorder;
  if (field == "vice_chair" && m.chair)  // the chair is not their own deputy
    choices.erase(std::remove_if(choices.begin(), choices.end(),
                                 [&](const auto& c) { return c.first == m.chair->to_string(); }),
                  choices.end());
  FormDialog dialog(parent, title, {FormField::choice(field, label, std::move(choices))}, {{field, id_or_empty(current)}});
  if (dialog.ShowModal() != wxID_OK) return;
  const nlohmann::json changed = dialog.changed();
  if (!changed.contains(field)) return;
  LiveSession::Action action(session, undo_label);
  send_chair_edit(parent, session, {{"cmd", "set_meeting"}, {"field", field}, {"value", changed[field]}});
}

}  // namespace

void name_vice_chair(wxWindow* parent, LiveSession& session) {
  name_attendee(parent, session, "vice_chair", _("副司会を指名"), _("副司会"), _("副司会の指名"));
}

void name_recorder(wxWindow* parent, LiveSession& session) {
  name_attendee(parent, session, "recorder", _("記録係を指名"), _("記録係"), _("記録係の指名"));
}

void hand_chair_over(wxWindow* parent, LiveSession& session) {
  const auto state = session.state();
  const core::Meeting& m = state->meeting;
  Choices choices = attendees_only(*state);
  if (m.chair)
    choices.erase(std::remove_if(choices.begin(), choices.end(),
                                 [&](const auto& c) { return c.first == m.chair->to_string(); }),
                  choices.end());
  if (choices.empty()) {
    wxMessageBox(_("司会を交代できる出席者がいません。先に出席者を追加してください。"), _("司会を交代"),
                 wxOK | wxICON_INFORMATION, top_of(parent));
    return;
  }
  // The vice-chair first, when there is one.
  const std::string proposed = m.vice_chair ? m.vice_chair->to_string() : choices.front().first;
  FormDialog dialog(parent, _("司会を交代"), {FormField::choice("chair", _("新しい司会"), choices)},
                    {{"chair", proposed}});
  if (dialog.ShowModal() != wxID_OK) return;
  const std::string chosen = dialog.values()["chair"].get<std::string>();
  if (chosen.empty()) return;
  const wxString name = attendee_name(*state, parse_id(chosen));
  if (!confirm(parent, _("司会を交代"),
               wxString::Format(_("司会を「%s」さんに交代します。\n\n司会は自動では交代しません。交代すると、議題の進行、"
                                  "参加の承認、閲覧範囲と公開範囲の変更は新しい司会が行います。これから参加する端末は、"
                                  "新しい司会のノートパソコンが新しい参加コードで受け付けます。\n\n"
                                  "この端末からは元に戻せません（戻すときは、新しい司会に交代してもらいます）。"),
                                name),
               _("司会を交代する")))
    return;
  send_chair_edit(parent, session, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", chosen}}, {},
                  LiveSession::Record::no);
}

void take_chair(wxWindow* parent, LiveSession& session) {
  const auto state = session.state();
  if (!may_take_chair(session, *state)) return;
  const auto own = session.session().own_attendee();
  const wxString chair = attendee_name(*state, state->meeting.chair);
  if (!confirm(parent, _("司会を引き継ぐ"),
               wxString::Format(_("副司会として、「%s」さんから司会を引き継ぎます。\n\n司会は自動では交代しません。"
                                  "引き継ぐと、議題の進行、参加の承認、閲覧範囲と公開範囲の変更はあなたが行います。"
                                  "これから参加する端末は、このノートパソコンが新しい参加コードで受け付けます。"),
                                chair.empty() ? _("司会") : chair),
               _("司会を引き継ぐ")))
    return;
  send_chair_edit(parent, session, {{"cmd", "set_meeting"}, {"field", "chair"}, {"value", own->to_string()}}, {},
                  LiveSession::Record::no);
}

}  // namespace renkei::gui
