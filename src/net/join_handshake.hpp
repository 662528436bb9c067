// The join handshake (protocol/PROTOCOL.md, "Transport and join"): over a freshly established
// Channel, the joiner proves knowledge of the chair's join code with CPace
// (draft-irtf-cfrg-cpace-21, CPACE-RISTR255-SHA512, cpace.hpp), bound to this TLS connection,
// followed by explicit key confirmation both ways (§10.4). No other frame is accepted until it
// has succeeded.
//
// CPace inputs (§4.1):
//   PRS = JoinCode::prs()
//   CI  = lv_cat(initiator's certificate fingerprint, responder's certificate fingerprint)
//         (the joiner is the initiator; fingerprints as Channel::local/peer_fingerprint())
//   sid = Channel::join_exporter(): TLS exporter "EXPORTER-renkei-join", 32 bytes
//         (RFC 8446 §7.5), so a recorded run is bound to one TLS session and yields no offline
//         guess, and a relay between two TLS sessions yields mismatching keys.
//   ADa = "renkei-join/1 joiner", ADb = "renkei-join/1 host" (checked on receipt)
//
// Message order (each a frame, binary fields standard base64):
//   1. joiner -> host  {"type":"pake_init","msg":b64(Ya || ADa)}
//   2. host -> joiner  {"type":"pake_resp","msg":b64(Yb || ADb)}
//   3. joiner -> host  {"type":"pake_confirm","tag":b64(Ta)}
//   4. host verifies Ta; if wrong: host -> joiner {"type":"error","code":"wrong_code",...}, close;
//      else host -> joiner {"type":"pake_confirm","tag":b64(Tb)} and the host is done;
//   5. joiner verifies Tb and is done (if wrong: {"type":"error","code":"confirmation_failed"}).
// The host sends its tag only after verifying the joiner's, so a party that does not know the
// code learns nothing from the host but "wrong code", once per counted attempt.
// Before step 2 the host reserves an attempt on its current code (AttemptGate); when none may be
// reserved it answers step 1 with {"type":"error","code":"try_later"} and closes, testing no code.
#pragma once

#include <utility>  // before Boost.Asio (DESIGN.md, Conventions)

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/channel.hpp"
#include "net/cpace.hpp"
#include "net/join_code.hpp"

namespace renkei::net {

/// CPace associated data of the joiner (ADa) and of the host (ADb), ASCII.
inline constexpr std::string_view kJoinerAd = "renkei-join/1 joiner";
inline constexpr std::string_view kHostAd = "renkei-join/1 host";

/// Largest decoded "msg" accepted in pake_init / pake_resp (bytes): Y (32) and a short AD.
inline constexpr std::size_t kMaxPakeMessageBytes = 256;

/// Error codes carried by {"type":"error","code":...} frames during the join.
inline constexpr std::string_view kErrorWrongCode = "wrong_code";
inline constexpr std::string_view kErrorConfirmationFailed = "confirmation_failed";
inline constexpr std::string_view kErrorProtocol = "protocol_error";
inline constexpr std::string_view kErrorTimeout = "timeout";
inline constexpr std::string_view kErrorTryLater = "try_later";

/// How a join handshake ended.
enum class JoinOutcome {
  success,              ///< both tags verified (host: the joiner's); isk is set
  wrong_code,           ///< host: the joiner's tag did not verify; joiner: the host said so
  confirmation_failed,  ///< joiner: the host's tag did not verify (the host does not know the code)
  protocol_error,       ///< malformed, unexpected or refused message, or an error frame from the peer
  timeout,              ///< JoinOptions::timeout elapsed (here, or the peer said "timeout")
  connection_lost,      ///< the channel closed before the handshake finished
  try_later,            ///< host: refused the run untested, as attempts on the code were used up
                        ///< (failed or in flight); joiner: the host said so ("try_later")
};

/// "success", "wrong_code", … (the enumerator's name).
std::string_view to_string(JoinOutcome outcome);

/// Result of one join handshake.
struct JoinResult {
  JoinOutcome outcome = JoinOutcome::protocol_error;
  /// On success: CPace's ISK, kCpaceIskBytes (64) bytes, equal on both sides. Empty otherwise.
  /// draft-irtf-cfrg-cpace-21 §4 / §10.3: derive keys from it with a KDF before use.
  Bytes isk;
  /// Why it failed, for logs (English); empty on success.
  std::string reason;
};

/// Tuning of one join handshake.
struct JoinOptions {
  /// The whole handshake, from the call to the final tag, must finish within this.
  std::chrono::milliseconds timeout{15'000};
};

/// Receives the result, once, on the io_context's thread.
using JoinHandler = std::function<void(const JoinResult& result)>;

/// Host: how a run that reserved an attempt on the code ended (JoinAttemptLimiter).
enum class AttemptEnd {
  succeeded,  ///< the joiner's tag verified
  failed,     ///< CPace ran with the code (pake_resp sent) and the run did not end in a verified
              ///< joiner tag: a wrong or malformed tag, a timeout, a disconnect. A counted guess.
  untested,   ///< the run ended before CPace ran with the code (the joiner's message was
              ///< invalid): not a guess
};

/// Host: one attempt on the join code, granted by an AttemptGate.
struct HostAttempt {
  JoinCode code;  ///< the code this run tests: the current one when the run asked
  /// Called exactly once, when the run ends, before the JoinHandler (may be empty).
  std::function<void(AttemptEnd)> end;
};

/// Host: asked once per run when the joiner's pake_init arrives (a well-formed base64 "msg"),
/// before CPace runs with any code: the code to test, with the attempt reserved against it, or
/// std::nullopt to refuse the run without testing a code (the joiner gets error "try_later",
/// the run ends as JoinOutcome::try_later, nothing is counted). Wire it to
/// JoinAttemptLimiter::try_reserve() (protocol/PROTOCOL.md, "Counting guesses"); rotating the
/// code is the caller's decision.
using AttemptGate = std::function<std::optional<HostAttempt>()>;

/// Runs the joiner's side (CPace initiator) on `channel`, which must be established and not yet
/// started (this call starts it). On success the channel is left open with no frame handler and
/// no closed handler: `done` must install the next phase's with Channel::set_frame_handler /
/// set_closed_handler; frames the host sends after its tag wait until then. On any failure the
/// channel is closed (after an error frame where the protocol gives one) before `done` runs.
/// `code` is copied. Throws nothing; failures arrive through `done`.
void join_as_joiner(std::shared_ptr<Channel> channel, const JoinCode& code, JoinOptions options,
                    JoinHandler done);

/// Runs the host's side (CPace responder) on `channel`, under the same rules as join_as_joiner.
/// The code comes from `gate` when pake_init arrives (not when this is called), so a run tests
/// the code current at that moment, and only if the gate grants an attempt; the attempt's end()
/// is told how the run ended before `done` runs. An empty gate refuses every run.
void join_as_host(std::shared_ptr<Channel> channel, AttemptGate gate, JoinOptions options, JoinHandler done);

}  // namespace renkei::net
