// The one Catch2 main shared by every test executable, with renkei::test::skip
// (tests/test_skip.hpp): it exits with kSkipExitCode (77) when no assertion failed and every test
// case that ran was skipped, so that CTest (SKIP_RETURN_CODE 77) reports it as Skipped; and with
// 2 when a test name or tag given on the command line matches no test case.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "test_skip.hpp"

namespace renkei::test {
namespace {

/// Test cases run and skipped in this process, counted by SkipListener.
struct SkipTally {
  int test_cases = 0;
  int skipped = 0;
  bool current_skipped = false;  // the running test case called skip()
};

SkipTally& tally() {
  static SkipTally t;
  return t;
}

struct SkipListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    TestEventListenerBase::testCaseStarting(info);
    tally().current_skipped = false;
  }
  void testCaseEnded(Catch::TestCaseStats const& stats) override {
    ++tally().test_cases;
    if (tally().current_skipped) ++tally().skipped;
    TestEventListenerBase::testCaseEnded(stats);
  }
};

}  // namespace

void skip(const std::string& reason, std::source_location where) {
  tally().current_skipped = true;
  // What WARN(...) does, located at the caller rather than here.
  Catch::AssertionHandler handler("WARN", Catch::SourceLineInfo(where.file_name(), where.line()),
                                  Catch::StringRef(), Catch::ResultDisposition::ContinueOnFailure);
  handler.handleMessage(Catch::ResultWas::Warning, "skipped: " + reason);
  handler.complete();
  throw Catch::TestFailureException();  // ends the test case; no failure was recorded
}

}  // namespace renkei::test

using renkei::test::SkipListener;  // the macro pastes the name into an identifier
CATCH_REGISTER_LISTENER(SkipListener)

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int bad_command_line = session.applyCommandLine(argc, argv)) return bad_command_line;
  // A test name that matches no test case fails the run (exit 2, as with "-w NoTests"): a CTest
  // test whose name no longer reaches its test case (renamed, or cut at a ';' by
  // catch_discover_tests) must not pass having run nothing.
  auto& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
  const int result = session.run();
  const auto& t = renkei::test::tally();
  if (result == 0 && t.test_cases > 0 && t.skipped == t.test_cases) return renkei::test::kSkipExitCode;
  return result;
}
