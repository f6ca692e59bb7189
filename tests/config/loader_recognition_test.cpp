// The [recognition] table: the daily kudos limit and the badges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "config/loader.hpp"

namespace ambassador::config {
namespace {
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

LoadResult parse(const std::string& recognition) {
  return parse_config("[[departments]]\nid = \"wijkbeheer\"\nname = \"Wijkbeheer\"\n\n" + recognition, "test.toml");
}

TEST(ConfigRecognition, DefaultsToFiveKudosADayAndThreeMilestones) {
  const auto result = parse("");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& recognition = result.config.recognition;
  EXPECT_EQ(recognition.kudos_per_day, 5);
  ASSERT_THAT(recognition.badges, SizeIs(3));
  EXPECT_EQ(recognition.badges[0].id, "first-share");
  EXPECT_EQ(recognition.badges[0].shares, 1);
  EXPECT_EQ(recognition.badges[2].unique_clicks, 100);
}

TEST(ConfigRecognition, ReadsEveryKey) {
  const auto result = parse(
      "[recognition]\nkudos_per_day = 3\n\n"
      "[[recognition.badges]]\nid = \"starter\"\nshares = 1\n\n"
      "[[recognition.badges]]\nid = \"wethouder\"\nname = \"Lunch met de wethouder\"\nunique_clicks = 500\n"
      "reward = \"lunch met de wethouder\"\n");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& recognition = result.config.recognition;
  EXPECT_EQ(recognition.kudos_per_day, 3);
  ASSERT_THAT(recognition.badges, SizeIs(2));
  EXPECT_EQ(recognition.badges[0].id, "starter");
  EXPECT_EQ(recognition.badges[0].shares, 1);
  EXPECT_EQ(recognition.badges[0].unique_clicks, 0);
  EXPECT_EQ(recognition.badges[1].name, "Lunch met de wethouder");
  EXPECT_EQ(recognition.badges[1].unique_clicks, 500);
  EXPECT_EQ(recognition.badges[1].reward, "lunch met de wethouder");
}

TEST(ConfigRecognition, AnEmptyListTurnsBadgesOff) {
  const auto result = parse("[recognition]\nbadges = []\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.config.recognition.badges, IsEmpty());
}

TEST(ConfigRecognition, RefusesWhatCannotBeAwardedOnceAndReportsEveryProblem) {
  const auto result = parse(
      "[recognition]\nkudos_per_day = 0\nkudos = 3\n\n"
      "[[recognition.badges]]\nid = \"Eerste Deel\"\nshares = 1\n\n"           // 0: not a slug
      "[[recognition.badges]]\nid = \"a\"\nshares = 1\nunique_clicks = 5\n\n"  // 1: two thresholds
      "[[recognition.badges]]\nid = \"b\"\n\n"                                 // 2: no threshold
      "[[recognition.badges]]\nid = \"a\"\nshares = 0\n\n"                     // 3: same id, threshold 0
      "[[recognition.badges]]\nshares = 2\nname = \"" +
      std::string(81, 'n') +
      "\"\n"  // 4: no id, long name
      "colour = \"gold\"\n");
  std::vector<std::string> texts;
  for (const auto& error : result.errors) texts.push_back(error.to_string());
  auto any = [&](const std::string& needle) {
    return std::any_of(texts.begin(), texts.end(), [&](const auto& t) { return t.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(any("recognition.kudos_per_day"));
  EXPECT_TRUE(any("unknown key 'kudos'"));
  EXPECT_TRUE(any("recognition.badges[0].id"));
  EXPECT_TRUE(any("recognition.badges[1]: a badge needs exactly one threshold"));
  EXPECT_TRUE(any("recognition.badges[2]: a badge needs exactly one threshold"));
  EXPECT_TRUE(any("recognition.badges[3].id: 'a' is used by another badge"));
  EXPECT_TRUE(any("recognition.badges[3].shares"));
  EXPECT_TRUE(any("recognition.badges[4].id: missing required key 'id'"));
  EXPECT_TRUE(any("recognition.badges[4].name: must be at most 80 bytes"));
  EXPECT_TRUE(any("unknown key 'colour'"));
  EXPECT_THAT(result.errors, SizeIs(10));
}

}  // namespace
}  // namespace ambassador::config
