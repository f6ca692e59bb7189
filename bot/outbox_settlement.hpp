#pragma once
// What a platform's answer to a delivery does to its outbox row: sent; tried again after a backoff with jitter (or a
// 429's Retry-After), looked up first when it may have landed; failed for good (past its deadline, or a permanent
// error, which may also deactivate the channel or opt the person out); or moved to a channel's new id.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>

#include "bot/chat_sender.hpp"
#include "bot/outbox_stats.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador {

struct BackoffOptions {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds max{std::chrono::minutes(5)};
};

struct Settlement {
  std::function<void(storage::Connection&)> record;         // the row's new state, written in one job
  std::optional<std::int64_t> retry_at_ms;                  // tried again then; its lane is held until it is
  std::optional<std::chrono::milliseconds> pause_platform;  // a 429: nothing goes to the platform for this long
};

class OutboxSettlement {
 public:
  OutboxSettlement(BackoffOptions backoff, DispatcherStats& stats, std::uint64_t seed);

  Settlement settle(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms);
  // Exponential in the attempts, capped, with full jitter between half and all of it: retries from a burst of
  // failures spread out.
  std::chrono::milliseconds backoff(int attempts);

 private:
  Settlement follow_move(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms);
  Settlement retry_or_give_up(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms);
  Settlement fail(const storage::OutboxEntry& entry, const SendResult& result, std::int64_t now_ms);

  BackoffOptions backoff_;
  DispatcherStats& stats_;
  std::mt19937_64 random_;
};

}  // namespace ambassador
