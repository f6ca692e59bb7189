#pragma once
// A meeting series as RFC 5545 has it: a first local start (DTSTART) in an IANA zone, an RRULE, a duration, and
// per-occurrence changes (skipped: EXDATE; moved: RECURRENCE-ID with a new start). The rule is expanded by libical
// in local wall time and each local start is turned into an instant with date/tz, so 15:00 stays 15:00 across
// DST changes. No calendar arithmetic is written here by hand.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ambassador::rhythm {

// A local wall time "YYYY-MM-DDTHH:MM" (no zone, no seconds): DTSTART, RECURRENCE-ID and moved starts.
using LocalTime = std::string;

struct SeriesRule {
  std::string time_zone;  // IANA, "Europe/Amsterdam"
  std::string rrule;      // RRULE value, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" (may carry UNTIL or COUNT)
  LocalTime first_start;  // the first occurrence
  int duration_minutes = 60;
};

// One occurrence's change. `occurrence` is the original local start (the RECURRENCE-ID): it stays the key of
// the occurrence (RSVPs hang on it) however often it is moved.
struct OccurrenceChange {
  LocalTime occurrence;
  std::optional<LocalTime> moved_to;  // nullopt: skipped
  std::optional<int> duration_minutes;
};

struct Occurrence {
  LocalTime occurrence;       // the key: the original local start
  LocalTime local_start;      // where it takes place now (== occurrence unless moved)
  std::int64_t start_ms = 0;  // UTC
  std::int64_t end_ms = 0;
  bool moved = false;  // a change gives it its own start (and maybe duration): a RECURRENCE-ID override
};

enum class RuleProblem {
  unknown_time_zone,  // not an IANA zone date/tz knows
  bad_local_time,     // not "YYYY-MM-DDTHH:MM", or an impossible date (31 February) or time (25:00)
  in_dst_gap,         // the local time does not exist in the zone (spring forward)
  bad_rule,           // libical does not accept the RRULE, it yields no occurrence at all, its first occurrence
                      // is not first_start (DTSTART), or it recurs more often than daily (or BYSECOND)
  bad_duration,       // not 1..1440 minutes
};

// Checks everything a SeriesRule or a moved start can get wrong; nullopt when it is fine.
std::optional<RuleProblem> check_rule(const SeriesRule& rule);
std::optional<RuleProblem> check_local_time(const std::string& time_zone, const LocalTime& local);

// The instant of a local wall time in a zone (an ambiguous autumn time: its first occurrence). Throws
// std::invalid_argument for what check_local_time refuses.
std::int64_t to_utc_ms(const std::string& time_zone, const LocalTime& local);
// The local wall time of an instant in a zone.
LocalTime to_local(const std::string& time_zone, std::int64_t utc_ms);

// The occurrences that end after `from_ms` and start before `to_ms`, in start order, skipped ones left out and
// moved ones at their new time (a moved occurrence is found by its new start, wherever its original was), at most
// `limit`. The expansion looks at most ten years past the later of `from_ms` and the first start (an open-ended
// window gets ten years). The rule must have passed check_rule, and each change name a LocalTime (else
// std::invalid_argument); a change for an occurrence the rule does not have (any more) is ignored.
std::vector<Occurrence> occurrences(const SeriesRule& rule, const std::vector<OccurrenceChange>& changes,
                                    std::int64_t from_ms, std::int64_t to_ms, std::size_t limit = 1000);

// Whether `local` is an original occurrence of the rule (a skip or a move must name one).
bool is_occurrence(const SeriesRule& rule, const LocalTime& local);

// The same rule ending before `local` (UNTIL set to the last occurrence before it): "change from a date onward"
// ends the old series there and starts a new one. UNTIL is written in UTC (RFC 5545 wants that next to a DTSTART
// with a TZID) and replaces a COUNT. nullopt when no occurrence is left before `local`.
std::optional<SeriesRule> ending_before(const SeriesRule& rule, const LocalTime& local);

}  // namespace ambassador::rhythm
