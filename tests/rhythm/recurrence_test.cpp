// A meeting series in local wall time: RRULE expansion by libical, instants by date/tz, across DST changes, with
// skipped and moved occurrences, and everything a rule can get wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/rhythm/recurrence.hpp"

namespace ambassador::rhythm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr const char* kAmsterdam = "Europe/Amsterdam";
constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

SeriesRule fortnightly_tuesday() { return {kAmsterdam, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2027-01-12T15:00", 60}; }

std::int64_t at(const LocalTime& local) { return to_utc_ms(kAmsterdam, local); }
LocalTime utc(std::int64_t ms) { return to_local("UTC", ms); }

std::vector<LocalTime> keys(const std::vector<Occurrence>& found) {
  std::vector<LocalTime> result;
  for (const auto& occurrence : found) result.push_back(occurrence.occurrence);
  return result;
}

std::vector<LocalTime> utc_starts(const std::vector<Occurrence>& found) {
  std::vector<LocalTime> result;
  for (const auto& occurrence : found) result.push_back(utc(occurrence.start_ms));
  return result;
}

OccurrenceChange skip(const LocalTime& occurrence) { return {occurrence, std::nullopt, std::nullopt}; }
OccurrenceChange move(const LocalTime& occurrence, const LocalTime& to, std::optional<int> minutes = std::nullopt) {
  return {occurrence, to, minutes};
}

TEST(RhythmRecurrence, FortnightlyTuesdayStaysAtThreeLocalAcrossBothDstChanges) {
  const auto found = occurrences(fortnightly_tuesday(), {}, at("2027-01-01T00:00"), at("2028-01-01T00:00"));
  ASSERT_EQ(found.size(), 26u);
  for (const auto& occurrence : found) {
    EXPECT_THAT(occurrence.local_start, HasSubstr("T15:00"));
    EXPECT_EQ(occurrence.local_start, occurrence.occurrence);
    EXPECT_EQ(occurrence.end_ms - occurrence.start_ms, 3'600'000);
    EXPECT_FALSE(occurrence.moved);
  }
  EXPECT_EQ(found.front().occurrence, "2027-01-12T15:00");
  EXPECT_EQ(utc(found.front().start_ms), "2027-01-12T14:00");
  // The last winter one before the spring change (2027-03-28), the first summer one after it.
  EXPECT_EQ(utc(found[5].start_ms), "2027-03-23T14:00");
  EXPECT_EQ(utc(found[6].start_ms), "2027-04-06T13:00");
  // The last summer one before the autumn change (2027-10-31), the first winter one after it.
  EXPECT_EQ(utc(found[20].start_ms), "2027-10-19T13:00");
  EXPECT_EQ(utc(found[21].start_ms), "2027-11-02T14:00");
  EXPECT_EQ(found.back().occurrence, "2027-12-28T15:00");
}

TEST(RhythmRecurrence, MonthlySecondTuesdayKeepsItsLocalTime) {
  const SeriesRule rule{kAmsterdam, "FREQ=MONTHLY;BYDAY=2TU", "2027-01-12T15:00", 90};
  const auto found = occurrences(rule, {}, at("2027-01-01T00:00"), at("2027-06-01T00:00"));
  EXPECT_THAT(keys(found), ElementsAre("2027-01-12T15:00", "2027-02-09T15:00", "2027-03-09T15:00", "2027-04-13T15:00",
                                       "2027-05-11T15:00"));
  EXPECT_EQ(utc(found[3].start_ms), "2027-04-13T13:00");
  EXPECT_EQ(found[3].end_ms - found[3].start_ms, 90 * 60'000);
}

TEST(RhythmRecurrence, SkippedOccurrenceIsLeftOut) {
  const auto found =
      occurrences(fortnightly_tuesday(), {skip("2027-01-26T15:00")}, at("2027-01-01T00:00"), at("2027-02-24T00:00"));
  EXPECT_THAT(keys(found), ElementsAre("2027-01-12T15:00", "2027-02-09T15:00", "2027-02-23T15:00"));
}

TEST(RhythmRecurrence, MovedOccurrenceTakesPlaceAtItsNewTimeUnderItsOriginalKey) {
  const auto found = occurrences(fortnightly_tuesday(), {move("2027-01-26T15:00", "2027-01-27T10:30", 45)},
                                 at("2027-01-01T00:00"), at("2027-02-10T00:00"));
  ASSERT_EQ(found.size(), 3u);
  const auto& moved = found[1];
  EXPECT_EQ(moved.occurrence, "2027-01-26T15:00");
  EXPECT_EQ(moved.local_start, "2027-01-27T10:30");
  EXPECT_EQ(utc(moved.start_ms), "2027-01-27T09:30");
  EXPECT_EQ(moved.end_ms - moved.start_ms, 45 * 60'000);
  EXPECT_TRUE(moved.moved);
}

TEST(RhythmRecurrence, MovedOccurrenceIsFoundByItsNewStartNotItsOriginal) {
  // Moved from March into May, past the next two occurrences: it now sorts between them.
  const std::vector<OccurrenceChange> changes{move("2027-03-23T15:00", "2027-05-12T09:00")};
  const auto may = occurrences(fortnightly_tuesday(), changes, at("2027-05-01T00:00"), at("2027-06-01T00:00"));
  EXPECT_THAT(keys(may), ElementsAre("2027-05-04T15:00", "2027-03-23T15:00", "2027-05-18T15:00"));
  const auto march = occurrences(fortnightly_tuesday(), changes, at("2027-03-01T00:00"), at("2027-04-01T00:00"));
  EXPECT_THAT(keys(march), ElementsAre("2027-03-09T15:00"));
}

TEST(RhythmRecurrence, MoveOfAnOccurrenceTheRuleNoLongerHasIsNotShown) {
  const auto ended = ending_before(fortnightly_tuesday(), "2027-03-01T00:00");
  ASSERT_TRUE(ended);
  const auto found = occurrences(*ended, {move("2027-03-09T15:00", "2027-02-17T15:00")}, at("2027-01-01T00:00"),
                                 at("2027-04-01T00:00"));
  EXPECT_THAT(keys(found), ElementsAre("2027-01-12T15:00", "2027-01-26T15:00", "2027-02-09T15:00", "2027-02-23T15:00"));
}

TEST(RhythmRecurrence, WindowHoldsWhatEndsAfterFromAndStartsBeforeTo) {
  const auto rule = fortnightly_tuesday();
  const auto start = at("2027-01-26T15:00");
  const auto end = at("2027-01-26T16:00");
  // Under way at `from`: in. Ended exactly at `from`: out.
  EXPECT_THAT(keys(occurrences(rule, {}, start + 1, start + 2)), ElementsAre("2027-01-26T15:00"));
  EXPECT_THAT(keys(occurrences(rule, {}, end - 1, end)), ElementsAre("2027-01-26T15:00"));
  EXPECT_TRUE(occurrences(rule, {}, end, end + 1).empty());
  // Starting exactly at `to`: out.
  EXPECT_TRUE(occurrences(rule, {}, start - 1000, start).empty());
  EXPECT_THAT(keys(occurrences(rule, {}, start - 1000, start + 1)), ElementsAre("2027-01-26T15:00"));
  // Before the first start: nothing, and an empty or reversed window: nothing.
  EXPECT_TRUE(occurrences(rule, {}, at("2026-01-01T00:00"), at("2027-01-12T15:00")).empty());
  EXPECT_TRUE(occurrences(rule, {}, start + 1, start + 1).empty());
  EXPECT_TRUE(occurrences(rule, {}, end, start).empty());
}

TEST(RhythmRecurrence, WindowYearsAfterTheFirstStartMatchesWalkingFromTheStart) {
  // The expansion jumps ahead to the window (icalrecur_iterator_set_start); it must agree with a full walk.
  const std::vector<SeriesRule> rules{fortnightly_tuesday(),
                                      {kAmsterdam, "FREQ=MONTHLY;BYDAY=2TU", "2027-01-12T15:00", 60},
                                      {kAmsterdam, "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "2027-01-04T08:15", 30},
                                      {kAmsterdam, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=60", "2027-01-29T16:00", 60},
                                      {"America/New_York", "FREQ=DAILY;INTERVAL=9", "2027-01-03T23:30", 120}};
  for (const auto& rule : rules) {
    const auto all = occurrences(rule, {}, 0, at("2031-01-01T00:00"), 10'000);
    for (const auto& from : {"2029-03-14T11:00", "2029-11-01T00:00", "2030-06-30T23:59"}) {
      std::vector<Occurrence> expected;
      for (const auto& occurrence : all) {
        if (occurrence.end_ms > at(from)) expected.push_back(occurrence);
      }
      EXPECT_EQ(keys(occurrences(rule, {}, at(from), at("2031-01-01T00:00"), 10'000)), keys(expected))
          << rule.rrule << " from " << from;
    }
  }
}

TEST(RhythmRecurrence, LimitKeepsTheEarliestIncludingMovedOnes) {
  const auto rule = fortnightly_tuesday();
  EXPECT_THAT(keys(occurrences(rule, {}, 0, kForever, 3)),
              ElementsAre("2027-01-12T15:00", "2027-01-26T15:00", "2027-02-09T15:00"));
  // A late occurrence moved to the front counts against the limit and pushes the third one out.
  EXPECT_THAT(keys(occurrences(rule, {move("2027-06-01T15:00", "2027-01-19T15:00")}, 0, kForever, 3)),
              ElementsAre("2027-01-12T15:00", "2027-06-01T15:00", "2027-01-26T15:00"));
  const SeriesRule daily{kAmsterdam, "FREQ=DAILY", "2027-01-12T15:00", 60};
  EXPECT_EQ(occurrences(daily, {}, 0, kForever).size(), 1000u);
  EXPECT_TRUE(occurrences(rule, {}, 0, kForever, 0).empty());
}

TEST(RhythmRecurrence, ExpansionLooksAtMostTenYearsPastTheWindowStart) {
  // An endless window gets ten years of fortnights (261), not an endless walk.
  EXPECT_EQ(occurrences(fortnightly_tuesday(), {}, 0, kForever).size(), 261u);
  // Every 20 years: from 2028 on, the next one (2047) lies beyond what an expansion walks.
  const SeriesRule rule{kAmsterdam, "FREQ=YEARLY;INTERVAL=20", "2027-01-12T15:00", 60};
  EXPECT_TRUE(occurrences(rule, {}, at("2028-01-01T00:00"), kForever).empty());
  EXPECT_THAT(keys(occurrences(rule, {}, at("2040-01-01T00:00"), kForever)), ElementsAre("2047-01-12T15:00"));
}

TEST(RhythmRecurrence, OccurrenceInTheSpringGapTakesTheFirstInstantAfterIt) {
  const SeriesRule rule{kAmsterdam, "FREQ=DAILY", "2027-03-27T02:30", 60};
  const auto found = occurrences(rule, {}, 0, kForever, 3);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[1].occurrence, "2027-03-28T02:30");
  EXPECT_EQ(found[1].local_start, "2027-03-28T03:00");
  EXPECT_EQ(utc(found[1].start_ms), "2027-03-28T01:00");
  EXPECT_THAT(utc_starts(found), ElementsAre("2027-03-27T01:30", "2027-03-28T01:00", "2027-03-29T00:30"));
}

TEST(RhythmRecurrence, AmbiguousAutumnOccurrenceTakesTheEarlierInstant) {
  const SeriesRule rule{kAmsterdam, "FREQ=DAILY", "2027-10-30T02:30", 30};
  EXPECT_THAT(utc_starts(occurrences(rule, {}, 0, kForever, 3)),
              ElementsAre("2027-10-30T00:30", "2027-10-31T00:30", "2027-11-01T01:30"));
  EXPECT_EQ(utc(to_utc_ms(kAmsterdam, "2027-10-31T02:30")), "2027-10-31T00:30");
}

TEST(RhythmRecurrence, CheckRuleNamesEachProblem) {
  auto with = [](auto change) {
    auto rule = fortnightly_tuesday();
    change(rule);
    return check_rule(rule);
  };
  EXPECT_EQ(check_rule(fortnightly_tuesday()), std::nullopt);
  EXPECT_EQ(with([](SeriesRule& r) { r.first_start = "2027-02-31T15:00"; }), RuleProblem::bad_local_time);
  EXPECT_EQ(with([](SeriesRule& r) { r.first_start = "2027-01-12T25:00"; }), RuleProblem::bad_local_time);
  EXPECT_EQ(with([](SeriesRule& r) { r.first_start = "2027-01-12 15:00"; }), RuleProblem::bad_local_time);
  EXPECT_EQ(with([](SeriesRule& r) { r.time_zone = "Mars/Olympus"; }), RuleProblem::unknown_time_zone);
  EXPECT_EQ(with([](SeriesRule& r) {
              r.rrule = "FREQ=DAILY";
              r.first_start = "2027-03-28T02:30";
            }),
            RuleProblem::in_dst_gap);
  EXPECT_EQ(with([](SeriesRule& r) { r.rrule = "FREQ=NONSENSE"; }), RuleProblem::bad_rule);
  EXPECT_EQ(with([](SeriesRule& r) { r.rrule = ""; }), RuleProblem::bad_rule);
  EXPECT_EQ(with([](SeriesRule& r) { r.rrule = "FREQ=WEEKLY;BYDAY=XX"; }), RuleProblem::bad_rule);
  EXPECT_EQ(with([](SeriesRule& r) { r.duration_minutes = 0; }), RuleProblem::bad_duration);
  EXPECT_EQ(with([](SeriesRule& r) { r.duration_minutes = 24 * 60 + 1; }), RuleProblem::bad_duration);
  EXPECT_EQ(with([](SeriesRule& r) { r.duration_minutes = 24 * 60; }), std::nullopt);
}

TEST(RhythmRecurrence, CheckRuleRefusesARuleWithoutOccurrences) {
  const SeriesRule thirtieth_of_february{kAmsterdam, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2027-01-12T15:00", 60};
  EXPECT_EQ(check_rule(thirtieth_of_february), RuleProblem::bad_rule);
}

TEST(RhythmRecurrence, CheckRuleRefusesAFirstStartTheRuleDoesNotProduce) {
  // A Monday DTSTART with BYDAY=TU: calendars would show the Monday, libical would not.
  auto rule = fortnightly_tuesday();
  rule.first_start = "2027-01-11T15:00";
  EXPECT_EQ(check_rule(rule), RuleProblem::bad_rule);
}

TEST(RhythmRecurrence, CheckRuleRefusesFrequenciesBelowDaily) {
  auto rule = fortnightly_tuesday();
  rule.rrule = "FREQ=HOURLY;INTERVAL=12";
  EXPECT_EQ(check_rule(rule), RuleProblem::bad_rule);
  rule.rrule = "FREQ=DAILY;BYSECOND=30";
  EXPECT_EQ(check_rule(rule), RuleProblem::bad_rule);
}

TEST(RhythmRecurrence, OccurrencesRefuseARuleCheckRuleRefuses) {
  auto rule = fortnightly_tuesday();
  rule.rrule = "FREQ=NONSENSE";
  EXPECT_THROW(occurrences(rule, {}, 0, kForever), std::invalid_argument);
  EXPECT_THROW(occurrences(fortnightly_tuesday(), {skip("tuesday")}, 0, kForever), std::invalid_argument);
}

TEST(RhythmRecurrence, CheckLocalTimeNamesEachProblem) {
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-03-28T01:59"), std::nullopt);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-03-28T02:30"), RuleProblem::in_dst_gap);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-03-28T03:00"), std::nullopt);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-10-31T02:30"), std::nullopt);  // ambiguous, not refused
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-02-31T15:00"), RuleProblem::bad_local_time);
  EXPECT_EQ(check_local_time(kAmsterdam, "2028-02-29T15:00"), std::nullopt);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-01-12T24:00"), RuleProblem::bad_local_time);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-01-12T15:60"), RuleProblem::bad_local_time);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-1-12T15:00"), RuleProblem::bad_local_time);
  EXPECT_EQ(check_local_time(kAmsterdam, "2027-01-12T15:00:00"), RuleProblem::bad_local_time);
  EXPECT_EQ(check_local_time("Mars/Olympus", "2027-01-12T15:00"), RuleProblem::unknown_time_zone);
  EXPECT_THROW(to_utc_ms(kAmsterdam, "2027-03-28T02:30"), std::invalid_argument);
  EXPECT_THROW(to_local("Mars/Olympus", 0), std::invalid_argument);
  EXPECT_EQ(to_local(kAmsterdam, at("2027-07-01T12:34") + 59'999), "2027-07-01T12:34");
}

TEST(RhythmRecurrence, EndingBeforeEndsAtTheLastOccurrenceBeforeTheDate) {
  const auto ended = ending_before(fortnightly_tuesday(), "2027-04-06T15:00");
  ASSERT_TRUE(ended);
  // UNTIL in UTC (2027-03-23 15:00 winter time is 14:00Z), as the feed needs it next to DTSTART;TZID.
  EXPECT_THAT(ended->rrule, HasSubstr("UNTIL=20270323T140000Z"));
  EXPECT_EQ(check_rule(*ended), std::nullopt);
  const auto found = occurrences(*ended, {}, 0, kForever);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.size(), 6u);
  EXPECT_EQ(found.back().occurrence, "2027-03-23T15:00");
}

TEST(RhythmRecurrence, EndingBeforeReplacesACount) {
  const SeriesRule rule{kAmsterdam, "FREQ=MONTHLY;BYDAY=2TU;COUNT=10", "2027-01-12T15:00", 60};
  const auto ended = ending_before(rule, "2027-03-10T00:00");
  ASSERT_TRUE(ended);
  EXPECT_THAT(ended->rrule, ::testing::Not(HasSubstr("COUNT")));
  EXPECT_THAT(keys(occurrences(*ended, {}, 0, kForever)),
              ElementsAre("2027-01-12T15:00", "2027-02-09T15:00", "2027-03-09T15:00"));
}

TEST(RhythmRecurrence, EndingBeforeTheFirstStartLeavesNothing) {
  EXPECT_EQ(ending_before(fortnightly_tuesday(), "2027-01-12T15:00"), std::nullopt);
  EXPECT_EQ(ending_before(fortnightly_tuesday(), "2026-12-01T00:00"), std::nullopt);
}

TEST(RhythmRecurrence, UntilAsADateIncludesThatDay) {
  const SeriesRule rule{kAmsterdam, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270209", "2027-01-12T15:00", 60};
  EXPECT_THAT(keys(occurrences(rule, {}, 0, kForever)),
              ElementsAre("2027-01-12T15:00", "2027-01-26T15:00", "2027-02-09T15:00"));
}

TEST(RhythmRecurrence, IsOccurrenceKnowsTheOriginalStarts) {
  const auto rule = fortnightly_tuesday();
  EXPECT_TRUE(is_occurrence(rule, "2027-01-12T15:00"));
  EXPECT_TRUE(is_occurrence(rule, "2027-11-02T15:00"));
  EXPECT_TRUE(is_occurrence(rule, "2031-12-23T15:00"));
  EXPECT_FALSE(is_occurrence(rule, "2027-01-19T15:00"));  // the other week
  EXPECT_FALSE(is_occurrence(rule, "2027-01-26T14:00"));  // the right day, the wrong time
  EXPECT_FALSE(is_occurrence(rule, "2026-12-29T15:00"));  // before the first
  EXPECT_FALSE(is_occurrence(rule, "2027-02-31T15:00"));
  auto broken = rule;
  broken.rrule = "FREQ=NONSENSE";
  EXPECT_FALSE(is_occurrence(broken, "2027-01-12T15:00"));
}

}  // namespace
}  // namespace ambassador::rhythm
