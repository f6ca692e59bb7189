#pragma once
// Sends what the outbox holds: claims due rows, spaces them out per platform with a RateLimiter,
// hands them to the platform's ChatSender (one at a time and in order per conversation), and records the
// outcome — sent, retried with exponential backoff and jitter, paused by a 429's Retry-After, or failed
// (permanent error or past its deadline).
// Runs on a strand of the io_context; database work goes to the Store.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/chat_sender.hpp"
#include "bot/clock.hpp"
#include "bot/rate_limiter.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador {

struct DispatcherOptions {
  std::size_t max_in_flight = 512;                       // claimed and not yet settled
  std::chrono::milliseconds poll_interval{1000};         // look for due retries at least this often
  std::chrono::milliseconds first_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
};

struct DispatcherStats {
  std::atomic<std::uint64_t> sent{0}, retried{0}, rate_limited{0}, failed{0};
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(boost::asio::io_context& io, storage::Store& store, const Clock& clock, DispatcherOptions options);
  ~OutboxDispatcher();

  // Registers the sender and rate policy of one platform (before start()).
  void add_platform(ChatSender& sender, RatePolicy policy);
  // Makes rows left 'sending' by a crash due again, then starts sending.
  void start();
  // New rows were queued: look now instead of at the next poll. Thread-safe.
  void wake();
  // Stops claiming; calls `done` when every claimed row is settled or `grace` has passed.
  void stop(std::chrono::milliseconds grace, std::function<void()> done);

  const DispatcherStats& stats() const;
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador
