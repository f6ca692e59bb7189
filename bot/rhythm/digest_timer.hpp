#pragma once
// Sends the weekly digests and monthly department reports when they fall due. What was sent lives in the database
// (digest_runs and the outbox keys), so a restart sends a digest that fell due while the service was down once,
// if it is still within its grace, and never one twice. Sleeps until the next slot of any department, at most
// `max_sleep` (which also bounds the effect of a wall-clock jump). A due weekly pass queues `batch` ambassadors
// per writer transaction and goes straight on with the next batch; the outbox then paces the messages.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "bot/clock.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::rhythm {

struct DigestTimerOptions {
  std::chrono::milliseconds max_sleep{std::chrono::minutes(1)};
  std::size_t batch = 1000;  // ambassadors per transaction
};

class DigestTimer {
 public:
  DigestTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
              std::function<void()> deliveries_queued, DigestTimerOptions options = {});
  ~DigestTimer();
  void start();
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::rhythm
