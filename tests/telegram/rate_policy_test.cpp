#include "adapters/telegram/rate_policy.hpp"

#include <gtest/gtest.h>

namespace ambassador::adapters::telegram {
namespace {

using std::chrono::milliseconds;
using Clock = RateLimiter::Clock;

const Clock::time_point kStart{std::chrono::hours(1)};

TEST(TelegramRatePolicy, TellsGroupsFromPrivateChatsByTheirPacingKey) {
  EXPECT_TRUE(is_group_chat("/-1001234567890"));  // a supergroup
  EXPECT_TRUE(is_group_chat("/-4242"));           // a basic group
  EXPECT_FALSE(is_group_chat("/777"));            // a private chat: the person's own id
  EXPECT_FALSE(is_group_chat("/user:777"));       // an answer paced per person
  EXPECT_FALSE(is_group_chat(""));
}

TEST(TelegramRatePolicy, AnswersToAPersonFollowEachOtherAfterOneSecond) {
  for (const std::string key : {"/user:777", "/777"}) {
    RateLimiter limiter(rate_policy(30, 1));
    const auto first = limiter.reserve(key, kStart);
    const auto second = limiter.reserve(key, kStart);
    EXPECT_EQ(first, kStart) << key;
    EXPECT_EQ(second - first, milliseconds(1000)) << key << ": a private chat takes one a second, not 20 a minute";
  }
}

TEST(TelegramRatePolicy, AGroupGetsTwentyAMinute) {
  RateLimiter limiter(rate_policy(30, 1));
  const auto first = limiter.reserve("/-1001", kStart);
  const auto second = limiter.reserve("/-1001", kStart);
  EXPECT_EQ(first, kStart);
  EXPECT_EQ(second - first, milliseconds(3000));
}

TEST(TelegramRatePolicy, StaysUnderTelegramsCeilingsWhateverTheConfigSays) {
  const auto policy = rate_policy(100, 5);
  EXPECT_DOUBLE_EQ(policy.global.per_second, kGlobalCeilingPerSecond);
  ASSERT_EQ(policy.per_channel.size(), 1u);
  EXPECT_DOUBLE_EQ(policy.per_channel[0].per_second, kChatCeilingPerSecond);
  ASSERT_EQ(policy.per_group.size(), 1u);
  EXPECT_DOUBLE_EQ(policy.per_group[0].per_second, kGroupPerMinute / 60.0);
  EXPECT_DOUBLE_EQ(rate_policy(30, 0.5).per_channel[0].per_second, 0.5);
}

}  // namespace
}  // namespace ambassador::adapters::telegram
