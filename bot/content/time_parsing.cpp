#include "bot/content/time_parsing.hpp"

#include <charconv>

#include <date/date.h>
#include <date/tz.h>

namespace ambassador::content {
namespace {
using namespace std::chrono;

bool read_int(std::string_view& text, std::size_t digits, int& out) {
  if (text.size() < digits) return false;
  for (std::size_t i = 0; i < digits; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  std::from_chars(text.data(), text.data() + digits, out);
  text.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

ParsedTime parse_time(std::string_view text, std::string_view zone_name) {
  const std::string original(text);
  int year, month, day, hour, minute, second = 0;
  if (!read_int(text, 4, year) || !expect(text, '-') || !read_int(text, 2, month) || !expect(text, '-') ||
      !read_int(text, 2, day) || !(expect(text, 'T') || expect(text, ' ')) || !read_int(text, 2, hour) ||
      !expect(text, ':') || !read_int(text, 2, minute)) {
    return {std::nullopt, "'" + original + "' is not an ISO 8601 time like 2026-12-01T09:00:00+01:00"};
  }
  if (!text.empty() && text.front() == ':') {
    text.remove_prefix(1);
    if (!read_int(text, 2, second)) return {std::nullopt, "'" + original + "' has a malformed seconds part"};
    if (!text.empty() && text.front() == '.') {  // fractional seconds: accepted, ignored
      text.remove_prefix(1);
      const auto digits = text.find_first_not_of("0123456789");
      if (digits == 0) return {std::nullopt, "'" + original + "' has a malformed seconds part"};
      text.remove_prefix(digits == std::string_view::npos ? text.size() : digits);
    }
  }
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59)
    return {std::nullopt, "'" + original + "' is not a valid date and time"};
  const auto local = date::local_days(ymd) + hours(hour) + minutes(minute) + seconds(second);

  if (text.empty()) {  // no offset: wall-clock time in the zone
    const auto* zone = find_zone(zone_name);
    if (!zone) return {std::nullopt, "unknown time zone '" + std::string(zone_name) + "'"};
    const auto info = zone->get_info(local);
    if (info.result == date::local_info::nonexistent)
      return {std::nullopt, "'" + original + "' does not exist in " + std::string(zone_name) +
                                " (the clocks skip it for daylight saving time)"};
    const auto utc = zone->to_sys(local, date::choose::earliest);
    return {duration_cast<milliseconds>(utc.time_since_epoch()).count(), {}};
  }
  int offset_minutes = 0;
  if (text == "Z" || text == "z") {
    text.remove_prefix(1);
  } else if (text.front() == '+' || text.front() == '-') {
    const int sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
    int oh, om = 0;
    if (!read_int(text, 2, oh)) return {std::nullopt, "'" + original + "' has a malformed UTC offset"};
    const bool colon = expect(text, ':');  // "+01:00", "+0100" or "+01"
    if ((colon || !text.empty()) && !read_int(text, 2, om))
      return {std::nullopt, "'" + original + "' has a malformed UTC offset"};
    if (oh > 14 || om > 59) return {std::nullopt, "'" + original + "' has an impossible UTC offset"};
    offset_minutes = sign * (oh * 60 + om);
  }
  if (!text.empty()) return {std::nullopt, "'" + original + "' has trailing characters"};
  const auto utc = date::sys_seconds(local.time_since_epoch()) - minutes(offset_minutes);
  return {duration_cast<milliseconds>(utc.time_since_epoch()).count(), {}};
}

std::string format_utc(std::int64_t utc_ms) {
  const auto tp = date::sys_seconds(duration_cast<seconds>(milliseconds(utc_ms)));
  return date::format("%Y-%m-%dT%H:%M:%SZ", tp);
}

LocalDay local_day(std::int64_t utc_ms, std::string_view zone_name) {
  const auto* zone = find_zone(zone_name);
  if (!zone) zone = date::locate_zone("UTC");
  const auto utc = date::sys_time<milliseconds>(milliseconds(utc_ms));
  const auto local = zone->to_local(utc);
  const auto midnight = date::floor<date::days>(local);
  LocalDay day;
  day.minute_of_day = static_cast<int>(duration_cast<minutes>(local - midnight).count());
  auto to_utc_ms = [zone](date::local_time<milliseconds> t) {
    return duration_cast<milliseconds>(zone->to_sys(t, date::choose::earliest).time_since_epoch()).count();
  };
  day.midnight_utc_ms = to_utc_ms(midnight);
  day.next_midnight_utc_ms = to_utc_ms(midnight + date::days(1));
  return day;
}

std::string local_date(std::int64_t utc_ms, std::string_view zone_name) {
  const auto* zone = find_zone(zone_name);
  if (!zone) zone = date::locate_zone("UTC");
  return date::format("%F",
                      date::floor<date::days>(zone->to_local(date::sys_time<milliseconds>(milliseconds(utc_ms)))));
}

std::int64_t next_local_time(std::int64_t utc_ms, int minute_of_day, std::string_view zone_name) {
  const auto* zone = find_zone(zone_name);
  if (!zone) zone = date::locate_zone("UTC");
  const auto utc = date::sys_time<milliseconds>(milliseconds(utc_ms));
  const auto midnight = date::floor<date::days>(zone->to_local(utc));
  for (int d = 0; d < 3; ++d) {
    const auto candidate = midnight + date::days(d) + minutes(minute_of_day);
    const auto at =
        duration_cast<milliseconds>(zone->to_sys(candidate, date::choose::latest).time_since_epoch()).count();
    if (at >= utc_ms) return at;
  }
  return utc_ms;
}

}  // namespace ambassador::content
