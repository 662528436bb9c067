// The wxWidgets application: command-line options (straight into a meeting, for automation
// and tests), and the moves between the start window, the join progress and the meeting window.
#pragma once

#include <wx/app.h>
#include <wx/weakref.h>

#include <filesystem>
#include <memory>
#include <string>

#include "main_frame.hpp"
#include "session/session.hpp"

namespace renkei::gui {

class LiveSession;
class StartFrame;

/// renkei, the application.
class App : public wxApp {
 public:
  /// Starts what the command line asked for: the start window, or straight into a meeting.
  bool OnInit() override;
  /// The options of renkei --help (--host, --join, --open, --ui-dump …).
  void OnInitCmdLine(wxCmdLineParser& parser) override;
  /// Reads them into the launch plan.
  bool OnCmdLineParsed(wxCmdLineParser& parser) override;

  /// Starts hosting a meeting; on failure says why and stays on the start window.
  void start_hosting(session::HostOptions options);
  /// Starts joining a meeting, showing progress; on failure says why and returns to the start window.
  void start_joining(session::JoinOptions options);
  /// Opens a meeting file without network.
  void open_meeting_file(const std::filesystem::path& db);
  /// Shows the start window (creating it if needed).
  void show_start();

 private:
  /// What the command line asked for.
  enum class Launch { start, host, join, open };

  void open_meeting(std::unique_ptr<LiveSession> session);
  void report_error(const wxString& title, const wxString& message);

  Launch launch_ = Launch::start;
  session::HostOptions host_;
  session::JoinOptions join_;
  std::filesystem::path open_;
  MainFrameOptions frame_options_;
  wxWeakRef<StartFrame> start_;
};

}  // namespace renkei::gui

wxDECLARE_APP(renkei::gui::App);
