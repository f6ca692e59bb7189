#include <gtest/gtest.h>

#include <string>

#include "bot/tracking/link_cache.hpp"

namespace ambassador::tracking {
namespace {

TEST(LinkCache, FindsWhatWasInserted) {
  LinkCache cache(10);
  cache.insert("token-a", "https://a.example/");
  EXPECT_EQ(cache.find("token-a"), "https://a.example/");
  EXPECT_EQ(cache.find("token-b"), std::nullopt);
}

TEST(LinkCache, NeverHoldsMoreThanItsCapacity) {
  LinkCache cache(100);
  for (int i = 0; i < 1'000; ++i) {
    cache.insert("token-" + std::to_string(i), "https://example.org/" + std::to_string(i));
    ASSERT_LE(cache.size(), 100u);
  }
  EXPECT_EQ(cache.find("token-999"), "https://example.org/999");
  EXPECT_EQ(cache.find("token-0"), std::nullopt);
}

TEST(LinkCache, KeepsEntriesThatAreStillLookedUp) {
  LinkCache cache(10);
  cache.insert("hot", "https://hot.example/");
  for (int i = 0; i < 100; ++i) {
    cache.insert("cold-" + std::to_string(i), "https://cold.example/");
    ASSERT_EQ(cache.find("hot"), "https://hot.example/") << "after " << i << " other inserts";
  }
}

TEST(LinkCache, ReinsertingReplacesWithoutGrowing) {
  LinkCache cache(10);
  cache.insert("t", "https://one.example/");
  cache.insert("t", "https://two.example/");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.find("t"), "https://two.example/");
}

}  // namespace
}  // namespace ambassador::tracking
