#pragma once
// Internals shared by recurrence.cpp and ics_feed.cpp (not for use outside bot/rhythm): the parsed form of a
// SeriesRule and the local-time helpers both need.
#include <libical/ical.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <variant>

#include <date/tz.h>

#include "bot/rhythm/recurrence.hpp"

namespace ambassador::rhythm::detail {

using LocalMinute = date::local_time<std::chrono::minutes>;

struct ParsedRule {
  const date::time_zone* zone = nullptr;
  icalrecurrencetype recurrence;  // UNTIL, when set, as a floating time in the zone's wall clock
  LocalMinute first_start;
  std::chrono::minutes duration;
};

// Where a local wall time takes place: its instant and the wall time then (differs only in a spring gap).
struct Placed {
  std::int64_t start_ms = 0;
  LocalMinute local;
};

std::optional<LocalMinute> parse_local(std::string_view text);
icaltimetype floating(date::local_seconds local);        // a wall-clock time, no zone
date::local_seconds local_of(const icaltimetype& time);  // its fields read as a wall-clock time
LocalTime format_local(LocalMinute local);
const date::time_zone* find_zone(const std::string& name);
// An ambiguous autumn time: the earlier instant; a time in the spring gap: the first instant after it.
Placed place(const date::time_zone& zone, LocalMinute local);
LocalMinute local_minute(const date::time_zone& zone, std::int64_t utc_ms);

std::variant<ParsedRule, RuleProblem> parse_rule(const SeriesRule& rule);
ParsedRule parse_checked(const SeriesRule& rule);  // throws std::invalid_argument for what check_rule refuses

// Walks the rule's original occurrences (local wall times) in order, from about `skip_to` on (earlier ones may
// still come, so the caller filters), until `visit` returns false, the rule ends, or one lies past `horizon`.
void for_each_original(const ParsedRule& rule, LocalMinute skip_to, LocalMinute horizon,
                       const std::function<bool(LocalMinute)>& visit);
bool is_original(const ParsedRule& rule, LocalMinute local);

}  // namespace ambassador::rhythm::detail
