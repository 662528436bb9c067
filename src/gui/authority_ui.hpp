// Audiences and authority in the meeting window (core/audience.hpp, core/authority.hpp): which
// audience each attendee is in (専門職, bound by confidentiality, or 一般: the person, family,
// neighbours), which items only some may see (an item's visibility), and who leads the meeting
// (司会, 副司会, 記録). Here are the labels the lists show for them, the dialogs that ask for
// them, and the chair's acts: admitting with an audience, changing an audience or a visibility,
// naming the vice-chair and the recorder, handing the chair over, the vice-chair taking it.
// The same edits as the CLI's (protocol/CLI.md); a refusal is shown in a dialog with the
// session's reason.
#pragma once

#include <wx/string.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

#include "core/meeting_state.hpp"
#include "live_session.hpp"

class wxWindow;

namespace renkei::gui {

/// An audience as offered when admitting or changing it: "professional" → 専門職（守秘義務あり）,
/// "general" → 一般（本人・家族・地域の方）.
wxString audience_choice_label(const std::string& audience);

/// An attendee's audience in the attendee list: 専門職 or 一般; the chair, who sees every
/// partition (core/audience.hpp), すべて（司会）.
wxString audience_cell(const core::MeetingState& state, const core::Attendee& attendee);

/// The attendee's parts in running the meeting, joined: "司会", "副司会・記録", or "".
wxString meeting_roles_of(const core::MeetingState& state, const core::ItemId& attendee);

/// The mark of an item that not everyone may see, shown before its text: "" for everyone
/// ("all"), "［専門職のみ］" for professionals, "［鈴木・田中のみ］" for named attendees.
wxString visibility_tag(const core::MeetingState& state, const std::string& partition);

/// `text` with visibility_tag() before it.
wxString with_visibility_tag(const core::MeetingState& state, const std::string& partition, const wxString& text);

/// An item of any list, found by id: its partition and how a dialog names it (議題「…」).
struct ItemSummary {
  std::string partition;
  wxString description;
};
/// The item `id` of the agenda, roles, checklist, decisions, open issues, attendees or
/// relationships; std::nullopt when there is none.
std::optional<ItemSummary> find_item(const core::MeetingState& state, const std::string& id);

/// Whether this person is the vice-chair (副司会) and not also the chair: they may take the chair.
bool may_take_chair(const LiveSession& session, const core::MeetingState& state);

/// What to tell the person about an edit the session refused: who may do it, in words, then
/// the session's own sentence. `permission` (if not null) is set when it is a matter of who may.
wxString refusal_message(const wxString& error, bool* permission = nullptr);

/// Shows refusal_message() in a dialog over `parent`.
void show_refusal(wxWindow* parent, const wxString& error);

/// Asks a yes-or-no question in a dialog named "confirm_dialog" (buttons "ok" labelled
/// `ok_label`, and "cancel"); true when confirmed.
bool confirm(wxWindow* parent, const wxString& title, const wxString& message, const wxString& ok_label);

/// Asks which audience an attendee is in: a dialog named "audience_dialog" saying `message`,
/// with the radio buttons "audience_general" and "audience_professional", `initial` chosen,
/// and "ok" labelled `ok_label`. Returns "general" or "professional"; std::nullopt when cancelled.
std::optional<std::string> ask_audience(wxWindow* parent, const wxString& title, const wxString& message,
                                        const std::string& initial, const wxString& ok_label);

/// Asks who may see an item now in `partition`: a dialog named "visibility_dialog" with the
/// radio buttons "visibility_all" (全員), "visibility_professionals" (専門職のみ) and
/// "visibility_named" (指定した出席者) with the attendees to tick ("visibility_attendees").
/// Returns the visibility as the set_visibility edit takes it ("all", "professionals" or
/// [attendee ids]); std::nullopt when cancelled.
std::optional<nlohmann::json> ask_visibility(wxWindow* parent, const core::MeetingState& state,
                                             const std::string& partition, const wxString& what);

/// Sends an edit that is the chair's (or the vice-chair's) to make. A refusal is shown as a
/// dialog over `parent` (show_refusal), not in the message bar; `done` runs once it is applied.
void send_chair_edit(wxWindow* parent, LiveSession& session, nlohmann::json edit,
                     std::function<void(const session::EditResult&)> done = {},
                     LiveSession::Record record = LiveSession::Record::yes);

/// Asks who may see item `id` (ask_visibility) and moves it there (set_visibility, chair only).
/// The item gets a new id in its new audience: `moved` is called with it.
void change_visibility(wxWindow* parent, LiveSession& session, const std::string& id,
                       std::function<void(const std::string& new_id)> moved = {});

/// Asks the attendee's audience (ask_audience) and sets it (set … audience, chair only).
void change_audience(wxWindow* parent, LiveSession& session, const std::string& attendee);

/// 副司会を指名…: asks which attendee is the vice-chair (or none) and names them (chair only).
void name_vice_chair(wxWindow* parent, LiveSession& session);
/// 記録係を指名…: asks which attendee is the recorder (or none) and names them (chair only).
void name_recorder(wxWindow* parent, LiveSession& session);
/// 司会を交代…: asks which attendee takes the chair, says what that means, and hands it over
/// when confirmed (set_meeting chair; chair only).
void hand_chair_over(wxWindow* parent, LiveSession& session);
/// 司会を引き継ぐ: the vice-chair takes the chair, once confirmed (set_meeting chair = their own
/// attendee).
void take_chair(wxWindow* parent, LiveSession& session);

}  // namespace renkei::gui
