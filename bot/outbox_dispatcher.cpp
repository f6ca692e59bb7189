#include "bot/outbox_dispatcher.hpp"

#include <algorithm>
#include <optional>
#include <random>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/delivery_lanes.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_settlement.hpp"
#include "bot/platform_reachability.hpp"
#include "storage/instance_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador {
namespace asio = boost::asio;

struct OutboxDispatcher::Impl : std::enable_shared_from_this<OutboxDispatcher::Impl> {
  struct Platform {
    ChatSender* sender;
    RateLimiter limiter;
    PlatformReachability reachability;
  };
  using DeliveryPtr = DeliveryLanes::DeliveryPtr;

  Impl(asio::io_context& io, storage::Store& store, const Clock& clock, DispatcherOptions options)
      : strand(asio::make_strand(io)),
        store(store),
        clock(clock),
        options(options),
        settlement({options.first_backoff, options.max_backoff}, stats, std::random_device{}()),
        poll_timer(strand),
        heartbeat_timer(strand) {}

  asio::strand<asio::io_context::executor_type> strand;
  storage::Store& store;
  const Clock& clock;
  DispatcherOptions options;
  DispatcherStats stats;
  OutboxSettlement settlement;  // on the strand only (its jitter generator is not shared)
  std::map<std::string, Platform, std::less<>> platforms;
  asio::steady_timer poll_timer;
  asio::steady_timer heartbeat_timer;
  int sharing_instances = 1;              // the platform-wide rates are divided by this
  std::atomic<std::size_t> in_flight{0};  // claimed and not yet settled, released or held back
  DeliveryLanes lanes;
  bool claiming = false;
  bool claim_again = false;
  bool stopping = false;

  void start() {
    beat(true);
    wake();
  }

  storage::Claimant claimant() const {
    return {options.instance_id, clock.now_ms() - static_cast<std::int64_t>(options.lease.count())};
  }

  struct Beat {
    int recovered = 0;  // deliveries taken over
    int live = 1;       // instances alive, this one included
  };

  // Renews this instance's heartbeat and takes over what instances silent for a lease had claimed. The first beat
  // is queued before the first claim, so what a crash left behind goes first.
  void beat(bool first = false) {
    auto result = std::make_shared<Beat>();
    store.write(
        [result, first, id = options.instance_id, now = clock.now_ms(),
         live_since = claimant().live_since_ms](storage::Connection& db) {
          storage::InstanceRepository instances(db);
          if (first && db.backend() == storage::Backend::sqlite) instances.forget_others(id);
          instances.beat(id, now);
          result->recovered = storage::OutboxRepository(db).recover_in_flight(now, live_since);
          instances.forget_dead(live_since);
          result->live = instances.live(live_since);
        },
        [self = shared_from_this(), result](std::exception_ptr error) {
          asio::post(self->strand, [self, result, error] { self->after_beat(*result, error); });
        });
  }

  void after_beat(const Beat& result, std::exception_ptr error) {
    if (error) spdlog::error("outbox: heartbeat failed ({}); trying again", storage::describe(error));
    if (!error && result.live != sharing_instances) {
      sharing_instances = result.live;
      for (auto& [name, platform] : platforms) platform.limiter.share_global(sharing_instances);
      spdlog::info("outbox: {} instances share the platforms' overall rates", sharing_instances);
    }
    if (!error && result.recovered > 0) {
      spdlog::warn("outbox: {} deliveries were in flight in a stopped instance; sending them again", result.recovered);
      claim();
    }
    if (stopping) return;
    heartbeat_timer.expires_after(options.heartbeat);
    heartbeat_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->stopping) self->beat();
    });
  }

  void wake() {
    asio::post(strand, [self = shared_from_this()] { self->claim(); });
  }

  void claim() {
    if (stopping) return;
    if (claiming) {
      claim_again = true;
      return;
    }
    const auto room = options.max_in_flight - std::min(options.max_in_flight, in_flight.load());
    if (room == 0) return;  // a settling send will call claim() again
    claiming = true;
    claim_again = false;
    stats.claim_passes.fetch_add(1);
    auto claimed = std::make_shared<std::vector<storage::OutboxEntry>>();
    auto next_due = std::make_shared<std::optional<std::int64_t>>();
    const auto now = clock.now_ms();
    store.write(
        [claimed, next_due, now, room, by = claimant()](storage::Connection& db) {
          storage::OutboxRepository outbox(db);
          *claimed = outbox.claim_due(now, room, by);
          *next_due = outbox.next_due_at();
        },
        [self = shared_from_this(), claimed, next_due, room, now](std::exception_ptr error) {
          asio::post(self->strand, [self, claimed, next_due, room, now, error] {
            self->claiming = false;
            if (error) spdlog::error("outbox: claiming due deliveries failed; will retry");
            for (auto& entry : *claimed) self->schedule(std::move(entry));
            if (self->claim_again || claimed->size() == room) return self->claim();
            self->arm_poll(*next_due, now);
          });
        });
  }

  // A row that was due at the claim and was not claimed is another instance's (its conversation's lane, or held by
  // its claim): looking again at once would spin, so the poll interval it is.
  void arm_poll(std::optional<std::int64_t> next_due_ms, std::int64_t claimed_at_ms) {
    auto wait = options.poll_interval;
    if (next_due_ms && *next_due_ms > claimed_at_ms) {
      auto until_due = std::chrono::milliseconds(std::max<std::int64_t>(0, *next_due_ms - clock.now_ms()));
      wait = std::min(wait, until_due + std::chrono::milliseconds(1));
    }
    poll_timer.expires_after(wait);
    poll_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->claim();
    });
  }

  void schedule(storage::OutboxEntry entry) {
    auto destination = decode_destination(entry.destination);
    auto message = decode_message(entry.message);
    auto platform = platforms.find(entry.platform);
    in_flight.fetch_add(1);  // settling, releasing or holding it back gives it back
    if (!destination || !message || platform == platforms.end()) {
      const auto why = platform == platforms.end() ? "no sender for platform '" + entry.platform + "'"
                                                   : std::string("stored message does not decode");
      commit(settlement.settle(entry, SendResult{SendOutcome::permanent, {}, why, {}, false, {}}, clock.now_ms()));
      return;
    }
    destination->delivery_key = entry.idempotency_key;
    auto delivery = std::make_shared<OutboxDelivery>(
        OutboxDelivery{std::move(entry), std::move(*destination), std::move(*message), {}, {}});
    delivery->pacing = pacing_key(delivery->destination);
    delivery->lane = delivery_lane(delivery->destination);
    const auto id = delivery->entry.id;
    auto admission = lanes.admit(std::move(delivery), clock.now_ms());
    if (admission.hold_back_until) return hold_back(id, *admission.hold_back_until);
    if (admission.send_now) send_when_allowed(std::move(admission.send_now));
  }

  // The platform has answered (or the send was called off): the next message of this conversation may go.
  void lane_done(const OutboxDelivery& delivery) {
    if (auto next = lanes.finish(delivery.lane)) send_when_allowed(std::move(next));
  }

  // The lane's head is tried again at `until_ms`: what waits behind it goes back to the outbox, due no earlier.
  void hold_lane(const OutboxDelivery& head, std::int64_t until_ms) {
    for (const auto id : lanes.hold(head, until_ms, clock.now_ms())) hold_back(id, until_ms);
  }

  void hold_back(std::int64_t id, std::int64_t until_ms) {
    write_until_done([id, until_ms](storage::Connection& db) { storage::OutboxRepository(db).unclaim(id, until_ms); },
                     [self = shared_from_this()] {
                       self->in_flight.fetch_sub(1);
                       self->claim();
                     });
  }

  // Waits while the platform is unreachable (one probe at a time), then for the rate limiter's slot (again, if a 429
  // paused the platform meanwhile), then sends.
  void send_when_allowed(DeliveryPtr delivery) {
    auto& platform = platforms.at(delivery->entry.platform);
    const auto now = clock.monotonic();
    if (const auto until = platform.reachability.wait_until(now)) return retry_send_at(*until, std::move(delivery));
    auto& limiter = platform.limiter;
    const auto at = limiter.reserve(delivery->pacing, now);
    if (at <= now) return send(std::move(delivery));
    auto timer = std::make_shared<asio::steady_timer>(strand, at - now);
    timer->async_wait([self = shared_from_this(), timer, delivery = std::move(delivery)](boost::system::error_code) {
      if (self->platforms.at(delivery->entry.platform).limiter.paused_until() > self->clock.monotonic())
        return self->send_when_allowed(delivery);
      self->send(delivery);
    });
  }

  void retry_send_at(Clock::Monotonic::time_point at, DeliveryPtr delivery) {
    auto timer = std::make_shared<asio::steady_timer>(strand, at - clock.monotonic());
    timer->async_wait([self = shared_from_this(), timer, delivery = std::move(delivery)](boost::system::error_code) {
      self->send_when_allowed(delivery);
    });
  }

  // Commits 'sending' first: after a crash, only rows in that state can have reached the platform.
  void send(DeliveryPtr delivery) {
    auto still_claimed = std::make_shared<bool>(false);
    write_until_done(
        [id = delivery->entry.id, now = clock.now_ms(), still_claimed,
         instance = options.instance_id](storage::Connection& db) {
          *still_claimed = storage::OutboxRepository(db).mark_sending(id, now, instance);
        },
        [self = shared_from_this(), delivery, still_claimed] {
          if (!*still_claimed) return self->release(*delivery);  // cancelled or taken over meanwhile
          if (delivery->entry.maybe_sent) return self->reconcile_then_send(delivery);
          self->deliver(delivery);
        });
  }

  void deliver(const DeliveryPtr& delivery) {
    platforms.at(delivery->entry.platform)
        .sender->send(
            delivery->destination, delivery->message, [self = shared_from_this(), delivery](SendResult result) {
              asio::post(self->strand,
                         [self, delivery, result = std::move(result)] { self->settle_in_lane(*delivery, result); });
            });
  }

  // The row may have reached the platform already (a crash or an unanswered request): ask before sending it again.
  void reconcile_then_send(const DeliveryPtr& delivery) {
    auto& sender = *platforms.at(delivery->entry.platform).sender;
    sender.reconcile(delivery->destination, delivery->entry.sending_since_ms,
                     [self = shared_from_this(), delivery](ChatSender::Landed landed, std::string message_id) {
                       asio::post(self->strand, [self, delivery, landed, message_id = std::move(message_id)] {
                         self->after_lookup(delivery, landed, message_id);
                       });
                     });
  }

  void after_lookup(const DeliveryPtr& delivery, ChatSender::Landed landed, const std::string& message_id) {
    switch (landed) {
      case ChatSender::Landed::yes:
        spdlog::info("outbox: delivery {} had already landed; not sending it again", delivery->entry.id);
        return settle_in_lane(*delivery, SendResult::ok(message_id));
      case ChatSender::Landed::later:
        return reconcile_later(delivery);
      case ChatSender::Landed::unknown:
        stats.resent_unconfirmed.fetch_add(1);
        spdlog::info("outbox: delivery {} to {} may have landed and cannot be looked up; sending it again",
                     delivery->entry.id, delivery->entry.platform);
        return deliver(delivery);
      case ChatSender::Landed::no:
        return deliver(delivery);
    }
  }

  // Asked again after a backoff, still as a delivery that may have landed; past its give-up time it is sent again.
  void reconcile_later(const DeliveryPtr& delivery) {
    const auto& entry = delivery->entry;
    const auto at = clock.now_ms() + settlement.backoff(entry.attempts).count();
    if (at > entry.give_up_at_ms) return deliver(delivery);
    stats.retried.fetch_add(1);
    hold_lane(*delivery, at);
    commit({[id = entry.id, at](storage::Connection& db) {
              storage::OutboxRepository(db).postpone(id, at, "could not tell yet whether it landed");
            },
            at, std::nullopt});
  }

  // Gives up the in-memory claim without an outcome: the row was cancelled meanwhile.
  void release(const OutboxDelivery& delivery) {
    lane_done(delivery);
    in_flight.fetch_sub(1);
    claim();
  }

  // A 429's pause is set before the lane moves on, so its next message waits for it too. The lane is held before the
  // outcome is written: a move's redirect (in the outcome) then finds the held rows pending.
  void settle_in_lane(const OutboxDelivery& delivery, const SendResult& result) {
    note_reachability(delivery.entry.platform, result);
    auto outcome = settlement.settle(delivery.entry, result, clock.now_ms());
    if (outcome.pause_platform)
      platforms.at(delivery.entry.platform).limiter.pause(clock.monotonic() + *outcome.pause_platform);
    if (outcome.retry_at_ms)
      hold_lane(delivery, *outcome.retry_at_ms);
    else
      lane_done(delivery);
    commit(std::move(outcome));
  }

  void note_reachability(const std::string& name, const SendResult& result) {
    auto& reachability = platforms.at(name).reachability;
    const bool was_paused = reachability.paused();
    if (!result.unreachable) {
      reachability.reached();
      if (was_paused) spdlog::info("outbox: {} is reachable again", name);
      return;
    }
    const auto before = reachability.current_pause();
    reachability.unreachable(clock.monotonic());
    if (reachability.current_pause() == before) return;  // a send from before the pause
    stats.platform_pauses.fetch_add(1);
    spdlog::warn("outbox: {} cannot be reached ({}); nothing goes there for {} ms, then one message tries", name,
                 result.error, reachability.current_pause().count());
  }

  void commit(Settlement outcome) {
    write_until_done(std::move(outcome.record), [self = shared_from_this()] {
      self->in_flight.fetch_sub(1);
      self->claim();
    });
  }

  // A write the dispatcher depends on (a claim's outcome, 'sending', giving a row back) is tried again until it is
  // committed: dropping it would leave the row 'claimed' or 'sending' until a restart, and a 'sending' row would
  // then be looked up or sent again although it was settled. `then` runs on the strand once it is committed.
  void write_until_done(storage::Job job, std::function<void()> then, int failures = 0) {
    auto shared_job = std::make_shared<storage::Job>(std::move(job));
    store.write(*shared_job, [self = shared_from_this(), shared_job, then = std::move(then),
                              failures](std::exception_ptr error) mutable {
      asio::post(self->strand, [self, shared_job, then = std::move(then), failures, error]() mutable {
        if (!error) return then();
        self->stats.write_retries.fetch_add(1);
        const auto wait =
            std::min(self->options.first_write_retry * (1 << std::min(failures, 10)), self->options.max_write_retry);
        if (failures == 0) spdlog::error("outbox: a write failed ({}); trying it again", storage::describe(error));
        auto timer = std::make_shared<asio::steady_timer>(self->strand, wait);
        timer->async_wait(
            [self, timer, shared_job, then = std::move(then), failures](boost::system::error_code) mutable {
              self->write_until_done(std::move(*shared_job), std::move(then), failures + 1);
            });
      });
    });
  }

  void stop(std::chrono::milliseconds grace, std::function<void()> done) {
    asio::post(
        strand, [self = shared_from_this(), deadline = clock.monotonic() + grace, done = std::move(done)]() mutable {
          self->stopping = true;
          self->poll_timer.cancel();
          self->heartbeat_timer.cancel();
          self->wait_settled(deadline, [self, done = std::move(done)]() mutable { self->leave(std::move(done)); });
        });
  }

  void leave(std::function<void()> done) {
    store.write([id = options.instance_id](storage::Connection& db) { storage::InstanceRepository(db).leave(id); },
                [self = shared_from_this(), done = std::move(done)](std::exception_ptr error) mutable {
                  if (error) spdlog::warn("outbox: could not sign off ({})", storage::describe(error));
                  asio::post(self->strand, std::move(done));
                });
  }

  void wait_settled(Clock::Monotonic::time_point deadline, std::function<void()> done) {
    if (in_flight.load() == 0 || clock.monotonic() >= deadline) {
      if (in_flight.load() > 0)
        spdlog::warn("outbox: {} deliveries still in flight at shutdown; they are sent after the restart",
                     in_flight.load());
      done();
      return;
    }
    auto timer = std::make_shared<asio::steady_timer>(strand, std::chrono::milliseconds(20));
    timer->async_wait([self = shared_from_this(), timer, deadline, done = std::move(done)](auto) mutable {
      self->wait_settled(deadline, std::move(done));
    });
  }
};

OutboxDispatcher::OutboxDispatcher(asio::io_context& io, storage::Store& store, const Clock& clock,
                                   DispatcherOptions options)
    : impl_(std::make_shared<Impl>(io, store, clock, options)) {}

OutboxDispatcher::~OutboxDispatcher() = default;

void OutboxDispatcher::add_platform(ChatSender& sender, RatePolicy policy) {
  impl_->platforms.emplace(
      std::string(sender.platform()),
      Impl::Platform{&sender, RateLimiter(std::move(policy)),
                     PlatformReachability(impl_->options.first_backoff, impl_->options.max_backoff)});
}

void OutboxDispatcher::start() { impl_->start(); }
void OutboxDispatcher::wake() { impl_->wake(); }
void OutboxDispatcher::stop(std::chrono::milliseconds grace, std::function<void()> done) {
  impl_->stop(grace, std::move(done));
}
const DispatcherStats& OutboxDispatcher::stats() const { return impl_->stats; }
std::size_t OutboxDispatcher::in_flight() const { return impl_->in_flight.load(); }

}  // namespace ambassador
