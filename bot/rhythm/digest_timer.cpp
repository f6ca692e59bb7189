#include "bot/rhythm/digest_timer.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bot/due_pass_timer.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/department_report.hpp"
#include "bot/rhythm/weekly_digest.hpp"

namespace ambassador::rhythm {

struct DigestTimer::Impl {
  DuePassTimer timer;
};

namespace {

DuePass send_due(storage::Connection& db, const config::Config& config, const Clock& clock, std::size_t batch) {
  OutboxWriter outbox(db, clock, config.delivery);
  const auto weekly = send_due_weekly_digests(db, config, clock, outbox, batch);
  const auto monthly = send_due_department_reports(db, config, clock, outbox);
  DuePass done;
  done.more = weekly.more;
  done.next_due_ms = weekly.next_due_ms;
  if (monthly) done.next_due_ms = done.next_due_ms ? std::min(*done.next_due_ms, *monthly) : *monthly;
  done.deliveries = outbox.queued();
  if (done.deliveries > 0) done.committed = [queued = done.deliveries] { spdlog::info("digests: {} queued", queued); };
  return done;
}

}  // namespace

DigestTimer::DigestTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config,
                         const Clock& clock, std::function<void()> deliveries_queued, DigestTimerOptions options)
    : impl_(std::make_shared<Impl>(Impl{DuePassTimer(
          io, store, clock, "digests",
          [&config, &clock, batch = options.batch](storage::Connection& db) {
            return send_due(db, config, clock, batch);
          },
          std::move(deliveries_queued), options.max_sleep)})) {}

DigestTimer::~DigestTimer() = default;

void DigestTimer::start() { impl_->timer.start(); }
void DigestTimer::stop() { impl_->timer.stop(); }

}  // namespace ambassador::rhythm
