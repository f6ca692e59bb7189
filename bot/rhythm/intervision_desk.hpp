#pragma once
// Intervision on the database: a lead plans a department's series, skips or moves one meeting, changes the rhythm
// from a date onward or cancels it; ambassadors answer whether they come; the lead keeps notes afterwards. Each
// operation decides, stores and queues what it causes in the caller's transaction. Every change subscribers of the
// calendar feed must see bumps the series' SEQUENCE, and each is announced once in the department's ambassadors
// channels (the outbox key names the series and its sequence). Chat commands, buttons and the API come through
// here; it knows no platform.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bot/clock.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/intervision_form.hpp"
#include "bot/rhythm/recurrence.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/meeting_repository.hpp"

namespace ambassador::rhythm {

inline const std::vector<std::string_view> kAnswers = {"going", "not_going", "maybe"};
inline constexpr std::size_t kMaxNotesBytes = 4000;

// One meeting: a series and one of its occurrences (as it takes place now).
struct Meeting {
  storage::MeetingSeriesRecord series;
  Occurrence occurrence;
};

enum class Refusal {
  none,
  not_lead,
  already_planned,  // schedule: the department has a series with meetings to come
  no_series,        // nothing planned
  no_such_meeting,  // no upcoming meeting on that date
  started,          // an RSVP after the start
  gone,             // an RSVP for a meeting that was skipped, or a series that was cancelled
  no_past_meeting,  // notes before the first meeting
  invalid,          // see `problem`
};

struct DeskResult {
  Refusal refusal = Refusal::none;
  std::optional<FormError> problem;
  std::optional<Meeting> meeting;  // the meeting acted on (a new series: its first meeting)
  bool ok() const { return refusal == Refusal::none; }
};

SeriesRule rule_of(const storage::MeetingSeriesRecord& series);
std::vector<OccurrenceChange> changes_of(const std::vector<storage::MeetingChangeRecord>& changes);

class IntervisionDesk {
 public:
  IntervisionDesk(storage::Connection& db, const config::Config& config, const Clock& clock, OutboxWriter& outbox);

  // A department's lead: its configured `lead`, or one of its ambassadors with the `lead` role.
  bool is_lead(std::string_view department_id, const storage::Person& person);

  DeskResult schedule(const std::string& department_id, const IntervisionForm& form, const std::string& created_by);
  // Ends the running series before `date` and starts one with the new form from that date; unnamed place and
  // duration stay as they were.
  DeskResult change_from(const std::string& department_id, const std::string& date, IntervisionForm form);
  DeskResult skip(const std::string& department_id, const std::string& date);
  DeskResult move(const std::string& department_id, const std::string& date, const LocalTime& to);
  DeskResult cancel(const std::string& department_id);
  DeskResult answer(std::int64_t series_id, const LocalTime& occurrence, const storage::Person& person,
                    const std::string& answer);
  DeskResult add_notes(const std::string& department_id, const std::string& text, const std::string& author);

  // The department's next meeting that has not started.
  std::optional<Meeting> next(const std::string& department_id);
  // Upcoming meetings of one series, at most `limit`.
  std::vector<Occurrence> upcoming(const storage::MeetingSeriesRecord& series, std::size_t limit);

  // Queues the reminders that are due (the latest due offset of each meeting that has not begun, once) and returns
  // when the next one falls due.
  std::optional<std::int64_t> send_due_reminders();

  // "dinsdag 2027-02-09 15:00" in the department's language.
  std::string when(const std::string& department_id, const LocalTime& local) const;
  std::string answer_label(const std::string& department_id, std::string_view answer) const;
  i18n::Language language_of(std::string_view department_id) const;

 private:
  std::vector<storage::MeetingSeriesRecord> running(const std::string& department_id);
  std::optional<Meeting> upcoming_on(const std::string& department_id, const std::string& date);
  void announce(const storage::MeetingSeriesRecord& series, const std::string& what, const OutgoingMessage& message);
  void bump(storage::MeetingSeriesRecord& series);
  std::string schedule_text(const storage::MeetingSeriesRecord& series) const;
  std::string location_text(const storage::MeetingSeriesRecord& series) const;
  void remind(const storage::MeetingSeriesRecord& series, std::optional<std::int64_t>& next_due);
  OutgoingMessage reminder(const Meeting& meeting) const;
  std::vector<std::pair<std::string, std::int64_t>> reminder_instants(const Meeting& meeting) const;

  storage::Connection& db_;
  const config::Config& config_;
  const Clock& clock_;
  OutboxWriter& outbox_;
  storage::MeetingRepository meetings_;
};

}  // namespace ambassador::rhythm
