#include "bot/rhythm/meeting_reminder_timer.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/outbox_writer.hpp"
#include "bot/rhythm/intervision_desk.hpp"

namespace ambassador::rhythm {
namespace asio = boost::asio;

struct MeetingReminderTimer::Impl : std::enable_shared_from_this<MeetingReminderTimer::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
       std::function<void()> queued, MeetingReminderOptions options)
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
  MeetingReminderOptions options;
  bool running = false;
  bool again = false;
  bool stopped = false;

  struct Pass {
    int deliveries = 0;
    std::optional<std::int64_t> next_ms;
  };

  void tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    auto pass = std::make_shared<Pass>();
    store.write(
        [this, pass](storage::Connection& db) {
          OutboxWriter outbox(db, clock, config.delivery);
          pass->next_ms = IntervisionDesk(db, config, clock, outbox).send_due_reminders();
          pass->deliveries = outbox.queued();
        },
        [self = shared_from_this(), pass](std::exception_ptr error) {
          if (error) spdlog::error("intervision: reminder pass failed ({}); retrying", storage::describe(error));
          if (pass->deliveries > 0) self->queued();
          asio::post(self->strand, [self, pass, failed = static_cast<bool>(error)] {
            self->running = false;
            if (self->again) return self->tick();
            self->arm(failed ? std::nullopt : pass->next_ms);
          });
        });
  }

  void arm(std::optional<std::int64_t> next_ms) {
    if (stopped) return;
    auto wait = options.max_sleep;
    if (next_ms) {
      const auto until = std::chrono::milliseconds(*next_ms - clock.now_ms());
      wait = std::clamp(until, std::chrono::milliseconds(0), options.max_sleep);
    }
    timer.expires_after(wait);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

MeetingReminderTimer::MeetingReminderTimer(asio::io_context& io, storage::Store& store, const config::Config& config,
                                           const Clock& clock, std::function<void()> deliveries_queued,
                                           MeetingReminderOptions options)
    : impl_(std::make_shared<Impl>(io, store, config, clock, std::move(deliveries_queued), options)) {}

MeetingReminderTimer::~MeetingReminderTimer() = default;

void MeetingReminderTimer::start() { wake(); }
void MeetingReminderTimer::wake() {
  asio::post(impl_->strand, [impl = impl_] {
    if (impl->running) {
      impl->again = true;
      return;
    }
    impl->timer.cancel();  // the armed wait ends with operation_aborted; this tick re-arms
    impl->tick();
  });
}
void MeetingReminderTimer::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

}  // namespace ambassador::rhythm
