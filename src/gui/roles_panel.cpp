#include "roles_panel.hpp"

#include "authority_ui.hpp"
#include "panel_common.hpp"
#include "wx_util.hpp"

namespace renkei::gui {

RolesPanel::RolesPanel(wxWindow* parent, LiveSession& session)
    : ItemTablePanel(parent, session, "roles", "role",
                     {{_("役割"), 110},
                      {_("担当"), 150},
                      {_("区分"), 100},
                      {_("できること"), 100, true},
                      {_("できないこと"), 100, true},
                      {_("キーマン"), 70}},
                     true) {}

std::vector<ListRow> RolesPanel::rows(const core::MeetingState& state) const {
  std::vector<ListRow> out;
  for (const auto& r : state.roles) {
    ListRow row;
    row.id = r.id.to_string();
    row.cells = {with_visibility_tag(state, r.partition, to_wx(r.role)), to_wx(r.who),        label_of(r.resource),
                 one_line(r.can_do),      one_line(r.cannot_do), r.key_person ? wxString::FromUTF8("◎") : wxString()};
    row.bold = r.key_person;
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<FormField> RolesPanel::form(const core::MeetingState& state) const {
  using core::ResourceKind;
  return {
      FormField::text("role", _("役割"), _("例：通院同行、金銭管理、見守り")),
      FormField::text("who", _("担当（氏名・機関）"), _("例：〇〇訪問看護ステーション")),
      FormField::choice("attendee", _("出席者との対応"), attendee_choices(state)),
      FormField::choice("resource", _("区分"), enum_choices({ResourceKind::formal, ResourceKind::informal})),
      FormField::multiline("can_do", _("できること")),
      FormField::multiline("cannot_do", _("できないこと")),
      FormField::check("key_person", _("キーマン"), _("キーマンにする（責任分散回避・情報の一元化・進捗管理）")),
  };
}

nlohmann::json RolesPanel::values_of(const core::MeetingState& state, const std::string& id) const {
  for (const auto& r : state.roles)
    if (r.id.to_string() == id)
      return {{"role", r.role},     {"who", r.who},           {"attendee", id_or_empty(r.attendee)},
              {"resource", core::to_string(r.resource)},    {"can_do", r.can_do},
              {"cannot_do", r.cannot_do}, {"key_person", r.key_person}};
  return {{"resource", "formal"}, {"key_person", false}};
}

wxString RolesPanel::item_noun() const { return C_("noun", "役割"); }

}  // namespace renkei::gui
