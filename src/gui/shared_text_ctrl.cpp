#include "shared_text_ctrl.hpp"

#include <chrono>

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

// One id per character, from the snapshot's spans.
std::vector<core::OpId> expand(const std::vector<core::IdSpan>& spans) {
  std::vector<core::OpId> ids;
  for (const auto& s : spans)
    for (std::uint64_t k = 0; k < s.len; ++k) ids.push_back({s.peer, s.counter + k});
  return ids;
}

constexpr int kDebounceMs = 250;
constexpr int kMaxBatchMs = 1000;

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

void SharedTextCtrl::show_item(const std::string& id, const std::string& text,
                               const std::vector<core::IdSpan>& ids) {
  if (id == item_id_) {
    update_text(text, ids);
    return;
  }
  flush();
  ++generation_;
  in_flight_ = 0;
  dirty_ = false;
  item_id_ = id;
  latest_ = to_u32(to_wx(text));
  latest_ids_ = expand(ids);
  base_ = latest_;
  base_ids_ = latest_ids_;
  applying_ = true;
  ChangeValue(from_u32(latest_));
  applying_ = false;
  SetInsertionPoint(0);
  Enable(!id.empty());
}

void SharedTextCtrl::update_text(const std::string& text, const std::vector<core::IdSpan>& ids) {
  latest_ = to_u32(to_wx(text));
  latest_ids_ = expand(ids);
  reconcile();
}

void SharedTextCtrl::reconcile() {
  if (dirty_ || in_flight_ > 0) return;  // applied when my typing has landed
  take_latest();
}

void SharedTextCtrl::take_latest() {
  const bool changed = to_u32(GetValue()) != latest_;
  apply_to_control(latest_);
  base_ = latest_;
  base_ids_ = latest_ids_;
  if (changed && on_updated_) on_updated_();
}

void SharedTextCtrl::on_text(wxCommandEvent& event) {
  if (applying_ || item_id_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!dirty_) dirty_since_ = now;
  dirty_ = true;
  // Sent at once at the end of a line or a sentence (so an undo step ends there: UndoHistory::
  // typed), and at least every kMaxBatchMs while typing goes on; else after a short pause.
  const long caret = GetInsertionPoint();
  const wxString last = caret > 0 ? GetRange(caret - 1, caret) : wxString();
  const bool ended = !last.empty() && wxString::FromUTF8("\n。．！？.!?").Find(last[0]) != wxNOT_FOUND;
  if (ended || now - dirty_since_ >= std::chrono::milliseconds(kMaxBatchMs)) {
    debounce_.Stop();
    flush();
  } else {
    debounce_.StartOnce(kDebounceMs);
  }
  event.Skip();
}

void SharedTextCtrl::flush() {
  if (!dirty_ || item_id_.empty()) return;
  if (in_flight_ > 0) {  // wait for my previous change, so base_ids_ knows its characters
    debounce_.StartOnce(kDebounceMs / 2);
    return;
  }
  const std::u32string mine = to_u32(GetValue());
  dirty_ = false;
  const TextChange change = diff_text(base_, mine);
  if (change.empty()) return;
  const unsigned generation = generation_;
  // A burst of typing in this field is one undo step (UndoHistory merges them), up to the end
  // of a line or a sentence.
  const std::string merge_key = item_id_ + "/" + field_;
  LiveSession::Action action(session_, _("入力"), merge_key);
  // The characters removed, by id: exactly what this person saw and deleted.
  if (change.removed > 0) {
    nlohmann::json spans = nlohmann::json::array();
    for (std::size_t i = change.pos; i < change.end(); ++i) {
      const core::OpId& c = base_ids_[i];
      if (!spans.empty() && spans.back()[0] == core::peer_to_hex(c.peer) &&
          spans.back()[1].get<std::uint64_t>() + spans.back()[2].get<std::uint64_t>() == c.counter)
        spans.back()[2] = spans.back()[2].get<std::uint64_t>() + 1;
      else
        spans.push_back({core::peer_to_hex(c.peer), c.counter, 1});
    }
    ++in_flight_;
    session_.edit({{"cmd", "delete_text"}, {"id", item_id_}, {"field", field_}, {"spans", spans}},
                  [this, generation](const session::EditResult& r) { on_edit_done(generation, r); });
  }
  // The text typed, right after the character it follows on this person's screen.
  std::vector<core::OpId> inserted_ids;
  if (!change.inserted.empty()) {
    const std::string after = change.pos == 0 ? "" : base_ids_[change.pos - 1].to_string();
    ++in_flight_;
    const std::size_t n = change.inserted.size(), pos = change.pos;
    session_.edit({{"cmd", "insert_text"}, {"id", item_id_}, {"field", field_}, {"after", after},
                   {"text", to_utf8(from_u32(change.inserted))}},
                  [this, generation, n, pos](const session::EditResult& r) {
                    // The new characters' ids: a run of counters from the reply's "first".
                    if (generation == generation_ && r.ok && r.reply.contains("first"))
                      if (auto first = core::OpId::parse(r.reply["first"].get<std::string>()))
                        for (std::size_t k = 0; k < n && pos + k <= base_ids_.size(); ++k)
                          base_ids_[pos + k] = {first->peer, first->counter + k};
                    on_edit_done(generation, r);
                  });
    session_.history().typed(merge_key, change.inserted);
  }
  // base_ becomes what is on screen; the inserted characters' ids arrive with the reply.
  std::vector<core::OpId> ids(base_ids_.begin(), base_ids_.begin() + static_cast<std::ptrdiff_t>(change.pos));
  ids.resize(ids.size() + change.inserted.size());
  ids.insert(ids.end(), base_ids_.begin() + static_cast<std::ptrdiff_t>(change.end()), base_ids_.end());
  base_ids_ = std::move(ids);
  base_ = mine;
}

void SharedTextCtrl::on_edit_done(unsigned generation, const session::EditResult& result) {
  if (generation != generation_) return;  // another item is shown now
  --in_flight_;
  if (!result.ok) dirty_ = false;  // refused (e.g. the item was removed): show the shared text
  if (in_flight_ > 0) return;
  // The snapshot now holds my change and whatever others typed.
  for (const auto& item : session_.state()->agenda)
    if (item.id.to_string() == item_id_) {
      latest_ = to_u32(to_wx(field_ == "notes" ? item.notes : item.conclusion));
      latest_ids_ = expand(field_ == "notes" ? item.notes_ids : item.conclusion_ids);
    }
  if (!result.ok) return take_latest();
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
