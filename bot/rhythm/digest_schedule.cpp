#include "bot/rhythm/digest_schedule.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

namespace ambassador::rhythm {
namespace {
using namespace std::chrono;

int minutes_of(const std::string& hh_mm) {
  return hh_mm.size() == 5 ? std::stoi(hh_mm.substr(0, 2)) * 60 + std::stoi(hh_mm.substr(3, 2)) : 0;
}

bool in_quiet_hours(int minute, int start, int end) {
  if (start == end) return false;
  return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
}

int weekday_index(const std::string& day) {
  static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const auto found = std::find(kDays.begin(), kDays.end(), day);
  if (found == kDays.end()) throw std::invalid_argument("digests: '" + day + "' is not a day");
  return static_cast<int>(found - kDays.begin());
}

date::local_days local_days_of(int day) { return date::local_days(date::days(day)); }

std::string week_label(date::local_days day) {
  const iso_week::year_weeknum_weekday iso{date::sys_days(day.time_since_epoch())};
  char label[16];
  std::snprintf(label, sizeof label, "%04d-W%02u", static_cast<int>(iso.year()), static_cast<unsigned>(iso.weeknum()));
  return label;
}

std::string month_label(date::year_month month) {
  char label[16];
  std::snprintf(label, sizeof label, "%04d-%02u", static_cast<int>(month.year()), static_cast<unsigned>(month.month()));
  return label;
}

const std::string& zone_of(const config::Config& config, std::string_view department_id) {
  const auto* department = config.find_department(department_id);
  return department && !department->time_zone.empty() ? department->time_zone : config.organisation.time_zone;
}

}  // namespace

DigestSchedule::DigestSchedule(const config::Config& config, std::string_view department_id)
    : zone_(date::locate_zone(zone_of(config, department_id))),
      calendar_(webcare::BusinessCalendar::of_department(config, department_id)),
      digests_(config.digests),
      quiet_start_(minutes_of(config.delivery.quiet_hours_start)),
      quiet_end_(minutes_of(config.delivery.quiet_hours_end)),
      weekly_minute_(minutes_of(config.digests.weekly_time)),
      monthly_minute_(minutes_of(config.digests.monthly_time)),
      weekly_day_(weekday_index(config.digests.weekly_day)) {}

std::int64_t DigestSchedule::to_utc_ms(int local_day, int minute) const {
  const auto local = local_days_of(local_day) + minutes(minute);
  return duration_cast<milliseconds>(zone_->to_sys(local, date::choose::earliest).time_since_epoch()).count();
}

int DigestSchedule::local_day_of(std::int64_t utc_ms) const {
  const auto local = zone_->to_local(sys_time<milliseconds>(milliseconds(utc_ms)));
  return static_cast<int>(date::floor<date::days>(local).time_since_epoch().count());
}

std::int64_t DigestSchedule::first_allowed(int local_day, int minute) const {
  if (in_quiet_hours(minute, quiet_start_, quiet_end_)) {
    if (minute >= quiet_end_) ++local_day;  // quiet hours running past midnight end on the next day
    minute = quiet_end_;
  }
  return calendar_.next_working_day_at(to_utc_ms(local_day, 0) - 1, minute);
}

std::int64_t DigestSchedule::allowed_from(std::int64_t now_ms) const {
  const int day = local_day_of(now_ms);
  const auto local = zone_->to_local(sys_time<milliseconds>(milliseconds(now_ms)));
  const int minute = static_cast<int>(duration_cast<minutes>(local - date::floor<date::days>(local)).count());
  return std::max(now_ms, first_allowed(day, minute));
}

DigestSlot DigestSchedule::slot(DigestKind kind, std::int64_t now_ms, int offset) const {
  const int today = local_day_of(now_ms);
  DigestSlot slot;
  if (kind == DigestKind::weekly) {
    const date::weekday weekday{local_days_of(today)};
    const int monday = today - static_cast<int>((weekday.iso_encoding() - 1)) + 7 * offset;
    const int day = monday + weekly_day_;
    slot.period = week_label(local_days_of(monday));
    slot.due_ms = first_allowed(day, weekly_minute_);
    slot.from_ms = to_utc_ms(day - 7, weekly_minute_);
    slot.to_ms = to_utc_ms(day, weekly_minute_);
    return slot;
  }
  const date::year_month_day ymd{local_days_of(today)};
  const auto month = date::year_month(ymd.year(), ymd.month()) + date::months(offset);
  const auto reported = month - date::months(1);
  auto day_of = [](date::year_month_day d) { return static_cast<int>(date::local_days(d).time_since_epoch().count()); };
  slot.period = month_label(reported);
  slot.due_ms = first_allowed(day_of(month / date::day(static_cast<unsigned>(digests_.monthly_day))), monthly_minute_);
  slot.from_ms = to_utc_ms(day_of(reported / date::day(1)), 0);
  slot.to_ms = to_utc_ms(day_of(month / date::day(1)), 0);
  return slot;
}

std::optional<DigestSlot> DigestSchedule::due(DigestKind kind, std::int64_t now_ms) const {
  const auto grace = kind == DigestKind::weekly ? kWeeklyGraceMs : kMonthlyGraceMs;
  const auto sendable_at = allowed_from(now_ms);
  // The current period's slot first: when both have come, the newer one replaces the older.
  for (int offset : {0, -1}) {
    auto candidate = slot(kind, now_ms, offset);
    if (candidate.due_ms <= now_ms && sendable_at < candidate.due_ms + grace) return candidate;
  }
  return std::nullopt;
}

std::int64_t DigestSchedule::next_due(DigestKind kind, std::int64_t now_ms) const {
  std::optional<std::int64_t> next;
  for (int offset : {-1, 0, 1}) {
    const auto due_ms = slot(kind, now_ms, offset).due_ms;
    if (due_ms > now_ms) next = next ? std::min(*next, due_ms) : due_ms;
  }
  return next ? *next : slot(kind, now_ms, 2).due_ms;
}

}  // namespace ambassador::rhythm
