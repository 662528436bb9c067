// Frame codec (src/net/frame.hpp): round trips, arbitrary splits, size limit, malformed bodies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "net/frame.hpp"

using renkei::net::Bytes;
using renkei::net::FrameDecoder;
using renkei::net::FrameError;
using renkei::net::FrameErrorKind;
using json = nlohmann::json;

namespace {

Bytes raw_frame(std::string_view body, std::uint32_t length) {
  Bytes out(4 + body.size());
  out[0] = static_cast<std::uint8_t>(length >> 24);
  out[1] = static_cast<std::uint8_t>(length >> 16);
  out[2] = static_cast<std::uint8_t>(length >> 8);
  out[3] = static_cast<std::uint8_t>(length);
  std::copy(body.begin(), body.end(), out.begin() + 4);
  return out;
}

Bytes raw_frame(std::string_view body) {
  return raw_frame(body, static_cast<std::uint32_t>(body.size()));
}

/// Feeds `bytes` and returns the FrameError pop() throws; fails the test if none is thrown.
FrameError error_of(const Bytes& bytes, std::size_t limit = renkei::net::kMaxFrameBytes) {
  FrameDecoder decoder(limit);
  decoder.feed(bytes);
  try {
    while (decoder.pop()) {
    }
  } catch (const FrameError& e) {
    return e;
  }
  FAIL("no FrameError was reported");
  throw std::logic_error("unreachable");
}

std::vector<json> sample_messages() {
  return {
      json{{"type", "hello"}},
      json{{"type", "note"}, {"text", "本人の希望：自宅で暮らし続けたい"}, {"n", 42}},
      json{{"type", "nested"}, {"a", json::array({1, 2, json{{"b", nullptr}}})}, {"f", 1.5}},
      json{{"type", "empty_string"}, {"s", ""}},
  };
}

}  // namespace

TEST_CASE("An encoded frame is a big-endian length followed by the JSON body with v added",
          "[net][frame]") {
  const Bytes frame = renkei::net::encode_frame(json{{"type", "ping"}});
  REQUIRE(frame.size() >= 4);
  const std::string body(frame.begin() + 4, frame.end());
  const std::uint32_t length = (std::uint32_t{frame[0]} << 24) | (std::uint32_t{frame[1]} << 16) |
                               (std::uint32_t{frame[2]} << 8) | std::uint32_t{frame[3]};
  CHECK(length == body.size());
  CHECK(json::parse(body) == json{{"type", "ping"}, {"v", 1}});
}

TEST_CASE("Frames round-trip through the decoder in order", "[net][frame]") {
  FrameDecoder decoder;
  Bytes stream;
  for (const auto& message : sample_messages()) {
    const Bytes frame = renkei::net::encode_frame(message);
    stream.insert(stream.end(), frame.begin(), frame.end());
  }
  decoder.feed(stream);
  for (auto expected : sample_messages()) {
    expected["v"] = 1;
    const auto got = decoder.pop();
    REQUIRE(got.has_value());
    CHECK(*got == expected);
  }
  CHECK_FALSE(decoder.pop().has_value());
  CHECK(decoder.buffered_bytes() == 0);
}

TEST_CASE("A stream split at every byte boundary decodes to the same frames", "[net][frame]") {
  Bytes stream;
  for (const auto& message : sample_messages()) {
    const Bytes frame = renkei::net::encode_frame(message);
    stream.insert(stream.end(), frame.begin(), frame.end());
  }
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    FrameDecoder decoder;
    std::vector<json> got;
    decoder.feed(std::span(stream).first(split));
    while (auto frame = decoder.pop()) got.push_back(*frame);
    decoder.feed(std::span(stream).subspan(split));
    while (auto frame = decoder.pop()) got.push_back(*frame);
    REQUIRE(got.size() == sample_messages().size());
    CHECK(got[1]["text"] == "本人の希望：自宅で暮らし続けたい");
  }
  // And one byte at a time.
  FrameDecoder decoder;
  std::size_t count = 0;
  for (const std::uint8_t byte : stream) {
    decoder.feed(std::span(&byte, 1));
    while (decoder.pop()) ++count;
  }
  CHECK(count == sample_messages().size());
}

TEST_CASE("An oversized length prefix is refused before any of the body arrives", "[net][frame]") {
  SECTION("with a small configured limit") {
    FrameDecoder decoder(16);
    decoder.feed(raw_frame("", 17));  // the prefix alone
    CHECK(decoder.failed());
    CHECK(decoder.buffered_bytes() == 0);
    try {
      (void)decoder.pop();
      FAIL("oversized prefix was accepted");
    } catch (const FrameError& e) {
      CHECK(e.kind() == FrameErrorKind::oversized);
      CHECK(std::string(e.what()) == "frame of 17 bytes exceeds the limit of 16 bytes");
    }
    // Later bytes are discarded, and the error sticks.
    decoder.feed(Bytes(1000, 'x'));
    CHECK(decoder.buffered_bytes() == 0);
    CHECK_THROWS_AS(decoder.pop(), FrameError);
  }
  SECTION("with the default 8 MiB limit") {
    FrameDecoder decoder;
    decoder.feed(raw_frame("", renkei::net::kMaxFrameBytes + 1));
    CHECK_THROWS_WITH(decoder.pop(), "frame of 8388609 bytes exceeds the limit of 8388608 bytes");
  }
  SECTION("a frame exactly at the limit is accepted") {
    const std::string body = R"({"type":"t","v":1})";
    FrameDecoder decoder(body.size());
    decoder.feed(raw_frame(body));
    CHECK(decoder.pop().has_value());
  }
}

TEST_CASE("Frames decoded before a malformed one are still delivered", "[net][frame]") {
  FrameDecoder decoder;
  Bytes stream = renkei::net::encode_frame(json{{"type", "first"}});
  const Bytes bad = raw_frame("{nope");
  stream.insert(stream.end(), bad.begin(), bad.end());
  decoder.feed(stream);
  const auto first = decoder.pop();
  REQUIRE(first.has_value());
  CHECK((*first)["type"] == "first");
  CHECK_THROWS_AS(decoder.pop(), FrameError);
}

TEST_CASE("Each kind of malformed frame is reported with its reason", "[net][frame]") {
  struct Case {
    const char* body;
    FrameErrorKind kind;
    const char* reason_contains;
  };
  const std::vector<Case> cases = {
      {"{\"type\":\"x\",\"v\":1", FrameErrorKind::invalid_json, "invalid JSON"},
      {"", FrameErrorKind::invalid_json, "invalid JSON"},
      {"{\"type\":\"\xff\xfe\",\"v\":1}", FrameErrorKind::invalid_json, "invalid JSON"},  // bad UTF-8
      {"[1,2,3]", FrameErrorKind::not_an_object, "frame body is a JSON array, not an object"},
      {"\"text\"", FrameErrorKind::not_an_object, "not an object"},
      {"{\"type\":\"x\"}", FrameErrorKind::missing_version, "no protocol version"},
      {"{\"type\":\"x\",\"v\":2}", FrameErrorKind::unsupported_version, "unsupported protocol version 2"},
      {"{\"type\":\"x\",\"v\":\"1\"}", FrameErrorKind::unsupported_version, "unsupported protocol version a string"},
      {"{\"v\":1}", FrameErrorKind::missing_type, "no \"type\""},
      {"{\"v\":1,\"type\":7}", FrameErrorKind::missing_type, "not a non-empty string"},
      {"{\"v\":1,\"type\":\"\"}", FrameErrorKind::missing_type, "not a non-empty string"},
  };
  for (const auto& c : cases) {
    INFO("body: " << c.body);
    const FrameError e = error_of(raw_frame(c.body));
    CHECK(e.kind() == c.kind);
    CHECK_THAT(e.what(), Catch::Contains(c.reason_contains));
  }
}

TEST_CASE("A frame's invalid UTF-8 is escaped in the reason, which stays well-formed UTF-8", "[net][frame]") {
  // nlohmann's message quotes the token read so far ("last read: '\"\xff'"), raw.
  const FrameError e = error_of(raw_frame("{\"v\":1,\"type\":\"\xff\"}"));
  CHECK(e.kind() == FrameErrorKind::invalid_json);
  CHECK_THAT(e.what(), Catch::Contains("last read: '\"\\xFF'"));
  CHECK(std::string(e.what()).find('\xff') == std::string::npos);
  // A JSON string can hold it: dump() throws on ill-formed UTF-8 (type_error 316).
  CHECK_NOTHROW(json(e.what()).dump());

  // A control character inside a string token is escaped too (nlohmann writes it as <U+000A>
  // itself), and well-formed Japanese text is kept.
  const FrameError j = error_of(raw_frame("{\"v\":1,\"type\":\"会議\xe4\xbc\"}"));  // truncated 3-byte sequence
  CHECK_THAT(j.what(), Catch::Contains("会議\\xE4\\xBC"));
  CHECK_NOTHROW(json(j.what()).dump());
}

TEST_CASE("A long token before a bad byte is cut to its last bytes in the reason", "[net][frame]") {
  // The parser quotes the whole token read so far: here a string of a million bytes.
  const std::string body = "{\"v\":1,\"type\":\"" + std::string(1'000'000, 'a') + "TAIL\xff\"}";
  const FrameError e = error_of(raw_frame(body));
  CHECK(e.kind() == FrameErrorKind::invalid_json);
  const std::string reason = e.what();
  CHECK(reason.size() < 400);
  CHECK_THAT(reason, Catch::EndsWith("last read: '\u2026" + std::string(27, 'a') + "TAIL\\xFF'"));
  CHECK_NOTHROW(json(reason).dump());
  // A short token is quoted whole.
  CHECK_THAT(error_of(raw_frame("{\"v\":1,\"type\":\"ab\xff\"}")).what(), Catch::EndsWith("last read: '\"ab\\xFF'"));
}

TEST_CASE("Nesting deeper than the limit is refused as invalid JSON", "[net][frame]") {
  const std::size_t depth = renkei::net::kMaxFrameDepth;
  // Depth exactly at the limit: the object itself plus depth-1 arrays.
  const std::string ok = "{\"v\":1,\"type\":\"t\",\"a\":" + std::string(depth - 1, '[') +
                         std::string(depth - 1, ']') + "}";
  FrameDecoder decoder;
  decoder.feed(raw_frame(ok));
  CHECK(decoder.pop().has_value());

  const std::string deep = "{\"v\":1,\"type\":\"t\",\"a\":" + std::string(depth, '[') +
                           std::string(depth, ']') + "}";
  const FrameError e = error_of(raw_frame(deep));
  CHECK(e.kind() == FrameErrorKind::invalid_json);
  CHECK_THAT(e.what(), Catch::Contains("nesting deeper than 64 levels"));
}

TEST_CASE("Encoding refuses bodies the decoder would refuse", "[net][frame]") {
  CHECK_THROWS_AS(renkei::net::encode_frame(json::array({1})), FrameError);
  CHECK_THROWS_AS(renkei::net::encode_frame(json{{"no_type", 1}}), FrameError);
  CHECK_THROWS_AS(renkei::net::encode_frame(json{{"type", "t"}, {"v", 9}}), FrameError);
  try {
    (void)renkei::net::encode_frame(json{{"type", "t"}, {"pad", std::string(100, 'x')}}, 64);
    FAIL("oversized body was encoded");
  } catch (const FrameError& e) {
    CHECK(e.kind() == FrameErrorKind::oversized);
  }
}

TEST_CASE("Base64 helpers round-trip and refuse non-canonical text", "[net][frame]") {
  const Bytes data{0x00, 0xff, 0x10, 0x20, 0x7f};
  const std::string text = renkei::net::base64_encode(data);
  CHECK(text == "AP8QIH8=");
  CHECK(renkei::net::base64_decode(text) == data);
  CHECK(renkei::net::base64_decode("") == Bytes{});
  CHECK_FALSE(renkei::net::base64_decode("AP8QIH8").has_value());    // padding missing
  CHECK_FALSE(renkei::net::base64_decode("AP8QIH8=x").has_value());  // trailing garbage
  CHECK_FALSE(renkei::net::base64_decode("!!!!").has_value());
}
