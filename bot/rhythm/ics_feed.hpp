#pragma once
// A department's meeting calendar as an iCalendar feed (RFC 5545) that Outlook, Google Calendar and Apple
// Calendar subscribe to: one recurring VEVENT per series, in its own IANA zone so clients keep 15:00 at 15:00
// across DST, plus one VEVENT per moved occurrence.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/rhythm/recurrence.hpp"

namespace ambassador::rhythm {

struct CalendarSeries {
  std::string uid;  // stable across renders, e.g. "series-12@ambassador-bot": clients update events by it
  SeriesRule rule;
  std::vector<OccurrenceChange> changes;
  int sequence = 0;  // bumped on every change the attendees should see
  std::string summary;
  std::string location;
  std::string description;
  bool cancelled = false;
  std::int64_t updated_ms = 0;  // LAST-MODIFIED; 0 leaves it out
};

// The whole feed: VCALENDAR with one VTIMEZONE per zone used, the series' VEVENTs (RRULE, EXDATE for skipped
// occurrences) and a VEVENT with RECURRENCE-ID per moved occurrence. CRLF lines folded at 75 octets, TEXT
// escaped. A series whose rule check_rule refuses is left out, and so is a change for an occurrence the rule
// does not have (as occurrences() does); `now_ms` is the DTSTAMP.
std::string render_calendar(std::string_view calendar_name, const std::vector<CalendarSeries>& series,
                            std::int64_t now_ms);

}  // namespace ambassador::rhythm
