// Convergence under stress, property-based: a seeded generator makes random edits of every kind
// on 3–8 replicas of one meeting (a chair, vice-chair, recorder, professionals and community
// members; concurrent moves, typing into an item while it is removed, role and audience
// changes, forged chair actions, undo), while simulated links reorder, delay, duplicate and cut
// the sync messages. Every run must end with equal states on all replicas entitled to the same
// partitions, and nothing kept where it may not be seen (property_checks.cpp lists the
// properties; property_sim.hpp the simulation).
//
// CI runs a fixed set of seeds. Environment:
//   RENKEI_SEED=<n>          run only seed n in "[property]" (a failure prints the command)
//   RENKEI_ROUNDS=<n>        rounds for RENKEI_SEED (default: kRounds, as in CI)
//   RENKEI_SOAK_SEEDS=<n>    the soak test "[soak]" (hidden: run it by its tag): n seeds from
//                            1000, or a range "a-b" (default 200)
//   RENKEI_SOAK_ROUNDS=<n>   rounds per soak seed (default 300)
//   RENKEI_SIM_TRACE=1       print the run's drops, hand-offs and rejections on stderr
// e.g. RENKEI_SOAK_SEEDS=2000-2999 RENKEI_SOAK_ROUNDS=500 build/tests/renkei_core_tests "[soak]"
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <sstream>

#include "property_sim.hpp"

using namespace renkei::test::property;

namespace {

constexpr int kRounds = 60;

std::optional<long long> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::atoll(v);
}

// Runs one seed; the failure text says how to run it again.
struct Outcome {
  std::vector<std::string> failures;
  SimStats stats;
  int replicas = 0;
};

Outcome run_seed(std::uint64_t seed, int rounds) {
  Simulation sim(SimConfig{seed, 0, rounds});
  Outcome out;
  if (!sim.run()) out.failures.push_back("the network did not become quiet");
  auto failures = check_converged(sim);
  out.failures.insert(out.failures.end(), failures.begin(), failures.end());
  out.stats = sim.stats();
  out.replicas = sim.config().replicas;
  return out;
}

// The failure: at most `shown` lines of it (all when one seed is rerun with RENKEI_SEED).
std::string report(std::uint64_t seed, int rounds, const Outcome& out, std::size_t shown = 12) {
  std::ostringstream s;
  s << "seed " << seed << " (" << out.replicas << " replicas, " << rounds << " rounds) failed:\n";
  for (std::size_t i = 0; i < out.failures.size() && i < shown; ++i) s << "  - " << out.failures[i] << "\n";
  if (out.failures.size() > shown) s << "  … and " << out.failures.size() - shown << " more\n";
  s << "reproduce: RENKEI_SEED=" << seed << (rounds != kRounds ? " RENKEI_ROUNDS=" + std::to_string(rounds) : std::string())
    << " build/tests/renkei_core_tests \"[property]\"";
  return s.str();
}

void add_stats(SimStats& total, const SimStats& s) {
  for (const auto& [kind, n] : s.actions) total.actions[kind] += n;
  total.permission_refusals += s.permission_refusals;
  total.other_refusals += s.other_refusals;
  total.forged += s.forged;
  total.cuts += s.cuts;
  total.deliveries += s.deliveries;
  total.duplicates += s.duplicates;
  total.drops += s.drops;
  total.handoffs += s.handoffs;
  total.reclaims += s.reclaims;
  total.handovers += s.handovers;
}

// The seeds CI runs; each failing seed found so far is among them (see the fixes' tests).
std::vector<std::uint64_t> ci_seeds() {
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t s = 1; s <= 24; ++s) seeds.push_back(s);
  return seeds;
}

}  // namespace

TEST_CASE("replicas converge under random edits, delivery orders, duplication and network partitions", "[core][property]") {
  std::vector<std::uint64_t> seeds = ci_seeds();
  int rounds = kRounds;
  if (auto only = env_number("RENKEI_SEED")) {
    seeds = {static_cast<std::uint64_t>(*only)};
    rounds = static_cast<int>(env_number("RENKEI_ROUNDS").value_or(kRounds));
  }
  SimStats total;
  std::set<int> sizes;
  for (auto seed : seeds) {
    const Outcome out = run_seed(seed, rounds);
    add_stats(total, out.stats);
    sizes.insert(out.replicas);
    if (!out.failures.empty()) FAIL_CHECK(report(seed, rounds, out, seeds.size() == 1 ? SIZE_MAX : 12));
  }
  if (seeds.size() == 1) return;
  // The generator reached every kind of action, and the network every kind of trouble.
  for (const char* kind : {"type", "insert_text", "delete_text", "delete_spans", "replace_text", "add", "set", "set_meeting",
                           "move", "remove", "restore", "advance", "back", "set_current", "set_visibility", "audience",
                           "handover", "takeover", "name_vice_chair", "name_recorder", "undo"}) {
    INFO(kind);
    CHECK(total.actions[kind] > 0);
  }
  CHECK(total.permission_refusals > 0);
  CHECK(total.forged > 0);
  CHECK(total.handovers > 0);
  CHECK(total.cuts > 0);
  CHECK(total.duplicates > 0);
  CHECK(total.drops > 0);
  CHECK(total.handoffs > 0);
  CHECK(sizes.size() >= 4);  // from 3 to 8 replicas
}

TEST_CASE("seeds the soak once failed converge (regressions)", "[core][property]") {
  // Found by the soak at 300 rounds, each with the fix it led to:
  //  1038  a redacted stub applied before the move that caused it (stubs mark their item moved)
  //  1055  a typed run held as several logged ops, arriving merged (compared part by part)
  //  1080  a hand-off a peer could not take at first, never offered again
  //  1114  an item written for an audience its author is not in (handed off at once)
  //  2080  the simulated forger forked its own history where honest software waits (NotYet)
  for (const std::uint64_t seed : {1038, 1055, 1080, 1114, 2080}) {
    const Outcome out = run_seed(seed, 300);
    if (!out.failures.empty()) FAIL_CHECK(report(seed, 300, out));
  }
}

TEST_CASE("a long soak of random seeds converges (RENKEI_SOAK_SEEDS, RENKEI_SOAK_ROUNDS)", "[core][.soak]") {
  std::uint64_t first = 1000, last = 1199;
  if (const char* v = std::getenv("RENKEI_SOAK_SEEDS"); v && *v) {
    const std::string spec = v;
    const auto dash = spec.find('-');
    if (dash == std::string::npos) {
      last = first + std::stoull(spec) - 1;
    } else {
      first = std::stoull(spec.substr(0, dash));
      last = std::stoull(spec.substr(dash + 1));
    }
  }
  const int rounds = static_cast<int>(env_number("RENKEI_SOAK_ROUNDS").value_or(300));
  int failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto seed = first; seed <= last; ++seed) {
    const Outcome out = run_seed(seed, rounds);
    if (!out.failures.empty()) {
      ++failed;
      FAIL_CHECK(report(seed, rounds, out));
    }
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("soak: seeds " << first << "-" << last << ", " << rounds << " rounds each, " << failed << " failed, " << seconds << " s");
}
