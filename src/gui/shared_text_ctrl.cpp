#include "shared_text_ctrl.hpp"

#include "text_diff.hpp"
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

static_assert(sizeof(wchar_t) == 4, "text positions are code points: needs a 32-bit wchar_t");

// wxTextCtrl positions on GTK count characters, as these strings do.
std::u32string to_u32(const wxString& s) {
  const std::wstring w = s.ToStdWstring();
  return std::u32string(w.begin(), w.end());
}

wxString from_u32(const std::u32string& s) { return wxString(std::wstring(s.begin(), s.end())); }

// The field's text of an agenda item in a snapshot, or nullptr if the item is gone.
const std::string* field_text(const core::MeetingState& state, const std::string& id,
                              const std::string& field) {
  for (const auto& item : state.agenda)
    if (item.id.to_string() == id) return field == "notes" ? &item.notes : &item.conclusion;
  return nullptr;
}

constexpr int kDebounceMs = 250;

}  // namespace

SharedTextCtrl::SharedTextCtrl(wxWindow* parent, LiveSession& session, std::string field,
                               const wxString& name)
    : wxTextCtrl(parent, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                 wxTE_MULTILINE | wxTE_RICH2 | wxTE_NOHIDESEL),
      session_(session),
      field_(std::move(field)),
      debounce_(this) {
  SetName(name);
  Disable();
  Bind(wxEVT_TEXT, &SharedTextCtrl::on_text, this);
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { flush(); }, debounce_.GetId());
  Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) {
    flush();
    e.Skip();
  });
}

void SharedTextCtrl::show_item(const std::string& id, const std::string& text) {
  if (id == item_id_) {
    update_text(text);
    return;
  }
  flush();
  ++generation_;
  in_flight_ = 0;
  dirty_ = false;
  item_id_ = id;
  base_ = latest_ = to_u32(to_wx(text));
  applying_ = true;
  ChangeValue(from_u32(latest_));
  applying_ = false;
  SetInsertionPoint(0);
  Enable(!id.empty());
}

void SharedTextCtrl::update_text(const std::string& text) {
  latest_ = to_u32(to_wx(text));
  reconcile();
}

void SharedTextCtrl::reconcile() {
  if (dirty_ || in_flight_ > 0) return;  // merged when my typing has landed
  apply_to_control(latest_);
  base_ = latest_;
}

void SharedTextCtrl::on_text(wxCommandEvent& event) {
  if (applying_ || item_id_.empty()) return;
  dirty_ = true;
  debounce_.StartOnce(kDebounceMs);
  event.Skip();
}

void SharedTextCtrl::flush() {
  if (!dirty_ || item_id_.empty()) return;
  if (in_flight_ > 0) {  // wait for my previous edit, so `latest_` includes it
    debounce_.StartOnce(kDebounceMs / 2);
    return;
  }
  // Someone else may have typed since `base_`: keep their change as well as mine.
  const std::u32string mine = to_u32(GetValue());
  const std::u32string merged = merge_text(base_, mine, latest_);
  if (merged != mine) apply_to_control(merged);
  dirty_ = false;
  base_ = merged;
  ++in_flight_;
  nlohmann::json edit{{"cmd", "replace_text"}, {"id", item_id_}, {"field", field_},
                      {"text", to_utf8(from_u32(merged))}};
  const unsigned generation = generation_;
  session_.edit(std::move(edit), [this, generation](const session::EditResult& result) {
    on_edit_done(generation, result);
  });
}

void SharedTextCtrl::on_edit_done(unsigned generation, const session::EditResult& result) {
  if (generation != generation_) return;  // another item is shown now
  --in_flight_;
  // The snapshot now holds my edit (or, if it was refused, shows why the text differs).
  if (const std::string* text = field_text(*session_.state(), item_id_, field_))
    latest_ = to_u32(to_wx(*text));
  reconcile();
}

void SharedTextCtrl::apply_to_control(const std::u32string& target) {
  const std::u32string current = to_u32(GetValue());
  const TextChange change = diff_text(current, target);
  if (change.empty()) return;
  long from = 0, to = 0;
  GetSelection(&from, &to);
  const long caret = GetInsertionPoint();
  applying_ = true;
  Replace(static_cast<long>(change.pos), static_cast<long>(change.end()), from_u32(change.inserted));
  applying_ = false;
  if (from != to) {
    // The selection keeps what it held (text inserted at either edge stays outside it), and
    // SetSelection puts the caret at its first argument: keep it at the end it was at.
    const long a = static_cast<long>(map_position(static_cast<std::size_t>(from), change, Stick::after));
    const long b = static_cast<long>(map_position(static_cast<std::size_t>(to), change, Stick::before));
    if (caret == from)
      SetSelection(a, b);
    else
      SetSelection(b, a);
  } else {
    SetInsertionPoint(static_cast<long>(map_position(static_cast<std::size_t>(caret), change)));
  }
}

}  // namespace renkei::gui
