// A department's working time: SLA deadlines in business minutes across evenings, weekends, holidays and DST
// switches, and the working-day times the daily digest is due at.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "bot/webcare/business_calendar.hpp"

namespace ambassador::webcare {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr const char* kAmsterdam = "Europe/Amsterdam";
constexpr const char* kNewYork = "America/New_York";
const std::vector<std::string> kWeekdays = {"mon", "tue", "wed", "thu", "fri"};
const std::vector<std::string> kEveryDay = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// UTC ms of a local "YYYY-MM-DD HH:MM" in `zone`; an ambiguous time means its first occurrence.
std::int64_t at(const std::string& local, const char* zone = kAmsterdam) {
  std::istringstream in(local);
  date::local_time<std::chrono::minutes> time;
  in >> date::parse("%F %R", time);
  if (in.fail()) throw std::invalid_argument("test helper: bad local time " + local);
  const auto utc = date::locate_zone(zone)->to_sys(time, date::choose::earliest);
  return std::chrono::duration_cast<milliseconds>(utc.time_since_epoch()).count();
}

// The local time of `utc_ms` as "YYYY-MM-DD HH:MM", and with its UTC offset where DST matters.
std::string local(std::int64_t utc_ms, const char* zone = kAmsterdam) {
  return date::format("%F %R", date::make_zoned(zone, date::sys_time<milliseconds>(milliseconds(utc_ms))));
}
std::string local_with_offset(std::int64_t utc_ms, const char* zone = kAmsterdam) {
  return date::format("%F %R %z", date::make_zoned(zone, date::sys_time<milliseconds>(milliseconds(utc_ms))));
}

// Monday to Friday 08:30-17:00 in Amsterdam; 2026-12-25 and 2027-01-01 are Fridays off.
BusinessCalendar office() {
  return BusinessCalendar(kAmsterdam, "08:30", "17:00", kWeekdays, {"2026-12-25", "2027-01-01"});
}

struct Addition {
  const char* start;  // local, Amsterdam
  std::int64_t minutes;
  const char* due;
};

std::ostream& operator<<(std::ostream& out, const Addition& c) { return out << c.start << " + " << c.minutes; }

class OfficeAddsBusinessMinutes : public ::testing::TestWithParam<Addition> {};

TEST_P(OfficeAddsBusinessMinutes, GivesTheDueTime) {
  EXPECT_EQ(local(office().add_business_minutes(at(GetParam().start), GetParam().minutes)), GetParam().due);
}

// December 2026: Monday 7th, Friday 11th, Saturday 12th; Friday 25th and Friday 1 January are holidays.
INSTANTIATE_TEST_SUITE_P(
    Cases, OfficeAddsBusinessMinutes,
    ::testing::Values(Addition{"2026-12-08 10:00", 120, "2026-12-08 12:00"},      // inside a day
                      Addition{"2026-12-08 15:00", 120, "2026-12-08 17:00"},      // up to closing exactly
                      Addition{"2026-12-08 16:00", 120, "2026-12-09 09:30"},      // across closing
                      Addition{"2026-12-11 16:00", 120, "2026-12-14 09:30"},      // Friday afternoon -> Monday
                      Addition{"2026-12-24 16:00", 120, "2026-12-28 09:30"},      // Christmas Friday, weekend
                      Addition{"2026-12-31 16:30", 60, "2027-01-04 09:00"},       // New Year's Day, weekend
                      Addition{"2026-12-08 07:00", 30, "2026-12-08 09:00"},       // before opening
                      Addition{"2026-12-08 18:00", 30, "2026-12-09 09:00"},       // after closing
                      Addition{"2026-12-12 11:00", 30, "2026-12-14 09:00"},       // on Saturday
                      Addition{"2026-12-08 10:00", 3 * 510, "2026-12-11 10:00"},  // three business days
                      Addition{"2026-12-10 10:00", 2 * 510, "2026-12-14 10:00"},  // two days over a weekend
                      Addition{"2026-12-08 10:00", 0, "2026-12-08 10:00"},        // open: now
                      Addition{"2026-12-08 17:00", 0, "2026-12-09 08:30"},        // closed: the next opening
                      Addition{"2026-12-12 11:00", 0, "2026-12-14 08:30"},
                      Addition{"2026-12-08 10:00", -5, "2026-12-08 10:00"},
                      // A working year: 2027 has 261 weekdays, one of them (1 January) a holiday.
                      Addition{"2026-12-31 17:00", 260 * 510, "2027-12-31 17:00"}));

TEST(BusinessCalendarAdd, OneDayFromTuesdayMorningIsWednesdayMorning) {
  EXPECT_EQ(local(office().add(at("2026-12-08 10:00"), {0, 1})), "2026-12-09 10:00");
}

TEST(BusinessCalendarAdd, AddsDaysAndMinutes) {
  EXPECT_EQ(local(office().add(at("2026-12-08 10:00"), {30, 1})), "2026-12-09 10:30");
  EXPECT_EQ(local(office().add(at("2026-12-08 10:00"), {120, 0})), "2026-12-08 12:00");
}

TEST(BusinessCalendarAdd, DaysSkipHolidaysAndWeekends) {
  EXPECT_EQ(local(office().add(at("2026-12-24 10:00"), {0, 1})), "2026-12-28 10:00");
  EXPECT_EQ(local(office().add(at("2026-12-18 12:00"), {0, 3})), "2026-12-23 12:00");
}

struct DstAddition {
  const char* zone;
  const char* opens;
  const char* closes;
  const char* start;  // local in zone
  std::int64_t minutes;
  const char* due;  // local in zone, with offset
};

std::ostream& operator<<(std::ostream& out, const DstAddition& c) {
  return out << c.start << " + " << c.minutes << " in " << c.zone << " " << c.opens << "-" << c.closes;
}

class SevenDayCalendarAcrossDst : public ::testing::TestWithParam<DstAddition> {};

TEST_P(SevenDayCalendarAcrossDst, CountsElapsedTime) {
  const auto& c = GetParam();
  const BusinessCalendar calendar(c.zone, c.opens, c.closes, kEveryDay, {});
  EXPECT_EQ(local_with_offset(calendar.add_business_minutes(at(c.start, c.zone), c.minutes), c.zone), c.due);
}

// Amsterdam springs forward on Sunday 2027-03-28 (02:00 CET -> 03:00 CEST) and falls back on Sunday 2026-10-25
// (03:00 CEST -> 02:00 CET); New York springs forward on 2027-03-14 at 02:00.
INSTANTIATE_TEST_SUITE_P(
    Cases, SevenDayCalendarAcrossDst,
    ::testing::Values(
        // Hours away from the switch: a business day is still a calendar day.
        DstAddition{kAmsterdam, "09:00", "17:00", "2027-03-27 10:00", 480, "2027-03-28 10:00 +0200"},
        DstAddition{kAmsterdam, "09:00", "17:00", "2026-10-24 10:00", 480, "2026-10-25 10:00 +0100"},
        DstAddition{kAmsterdam, "09:00", "17:00", "2027-03-28 16:00", 120, "2027-03-29 10:00 +0200"},
        // Hours straddling the switch: 01:00-05:00 holds three hours in spring, five in autumn.
        DstAddition{kAmsterdam, "01:00", "05:00", "2027-03-28 01:30", 60, "2027-03-28 03:30 +0200"},
        DstAddition{kAmsterdam, "01:00", "05:00", "2027-03-28 01:00", 180, "2027-03-28 05:00 +0200"},
        DstAddition{kAmsterdam, "01:00", "05:00", "2027-03-28 04:00", 120, "2027-03-29 02:00 +0200"},
        DstAddition{kAmsterdam, "01:00", "05:00", "2026-10-25 01:30", 120, "2026-10-25 02:30 +0100"},
        DstAddition{kAmsterdam, "01:00", "05:00", "2026-10-25 01:00", 300, "2026-10-25 05:00 +0100"},
        DstAddition{kAmsterdam, "01:00", "05:00", "2026-10-25 04:00", 120, "2026-10-26 02:00 +0100"},
        DstAddition{kNewYork, "01:00", "04:00", "2027-03-14 01:30", 60, "2027-03-14 03:30 -0400"},
        // Opening in the gap opens at its end; hours entirely inside the gap make no business time that day.
        DstAddition{kAmsterdam, "02:30", "06:00", "2027-03-28 00:00", 0, "2027-03-28 03:00 +0200"},
        DstAddition{kAmsterdam, "02:10", "02:50", "2027-03-28 00:00", 10, "2027-03-29 02:20 +0200"}));

TEST(BusinessCalendar, WeekdayCalendarAcrossTheDstWeekend) {
  EXPECT_EQ(local_with_offset(office().add_business_minutes(at("2027-03-26 16:00"), 120)), "2027-03-29 09:30 +0200");
  EXPECT_EQ(local_with_offset(office().add_business_minutes(at("2026-10-23 16:00"), 120)), "2026-10-26 09:30 +0100");
}

TEST(BusinessCalendar, MinutesPerDayIsClosingMinusOpening) {
  EXPECT_EQ(office().minutes_per_day(), 510);
  EXPECT_EQ(BusinessCalendar(kAmsterdam, "09:00", "09:01", kWeekdays, {}).minutes_per_day(), 1);
  EXPECT_EQ(BusinessCalendar(kAmsterdam, "00:00", "23:59", kWeekdays, {}).minutes_per_day(), 1439);
}

struct Instant {
  const char* local;  // Amsterdam
  bool expected;
};

std::ostream& operator<<(std::ostream& out, const Instant& c) { return out << c.local; }

class OfficeIsOpen : public ::testing::TestWithParam<Instant> {};

TEST_P(OfficeIsOpen, Decides) { EXPECT_EQ(office().is_open(at(GetParam().local)), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Cases, OfficeIsOpen,
                         ::testing::Values(Instant{"2026-12-08 10:00", true}, Instant{"2026-12-08 08:29", false},
                                           Instant{"2026-12-08 08:30", true}, Instant{"2026-12-08 16:59", true},
                                           Instant{"2026-12-08 17:00", false}, Instant{"2026-12-12 10:00", false},
                                           Instant{"2026-12-25 10:00", false}, Instant{"2026-12-28 10:00", true}));

class OfficeIsWorkingDay : public ::testing::TestWithParam<Instant> {};

TEST_P(OfficeIsWorkingDay, Decides) { EXPECT_EQ(office().is_working_day(at(GetParam().local)), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Cases, OfficeIsWorkingDay,
                         ::testing::Values(Instant{"2026-12-08 03:00", true}, Instant{"2026-12-08 23:00", true},
                                           Instant{"2026-12-12 10:00", false}, Instant{"2026-12-13 10:00", false},
                                           // 00:30 local is still the 24th in UTC: the local date counts.
                                           Instant{"2026-12-25 00:30", false}, Instant{"2026-12-24 23:59", true}));

struct DigestTime {
  const char* now;  // local, Amsterdam
  int minute_of_day;
  const char* due;
};

std::ostream& operator<<(std::ostream& out, const DigestTime& c) { return out << c.now << " @" << c.minute_of_day; }

class OfficeNextWorkingDayAt : public ::testing::TestWithParam<DigestTime> {};

TEST_P(OfficeNextWorkingDayAt, GivesTheNextTime) {
  EXPECT_EQ(local(office().next_working_day_at(at(GetParam().now), GetParam().minute_of_day)), GetParam().due);
}

INSTANTIATE_TEST_SUITE_P(Cases, OfficeNextWorkingDayAt,
                         ::testing::Values(DigestTime{"2026-12-08 07:00", 510, "2026-12-08 08:30"},  // later today
                                           DigestTime{"2026-12-08 08:30", 510, "2026-12-09 08:30"},  // strictly after
                                           DigestTime{"2026-12-08 08:29", 510, "2026-12-08 08:30"},
                                           DigestTime{"2026-12-11 09:00", 510, "2026-12-14 08:30"},  // weekend
                                           DigestTime{"2026-12-12 07:00", 510, "2026-12-14 08:30"},
                                           DigestTime{"2026-12-24 09:00", 510, "2026-12-28 08:30"},  // holiday
                                           DigestTime{"2026-12-08 12:00", 0, "2026-12-09 00:00"},
                                           DigestTime{"2026-12-08 12:00", 1439, "2026-12-08 23:59"}));

TEST(BusinessCalendarNextWorkingDayAt, ATimeInTheSpringGapMeansTheEndOfTheGap) {
  const BusinessCalendar calendar(kAmsterdam, "09:00", "17:00", kEveryDay, {});
  EXPECT_EQ(local_with_offset(calendar.next_working_day_at(at("2027-03-27 12:00"), 150)), "2027-03-28 03:00 +0200");
  EXPECT_EQ(local_with_offset(calendar.next_working_day_at(at("2027-03-28 12:00"), 150)), "2027-03-29 02:30 +0200");
}

TEST(BusinessCalendarNextWorkingDayAt, AnAmbiguousAutumnTimeMeansItsFirstOccurrence) {
  const BusinessCalendar calendar(kAmsterdam, "09:00", "17:00", kEveryDay, {});
  EXPECT_EQ(local_with_offset(calendar.next_working_day_at(at("2026-10-24 12:00"), 150)), "2026-10-25 02:30 +0200");
}

TEST(BusinessCalendarNextWorkingDayAt, RejectsAMinuteOutsideTheDay) {
  EXPECT_THROW(office().next_working_day_at(at("2026-12-08 12:00"), -1), std::invalid_argument);
  EXPECT_THROW(office().next_working_day_at(at("2026-12-08 12:00"), 1440), std::invalid_argument);
}

TEST(BusinessCalendar, LocalDateIsTheDateInTheZone) {
  EXPECT_EQ(office().local_date(at("2026-12-25 00:30")), "2026-12-25");
  EXPECT_EQ(office().local_date(at("2026-12-24 23:59")), "2026-12-24");
  const BusinessCalendar new_york(kNewYork, "09:00", "17:00", kWeekdays, {});
  EXPECT_EQ(new_york.local_date(at("2026-12-25 03:00")), "2026-12-24");  // 21:00 on Christmas Eve there
}

TEST(BusinessCalendar, FromConfigReadsTheBusinessHours) {
  config::BusinessHoursConfig hours;  // 08:30-17:00, Monday to Friday
  hours.holidays = {"2026-12-25"};
  const auto calendar = BusinessCalendar::from_config(hours, kAmsterdam);
  EXPECT_EQ(calendar.minutes_per_day(), 510);
  EXPECT_EQ(local(calendar.add_business_minutes(at("2026-12-24 16:00"), 120)), "2026-12-28 09:30");
}

TEST(BusinessCalendar, HolidaysOnEveryWorkingDayEndInAnErrorNotAHang) {
  std::vector<std::string> mondays;
  for (auto day = date::local_days{date::year{2026} / 12 / 7}; day < date::local_days{date::year{2032} / 1 / 1};
       day += date::days{7})
    mondays.push_back(date::format("%F", day));
  const BusinessCalendar calendar(kAmsterdam, "08:30", "17:00", {"mon"}, mondays);
  EXPECT_THROW(calendar.add_business_minutes(at("2026-12-07 10:00"), 1), std::out_of_range);
  EXPECT_THROW(calendar.next_working_day_at(at("2026-12-07 10:00"), 510), std::out_of_range);
}

TEST(BusinessCalendar, AnEnormousDurationEndsInAnError) {
  EXPECT_THROW(office().add_business_minutes(at("2026-12-08 10:00"), INT64_MAX), std::out_of_range);
}

struct BadCalendar {
  const char* zone;
  const char* opens;
  const char* closes;
  std::vector<std::string> days;
  std::vector<std::string> holidays;
  const char* message;
};

std::ostream& operator<<(std::ostream& out, const BadCalendar& c) { return out << c.message; }

class BusinessCalendarRejects : public ::testing::TestWithParam<BadCalendar> {};

TEST_P(BusinessCalendarRejects, WithAClearMessage) {
  const auto& c = GetParam();
  try {
    BusinessCalendar(c.zone, c.opens, c.closes, c.days, c.holidays);
    FAIL() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr(c.message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BusinessCalendarRejects,
    ::testing::Values(BadCalendar{"Mars/Olympus_Mons", "08:30", "17:00", kWeekdays, {}, "'Mars/Olympus_Mons'"},
                      BadCalendar{"", "08:30", "17:00", kWeekdays, {}, "unknown time zone"},
                      BadCalendar{kAmsterdam, "8:30", "17:00", kWeekdays, {}, "opens '8:30'"},
                      BadCalendar{kAmsterdam, "08:30", "24:00", kWeekdays, {}, "closes '24:00'"},
                      BadCalendar{kAmsterdam, "08:60", "17:00", kWeekdays, {}, "opens '08:60'"},
                      BadCalendar{kAmsterdam, "08.30", "17:00", kWeekdays, {}, "opens '08.30'"},
                      BadCalendar{kAmsterdam, "+8:30", "17:00", kWeekdays, {}, "opens '+8:30'"},
                      BadCalendar{kAmsterdam, "", "17:00", kWeekdays, {}, "opens ''"},
                      BadCalendar{kAmsterdam, "17:00", "17:00", kWeekdays, {}, "must be after opens"},
                      BadCalendar{kAmsterdam, "17:00", "08:30", kWeekdays, {}, "must be after opens"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", {"mon", "funday"}, {}, "unknown day 'funday'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", {"Monday"}, {}, "unknown day 'Monday'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", {}, {}, "no working day"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", kWeekdays, {"2026-13-01"}, "holiday '2026-13-01'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", kWeekdays, {"2026-02-30"}, "holiday '2026-02-30'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", kWeekdays, {"25-12-2026"}, "holiday '25-12-2026'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", kWeekdays, {"2026-12-25x"}, "holiday '2026-12-25x'"},
                      BadCalendar{kAmsterdam, "08:30", "17:00", kWeekdays, {"2026-1-25"}, "holiday '2026-1-25'"}));

}  // namespace
}  // namespace ambassador::webcare
