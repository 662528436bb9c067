// The note-text CRDT replays the shared editing traces exactly (../shared/data/editing-traces).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli/gzip_file.hpp"
#include "core/editing_trace.hpp"

using namespace renkei::core;

namespace {
EditingTrace load_trace(const std::string& name) {
  auto text = renkei::tools::read_gzip_file(std::string(RENKEI_TEST_SHARED_DIR) +
                                            "/data/editing-traces/" + name + ".json.gz");
  return parse_editing_trace(nlohmann::json::parse(text));
}
}  // namespace

TEST_CASE("the automerge-paper trace replays to its recorded final text", "[core][trace]") {
  auto trace = load_trace("automerge-paper");
  REQUIRE_FALSE(trace.concurrent());
  REQUIRE(trace.patch_count() == 259778);
  auto text = replay_sequential(trace);
  CHECK(text.size() == trace.end_content.size());
  CHECK(text == trace.end_content);
}

TEST_CASE("the sveltecomponent trace replays to its recorded final text", "[core][trace]") {
  auto trace = load_trace("sveltecomponent");
  auto text = replay_sequential(trace);
  CHECK(text == trace.end_content);
}

TEST_CASE("the concurrent friendsforever trace replays through sync sessions to its final text", "[core][trace]") {
  auto trace = load_trace("friendsforever");
  REQUIRE(trace.concurrent());
  REQUIRE(trace.num_agents == 2);
  auto text = replay_concurrent(trace);
  CHECK(text.size() == trace.end_content.size());
  CHECK(text == trace.end_content);
}
