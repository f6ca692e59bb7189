#include "bot/content/post_scheduler.hpp"

#include "bot/clock.hpp"

namespace ambassador::content {
namespace {

// The pass reports no due instant (it reads the schedule anew each time), so the timer never reads this clock.
const Clock& wall_clock() {
  static const SystemClock clock;
  return clock;
}

DuePassTimer::Pass publish_due_posts(PostFanout& fanout) {
  return [&fanout](storage::Connection& db) {
    const auto summary = fanout.publish_due(db);
    fanout.settle(db);
    DuePass done;
    done.deliveries = summary.channel_deliveries + summary.direct_deliveries;
    done.more = summary.posts > 0;  // more posts may be due
    return done;
  };
}

}  // namespace

PostScheduler::PostScheduler(boost::asio::io_context& io, storage::Store& store, PostFanout& fanout,
                             std::function<void()> deliveries_queued, std::chrono::milliseconds interval)
    : timer_(io, store, wall_clock(), "scheduler", publish_due_posts(fanout), std::move(deliveries_queued), interval) {}

PostScheduler::~PostScheduler() = default;

void PostScheduler::start() { timer_.start(); }
void PostScheduler::wake() { timer_.wake(); }
void PostScheduler::stop() { timer_.stop(); }

}  // namespace ambassador::content
