// The start window: host a new meeting, join one, or open a meeting file for review and
// minutes (tabs). What each tab asks for is handed to the App, which starts the session.
#pragma once

#include <wx/frame.h>

class wxFilePickerCtrl;
class wxListBox;
class wxNotebook;
class wxPanel;

namespace renkei::gui {

class JoinPage;

/// The first window.
class StartFrame : public wxFrame {
 public:
  /// The start window with its three tabs; the host tab is shown.
  StartFrame();
  /// Lists the recent meeting files again.
  void refresh_recent();

 private:
  wxPanel* make_open_page(wxWindow* parent);
  void open_selected();

  wxNotebook* tabs_ = nullptr;
  JoinPage* join_page_ = nullptr;
  wxFilePickerCtrl* open_file_ = nullptr;
  wxListBox* recent_ = nullptr;
};

}  // namespace renkei::gui
