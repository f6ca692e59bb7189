#pragma once
// Intervision meetings: a department's series (an RRULE in an IANA zone), the changes to single occurrences (skip,
// move), who comes to which occurrence, the notes kept afterwards, and the department's calendar-feed token. The
// domain (bot/rhythm) decides; this stores it. Occurrences are keyed by their original local start
// ("2027-02-09T15:00"), which a move does not change, so RSVPs and notes stay with a moved meeting.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::storage {

struct MeetingSeriesRecord {
  std::int64_t id = 0;
  std::string department_id;
  std::string rrule;        // "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" (an ended series carries UNTIL)
  std::string time_zone;    // IANA
  std::string first_start;  // local "YYYY-MM-DDTHH:MM"
  int duration_minutes = 60;
  std::string location;
  std::string title;
  int sequence = 0;  // iCalendar SEQUENCE: bumped on every change subscribers must see
  bool cancelled = false;
  std::string created_by;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct MeetingChangeRecord {
  std::string occurrence;               // the original local start
  std::optional<std::string> moved_to;  // nullopt: skipped
  std::optional<int> duration_minutes;
};

struct RsvpRecord {
  std::string occurrence;
  Person person;
  std::string answer;  // going, not_going, maybe
  std::int64_t updated_at_ms = 0;
};

struct MeetingNoteRecord {
  std::int64_t id = 0;
  std::int64_t series_id = 0;
  std::string occurrence;
  std::string text;
  std::string author;
  std::int64_t created_at_ms = 0;
};

class MeetingRepository {
 public:
  explicit MeetingRepository(Connection& db) : db_(db) {}

  std::int64_t insert(const MeetingSeriesRecord& series);
  // Writes rrule, location, title, sequence, cancelled and updated_at.
  void update(const MeetingSeriesRecord& series);
  std::optional<MeetingSeriesRecord> find(std::int64_t id);
  // The department's series, oldest first; `active_only`: not cancelled.
  std::vector<MeetingSeriesRecord> of_department(std::string_view department_id, bool active_only);
  std::vector<MeetingSeriesRecord> active();

  // Skips (moved_to nullopt) or moves an occurrence; a later change of the same occurrence replaces the earlier.
  void set_change(std::int64_t series_id, const MeetingChangeRecord& change);
  std::vector<MeetingChangeRecord> changes(std::int64_t series_id);

  void set_rsvp(std::int64_t series_id, const RsvpRecord& rsvp);
  std::vector<RsvpRecord> rsvps(std::int64_t series_id, std::string_view occurrence);
  std::optional<std::string> rsvp_of(std::int64_t series_id, std::string_view occurrence, const Person& person);

  std::int64_t add_note(const MeetingNoteRecord& note);
  std::vector<MeetingNoteRecord> notes(std::int64_t series_id);

  // The calendar feed's token, as a hash: the token itself is shown once, when it is made.
  void set_calendar_token_hash(std::string_view department_id, std::string_view hash, std::int64_t now_ms);
  std::optional<std::string> calendar_token_hash(std::string_view department_id);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
