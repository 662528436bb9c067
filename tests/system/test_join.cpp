// Joining over loopback with renkei-cli processes: the right code, a wrong code, a typo caught by
// the check symbol, nobody listening, and the code's rotation after five wrong guesses
// (protocol/PROTOCOL.md, "Join handshake"; protocol/CLI.md, "First lines").
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "cli_peer.hpp"

using namespace renkei::system_test;

namespace {

// Crockford's Base32 as join codes use it (src/net/join_code.hpp, protocol/PROTOCOL.md, "Join
// code"): 8 data symbols for 40 bits, then a check symbol from the same 32 symbols.
constexpr std::string_view kSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The 40-bit value of a join code as the chair shows it ("XXXX-XXXX-C").
std::uint64_t code_value(const std::string& code) {
  std::uint64_t value = 0;
  int symbols = 0;
  for (char c : code.substr(0, 9)) {
    if (c == '-') continue;
    const auto digit = kSymbols.find(c);
    if (digit == std::string_view::npos) throw std::invalid_argument("not a join code: " + code);
    value = value << 5 | digit;
    ++symbols;
  }
  if (symbols != 8) throw std::invalid_argument("not a join code: " + code);
  return value;
}

/// The check symbol's value, worked out here independently of src/net: each data symbol d_i
/// (i = 1..8, a polynomial over GF(2) of degree < 5, bit k = coefficient of x^k) is multiplied
/// by x^(9-i) as a polynomial (a shift), the products are added (XOR) into one polynomial of
/// degree < 13, and that is reduced modulo x^5 + x^2 + 1 by long division.
unsigned check_value(std::uint64_t value) {
  std::uint32_t sum = 0;
  for (int i = 1; i <= 8; ++i) {
    const auto d = static_cast<std::uint32_t>((value >> (5 * (8 - i))) & 31);
    sum ^= d << (9 - i);
  }
  constexpr std::uint32_t kModulus = 0b100101;  // x^5 + x^2 + 1
  for (int degree = 12; degree >= 5; --degree)
    if (sum & (std::uint32_t{1} << degree)) sum ^= kModulus << (degree - 5);
  return sum;
}

/// "XXXX-XXXX-C" for a 40-bit value, with the check symbol of value `check` (default: the
/// correct one, check_value(value)).
std::string display_code(std::uint64_t value, int check = -1) {
  std::string out;
  for (int i = 7; i >= 0; --i) {
    out += kSymbols[(value >> (5 * i)) & 31];
    if (i == 4) out += '-';
  }
  return out + '-' + kSymbols[check < 0 ? check_value(value) : static_cast<unsigned>(check)];
}

/// `code` with data symbol number `place` (0..7) changed, and the check symbol recomputed: a
/// well-formed code that is not the chair's.
std::string code_with_other_bits(const std::string& code, int place = 0) {
  const int shift = 5 * (7 - place);
  const std::uint64_t value = code_value(code);
  const std::uint64_t symbol = (value >> shift) & 31;
  const std::uint64_t other = (value & ~(std::uint64_t{31} << shift)) | ((symbol + 1) % 32) << shift;
  return display_code(other);
}

/// `code` with its data intact but a check symbol that does not match: a typo.
std::string code_with_wrong_check(const std::string& code) {
  return display_code(code_value(code), static_cast<int>((check_value(code_value(code)) + 1) % 32));
}

/// A TCP port on 127.0.0.1 that is bound (so nobody else takes it) but not listening: a
/// connection to it is refused.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("cannot reserve a port");
    port_ = ntohs(a.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// Options of a chair on loopback that announces nothing on the network.
std::vector<std::string> loopback_chair(std::vector<std::string> more = {}) {
  std::vector<std::string> o{"--listen", "127.0.0.1:0", "--no-announce"};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

/// Waits for a joiner that should fail: its exit status and its join_failed event.
std::pair<int, json> failed_join(CliPeer& joiner) {
  const auto status = joiner.wait_exit(40s);
  if (!status) throw std::runtime_error(joiner.label() + " was still running 40 s after it tried to join");
  return {*status, joiner.expect_event("join_failed", 1ms)};
}

}  // namespace

TEST_CASE("The test's check symbols are the ones the chair shows", "[system][join]") {
  TempDir dir;
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", loopback_chair());
  const std::string code = chair->expect_event("hosting")["code"];
  CHECK(display_code(code_value(code)) == code);
  CHECK(code_with_other_bits(code) != code);
  CHECK(code_with_wrong_check(code).substr(0, 10) == code.substr(0, 10));
  CHECK(chair->quit() == 0);
}

TEST_CASE("A joiner with the right code is admitted and converges with the chair", "[system][join]") {
  TempDir dir;
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", loopback_chair({"--auto-admit"}));
  const json hosting = chair->expect_event("hosting");
  REQUIRE(hosting["address"].get<std::string>().rfind("127.0.0.1:", 0) == 0);

  auto joiner = CliPeer::join(dir.path(), "group-home", "鈴木 健", hosting["address"], hosting["code"]);
  const json joined = joiner->expect_event("joined");
  CHECK_FALSE(joined["attendee"].get<std::string>().empty());
  REQUIRE(chair->wait_peers(1));
  REQUIRE(joiner->wait_peers(1));
  REQUIRE(joiner->wait_hash(chair->hash()));

  // An edit on each side reaches the other.
  const std::string item = agenda_item(chair->state(), "経過")["id"];
  chair->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "notes"}, {"pos", 0}, {"text", "入居から2か月。"}});
  REQUIRE(joiner->wait_hash(chair->hash()));
  joiner->edit({{"cmd", "insert_text"}, {"id", item}, {"field", "conclusion"}, {"pos", 0}, {"text", "生活が安定。"}});
  REQUIRE(chair->wait_hash(joiner->hash()));
  const json seen_by_chair = agenda_item(chair->state(), "経過");
  CHECK(seen_by_chair["notes"] == "入居から2か月。");
  CHECK(seen_by_chair["conclusion"] == "生活が安定。");

  CHECK(joiner->quit() == 0);
  CHECK(chair->quit() == 0);
}

TEST_CASE("A joiner with a wrong code is refused, exits 2 and leaves the meeting unchanged", "[system][join]") {
  TempDir dir;
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", loopback_chair({"--auto-admit"}));
  const json hosting = chair->expect_event("hosting");
  const std::string before = chair->hash();

  auto guesser = CliPeer::join(dir.path(), "guesser", "推測者", hosting["address"], code_with_other_bits(hosting["code"]));
  const auto [status, failed] = failed_join(*guesser);
  CHECK(status == 2);
  CHECK(failed["code"] == "wrong_code");
  CHECK(guesser->stderr_text().find("could not join: the join code is wrong") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "guesser.renkei"));  // a failed first join leaves no file

  CHECK(chair->hash() == before);
  const json peers = chair->request({{"cmd", "peers"}});
  CHECK(peers["peers"].empty());
  CHECK(peers["connected"] == 0);
  CHECK(chair->state()["devices"].size() == 1);  // the chair's own device only
  CHECK(chair->quit() == 0);
}

TEST_CASE("A code with a wrong check symbol is refused locally and no connection is made", "[system][join]") {
  TempDir dir;
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", loopback_chair({"--auto-admit", "--all-events"}));
  const json hosting = chair->expect_event("hosting");
  const std::size_t events_at_start = chair->events().size();

  auto typo = CliPeer::join(dir.path(), "typo", "入力ミス", hosting["address"], code_with_wrong_check(hosting["code"]));
  const auto [status, failed] = failed_join(*typo);
  CHECK(status == 2);
  CHECK(failed["code"] == "local");
  CHECK(typo->stderr_text().find("could not join") != std::string::npos);

  const json peers = chair->request({{"cmd", "peers"}});
  CHECK(peers["peers"].empty());
  CHECK(peers["connected"] == 0);
  // With --all-events the chair prints peers_changed whenever a connection opens or closes.
  for (std::size_t i = events_at_start; i < chair->events().size(); ++i)
    CHECK(chair->events()[i]["event"] != "peers_changed");
  CHECK(chair->quit() == 0);
}

TEST_CASE("Joining an address where nobody listens fails as unreachable", "[system][join]") {
  TempDir dir;
  ClosedPort nobody;
  auto joiner = CliPeer::join(dir.path(), "alone", "参加者", nobody.address(), display_code(0x12'3456'789A));
  const auto [status, failed] = failed_join(*joiner);
  CHECK(status == 2);
  CHECK(failed["code"] == "unreachable");
  CHECK(joiner->stderr_text().find("could not join") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "alone.renkei"));
}

TEST_CASE("The hosting line comes first even when input ends at once", "[system][join]") {
  TempDir dir;
  const PeerFiles files(dir.path(), "chair");
  // stdin is closed: the peer quits at once, but only after printing where it listens.
  const auto r = run_command({cli_program(), "host", "--db", files.db.string(), "--identity", files.identity.string(),
                              "--listen", "127.0.0.1:0", "--no-announce", "--name", "佐藤 真理"},
                             dir.path());
  CHECK(r.status == 0);
  const auto lines = json_lines(r.out);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.front().value("event", "") == "hosting");
  // Listening on one address, that address is the only one offered.
  REQUIRE(lines.front()["addresses"].size() == 1);
  CHECK(lines.front()["addresses"][0] == lines.front()["address"]);
  CHECK(lines.front()["address"].get<std::string>().rfind("127.0.0.1:", 0) == 0);
}

TEST_CASE("A meeting whose details are refused leaves no file, and the next try starts from the template",
          "[system][join]") {
  TempDir dir;
  const PeerFiles files(dir.path(), "chair");
  const std::vector<std::string> base{cli_program(), "host", "--db", files.db.string(), "--identity",
                                      files.identity.string(), "--listen", "127.0.0.1:0", "--no-announce"};
  auto with = [&](const std::string& meeting) {
    auto argv = base;
    argv.insert(argv.end(), {"--meeting", meeting});
    return run_command(argv, dir.path());
  };
  const auto bad = with(R"({"date":"tomorrow"})");
  CHECK(bad.status == 1);
  CHECK(bad.err.find("date") != std::string::npos);
  CHECK_FALSE(fs::exists(files.db));

  const auto good = with(R"({"date":"2026-12-01","person_name":"Bさん"})");
  CHECK(good.status == 0);
  REQUIRE(fs::exists(files.db));
  const json inspected = json::parse(run_command({cli_program(), "inspect", files.db.string()}, dir.path()).out);
  CHECK(inspected["agenda_items"].get<int>() > 0);  // the template's agenda is there
}

TEST_CASE("After five wrong codes the chair rotates the code: the old one stops working and the new one works",
          "[system][join]") {
  TempDir dir;
  auto chair = CliPeer::host(dir.path(), "chair", "佐藤 真理", loopback_chair({"--auto-admit"}));
  const json hosting = chair->expect_event("hosting");
  const std::string address = hosting["address"], first_code = hosting["code"];

  for (int guess = 0; guess < 5; ++guess) {
    INFO("wrong guess " << guess + 1);
    auto guesser = CliPeer::join(dir.path(), "guesser-" + std::to_string(guess), "推測者", address,
                                 code_with_other_bits(first_code, guess));
    const auto [status, failed] = failed_join(*guesser);
    CHECK(status == 2);
    CHECK(failed["code"] == "wrong_code");
    if (guess == 3) {  // four wrong guesses: the code still stands
      CHECK(chair->request({{"cmd", "info"}})["code"] == first_code);
      CHECK_FALSE(chair->saw_event("code_rotated"));
    }
  }
  const json rotated = chair->expect_event("code_rotated");
  const std::string new_code = rotated["code"];
  CHECK(new_code != first_code);
  CHECK(chair->request({{"cmd", "info"}})["code"] == new_code);

  auto late = CliPeer::join(dir.path(), "late", "古いコード", address, first_code);
  const auto [status, failed] = failed_join(*late);
  CHECK(status == 2);
  CHECK(failed["code"] == "wrong_code");

  auto joiner = CliPeer::join(dir.path(), "day-service", "高橋 由美", address, new_code);
  joiner->expect_event("joined");
  CHECK(joiner->wait_hash(chair->hash()));
  CHECK(joiner->quit() == 0);
  CHECK(chair->quit() == 0);
}
