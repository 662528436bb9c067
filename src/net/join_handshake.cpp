#include "net/join_handshake.hpp"

#include <optional>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/net_log.hpp"

namespace renkei::net {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// One party's run. Owned by the channel's handlers (and the timer) until it finishes; finishing
/// clears those handlers, which releases it.
class JoinRun : public std::enable_shared_from_this<JoinRun> {
 public:
  enum class Role { joiner, host };

  /// The joiner knows its code; the host asks `gate` for one when pake_init arrives.
  JoinRun(Role role, std::shared_ptr<Channel> channel, const JoinCode& code, AttemptGate gate,
          JoinOptions options, JoinHandler done)
      : role_(role),
        channel_(std::move(channel)),
        code_(code),
        options_(options),
        timer_(channel_->io_context()),
        gate_(std::move(gate)),
        done_(std::move(done)) {}

  void begin() {
    auto self = shared_from_this();
    if (!channel_->is_open()) {
      // Report from the io_context, as every other outcome is.
      asio::post(channel_->io_context(), [self] {
        self->finish({JoinOutcome::connection_lost, {}, "channel is not open"});
      });
      return;
    }
    auto on_frame = [self](const json& frame) { self->on_frame(frame); };
    auto on_closed = [self](const std::string& reason) {
      self->finish({JoinOutcome::connection_lost, {}, "connection closed during the join: " + reason});
    };
    if (channel_->started()) {
      channel_->set_frame_handler(std::move(on_frame));
      channel_->set_closed_handler(std::move(on_closed));
    } else {
      channel_->start(std::move(on_frame), std::move(on_closed));
    }
    timer_.expires_after(options_.timeout);
    timer_.async_wait([self](const boost::system::error_code& error) {
      if (!error) self->fail(JoinOutcome::timeout, kErrorTimeout, "join handshake timed out");
    });

    if (role_ == Role::joiner) {
      // CI = lv_cat(initiator's fingerprint, responder's fingerprint); the joiner initiates.
      if (!make_session(CpaceRole::initiator, channel_->local_fingerprint(), channel_->peer_fingerprint(),
                        kJoinerAd)) {
        return;
      }
      channel_->send({{"type", "pake_init"}, {"msg", base64_encode(cpace_->message())}});
      state_ = State::await_resp;
    } else {
      state_ = State::await_init;
    }
  }

 private:
  enum class State { starting, await_init, await_resp, await_confirm, done };

  bool make_session(CpaceRole role, const PeerFingerprint& initiator, const PeerFingerprint& responder,
                    std::string_view ad) {
    try {
      const Bytes ci = cpace_lv_cat({initiator, responder});
      cpace_.emplace(role, code_.prs(), ci, channel_->join_exporter(), as_bytes(ad));
      return true;
    } catch (const std::exception& e) {
      fail(JoinOutcome::protocol_error, kErrorProtocol, std::string("cannot start CPace: ") + e.what());
      return false;
    }
  }

  /// The named base64 field of `frame`, decoded, or nullopt (with the run failed) if absent,
  /// not a string, not base64 or longer than max_bytes.
  std::optional<Bytes> binary_field(const json& frame, const char* name, std::size_t max_bytes) {
    const auto it = frame.find(name);
    std::optional<Bytes> bytes;
    if (it != frame.end() && it->is_string() && it->get_ref<const std::string&>().size() <= max_bytes * 2) {
      bytes = base64_decode(it->get_ref<const std::string&>());
    }
    if (!bytes || bytes->size() > max_bytes) {
      fail(JoinOutcome::protocol_error, kErrorProtocol,
           "\"" + frame["type"].get<std::string>() + "\" frame has no valid base64 \"" + name + "\"");
      return std::nullopt;
    }
    return bytes;
  }

  /// Feeds the peer's CPace message; checks its AD names the other role.
  bool receive_peer_message(const Bytes& message, std::string_view expected_ad) {
    try {
      cpace_->receive(message);
    } catch (const CpaceError& e) {
      fail(JoinOutcome::protocol_error, kErrorProtocol, std::string("invalid CPace message: ") + e.what());
      return false;
    }
    const Bytes& ad = cpace_->peer_ad();
    if (std::string_view(reinterpret_cast<const char*>(ad.data()), ad.size()) != expected_ad) {
      fail(JoinOutcome::protocol_error, kErrorProtocol, "CPace message carries the wrong role");
      return false;
    }
    return true;
  }

  void on_frame(const json& frame) {
    if (state_ == State::done) return;
    const std::string& type = frame["type"].get_ref<const std::string&>();
    if (type == "error") {
      on_error_frame(frame);
      return;
    }
    if (role_ == Role::host && state_ == State::await_init && type == "pake_init") {
      const auto message = binary_field(frame, "msg", kMaxPakeMessageBytes);
      if (!message) return;
      // Reserve an attempt on the current code before CPace runs with it.
      std::optional<HostAttempt> attempt = gate_ ? gate_() : std::nullopt;
      gate_ = nullptr;
      if (!attempt) {
        fail(JoinOutcome::try_later, kErrorTryLater,
             "too many attempts at the current join code are failed or in progress; try again shortly "
             "(with the new code, if the chair's screen shows one)");
        return;
      }
      code_ = attempt->code;
      attempt_end_ = std::move(attempt->end);
      attempt_reserved_ = true;
      if (!make_session(CpaceRole::responder, channel_->peer_fingerprint(), channel_->local_fingerprint(),
                        kHostAd)) {
        return;
      }
      if (!receive_peer_message(*message, kJoinerAd)) return;
      channel_->send({{"type", "pake_resp"}, {"msg", base64_encode(cpace_->message())}});
      cpace_ran_ = true;  // from here on, an unfinished run counts against the code
      state_ = State::await_confirm;
    } else if (role_ == Role::joiner && state_ == State::await_resp && type == "pake_resp") {
      const auto message = binary_field(frame, "msg", kMaxPakeMessageBytes);
      if (!message || !receive_peer_message(*message, kHostAd)) return;
      channel_->send({{"type", "pake_confirm"}, {"tag", base64_encode(cpace_->confirmation_tag())}});
      state_ = State::await_confirm;
    } else if (state_ == State::await_confirm && type == "pake_confirm") {
      const auto tag = binary_field(frame, "tag", kCpaceTagBytes);
      if (!tag) return;
      const bool verified = cpace_->verify_peer_confirmation(*tag);
      if (role_ == Role::host) {
        if (!verified) {
          fail(JoinOutcome::wrong_code, kErrorWrongCode, "the joiner's key confirmation did not verify");
          return;
        }
        channel_->send({{"type", "pake_confirm"}, {"tag", base64_encode(cpace_->confirmation_tag())}});
      } else if (!verified) {
        fail(JoinOutcome::confirmation_failed, kErrorConfirmationFailed,
             "the host's key confirmation did not verify");
        return;
      }
      finish({JoinOutcome::success, cpace_->isk(), {}});
    } else {
      fail(JoinOutcome::protocol_error, kErrorProtocol, "unexpected \"" + type + "\" frame during the join");
    }
  }

  void on_error_frame(const json& frame) {
    const auto code = frame.find("code");
    const std::string code_text = code != frame.end() && code->is_string() ? code->get<std::string>() : "";
    const auto message = frame.find("message");
    const std::string message_text =
        message != frame.end() && message->is_string() ? message->get<std::string>() : "";
    const std::string reason = "peer refused the join (" + (code_text.empty() ? "no code" : code_text) +
                               (message_text.empty() ? ")" : "): " + message_text);
    JoinOutcome outcome = JoinOutcome::protocol_error;
    if (role_ == Role::joiner && code_text == kErrorWrongCode) outcome = JoinOutcome::wrong_code;
    if (code_text == kErrorTimeout) outcome = JoinOutcome::timeout;  // the peer gave up waiting
    if (role_ == Role::joiner && code_text == kErrorTryLater) outcome = JoinOutcome::try_later;
    channel_->close(reason);
    finish({outcome, {}, reason});
  }

  /// Ends the run with a failure: tells the peer (error frame), closes the channel, reports.
  void fail(JoinOutcome outcome, std::string_view code, const std::string& reason) {
    if (state_ == State::done) return;
    if (channel_->is_open()) {
      channel_->send({{"type", "error"}, {"code", code}, {"message", reason}});
      channel_->close(reason);
    }
    finish({outcome, {}, reason});
  }

  void finish(JoinResult result) {
    if (state_ == State::done) return;
    state_ = State::done;
    timer_.cancel();
    if (result.outcome != JoinOutcome::success) {
      channel_->close(result.reason);  // no-op if already closing
    }
    // Hand the channel back: frames wait until the next phase installs its handler.
    channel_->set_frame_handler(nullptr);
    channel_->set_closed_handler(nullptr);
    if (attempt_reserved_) {
      AttemptEnd end = AttemptEnd::succeeded;
      if (result.outcome != JoinOutcome::success) end = cpace_ran_ ? AttemptEnd::failed : AttemptEnd::untested;
      if (end == AttemptEnd::failed)
        net_log(LogLevel::info, "join attempt from " + channel_->description() +
                                    " counted against the join code: " + result.reason);
      const auto attempt_end = std::move(attempt_end_);
      attempt_end_ = nullptr;
      if (attempt_end) attempt_end(end);
    }
    if (result.outcome == JoinOutcome::success) {
      net_log(LogLevel::info, "join handshake with " + channel_->description() + " succeeded");
    }
    const JoinHandler done = std::move(done_);
    done_ = nullptr;
    gate_ = nullptr;
    cpace_.reset();  // wipes the CPace secrets
    if (done) done(result);
  }

  Role role_;
  std::shared_ptr<Channel> channel_;
  JoinCode code_;
  JoinOptions options_;
  boost::asio::steady_timer timer_;
  AttemptGate gate_;                            // host, until pake_init
  std::function<void(AttemptEnd)> attempt_end_;  // host, once an attempt is reserved
  bool attempt_reserved_ = false;
  JoinHandler done_;
  State state_ = State::starting;
  std::optional<CpaceSession> cpace_;
  bool cpace_ran_ = false;
};

}  // namespace

std::string_view to_string(JoinOutcome outcome) {
  switch (outcome) {
    case JoinOutcome::success: return "success";
    case JoinOutcome::wrong_code: return "wrong_code";
    case JoinOutcome::confirmation_failed: return "confirmation_failed";
    case JoinOutcome::protocol_error: return "protocol_error";
    case JoinOutcome::timeout: return "timeout";
    case JoinOutcome::connection_lost: return "connection_lost";
    case JoinOutcome::try_later: return "try_later";
  }
  return "unknown";
}

void join_as_joiner(std::shared_ptr<Channel> channel, const JoinCode& code, JoinOptions options,
                    JoinHandler done) {
  std::make_shared<JoinRun>(JoinRun::Role::joiner, std::move(channel), code, nullptr, options, std::move(done))
      ->begin();
}

void join_as_host(std::shared_ptr<Channel> channel, AttemptGate gate, JoinOptions options, JoinHandler done) {
  std::make_shared<JoinRun>(JoinRun::Role::host, std::move(channel), JoinCode{}, std::move(gate), options,
                            std::move(done))
      ->begin();
}

}  // namespace renkei::net
