// [intervision]: when meeting reminders go out; either can be switched off.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::IsEmpty;

TEST(ConfigIntervision, DefaultsToTheWorkingDayBeforeAtTenAndAnHourBefore) {
  const auto result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.intervision.reminder_day_before, "10:00");
  EXPECT_EQ(result.config.intervision.reminder_before_minutes, 60);
}

TEST(ConfigIntervision, ReadsBothAndEmptyOrZeroSwitchesOneOff) {
  const auto result = parse_with_department("[intervision]\nreminder_day_before = \"\"\nreminder_before_minutes = 0\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.intervision.reminder_day_before, "");
  EXPECT_EQ(result.config.intervision.reminder_before_minutes, 0);
  const auto set = parse_with_department("[intervision]\nreminder_day_before = \"16:30\"\n");
  EXPECT_EQ(set.config.intervision.reminder_day_before, "16:30");
}

TEST(ConfigIntervision, RefusesABadTimeANegativeOffsetAndUnknownKeys) {
  const auto result =
      parse_with_department("[intervision]\nreminder_day_before = \"25:00\"\nreminder_before_minutes = -5\nx = 1\n");
  EXPECT_THAT(result.errors, ::testing::UnorderedElementsAre(ErrorAt("intervision.reminder_day_before", "HH:MM"),
                                                             ErrorAt("intervision.reminder_before_minutes", ""),
                                                             ErrorAt("intervision.x", "")));
}

}  // namespace
}  // namespace ambassador::config
