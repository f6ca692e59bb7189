#pragma once
// Slack's posting limits as the outbox's RatePolicy. chat.postMessage allows about one message per second per
// channel, short bursts tolerated, plus a workspace-wide limit; past them Slack answers 429 + Retry-After.
// https://api.slack.com/methods/chat.postMessage#rate_limiting
#include "bot/rate_limiter.hpp"

namespace ambassador::adapters::slack {

// How many messages one channel may get back to back before the 1/s pace applies ("short bursts").
inline constexpr double kChannelBurst = 3;
// Slack's per-channel pace: a configured channel rate above it would only buy 429s.
inline constexpr double kMaxChannelRatePerSecond = 1;

// `global_per_second` and `channel_per_second` as configured ([delivery]); the channel rate is capped at Slack's.
RatePolicy rate_policy(double global_per_second, double channel_per_second);

}  // namespace ambassador::adapters::slack
