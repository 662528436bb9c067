// CPace (src/net/cpace.*) against every CPACE-RISTR255-SHA512 vector of draft-irtf-cfrg-cpace-21
// (protocol/test-vectors/cpace-ristretto255-sha512.json), plus protocol-level behaviour.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

#include "net/cpace.hpp"

using renkei::net::Bytes;
using renkei::net::CpaceError;
using renkei::net::CpaceRole;
using renkei::net::CpaceSession;
namespace net = renkei::net;

namespace {

Bytes from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

const nlohmann::json& vectors() {
  static const nlohmann::json doc = [] {
    std::ifstream in(std::string(RENKEI_TEST_DATA_DIR) + "/protocol/test-vectors/cpace-ristretto255-sha512.json");
    if (!in) throw std::runtime_error("cannot open the CPace test vector file");
    return nlohmann::json::parse(in);
  }();
  return doc;
}

Bytes hex_field(const nlohmann::json& j, const char* key) { return from_hex(j.at(key).get<std::string>()); }

// A pair of sessions with fresh random scalars.
struct Pair {
  CpaceSession a;
  CpaceSession b;
};

Pair make_sessions(std::string_view prs_a, std::string_view prs_b, std::string_view ci = "ci",
               std::string_view sid = "sid-0123456789ab") {
  return Pair{CpaceSession(CpaceRole::initiator, text(prs_a), text(ci), text(sid), text("ADa")),
              CpaceSession(CpaceRole::responder, text(prs_b), text(ci), text(sid), text("ADb"))};
}

}  // namespace

TEST_CASE("the vector file names the draft revision it was taken from", "[cpace][vectors]") {
  const auto& v = vectors();
  CHECK(v.at("draft") == "draft-irtf-cfrg-cpace-21");
  CHECK(v.at("suite") == "CPACE-RISTR255-SHA512");
  for (const char* group : {"prepend_len", "lv_cat", "lexicographically_larger", "o_cat", "transcript_ir",
                            "transcript_oc", "calculate_generator", "protocol", "scalar_mult_valid",
                            "scalar_mult_vfy_invalid"}) {
    INFO(group);
    CHECK_FALSE(v.at(group).at("section").get<std::string>().empty());
  }
}

TEST_CASE("prepend_len matches the draft's vectors", "[cpace][vectors]") {
  const auto& cases = vectors().at("prepend_len").at("cases");
  REQUIRE(cases.size() == 4);
  for (const auto& c : cases) {
    CHECK(to_hex(net::cpace_prepend_len(hex_field(c, "input"))) == c.at("output").get<std::string>());
  }
}

TEST_CASE("prepend_len encodes long lengths in several LEB128 groups", "[cpace]") {
  const Bytes data(300, 0xab);  // 300 = 0b10_0101100 -> 0xac 0x02
  const Bytes out = net::cpace_prepend_len(data);
  REQUIRE(out.size() == 302);
  CHECK(out[0] == 0xac);
  CHECK(out[1] == 0x02);
  const Bytes big(16384, 0);  // 2^14 -> 0x80 0x80 0x01
  const Bytes out2 = net::cpace_prepend_len(big);
  CHECK(out2[0] == 0x80);
  CHECK(out2[1] == 0x80);
  CHECK(out2[2] == 0x01);
  CHECK(out2.size() == 16384 + 3);
}

TEST_CASE("lv_cat matches the draft's vector", "[cpace][vectors]") {
  const auto& c = vectors().at("lv_cat").at("cases").at(0);
  const auto& in = c.at("inputs");
  REQUIRE(in.size() == 4);
  const Bytes a0 = from_hex(in[0]), a1 = from_hex(in[1]), a2 = from_hex(in[2]), a3 = from_hex(in[3]);
  CHECK(to_hex(net::cpace_lv_cat({a0, a1, a2, a3})) == c.at("output").get<std::string>());
}

TEST_CASE("lexicographic ordering and o_cat match the draft's vectors", "[cpace][vectors]") {
  for (const auto& c : vectors().at("lexicographically_larger").at("cases")) {
    INFO(c.dump());
    CHECK(net::cpace_lexicographically_larger(hex_field(c, "a"), hex_field(c, "b")) == c.at("larger").get<bool>());
  }
  for (const auto& c : vectors().at("o_cat").at("cases")) {
    CHECK(to_hex(net::cpace_o_cat(hex_field(c, "a"), hex_field(c, "b"))) == c.at("output").get<std::string>());
  }
}

TEST_CASE("both transcript modes match the draft's vectors", "[cpace][vectors]") {
  for (const auto& c : vectors().at("transcript_ir").at("cases")) {
    CHECK(to_hex(net::cpace_transcript_ir(hex_field(c, "Ya"), hex_field(c, "ADa"), hex_field(c, "Yb"),
                                          hex_field(c, "ADb"))) == c.at("output").get<std::string>());
  }
  for (const auto& c : vectors().at("transcript_oc").at("cases")) {
    CHECK(to_hex(net::cpace_transcript_oc(hex_field(c, "Ya"), hex_field(c, "ADa"), hex_field(c, "Yb"),
                                          hex_field(c, "ADb"))) == c.at("output").get<std::string>());
  }
}

TEST_CASE("the generator string, its hash and the generator match the draft", "[cpace][vectors]") {
  const auto& v = vectors().at("calculate_generator");
  const Bytes prs = hex_field(v, "PRS"), ci = hex_field(v, "CI"), sid = hex_field(v, "sid");
  REQUIRE(hex_field(v, "DSI") == Bytes(net::cpace_dsi().begin(), net::cpace_dsi().end()));
  REQUIRE(v.at("s_in_bytes").get<std::size_t>() == net::kCpaceHashBlockBytes);

  const Bytes gen_str = net::cpace_generator_string(net::cpace_dsi(), prs, ci, sid, net::kCpaceHashBlockBytes);
  CHECK(to_hex(gen_str) == v.at("generator_string").get<std::string>());
  // The zero padding sits after lv(DSI) || lv(PRS) and is itself length-prefixed.
  const std::size_t zpad = v.at("zpad_length").get<std::size_t>();
  const std::size_t pad_at = 1 + net::cpace_dsi().size() + 1 + prs.size();
  REQUIRE(gen_str.size() > pad_at + zpad);
  CHECK(gen_str[pad_at] == zpad);
  CHECK(std::all_of(gen_str.begin() + pad_at + 1, gen_str.begin() + pad_at + 1 + zpad, [](auto b) { return b == 0; }));

  Bytes hash(crypto_hash_sha512_BYTES);
  crypto_hash_sha512(hash.data(), gen_str.data(), gen_str.size());
  CHECK(to_hex(hash) == v.at("hash_result").get<std::string>());

  CHECK(to_hex(net::cpace_calculate_generator(prs, ci, sid)) == v.at("g").get<std::string>());
}

TEST_CASE("the generator string has no zero padding when the PRS fills the first block", "[cpace]") {
  const Bytes prs(200, 'x');
  const Bytes s = net::cpace_generator_string(net::cpace_dsi(), prs, {}, {}, net::kCpaceHashBlockBytes);
  // lv(DSI) || lv(PRS) || lv("") || lv("") || lv("")
  CHECK(s.size() == 1 + net::cpace_dsi().size() + 2 + prs.size() + 1 + 1 + 1);
}

TEST_CASE("scalar_mult_vfy matches the draft's valid and invalid point vectors", "[cpace][vectors]") {
  const auto& ok = vectors().at("scalar_mult_valid");
  CHECK(to_hex(net::cpace_scalar_mult_vfy(hex_field(ok, "s"), hex_field(ok, "X"))) ==
        ok.at("scalar_mult_vfy").get<std::string>());
  CHECK(to_hex(net::cpace_scalar_mult_vfy(hex_field(ok, "s"), hex_field(ok, "X"))) ==
        ok.at("scalar_mult").get<std::string>());

  const auto& bad = vectors().at("scalar_mult_vfy_invalid");
  REQUIRE(bad.at("points").size() == 2);
  for (const auto& p : bad.at("points")) {
    INFO(p.get<std::string>());
    CHECK(to_hex(net::cpace_scalar_mult_vfy(hex_field(bad, "s"), from_hex(p))) ==
          bad.at("expected").get<std::string>());
  }
  // A point of the wrong length is G.I as well; a scalar of the wrong length is an error.
  CHECK(net::cpace_scalar_mult_vfy(hex_field(ok, "s"), Bytes(31, 1)) == Bytes(32, 0));
  CHECK_THROWS_AS(net::cpace_scalar_mult_vfy(Bytes(31, 1), hex_field(ok, "X")), CpaceError);
}

TEST_CASE("sessions with the draft's scalars reproduce Ya, Yb, K and the initiator-responder ISK",
          "[cpace][vectors]") {
  const auto& v = vectors().at("protocol");
  const Bytes prs = hex_field(v, "PRS"), ci = hex_field(v, "CI"), sid = hex_field(v, "sid");
  const Bytes ada = hex_field(v, "ADa"), adb = hex_field(v, "ADb");
  const Bytes ya_pub = hex_field(v, "Ya"), yb_pub = hex_field(v, "Yb");

  CHECK(to_hex(net::cpace_calculate_generator(prs, ci, sid)) == v.at("g").get<std::string>());

  CpaceSession a(CpaceRole::initiator, prs, ci, sid, ada, hex_field(v, "ya"));
  CpaceSession b(CpaceRole::responder, prs, ci, sid, adb, hex_field(v, "yb"));

  // The message is lv_cat(Y, AD): the party's half of transcript_ir.
  CHECK(a.message() == net::cpace_lv_cat({ya_pub, ada}));
  CHECK(b.message() == net::cpace_lv_cat({yb_pub, adb}));
  CHECK(to_hex(a.message()) + to_hex(b.message()) == v.at("transcript_ir").get<std::string>());

  // K, through the public scalar_mult_vfy, from both sides.
  CHECK(to_hex(net::cpace_scalar_mult_vfy(hex_field(v, "ya"), yb_pub)) == v.at("K").get<std::string>());
  CHECK(to_hex(net::cpace_scalar_mult_vfy(hex_field(v, "yb"), ya_pub)) == v.at("K").get<std::string>());

  CHECK(to_hex(a.receive(b.message())) == v.at("ISK_IR").get<std::string>());
  CHECK(to_hex(b.receive(a.message())) == v.at("ISK_IR").get<std::string>());
  CHECK(a.isk() == b.isk());
  CHECK(a.peer_ad() == adb);
  CHECK(b.peer_ad() == ada);
  CHECK(a.peer_point() == yb_pub);
  CHECK(b.peer_point() == ya_pub);
}

TEST_CASE("the ISK derivation and its input match the draft for both transcript modes", "[cpace][vectors]") {
  const auto& v = vectors().at("protocol");
  const Bytes sid = hex_field(v, "sid"), k = hex_field(v, "K");
  const Bytes ya = hex_field(v, "Ya"), yb = hex_field(v, "Yb"), ada = hex_field(v, "ADa"), adb = hex_field(v, "ADb");

  const Bytes tr_ir = net::cpace_transcript_ir(ya, ada, yb, adb);
  const Bytes tr_oc = net::cpace_transcript_oc(ya, ada, yb, adb);
  CHECK(to_hex(tr_ir) == v.at("transcript_ir").get<std::string>());
  CHECK(to_hex(tr_oc) == v.at("transcript_oc").get<std::string>());

  // DSI_ISK = G.DSI || b"_ISK", and the hashed string lv_cat(DSI_ISK, sid, K) || transcript.
  Bytes dsi_isk(net::cpace_dsi().begin(), net::cpace_dsi().end());
  for (char c : std::string_view("_ISK")) dsi_isk.push_back(static_cast<std::uint8_t>(c));
  CHECK(to_hex(dsi_isk) == v.at("dsi_isk").get<std::string>());
  Bytes input_ir = net::cpace_lv_cat({dsi_isk, sid, k});
  input_ir.insert(input_ir.end(), tr_ir.begin(), tr_ir.end());
  CHECK(to_hex(input_ir) == v.at("isk_input_ir").get<std::string>());
  Bytes input_oc = net::cpace_lv_cat({dsi_isk, sid, k});
  input_oc.insert(input_oc.end(), tr_oc.begin(), tr_oc.end());
  CHECK(to_hex(input_oc) == v.at("isk_input_oc").get<std::string>());

  CHECK(to_hex(net::cpace_derive_isk(sid, k, tr_ir)) == v.at("ISK_IR").get<std::string>());
  CHECK(to_hex(net::cpace_derive_isk(sid, k, tr_oc)) == v.at("ISK_SY").get<std::string>());
}

TEST_CASE("the optional session id output matches the draft", "[cpace][vectors]") {
  const auto& v = vectors().at("protocol");
  const Bytes tr_ir = from_hex(v.at("transcript_ir")), tr_oc = from_hex(v.at("transcript_oc"));
  CHECK(to_hex(net::cpace_sid_output(tr_ir)) == v.at("sid_output_ir").get<std::string>());
  CHECK(to_hex(net::cpace_sid_output(tr_oc)) == v.at("sid_output_oc").get<std::string>());
}

TEST_CASE("two sessions with the same password agree on the ISK and confirm each other", "[cpace]") {
  auto [a, b] = make_sessions("7K3MQ9PX", "7K3MQ9PX");
  REQUIRE(a.message().size() == 2 + 32 + 3);
  const Bytes isk_a = a.receive(b.message());
  const Bytes isk_b = b.receive(a.message());
  REQUIRE(isk_a.size() == 64);
  CHECK(isk_a == isk_b);

  const Bytes tag_a = a.confirmation_tag();
  const Bytes tag_b = b.confirmation_tag();
  REQUIRE(tag_a.size() == 64);
  CHECK(tag_a != tag_b);  // each tag covers the sender's own message
  CHECK(b.verify_peer_confirmation(tag_a));
  CHECK(a.verify_peer_confirmation(tag_b));
  // A party's own tag reflected back at it is refused.
  CHECK_FALSE(a.verify_peer_confirmation(tag_a));
  CHECK_FALSE(b.verify_peer_confirmation(tag_b));
}

TEST_CASE("the key confirmation tag is the draft's HMAC over the sender's message", "[cpace]") {
  auto [a, b] = make_sessions("pw", "pw");
  a.receive(b.message());
  b.receive(a.message());
  const Bytes sid = text("sid-0123456789ab");
  const Bytes mac_key = net::cpace_mac_key(sid, a.isk());
  Bytes expected(crypto_auth_hmacsha512_BYTES);
  crypto_auth_hmacsha512_state st;
  crypto_auth_hmacsha512_init(&st, mac_key.data(), mac_key.size());
  crypto_auth_hmacsha512_update(&st, a.message().data(), a.message().size());
  crypto_auth_hmacsha512_final(&st, expected.data());
  CHECK(a.confirmation_tag() == expected);
  // mac_key = SHA-512("CPaceMac" || sid || ISK)
  Bytes in = text("CPaceMac");
  in.insert(in.end(), sid.begin(), sid.end());
  in.insert(in.end(), a.isk().begin(), a.isk().end());
  Bytes h(64);
  crypto_hash_sha512(h.data(), in.data(), in.size());
  CHECK(mac_key == h);
}

TEST_CASE("different passwords give different keys and confirmation fails both ways", "[cpace]") {
  auto [a, b] = make_sessions("7K3MQ9PX", "7K3MQ9PY");
  const Bytes isk_a = a.receive(b.message());
  const Bytes isk_b = b.receive(a.message());
  CHECK(isk_a != isk_b);
  CHECK_FALSE(b.verify_peer_confirmation(a.confirmation_tag()));
  CHECK_FALSE(a.verify_peer_confirmation(b.confirmation_tag()));
}

TEST_CASE("a different channel identifier or session id gives different keys", "[cpace]") {
  SECTION("channel identifier") {
    CpaceSession a(CpaceRole::initiator, text("pw"), text("ci-1"), text("sid"), {});
    CpaceSession b(CpaceRole::responder, text("pw"), text("ci-2"), text("sid"), {});
    a.receive(b.message());
    b.receive(a.message());
    CHECK(a.isk() != b.isk());
    CHECK_FALSE(b.verify_peer_confirmation(a.confirmation_tag()));
  }
  SECTION("session id") {
    CpaceSession a(CpaceRole::initiator, text("pw"), text("ci"), text("sid-1"), {});
    CpaceSession b(CpaceRole::responder, text("pw"), text("ci"), text("sid-2"), {});
    a.receive(b.message());
    b.receive(a.message());
    CHECK(a.isk() != b.isk());
    CHECK_FALSE(b.verify_peer_confirmation(a.confirmation_tag()));
  }
}

TEST_CASE("two parties that both claim the initiator role do not agree", "[cpace]") {
  CpaceSession a(CpaceRole::initiator, text("pw"), text("ci"), text("sid"), text("A"));
  CpaceSession b(CpaceRole::initiator, text("pw"), text("ci"), text("sid"), text("B"));
  a.receive(b.message());
  b.receive(a.message());
  CHECK(a.isk() != b.isk());
}

TEST_CASE("a tampered message is refused", "[cpace]") {
  SECTION("a flipped bit in the point either fails to decode or breaks the key agreement") {
    for (std::size_t byte = 1; byte <= 32; byte += 5) {
      auto [a, b] = make_sessions("pw", "pw");
      Bytes msg = b.message();
      msg[byte] ^= 0x01;
      bool refused = false;
      try {
        a.receive(msg);
        b.receive(a.message());
        refused = a.isk() != b.isk() && !b.verify_peer_confirmation(a.confirmation_tag()) &&
                  !a.verify_peer_confirmation(b.confirmation_tag());
      } catch (const CpaceError&) {
        refused = true;
      }
      INFO("byte " << byte);
      CHECK(refused);
    }
  }
  SECTION("changed associated data breaks the key agreement") {
    auto [a, b] = make_sessions("pw", "pw");
    Bytes msg = b.message();
    msg.back() ^= 0x20;  // "ADb" -> "ADB"
    a.receive(msg);
    b.receive(a.message());
    CHECK(a.isk() != b.isk());
    CHECK_FALSE(a.verify_peer_confirmation(b.confirmation_tag()));
    CHECK_FALSE(b.verify_peer_confirmation(a.confirmation_tag()));
  }
  SECTION("a tampered confirmation tag is refused") {
    auto [a, b] = make_sessions("pw", "pw");
    a.receive(b.message());
    b.receive(a.message());
    Bytes tag = a.confirmation_tag();
    REQUIRE(b.verify_peer_confirmation(tag));
    tag[17] ^= 0x80;
    CHECK_FALSE(b.verify_peer_confirmation(tag));
    tag[17] ^= 0x80;
    tag.pop_back();
    CHECK_FALSE(b.verify_peer_confirmation(tag));
    CHECK_FALSE(b.verify_peer_confirmation({}));
  }
}

TEST_CASE("malformed messages throw before any key is derived", "[cpace]") {
  auto [a, b] = make_sessions("pw", "pw");
  const Bytes good = b.message();
  auto refuses = [&](Bytes msg) {
    CpaceSession s(CpaceRole::initiator, text("pw"), text("ci"), text("sid-0123456789ab"), text("ADa"));
    CHECK_THROWS_AS(s.receive(msg), CpaceError);
    CHECK_THROWS_AS(s.isk(), CpaceError);
  };
  refuses({});
  refuses(Bytes(good.begin(), good.begin() + 20));                // truncated point
  refuses(Bytes(good.begin(), good.end() - 1));                   // truncated AD
  Bytes trailing = good;
  trailing.push_back(0);
  refuses(trailing);                                              // trailing byte
  Bytes short_point = net::cpace_lv_cat({Bytes(31, 1), text("AD")});
  refuses(short_point);                                           // 31-byte point
  Bytes long_point = net::cpace_lv_cat({Bytes(33, 1), text("AD")});
  refuses(long_point);                                            // 33-byte point
  Bytes non_minimal{0xa0, 0x00};                                  // 32 encoded in two groups
  non_minimal.insert(non_minimal.end(), good.begin() + 1, good.end());
  refuses(non_minimal);
  Bytes huge_ad(good.begin(), good.begin() + 33);                 // AD length 2^28
  for (std::uint8_t x : {0x80, 0x80, 0x80, 0x80, 0x01}) huge_ad.push_back(x);
  refuses(huge_ad);
  // The untouched message still works.
  CpaceSession s(CpaceRole::initiator, text("pw"), text("ci"), text("sid-0123456789ab"), text("ADa"));
  CHECK_NOTHROW(s.receive(good));
}

TEST_CASE("an identity-point message throws", "[cpace]") {
  CpaceSession a(CpaceRole::initiator, text("pw"), text("ci"), text("sid"), text("ADa"));
  const Bytes identity(32, 0);
  CHECK_THROWS_AS(a.receive(net::cpace_lv_cat({identity, text("ADb")})), CpaceError);
  CHECK_THROWS_AS(a.confirmation_tag(), CpaceError);

  // The draft's non-decodable point (Appendix B.3.11, Y_i1) is refused the same way.
  const Bytes y_i1 = from_hex(vectors().at("scalar_mult_vfy_invalid").at("points").at(0));
  CpaceSession b(CpaceRole::responder, text("pw"), text("ci"), text("sid"), text("ADb"));
  CHECK_THROWS_AS(b.receive(net::cpace_lv_cat({y_i1, text("ADa")})), CpaceError);
  // A non-canonical encoding (field element >= p: all 0xff with the top bit clear) is refused.
  Bytes non_canonical(32, 0xff);
  non_canonical[31] = 0x7f;
  CpaceSession c(CpaceRole::responder, text("pw"), text("ci"), text("sid"), text("ADb"));
  CHECK_THROWS_AS(c.receive(net::cpace_lv_cat({non_canonical, text("ADa")})), CpaceError);
}

TEST_CASE("a session is single-use and refuses confirmation before receiving", "[cpace]") {
  auto [a, b] = make_sessions("pw", "pw");
  CHECK_THROWS_AS(a.confirmation_tag(), CpaceError);
  CHECK_THROWS_AS(a.verify_peer_confirmation(Bytes(64, 0)), CpaceError);
  CHECK_THROWS_AS(a.isk(), CpaceError);
  a.receive(b.message());
  CHECK_THROWS_AS(a.receive(b.message()), CpaceError);
}

TEST_CASE("each session draws a fresh scalar", "[cpace]") {
  CpaceSession a1(CpaceRole::initiator, text("pw"), text("ci"), text("sid"), {});
  CpaceSession a2(CpaceRole::initiator, text("pw"), text("ci"), text("sid"), {});
  CHECK(a1.message() != a2.message());
}

TEST_CASE("bad fixed scalars and oversize associated data are rejected", "[cpace]") {
  CHECK_THROWS_AS(CpaceSession(CpaceRole::initiator, text("pw"), {}, {}, {}, Bytes(31, 1)), CpaceError);
  CHECK_THROWS_AS(CpaceSession(CpaceRole::initiator, text("pw"), {}, {}, {}, Bytes(32, 0)), CpaceError);
  // The group order itself (little-endian) is 0 modulo the order.
  const Bytes order = from_hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  CHECK_THROWS_AS(CpaceSession(CpaceRole::initiator, text("pw"), {}, {}, {}, order), CpaceError);
  CHECK_THROWS_AS(CpaceSession(CpaceRole::initiator, text("pw"), {}, {}, {}, Bytes(net::kCpaceMaxAdBytes + 1, 'a')),
                  CpaceError);
  CHECK_NOTHROW(CpaceSession(CpaceRole::initiator, text("pw"), {}, {}, Bytes(net::kCpaceMaxAdBytes, 'a')));
}

TEST_CASE("a fixed scalar is used modulo the group order", "[cpace]") {
  const auto& v = vectors().at("protocol");
  const Bytes ya = hex_field(v, "ya");
  // ya + order, still below 2^256: same point.
  const Bytes order = from_hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  Bytes sum(32);
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    unsigned s = ya[i] + order[i] + carry;
    sum[i] = static_cast<std::uint8_t>(s);
    carry = s >> 8;
  }
  REQUIRE(carry == 0);
  CpaceSession a(CpaceRole::initiator, hex_field(v, "PRS"), hex_field(v, "CI"), hex_field(v, "sid"),
                 hex_field(v, "ADa"), sum);
  CHECK(a.message() == net::cpace_lv_cat({hex_field(v, "Ya"), hex_field(v, "ADa")}));
}

TEST_CASE("a moved session keeps working", "[cpace]") {
  auto [a, b] = make_sessions("pw", "pw");
  CpaceSession moved = std::move(a);
  moved.receive(b.message());
  b.receive(moved.message());
  CHECK(moved.isk() == b.isk());
  CpaceSession target(CpaceRole::initiator, text("x"), {}, {}, {});
  target = std::move(moved);
  CHECK(target.isk() == b.isk());
  CHECK(b.verify_peer_confirmation(target.confirmation_tag()));
}
