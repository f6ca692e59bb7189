#pragma once
// When a department's weekly digest and monthly report are due, in its own zone and working days ([digests] in the
// config): the configured day and time, moved to the next working day when that day is none (a weekend, a holiday)
// and to the end of quiet hours when the time falls inside them. Each slot names its period ("2027-W02": the ISO
// week the digest is sent in; "2026-12": the month a report is about), which keys what is sent for it, and the
// span it covers: a weekly digest the week up to its configured time, a report the previous calendar month.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/webcare/business_calendar.hpp"
#include "config/config.hpp"

namespace date {
class time_zone;
}

namespace ambassador::rhythm {

enum class DigestKind { weekly, monthly };

struct DigestSlot {
  std::string period;
  std::int64_t due_ms = 0;   // after moving off non-working days and quiet hours
  std::int64_t from_ms = 0;  // the span covered: [from, to)
  std::int64_t to_ms = 0;
};

// How late a digest may still go out (the service was down at its time): a weekly digest's list of posts is stale
// a day later; a month's figures are still news to a lead a few days on.
inline constexpr std::int64_t kWeeklyGraceMs = 24LL * 60 * 60 * 1000;
inline constexpr std::int64_t kMonthlyGraceMs = 3 * 24LL * 60 * 60 * 1000;

class DigestSchedule {
 public:
  // Throws std::invalid_argument (from the calendar) on a department calendar the config cannot make.
  DigestSchedule(const config::Config& config, std::string_view department_id);

  // The slot due at `now_ms`: its time has come and a message sent now (or at the end of quiet hours, or on the next
  // working day) would still be within the kind's grace. nullopt when none is.
  std::optional<DigestSlot> due(DigestKind kind, std::int64_t now_ms) const;
  // The first slot time strictly after `now_ms`.
  std::int64_t next_due(DigestKind kind, std::int64_t now_ms) const;
  // The first instant at or after `now_ms` on a working day outside quiet hours: when a message queued now may go.
  std::int64_t allowed_from(std::int64_t now_ms) const;

 private:
  // offset: slots relative to the one of the week (month) `now_ms` is in.
  DigestSlot slot(DigestKind kind, std::int64_t now_ms, int offset) const;
  std::int64_t first_allowed(int local_day, int minute) const;
  std::int64_t to_utc_ms(int local_day, int minute) const;
  int local_day_of(std::int64_t utc_ms) const;

  const date::time_zone* zone_;
  webcare::BusinessCalendar calendar_;
  const config::DigestsConfig& digests_;
  int quiet_start_, quiet_end_;
  int weekly_minute_, monthly_minute_;
  int weekly_day_;  // 0 = Monday
};

}  // namespace ambassador::rhythm
