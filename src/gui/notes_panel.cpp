#include "notes_panel.hpp"

#include <wx/button.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "agenda_panel.hpp"
#include "authority_ui.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {

NotesPanel::NotesPanel(wxWindow* parent, LiveSession& session)
    : wxPanel(parent, wxID_ANY), session_(session), clock_(this) {
  SetName("notes_panel");
  title_ = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
  title_->SetName("item_title");
  title_->SetFont(title_->GetFont().Bold().Scaled(1.3f));
  details_ = new wxStaticText(this, wxID_ANY, wxString());
  details_->SetName("item_details");
  details_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  // What the chair should cover in this item, from the template (with the seed it cites).
  hint_ = new wxStaticText(this, wxID_ANY, wxString());
  hint_->SetName("item_hint");
  hint_->SetMinSize(FromDIP(wxSize(200, -1)));

  auto labelled = [this](const wxString& text) {
    auto* label = new wxStaticText(this, wxID_ANY, text);
    label->SetFont(label->GetFont().Bold());
    return label;
  };
  notes_ = new SharedTextCtrl(this, session_, "notes", "notes");
  conclusion_ = new SharedTextCtrl(this, session_, "conclusion", "conclusion");
  // What goes in each box is said beside its heading, never inside the box: the boxes hold only
  // what people typed (a multi-line hint on wxGTK is text in the control, and would be saved).
  auto* notes_guide = guidance_text(this, _("話し合われた内容を記録します。全員の画面に同時に反映されます。"));
  notes_guide->SetName("notes_guidance");
  auto* conclusion_guide = guidance_text(this, _("この議題で決まったこと"));
  conclusion_guide->SetName("conclusion_guidance");
  set_accessible_name(notes_, _("検討内容"));
  set_accessible_name(conclusion_, _("結論"));
  // Participants propose; the chair records (and marks agreed).
  const bool participant = session_.session().role() == session::Role::participant;
  auto* record = new wxButton(this, wxID_ANY, participant ? _("決定として提案…") : _("決定として記録…"));
  record->SetName("record_decision");
  record->SetToolTip(_("選んだ文、または結論を決定事項として記録し、本人の同意を記録します（Ctrl+D）"));
  record->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (on_record_decision_) on_record_decision_();
  });

  auto* top = new wxBoxSizer(wxVERTICAL);
  const int pad = FromDIP(10);
  top->Add(title_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, pad);
  top->AddSpacer(FromDIP(2));
  top->Add(details_, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->AddSpacer(FromDIP(6));
  top->Add(hint_, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->AddSpacer(FromDIP(8));
  auto* notes_row = new wxBoxSizer(wxHORIZONTAL);
  notes_row->Add(labelled(_("検討内容")), 0, wxALIGN_BOTTOM);
  notes_row->Add(notes_guide, 1, wxALIGN_BOTTOM | wxLEFT, FromDIP(12));
  top->Add(notes_row, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->AddSpacer(FromDIP(4));
  top->Add(notes_, 3, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->AddSpacer(FromDIP(8));
  auto* conclusion_row = new wxBoxSizer(wxHORIZONTAL);
  conclusion_row->Add(labelled(_("結論")), 0, wxALIGN_BOTTOM);
  conclusion_row->Add(conclusion_guide, 1, wxALIGN_BOTTOM | wxLEFT | wxRIGHT, FromDIP(12));
  conclusion_row->Add(record, 0, wxALIGN_CENTER_VERTICAL);
  top->Add(conclusion_row, 0, wxEXPAND | wxLEFT | wxRIGHT, pad);
  top->AddSpacer(FromDIP(4));
  top->Add(conclusion_, 2, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, pad);
  SetSizer(top);

  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { update_heading(); }, clock_.GetId());
  Bind(wxEVT_SIZE, [this](wxSizeEvent& e) {
    e.Skip();
    CallAfter([this] { update_hint(); });
  });
  clock_.Start(1000);
}

const core::AgendaItem* NotesPanel::item() const {
  if (!state_ || item_id_.empty()) return nullptr;
  for (const auto& a : state_->agenda)
    if (a.id.to_string() == item_id_) return &a;
  return nullptr;
}

void NotesPanel::show_item(const std::string& id) {
  item_id_ = id;
  const auto* it = item();
  notes_->show_item(it ? id : std::string(), it ? it->notes : std::string(),
                    it ? it->notes_ids : std::vector<core::IdSpan>());
  conclusion_->show_item(it ? id : std::string(), it ? it->conclusion : std::string(),
                         it ? it->conclusion_ids : std::vector<core::IdSpan>());
  update_heading();
  update_hint();
}

void NotesPanel::update_hint() {
  const auto* it = item();
  const wxString hint = it && !it->hint.empty() ? _("進め方のヒント：") + to_wx(it->hint) : wxString();
  const int width = GetClientSize().x - 2 * FromDIP(10);
  if (hint == hint_text_ && width == hint_width_) return;
  hint_text_ = hint;
  hint_width_ = width;
  set_wrapped_label(hint_, hint, std::max(FromDIP(200), width));
  hint_->Show(!hint.empty());
  Layout();
}

void NotesPanel::fonts_changed() {
  hint_width_ = 0;
  update_hint();
}

void NotesPanel::refresh(std::shared_ptr<const core::MeetingState> state) {
  state_ = std::move(state);
  show_item(item_id_);  // same item: only its texts are brought up to date
}

void NotesPanel::flush() {
  notes_->flush();
  conclusion_->flush();
}

void NotesPanel::update_heading() {
  const auto* it = item();
  if (!it) {
    title_->SetLabel(_("議題が選ばれていません"));
    details_->SetLabel(wxString());
    return;
  }
  int number = 0;
  for (const auto& a : state_->agenda) {
    ++number;
    if (&a == it) break;
  }
  title_->SetLabelText(wxString::Format("%d. ", number) +
                       with_visibility_tag(*state_, it->partition, to_wx(it->title)));
  wxString details = label_of(it->status);
  if (!it->presenter.empty()) details += wxString::FromUTF8("　・　") + _("担当：") + to_wx(it->presenter);
  const std::int64_t elapsed = elapsed_seconds(*it, now_ms());
  const bool started = elapsed > 0 || it->status != core::AgendaStatus::pending;
  if (started && it->timebox_min > 0)
    details += wxString::FromUTF8("　・　") + wxString::Format(_("経過 %s ／ %d分"), format_elapsed(elapsed), it->timebox_min);
  else if (started)
    details += wxString::FromUTF8("　・　") + wxString::Format(_("経過 %s"), format_elapsed(elapsed));
  else if (it->timebox_min > 0)
    details += wxString::FromUTF8("　・　") + wxString::Format(_("時間 %d分"), it->timebox_min);
  // The time left shows in colour: amber from 80 % of the timebox, red past it.
  const TimeboxUse use = started ? timebox_use(*it, elapsed) : TimeboxUse::none;
  if (use == TimeboxUse::over) details += wxString::FromUTF8("　") + _("（時間超過）");
  else if (use == TimeboxUse::nearly) details += wxString::FromUTF8("　") + _("（残りわずか）");
  const wxColour colour = use == TimeboxUse::over     ? wxColour(0xB3, 0x26, 0x1E)
                          : use == TimeboxUse::nearly ? wxColour(0x8A, 0x5A, 0x00)
                                                      : wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
  if (details_->GetForegroundColour() != colour) {
    details_->SetForegroundColour(colour);
    details_->SetFont(use == TimeboxUse::over ? GetFont().Bold() : GetFont());
    details_->Refresh();
  }
  if (details_->GetLabelText() != details) details_->SetLabelText(details);
}

void NotesPanel::on_updated(std::function<void()> handler) {
  notes_->on_updated(handler);
  conclusion_->on_updated(std::move(handler));
}

std::string NotesPanel::selected_text() const {
  for (const SharedTextCtrl* text : {notes_, conclusion_}) {
    long from = 0, to = 0;
    text->GetSelection(&from, &to);
    if (from != to) return to_utf8(text->GetStringSelection());
  }
  return {};
}

nlohmann::json NotesPanel::dump() const {
  return {{"title", to_utf8(title_->GetLabelText())},
          {"details", to_utf8(details_->GetLabelText())},
          {"hint", to_utf8(hint_text_)},
          {"notes", to_utf8(notes_->GetValue())},
          {"conclusion", to_utf8(conclusion_->GetValue())},
          // The item's texts in the session's latest snapshot (equal to the above once typing
          // has settled).
          {"shared_notes", item() ? item()->notes : std::string()},
          {"shared_conclusion", item() ? item()->conclusion : std::string()},
          {"typing_pending", notes_->dirty() || notes_->in_flight() > 0 || conclusion_->dirty() ||
                                 conclusion_->in_flight() > 0},
          {"notes_in_flight", notes_->in_flight()}};
}

}  // namespace renkei::gui
