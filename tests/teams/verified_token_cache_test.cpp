// VerifiedTokenCache: exact lookup, and the bound on its size (the expired go first).
#include "adapters/teams/verified_token_cache.hpp"

#include <string>

#include <gtest/gtest.h>

namespace ambassador::adapters::teams {
namespace {

constexpr std::int64_t kLeeway = 300;

VerifiedToken expiring_at(std::int64_t expires) { return VerifiedToken{"kid", nullptr, expires, std::nullopt, "u"}; }

TEST(VerifiedTokenCacheTest, FindsExactlyTheRememberedText) {
  VerifiedTokenCache cache;
  cache.remember("a.b.c", expiring_at(1000), 900, kLeeway);
  ASSERT_TRUE(cache.find("a.b.c"));
  EXPECT_EQ(cache.find("a.b.c")->expires, 1000);
  EXPECT_FALSE(cache.find("a.b.d"));
  EXPECT_FALSE(cache.find("a.b.c "));
}

TEST(VerifiedTokenCacheTest, WhenFullDropsTheExpiredFirst) {
  VerifiedTokenCache cache(2);
  cache.remember("old", expiring_at(100), 0, kLeeway);
  cache.remember("live", expiring_at(5000), 0, kLeeway);
  cache.remember("new", expiring_at(5000), 1000, kLeeway);  // "old" expired at 400
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_FALSE(cache.find("old"));
  EXPECT_TRUE(cache.find("live"));
  EXPECT_TRUE(cache.find("new"));
}

TEST(VerifiedTokenCacheTest, NeverHoldsMoreThanItsCapacity) {
  VerifiedTokenCache cache(3);
  for (int i = 0; i < 10; ++i) cache.remember("token" + std::to_string(i), expiring_at(5000), 0, kLeeway);
  EXPECT_LE(cache.size(), 3U);
  EXPECT_TRUE(cache.find("token9"));
}

}  // namespace
}  // namespace ambassador::adapters::teams
