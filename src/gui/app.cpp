#include "app.hpp"

#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/msgdlg.h>
#include <wx/uilocale.h>

#include <cstdio>
#include <cstdlib>

#include "join_progress.hpp"
#include "live_session.hpp"
#include "main_frame.hpp"
#include "start_frame.hpp"
#include "wx_util.hpp"

wxIMPLEMENT_APP_NO_MAIN(renkei::gui::App);

namespace renkei::gui {
namespace {

// Creates the folder a meeting file goes in; false (after saying why) if it cannot.
bool make_parent_folder(const std::filesystem::path& file, wxString& error) {
  const auto parent = file.parent_path();
  if (parent.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (!ec) return true;
  error = wxString::Format(_("フォルダー %s を作れません：%s"), to_wx(parent.string()), to_wx(ec.message()));
  return false;
}

}  // namespace

void App::OnInitCmdLine(wxCmdLineParser& p) {
  wxApp::OnInitCmdLine(p);
  p.AddLongSwitch("host", "host a meeting (with --db, --template, --user-name …)");
  p.AddLongOption("join", "join the meeting at ADDR:PORT (with --code, --user-name, --db)");
  p.AddLongSwitch("discover", "join the first meeting found on the network (with --code, --user-name, --db)");
  p.AddLongOption("open", "open a meeting file without network");
  p.AddLongOption("db", "the meeting file (replica)");
  p.AddLongOption("template", "meeting kind: service_coordination, individual_support, monitoring, case_review");
  // Not --name: GTK reads --name itself (the window manager's program name).
  p.AddLongOption("user-name", "your name (the chair's, when hosting)");
  p.AddLongOption("organization", "the chair's organization (所属)");
  p.AddLongOption("profession", "the chair's profession (職種)");
  p.AddLongOption("person", "the person the meeting is about (本人)");
  p.AddLongOption("title", "the meeting's title");
  p.AddLongOption("date", "the meeting's date, YYYY-MM-DD");
  p.AddLongOption("place", "where the meeting is held");
  p.AddLongOption("listen", "ADDR:PORT to accept peers on (default 0.0.0.0:0)");
  p.AddLongSwitch("auto-admit", "admit every device that proves the join code (demos, tests)");
  p.AddLongSwitch("no-announce", "do not answer multicast discovery");
  p.AddLongOption("code", "the join code");
  p.AddLongOption("identity", "folder of this device's TLS identity");
  p.AddLongOption("ui-dump", "write what the meeting window displays to this JSON file after every change");
  p.AddLongOption("tab", "first tab: notes, roles, checklist, decisions, issues, attendees");
}

bool App::OnCmdLineParsed(wxCmdLineParser& p) {
  if (!wxApp::OnCmdLineParsed(p)) return false;
  auto get = [&p](const char* name, std::string fallback = {}) {
    wxString v;
    return p.Found(name, &v) ? to_utf8(v) : fallback;
  };
  wxString value;
  const std::string db = get("db");
  const std::string identity = get("identity");
  if (p.Found("ui-dump", &value)) frame_options_.ui_dump = std::filesystem::path(to_utf8(value));
  frame_options_.tab = get("tab");
  if (p.Found("host")) {
    launch_ = Launch::host;
    host_.template_kind = get("template", "service_coordination");
    host_.display_name = get("user-name", to_utf8(_("司会")));
    host_.organization = get("organization");
    host_.profession = get("profession");
    host_.listen = get("listen", "0.0.0.0:0");
    host_.auto_admit = p.Found("auto-admit");
    host_.announce = !p.Found("no-announce");
    host_.identity_dir = identity;
    for (const char* field : {"title", "date", "place"})
      if (p.Found(field, &value)) host_.meeting[field] = to_utf8(value);
    if (p.Found("person", &value)) host_.meeting["person_name"] = to_utf8(value);
    host_.db = db.empty() ? std::filesystem::path(to_utf8(default_meeting_folder())) /
                                (today_iso() + "_" + host_.template_kind + ".renkei")
                          : std::filesystem::path(db);
  } else if (p.Found("join", &value) || p.Found("discover")) {
    launch_ = Launch::join;
    join_.address = p.Found("discover") ? std::string() : normalize_ascii_input(value);
    join_.code = normalize_join_code(to_wx(get("code")));
    join_.display_name = get("user-name", to_utf8(_("参加者")));
    join_.listen = get("listen", "0.0.0.0:0");
    join_.identity_dir = identity;
    if (db.empty()) {
      wxMessageOutput::Get()->Printf("renkei: --join needs --db FILE");
      return false;
    }
    join_.db = db;
  } else if (p.Found("open", &value)) {
    launch_ = Launch::open;
    open_ = std::filesystem::path(to_utf8(value));
  }
  return true;
}

bool App::OnInit() {
#ifdef NDEBUG
  // A failed wxWidgets check must not stop a meeting with a modal dialog: log it instead.
  wxSetAssertHandler([](const wxString& file, int line, const wxString& func, const wxString& cond,
                        const wxString& msg) {
    std::fprintf(stderr, "renkei: wxWidgets check failed: %s:%d %s: %s %s\n", static_cast<const char*>(file.utf8_str()),
                 line, static_cast<const char*>(func.utf8_str()), static_cast<const char*>(cond.utf8_str()),
                 static_cast<const char*>(msg.utf8_str()));
  });
#endif
  SetAppName("renkei");
  SetAppDisplayName("Renkei");
  wxUILocale::UseDefault();
  if (!wxApp::OnInit()) return false;  // parses the command line
  frame_options_.on_closed = [this](bool quit) {
    if (quit) {
      if (start_) start_->Destroy();
    } else {
      show_start();
    }
  };
  switch (launch_) {
    case Launch::start: show_start(); break;
    case Launch::host: start_hosting(host_); break;
    case Launch::join: start_joining(join_); break;
    case Launch::open: open_meeting_file(open_); break;
  }
  return true;
}

void App::show_start() {
  if (!start_) start_ = new StartFrame();
  start_->Show();
  start_->Raise();
}

void App::report_error(const wxString& title, const wxString& message) {
  // Without any window left the application would end: fall back to the start window.
  if (!start_ || !start_->IsShown()) show_start();
  wxMessageBox(message, title, wxOK | wxICON_ERROR, start_);
}

void App::open_meeting(std::unique_ptr<LiveSession> session) {
  StartFrame::remember_file(to_wx(session->session().db_path().string()));
  auto* frame = new MainFrame(std::move(session), frame_options_);
  frame->Show();
  if (start_) start_->Hide();
}

void App::start_hosting(session::HostOptions options) {
  wxString error;
  if (!make_parent_folder(options.db, error)) return report_error(_("会議を始める"), error);
  try {
    wxBusyCursor busy;
    open_meeting(LiveSession::host(std::move(options)));
  } catch (const std::exception& e) {
    report_error(_("会議を始める"), _("会議を始められませんでした。\n\n") + to_wx(e.what()));
  }
}

void App::start_joining(session::JoinOptions options) {
  wxString error;
  if (!make_parent_folder(options.db, error)) return report_error(_("会議に参加する"), error);
  const wxString where = to_wx(options.address);
  std::unique_ptr<LiveSession> session;
  try {
    session = LiveSession::join(std::move(options));
  } catch (const std::exception& e) {
    return report_error(_("会議に参加する"), _("会議に参加できませんでした。\n\n") + to_wx(e.what()));
  }
  if (start_) start_->Hide();
  auto* progress = new JoinProgressDialog(
      start_, std::move(session), where, [this](std::unique_ptr<LiveSession> s) { open_meeting(std::move(s)); },
      [this](const wxString& message) {
        if (message.empty()) return show_start();  // cancelled
        report_error(_("会議に参加する"), message);
      });
  progress->Show();
}

void App::open_meeting_file(const std::filesystem::path& db) {
  try {
    open_meeting(LiveSession::open_local(db));
  } catch (const std::exception& e) {
    report_error(_("記録ファイルを開く"), _("記録ファイルを開けませんでした。\n\n") + to_wx(e.what()));
  }
}

}  // namespace renkei::gui

int main(int argc, char** argv) {
  // The interface is Japanese: prefer Japanese glyph forms for Han characters even when the
  // desktop's locale is not Japanese (a user's own PANGO_LANGUAGE wins).
  setenv("PANGO_LANGUAGE", "ja", 0);
  return wxEntry(argc, argv);
}
