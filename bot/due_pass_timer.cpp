#include "bot/due_pass_timer.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace ambassador {
namespace asio = boost::asio;

struct DuePassTimer::Impl : std::enable_shared_from_this<DuePassTimer::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const Clock& clock, std::string name, Pass pass,
       std::function<void()> queued, std::chrono::milliseconds max_sleep)
      : strand(asio::make_strand(io)),
        timer(strand),
        store(store),
        clock(clock),
        name(std::move(name)),
        pass(std::move(pass)),
        queued(std::move(queued)),
        max_sleep(max_sleep) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  storage::Store& store;
  const Clock& clock;
  const std::string name;
  const Pass pass;
  const std::function<void()> queued;
  const std::chrono::milliseconds max_sleep;
  bool running = false;
  bool again = false;
  bool stopped = false;

  DuePass run_pass(storage::Connection& db) {
    if (!take_pass_turn(db, name)) return DuePass{0, false, std::nullopt, std::chrono::seconds(1), {}};
    return pass(db);
  }

  void tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    auto result = std::make_shared<DuePass>();
    store.write([this, result](storage::Connection& db) { *result = run_pass(db); },
                [self = shared_from_this(), result](std::exception_ptr error) {
                  if (error) {
                    spdlog::error("{}: pass failed ({}); retrying", self->name, storage::describe(error));
                  } else {
                    if (result->committed) result->committed();
                    if (result->deliveries > 0) self->queued();
                  }
                  asio::post(self->strand, [self, result, failed = static_cast<bool>(error)] {
                    self->running = false;
                    if (self->again || (!failed && result->more)) return self->tick();
                    self->arm(failed ? DuePass{} : *result);
                  });
                });
  }

  void arm(const DuePass& done) {
    if (stopped) return;
    auto wait = max_sleep;
    if (done.next_due_ms) {
      const auto until = std::chrono::milliseconds(*done.next_due_ms - clock.now_ms());
      wait = std::clamp(until, std::chrono::milliseconds(0), max_sleep);
    }
    if (done.within) wait = std::clamp(*done.within, std::chrono::milliseconds(0), wait);
    timer.expires_after(wait);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

bool take_pass_turn(storage::Connection& db, const std::string& name) {
  if (db.backend() != storage::Backend::postgres) return true;
  auto& lock = db.prepare("SELECT pg_try_advisory_xact_lock(72204230, hashtext(?))");
  lock.bind(1, name);
  lock.executeStep();
  const bool mine = lock.getColumn(0).getInt() != 0;
  lock.reset();
  return mine;
}

DuePassTimer::DuePassTimer(asio::io_context& io, storage::Store& store, const Clock& clock, std::string name, Pass pass,
                           std::function<void()> deliveries_queued, std::chrono::milliseconds max_sleep)
    : impl_(std::make_shared<Impl>(io, store, clock, std::move(name), std::move(pass), std::move(deliveries_queued),
                                   max_sleep)) {}

DuePassTimer::~DuePassTimer() = default;

void DuePassTimer::start() { wake(); }

void DuePassTimer::wake() {
  asio::post(impl_->strand, [impl = impl_] {
    if (impl->running) {
      impl->again = true;
      return;
    }
    impl->timer.cancel();  // the armed wait ends with operation_aborted; this tick re-arms
    impl->tick();
  });
}

void DuePassTimer::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

}  // namespace ambassador
