// describe_file_error / describe_export_error (src/gui/error_text.cpp): the store's, session's and
// minutes' English reasons become plain Japanese for the common cases, the original kept as the
// detail. The messages are those src/store and src/minutes throw.
#include <catch2/catch.hpp>

#include <string>

#include "gui/error_text.hpp"

using renkei::gui::describe_export_error;
using renkei::gui::describe_file_error;

namespace {

std::string utf8(const wxString& s) { return std::string(s.utf8_str()); }

// The message is Japanese (no ASCII letters but the application's name) and the detail is the
// original text.
void plain_japanese(const renkei::gui::ErrorText& t, const std::string& original) {
  std::string message = utf8(t.message);
  INFO(message);
  for (std::size_t at; (at = message.find("Renkei")) != std::string::npos;) message.erase(at, 6);
  for (char c : message) REQUIRE_FALSE(((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
  REQUIRE(utf8(t.detail) == original);
}

}  // namespace

TEST_CASE("a meeting file that is not one, damaged, newer or missing is said in Japanese") {
  const struct {
    std::string what, says;
  } cases[] = {
      {"\"/tmp/x.renkei\" is not a Renkei meeting file (it is damaged or of another kind)", "会議記録ファイルではありません"},
      {"\"/tmp/x.renkei\" is not a Renkei meeting file: it is a database of another application", "会議記録ファイルではありません"},
      {"\"/tmp/x.renkei\" is a Renkei meeting file but it is damaged (database disk image is malformed)", "壊れています"},
      {"\"/tmp/x.renkei\" was made by a newer version of Renkei (file format 9; this version reads 1)", "新しいバージョン"},
      {"there is no meeting file at \"/tmp/x.renkei\"", "見つかりません"},
      {"\"/tmp\" is a folder, not a meeting file", "フォルダー"},
      {"\"/tmp/x.renkei\" cannot be read: permission denied", "権限がありません"},
      {"\"/tmp/x.renkei\" cannot be opened for writing: the file or its folder is read-only", "読み取り専用"},
      {"the change could not be saved to \"/tmp/x.renkei\": the disk is full", "空き容量"},
      {"\"/tmp/x.renkei\": this meeting file is already open in another Renkei window/process", "別のウィンドウ"},
      {"\"/tmp/x.renkei\" already exists; Renkei never overwrites a file: choose another name", "上書きしません"},
  };
  for (const auto& c : cases) {
    const auto t = describe_file_error(c.what);
    INFO(c.what);
    REQUIRE(utf8(t.message).find(c.says) != std::string::npos);
    plain_japanese(t, c.what);
  }
  // Anything else: a general sentence, the reason in the detail.
  const auto other = describe_file_error("something unexpected");
  plain_japanese(other, "something unexpected");
}

TEST_CASE("minutes or an ecomap that cannot be written are said in Japanese") {
  const struct {
    std::string what, says;
  } cases[] = {
      {"cannot write minutes to /root/m.pdf: cannot create a temporary file: Permission denied", "権限がありません"},
      {"cannot write minutes to /nope/m.pdf: cannot create a temporary file: No such file or directory", "フォルダーが見つかりません"},
      {"cannot write minutes to /m/m.pdf: writing: No space left on device", "空き容量"},
      {"cannot write minutes to /m/m.pdf: writing: Read-only file system", "読み取り専用"},
      {"minutes template not found: /usr/share/renkei/templates/minutes/minutes.md", "書式"},
      {"cannot write the ecomap to /tmp/e.gif: the file name must end in .svg or .png", ".svg"},
  };
  for (const auto& c : cases) {
    const auto t = describe_export_error(c.what);
    INFO(c.what);
    REQUIRE(utf8(t.message).find(c.says) != std::string::npos);
    REQUIRE(utf8(t.detail) == c.what);
  }
}
