#pragma once
// The outbound seam: the delivery pipeline hands a rendered-neutral message to a platform's sender.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "bot/outgoing_message.hpp"

namespace ambassador {

enum class SendOutcome {
  sent,          // delivered; message_id set where the platform returns one
  retry,         // transient (network, 5xx): try again with backoff
  rate_limited,  // 429: try again after retry_after, and slow the limiter down
  permanent,     // will never work (channel_not_found, bot blocked, invalid_auth): give up, report
};

struct SendResult {
  SendOutcome outcome = SendOutcome::sent;
  std::chrono::milliseconds retry_after{0};
  std::string error;                    // platform's error code/text, for logs and the API
  std::string message_id;               // platform message id (ts, message_id, activity id)
  bool deactivate_destination = false;  // the bot was removed/blocked: stop sending there
  std::string moved_to;                 // the channel lives on under this id (a Telegram group became a supergroup):
                                        // the channel and its waiting deliveries move there, and this one is resent
  bool maybe_delivered = false;         // a retry whose request reached the platform unanswered (timeout, reset):
                                        // it may have landed, so it is looked up (reconcile) before it is sent again
  bool unreachable = false;  // no request reached the platform (no connection could be made): the platform is paused
                             // (PlatformReachability), not just this message

  static SendResult ok(std::string message_id = {}) {
    return {SendOutcome::sent, {}, {}, std::move(message_id), {}, {}};
  }
};

class ChatSender {
 public:
  virtual ~ChatSender() = default;
  virtual std::string_view platform() const = 0;
  // Sends one message; calls `done` exactly once, from any thread.
  virtual void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) = 0;

  // later: the lookup could not be made now (rate-limited, the platform is down): ask again later.
  enum class Landed { yes, no, unknown, later };
  // A delivery was being sent when the service stopped. A sender that can look it up (by
  // Destination::delivery_key, among what reached `to` since `since_ms`, Unix ms) says whether it landed, so
  // it is neither lost nor sent twice; one that cannot says unknown, and the delivery is sent again (at least once).
  virtual void reconcile(const Destination& to, std::int64_t since_ms,
                         std::function<void(Landed, std::string message_id)> done) {
    (void)to;
    (void)since_ms;
    done(Landed::unknown, {});
  }
};

}  // namespace ambassador
