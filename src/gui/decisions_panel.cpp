#include "decisions_panel.hpp"

#include <wx/settings.h>

#include "authority_ui.hpp"
#include "decision_dialog.hpp"
#include "panel_common.hpp"

namespace renkei::gui {
namespace {

// "本人", "代理人：…", or "" while consent has not been asked.
wxString consent_by(const core::Decision& d) {
  if (d.consent == core::ConsentState::not_asked) return {};
  if (d.proxy_name.empty()) return _("本人");
  return _("代理人：") + to_wx(d.proxy_name);
}

}  // namespace

DecisionsPanel::DecisionsPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "decisions", "decision",
                     {{_("決定事項"), 120, true},
                      {_("議題"), 150},
                      {_("状態"), 64},
                      {_("同意"), 64},
                      {_("同意した人"), 110},
                      {_("反対意見・条件"), 100, true},
                      {_("提案者"), 100}},
                     true) {}

std::vector<ListRow> DecisionsPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  for (const auto& d : state.decisions) {
    ListRow row;
    row.id = d.id.to_string();
    wxString agenda;
    if (d.agenda_item)
      if (const auto* item = state.find_agenda_item(*d.agenda_item)) agenda = to_wx(item->title);
    row.cells = {with_visibility_tag(state, d.partition, one_line(d.text)),
                 agenda,
                 label_of(d.status),
                 label_of(d.consent),
                 consent_by(d),
                 one_line(d.dissent),
                 to_wx(d.proposed_by)};
    if (d.status == core::DecisionStatus::withdrawn)
      row.foreground = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
    else if (d.status == core::DecisionStatus::agreed && d.consent == core::ConsentState::given)
      row.bold = true;
    else if (d.consent == core::ConsentState::withheld)
      row.foreground = wxColour(0xA4, 0x26, 0x2C);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<FormField> DecisionsPanel::form(const core::MeetingState& state) const {
  using core::ConsentState;
  using core::DecisionStatus;
  return {
      FormField::multiline("text", _("決定事項")),
      FormField::choice("agenda_item", _("議題"), agenda_choices(state)),
      FormField::choice("status", _("状態"),
                        enum_choices({DecisionStatus::proposed, DecisionStatus::agreed,
                                      DecisionStatus::deferred, DecisionStatus::withdrawn})),
      FormField::choice("consent", _("本人の同意"),
                        enum_choices({ConsentState::not_asked, ConsentState::given, ConsentState::withheld})),
      FormField::text("proxy_name", _("代理人"), _("本人が答えたときは空欄")),
      FormField::multiline("dissent", _("反対意見・条件")),
      FormField::text("proposed_by", _("提案者")),
  };
}

nlohmann::json DecisionsPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& d : state.decisions)
    if (d.id.to_string() == id)
      return {{"text", d.text},
              {"agenda_item", id_or_empty(d.agenda_item)},
              {"status", core::to_string(d.status)},
              {"consent", core::to_string(d.consent)},
              {"proxy_name", d.proxy_name},
              {"dissent", d.dissent},
              {"proposed_by", d.proposed_by}};
  // A new decision belongs to the item being discussed and is made by this person: agreed
  // when the chair records it, proposed when a participant does.
  const auto* current = state.current_item();
  return {{"text", prefill_},
          {"agenda_item", current ? current->id.to_string() : std::string()},
          {"status", holds_chair(session_, state) ? "agreed" : "proposed"},
          {"consent", "not_asked"},
          {"proposed_by", session_.display_name()}};
}

wxString DecisionsPanel::item_noun() const { return C_("noun", "決定事項"); }

std::optional<nlohmann::json> DecisionsPanel::ask_fields(const std::string& id) {
  const bool chair = holds_chair(session_, *state_);
  DecisionDialog dialog(this, *state_, values_of(*state_, id), id.empty(), chair);
  if (!chair && id.empty()) dialog.SetTitle(_("決定を提案"));
  prefill_.clear();
  if (dialog.ShowModal() != wxID_OK) return std::nullopt;
  return id.empty() ? dialog.values() : dialog.changed();
}

void DecisionsPanel::record_from_discussion(const std::string& selection) {
  if (!state_) return;
  prefill_ = decision_text_from_discussion(*state_, selection);
  add_item();
}

}  // namespace renkei::gui
