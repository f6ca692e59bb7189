#include "bot/impact/badge_timer.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/impact/badges.hpp"

namespace ambassador::impact {
namespace asio = boost::asio;

struct BadgeTimer::Impl : std::enable_shared_from_this<BadgeTimer::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
       std::function<void()> queued, BadgeTimerOptions options)
      : strand(asio::make_strand(io)),
        timer(strand),
        store(store),
        config(config),
        clock(clock),
        queued(std::move(queued)),
        options(options) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  storage::Store& store;
  const config::Config& config;
  const Clock& clock;
  std::function<void()> queued;
  BadgeTimerOptions options;
  bool stopped = false;

  struct Outcome {
    BadgePass pass;
    int deliveries = 0;
  };

  void tick() {
    if (stopped) return;
    auto outcome = std::make_shared<Outcome>();
    store.write(
        [this, outcome](storage::Connection& db) {
          OutboxWriter outbox(db, clock, config.delivery);
          outcome->pass = award_due_badges(db, config, clock, outbox, options.batch);
          outcome->deliveries = outbox.queued();
        },
        [self = shared_from_this(), outcome](std::exception_ptr error) {
          if (error) spdlog::error("badges: pass failed ({}); retrying", storage::describe(error));
          if (outcome->deliveries > 0) {
            spdlog::info("badges: {} awarded", outcome->pass.awarded);
            self->queued();
          }
          asio::post(self->strand, [self, again = !error && outcome->pass.more] {
            if (again) return self->tick();
            self->arm();
          });
        });
  }

  void arm() {
    if (stopped) return;
    timer.expires_after(options.period);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

BadgeTimer::BadgeTimer(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
                       std::function<void()> deliveries_queued, BadgeTimerOptions options)
    : impl_(std::make_shared<Impl>(io, store, config, clock, std::move(deliveries_queued), options)) {}

BadgeTimer::~BadgeTimer() = default;

void BadgeTimer::start() {
  asio::post(impl_->strand, [impl = impl_] { impl->tick(); });
}

void BadgeTimer::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

}  // namespace ambassador::impact
