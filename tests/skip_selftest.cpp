// Test cases for checking the skip machinery itself (tests/test_skip.hpp, tests/catch_main.cpp):
// hidden ([.]), run one by one by tests/CMakeLists.txt through expect_exit.cmake, which checks
// the exit code and the printed reason of each.
#include <catch2/catch.hpp>

#include "test_skip.hpp"

namespace {
void skip_from_a_helper() { renkei::test::skip("the helper says so"); }
}  // namespace

TEST_CASE("skip selftest: a case that skips", "[.][skip_selftest]") {
  CHECK(1 + 1 == 2);
  renkei::test::skip("needs something this machine lacks");
  FAIL("not reached");
}

TEST_CASE("skip selftest: a case that skips from a helper before its sections", "[.][skip_selftest]") {
  skip_from_a_helper();
  SECTION("first") { FAIL("not reached"); }
  SECTION("second") { FAIL("not reached"); }
  FAIL("not reached");
}

TEST_CASE("skip selftest: a case that fails a check and then skips", "[.][skip_selftest]") {
  CHECK(1 + 1 == 3);
  renkei::test::skip("needs something this machine lacks");
}

TEST_CASE("skip selftest: a case that passes", "[.][skip_selftest]") { CHECK(2 * 2 == 4); }
