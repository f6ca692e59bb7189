#include "adapters/teams/rate_policy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <vector>

namespace ambassador::adapters::teams {
namespace {

using Clock = RateLimiter::Clock;
using std::chrono::seconds;

const Clock::time_point kStart{std::chrono::hours(1)};

// When each of `count` messages fanned out at once into one conversation may leave (the outbox reserves a whole
// fan-out in advance).
std::vector<Clock::time_point> fan_out(const RatePolicy& policy, std::size_t count) {
  RateLimiter limiter(policy);
  std::vector<Clock::time_point> at;
  for (std::size_t i = 0; i < count; ++i) at.push_back(limiter.reserve("tenant/19:general@thread.tacv2", kStart));
  return at;
}

// The most reservations in any window [t, t + window) of the sorted times.
std::size_t busiest(const std::vector<Clock::time_point>& at, Clock::duration window) {
  std::size_t most = 0;
  std::size_t begin = 0;
  for (std::size_t end = 0; end < at.size(); ++end) {
    while (at[end] - at[begin] >= window) ++begin;
    most = std::max(most, end - begin + 1);
  }
  return most;
}

TEST(TeamsRatePolicy, AFanOutIntoOneConversationStaysWithinEveryTeamsWindow) {
  // 2,000 messages span more than an hour at the hourly pace, so every window is exercised.
  const auto at = fan_out(rate_policy(30, 1), 2000);
  EXPECT_LE(busiest(at, seconds(1)), 7u);
  EXPECT_LE(busiest(at, seconds(2)), 8u);
  EXPECT_LE(busiest(at, seconds(30)), 60u);
  EXPECT_LE(busiest(at, std::chrono::hours(1)), 1800u);
  // Not slower than need be: the short burst and the hourly budget are used.
  EXPECT_EQ(busiest(at, seconds(1)), 6u);
  EXPECT_GE(busiest(at, std::chrono::hours(1)), 1790u);
}

TEST(TeamsRatePolicy, AConfiguredChannelRateAboveTeamsOneIsCapped) {
  const auto at = fan_out(rate_policy(30, 10), 100);
  EXPECT_LE(busiest(at, seconds(1)), 7u);
  EXPECT_LE(busiest(at, seconds(2)), 8u);
  EXPECT_DOUBLE_EQ(rate_policy(30, 0.5).per_channel[0].per_second, 0.5) << "a slower configured rate is kept";
}

TEST(TeamsRatePolicy, TheGlobalRateIsTheConfiguredOneUnderTeamsCeiling) {
  EXPECT_DOUBLE_EQ(rate_policy(30, 1).global.per_second, 30);
  EXPECT_DOUBLE_EQ(rate_policy(500, 1).global.per_second, kGlobalCeilingPerSecond);
}

TEST(TeamsRatePolicy, ConversationsArePacedApart) {
  RateLimiter limiter(rate_policy(50, 1));
  for (int i = 0; i < 6; ++i) limiter.reserve("tenant/19:a@thread.tacv2", kStart);
  const auto other = limiter.reserve("tenant/19:b@thread.tacv2", kStart);
  EXPECT_LT(other - kStart, seconds(1)) << "another conversation does not wait for the first one's budget";
}

}  // namespace
}  // namespace ambassador::adapters::teams
