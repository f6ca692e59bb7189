#pragma once
// Runs the badge pass (bot/impact/badges.hpp) at start and every `period`, in writer jobs of `batch` rows of each
// kind, going straight on while a pass finds more. A pass that fails is retried after the period.
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

namespace ambassador::impact {

struct BadgeTimerOptions {
  std::chrono::milliseconds period{std::chrono::minutes(1)};
  std::size_t batch = 1000;  // rows of each kind per writer transaction: a short hold on the writer
};

class BadgeTimer {
 public:
  BadgeTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
             std::function<void()> deliveries_queued, BadgeTimerOptions options = {});
  ~BadgeTimer();
  void start();
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::impact
