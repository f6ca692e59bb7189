#include "bot/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace ambassador {
namespace {

using std::chrono::milliseconds;
using Clock = RateLimiter::Clock;

const Clock::time_point kStart{std::chrono::hours(1)};

RatePolicy group_policy() {
  RatePolicy policy;
  policy.global = {1000, 1000};  // never the limit here
  policy.per_channel = {{10, 1}};
  policy.per_group = {{1, 1}};
  policy.is_group = [](std::string_view channel) { return channel.starts_with("group"); };
  return policy;
}

TEST(RateLimiter, GroupRulesApplyOnlyToChannelsThePolicyCallsGroups) {
  RateLimiter limiter(group_policy());
  EXPECT_EQ(limiter.reserve("person", kStart), kStart);
  EXPECT_EQ(limiter.reserve("person", kStart), kStart + milliseconds(100));
  EXPECT_EQ(limiter.reserve("group-a", kStart), kStart);
  EXPECT_EQ(limiter.reserve("group-a", kStart), kStart + milliseconds(1000));
}

TEST(RateLimiter, WithoutAGroupTestEveryChannelGetsOnlyThePerChannelRules) {
  auto policy = group_policy();
  policy.is_group = nullptr;
  RateLimiter limiter(policy);
  limiter.reserve("group-a", kStart);
  EXPECT_EQ(limiter.reserve("group-a", kStart), kStart + milliseconds(100));
}

TEST(RateLimiter, InstancesSharingAPlatformEachTakeTheirPartOfItsOverallRate) {
  RatePolicy policy;
  policy.global = {30, 3};
  policy.per_channel = {{1000, 1}};
  RateLimiter limiter(policy);
  limiter.share_global(3);  // 10 a second each, bursts of 1
  EXPECT_EQ(limiter.reserve("a", kStart), kStart);
  const auto b = limiter.reserve("b", kStart);
  EXPECT_EQ(b, kStart + milliseconds(100));
  limiter.share_global(1);  // the others stopped: the whole rate again, from where the schedule stands
  const auto c = limiter.reserve("c", kStart);
  EXPECT_GT(c, b - milliseconds(100));
  EXPECT_LT(c, b + milliseconds(100));
}

}  // namespace
}  // namespace ambassador
