#pragma once
// What the outbox dispatcher counts, for /metrics.
#include <atomic>
#include <cstdint>

namespace ambassador {

struct DispatcherStats {
  std::atomic<std::uint64_t> sent{0}, retried{0}, rate_limited{0}, failed{0};
  // Attempts whose request reached the platform unanswered (timeout, reset after sending): looked up before a retry.
  std::atomic<std::uint64_t> unanswered{0};
  // Deliveries that may have landed and were sent again because the platform cannot be asked (Telegram): each
  // may be a duplicate.
  std::atomic<std::uint64_t> resent_unconfirmed{0};
  // Times a platform was found unreachable and paused (PlatformReachability), counting failed probes.
  std::atomic<std::uint64_t> platform_pauses{0};
  // Database writes of the outbox that failed and were tried again.
  std::atomic<std::uint64_t> write_retries{0};
  // Claim passes run (each a database write): bounded by wake-ups and the poll, never a loop.
  std::atomic<std::uint64_t> claim_passes{0};
};

}  // namespace ambassador
