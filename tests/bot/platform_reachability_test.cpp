// PlatformReachability: the pause after an unreachable platform, its doubling, one probe at a time, and the end of it.
#include "bot/platform_reachability.hpp"

#include <gtest/gtest.h>

namespace ambassador {
namespace {

using namespace std::chrono_literals;
using TimePoint = PlatformReachability::TimePoint;

const TimePoint kStart = TimePoint() + 1h;

TEST(PlatformReachabilityTest, AReachablePlatformIsNeverHeld) {
  PlatformReachability reachability(1s, 60s);
  EXPECT_FALSE(reachability.wait_until(kStart));
  reachability.reached();
  EXPECT_FALSE(reachability.wait_until(kStart));
  EXPECT_FALSE(reachability.paused());
}

TEST(PlatformReachabilityTest, AfterAFailureEverythingWaitsThenOneProbeGoes) {
  PlatformReachability reachability(1s, 60s);
  reachability.unreachable(kStart);
  EXPECT_EQ(reachability.wait_until(kStart + 10ms), kStart + 1s);
  EXPECT_EQ(reachability.wait_until(kStart + 999ms), kStart + 1s);
  EXPECT_FALSE(reachability.wait_until(kStart + 1s)) << "the probe";
  EXPECT_EQ(reachability.wait_until(kStart + 1s + 1ms), kStart + 2s) << "the others wait for the probe's answer";
}

TEST(PlatformReachabilityTest, EachFailedProbeDoublesThePauseUpToItsMaximum) {
  PlatformReachability reachability(1s, 5s);
  auto now = kStart;
  reachability.unreachable(now);
  EXPECT_EQ(reachability.current_pause(), 1s);
  for (const auto expected : {2s, 4s, 5s, 5s}) {
    now = *reachability.wait_until(now);
    ASSERT_FALSE(reachability.wait_until(now));  // the probe goes
    reachability.unreachable(now + 5ms);         // and fails
    EXPECT_EQ(reachability.current_pause(), expected);
    EXPECT_EQ(reachability.wait_until(now + 5ms), now + 5ms + expected);
  }
}

TEST(PlatformReachabilityTest, FailuresOfSendsFromBeforeThePauseDoNotLengthenIt) {
  PlatformReachability reachability(1s, 60s);
  reachability.unreachable(kStart);
  for (int i = 0; i < 50; ++i) reachability.unreachable(kStart + 2ms);  // the other sends already under way
  EXPECT_EQ(reachability.current_pause(), 1s);
  EXPECT_EQ(reachability.wait_until(kStart + 3ms), kStart + 1s);
}

TEST(PlatformReachabilityTest, AnyAnswerEndsThePause) {
  PlatformReachability reachability(1s, 60s);
  reachability.unreachable(kStart);
  ASSERT_FALSE(reachability.wait_until(kStart + 1s));
  reachability.reached();
  EXPECT_FALSE(reachability.paused());
  EXPECT_FALSE(reachability.wait_until(kStart + 1s + 1ms));
  reachability.unreachable(kStart + 2s);
  EXPECT_EQ(reachability.current_pause(), 1s) << "counting starts over";
}

}  // namespace
}  // namespace ambassador
