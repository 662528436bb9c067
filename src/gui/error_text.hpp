// What the GUI says when a meeting file cannot be opened or a file cannot be written: the store,
// the session and the minutes explain failures in English for logs and the command line; the
// common cases are said here in plain (translated) Japanese, the original text kept as the
// detail line for whoever helps with the problem.
#pragma once

#include <wx/string.h>

#include <exception>
#include <filesystem>
#include <string>

class wxWindow;

namespace renkei::gui {

/// A failure for a person: what happened and what to do, and the technical detail.
struct ErrorText {
  wxString message;  ///< plain words; for an unknown failure, a general sentence
  wxString detail;   ///< the original (technical, usually English) text
};

/// A meeting file that cannot be opened or created (the store's and session's errors): not a
/// Renkei file, damaged, made by a newer version, missing, a folder, no permission, read-only,
/// the disk full, already open in another window, a name that already exists.
ErrorText describe_file_error(const std::string& what);

/// Minutes or an ecomap that cannot be written: no permission, no such folder, the disk full, a
/// read-only place, a missing minutes template, a file name without .svg / .png.
ErrorText describe_export_error(const std::string& what);

/// An error dialog: `headline` (「記録ファイルを開けませんでした。」) in bold, then the message and
/// the detail as the dialog's secondary text.
void show_error(wxWindow* parent, const wxString& title, const wxString& headline, const ErrorText& error);

}  // namespace renkei::gui
