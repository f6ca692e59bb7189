#include "bot/rhythm/recurrence.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include <date/date.h>
#include <date/tz.h>

#include "bot/rhythm/recurrence_detail.hpp"

namespace ambassador::rhythm {
namespace detail {
namespace {

using std::chrono::duration_cast;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kMaxDurationMinutes = 24 * 60;

std::optional<int> digits(std::string_view text) {
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// libical compares a UTC or date-only UNTIL with the floating occurrences as if they were UTC, and drops the
// UNTIL day itself for a date-only one; a floating UNTIL in the zone's wall time makes it exact.
icaltimetype floating_until(const icaltimetype& until, const date::time_zone& zone) {
  if (until.is_date) return floating(local_of(until) + hours(23) + minutes(59) + seconds(59));
  if (icaltime_is_utc(until)) {
    const auto instant = date::sys_seconds{local_of(until).time_since_epoch()};
    return floating(date::floor<seconds>(zone.to_local(instant)));
  }
  return until;
}

struct IteratorFree {
  void operator()(icalrecur_iterator* iterator) const { icalrecur_iterator_free(iterator); }
};
using Iterator = std::unique_ptr<icalrecur_iterator, IteratorFree>;

bool meeting_frequency(icalrecurrencetype_frequency frequency) {
  // A meeting series recurs at most daily: SECONDLY..HOURLY would make every expansion walk thousands of steps.
  return frequency == ICAL_DAILY_RECURRENCE || frequency == ICAL_WEEKLY_RECURRENCE ||
         frequency == ICAL_MONTHLY_RECURRENCE || frequency == ICAL_YEARLY_RECURRENCE;
}

std::optional<icalrecurrencetype> parse_recurrence(const std::string& rrule) {
  // A malformed rule must come back as an error value, never abort the process (set once; it is global).
  static std::once_flag quiet;
  std::call_once(quiet, [] { icalerror_set_errors_are_fatal(0); });
  icalerror_clear_errno();
  icalrecurrencetype recurrence = icalrecurrencetype_from_string(rrule.c_str());
  const bool has_rscale = recurrence.rscale != nullptr;
  icalmemory_free_buffer(recurrence.rscale);  // RSCALE (non-Gregorian) is not for us; the field owns a copy
  recurrence.rscale = nullptr;
  // BYSECOND would give occurrences off the minute a LocalTime can name.
  if (icalerrno != ICAL_NO_ERROR || has_rscale || !meeting_frequency(recurrence.freq) ||
      recurrence.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX) {
    icalerror_clear_errno();
    return std::nullopt;
  }
  return recurrence;
}

}  // namespace

date::local_seconds local_of(const icaltimetype& time) {
  const date::year_month_day ymd{date::year{time.year}, date::month{static_cast<unsigned>(time.month)},
                                 date::day{static_cast<unsigned>(time.day)}};
  return date::local_days(ymd) + hours(time.hour) + minutes(time.minute) + seconds(time.second);
}

icaltimetype floating(date::local_seconds local) {
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> time{local - day};
  icaltimetype result = icaltime_null_time();
  result.year = static_cast<int>(ymd.year());
  result.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  result.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  result.hour = static_cast<int>(time.hours().count());
  result.minute = static_cast<int>(time.minutes().count());
  result.second = static_cast<int>(time.seconds().count());
  return result;  // zone stays null: a floating (wall clock) time
}

std::optional<LocalMinute> parse_local(std::string_view text) {
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':') {
    return std::nullopt;
  }
  const auto year = digits(text.substr(0, 4));
  const auto month = digits(text.substr(5, 2));
  const auto day = digits(text.substr(8, 2));
  const auto hour = digits(text.substr(11, 2));
  const auto minute = digits(text.substr(14, 2));
  if (!year || !month || !day || !hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                 date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;  // 31 February, month 13
  return date::local_days(ymd) + hours(*hour) + minutes(*minute);
}

LocalTime format_local(LocalMinute local) {
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const auto minute_of_day = (local - day).count();
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(minute_of_day / 60), static_cast<int>(minute_of_day % 60));
  return LocalTime(text, 16);
}

const date::time_zone* find_zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

Placed place(const date::time_zone& zone, LocalMinute local) {
  const auto info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent) {
    // In the spring gap: the first instant after it, which is the wall time the clocks jump to.
    const auto after = date::floor<minutes>(info.first.end);
    return {duration_cast<milliseconds>(after.time_since_epoch()).count(),
            LocalMinute{after.time_since_epoch() + duration_cast<minutes>(info.second.offset)}};
  }
  // Unique, or ambiguous in autumn: info.first is the earlier of the two.
  const auto instant = date::sys_time<minutes>{local.time_since_epoch()} - duration_cast<minutes>(info.first.offset);
  return {duration_cast<milliseconds>(instant.time_since_epoch()).count(), local};
}

LocalMinute local_minute(const date::time_zone& zone, std::int64_t utc_ms) {
  return date::floor<minutes>(zone.to_local(date::sys_time<milliseconds>{milliseconds{utc_ms}}));
}

std::variant<ParsedRule, RuleProblem> parse_rule(const SeriesRule& rule) {
  const date::time_zone* zone = find_zone(rule.time_zone);
  if (zone == nullptr) return RuleProblem::unknown_time_zone;
  const auto first_start = parse_local(rule.first_start);
  if (!first_start) return RuleProblem::bad_local_time;
  if (zone->get_info(*first_start).result == date::local_info::nonexistent) return RuleProblem::in_dst_gap;
  if (rule.duration_minutes < 1 || rule.duration_minutes > kMaxDurationMinutes) return RuleProblem::bad_duration;
  auto recurrence = parse_recurrence(rule.rrule);
  if (!recurrence) return RuleProblem::bad_rule;
  if (!icaltime_is_null_time(recurrence->until)) recurrence->until = floating_until(recurrence->until, *zone);
  ParsedRule parsed{zone, *recurrence, *first_start, minutes{rule.duration_minutes}};
  // DTSTART is the first occurrence (RFC 5545 3.8.5.3) and calendars show it even when the rule would not
  // produce it, while libical skips it: a first start the rule does not produce (or no occurrence at all) is
  // refused so that every reader of the feed sees the same series.
  bool starts_on_first_start = false;
  for_each_original(parsed, *first_start, *first_start, [&](LocalMinute original) {
    starts_on_first_start = original == *first_start;
    return false;
  });
  if (!starts_on_first_start) return RuleProblem::bad_rule;
  return parsed;
}

ParsedRule parse_checked(const SeriesRule& rule) {
  auto parsed = parse_rule(rule);
  if (std::holds_alternative<RuleProblem>(parsed)) {
    throw std::invalid_argument("rhythm: a series rule that check_rule refuses (" + rule.rrule + ")");
  }
  return std::get<ParsedRule>(parsed);
}

void for_each_original(const ParsedRule& rule, LocalMinute skip_to, LocalMinute horizon,
                       const std::function<bool(LocalMinute)>& visit) {
  const Iterator iterator{icalrecur_iterator_new(rule.recurrence, floating(rule.first_start))};
  if (!iterator) {
    icalerror_clear_errno();
    return;
  }
  // set_start jumps ahead instead of walking every earlier occurrence; it cannot honour COUNT.
  if (rule.recurrence.count == 0 && skip_to > rule.first_start) {
    icalrecur_iterator_set_start(iterator.get(), floating(skip_to));
  }
  for (auto next = icalrecur_iterator_next(iterator.get()); !icaltime_is_null_time(next);
       next = icalrecur_iterator_next(iterator.get())) {
    const auto original = date::floor<minutes>(local_of(next));
    if (original > horizon || !visit(original)) return;
  }
}

bool is_original(const ParsedRule& rule, LocalMinute local) {
  bool found = false;
  for_each_original(rule, local - date::days{1}, local, [&](LocalMinute original) {
    found = original == local;
    return original < local;
  });
  return found;
}

}  // namespace detail

using detail::LocalMinute;

std::optional<RuleProblem> check_rule(const SeriesRule& rule) {
  auto parsed = detail::parse_rule(rule);
  if (const auto* problem = std::get_if<RuleProblem>(&parsed)) return *problem;
  return std::nullopt;
}

std::optional<RuleProblem> check_local_time(const std::string& time_zone, const LocalTime& local) {
  const date::time_zone* zone = detail::find_zone(time_zone);
  if (zone == nullptr) return RuleProblem::unknown_time_zone;
  const auto parsed = detail::parse_local(local);
  if (!parsed) return RuleProblem::bad_local_time;
  if (zone->get_info(*parsed).result == date::local_info::nonexistent) return RuleProblem::in_dst_gap;
  return std::nullopt;
}

std::int64_t to_utc_ms(const std::string& time_zone, const LocalTime& local) {
  if (check_local_time(time_zone, local)) {
    throw std::invalid_argument("rhythm: no instant for local time '" + local + "' in '" + time_zone + "'");
  }
  return detail::place(*detail::find_zone(time_zone), *detail::parse_local(local)).start_ms;
}

LocalTime to_local(const std::string& time_zone, std::int64_t utc_ms) {
  const date::time_zone* zone = detail::find_zone(time_zone);
  if (zone == nullptr) throw std::invalid_argument("rhythm: unknown time zone '" + time_zone + "'");
  return detail::format_local(detail::local_minute(*zone, utc_ms));
}

namespace {

// The latest window start expanded (year 9000): keeps the local-time arithmetic below far from overflow.
constexpr std::int64_t kLatestFromMs = 221845392000000;
// A rule whose occurrences never reach the window is walked at most this far past the window's start.
constexpr date::days kExpansionHorizon{3653};

using ChangeIndex = std::map<LocalMinute, const OccurrenceChange*>;

ChangeIndex index_changes(const std::vector<OccurrenceChange>& changes) {
  ChangeIndex index;
  for (const auto& change : changes) {
    const auto original = detail::parse_local(change.occurrence);
    if (!original) throw std::invalid_argument("rhythm: a change names no local time: '" + change.occurrence + "'");
    index[*original] = &change;
  }
  return index;
}

std::optional<Occurrence> moved_occurrence(const detail::ParsedRule& rule, LocalMinute original,
                                           const OccurrenceChange& change) {
  const auto moved_to = detail::parse_local(*change.moved_to);
  if (!moved_to) throw std::invalid_argument("rhythm: a move to no local time: '" + *change.moved_to + "'");
  // A change kept for an occurrence the rule no longer has (the series was ended before it) is not shown.
  if (!detail::is_original(rule, original)) return std::nullopt;
  const auto placed = detail::place(*rule.zone, *moved_to);
  const auto duration = std::chrono::minutes{change.duration_minutes.value_or(static_cast<int>(rule.duration.count()))};
  return Occurrence{change.occurrence, detail::format_local(placed.local), placed.start_ms,
                    placed.start_ms + std::chrono::milliseconds{duration}.count(), true};
}

}  // namespace

std::vector<Occurrence> occurrences(const SeriesRule& rule, const std::vector<OccurrenceChange>& changes,
                                    std::int64_t from_ms, std::int64_t to_ms, std::size_t limit) {
  const auto parsed = detail::parse_checked(rule);
  const auto index = index_changes(changes);
  if (from_ms >= to_ms || limit == 0 || from_ms > kLatestFromMs) return {};
  const auto duration_ms = std::chrono::milliseconds{parsed.duration}.count();

  // Occurrences ending after from_ms start after its wall time minus the duration and any offset change.
  const auto first_ms = detail::place(*parsed.zone, parsed.first_start).start_ms;
  const auto window_local = detail::local_minute(*parsed.zone, std::max(from_ms, first_ms));
  const auto skip_to = window_local - parsed.duration - date::days{1};

  std::vector<Occurrence> found;
  detail::for_each_original(parsed, skip_to, window_local + kExpansionHorizon, [&](LocalMinute original) {
    const auto placed = detail::place(*parsed.zone, original);
    if (placed.start_ms >= to_ms) return false;
    if (!index.contains(original) && placed.start_ms + duration_ms > from_ms) {
      auto key = detail::format_local(original);
      auto local_start = placed.local == original ? key : detail::format_local(placed.local);
      found.push_back({std::move(key), std::move(local_start), placed.start_ms, placed.start_ms + duration_ms});
    }
    // Originals come in start order, so the first `limit` of them plus the moved ones hold the answer.
    return found.size() < limit;
  });
  for (const auto& [original, change] : index) {
    if (!change->moved_to) continue;
    auto moved = moved_occurrence(parsed, original, *change);
    if (moved && moved->end_ms > from_ms && moved->start_ms < to_ms) found.push_back(std::move(*moved));
  }
  std::sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
    return std::tie(a.start_ms, a.occurrence) < std::tie(b.start_ms, b.occurrence);
  });
  if (found.size() > limit) found.resize(limit);
  return found;
}

bool is_occurrence(const SeriesRule& rule, const LocalTime& local) {
  const auto parsed = detail::parse_rule(rule);
  const auto wanted = detail::parse_local(local);
  return wanted && std::holds_alternative<detail::ParsedRule>(parsed) &&
         detail::is_original(std::get<detail::ParsedRule>(parsed), *wanted);
}

std::optional<SeriesRule> ending_before(const SeriesRule& rule, const LocalTime& local) {
  const auto parsed = detail::parse_checked(rule);
  const auto cutoff = detail::parse_local(local);
  if (!cutoff) throw std::invalid_argument("rhythm: ending before no local time: '" + local + "'");
  std::optional<LocalMinute> last;
  detail::for_each_original(parsed, parsed.first_start, *cutoff, [&](LocalMinute original) {
    if (original >= *cutoff) return false;
    last = original;
    return true;
  });
  if (!last) return std::nullopt;

  // UNTIL in UTC, as RFC 5545 requires next to a DTSTART with a TZID (the feed's form); COUNT gives way to it.
  icalrecurrencetype recurrence = parsed.recurrence;
  recurrence.count = 0;
  const auto until_ms = detail::place(*parsed.zone, *last).start_ms;
  recurrence.until =
      icaltime_from_timet_with_zone(static_cast<time_t>(until_ms / 1000), 0, icaltimezone_get_utc_timezone());
  char* text = icalrecurrencetype_as_string_r(&recurrence);
  SeriesRule ended = rule;
  ended.rrule = text;
  icalmemory_free_buffer(text);
  return ended;
}

}  // namespace ambassador::rhythm
