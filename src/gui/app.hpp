// The wxWidgets application: command-line options (straight into a meeting, for automation
// and tests), and the moves between the start window, the join progress and the meeting window.
#pragma once

#include <wx/app.h>
#include <wx/filehistory.h>
#include <wx/weakref.h>

#include <filesystem>
#include <memory>
#include <string>

#include "error_text.hpp"
#include "main_frame.hpp"
#include "session/session.hpp"

namespace renkei::gui {

class LiveSession;
class StartFrame;
class UiScript;

/// renkei, the application.
class App : public wxApp {
 public:
  /// Starts what the command line asked for: the start window, or straight into a meeting.
  bool OnInit() override;
  ~App() override;
  /// The options of renkei --help (--host, --join, --open, --ui-dump, --ui-script …).
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
  /// Adds a meeting file to the recent files (kept with wxConfig).
  void remember_file(const std::filesystem::path& path);
  /// The recent meeting files.
  [[nodiscard]] wxFileHistory& history() { return history_; }

  /// An error in an event handler: said in a dialog; the application goes on.
  bool OnExceptionInMainLoop() override;
  /// An error outside the event loop: said on stderr and in a dialog when possible.
  void OnUnhandledException() override;
  /// Saves the recent files.
  int OnExit() override;

 private:
  /// What the command line asked for.
  enum class Launch { start, host, join, open };

  void setup_translations();
  void open_meeting(std::unique_ptr<LiveSession> session);
  void report_error(const wxString& title, const wxString& message);
  /// The same for a failure with its technical detail (error_text.hpp).
  void report_error(const wxString& title, const wxString& headline, const ErrorText& error);
  /// The meeting window showing `db`, if this process has one.
  [[nodiscard]] MainFrame* frame_for(const std::filesystem::path& db) const;
  /// Raises the window that already has `db` open; true if there was one.
  bool raise_existing(const std::filesystem::path& db);
  /// The newest meeting window, if any.
  [[nodiscard]] MainFrame* current_frame() const;

  Launch launch_ = Launch::start;
  session::HostOptions host_;
  session::JoinOptions join_;
  std::filesystem::path open_;
  MainFrameOptions frame_options_;
  wxWeakRef<StartFrame> start_;
  wxFileHistory history_{9};
  std::filesystem::path ui_script_path_;
  std::unique_ptr<UiScript> ui_script_;
};

}  // namespace renkei::gui

wxDECLARE_APP(renkei::gui::App);
