// The [digests] table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"

namespace ambassador::config {
namespace {
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

LoadResult parse(const std::string& digests) {
  return parse_config("[[departments]]\nid = \"wijkbeheer\"\nname = \"Wijkbeheer\"\n\n" + digests, "test.toml");
}

TEST(ConfigDigests, DefaultsToMondayAndTheFirstOfTheMonthAt0900) {
  const auto result = parse("");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& digests = result.config.digests;
  EXPECT_TRUE(digests.weekly_enabled);
  EXPECT_EQ(digests.weekly_day, "mon");
  EXPECT_EQ(digests.weekly_time, "09:00");
  EXPECT_TRUE(digests.monthly_enabled);
  EXPECT_EQ(digests.monthly_day, 1);
  EXPECT_EQ(digests.monthly_time, "09:00");
}

TEST(ConfigDigests, ReadsEveryKey) {
  const auto result = parse(
      "[digests]\nweekly_enabled = false\nweekly_day = \"fri\"\nweekly_time = \"16:30\"\nmonthly_enabled = false\n"
      "monthly_day = 3\nmonthly_time = \"10:15\"\n");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& digests = result.config.digests;
  EXPECT_FALSE(digests.weekly_enabled);
  EXPECT_EQ(digests.weekly_day, "fri");
  EXPECT_EQ(digests.weekly_time, "16:30");
  EXPECT_FALSE(digests.monthly_enabled);
  EXPECT_EQ(digests.monthly_day, 3);
  EXPECT_EQ(digests.monthly_time, "10:15");
}

TEST(ConfigDigests, RefusesWhatCannotBeScheduled) {
  const auto result = parse(
      "[digests]\nweekly_day = \"monday\"\nweekly_time = \"9:00\"\nmonthly_day = 31\nmonthly_time = \"24:00\"\n"
      "weekly = true\n");
  ASSERT_THAT(result.errors, SizeIs(5));
  EXPECT_THAT(result.errors[0].to_string(), HasSubstr("digests.weekly_day"));
  EXPECT_THAT(result.errors[1].to_string(), HasSubstr("digests.weekly_time"));
  EXPECT_THAT(result.errors[2].to_string(), HasSubstr("digests.monthly_day"));
  EXPECT_THAT(result.errors[3].to_string(), HasSubstr("digests.monthly_time"));
  EXPECT_THAT(result.errors[4].to_string(), HasSubstr("digests.weekly"));
}

}  // namespace
}  // namespace ambassador::config
