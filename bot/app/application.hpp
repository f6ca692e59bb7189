#pragma once
// Wires the service together from a validated Config: storage, HTTP server and routes, adapters,
// the inbox processor and the outbox dispatcher, all on one io_context.
#include <cstdint>
#include <memory>

#include "bot/clock.hpp"
#include "bot/rhythm/meeting_reminder_timer.hpp"
#include "bot/webcare/webcare_timer.hpp"
#include "config/config.hpp"

namespace ambassador::storage {
class Store;
}

namespace ambassador::app {

struct ApplicationOptions {
  const Clock* clock = nullptr;  // default: the system clock
  // Tests with a ManualClock shorten max_sleep, so the timer notices a clock moved by hand.
  webcare::WebcareTimerOptions webcare_timer;
  rhythm::MeetingReminderOptions meeting_reminders;
};

class Application {
 public:
  // Opens (and migrates) the database, syncs departments/channels/ambassadors from config, builds
  // routes. Throws std::runtime_error with a clear message on any start-up problem.
  explicit Application(config::Config config, ApplicationOptions options = {});
  ~Application();

  // Binds the listener and starts background work; returns at once.
  void start();
  // start() unless started, then runs the io_context on the configured threads until SIGINT/SIGTERM or shutdown().
  void run();
  // Graceful stop: no new connections, in-flight requests and deliveries finish, database closed.
  // Thread-safe; run() returns when it is done.
  void shutdown();

  std::uint16_t port() const;
  storage::Store& store();
  const config::Config& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ambassador::app
