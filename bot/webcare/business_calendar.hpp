#pragma once
// A department's working time in its IANA zone: webcare's SLA clocks (claim and answer deadlines, reminders) only
// run while the department is open, and the daily digest is posted on working days. Worked out day by day in
// local time, so DST switches, weekends and holidays are right, and a duration of days costs a loop over days,
// never over minutes.
//
// Business time is elapsed time: on a day whose opening hours contain a DST switch the day is an hour shorter
// (spring) or longer (autumn). A local time that does not exist (in the spring-forward gap) means the first
// instant after the gap; an ambiguous one (autumn) means its first occurrence. A day whose opening and closing
// both fall in the gap has no business time.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace date {
class time_zone;
}

namespace ambassador::webcare {

class BusinessCalendar {
 public:
  // Throws std::invalid_argument naming the bad value on an unknown zone, an "HH:MM" that is not one, closes not
  // after opens, an unknown day name (days: "mon".."sun"), no working day at all, or a holiday that is not a
  // local date "YYYY-MM-DD".
  BusinessCalendar(std::string_view zone, std::string_view opens, std::string_view closes,
                   const std::vector<std::string>& days, const std::vector<std::string>& holidays);
  static BusinessCalendar from_config(const config::BusinessHoursConfig& hours, std::string_view zone);
  // The department's calendar, or the organisation's for a department the config no longer names.
  static BusinessCalendar of_department(const config::Config& config, std::string_view department_id);

  int minutes_per_day() const { return closes_ - opens_; }

  // The UTC ms at which `minutes` business minutes have passed after `utc_ms`; time outside opening hours, on
  // other days and on holidays does not count. A deadline that uses up a day exactly falls on its closing time
  // (not the next opening). minutes <= 0: `utc_ms` itself when open, else the next opening.
  // Throws std::out_of_range when that takes more than five years of calendar days (holidays everywhere).
  std::int64_t add_business_minutes(std::int64_t utc_ms, std::int64_t minutes) const;
  // days count as days * minutes_per_day() business minutes: 1 day from Tuesday 10:00 is Wednesday 10:00.
  std::int64_t add(std::int64_t utc_ms, const config::BusinessDuration& duration) const;

  bool is_open(std::int64_t utc_ms) const;
  // Whether the local date of `utc_ms` is one of the working days and not a holiday.
  bool is_working_day(std::int64_t utc_ms) const;

  // The first instant strictly after `utc_ms` at local time `minute_of_day` (0..1439, else std::invalid_argument)
  // on a working day: when the daily digest is due. A time in the spring-forward gap means the end of the gap.
  std::int64_t next_working_day_at(std::int64_t utc_ms, int minute_of_day) const;

  // The local date "YYYY-MM-DD" of `utc_ms` (digest keys).
  std::string local_date(std::int64_t utc_ms) const;

 private:
  // Local days are counted from 1970-01-01, as date::local_days are.
  int local_day_of(std::int64_t utc_ms) const;
  bool is_working(int local_day) const;
  std::int64_t to_utc_ms(int local_day, int minute_of_day) const;

  const date::time_zone* zone_;
  int opens_;                      // minutes since local midnight
  int closes_;                     // idem, > opens_
  bool working_weekdays_[7] = {};  // [0] = Sunday, as date::weekday::c_encoding()
  std::vector<int> holidays_;      // local days, sorted
};

}  // namespace ambassador::webcare
