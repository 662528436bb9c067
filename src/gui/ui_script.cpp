#include "ui_script.hpp"

#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/textentry.h>
#include <wx/toplevel.h>
#include <wx/uiaction.h>
#include <wx/window.h>

#include <fstream>
#include <map>
#include <sstream>

#include "wx_util.hpp"

namespace renkei::gui {
namespace {

constexpr int kTickMs = 40;
constexpr int kDragSteps = 8;

bool shown(const wxWindow* w) {
  for (; w; w = w->GetParent()) {
    if (!w->IsShown()) return false;
    if (w->IsTopLevel()) return true;
  }
  return true;
}

// The first window named `name` in `root`'s tree (root included), preferring shown ones.
wxWindow* find_in(wxWindow* root, const wxString& name) {
  wxWindow* hidden = nullptr;
  std::vector<wxWindow*> stack{root};
  while (!stack.empty()) {
    wxWindow* w = stack.front();
    stack.erase(stack.begin());
    if (w->GetName() == name) {
      if (shown(w)) return w;
      if (!hidden) hidden = w;
    }
    for (wxWindow* child : w->GetChildren())
      if (!child->IsTopLevel()) stack.push_back(child);
  }
  return hidden;
}

std::vector<std::string> split(const std::string& path, char separator = '/') {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, separator);)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// "ctrl+shift+z" → key code and modifiers.
bool parse_key(const std::string& text, int& code, int& modifiers) {
  static const std::map<std::string, int> kNamed{
      {"right", WXK_RIGHT},   {"left", WXK_LEFT},        {"up", WXK_UP},         {"down", WXK_DOWN},
      {"return", WXK_RETURN}, {"enter", WXK_RETURN},     {"escape", WXK_ESCAPE}, {"tab", WXK_TAB},
      {"end", WXK_END},       {"home", WXK_HOME},        {"delete", WXK_DELETE}, {"back", WXK_BACK},
      {"space", WXK_SPACE},   {"pageup", WXK_PAGEUP},    {"pagedown", WXK_PAGEDOWN},
      {"f1", WXK_F1},         {"f5", WXK_F5},            {"plus", '+'},          {"minus", '-'},
      {"equal", '='}};
  modifiers = wxMOD_NONE;
  code = 0;
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& part : split(lower, '+')) {
    if (part == "ctrl") modifiers |= wxMOD_CONTROL;
    else if (part == "shift") modifiers |= wxMOD_SHIFT;
    else if (part == "alt") modifiers |= wxMOD_ALT;
    else if (auto it = kNamed.find(part); it != kNamed.end()) code = it->second;
    else if (part.size() == 1) code = part[0];
    else return false;
  }
  return code != 0;
}

}  // namespace

UiScript::UiScript(const std::filesystem::path& file, std::function<nlohmann::json()> ui_state,
                   std::function<void()> on_progress)
    : ui_state_(std::move(ui_state)), on_progress_(std::move(on_progress)), timer_(this) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the UI script " + file.string());
  steps_ = nlohmann::json::parse(in, nullptr, false);
  if (!steps_.is_array()) throw std::runtime_error("the UI script " + file.string() + " is not a JSON array");
  for (const auto& step : steps_)
    if (!step.is_object() || !step.contains("do"))
      throw std::runtime_error("every step of the UI script needs \"do\": " + step.dump());
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(); }, timer_.GetId());
}

UiScript::~UiScript() = default;

void UiScript::start() {
  sim_ = std::make_unique<wxUIActionSimulator>();
  step_started_ = Clock::now();
  timer_.Start(kTickMs);
}

nlohmann::json UiScript::status() const {
  nlohmann::json out{{"step", index_}, {"steps", steps_.size()}, {"done", done_}};
  if (!error_.empty()) out["error"] = error_;
  return out;
}

wxWindow* UiScript::find(const std::string& path) {
  const auto parts = split(path);
  if (parts.empty()) return nullptr;
  // Newest top-level window first: a dialog before the window it covers.
  std::vector<wxWindow*> tops;
  for (wxWindow* w : wxTopLevelWindows)
    if (w->IsShown()) tops.insert(tops.begin(), w);
  for (wxWindow* top : tops) {
    wxWindow* w = find_in(top, to_wx(parts[0]));
    for (std::size_t i = 1; w && i < parts.size(); ++i) w = find_in(w, to_wx(parts[i]));
    if (w && shown(w)) return w;
  }
  return nullptr;
}

void UiScript::fail(const std::string& message) {
  error_ = "step " + std::to_string(index_) + " " + (index_ < steps_.size() ? steps_[index_].dump() : "") + ": " + message;
  timer_.Stop();
  std::fprintf(stderr, "renkei: --ui-script failed: %s\n", error_.c_str());
  if (on_progress_) on_progress_();
}

bool UiScript::waited_too_long(const nlohmann::json& step) const {
  const int timeout = step.value("timeout_ms", 20000);
  return Clock::now() - step_started_ > std::chrono::milliseconds(timeout);
}

void UiScript::tick() {
  if (done_ || !error_.empty()) return;
  if (index_ >= steps_.size()) {
    done_ = true;
    timer_.Stop();
    if (on_progress_) on_progress_();
    return;
  }
  bool finished = false;
  try {
    finished = run_step(steps_[index_]);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  if (!error_.empty()) return;
  if (finished) {
    ++index_;
    phase_ = 0;
    step_started_ = Clock::now();
    if (on_progress_) on_progress_();
  } else if (waited_too_long(steps_[index_])) {
    fail("timed out");
  }
}

wxPoint UiScript::target_point(const nlohmann::json& step, const char* row_key, const char* point_key) const {
  const std::string name = step.value("name", std::string());
  wxWindow* w = find(name);
  if (!w) throw std::runtime_error("no shown window " + name);
  if (step.contains(row_key)) {
    auto* list = dynamic_cast<wxListCtrl*>(w);
    if (!list) throw std::runtime_error(name + " is not a list");
    wxRect r;
    if (!list->GetItemRect(step[row_key].get<long>(), r)) throw std::runtime_error(name + " has no such row");
    return list->ClientToScreen(wxPoint(r.x + std::min(r.width / 2, w->FromDIP(80)), r.y + r.height / 2));
  }
  if (step.contains(point_key)) {
    const auto& p = step[point_key];
    return w->ClientToScreen(wxPoint(w->FromDIP(p[0].get<int>()), w->FromDIP(p[1].get<int>())));
  }
  const wxRect r = w->GetScreenRect();
  return r.GetPosition() + wxPoint(r.width / 2, r.height / 2);
}

bool UiScript::run_step(const nlohmann::json& step) {
  const std::string action = step["do"].get<std::string>();
  const std::string name = step.value("name", std::string());
  if (action == "wait_window") return find(name) != nullptr && find(name)->IsEnabled();
  if (action == "wait_gone") return find(name) == nullptr;
  if (action == "wait_file") return std::filesystem::exists(step.value("path", std::string()));
  if (action == "wait_ui") {
    const nlohmann::json ui = ui_state_ ? ui_state_() : nlohmann::json();
    if (!ui.is_object()) return false;
    const nlohmann::json::json_pointer pointer(step.value("pointer", std::string()));
    if (!ui.contains(pointer)) return false;
    const nlohmann::json& value = ui.at(pointer);
    if (step.contains("equals")) return value == step["equals"];
    if (step.contains("contains")) {
      const auto& part = step["contains"];
      if (value.is_string() && part.is_string()) return value.get<std::string>().find(part.get<std::string>()) != std::string::npos;
      if (value.is_array())
        for (const auto& v : value)
          if (v == part) return true;
      return false;
    }
    return true;
  }
  if (action == "click") {
    const wxPoint p = target_point(step, "row", "at");
    sim_->MouseMove(p);
    if (step.value("double", false))
      sim_->MouseDblClick();
    else
      sim_->MouseClick(step.value("right", false) ? wxMOUSE_BTN_RIGHT : wxMOUSE_BTN_LEFT);
    return true;
  }
  if (action == "drag") {
    // Pressed, moved in several steps (a list starts dragging only after a few motions), released.
    const wxPoint from = target_point(step, "from_row", "from");
    nlohmann::json to_step = step;
    if (step.contains("to_row")) to_step["from_row"] = step["to_row"];
    else to_step.erase("from_row");
    if (step.contains("to")) to_step["from"] = step["to"];
    const wxPoint to = target_point(to_step, "from_row", "from");
    if (phase_ == 0) {
      sim_->MouseMove(from);
    } else if (phase_ == 1) {
      sim_->MouseDown();
    } else if (phase_ <= 1 + kDragSteps) {
      const int k = phase_ - 1;
      sim_->MouseMove(from + wxPoint((to.x - from.x) * k / kDragSteps, (to.y - from.y) * k / kDragSteps));
    } else {
      sim_->MouseUp();
      return true;
    }
    ++phase_;
    return false;
  }
  if (action == "type") {
    // One run per tick: ASCII as key presses, anything else as an input method's commit. Key
    // presses arrive through the X server: the next run waits until the field shows them.
    auto* focused = dynamic_cast<wxTextEntry*>(wxWindow::FindFocus());
    if (expected_length_ >= 0) {
      if (focused && static_cast<long>(focused->GetValue().length()) < expected_length_) return false;
      expected_length_ = -1;
    }
    const wxString text = to_wx(step.value("text", std::string()));
    std::size_t start = static_cast<std::size_t>(phase_);
    if (start >= text.length()) return true;
    const bool ascii = text[start].IsAscii();
    std::size_t end = start;
    while (end < text.length() && text[end].IsAscii() == ascii && text[end] != '\n') ++end;
    if (end == start) end = start + 1;  // a line break on its own
    const wxString run = text.Mid(start, end - start);
    if (run == "\n") {
      sim_->Char(WXK_RETURN);
    } else if (ascii) {
      if (focused) expected_length_ = static_cast<long>(focused->GetValue().length() + run.length());
      sim_->Text(run.ToAscii());
    } else {
      auto* entry = dynamic_cast<wxTextEntry*>(wxWindow::FindFocus());
      if (!entry) throw std::runtime_error("no text field has the focus to type into");
      entry->WriteText(run);
    }
    phase_ = static_cast<int>(end);
    return static_cast<std::size_t>(phase_) >= text.length() && expected_length_ < 0;
  }
  if (action == "key") {
    int code = 0, modifiers = 0;
    if (!parse_key(step.value("key", std::string()), code, modifiers))
      throw std::runtime_error("unknown key " + step.value("key", std::string()));
    sim_->Char(code, modifiers);
    return true;
  }
  if (action == "menu") {
    const wxString label = to_wx(step.value("label", std::string()));
    for (wxWindow* top : wxTopLevelWindows) {
      auto* frame = dynamic_cast<wxFrame*>(top);
      if (!frame || !frame->IsShown() || !frame->GetMenuBar()) continue;
      wxMenuBar* bar = frame->GetMenuBar();
      for (std::size_t m = 0; m < bar->GetMenuCount(); ++m) {
        wxMenu* menu = bar->GetMenu(m);
        for (const wxMenuItem* item : menu->GetMenuItems()) {
          if (item->IsSeparator() || item->IsSubMenu() || item->GetItemLabelText() != label) continue;
          frame->DoMenuUpdates(menu);  // as opening the menu does: greyed out or not
          if (!item->IsEnabled()) return false;
          // Queued, not processed here: a dialog it opens must not run inside this step.
          auto* event = new wxCommandEvent(wxEVT_MENU, item->GetId());
          event->SetEventObject(frame);
          wxQueueEvent(frame, event);
          return true;
        }
      }
    }
    throw std::runtime_error("no menu item " + step.value("label", std::string()));
  }
  if (action == "select") {
    wxWindow* w = find(name);
    if (!w) return false;
    int index = step.value("index", -1);
    if (auto* list = dynamic_cast<wxCheckListBox*>(w)) {
      if (step.contains("label")) index = list->FindString(to_wx(step["label"].get<std::string>()));
      if (index < 0 || index >= static_cast<int>(list->GetCount())) throw std::runtime_error("no such entry");
      if (!list->IsEnabled()) return false;
      list->Check(static_cast<unsigned>(index), step.value("checked", true));
      wxCommandEvent e(wxEVT_CHECKLISTBOX, list->GetId());
      e.SetEventObject(list);
      e.SetInt(index);
      list->ProcessWindowEvent(e);
      return true;
    }
    if (auto* choice = dynamic_cast<wxChoice*>(w)) {
      if (step.contains("label")) index = choice->FindString(to_wx(step["label"].get<std::string>()));
      if (index < 0 || index >= static_cast<int>(choice->GetCount())) throw std::runtime_error("no such choice");
      choice->SetSelection(index);
      wxCommandEvent e(wxEVT_CHOICE, choice->GetId());
      e.SetEventObject(choice);
      e.SetInt(index);
      choice->ProcessWindowEvent(e);
      return true;
    }
    if (auto* combo = dynamic_cast<wxComboBox*>(w)) {
      if (index < 0 || index >= static_cast<int>(combo->GetCount())) throw std::runtime_error("no such choice");
      combo->SetSelection(index);
      wxCommandEvent e(wxEVT_COMBOBOX, combo->GetId());
      e.SetEventObject(combo);
      e.SetInt(index);
      combo->ProcessWindowEvent(e);
      return true;
    }
    throw std::runtime_error(name + " is not a choice");
  }
  throw std::runtime_error("unknown step \"" + action + "\"");
}

}  // namespace renkei::gui
