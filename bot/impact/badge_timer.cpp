#include "bot/impact/badge_timer.hpp"

#include <spdlog/spdlog.h>

#include "bot/due_pass_timer.hpp"
#include "bot/impact/badges.hpp"
#include "bot/outbox_writer.hpp"

namespace ambassador::impact {

struct BadgeTimer::Impl {
  DuePassTimer timer;
};

BadgeTimer::BadgeTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config,
                       const Clock& clock, std::function<void()> deliveries_queued, BadgeTimerOptions options)
    : impl_(std::make_shared<Impl>(Impl{DuePassTimer(
          io, store, clock, "badges",
          [&config, &clock, options](storage::Connection& db) {
            OutboxWriter outbox(db, clock, config.delivery);
            const BadgePass pass = award_due_badges(db, config, clock, outbox, options.batch);
            DuePass done;
            done.deliveries = outbox.queued();
            done.more = pass.more;  // no due instant: every `period`
            if (pass.awarded > 0)
              done.committed = [awarded = pass.awarded] { spdlog::info("badges: {} awarded", awarded); };
            return done;
          },
          std::move(deliveries_queued), options.period)})) {}

BadgeTimer::~BadgeTimer() = default;

void BadgeTimer::start() { impl_->timer.start(); }
void BadgeTimer::stop() { impl_->timer.stop(); }

}  // namespace ambassador::impact
