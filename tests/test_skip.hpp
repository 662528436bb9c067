// Skipping a test that cannot run here (no root for network namespaces, no multicast on lo, no
// pdftotext), so that CTest reports it as Skipped rather than Passed.
//
// renkei::test::skip(reason) prints "skipped: <reason>" (a Catch2 warning at the caller's
// line) and ends the running test case at once, without failing it. The shared test main
// (tests/catch_main.cpp) then exits with kSkipExitCode (77) if no assertion failed and every
// test case that ran ended in skip(); the tests are registered with CTest with
// SKIP_RETURN_CODE 77 (tests/CMakeLists.txt), so CTest shows them as "Skipped" (77 is the
// Automake convention for a skipped test, which CTest honours through that property).
//
// Rules:
//  - A failed CHECK before skip() still fails the test: the exit code is then Catch2's
//    non-zero result, never 77.
//  - A test case that passed some checks and then skipped the rest is reported skipped: not all
//    of it ran.
//  - Run several test cases at once (the whole executable, as a developer does by hand): the
//    exit code is 77 only if all of them skipped; otherwise 0, and each skip still prints why.
//  - skip() ends the test case by throwing Catch::TestFailureException, Catch2 v2's own signal
//    for "this test case stops here" (what a failed REQUIRE throws after recording its
//    failure). Do not call it inside a try block that catches everything.
//  - Call it before any SECTION: at the test case's top level, or in a helper called from
//    there. Inside a SECTION it ends only that pass, and Catch2 runs the test case again for
//    its other sections (and its code outside them).
// Tests only; there is no switch to force a skip.
#pragma once

#include <source_location>
#include <string>

namespace renkei::test {

/// The exit code of a test executable whose test cases all skipped (and none failed).
inline constexpr int kSkipExitCode = 77;

/// Records that the running test case cannot run here, prints "skipped: <reason>" as a
/// Catch2 warning located at the caller, and ends the test case (see the rules above).
/// Must be called from inside a running Catch2 test case.
[[noreturn]] void skip(const std::string& reason,
                       std::source_location where = std::source_location::current());

}  // namespace renkei::test
