// The meeting window's menu command ids and its tabs (shared by main_frame.cpp and
// main_frame_menu.cpp).
#pragma once

#include <wx/defs.h>

#include "wx_util.hpp"

namespace renkei::gui {

/// Menu and button ids of the meeting window.
enum MenuId {
  kExport = wxID_HIGHEST + 1, kExportEcomap, kMeetingInfo, kCloseMeeting, kNext, kPrevious, kFinish,
  kAddItem, kEditItem, kRemoveItem, kMoveUp, kMoveDown, kRecordDecision, kFollow, kAdmit, kDeny,
  kZoomIn, kZoomOut, kZoomReset, kPresentation, kNameViceChair, kNameRecorder, kHandOver, kTakeChair,
  kVisibility, kFirstTab,
};

/// A tab: its --tab name and its label (translated when shown).
struct TabInfo {
  const char* name;
  const char* label;
};

/// The tabs, in order.
inline constexpr TabInfo kTabs[] = {
    {"notes", N_("検討内容・結論")}, {"roles", N_("役割分担")},     {"ecomap", N_("エコマップ")},
    {"checklist", N_("チェックリスト")}, {"decisions", N_("決定事項")}, {"issues", N_("残された課題")},
    {"attendees", N_("出席者")},
};

}  // namespace renkei::gui
