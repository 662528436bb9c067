// Recording a decision (決定) with the person's consent (同意) in one dialog: what was decided,
// the agenda item it belongs to, whether it is agreed or only proposed, and whether 本人 — or a
// named proxy (代理人: 母, 成年後見人 …) — consented, withheld consent, or was not asked yet;
// with any dissent or conditions (反対意見・条件).
#pragma once

#include <wx/dialog.h>

#include <nlohmann/json.hpp>

#include <string>

#include "core/meeting_state.hpp"

class wxChoice;
class wxComboBox;
class wxRadioButton;
class wxTextCtrl;

namespace renkei::gui {

/// The decision dialog. Values are the schema's decision fields.
class DecisionDialog : public wxDialog {
 public:
  /// `initial` holds the decision's current fields (or a new one's defaults: text, agenda_item,
  /// status, consent, proxy_name, dissent, proposed_by); `is_new` chooses the wording;
  /// `may_agree`: this person may mark a decision agreed (only the chair may).
  DecisionDialog(wxWindow* parent, const core::MeetingState& state, const nlohmann::json& initial, bool is_new,
                 bool may_agree = true);

  /// Every field as entered.
  [[nodiscard]] nlohmann::json values() const;
  /// The fields that differ from `initial`.
  [[nodiscard]] nlohmann::json changed() const;
  /// Refuses an empty decision, and a proxy without a name.
  bool Validate() override;

 private:
  void update_enabled();

  nlohmann::json initial_;
  std::vector<std::string> agenda_ids_;
  wxTextCtrl* text_ = nullptr;
  wxChoice* item_ = nullptr;
  wxRadioButton* agreed_ = nullptr;
  wxRadioButton* proposed_ = nullptr;
  wxRadioButton* deferred_ = nullptr;
  wxRadioButton* given_ = nullptr;
  wxRadioButton* withheld_ = nullptr;
  wxRadioButton* not_asked_ = nullptr;
  wxRadioButton* by_person_ = nullptr;
  wxRadioButton* by_proxy_ = nullptr;
  wxComboBox* proxy_ = nullptr;
  wxTextCtrl* dissent_ = nullptr;
  std::string proposed_by_;
  std::string withdrawn_;  ///< kept when editing a withdrawn decision ("withdrawn" or "")
};

/// Text to start a new decision with: `selection` (what the person selected in the notes)
/// when there is some, else the current item's 結論, else nothing.
std::string decision_text_from_discussion(const core::MeetingState& state, const std::string& selection);

}  // namespace renkei::gui
