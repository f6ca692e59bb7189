// When digests go out: the configured day and time in the department's zone, off weekends, holidays and quiet
// hours, and after a restart once if still useful.
#include "bot/rhythm/digest_schedule.hpp"

#include "digests_fixture.hpp"

namespace ambassador::testing::digests {
namespace {
using rhythm::DigestKind;
using rhythm::DigestSchedule;

class DigestTiming : public DigestsFixture {
 protected:
  std::int64_t next_weekly(const std::string& from_local) {
    return DigestSchedule(config_, "wijkbeheer").next_due(DigestKind::weekly, amsterdam(from_local));
  }
};

TEST_F(DigestTiming, DefaultsToMonday0900LocalTime) {
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-11T09:00"));
  // Summer time: still 09:00 on the wall clock.
  EXPECT_EQ(next_weekly("2027-06-02T12:00"), amsterdam("2027-06-07T09:00"));
}

TEST_F(DigestTiming, AConfiguredWeekendDayMovesToTheNextWorkingDay) {
  config_.digests.weekly_day = "sat";
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-11T09:00"));
  config_.digests.weekly_day = "wed";
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-13T09:00"));
}

TEST_F(DigestTiming, AHolidayMovesItToTheNextWorkingDay) {
  for (auto& department : config_.departments) department.business_hours.holidays.push_back("2027-01-11");
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-12T09:00"));
}

TEST_F(DigestTiming, ATimeInQuietHoursMovesToTheirEnd) {
  config_.digests.weekly_time = "07:00";  // quiet hours 21:00-08:00
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-11T08:00"));
  config_.digests.weekly_time = "22:30";
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-12T08:00"));
  config_.digests.weekly_day = "fri";  // Friday 22:30 → past the weekend
  EXPECT_EQ(next_weekly("2027-01-06T12:00"), amsterdam("2027-01-11T08:00"));
}

TEST_F(DigestTiming, AMovedDigestIsSentAtItsMovedTime) {
  config_.digests.weekly_day = "sun";
  clock_.set(amsterdam("2027-01-10T09:00"));  // Sunday: not yet
  pass();
  EXPECT_TRUE(digests().empty());
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  ASSERT_TRUE(digest_of("anna"));
  EXPECT_EQ(digest_of("anna")->key, "digest:weekly:" + std::to_string(id_of("anna")) + ":2027-W01");
}

TEST_F(DigestTiming, AfterARestartTheSameDayItIsSentOnceAtOnce) {
  clock_.set(amsterdam("2027-01-11T15:00"));  // the service was down at 09:00
  pass();
  const auto anna = digest_of("anna");
  ASSERT_TRUE(anna);
  EXPECT_EQ(anna->not_before_ms, amsterdam("2027-01-11T15:00"));
  clock_.advance(std::chrono::hours(1));
  pass();  // "restarted" again
  EXPECT_EQ(digests().size(), 3u);
}

TEST_F(DigestTiming, AfterARestartInQuietHoursItWaitsForTheirEnd) {
  clock_.set(amsterdam("2027-01-11T22:00"));
  pass();
  const auto anna = digest_of("anna");
  ASSERT_TRUE(anna);
  EXPECT_EQ(anna->not_before_ms, amsterdam("2027-01-12T08:00"));
}

TEST_F(DigestTiming, ADigestMoreThanADayLateIsSkipped) {
  clock_.set(amsterdam("2027-01-12T09:00"));
  pass();
  EXPECT_TRUE(digests().empty());
}

TEST_F(DigestTiming, ALateDigestThatCouldOnlyGoOutPastItsGraceIsSkipped) {
  config_.digests.weekly_day = "fri";
  clock_.set(amsterdam("2027-01-08T22:00"));  // Friday night: the next allowed time is Monday 08:00, too late
  pass();
  EXPECT_TRUE(digests().empty());
}

TEST_F(DigestTiming, NothingIsSentWhenTheWeeklyDigestIsDisabled) {
  config_.digests.weekly_enabled = false;
  clock_.set(amsterdam("2027-01-11T09:00"));
  pass();
  EXPECT_TRUE(digests().empty());
}

}  // namespace
}  // namespace ambassador::testing::digests
