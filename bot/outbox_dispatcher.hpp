#pragma once
// Sends what the outbox holds: claims due rows, spaces them out per platform with a RateLimiter,
// hands them to the platform's ChatSender (one at a time and in order per conversation), and records the
// outcome (OutboxSettlement). One conversation's deliveries go in order (DeliveryLanes). A delivery that may have
// landed (interrupted by a crash, or its request went unanswered) is looked up before it is sent again.
// Runs on a strand of the io_context; database work goes to the Store, and a write that fails is tried again
// until it succeeds, so a row never sticks in 'claimed' or 'sending' and nothing is sent twice for it.
// Time comes from the injected Clock only: wall time for what is stored, its monotonic reading for pacing.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/chat_sender.hpp"
#include "bot/clock.hpp"
#include "bot/outbox_stats.hpp"
#include "bot/rate_limiter.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador {

struct DispatcherOptions {
  std::size_t max_in_flight = 512;                // claimed and not yet settled
  std::chrono::milliseconds poll_interval{1000};  // look for due retries at least this often
  std::chrono::milliseconds first_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  std::chrono::milliseconds first_write_retry{200};  // a failed outbox write is tried again after this, doubling
  std::chrono::milliseconds max_write_retry{std::chrono::seconds(30)};
  // Several instances on one database: each claims as `instance_id` and renews its heartbeat every `heartbeat`; one
  // silent for `lease` is taken for dead, and what it had claimed is taken over. Platform-wide rates are divided
  // among the live instances.
  std::string instance_id = "instance";
  std::chrono::milliseconds heartbeat{std::chrono::seconds(5)};
  std::chrono::milliseconds lease{std::chrono::seconds(15)};
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(boost::asio::io_context& io, storage::Store& store, const Clock& clock, DispatcherOptions options);
  ~OutboxDispatcher();

  // Registers the sender and rate policy of one platform (before start()).
  void add_platform(ChatSender& sender, RatePolicy policy);
  // Registers the instance, makes rows left 'claimed' or 'sending' by a stopped instance due again (on SQLite: by any
  // other), then starts sending and beating.
  void start();
  // New rows were queued: look now instead of at the next poll. Thread-safe.
  void wake();
  // Stops claiming; calls `done` when every claimed row is settled or `grace` has passed and the instance has left
  // (its lanes free, what it still holds taken over by the others at their next heartbeat).
  void stop(std::chrono::milliseconds grace, std::function<void()> done);

  const DispatcherStats& stats() const;
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador
