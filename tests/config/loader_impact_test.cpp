// [impact]: the cost per unique click by network and the baseline (a period or hand-entered months).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::Contains;
using ::testing::IsEmpty;

TEST(ConfigImpact, DefaultsAreStatedCostsAndNoBaseline) {
  const auto result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_DOUBLE_EQ(result.config.impact.cost_linkedin, 3.00);
  EXPECT_DOUBLE_EQ(result.config.impact.cost_x, 0.80);
  EXPECT_DOUBLE_EQ(result.config.impact.cost_facebook, 0.60);
  EXPECT_DOUBLE_EQ(result.config.impact.cost_other, 0.50);
  EXPECT_TRUE(result.config.impact.baseline_from.empty());
  EXPECT_THAT(result.config.impact.baseline_months, IsEmpty());
}

TEST(ConfigImpact, ReadsCostsAndBaselinePeriod) {
  const auto result = parse_with_department(R"(
[impact]
baseline_from = "2026-01-01"
baseline_to = "2026-03-31"
[impact.cost_per_unique_click]
linkedin = 4
x = 1.25
)");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_DOUBLE_EQ(result.config.impact.cost_linkedin, 4.0);
  EXPECT_DOUBLE_EQ(result.config.impact.cost_x, 1.25);
  EXPECT_DOUBLE_EQ(result.config.impact.cost_facebook, 0.60);
  EXPECT_EQ(result.config.impact.baseline_from, "2026-01-01");
  EXPECT_EQ(result.config.impact.baseline_to, "2026-03-31");
}

TEST(ConfigImpact, ReadsBaselineMonths) {
  const auto result = parse_with_department(R"(
[[impact.baseline_months]]
month = "2026-01"
shares = 40
unique_clicks = 310
[[impact.baseline_months]]
month = "2026-02"
shares = 35
unique_clicks = 280
)");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config.impact.baseline_months.size(), 2u);
  EXPECT_EQ(result.config.impact.baseline_months[1].month, "2026-02");
  EXPECT_EQ(result.config.impact.baseline_months[1].unique_clicks, 280);
}

TEST(ConfigImpact, RejectsNegativeCostUnknownNetworkAndBadDates) {
  const auto result = parse_with_department(R"(
[impact]
baseline_from = "2026-02-30"
baseline_to = "2026-03-01"
[impact.cost_per_unique_click]
linkedin = -1
tiktok = 2
)");
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.cost_per_unique_click.linkedin", "between 0 and 1000")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.cost_per_unique_click.tiktok", "unknown key")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_from", "YYYY-MM-DD")));
}

TEST(ConfigImpact, BaselinePeriodNeedsBothEndsInOrder) {
  EXPECT_THAT(parse_with_department("[impact]\nbaseline_from = \"2026-01-01\"\n").errors,
              Contains(ErrorAt("impact.baseline_to", "go together")));
  EXPECT_THAT(parse_with_department("[impact]\nbaseline_from = \"2026-02-01\"\nbaseline_to = \"2026-01-01\"\n").errors,
              Contains(ErrorAt("impact.baseline_to", "not be before")));
}

TEST(ConfigImpact, RejectsPeriodAndMonthsTogetherAndBadMonths) {
  const auto result = parse_with_department(R"(
[impact]
baseline_from = "2026-01-01"
baseline_to = "2026-01-31"
[[impact.baseline_months]]
month = "2026-13"
shares = 1
unique_clicks = 1
[[impact.baseline_months]]
month = "2026-01"
shares = -1
[[impact.baseline_months]]
month = "2026-01"
shares = 1
unique_clicks = 1
)");
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_months", "not both")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_months[0].month", "YYYY-MM")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_months[1].shares", "")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_months[1].unique_clicks", "missing")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("impact.baseline_months[2].month", "twice")));
}

}  // namespace
}  // namespace ambassador::config
