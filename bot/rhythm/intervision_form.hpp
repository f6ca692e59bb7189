#pragma once
// What a lead types to plan intervision: "every 2 weeks on tuesday 15:00 for 60 min at "Stadskantoor 3.14" from
// 2027-01-12", or in Dutch "elke 2 weken op dinsdag 15:00 60 min in "Stadskantoor 3.14" vanaf 2027-01-12"; also
// "every week", "weekly", and "monthly on the 2nd tuesday" ("maandelijks op de 2e dinsdag"). The words may come in
// any order. parse_intervision_form reads the words only; series_rule turns a form into an RFC 5545 rule in the
// department's zone and refuses what cannot be a meeting (31 February, a time in the DST gap, a start in the past).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "bot/i18n/catalog.hpp"
#include "bot/rhythm/recurrence.hpp"

namespace ambassador::rhythm {

inline constexpr std::size_t kMaxLocationBytes = 200;

struct IntervisionForm {
  int interval_weeks = 1;         // weekly series: every n weeks (1..8)
  std::optional<int> month_week;  // monthly series: 1..4 = the nth weekday of the month, -1 = the last
  std::string weekday;            // RRULE day: "MO".."SU"
  std::string time;               // "HH:MM"
  std::optional<int> duration_minutes;
  std::string location;   // "" when not given
  std::string from_date;  // "YYYY-MM-DD" as typed (not yet checked against the calendar)
};

struct FormError {
  i18n::Msg message;
  i18n::Args args;
};

std::variant<IntervisionForm, FormError> parse_intervision_form(std::string_view text);

// The rule of `form` in `time_zone`, starting on the first matching day on or after its date, or why not.
// `default_duration`: when the form names none.
std::variant<SeriesRule, FormError> series_rule(const IntervisionForm& form, const std::string& time_zone,
                                                std::int64_t now_ms, int default_duration = 60);

// Why a rule or a local time was refused, for the person who typed it.
FormError explain(RuleProblem problem, std::string_view value);

// "tuesday", "dinsdag", "tue" → "TU"; "" when not a weekday.
std::string weekday_code(std::string_view name);

// The first word outside quotes shaped like a date or a clock time that is not one ("2027-02-31", "25:00"), as the
// reason to give instead of the usage text: someone who typed a date has read the form, the date is what is wrong.
std::optional<FormError> impossible_date_or_time(std::string_view text);

// "2027-02-09" → true: the shape and a real calendar day.
bool is_calendar_date(std::string_view text);
// The weekday of a local "YYYY-MM-DD..." that passed is_calendar_date, 0 = Sunday .. 6 = Saturday.
int weekday_of_date(std::string_view local);

}  // namespace ambassador::rhythm
