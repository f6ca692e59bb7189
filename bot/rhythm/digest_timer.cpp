#include "bot/rhythm/digest_timer.hpp"

#include <algorithm>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/outbox_writer.hpp"
#include "bot/rhythm/department_report.hpp"
#include "bot/rhythm/weekly_digest.hpp"

namespace ambassador::rhythm {
namespace asio = boost::asio;

struct DigestTimer::Impl : std::enable_shared_from_this<DigestTimer::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
       std::function<void()> queued, DigestTimerOptions options)
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
  DigestTimerOptions options;
  bool stopped = false;

  struct Pass {
    int deliveries = 0;
    bool more = false;
    std::optional<std::int64_t> next_ms;
  };

  void run_pass(storage::Connection& db, Pass& pass) {
    OutboxWriter outbox(db, clock, config.delivery);
    const auto weekly = send_due_weekly_digests(db, config, clock, outbox, options.batch);
    const auto monthly = send_due_department_reports(db, config, clock, outbox);
    pass.more = weekly.more;
    pass.next_ms = weekly.next_due_ms;
    if (monthly) pass.next_ms = pass.next_ms ? std::min(*pass.next_ms, *monthly) : *monthly;
    pass.deliveries = outbox.queued();
  }

  void tick() {
    if (stopped) return;
    auto pass = std::make_shared<Pass>();
    store.write([this, pass](storage::Connection& db) { run_pass(db, *pass); },
                [self = shared_from_this(), pass](std::exception_ptr error) {
                  if (error) spdlog::error("digests: timer pass failed ({}); retrying", storage::describe(error));
                  if (pass->deliveries > 0) {
                    spdlog::info("digests: {} queued", pass->deliveries);
                    self->queued();
                  }
                  asio::post(self->strand, [self, pass, failed = static_cast<bool>(error)] {
                    if (!failed && pass->more) return self->tick();
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

DigestTimer::DigestTimer(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
                         std::function<void()> deliveries_queued, DigestTimerOptions options)
    : impl_(std::make_shared<Impl>(io, store, config, clock, std::move(deliveries_queued), options)) {}

DigestTimer::~DigestTimer() = default;

void DigestTimer::start() {
  asio::post(impl_->strand, [impl = impl_] { impl->tick(); });
}

void DigestTimer::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

}  // namespace ambassador::rhythm
