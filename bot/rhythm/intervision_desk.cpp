#include "bot/rhythm/intervision_desk.hpp"

#include <algorithm>
#include <array>

#include <spdlog/spdlog.h>

#include "bot/content/time_parsing.hpp"
#include "bot/webcare/business_calendar.hpp"
#include "config/person_address.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/transaction.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
constexpr std::int64_t kYearMs = 366 * kDayMs;
// Reminders look this far ahead: the working day before a meeting may lie a long weekend and holidays back.
constexpr std::int64_t kReminderHorizonMs = 40 * kDayMs;

int minute_of(const std::string& clock_time) {
  return std::stoi(clock_time.substr(0, 2)) * 60 + std::stoi(clock_time.substr(3, 2));
}

constexpr std::array<std::string_view, 7> kDaysNl{"zondag",    "maandag", "dinsdag", "woensdag",
                                                  "donderdag", "vrijdag", "zaterdag"};
constexpr std::array<std::string_view, 7> kDaysEn{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

}  // namespace

SeriesRule rule_of(const storage::MeetingSeriesRecord& series) {
  return {series.time_zone, series.rrule, series.first_start, series.duration_minutes};
}

std::vector<OccurrenceChange> changes_of(const std::vector<storage::MeetingChangeRecord>& changes) {
  std::vector<OccurrenceChange> out;
  for (const auto& change : changes) out.push_back({change.occurrence, change.moved_to, change.duration_minutes});
  return out;
}

IntervisionDesk::IntervisionDesk(storage::Connection& db, const config::Config& config, const Clock& clock,
                                 OutboxWriter& outbox)
    : db_(db), config_(config), clock_(clock), outbox_(outbox), meetings_(db) {}

bool IntervisionDesk::is_lead(std::string_view department_id, const storage::Person& person) {
  const auto* department = config_.find_department(department_id);
  if (!department) return false;
  std::string why;
  if (const auto lead = config::parse_person_address(department->lead, why);
      lead && lead->platform == person.platform && lead->workspace == person.workspace &&
      lead->user_id == person.user_id)
    return true;
  const auto ambassador =
      storage::AmbassadorRepository(db_).find_by_identity({person.platform, person.workspace, person.user_id});
  return ambassador && ambassador->active() && ambassador->department_id == department_id &&
         std::find(ambassador->roles.begin(), ambassador->roles.end(), "lead") != ambassador->roles.end();
}

// ---- reading ------------------------------------------------------------------------------------------------

std::vector<Occurrence> IntervisionDesk::upcoming(const storage::MeetingSeriesRecord& series, std::size_t limit) {
  if (series.cancelled) return {};
  const auto now = clock_.now_ms();
  auto found = occurrences(rule_of(series), changes_of(meetings_.changes(series.id)), now, now + 2 * kYearMs, limit);
  std::erase_if(found, [now](const Occurrence& o) { return o.start_ms <= now; });
  return found;
}

// The department's series that still have meetings to come.
std::vector<storage::MeetingSeriesRecord> IntervisionDesk::running(const std::string& department_id) {
  auto series = meetings_.of_department(department_id, true);
  std::erase_if(series, [&](const auto& s) { return upcoming(s, 1).empty(); });
  return series;
}

std::optional<Meeting> IntervisionDesk::next(const std::string& department_id) {
  std::optional<Meeting> best;
  for (const auto& series : running(department_id)) {
    const auto first = upcoming(series, 1);
    if (!first.empty() && (!best || first.front().start_ms < best->occurrence.start_ms))
      best = Meeting{series, first.front()};
  }
  return best;
}

// The upcoming meeting that takes place on `date` now, or was planned for it.
std::optional<Meeting> IntervisionDesk::upcoming_on(const std::string& department_id, const std::string& date) {
  std::optional<Meeting> planned;
  for (const auto& series : running(department_id)) {
    for (const auto& o : upcoming(series, 400)) {
      if (o.local_start.starts_with(date)) return Meeting{series, o};
      if (o.occurrence.starts_with(date) && !planned) planned = Meeting{series, o};
    }
  }
  return planned;
}

// ---- changes by the lead ------------------------------------------------------------------------------------

DeskResult IntervisionDesk::schedule(const std::string& department_id, const IntervisionForm& form,
                                     const std::string& created_by) {
  const auto* department = config_.find_department(department_id);
  if (!department) return {Refusal::no_series, {}, {}};
  if (!running(department_id).empty()) return {Refusal::already_planned, {}, {}};
  auto rule = series_rule(form, department->time_zone, clock_.now_ms());
  if (auto* problem = std::get_if<FormError>(&rule)) return {Refusal::invalid, *problem, {}};
  const auto& r = std::get<SeriesRule>(rule);
  storage::MeetingSeriesRecord series;
  series.department_id = department_id;
  series.rrule = r.rrule;
  series.time_zone = r.time_zone;
  series.first_start = r.first_start;
  series.duration_minutes = r.duration_minutes;
  series.location = form.location;
  series.title = i18n::translate(language_of(department_id), Msg::intervision_reminder_title, {{"when", ""}});
  while (!series.title.empty() && series.title.back() == ' ') series.title.pop_back();
  series.created_by = created_by;
  series.created_at_ms = series.updated_at_ms = clock_.now_ms();
  series.id = meetings_.insert(series);
  const auto first = upcoming(series, 1);
  const auto language = language_of(department_id);
  OutgoingMessage message;
  message.text = i18n::translate(language, Msg::intervision_scheduled,
                                 {{"schedule", schedule_text(series)},
                                  {"first", when(department_id, series.first_start)},
                                  {"location", location_text(series)}});
  announce(series, "planned", message);
  return {Refusal::none, {}, Meeting{series, first.empty() ? Occurrence{} : first.front()}};
}

DeskResult IntervisionDesk::change_from(const std::string& department_id, const std::string& date,
                                        IntervisionForm form) {
  const auto* department = config_.find_department(department_id);
  auto series = running(department_id);
  if (!department || series.empty()) return {Refusal::no_series, {}, {}};
  if (!is_calendar_date(date)) return {Refusal::invalid, FormError{Msg::intervision_bad_date, {{"date", date}}}, {}};
  auto old = series.back();
  form.from_date = date;
  if (form.location.empty()) form.location = old.location;
  auto rule = series_rule(form, department->time_zone, clock_.now_ms(), old.duration_minutes);
  if (auto* problem = std::get_if<FormError>(&rule)) return {Refusal::invalid, *problem, {}};
  const auto& r = std::get<SeriesRule>(rule);
  // The old series ends before the change (or, with no meeting left before it, is withdrawn whole).
  if (auto ended = ending_before(rule_of(old), date + "T00:00")) {
    old.rrule = ended->rrule;
  } else {
    old.cancelled = true;
  }
  bump(old);
  storage::MeetingSeriesRecord fresh = old;
  fresh.id = 0;
  fresh.rrule = r.rrule;
  fresh.first_start = r.first_start;
  fresh.duration_minutes = r.duration_minutes;
  fresh.location = form.location;
  fresh.sequence = 0;
  fresh.cancelled = false;
  fresh.created_at_ms = fresh.updated_at_ms = clock_.now_ms();
  fresh.id = meetings_.insert(fresh);
  OutgoingMessage message;
  message.text = i18n::translate(language_of(department_id), Msg::intervision_changed,
                                 {{"date", date},
                                  {"schedule", schedule_text(fresh)},
                                  {"first", when(department_id, fresh.first_start)},
                                  {"location", location_text(fresh)}});
  announce(fresh, "planned", message);
  const auto first = upcoming(fresh, 1);
  return {Refusal::none, {}, Meeting{fresh, first.empty() ? Occurrence{} : first.front()}};
}

DeskResult IntervisionDesk::skip(const std::string& department_id, const std::string& date) {
  auto meeting = upcoming_on(department_id, date);
  if (!meeting) return {Refusal::no_such_meeting, {}, {}};
  meetings_.set_change(meeting->series.id, {meeting->occurrence.occurrence, std::nullopt, std::nullopt});
  bump(meeting->series);
  OutgoingMessage message;
  message.text = i18n::translate(language_of(department_id), Msg::intervision_skipped,
                                 {{"when", when(department_id, meeting->occurrence.local_start)}});
  announce(meeting->series, "changed", message);
  return {Refusal::none, {}, meeting};
}

DeskResult IntervisionDesk::move(const std::string& department_id, const std::string& date, const LocalTime& to) {
  auto meeting = upcoming_on(department_id, date);
  if (!meeting) return {Refusal::no_such_meeting, {}, {}};
  const auto& zone = meeting->series.time_zone;
  if (!is_calendar_date(to.substr(0, 10)))
    return {Refusal::invalid, FormError{Msg::intervision_bad_date, {{"date", to.substr(0, 10)}}}, {}};
  if (auto problem = check_local_time(zone, to)) return {Refusal::invalid, explain(*problem, to), {}};
  if (to_utc_ms(zone, to) <= clock_.now_ms())
    return {Refusal::invalid, FormError{Msg::intervision_in_past, {{"date", to.substr(0, 10)}}}, {}};
  const auto from = meeting->occurrence.local_start;
  meetings_.set_change(meeting->series.id, {meeting->occurrence.occurrence, to, std::nullopt});
  bump(meeting->series);
  OutgoingMessage message;
  message.text = i18n::translate(language_of(department_id), Msg::intervision_moved,
                                 {{"when", when(department_id, from)}, {"to", when(department_id, to)}});
  announce(meeting->series, "changed", message);
  meeting->occurrence.local_start = to;
  return {Refusal::none, {}, meeting};
}

DeskResult IntervisionDesk::cancel(const std::string& department_id) {
  auto series = running(department_id);
  if (series.empty()) return {Refusal::no_series, {}, {}};
  for (auto& s : series) {
    s.cancelled = true;
    bump(s);
  }
  OutgoingMessage message;
  message.text = i18n::translate(language_of(department_id), Msg::intervision_cancelled);
  announce(series.back(), "cancelled", message);
  return {};
}

DeskResult IntervisionDesk::add_notes(const std::string& department_id, const std::string& text,
                                      const std::string& author) {
  const auto now = clock_.now_ms();
  std::optional<Meeting> latest;
  for (const auto& series : meetings_.of_department(department_id, false)) {
    for (const auto& o :
         occurrences(rule_of(series), changes_of(meetings_.changes(series.id)), now - kYearMs, now, 1000)) {
      if (o.start_ms <= now && (!latest || o.start_ms > latest->occurrence.start_ms)) latest = Meeting{series, o};
    }
  }
  if (!latest) return {Refusal::no_past_meeting, {}, {}};
  meetings_.add_note({0, latest->series.id, latest->occurrence.occurrence, text, author, now});
  return {Refusal::none, {}, latest};
}

// ---- answers ------------------------------------------------------------------------------------------------

DeskResult IntervisionDesk::answer(std::int64_t series_id, const LocalTime& occurrence, const storage::Person& person,
                                   const std::string& answer) {
  const auto series = meetings_.find(series_id);
  if (!series || series->cancelled) return {Refusal::gone, {}, {}};
  const auto now = clock_.now_ms();
  // Found by its key wherever it was moved; one that started within the last month is still found, to say so.
  for (const auto& o :
       occurrences(rule_of(*series), changes_of(meetings_.changes(series_id)), now - 31 * kDayMs, now + 2 * kYearMs)) {
    if (o.occurrence != occurrence) continue;
    if (o.start_ms <= now) return {Refusal::started, {}, Meeting{*series, o}};
    meetings_.set_rsvp(series_id, {occurrence, person, answer, now});
    return {Refusal::none, {}, Meeting{*series, o}};
  }
  return {Refusal::gone, {}, {}};
}

// ---- reminders ----------------------------------------------------------------------------------------------

// Each configured reminder of a meeting: its name (part of the outbox key) and when it falls due.
std::vector<std::pair<std::string, std::int64_t>> IntervisionDesk::reminder_instants(const Meeting& meeting) const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  const auto& settings = config_.intervision;
  if (!settings.reminder_day_before.empty()) {
    const auto calendar = webcare::BusinessCalendar::of_department(config_, meeting.series.department_id);
    const auto midnight = content::local_day(meeting.occurrence.start_ms, meeting.series.time_zone).midnight_utc_ms;
    const int minute = minute_of(settings.reminder_day_before);
    // The latest working day before the meeting's day: the first whose reminder time falls before that midnight.
    for (int days = 1; days <= 31; ++days) {
      const auto candidate = calendar.next_working_day_at(midnight - days * kDayMs, minute);
      if (candidate < midnight) {
        out.emplace_back("day-before", candidate);
        break;
      }
    }
  }
  if (settings.reminder_before_minutes > 0)
    out.emplace_back(std::to_string(settings.reminder_before_minutes) + "m",
                     meeting.occurrence.start_ms - std::int64_t{settings.reminder_before_minutes} * 60'000);
  return out;
}

std::optional<std::int64_t> IntervisionDesk::send_due_reminders() {
  std::optional<std::int64_t> next_due;
  for (const auto& series : meetings_.active()) {
    // One series that cannot be expanded (a zone the system no longer knows) must not hold up the others.
    storage::Savepoint savepoint(db_, "intervision_series");
    try {
      remind(series, next_due);
      savepoint.release();
    } catch (const std::exception& e) {
      savepoint.roll_back();
      spdlog::error("intervision: reminders of series {} failed ({})", series.id, e.what());
    }
  }
  return next_due;
}

void IntervisionDesk::remind(const storage::MeetingSeriesRecord& series, std::optional<std::int64_t>& next_due) {
  const auto now = clock_.now_ms();
  const auto changes = changes_of(meetings_.changes(series.id));
  for (const auto& o : occurrences(rule_of(series), changes, now, now + kReminderHorizonMs, 100)) {
    if (o.start_ms <= now) continue;  // begun: a reminder now would come too late
    const Meeting meeting{series, o};
    // Of the reminders due, only the latest goes out: after downtime one reminder, not a burst of them.
    std::optional<std::pair<std::string, std::int64_t>> due;
    for (const auto& [name, at] : reminder_instants(meeting)) {
      if (at > now) {
        next_due = next_due ? std::min(*next_due, at) : at;
      } else if (!due || at > due->second) {
        due = {name, at};
      }
    }
    if (!due) continue;
    // The outbox keeps each key once: a reminder queued before (by an earlier pass or run) is not queued again.
    const auto key = "intervision:" + std::to_string(series.id) + ":" + o.occurrence + ":" + due->first;
    for (const auto& channel :
         storage::DirectoryRepository(db_).channels_of_department(series.department_id, "ambassadors")) {
      Destination to{channel.platform, channel.workspace, channel.channel_id, {}, false, {}, {}, {}, {}};
      outbox_.queue(key + ":" + std::to_string(channel.id), to, reminder(meeting));
    }
  }
}

OutgoingMessage IntervisionDesk::reminder(const Meeting& meeting) const {
  const auto& department = meeting.series.department_id;
  const auto language = language_of(department);
  OutgoingMessage message;
  message.title = i18n::translate(language, Msg::intervision_reminder_title,
                                  {{"when", when(department, meeting.occurrence.local_start)}});
  message.text =
      i18n::translate(language, Msg::intervision_reminder_text, {{"location", location_text(meeting.series)}});
  const std::string value = std::to_string(meeting.series.id) + "|" + meeting.occurrence.occurrence + "|";
  message.buttons.push_back(
      {answer_label(department, "going"), {}, "intervision.rsvp", value + "going", ButtonStyle::primary});
  message.buttons.push_back({answer_label(department, "not_going"), {}, "intervision.rsvp", value + "not_going", {}});
  message.buttons.push_back({answer_label(department, "maybe"), {}, "intervision.rsvp", value + "maybe", {}});
  return message;
}

// ---- messages -----------------------------------------------------------------------------------------------

void IntervisionDesk::bump(storage::MeetingSeriesRecord& series) {
  ++series.sequence;
  series.updated_at_ms = clock_.now_ms();
  meetings_.update(series);
}

// Keyed by the series and its sequence: the announcement of one change goes out once, however it is retried.
void IntervisionDesk::announce(const storage::MeetingSeriesRecord& series, const std::string& what,
                               const OutgoingMessage& message) {
  const auto key = "intervision:" + std::to_string(series.id) + ":" + what + ":" + std::to_string(series.sequence);
  for (const auto& channel :
       storage::DirectoryRepository(db_).channels_of_department(series.department_id, "ambassadors")) {
    Destination to{channel.platform, channel.workspace, channel.channel_id, {}, false, {}, {}, {}, {}};
    outbox_.queue(key + ":" + std::to_string(channel.id), to, message);
  }
}

std::string IntervisionDesk::schedule_text(const storage::MeetingSeriesRecord& series) const {
  const auto language = language_of(series.department_id);
  const auto& days = language == i18n::Language::nl ? kDaysNl : kDaysEn;
  const i18n::Args common{{"weekday", days[static_cast<std::size_t>(weekday_of_date(series.first_start))]},
                          {"time", series.first_start.substr(11, 5)},
                          {"minutes", series.duration_minutes}};
  const auto by_day = series.rrule.find("BYDAY=");
  if (series.rrule.starts_with("FREQ=MONTHLY") && by_day != std::string::npos) {
    const std::string code = series.rrule.substr(by_day + 6, 2);
    const bool last = code.starts_with("-");
    std::string nth = last ? (language == i18n::Language::nl ? "laatste" : "last")
                           : code.substr(0, 1) + (language == i18n::Language::nl ? "e" : ".");
    auto args = common;
    args.set("nth", nth);
    return i18n::translate(language, Msg::intervision_every_month, args);
  }
  const auto interval = series.rrule.find("INTERVAL=");
  auto args = common;
  args.set("count", interval == std::string::npos ? 1 : std::stoi(series.rrule.substr(interval + 9)));
  return i18n::translate(language, Msg::intervision_every_weeks, args);
}

std::string IntervisionDesk::location_text(const storage::MeetingSeriesRecord& series) const {
  if (series.location.empty()) return {};
  // The catalog's texts carry no leading blanks; the space before "at <place>" is added here.
  return " " + i18n::translate(language_of(series.department_id), Msg::intervision_at_location,
                               {{"location", series.location}});
}

std::string IntervisionDesk::when(const std::string& department_id, const LocalTime& local) const {
  const auto& days = language_of(department_id) == i18n::Language::nl ? kDaysNl : kDaysEn;
  return std::string(days[static_cast<std::size_t>(weekday_of_date(local))]) + " " + local.substr(0, 10) + " " +
         local.substr(11, 5);
}

std::string IntervisionDesk::answer_label(const std::string& department_id, std::string_view answer) const {
  const auto msg = answer == "going"       ? Msg::rsvp_going
                   : answer == "not_going" ? Msg::rsvp_not_going
                   : answer == "maybe"     ? Msg::rsvp_maybe
                                           : Msg::rsvp_none;
  return i18n::translate(language_of(department_id), msg);
}

i18n::Language IntervisionDesk::language_of(std::string_view department_id) const {
  const auto* department = config_.find_department(department_id);
  return i18n::language_or_default(department ? department->language : config_.organisation.language);
}

}  // namespace ambassador::rhythm
