#include "bot/rhythm/ics_feed.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <variant>

#include <date/date.h>
#include <date/tz.h>

#include "bot/rhythm/recurrence_detail.hpp"

namespace ambassador::rhythm {
namespace {

using detail::LocalMinute;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kProductId = "-//Ambassador Bot//Intervision//EN";

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype utc_time(std::int64_t utc_ms) {
  const auto whole = date::floor<seconds>(milliseconds{utc_ms}).count();
  return icaltime_from_timet_with_zone(static_cast<time_t>(whole), 0, icaltimezone_get_utc_timezone());
}

void add_local(icalcomponent* event, icalproperty* property, const std::string& tzid) {
  icalproperty_add_parameter(property, icalparameter_new_tzid(tzid.c_str()));
  icalcomponent_add_property(event, property);
}

void add_text(icalcomponent* event, icalproperty* (*make)(const char*), const std::string& text) {
  if (!text.empty()) icalcomponent_add_property(event, make(text.c_str()));
}

// The VTIMEZONE the system zoneinfo gives libical, cut to what the feed's times need (the full history of
// Europe/Amsterdam is 4 KB), named by its IANA name (libical prefixes "/freeassociation.sourceforge.net/"), which
// Google and Apple match against their own zone database.
Component vtimezone(const std::string& name, const date::time_zone& zone, std::int64_t earliest_ms) {
  // libical loads and caches its zones lazily in process-wide state.
  static std::mutex libical_zones;
  const std::lock_guard lock(libical_zones);
  icaltimezone* known = icaltimezone_get_builtin_timezone(name.c_str());
  icalcomponent* definition = known == nullptr ? nullptr : icaltimezone_get_component(known);
  Component result;
  if (definition != nullptr) {
    result.reset(icalcomponent_new_clone(definition));
    icaltimezone_truncate_vtimezone(result.get(), utc_time(earliest_ms), icaltime_null_time(), 0);
    icalproperty_set_tzid(icalcomponent_get_first_property(result.get(), ICAL_TZID_PROPERTY), name.c_str());
    return result;
  }
  // libical has no definition for "UTC" itself: one fixed offset (date/tz's) is the whole story.
  const auto offset = zone.get_info(date::sys_time<milliseconds>{milliseconds{earliest_ms}}).offset;
  icalcomponent* standard = icalcomponent_new_xstandard();
  icalcomponent_add_property(standard, icalproperty_new_dtstart(detail::floating(date::local_seconds{})));
  icalcomponent_add_property(standard, icalproperty_new_tzoffsetfrom(static_cast<int>(offset.count())));
  icalcomponent_add_property(standard, icalproperty_new_tzoffsetto(static_cast<int>(offset.count())));
  result.reset(icalcomponent_new_vtimezone());
  icalcomponent_add_property(result.get(), icalproperty_new_tzid(name.c_str()));
  icalcomponent_add_component(result.get(), standard);
  return result;
}

// What every VEVENT of a series carries, the master and each moved occurrence alike.
icalcomponent* new_event(const CalendarSeries& series, std::int64_t now_ms) {
  icalcomponent* event = icalcomponent_new_vevent();
  icalcomponent_add_property(event, icalproperty_new_uid(series.uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(utc_time(now_ms)));
  if (series.updated_ms > 0) {
    icalcomponent_add_property(event, icalproperty_new_lastmodified(utc_time(series.updated_ms)));
  }
  icalcomponent_add_property(event, icalproperty_new_sequence(series.sequence));
  add_text(event, icalproperty_new_summary, series.summary);
  add_text(event, icalproperty_new_location, series.location);
  add_text(event, icalproperty_new_description, series.description);
  icalcomponent_add_property(event,
                             icalproperty_new_status(series.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  return event;
}

// DTSTART and DTEND in the series' zone; DTEND is the wall time the meeting ends, whatever DST does meanwhile.
void add_times(icalcomponent* event, const detail::ParsedRule& rule, const std::string& tzid, LocalMinute start,
               std::chrono::minutes duration) {
  const auto placed = detail::place(*rule.zone, start);
  const auto end = detail::local_minute(*rule.zone, placed.start_ms + milliseconds{duration}.count());
  add_local(event, icalproperty_new_dtstart(detail::floating(placed.local)), tzid);
  add_local(event, icalproperty_new_dtend(detail::floating(end)), tzid);
}

// The RRULE with UNTIL in UTC: RFC 5545 3.3.10 wants that next to a DTSTART with a TZID.
icalrecurrencetype feed_recurrence(const detail::ParsedRule& rule) {
  icalrecurrencetype recurrence = rule.recurrence;
  if (!icaltime_is_null_time(recurrence.until)) {
    const auto until = detail::local_of(recurrence.until);
    const auto instant = rule.zone->to_sys(until, date::choose::earliest);
    recurrence.until = utc_time(std::chrono::duration_cast<milliseconds>(instant.time_since_epoch()).count());
  }
  return recurrence;
}

struct SeriesEvents {
  std::vector<Component> events;
  std::int64_t earliest_ms = 0;  // the earliest start the events name, for the VTIMEZONE
};

SeriesEvents series_events(const CalendarSeries& series, const detail::ParsedRule& rule, std::int64_t now_ms) {
  const std::string& tzid = series.rule.time_zone;
  SeriesEvents result;
  result.earliest_ms = detail::place(*rule.zone, rule.first_start).start_ms;
  Component master{new_event(series, now_ms)};
  add_times(master.get(), rule, tzid, rule.first_start, rule.duration);
  icalcomponent_add_property(master.get(), icalproperty_new_rrule(feed_recurrence(rule)));
  std::vector<Component> moved;
  for (const auto& change : series.changes) {
    const auto original = detail::parse_local(change.occurrence);
    if (!original || !detail::is_original(rule, *original)) continue;
    if (!change.moved_to) {
      add_local(master.get(), icalproperty_new_exdate(detail::floating(*original)), tzid);
      continue;
    }
    const auto moved_to = detail::parse_local(*change.moved_to);
    if (!moved_to) continue;
    Component event{new_event(series, now_ms)};
    add_local(event.get(), icalproperty_new_recurrenceid(detail::floating(*original)), tzid);
    const std::chrono::minutes duration{change.duration_minutes.value_or(static_cast<int>(rule.duration.count()))};
    add_times(event.get(), rule, tzid, *moved_to, duration);
    result.earliest_ms = std::min(result.earliest_ms, detail::place(*rule.zone, *moved_to).start_ms);
    moved.push_back(std::move(event));
  }
  result.events.push_back(std::move(master));
  for (auto& event : moved) result.events.push_back(std::move(event));
  return result;
}

}  // namespace

std::string render_calendar(std::string_view calendar_name, const std::vector<CalendarSeries>& series,
                            std::int64_t now_ms) {
  struct ZoneUse {
    const date::time_zone* zone;
    std::int64_t earliest_ms;
  };
  std::map<std::string, ZoneUse> zones;  // ordered: the same input renders the same bytes
  std::vector<Component> events;
  for (const auto& one : series) {
    auto parsed = detail::parse_rule(one.rule);
    if (!std::holds_alternative<detail::ParsedRule>(parsed)) continue;
    const auto& rule = std::get<detail::ParsedRule>(parsed);
    auto made = series_events(one, rule, now_ms);
    const auto use = zones.try_emplace(one.rule.time_zone, ZoneUse{rule.zone, made.earliest_ms}).first;
    use->second.earliest_ms = std::min(use->second.earliest_ms, made.earliest_ms);
    for (auto& event : made.events) events.push_back(std::move(event));
  }

  const Component calendar{icalcomponent_new_vcalendar()};
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid(kProductId));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* name = icalproperty_new_x(std::string(calendar_name).c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
  for (const auto& [tzid, use] : zones) {
    icalcomponent_add_component(calendar.get(), vtimezone(tzid, *use.zone, use.earliest_ms - kDayMs).release());
  }
  for (auto& event : events) icalcomponent_add_component(calendar.get(), event.release());

  char* text = icalcomponent_as_ical_string_r(calendar.get());
  std::string feed(text);
  icalmemory_free_buffer(text);
  return feed;
}

}  // namespace ambassador::rhythm
