#include "bot/outbox_settlement.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bot/channel_move.hpp"
#include "bot/message_codec.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {

OutboxSettlement::OutboxSettlement(BackoffOptions backoff, DispatcherStats& stats, std::uint64_t seed)
    : backoff_(backoff), stats_(stats), random_(seed) {}

std::chrono::milliseconds OutboxSettlement::backoff(int attempts) {
  const auto exponent = std::clamp(attempts - 1, 0, 16);
  const auto ceiling = std::min<std::int64_t>(backoff_.first.count() << exponent, backoff_.max.count());
  std::uniform_int_distribution<std::int64_t> spread(ceiling / 2, ceiling);
  return std::chrono::milliseconds(spread(random_));
}

Settlement OutboxSettlement::settle(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms) {
  if (!result.moved_to.empty()) return follow_move(entry, result, now_ms);
  switch (result.outcome) {
    case SendOutcome::sent:
      stats_.sent.fetch_add(1);
      return {[id = entry.id, message_id = result.message_id, now_ms](storage::Connection& db) {
                storage::OutboxRepository(db).mark_sent(id, message_id, now_ms);
              },
              std::nullopt, std::nullopt};
    case SendOutcome::rate_limited:
    case SendOutcome::retry:
      return retry_or_give_up(entry, result, now_ms);
    case SendOutcome::permanent:
      break;
  }
  return fail(entry, result, now_ms);
}

// The platform says the channel now has another id. Usually its own update told us first (the channel row was moved
// then); when it did not, e.g. while the webhook was down, the move is made here. Either way this delivery and every
// one still waiting for the old id go to the new one, at once.
Settlement OutboxSettlement::follow_move(const storage::OutboxEntry& entry, const SendResult& result,
                                         std::int64_t now_ms) {
  auto to = decode_destination(entry.destination);
  // Past its give-up time a delivery stops following, so two ids pointing at each other cannot loop forever.
  if (!to || to->channel_id.empty() || to->channel_id == result.moved_to || now_ms > entry.give_up_at_ms)
    return fail(entry, SendResult{SendOutcome::permanent, {}, result.error, {}, false, {}}, now_ms);
  stats_.retried.fetch_add(1);
  spdlog::warn("outbox: {} channel {} now has the id {}; its deliveries follow it (the config still names the old id)",
               entry.platform, to->channel_id, result.moved_to);
  return {[id = entry.id, to = *to, new_id = result.moved_to, now_ms, error = result.error](storage::Connection& db) {
            storage::OutboxRepository(db).reschedule(id, now_ms, error);  // pending again, so the move redirects it
            follow_channel_move(db, to.platform, to.workspace, to.channel_id, new_id);
          },
          now_ms, std::nullopt};
}

Settlement OutboxSettlement::retry_or_give_up(const storage::OutboxEntry& entry, const SendResult& result,
                                              std::int64_t now_ms) {
  const bool limited = result.outcome == SendOutcome::rate_limited;
  if (limited) stats_.rate_limited.fetch_add(1);
  if (result.maybe_delivered) stats_.unanswered.fetch_add(1);
  const auto wait = limited ? result.retry_after : backoff(entry.attempts);
  const auto pause = limited ? std::optional(result.retry_after) : std::nullopt;
  if (now_ms + wait.count() > entry.give_up_at_ms) {
    stats_.failed.fetch_add(1);
    spdlog::warn("outbox: delivery {} to {} failed for good after {} attempts: {}{}", entry.id, entry.platform,
                 entry.attempts, result.error, result.maybe_delivered ? " (the last attempt may have landed)" : "");
    return {[id = entry.id, error = "gave up after " + std::to_string(entry.attempts) + " attempts: " + result.error](
                storage::Connection& db) { storage::OutboxRepository(db).mark_failed(id, error); },
            std::nullopt, pause};
  }
  stats_.retried.fetch_add(1);
  const auto at = now_ms + wait.count();
  return {[id = entry.id, at, error = result.error, maybe_sent = result.maybe_delivered](storage::Connection& db) {
            storage::OutboxRepository(db).reschedule(id, at, error, maybe_sent);
          },
          at, pause};
}

Settlement OutboxSettlement::fail(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms) {
  stats_.failed.fetch_add(1);
  spdlog::warn("outbox: delivery {} to {} failed permanently: {}", entry.id, entry.platform, result.error);
  return {[entry, now_ms, error = result.error, deactivate = result.deactivate_destination](storage::Connection& db) {
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
                ambassadors.set_opted_out(who->id, true, now_ms);
            }
          },
          std::nullopt, std::nullopt};
}

}  // namespace ambassador
