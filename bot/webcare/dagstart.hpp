#pragma once
// Webcare's start of the day: on each working day at [webcare] digest_time, every webcare channel gets what is
// open per department and how old, what was answered and which deadlines were missed since the previous
// dagstart, and what people asked about most this week. Keyed by channel and local date, so it goes out once a
// day however often the timer looks; a dagstart missed by more than kDigestGrace (the service was down) is skipped.
#include <chrono>
#include <cstdint>
#include <optional>

#include "bot/clock.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador::webcare {

inline constexpr std::int64_t kDigestGraceMs = 2 * 60 * 60 * 1000;

// Queues the dagstart of every webcare channel whose digest time passed less than the grace ago today, once.
// Returns when the next one is due (nullopt: no digest configured or no webcare channel).
std::optional<std::int64_t> send_due_digests(storage::Connection& db, const config::Config& config, const Clock& clock,
                                             OutboxWriter& outbox);

// "2 d 4 h", "3 h 10 min", "25 min": how long a question has been waiting.
std::string age_text(std::int64_t milliseconds);

}  // namespace ambassador::webcare
