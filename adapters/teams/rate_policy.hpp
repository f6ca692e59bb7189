#pragma once
// Teams' throttling as the outbox's RatePolicy. Per bot per conversation Teams allows 7 messages in 1 s, 8 in 2 s,
// 60 in 30 s and 1,800 in an hour, and 50 requests a second per app per tenant; past them it answers 429.
// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
//
// A GCRA rule (rate r, burst b) lets fewer than b + W·r messages into any window of W seconds, so:
//   {1/s, burst 6}:     at most 6 in 1 s, 7 in 2 s, 35 in 30 s
//   {0.4/s, burst 360}: at most 1,799 in an hour
// one under each of Teams' figures, which are "for estimation", and arrive less evenly spaced than they leave.
// A fan-out into one conversation leaves 6 at once, then one a second, and after ten minutes one every 2.5 s.
#include "bot/rate_limiter.hpp"

namespace ambassador::adapters::teams {

inline constexpr RateRule kConversationShortRule{1, 6};
inline constexpr RateRule kConversationHourRule{0.4, 360};
// Per app per tenant; the limiter's global rule spans all tenants, so this is a ceiling, not a target.
inline constexpr double kGlobalCeilingPerSecond = 50;

// global min(`global_per_second`, 50)/s; every conversation (a channel, a chat, a person's 1:1 chat) the two rules
// above, the short one at min(`channel_per_second`, 1)/s. Rates as configured ([delivery]).
RatePolicy rate_policy(double global_per_second, double channel_per_second);

}  // namespace ambassador::adapters::teams
