#include "bot/outbox_dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <random>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "bot/channel_move.hpp"
#include "bot/message_codec.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador {
namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

struct OutboxDispatcher::Impl : std::enable_shared_from_this<OutboxDispatcher::Impl> {
  struct Platform {
    ChatSender* sender;
    RateLimiter limiter;
  };

  struct Delivery {
    storage::OutboxEntry entry;
    Destination destination;
    OutgoingMessage message;
    std::string pacing;  // the rate limiter's key
    std::string lane;    // the platform and `pacing`
  };

  // What an outcome does to the row, and when the delivery is tried again, if it is.
  struct Settlement {
    std::function<void(storage::Connection&)> record;
    std::optional<std::int64_t> retry_at_ms;
  };

  // One conversation's deliveries go one at a time, in claim order: the next waits until the platform has
  // answered the last, so answers to quick successive commands never overtake each other. When one has to be
  // tried again, the lane is held until then (see hold_lane).
  struct Lane {
    bool busy = false;
    std::deque<std::shared_ptr<Delivery>> waiting;
  };

  // A lane is held until the delivery that must be retried (`head`) is claimed again, not merely until its retry
  // time: what the lane gets meanwhile must not go first because the head's claim came late.
  struct Hold {
    std::int64_t head = 0;
    std::int64_t until_ms = 0;
  };
  // Past this, a head that never came back (cancelled meanwhile) stops holding its lane.
  static constexpr std::int64_t kHoldGraceMs = 60'000;
  // How long a delivery held back after the head's retry time waits before it is claimed again.
  static constexpr std::int64_t kHeldRecheckMs = 1'000;

  Impl(asio::io_context& io, storage::Store& store, const Clock& clock, DispatcherOptions options)
      : strand(asio::make_strand(io)), store(store), clock(clock), options(options), poll_timer(strand) {}

  asio::strand<asio::io_context::executor_type> strand;
  storage::Store& store;
  const Clock& clock;
  DispatcherOptions options;
  std::map<std::string, Platform, std::less<>> platforms;
  asio::steady_timer poll_timer;
  DispatcherStats stats;
  std::atomic<std::size_t> in_flight{0};
  std::unordered_map<std::string, Lane> lanes;
  std::unordered_map<std::string, Hold> holds;  // by lane
  bool claiming = false;
  bool claim_again = false;
  bool stopping = false;
  std::mt19937_64 random{std::random_device{}()};

  void start() {
    store.write([this](storage::Connection& db) {
      const int recovered = storage::OutboxRepository(db).recover_in_flight(clock.now_ms());
      if (recovered > 0)
        spdlog::warn("outbox: {} deliveries were in flight at the last stop; sending them again", recovered);
    });
    wake();
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
    auto claimed = std::make_shared<std::vector<storage::OutboxEntry>>();
    auto next_due = std::make_shared<std::optional<std::int64_t>>();
    const auto now = clock.now_ms();
    store.write(
        [claimed, next_due, now, room](storage::Connection& db) {
          storage::OutboxRepository outbox(db);
          *claimed = outbox.claim_due(now, room);
          *next_due = outbox.next_due_at();
        },
        [self = shared_from_this(), claimed, next_due, room](std::exception_ptr error) {
          asio::post(self->strand, [self, claimed, next_due, room, error] {
            self->claiming = false;
            if (error) spdlog::error("outbox: claiming due deliveries failed; will retry");
            for (auto& entry : *claimed) self->schedule(std::move(entry));
            if (self->claim_again || claimed->size() == room) return self->claim();
            self->arm_poll(*next_due);
          });
        });
  }

  void arm_poll(std::optional<std::int64_t> next_due_ms) {
    auto wait = options.poll_interval;
    if (next_due_ms) {
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
      settle(entry, SendResult{SendOutcome::permanent, {}, why, {}, false, {}});
      return;
    }
    destination->delivery_key = entry.idempotency_key;
    auto delivery =
        std::make_shared<Delivery>(Delivery{std::move(entry), std::move(*destination), std::move(*message), {}, {}});
    delivery->pacing = pacing_key(delivery->destination);
    delivery->lane = delivery->entry.platform + "/" + delivery->pacing;
    if (const auto hold = holds.find(delivery->lane); hold != holds.end()) {
      const auto now = clock.now_ms();
      if (delivery->entry.id != hold->second.head && now <= hold->second.until_ms + kHoldGraceMs)
        return hold_back(delivery->entry.id, std::max(hold->second.until_ms, now + kHeldRecheckMs));
      holds.erase(hold);
    }
    auto& lane = lanes[delivery->lane];
    lane.waiting.push_back(std::move(delivery));
    if (!lane.busy) start_next(lane.waiting.back()->lane);
  }

  // A private answer (ephemeral, a DM, a button's reply) is paced per person, not per channel: fifty
  // people pressing a button in one group must not queue behind that group's posting limit.
  static std::string pacing_key(const Destination& to) {
    const bool personal = to.ephemeral || !to.reply_token.empty() || to.channel_id.empty();
    return to.workspace + "/" + (personal ? "user:" + to.user_id : to.channel_id);
  }

  void start_next(const std::string& lane_key) {
    auto lane = lanes.find(lane_key);
    if (lane->second.waiting.empty()) {
      lanes.erase(lane);
      return;
    }
    lane->second.busy = true;
    auto delivery = std::move(lane->second.waiting.front());
    lane->second.waiting.pop_front();
    send_when_allowed(std::move(delivery));
  }

  // The platform has answered (or the send was called off): the next message of this conversation may go.
  void lane_done(const Delivery& delivery) {
    lanes[delivery.lane].busy = false;
    start_next(delivery.lane);
  }

  // The lane's head is tried again at `until_ms`: what waits behind it, and what is claimed for the lane until
  // the head is claimed again, goes back to the outbox due no earlier. Claimed by (due time, id), they come back
  // behind the head.
  void hold_lane(const Delivery& head, std::int64_t until_ms) {
    const auto now = clock.now_ms();
    std::erase_if(holds, [now](const auto& hold) { return hold.second.until_ms + kHoldGraceMs < now; });
    const auto& lane_key = head.lane;
    holds[lane_key] = Hold{head.entry.id, until_ms};
    const auto lane = lanes.find(lane_key);
    if (lane == lanes.end()) return;
    for (const auto& waiting : lane->second.waiting) hold_back(waiting->entry.id, until_ms);
    lanes.erase(lane);
  }

  void hold_back(std::int64_t id, std::int64_t until_ms) {
    store.write([id, until_ms](storage::Connection& db) { storage::OutboxRepository(db).unclaim(id, until_ms); },
                [self = shared_from_this()](std::exception_ptr) {
                  asio::post(self->strand, [self] {
                    self->in_flight.fetch_sub(1);
                    self->claim();
                  });
                });
  }

  // Waits for the rate limiter's slot (again, if a 429 paused the platform meanwhile), then sends.
  void send_when_allowed(std::shared_ptr<Delivery> delivery) {
    auto& limiter = platforms.at(delivery->entry.platform).limiter;
    const auto now = SteadyClock::now();
    const auto at = limiter.reserve(delivery->pacing, now);
    if (at <= now) return send(std::move(delivery));
    auto timer = std::make_shared<asio::steady_timer>(strand, at);
    timer->async_wait(
        [self = shared_from_this(), timer, delivery = std::move(delivery)](boost::system::error_code) mutable {
          if (self->platforms.at(delivery->entry.platform).limiter.paused_until() > SteadyClock::now())
            return self->send_when_allowed(std::move(delivery));
          self->send(std::move(delivery));
        });
  }

  // Commits 'sending' first: after a crash, only rows in that state can have reached the platform.
  void send(std::shared_ptr<Delivery> delivery) {
    auto still_claimed = std::make_shared<bool>(false);
    store.write([id = delivery->entry.id, now = clock.now_ms(), still_claimed](
                    storage::Connection& db) { *still_claimed = storage::OutboxRepository(db).mark_sending(id, now); },
                [self = shared_from_this(), delivery, still_claimed](std::exception_ptr error) {
                  asio::post(self->strand, [self, delivery, still_claimed, error] {
                    if (error || !*still_claimed)
                      return self->release(*delivery, error ? "could not mark sending" : "");
                    if (delivery->entry.maybe_sent) return self->reconcile_then_send(delivery);
                    self->deliver(delivery);
                  });
                });
  }

  void deliver(const std::shared_ptr<Delivery>& delivery) {
    platforms.at(delivery->entry.platform)
        .sender->send(
            delivery->destination, delivery->message, [self = shared_from_this(), delivery](SendResult result) {
              asio::post(self->strand,
                         [self, delivery, result = std::move(result)] { self->settle_in_lane(*delivery, result); });
            });
  }

  // The row may have reached the platform before the last stop: ask before sending it again.
  void reconcile_then_send(const std::shared_ptr<Delivery>& delivery) {
    auto& sender = *platforms.at(delivery->entry.platform).sender;
    sender.reconcile(delivery->destination, delivery->entry.sending_since_ms,
                     [self = shared_from_this(), delivery](ChatSender::Landed landed, std::string message_id) {
                       asio::post(self->strand, [self, delivery, landed, message_id = std::move(message_id)] {
                         if (landed == ChatSender::Landed::later) return self->reconcile_later(delivery);
                         if (landed != ChatSender::Landed::yes) return self->deliver(delivery);
                         spdlog::info("outbox: delivery {} had landed before the restart; not sending it again",
                                      delivery->entry.id);
                         self->settle_in_lane(*delivery, SendResult::ok(message_id));
                       });
                     });
  }

  // Asked again after a backoff, still as a delivery that may have landed; past its give-up time it is sent again.
  void reconcile_later(const std::shared_ptr<Delivery>& delivery) {
    const auto& entry = delivery->entry;
    const auto at = clock.now_ms() + backoff(entry.attempts).count();
    if (at > entry.give_up_at_ms) return deliver(delivery);
    stats.retried.fetch_add(1);
    hold_lane(*delivery, at);
    commit([id = entry.id, at](storage::Connection& db) {
      storage::OutboxRepository(db).postpone(id, at, "could not tell yet whether it landed before the restart");
    });
  }

  // Gives up the in-memory claim without an outcome (cancelled meanwhile, or the store failed).
  void release(const Delivery& delivery, const std::string& why) {
    if (!why.empty()) spdlog::warn("outbox: {}; the delivery is retried after a restart", why);
    lane_done(delivery);
    in_flight.fetch_sub(1);
    claim();
  }

  std::chrono::milliseconds backoff(int attempts) {
    const auto exponent = std::min(attempts - 1, 16);
    auto ceiling = std::min<std::int64_t>(options.first_backoff.count() << exponent, options.max_backoff.count());
    // Full jitter between half and all of the ceiling: retries from a burst of failures spread out.
    std::uniform_int_distribution<std::int64_t> spread(ceiling / 2, ceiling);
    return std::chrono::milliseconds(spread(random));
  }

  // The holds are queued before the outcome: a move's redirect (in the outcome) then finds the held rows pending.
  void settle_in_lane(const Delivery& delivery, const SendResult& result) {
    auto settlement = settlement_of(delivery.entry, result);
    if (settlement.retry_at_ms)
      hold_lane(delivery, *settlement.retry_at_ms);
    else
      lane_done(delivery);
    commit(std::move(settlement.record));
  }

  void settle(const storage::OutboxEntry& entry, const SendResult& result) {
    commit(settlement_of(entry, result).record);
  }

  Settlement settlement_of(const storage::OutboxEntry& entry, const SendResult& result) {
    const auto now = clock.now_ms();
    if (!result.moved_to.empty()) {
      stats.retried.fetch_add(1);
      return follow_move(entry, result, now);
    }
    return record_outcome(entry, result, now);
  }

  void commit(std::function<void(storage::Connection&)> record) {
    store.write(std::move(record), [self = shared_from_this()](std::exception_ptr) {
      asio::post(self->strand, [self] {
        self->in_flight.fetch_sub(1);
        self->claim();
      });
    });
  }

  // The platform says the channel now has another id. Usually its own update told us first (the channel row was
  // moved then); when it did not, e.g. while the webhook was down, the move is made here. Either way this
  // delivery and every one still waiting for the old id go to the new one, at once.
  Settlement follow_move(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now) {
    auto to = decode_destination(entry.destination);
    // Past its give-up time a delivery stops following, so two ids pointing at each other cannot loop forever.
    if (!to || to->channel_id.empty() || to->channel_id == result.moved_to || now > entry.give_up_at_ms)
      return record_outcome(entry, SendResult{SendOutcome::permanent, {}, result.error, {}, false, {}}, now);
    spdlog::warn(
        "outbox: {} channel {} now has the id {}; its deliveries follow it (the config still names the old id)",
        entry.platform, to->channel_id, result.moved_to);
    return {[id = entry.id, to = *to, new_id = result.moved_to, now, error = result.error](storage::Connection& db) {
              storage::OutboxRepository(db).reschedule(id, now, error);  // pending again, so the move redirects it too
              follow_channel_move(db, to.platform, to.workspace, to.channel_id, new_id);
            },
            now};
  }

  Settlement record_outcome(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now) {
    Settlement settlement;
    auto& record = settlement.record;
    switch (result.outcome) {
      case SendOutcome::sent:
        stats.sent.fetch_add(1);
        record = [id = entry.id, message_id = result.message_id, now](storage::Connection& db) {
          storage::OutboxRepository(db).mark_sent(id, message_id, now);
        };
        break;
      case SendOutcome::rate_limited:
      case SendOutcome::retry: {
        const bool limited = result.outcome == SendOutcome::rate_limited;
        if (limited) {
          stats.rate_limited.fetch_add(1);
          platforms.at(entry.platform).limiter.pause(SteadyClock::now() + result.retry_after);
        }
        const auto wait = limited ? result.retry_after : backoff(entry.attempts);
        if (now + wait.count() > entry.give_up_at_ms) {
          stats.failed.fetch_add(1);
          spdlog::warn("outbox: delivery {} to {} failed for good after {} attempts: {}", entry.id, entry.platform,
                       entry.attempts, result.error);
          record = [id = entry.id, error = "gave up after " + std::to_string(entry.attempts) +
                                           " attempts: " + result.error](storage::Connection& db) {
            storage::OutboxRepository(db).mark_failed(id, error);
          };
        } else {
          stats.retried.fetch_add(1);
          settlement.retry_at_ms = now + wait.count();
          record = [id = entry.id, at = now + wait.count(), error = result.error](storage::Connection& db) {
            storage::OutboxRepository(db).reschedule(id, at, error);
          };
        }
        break;
      }
      case SendOutcome::permanent:
        stats.failed.fetch_add(1);
        spdlog::warn("outbox: delivery {} to {} failed permanently: {}", entry.id, entry.platform, result.error);
        record = [entry, now, error = result.error,
                  deactivate = result.deactivate_destination](storage::Connection& db) {
          storage::OutboxRepository(db).mark_failed(entry.id, error);
          if (!deactivate) return;
          auto to = decode_destination(entry.destination);
          if (!to) return;
          if (!to->channel_id.empty()) {
            storage::DirectoryRepository(db).set_channel_active(to->platform, to->workspace, to->channel_id, false);
          } else if (!to->user_id.empty()) {
            // The person blocked the bot: treat it as opting out, so no further DMs are tried.
            storage::AmbassadorRepository ambassadors(db);
            if (auto who = ambassadors.find_by_identity({to->platform, to->workspace, to->user_id}))
              ambassadors.set_opted_out(who->id, true, now);
          }
        };
        break;
    }
    return settlement;
  }

  void stop(std::chrono::milliseconds grace, std::function<void()> done) {
    asio::post(strand,
               [self = shared_from_this(), deadline = SteadyClock::now() + grace, done = std::move(done)]() mutable {
                 self->stopping = true;
                 self->poll_timer.cancel();
                 self->wait_settled(deadline, std::move(done));
               });
  }

  void wait_settled(SteadyClock::time_point deadline, std::function<void()> done) {
    if (in_flight.load() == 0 || SteadyClock::now() >= deadline) {
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
  impl_->platforms.emplace(std::string(sender.platform()), Impl::Platform{&sender, RateLimiter(std::move(policy))});
}

void OutboxDispatcher::start() { impl_->start(); }
void OutboxDispatcher::wake() { impl_->wake(); }
void OutboxDispatcher::stop(std::chrono::milliseconds grace, std::function<void()> done) {
  impl_->stop(grace, std::move(done));
}
const DispatcherStats& OutboxDispatcher::stats() const { return impl_->stats; }
std::size_t OutboxDispatcher::in_flight() const { return impl_->in_flight.load(); }

}  // namespace ambassador
