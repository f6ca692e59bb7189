#pragma once
// Times as editors write them: "2026-12-01T09:00:00+01:00", "...Z", or a local "2026-12-01T09:00" read in
// a department's IANA zone (DST-correct: a time in the spring-forward gap is an error, an ambiguous
// autumn time means the first occurrence).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ambassador::content {

struct ParsedTime {
  std::optional<std::int64_t> utc_ms;
  std::string error;  // set when utc_ms is empty
};

ParsedTime parse_time(std::string_view text, std::string_view zone);
// "2026-12-01T08:00:00Z" (UTC, seconds precision) for API answers.
std::string format_utc(std::int64_t utc_ms);
// Local wall-clock time of `utc_ms` in `zone`, as minutes since local midnight, and the UTC ms of that
// local day's midnight (for daily caps and quiet hours).
struct LocalDay {
  int minute_of_day = 0;
  std::int64_t midnight_utc_ms = 0;
  std::int64_t next_midnight_utc_ms = 0;
};
LocalDay local_day(std::int64_t utc_ms, std::string_view zone);
// "2026-01-31": the local date of `utc_ms` in `zone` (UTC when the zone is unknown).
std::string local_date(std::int64_t utc_ms, std::string_view zone);
// UTC ms of the next local time `minute_of_day` (HH*60+MM) at or after `utc_ms` in `zone`.
std::int64_t next_local_time(std::int64_t utc_ms, int minute_of_day, std::string_view zone);

}  // namespace ambassador::content
