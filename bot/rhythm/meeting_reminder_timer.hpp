#pragma once
// Sends intervision reminders on time. It sleeps until the next reminder falls due or at most `max_sleep`, and is
// woken when a meeting changes. What is due is worked out from the series in the database and the outbox keys of
// the reminders already queued, so a reminder that fell due while the service was down goes out once at start if
// its meeting has not begun (and not at all if it has), and never twice. Each pass is one writer transaction.
#include <chrono>
#include <functional>
#include <memory>

#include "bot/clock.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::rhythm {

struct MeetingReminderOptions {
  std::chrono::milliseconds max_sleep{std::chrono::seconds(30)};  // also bounds the effect of a wall-clock jump
};

class MeetingReminderTimer {
 public:
  MeetingReminderTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config,
                       const Clock& clock, std::function<void()> deliveries_queued,
                       MeetingReminderOptions options = {});
  ~MeetingReminderTimer();
  void start();
  void wake();  // thread-safe: a meeting changed, look again
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::rhythm
