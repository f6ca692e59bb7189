// Times as editors write them, read DST-correctly in a department's zone; and the local days and times the fan-out's
// daily cap and quiet hours are counted in.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "bot/content/time_parsing.hpp"

namespace ambassador::content {
namespace {

using ::testing::HasSubstr;

constexpr const char* kAmsterdam = "Europe/Amsterdam";

struct ValidTime {
  const char* text;
  const char* zone;
  const char* utc;
};

std::ostream& operator<<(std::ostream& out, const ValidTime& c) { return out << c.text << " in " << c.zone; }

class ParseValidTime : public ::testing::TestWithParam<ValidTime> {};

TEST_P(ParseValidTime, GivesTheInstant) {
  const auto parsed = parse_time(GetParam().text, GetParam().zone);
  ASSERT_TRUE(parsed.utc_ms) << parsed.error;
  EXPECT_EQ(format_utc(*parsed.utc_ms), GetParam().utc);
  EXPECT_EQ(*parsed.utc_ms % 1000, 0) << "fractions of a second are dropped";
}

INSTANTIATE_TEST_SUITE_P(
    ExplicitOffsets, ParseValidTime,
    ::testing::Values(ValidTime{"2026-12-01T09:00:00+01:00", kAmsterdam, "2026-12-01T08:00:00Z"},
                      ValidTime{"2026-12-01T09:00:00Z", kAmsterdam, "2026-12-01T09:00:00Z"},
                      ValidTime{"2026-12-01T09:00:00z", kAmsterdam, "2026-12-01T09:00:00Z"},
                      ValidTime{"2026-12-01T09:00Z", kAmsterdam, "2026-12-01T09:00:00Z"},
                      ValidTime{"2026-12-01 09:00:00+01:00", kAmsterdam, "2026-12-01T08:00:00Z"},
                      ValidTime{"2026-12-01T09:00:00-05:30", kAmsterdam, "2026-12-01T14:30:00Z"},
                      ValidTime{"2026-12-01T09:00:00+0530", kAmsterdam, "2026-12-01T03:30:00Z"},
                      ValidTime{"2026-12-01T09:00:00+05", kAmsterdam, "2026-12-01T04:00:00Z"},
                      ValidTime{"2026-12-01T09:00:00-00:00", kAmsterdam, "2026-12-01T09:00:00Z"},
                      ValidTime{"2026-12-01T09:00:00.750Z", kAmsterdam, "2026-12-01T09:00:00Z"},
                      ValidTime{"2026-12-01T00:30:00+01:00", kAmsterdam, "2026-11-30T23:30:00Z"},
                      ValidTime{"2028-02-29T12:00:00Z", kAmsterdam, "2028-02-29T12:00:00Z"},
                      // An offset makes the zone irrelevant: even an unknown one, even a time in its DST gap.
                      ValidTime{"2026-12-01T09:00:00Z", "Mars/Olympus_Mons", "2026-12-01T09:00:00Z"},
                      ValidTime{"2027-03-28T02:30:00+01:00", kAmsterdam, "2027-03-28T01:30:00Z"}));

INSTANTIATE_TEST_SUITE_P(
    LocalTimes, ParseValidTime,
    ::testing::Values(ValidTime{"2026-12-01T09:00", kAmsterdam, "2026-12-01T08:00:00Z"},     // CET, +01:00
                      ValidTime{"2026-07-01T09:00:00", kAmsterdam, "2026-07-01T07:00:00Z"},  // CEST, +02:00
                      ValidTime{"2026-12-01T09:00", "America/New_York", "2026-12-01T14:00:00Z"},
                      ValidTime{"2026-12-01T09:00", "UTC", "2026-12-01T09:00:00Z"},
                      // Spring forward, 2027-03-28: 02:00 CET is followed by 03:00 CEST.
                      ValidTime{"2027-03-28T01:59", kAmsterdam, "2027-03-28T00:59:00Z"},
                      ValidTime{"2027-03-28T03:00", kAmsterdam, "2027-03-28T01:00:00Z"},
                      // Fall back, 2026-10-25: 03:00 CEST is followed by 02:00 CET, so 02:00-02:59 happen twice.
                      // The first occurrence (still summer time) is meant: a post is never published an hour late.
                      ValidTime{"2026-10-25T01:59", kAmsterdam, "2026-10-24T23:59:00Z"},
                      ValidTime{"2026-10-25T02:00", kAmsterdam, "2026-10-25T00:00:00Z"},
                      ValidTime{"2026-10-25T02:30", kAmsterdam, "2026-10-25T00:30:00Z"},
                      ValidTime{"2026-10-25T03:00", kAmsterdam, "2026-10-25T02:00:00Z"}));

struct InvalidTime {
  const char* text;
  const char* zone;
  const char* error;  // a part of the message
};

std::ostream& operator<<(std::ostream& out, const InvalidTime& c) { return out << "'" << c.text << "' in " << c.zone; }

class ParseInvalidTime : public ::testing::TestWithParam<InvalidTime> {};

TEST_P(ParseInvalidTime, SaysWhatIsWrong) {
  const auto parsed = parse_time(GetParam().text, GetParam().zone);
  EXPECT_FALSE(parsed.utc_ms) << format_utc(*parsed.utc_ms);
  EXPECT_THAT(parsed.error, HasSubstr(GetParam().error));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseInvalidTime,
    ::testing::Values(InvalidTime{"", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"tomorrow at nine", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"2026-12-01", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"2026-12-1T09:00", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"2026/12/01 09:00", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"2026-12-01T9:00", kAmsterdam, "is not an ISO 8601 time"},
                      InvalidTime{"2027-02-31T09:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-02-29T09:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-13-01T09:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-00T09:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-01T25:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-01T24:00", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-01T09:60", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-01T09:00:60Z", kAmsterdam, "is not a valid date and time"},
                      InvalidTime{"2026-12-01T09:00:0Z", kAmsterdam, "malformed seconds"},
                      InvalidTime{"2026-12-01T09:00:00.Z", kAmsterdam, "malformed seconds"},
                      InvalidTime{"2026-12-01T09:00.5Z", kAmsterdam, "trailing characters"},
                      InvalidTime{"2026-12-01T09:00:00+1:00", kAmsterdam, "malformed UTC offset"},
                      InvalidTime{"2026-12-01T09:00:00+01:", kAmsterdam, "malformed UTC offset"},
                      InvalidTime{"2026-12-01T09:00:00+01:0", kAmsterdam, "malformed UTC offset"},
                      InvalidTime{"2026-12-01T09:00:00+15:00", kAmsterdam, "impossible UTC offset"},
                      InvalidTime{"2026-12-01T09:00:00+01:60", kAmsterdam, "impossible UTC offset"},
                      InvalidTime{"2026-12-01T09:00:00Zjunk", kAmsterdam, "trailing characters"},
                      InvalidTime{"2026-12-01T09:00:00+01:00 ", kAmsterdam, "trailing characters"},
                      InvalidTime{"2026-12-01T09:00:00 CET", kAmsterdam, "trailing characters"},
                      // 2027-03-28 02:00-02:59 never happen in Amsterdam: which instant was meant cannot be guessed.
                      InvalidTime{"2027-03-28T02:30", kAmsterdam, "does not exist in Europe/Amsterdam"},
                      InvalidTime{"2027-03-28T02:00", kAmsterdam, "daylight saving time"},
                      InvalidTime{"2026-12-01T09:00", "Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'"}));

TEST(LocalDay, ADayIsFromLocalMidnightToLocalMidnight) {
  const auto day = local_day(*parse_time("2026-12-01T13:45:00+01:00", "UTC").utc_ms, kAmsterdam);
  EXPECT_EQ(day.minute_of_day, 13 * 60 + 45);
  EXPECT_EQ(format_utc(day.midnight_utc_ms), "2026-11-30T23:00:00Z");
  EXPECT_EQ(format_utc(day.next_midnight_utc_ms), "2026-12-01T23:00:00Z");
}

TEST(LocalDay, TheSpringForwardDayHas23Hours) {
  const auto day = local_day(*parse_time("2027-03-28T12:00:00+02:00", "UTC").utc_ms, kAmsterdam);
  EXPECT_EQ(day.minute_of_day, 12 * 60) << "wall-clock minutes, not minutes elapsed since midnight";
  EXPECT_EQ(format_utc(day.midnight_utc_ms), "2027-03-27T23:00:00Z");
  EXPECT_EQ(format_utc(day.next_midnight_utc_ms), "2027-03-28T22:00:00Z");
}

TEST(LocalDay, TheFallBackDayHas25Hours) {
  const auto day = local_day(*parse_time("2026-10-25T02:30:00+01:00", "UTC").utc_ms, kAmsterdam);  // the repeat
  EXPECT_EQ(day.minute_of_day, 2 * 60 + 30);
  EXPECT_EQ(format_utc(day.midnight_utc_ms), "2026-10-24T22:00:00Z");
  EXPECT_EQ(format_utc(day.next_midnight_utc_ms), "2026-10-25T23:00:00Z");
}

TEST(LocalDay, AnUnknownZoneCountsInUtc) {
  const auto day = local_day(*parse_time("2026-12-01T13:45:00Z", "UTC").utc_ms, "Mars/Olympus_Mons");
  EXPECT_EQ(day.minute_of_day, 13 * 60 + 45);
  EXPECT_EQ(format_utc(day.midnight_utc_ms), "2026-12-01T00:00:00Z");
}

TEST(LocalDate, IsTheDateOnTheLocalCalendar) {
  const auto late_evening = *parse_time("2026-12-31T23:30:00Z", "UTC").utc_ms;
  EXPECT_EQ(local_date(late_evening, kAmsterdam), "2027-01-01");
  EXPECT_EQ(local_date(late_evening, "America/New_York"), "2026-12-31");
  EXPECT_EQ(local_date(late_evening, "Mars/Olympus_Mons"), "2026-12-31");
}

struct NextLocalTimeCase {
  const char* from;  // UTC
  const char* at;    // local HH:MM
  const char* expected;
};

std::ostream& operator<<(std::ostream& out, const NextLocalTimeCase& c) { return out << c.at << " after " << c.from; }

class NextLocalTime : public ::testing::TestWithParam<NextLocalTimeCase> {};

TEST_P(NextLocalTime, IsTheNextTimeTheLocalClockShowsIt) {
  const std::string at = GetParam().at;
  const int minute = std::stoi(at.substr(0, 2)) * 60 + std::stoi(at.substr(3, 2));
  const auto from = *parse_time(GetParam().from, "UTC").utc_ms;
  EXPECT_EQ(format_utc(next_local_time(from, minute, kAmsterdam)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Amsterdam, NextLocalTime,
    ::testing::Values(NextLocalTimeCase{"2026-12-01T06:00:00Z", "08:00", "2026-12-01T07:00:00Z"},  // later today
                      NextLocalTimeCase{"2026-12-01T07:00:00Z", "08:00", "2026-12-01T07:00:00Z"},  // right now
                      NextLocalTimeCase{"2026-12-01T07:00:01Z", "08:00", "2026-12-02T07:00:00Z"},  // tomorrow
                      NextLocalTimeCase{"2027-03-27T22:00:00Z", "08:00", "2027-03-28T06:00:00Z"},  // over the gap
                      NextLocalTimeCase{"2026-10-24T22:00:00Z", "08:00", "2026-10-25T07:00:00Z"},  // over the repeat
                      // A local time that does not exist that day: the moment the clocks jump past it.
                      NextLocalTimeCase{"2027-03-27T23:30:00Z", "02:30", "2027-03-28T01:00:00Z"},
                      // A local time that happens twice: its second occurrence (the end of a quiet period).
                      NextLocalTimeCase{"2026-10-24T23:30:00Z", "02:30", "2026-10-25T01:30:00Z"}));

}  // namespace
}  // namespace ambassador::content
