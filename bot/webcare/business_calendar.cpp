#include "bot/webcare/business_calendar.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <date/date.h>
#include <date/tz.h>

namespace ambassador::webcare {
namespace {
using namespace std::chrono;

// Holidays are a finite list and one weekday at least is a working day, so a working day always comes; the cap
// only bounds the loop for absurd inputs (a duration of years, holidays covering every working day).
constexpr int kMaxDays = 366 * 5;
constexpr std::int64_t kMsPerMinute = 60'000;
constexpr int kMinutesPerDay = 24 * 60;
constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view text) { return (text[0] - '0') * 10 + (text[1] - '0'); }

const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    throw std::invalid_argument("business hours: unknown time zone " + in_quotes(zone));
  }
}

// "HH:MM" as minutes since midnight.
int parse_time_of_day(std::string_view text, std::string_view what) {
  if (text.size() != 5 || text[2] != ':' || !all_digits(text.substr(0, 2)) || !all_digits(text.substr(3)) ||
      two_digits(text) > 23 || two_digits(text.substr(3)) > 59)
    throw std::invalid_argument("business hours: " + std::string(what) + " " + in_quotes(text) +
                                " is not a time of day HH:MM (00:00..23:59)");
  return two_digits(text) * 60 + two_digits(text.substr(3));
}

int parse_local_day(std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
                      all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
  const auto ymd = shaped ? date::year{two_digits(text) * 100 + two_digits(text.substr(2))} /
                                date::month{static_cast<unsigned>(two_digits(text.substr(5)))} /
                                date::day{static_cast<unsigned>(two_digits(text.substr(8)))}
                          : date::year_month_day{};
  if (!shaped || !ymd.ok())
    throw std::invalid_argument("business hours: holiday " + in_quotes(text) + " is not a date YYYY-MM-DD");
  return date::local_days(ymd).time_since_epoch().count();
}

}  // namespace

BusinessCalendar::BusinessCalendar(std::string_view zone, std::string_view opens, std::string_view closes,
                                   const std::vector<std::string>& days, const std::vector<std::string>& holidays)
    : zone_(find_zone(zone)), opens_(parse_time_of_day(opens, "opens")), closes_(parse_time_of_day(closes, "closes")) {
  if (closes_ <= opens_)
    throw std::invalid_argument("business hours: closes " + in_quotes(closes) + " must be after opens " +
                                in_quotes(opens));
  for (const auto& day : days) {
    const auto found = std::find(kDayNames.begin(), kDayNames.end(), day);
    if (found == kDayNames.end())
      throw std::invalid_argument("business hours: unknown day " + in_quotes(day) +
                                  " (expected mon, tue, wed, thu, fri, sat or sun)");
    working_weekdays_[found - kDayNames.begin()] = true;
  }
  if (std::none_of(std::begin(working_weekdays_), std::end(working_weekdays_), [](bool working) { return working; }))
    throw std::invalid_argument("business hours: no working day in days");
  for (const auto& holiday : holidays) holidays_.push_back(parse_local_day(holiday));
  std::sort(holidays_.begin(), holidays_.end());
}

BusinessCalendar BusinessCalendar::of_department(const config::Config& config, std::string_view department_id) {
  if (const auto* department = config.find_department(department_id))
    return from_config(department->business_hours, department->time_zone);
  return from_config(config.organisation.business_hours, config.organisation.time_zone);
}

BusinessCalendar BusinessCalendar::from_config(const config::BusinessHoursConfig& hours, std::string_view zone) {
  return BusinessCalendar(zone, hours.opens, hours.closes, hours.days, hours.holidays);
}

int BusinessCalendar::local_day_of(std::int64_t utc_ms) const {
  const auto local = zone_->to_local(date::sys_time<milliseconds>(milliseconds(utc_ms)));
  return date::floor<date::days>(local).time_since_epoch().count();
}

bool BusinessCalendar::is_working(int local_day) const {
  const date::weekday weekday{date::local_days(date::days(local_day))};
  return working_weekdays_[weekday.c_encoding()] && !std::binary_search(holidays_.begin(), holidays_.end(), local_day);
}

// `earliest`: an ambiguous time means its first occurrence; a time in a gap maps to the end of the gap.
std::int64_t BusinessCalendar::to_utc_ms(int local_day, int minute_of_day) const {
  const auto local = date::local_days(date::days(local_day)) + minutes(minute_of_day);
  return duration_cast<milliseconds>(zone_->to_sys(local, date::choose::earliest).time_since_epoch()).count();
}

std::int64_t BusinessCalendar::add_business_minutes(std::int64_t utc_ms, std::int64_t minutes) const {
  // More minutes than the cap's days hold cannot fit; clamping keeps the multiplication from overflowing.
  const std::int64_t capped = std::clamp<std::int64_t>(minutes, 0, std::int64_t{kMaxDays} * kMinutesPerDay + 1);
  std::int64_t remaining_ms = capped * kMsPerMinute;
  // From the day before: a zone that turns its clocks back at midnight can repeat the end of the previous day.
  const int first = local_day_of(utc_ms) - 1;
  for (int day = first; day <= first + kMaxDays; ++day) {
    if (!is_working(day)) continue;
    const auto start = std::max(to_utc_ms(day, opens_), utc_ms);
    const auto end = to_utc_ms(day, closes_);
    if (start >= end) continue;  // already closed, or the day's hours lie in a DST gap
    if (remaining_ms <= end - start) return start + remaining_ms;
    remaining_ms -= end - start;
  }
  throw std::out_of_range("business hours: " + std::to_string(minutes) +
                          " business minutes do not fit in five years of this calendar");
}

std::int64_t BusinessCalendar::add(std::int64_t utc_ms, const config::BusinessDuration& duration) const {
  return add_business_minutes(utc_ms, std::int64_t{duration.days} * minutes_per_day() + duration.minutes);
}

bool BusinessCalendar::is_open(std::int64_t utc_ms) const {
  const int day = local_day_of(utc_ms);
  return is_working(day) && to_utc_ms(day, opens_) <= utc_ms && utc_ms < to_utc_ms(day, closes_);
}

bool BusinessCalendar::is_working_day(std::int64_t utc_ms) const { return is_working(local_day_of(utc_ms)); }

std::int64_t BusinessCalendar::next_working_day_at(std::int64_t utc_ms, int minute_of_day) const {
  if (minute_of_day < 0 || minute_of_day >= kMinutesPerDay)
    throw std::invalid_argument("business hours: minute of day " + std::to_string(minute_of_day) +
                                " is not in 0..1439");
  const int first = local_day_of(utc_ms) - 1;
  for (int day = first; day <= first + kMaxDays; ++day) {
    if (!is_working(day)) continue;
    if (const auto at = to_utc_ms(day, minute_of_day); at > utc_ms) return at;
  }
  throw std::out_of_range("business hours: no working day in five years of this calendar");
}

std::string BusinessCalendar::local_date(std::int64_t utc_ms) const {
  return date::format("%F", date::local_days(date::days(local_day_of(utc_ms))));
}

}  // namespace ambassador::webcare
