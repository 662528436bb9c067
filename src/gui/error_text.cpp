#include "error_text.hpp"

#include <wx/msgdlg.h>

#include "wx_util.hpp"

namespace renkei::gui {
namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// Reasons the system gives for a file it cannot read or write (strerror, the store's words).
wxString file_system_reason(const std::string& what) {
  if (has(what, "disk is full") || has(what, "No space left")) return _("ディスクの空き容量が足りません。");
  if (has(what, "read-only") || has(what, "Read-only file system"))
    return _("ファイルまたはフォルダーが読み取り専用です。書き込める場所を選んでください。");
  if (has(what, "permission denied") || has(what, "Permission denied"))
    return _("このファイルまたはフォルダーを使う権限がありません。");
  return {};
}

}  // namespace

ErrorText describe_file_error(const std::string& what) {
  ErrorText out;
  out.detail = to_wx(what);
  if (has(what, "already open in another Renkei"))
    out.message = _("この会議ファイルは別のウィンドウで開かれています。同じ会議ファイルを二つのウィンドウで同時に"
                    "開くことはできません。開いているウィンドウを使ってください。");
  else if (has(what, "is not a Renkei meeting file") || has(what, "is not a meeting file"))
    out.message = _("このファイルは Renkei の会議記録ファイルではありません（別の種類のファイルか、"
                    "壊れて読めなくなっています）。開くファイルを確かめてください。");
  else if (has(what, "is a Renkei meeting file but it is damaged") || has(what, "the file is damaged"))
    out.message = _("この会議記録ファイルは壊れています（途中で切れているなど）。同じ会議に参加したほかの端末の"
                    "記録ファイルか、バックアップを使ってください。");
  else if (has(what, "made by a newer version of Renkei"))
    out.message = _("このファイルは新しいバージョンの Renkei で作られています。Renkei を新しくしてから開いてください。");
  else if (has(what, "there is no meeting file") || has(what, "no meeting file"))
    out.message = _("会議記録ファイルが見つかりません。移動したか、削除された可能性があります。");
  else if (has(what, "is a folder"))
    out.message = _("フォルダーが選ばれています。会議記録ファイルを選んでください。");
  else if (has(what, "already exists; Renkei never overwrites"))
    out.message = _("同じ名前のファイルがすでにあります。Renkei はファイルを上書きしません。別の名前を選んでください。");
  else if (has(what, "does not exist"))
    out.message = _("保存先のフォルダーがありません。");
  else if (has(what, "another program has the file locked"))
    out.message = _("ほかのプログラムがこのファイルを使っています。そのプログラムを閉じてから開いてください。");
  else if (wxString reason = file_system_reason(what); !reason.empty())
    out.message = reason;
  else
    out.message = _("原因は下の詳細に書かれています。");
  return out;
}

ErrorText describe_export_error(const std::string& what) {
  ErrorText out;
  out.detail = to_wx(what);
  if (has(what, "minutes template"))
    out.message = _("議事録の書式ファイルが見つからないか、壊れています。Renkei を入れ直してください。");
  else if (has(what, "must end in .svg or .png"))
    out.message = _("ファイル名の末尾を「.svg」か「.png」にしてください。");
  else if (has(what, "No such file or directory"))
    out.message = _("保存先のフォルダーが見つかりません。別の場所を選んでください。");
  else if (wxString reason = file_system_reason(what); !reason.empty())
    out.message = reason + _("別の場所を選んでください。");
  else
    out.message = _("原因は下の詳細に書かれています。");
  return out;
}

void show_error(wxWindow* parent, const wxString& title, const wxString& headline, const ErrorText& error) {
  // The headline stands out; what to do, then the technical detail, below it.
  wxMessageDialog dialog(parent, headline, title, wxOK | wxICON_ERROR);
  wxString below = error.message;
  if (!error.detail.empty()) below += "\n\n" + _("詳細：") + error.detail;
  dialog.SetExtendedMessage(below);
  dialog.ShowModal();
}

}  // namespace renkei::gui
