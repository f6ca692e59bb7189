#include "bot/webcare/webcare_timer.hpp"

#include <optional>

#include "bot/due_pass_timer.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/webcare/dagstart.hpp"
#include "bot/webcare/question_desk.hpp"

namespace ambassador::webcare {
namespace {

// The /metrics counts, shared by the passes (writer thread) and figures() (any thread); owned by the passes too,
// so one still queued when the timer goes touches nothing freed.
struct Counts {
  std::mutex mutex;
  WebcareFigures figures;
  std::optional<Clock::Monotonic::time_point> last_counted;  // writer thread only
};

// The counts group every open question: at most every kCountEvery, not on each of the many passes a busy minute of
// deadlines brings (on the writer thread, where passes run one at a time).
constexpr auto kCountEvery = std::chrono::seconds(5);

DuePass run_pass(storage::Connection& db, const config::Config& config, const Clock& clock,
                 const WebcareTimerOptions& options, const std::shared_ptr<Counts>& counts) {
  OutboxWriter outbox(db, clock, config.delivery);
  QuestionDesk desk(db, config, clock, outbox);
  DuePass done;
  done.more = desk.run_due(options.batch) >= static_cast<int>(options.batch);
  const auto digest = send_due_digests(db, config, clock, outbox);
  storage::QuestionRepository questions(db);
  done.next_due_ms = questions.earliest_due();
  if (digest) done.next_due_ms = done.next_due_ms ? std::min(*done.next_due_ms, *digest) : *digest;
  done.deliveries = outbox.queued();
  const auto now = clock.monotonic();
  if (counts->last_counted && now - *counts->last_counted < kCountEvery) {
    done.within = std::chrono::duration_cast<std::chrono::milliseconds>(*counts->last_counted + kCountEvery - now);
    return done;
  }
  counts->last_counted = now;
  WebcareFigures fresh;
  for (const auto& department : questions.backlog(""))
    fresh.open_by_department[department.department_id] = department.open;
  fresh.breaches_by_department = questions.breaches_by_department();
  done.committed = [counts, fresh = std::move(fresh)] {
    std::lock_guard lock(counts->mutex);
    counts->figures = fresh;
  };
  return done;
}

}  // namespace

struct WebcareTimer::Impl {
  std::shared_ptr<Counts> counts;
  DuePassTimer timer;
};

WebcareTimer::WebcareTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config,
                           const Clock& clock, std::function<void()> deliveries_queued, WebcareTimerOptions options) {
  auto counts = std::make_shared<Counts>();
  auto pass = [&config, &clock, options, counts](storage::Connection& db) {
    return run_pass(db, config, clock, options, counts);
  };
  impl_ = std::make_shared<Impl>(
      Impl{counts, DuePassTimer(io, store, clock, "webcare", pass, std::move(deliveries_queued), options.max_sleep)});
}

WebcareTimer::~WebcareTimer() = default;

void WebcareTimer::start() { impl_->timer.start(); }
void WebcareTimer::wake() { impl_->timer.wake(); }
void WebcareTimer::stop() { impl_->timer.stop(); }

WebcareFigures WebcareTimer::figures() const {
  std::lock_guard lock(impl_->counts->mutex);
  return impl_->counts->figures;
}

}  // namespace ambassador::webcare
