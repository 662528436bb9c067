#include "app.hpp"

#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/filename.h>
#include <wx/image.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "join_progress.hpp"
#include "live_session.hpp"
#include "main_frame.hpp"
#include "start_frame.hpp"
#include "ui_script.hpp"
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

// The interface language the system asks for: English when the locale names English, Japanese
// (the source strings) for ja and anything else. LANGUAGE, then LC_ALL, LC_MESSAGES, LANG, as
// gettext reads them.
bool english_wanted() {
  auto starts_en = [](const char* v) { return v && v[0] == 'e' && v[1] == 'n' && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == ':'); };
  const char* language = std::getenv("LANGUAGE");
  if (language && *language) return starts_en(language);
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(name); v && *v) return starts_en(v);
  return false;
}

std::filesystem::path canonical_or_same(const std::filesystem::path& p) {
  std::error_code ec;
  auto c = std::filesystem::weakly_canonical(p, ec);
  return ec ? p : c;
}

}  // namespace

App::~App() = default;

void App::setup_translations() {
  // The source strings are Japanese; English comes from po/en.po compiled to renkei.mo, found
  // beside the executable (build tree), in ../share/locale (installed) or the data folder.
  auto* translations = new wxTranslations;
  wxTranslations::Set(translations);
  const wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/locale");
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/../share/locale");
  wxFileTranslationsLoader::AddCatalogLookupPathPrefix(to_wx((session::data_dir() / "locale").string()));
  set_interface_english(english_wanted());
  translations->SetLanguage(english_wanted() ? wxLANGUAGE_ENGLISH_US : wxLANGUAGE_JAPANESE);
  translations->AddCatalog("renkei", wxLANGUAGE_JAPANESE);
}

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
  p.AddLongOption("tab", "first tab: notes, roles, ecomap, checklist, decisions, issues, attendees");
  p.AddLongOption("previous", "when hosting a new file: continue from this previous meeting file");
  p.AddLongSwitch("presentation", "start in presentation mode (full screen)");
  p.AddLongOption("ui-script", "run these UI steps (JSON) with simulated input (tests and screenshots)");
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
  frame_options_.presentation = p.Found("presentation");
  if (p.Found("ui-script", &value)) ui_script_path_ = std::filesystem::path(to_utf8(value));
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
    if (p.Found("previous", &value)) host_.previous = std::filesystem::path(to_utf8(value));
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
  setup_translations();
  wxInitAllImageHandlers();
  if (!wxApp::OnInit()) return false;  // parses the command line
  history_.Load(*wxConfigBase::Get());
  frame_options_.history = &history_;
  frame_options_.open_file = [this](const std::filesystem::path& db) { open_meeting_file(db); };
  if (!ui_script_path_.empty()) {
    try {
      ui_script_ = std::make_unique<UiScript>(
          ui_script_path_, [this]() -> nlohmann::json {
            MainFrame* frame = current_frame();
            return frame ? frame->ui_state() : nlohmann::json();
          },
          [this] {
            if (MainFrame* frame = current_frame()) frame->write_ui_dump();
          });
    } catch (const std::exception& e) {
      wxMessageOutput::Get()->Printf("renkei: %s", e.what());
      return false;
    }
    frame_options_.script_status = [this] { return ui_script_->status(); };
  }
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
  if (ui_script_) ui_script_->start();
  return true;
}

int App::OnExit() {
  history_.Save(*wxConfigBase::Get());
  wxConfigBase::Get()->Flush();
  return wxApp::OnExit();
}

bool App::OnExceptionInMainLoop() {
  wxString message;
  try {
    throw;
  } catch (const std::exception& e) {
    message = to_wx(e.what());
  } catch (...) {
    message = _("不明なエラー");
  }
  std::fprintf(stderr, "renkei: error: %s\n", static_cast<const char*>(message.utf8_str()));
  wxMessageBox(_("処理を続けられないエラーが起きました。会議の記録はファイルに保存されています。\n\n") + message,
               _("エラー"), wxOK | wxICON_ERROR);
  return true;  // keep the meeting going
}

void App::OnUnhandledException() {
  try {
    throw;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "renkei: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "renkei: unknown error\n");
  }
}

void App::remember_file(const std::filesystem::path& path) {
  history_.AddFileToHistory(to_wx(canonical_or_same(path).string()));
  history_.Save(*wxConfigBase::Get());
  wxConfigBase::Get()->Flush();
}

MainFrame* App::current_frame() const {
  MainFrame* found = nullptr;
  for (wxWindow* w : wxTopLevelWindows)
    if (auto* frame = dynamic_cast<MainFrame*>(w); frame && !frame->IsBeingDeleted()) found = frame;
  return found;
}

MainFrame* App::frame_for(const std::filesystem::path& db) const {
  const auto wanted = canonical_or_same(db);
  for (wxWindow* w : wxTopLevelWindows)
    if (auto* frame = dynamic_cast<MainFrame*>(w); frame && !frame->IsBeingDeleted())
      if (canonical_or_same(frame->db_path()) == wanted) return frame;
  return nullptr;
}

bool App::raise_existing(const std::filesystem::path& db) {
  MainFrame* frame = frame_for(db);
  if (!frame) return false;
  // One window per meeting file: the one already open comes forward.
  frame->Iconize(false);
  frame->Show();
  frame->Raise();
  if (start_) start_->Hide();
  return true;
}

void App::show_start() {
  if (!start_) start_ = new StartFrame();
  start_->refresh_recent();
  start_->Show();
  start_->Raise();
}

void App::report_error(const wxString& title, const wxString& message) {
  // Without any window left the application would end: fall back to the start window.
  if (!start_ || !start_->IsShown()) show_start();
  wxMessageBox(message, title, wxOK | wxICON_ERROR, start_);
}

void App::report_error(const wxString& title, const wxString& headline, const ErrorText& error) {
  if (!start_ || !start_->IsShown()) show_start();
  show_error(start_, title, headline, error);
}

void App::open_meeting(std::unique_ptr<LiveSession> session) {
  remember_file(session->session().db_path());
  auto* frame = new MainFrame(std::move(session), frame_options_);
  frame->Show();
  if (start_) start_->Hide();
}

void App::start_hosting(session::HostOptions options) {
  if (raise_existing(options.db)) return;
  wxString error;
  if (!make_parent_folder(options.db, error)) return report_error(_("会議を始める"), error);
  try {
    wxBusyCursor busy;
    open_meeting(LiveSession::host(std::move(options)));
  } catch (const std::exception& e) {
    report_error(_("会議を始める"), _("会議を始められませんでした。"), describe_file_error(e.what()));
  }
}

void App::start_joining(session::JoinOptions options) {
  if (raise_existing(options.db)) return;
  wxString error;
  if (!make_parent_folder(options.db, error)) return report_error(_("会議に参加する"), error);
  const wxString where = to_wx(options.address);
  std::unique_ptr<LiveSession> session;
  try {
    session = LiveSession::join(std::move(options));
  } catch (const std::exception& e) {
    return report_error(_("会議に参加する"), _("会議に参加できませんでした。"), describe_file_error(e.what()));
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
  if (raise_existing(db)) return;
  try {
    open_meeting(LiveSession::open_local(db));
  } catch (const std::exception& e) {
    report_error(_("記録ファイルを開く"), _("記録ファイルを開けませんでした。"), describe_file_error(e.what()));
  }
}

}  // namespace renkei::gui

int main(int argc, char** argv) {
  // The interface is Japanese: prefer Japanese glyph forms for Han characters even when the
  // desktop's locale is not Japanese (a user's own PANGO_LANGUAGE wins).
  setenv("PANGO_LANGUAGE", "ja", 0);
  // Arguments are UTF-8 (names, places, file names in Japanese) whatever the C locale says: wx
  // would decode them with the locale's encoding, which is ASCII when the locale named in LANG
  // is not installed.
  std::vector<wxString> args;
  for (int i = 0; i < argc; ++i) args.push_back(wxString::FromUTF8(argv[i]));
  std::vector<wxChar*> wide;
  std::vector<std::wstring> storage;
  for (const auto& a : args) storage.push_back(a.ToStdWstring());
  for (auto& w : storage) wide.push_back(w.data());
  wide.push_back(nullptr);
  int count = argc;
  return wxEntry(count, wide.data());
}
