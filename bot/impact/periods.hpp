#pragma once
// The spans recognition counts over, in the organisation's time zone: "this month" and "today" start at local
// midnight (DST-correct); the leaderboard's window is a rolling 30 days up to now.
#include <cstdint>
#include <string_view>

namespace ambassador::impact {

inline constexpr std::int64_t kLeaderboardWindowMs = 30LL * 24 * 60 * 60 * 1000;

// UTC ms of local midnight on the first day of the month `utc_ms` falls in, in `zone` (UTC when unknown).
std::int64_t month_start(std::int64_t utc_ms, std::string_view zone);
// UTC ms of the local midnight that began the day `utc_ms` falls in.
std::int64_t day_start(std::int64_t utc_ms, std::string_view zone);

}  // namespace ambassador::impact
