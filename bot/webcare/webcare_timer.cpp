#include "bot/webcare/webcare_timer.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/outbox_writer.hpp"
#include "bot/webcare/dagstart.hpp"
#include "bot/webcare/question_desk.hpp"

namespace ambassador::webcare {
namespace asio = boost::asio;

struct WebcareTimer::Impl : std::enable_shared_from_this<WebcareTimer::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
       std::function<void()> queued, WebcareTimerOptions options)
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
  WebcareTimerOptions options;
  bool running = false;
  bool again = false;
  bool stopped = false;
  mutable std::mutex figures_mutex;
  WebcareFigures figures;

  static constexpr auto kCountEvery = std::chrono::seconds(5);
  std::optional<Clock::Monotonic::time_point> last_counted;  // writer thread only

  struct Pass {
    bool counted = false;
    std::optional<Clock::Monotonic::time_point> count_due;  // the counts are stale: look again by then
    int handled = 0;
    int deliveries = 0;
    std::optional<std::int64_t> next_ms;
    WebcareFigures counts;
  };

  void run_pass(storage::Connection& db, Pass& pass) {
    OutboxWriter outbox(db, clock, config.delivery);
    QuestionDesk desk(db, config, clock, outbox);
    pass.handled = desk.run_due(options.batch);
    const auto digest = send_due_digests(db, config, clock, outbox);
    storage::QuestionRepository questions(db);
    const auto question = questions.earliest_due();
    pass.next_ms = question;
    if (digest) pass.next_ms = pass.next_ms ? std::min(*pass.next_ms, *digest) : *digest;
    pass.deliveries = outbox.queued();
    // The counts group every open question: at most every kCountEvery, not on each of the many passes a busy
    // minute of deadlines brings (on the writer thread, where passes run one at a time).
    const auto now = clock.monotonic();
    if (last_counted && now - *last_counted < kCountEvery) {
      pass.count_due = *last_counted + kCountEvery;
      return;
    }
    last_counted = now;
    pass.counted = true;
    for (const auto& department : questions.backlog(""))
      pass.counts.open_by_department[department.department_id] = department.open;
    pass.counts.breaches_by_department = questions.breaches_by_department();
  }

  void tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    auto pass = std::make_shared<Pass>();
    store.write([this, pass](storage::Connection& db) { run_pass(db, *pass); },
                [self = shared_from_this(), pass](std::exception_ptr error) {
                  if (error) spdlog::error("webcare: timer pass failed ({}); retrying", storage::describe(error));
                  if (pass->deliveries > 0) self->queued();
                  if (!error && pass->counted) self->publish(*pass);
                  asio::post(self->strand, [self, pass, failed = static_cast<bool>(error)] {
                    self->running = false;
                    const bool more = pass->handled >= static_cast<int>(self->options.batch);
                    if (self->again || more) return self->tick();
                    self->arm(failed ? std::nullopt : pass->next_ms, pass->count_due);
                  });
                });
  }

  void publish(const Pass& pass) {
    std::lock_guard lock(figures_mutex);
    figures.open_by_department = pass.counts.open_by_department;
    figures.breaches_by_department = pass.counts.breaches_by_department;
  }

  void arm(std::optional<std::int64_t> next_ms, std::optional<Clock::Monotonic::time_point> count_due) {
    if (stopped) return;
    auto wait = options.max_sleep;
    if (next_ms) {
      const auto until = std::chrono::milliseconds(*next_ms - clock.now_ms());
      wait = std::clamp(until, std::chrono::milliseconds(0), options.max_sleep);
    }
    if (count_due) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*count_due - clock.monotonic());
      wait = std::clamp(until, std::chrono::milliseconds(0), wait);
    }
    timer.expires_after(wait);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

WebcareTimer::WebcareTimer(asio::io_context& io, storage::Store& store, const config::Config& config,
                           const Clock& clock, std::function<void()> deliveries_queued, WebcareTimerOptions options)
    : impl_(std::make_shared<Impl>(io, store, config, clock, std::move(deliveries_queued), options)) {}

WebcareTimer::~WebcareTimer() = default;

void WebcareTimer::start() { wake(); }
void WebcareTimer::wake() {
  asio::post(impl_->strand, [impl = impl_] {
    if (impl->running) {
      impl->again = true;
      return;
    }
    impl->timer.cancel();  // the armed wait ends with operation_aborted; this tick re-arms
    impl->tick();
  });
}
void WebcareTimer::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

WebcareFigures WebcareTimer::figures() const {
  std::lock_guard lock(impl_->figures_mutex);
  return impl_->figures;
}

}  // namespace ambassador::webcare
