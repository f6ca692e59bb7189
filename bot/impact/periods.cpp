#include "bot/impact/periods.hpp"

#include <date/date.h>
#include <date/tz.h>

#include "bot/content/time_parsing.hpp"

namespace ambassador::impact {
namespace {
using namespace std::chrono;

const date::time_zone* zone_or_utc(std::string_view name) {
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

}  // namespace

std::int64_t month_start(std::int64_t utc_ms, std::string_view zone_name) {
  const auto* zone = zone_or_utc(zone_name);
  const auto local = zone->to_local(date::sys_time<milliseconds>(milliseconds(utc_ms)));
  const date::year_month_day today{date::floor<date::days>(local)};
  const date::local_days first{today.year() / today.month() / 1};
  // Midnight exists in every zone the database knows on the first of a month; `earliest` settles an overlap.
  return duration_cast<milliseconds>(zone->to_sys(first, date::choose::earliest).time_since_epoch()).count();
}

std::int64_t day_start(std::int64_t utc_ms, std::string_view zone) {
  return content::local_day(utc_ms, zone).midnight_utc_ms;
}

}  // namespace ambassador::impact
