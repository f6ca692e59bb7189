// The department's calendar feed, read back with libical's own parser: the structure Outlook, Google Calendar and
// Apple Calendar rely on (UID, VTIMEZONE per TZID, EXDATE, RECURRENCE-ID, SEQUENCE), the wire format (CRLF, folding
// at 75 octets, TEXT escaping), and that libical expanding the parsed feed finds the same meetings we do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libical/ical.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bot/rhythm/ics_feed.hpp"
#include "bot/rhythm/recurrence.hpp"

namespace ambassador::rhythm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kAmsterdam = "Europe/Amsterdam";
constexpr std::int64_t kNow = 1'799'000'000'000;  // 2027-01-03

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

Component parse(const std::string& feed) {
  Component calendar{icalparser_parse_string(feed.c_str())};
  EXPECT_NE(calendar, nullptr);
  return calendar;
}

std::vector<icalcomponent*> children(icalcomponent* parent, icalcomponent_kind kind) {
  std::vector<icalcomponent*> result;
  for (auto* child = icalcomponent_get_first_component(parent, kind); child != nullptr;
       child = icalcomponent_get_next_component(parent, kind)) {
    result.push_back(child);
  }
  return result;
}

std::vector<icalproperty*> properties(icalcomponent* component, icalproperty_kind kind) {
  std::vector<icalproperty*> result;
  for (auto* property = icalcomponent_get_first_property(component, kind); property != nullptr;
       property = icalcomponent_get_next_property(component, kind)) {
    result.push_back(property);
  }
  return result;
}

std::string tzid_of(icalproperty* property) {
  auto* parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
  return parameter == nullptr ? "" : icalparameter_get_tzid(parameter);
}

std::string wall(icaltimetype time) { return icaltime_as_ical_string(time); }

// The instant (UTC seconds) of a DTSTART-like property, read with the feed's own VTIMEZONE for its TZID.
std::int64_t seconds_of(icalcomponent* calendar, icalproperty* property) {
  auto* zone = icalcomponent_get_timezone(calendar, tzid_of(property).c_str());
  EXPECT_NE(zone, nullptr) << tzid_of(property);
  return icaltime_as_timet_with_zone(icalvalue_get_datetime(icalproperty_get_value(property)), zone);
}

std::vector<std::string> lines_of(const std::string& feed) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (auto end = feed.find("\r\n"); end != std::string::npos; end = feed.find("\r\n", at)) {
    lines.push_back(feed.substr(at, end - at));
    at = end + 2;
  }
  EXPECT_EQ(at, feed.size()) << "the feed ends with CRLF";
  return lines;
}

CalendarSeries intervision() {
  CalendarSeries series;
  series.uid = "series-12@ambassador-bot";
  series.rule = {kAmsterdam, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2027-01-12T15:00", 60};
  series.changes = {{"2027-01-26T15:00", std::nullopt, std::nullopt}, {"2027-03-23T15:00", "2027-04-01T10:30", 90}};
  series.sequence = 4;
  series.summary = "Intervision";
  series.location = "Room 4.12";
  series.updated_ms = kNow - 3'600'000;
  return series;
}

TEST(RhythmIcsFeed, IsAPublishedGregorianCalendarNamedForTheDepartment) {
  const auto calendar = parse(render_calendar("Care desk, Team A; \\ north", {intervision()}, kNow));
  ASSERT_TRUE(calendar);
  EXPECT_EQ(icalcomponent_isa(calendar.get()), ICAL_VCALENDAR_COMPONENT);
  EXPECT_STREQ(icalproperty_get_version(icalcomponent_get_first_property(calendar.get(), ICAL_VERSION_PROPERTY)),
               "2.0");
  EXPECT_NE(icalcomponent_get_first_property(calendar.get(), ICAL_PRODID_PROPERTY), nullptr);
  EXPECT_STREQ(icalproperty_get_calscale(icalcomponent_get_first_property(calendar.get(), ICAL_CALSCALE_PROPERTY)),
               "GREGORIAN");
  EXPECT_EQ(icalproperty_get_method(icalcomponent_get_first_property(calendar.get(), ICAL_METHOD_PROPERTY)),
            ICAL_METHOD_PUBLISH);
  auto* name = icalcomponent_get_first_property(calendar.get(), ICAL_X_PROPERTY);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(icalproperty_get_x_name(name), "X-WR-CALNAME");
  EXPECT_STREQ(icalproperty_get_x(name), "Care desk, Team A; \\ north");
}

TEST(RhythmIcsFeed, UidStaysTheSameAcrossRendersAndChanges) {
  auto series = intervision();
  const auto before = parse(render_calendar("Care desk", {series}, kNow));
  series.sequence = 5;
  series.changes.push_back({"2027-02-09T15:00", std::nullopt, std::nullopt});
  const auto after = parse(render_calendar("Care desk", {series}, kNow + 86'400'000));
  for (auto* calendar : {before.get(), after.get()}) {
    const auto events = children(calendar, ICAL_VEVENT_COMPONENT);
    ASSERT_EQ(events.size(), 2u);  // the series and its moved occurrence
    for (auto* event : events) EXPECT_STREQ(icalcomponent_get_uid(event), "series-12@ambassador-bot");
  }
}

TEST(RhythmIcsFeed, OneVtimezonePerZoneNamedAsTheDtstartsTzid) {
  auto second = intervision();
  second.uid = "series-13@ambassador-bot";
  second.changes.clear();
  auto new_york = intervision();
  new_york.uid = "series-14@ambassador-bot";
  new_york.rule = {"America/New_York", "FREQ=MONTHLY;BYDAY=2TU", "2027-01-12T09:00", 60};
  new_york.changes.clear();
  const auto calendar = parse(render_calendar("Care desk", {intervision(), second, new_york}, kNow));

  std::set<std::string> zones;
  for (auto* zone : children(calendar.get(), ICAL_VTIMEZONE_COMPONENT)) {
    const std::string tzid = icalproperty_get_tzid(icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY));
    EXPECT_TRUE(zones.insert(tzid).second) << "two VTIMEZONEs for " << tzid;
    EXPECT_FALSE(children(zone, ICAL_XSTANDARD_COMPONENT).empty()) << tzid;
    // Cut to the years the feed needs, not the zone's history since the 1800s.
    for (auto kind : {ICAL_XSTANDARD_COMPONENT, ICAL_XDAYLIGHT_COMPONENT}) {
      for (auto* observance : children(zone, kind)) {
        EXPECT_GE(icalcomponent_get_dtstart(observance).year, 2026) << tzid;
      }
    }
  }
  EXPECT_THAT(zones, ElementsAre("America/New_York", kAmsterdam));
  for (auto* event : children(calendar.get(), ICAL_VEVENT_COMPONENT)) {
    for (auto kind : {ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY}) {
      auto* property = icalcomponent_get_first_property(event, kind);
      ASSERT_NE(property, nullptr);
      EXPECT_TRUE(zones.contains(tzid_of(property))) << tzid_of(property);
      // libical finds the zone's definition in the feed itself.
      EXPECT_NE(icalcomponent_get_timezone(calendar.get(), tzid_of(property).c_str()), nullptr);
    }
  }
}

TEST(RhythmIcsFeed, SeriesCarriesItsRuleTimesAndSequence) {
  const auto calendar = parse(render_calendar("Care desk", {intervision()}, kNow));
  auto* master = children(calendar.get(), ICAL_VEVENT_COMPONENT).at(0);
  EXPECT_EQ(icalcomponent_get_first_property(master, ICAL_RECURRENCEID_PROPERTY), nullptr);
  auto* start = icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY);
  EXPECT_EQ(tzid_of(start), kAmsterdam);
  EXPECT_EQ(wall(icalproperty_get_dtstart(start)), "20270112T150000");
  EXPECT_EQ(wall(icalproperty_get_dtend(icalcomponent_get_first_property(master, ICAL_DTEND_PROPERTY))),
            "20270112T160000");
  auto recurrence = icalproperty_get_rrule(icalcomponent_get_first_property(master, ICAL_RRULE_PROPERTY));
  EXPECT_EQ(recurrence.freq, ICAL_WEEKLY_RECURRENCE);
  EXPECT_EQ(recurrence.interval, 2);
  EXPECT_EQ(icalcomponent_get_sequence(master), 4);
  EXPECT_STREQ(icalcomponent_get_summary(master), "Intervision");
  EXPECT_STREQ(icalcomponent_get_location(master), "Room 4.12");
  EXPECT_EQ(icalcomponent_get_status(master), ICAL_STATUS_CONFIRMED);
  EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtstamp(master)), kNow / 1000);
}

TEST(RhythmIcsFeed, SkippedOccurrenceIsAnExdateInTheSeriesZone) {
  const auto calendar = parse(render_calendar("Care desk", {intervision()}, kNow));
  auto* master = children(calendar.get(), ICAL_VEVENT_COMPONENT).at(0);
  const auto exdates = properties(master, ICAL_EXDATE_PROPERTY);
  ASSERT_EQ(exdates.size(), 1u);
  EXPECT_EQ(tzid_of(exdates[0]), kAmsterdam);
  EXPECT_EQ(wall(icalproperty_get_exdate(exdates[0])), "20270126T150000");
}

TEST(RhythmIcsFeed, MovedOccurrenceIsARecurrenceIdOverride) {
  const auto calendar = parse(render_calendar("Care desk", {intervision()}, kNow));
  const auto events = children(calendar.get(), ICAL_VEVENT_COMPONENT);
  ASSERT_EQ(events.size(), 2u);
  auto* moved = events[1];
  auto* recurrence_id = icalcomponent_get_first_property(moved, ICAL_RECURRENCEID_PROPERTY);
  ASSERT_NE(recurrence_id, nullptr);
  EXPECT_EQ(tzid_of(recurrence_id), kAmsterdam);
  EXPECT_EQ(wall(icalproperty_get_recurrenceid(recurrence_id)), "20270323T150000");
  EXPECT_EQ(wall(icalproperty_get_dtstart(icalcomponent_get_first_property(moved, ICAL_DTSTART_PROPERTY))),
            "20270401T103000");
  EXPECT_EQ(wall(icalproperty_get_dtend(icalcomponent_get_first_property(moved, ICAL_DTEND_PROPERTY))),
            "20270401T120000");
  EXPECT_EQ(icalcomponent_get_first_property(moved, ICAL_RRULE_PROPERTY), nullptr);
  EXPECT_EQ(icalcomponent_get_sequence(moved), 4);
  EXPECT_STREQ(icalcomponent_get_summary(moved), "Intervision");
}

TEST(RhythmIcsFeed, ChangeForAnOccurrenceTheRuleDoesNotHaveIsLeftOut) {
  auto series = intervision();
  series.changes = {{"2027-01-19T15:00", std::nullopt, std::nullopt}, {"2027-01-20T15:00", "2027-01-21T15:00", {}}};
  const auto feed = render_calendar("Care desk", {series}, kNow);
  EXPECT_THAT(feed, Not(HasSubstr("EXDATE")));
  EXPECT_THAT(feed, Not(HasSubstr("RECURRENCE-ID")));
}

TEST(RhythmIcsFeed, CancelledSeriesSaysSo) {
  auto series = intervision();
  series.cancelled = true;
  const auto calendar = parse(render_calendar("Care desk", {series}, kNow));
  for (auto* event : children(calendar.get(), ICAL_VEVENT_COMPONENT)) {
    EXPECT_EQ(icalcomponent_get_status(event), ICAL_STATUS_CANCELLED);
  }
}

TEST(RhythmIcsFeed, UntilIsWrittenInUtc) {
  auto series = intervision();
  series.rule = *ending_before(series.rule, "2027-06-01T00:00");
  auto dated = intervision();
  dated.uid = "series-13@ambassador-bot";
  dated.rule.rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270525";
  dated.changes.clear();
  const auto feed = render_calendar("Care desk", {series, dated}, kNow);
  // The last one kept, 2027-05-18 15:00 summer time, is 13:00Z; a date-only UNTIL covers its whole local day.
  EXPECT_THAT(feed, HasSubstr("UNTIL=20270518T130000Z"));
  EXPECT_THAT(feed, HasSubstr("UNTIL=20270525T215959Z"));
}

TEST(RhythmIcsFeed, SeriesWithARuleCheckRuleRefusesIsLeftOut) {
  auto broken = intervision();
  broken.uid = "series-13@ambassador-bot";
  broken.rule.rrule = "FREQ=NONSENSE";
  const auto calendar = parse(render_calendar("Care desk", {broken, intervision()}, kNow));
  const auto events = children(calendar.get(), ICAL_VEVENT_COMPONENT);
  ASSERT_EQ(events.size(), 2u);
  for (auto* event : events) EXPECT_STREQ(icalcomponent_get_uid(event), "series-12@ambassador-bot");
}

TEST(RhythmIcsFeed, UtcSeriesGetsAFixedOffsetTimezone) {
  auto series = intervision();
  series.rule.time_zone = "UTC";
  series.changes.clear();
  const auto calendar = parse(render_calendar("Care desk", {series}, kNow));
  auto* zone = icalcomponent_get_timezone(calendar.get(), "UTC");
  ASSERT_NE(zone, nullptr);
  auto* master = children(calendar.get(), ICAL_VEVENT_COMPONENT).at(0);
  EXPECT_EQ(seconds_of(calendar.get(), icalcomponent_get_first_property(master, ICAL_DTSTART_PROPERTY)),
            to_utc_ms("UTC", "2027-01-12T15:00") / 1000);
}

TEST(RhythmIcsFeed, EveryLineEndsInCrlfAndIsAtMostSeventyFiveOctets) {
  auto series = intervision();
  series.summary = "Intervisie — ronde één: " + std::string(40, 'x') + " éééééééééééééééééééééééééééééééééééééé €€€€€";
  series.description = std::string(300, 'y') + "\n" + "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀";
  const auto feed = render_calendar("Care desk", {series}, kNow);
  for (std::size_t at = 0; at < feed.size(); ++at) {
    if (feed[at] == '\n') {
      EXPECT_TRUE(at > 0 && feed[at - 1] == '\r') << "bare LF at " << at;
    }
    if (feed[at] == '\r') {
      EXPECT_TRUE(at + 1 < feed.size() && feed[at + 1] == '\n') << "bare CR at " << at;
    }
  }
  int folded = 0;
  for (const auto& line : lines_of(feed)) {
    EXPECT_LE(line.size(), 75u) << line;
    ASSERT_FALSE(line.empty());
    // Never inside a UTF-8 sequence: no line starts (after the fold's space) or ends mid-character.
    const std::size_t first = line[0] == ' ' ? 1 : 0;
    folded += first;
    if (line.size() > first) {
      EXPECT_NE(static_cast<unsigned char>(line[first]) & 0xC0, 0x80) << line;
    }
    EXPECT_LT(static_cast<unsigned char>(line.back()) & 0xC0, 0xC0) << line;
  }
  EXPECT_GT(folded, 3);
  const auto calendar = parse(feed);
  auto* master = children(calendar.get(), ICAL_VEVENT_COMPONENT).at(0);
  EXPECT_EQ(icalcomponent_get_summary(master), series.summary);
  EXPECT_EQ(icalcomponent_get_description(master), series.description);
}

TEST(RhythmIcsFeed, TextValuesAreEscaped) {
  auto series = intervision();
  series.location = "Room 4; floor 2, wing \\ north\nside entrance";
  const auto feed = render_calendar("Care desk", {series}, kNow);
  EXPECT_THAT(feed, HasSubstr("LOCATION:Room 4\\; floor 2\\, wing \\\\ north\\nside entrance\r\n"));
  const auto calendar = parse(feed);
  EXPECT_EQ(icalcomponent_get_location(children(calendar.get(), ICAL_VEVENT_COMPONENT).at(0)), series.location);
}

// libical's expansion of the parsed feed, in UTC seconds: the master's RRULE minus its EXDATEs, read with the
// feed's own VTIMEZONE; occurrences with a RECURRENCE-ID override at the override's DTSTART.
std::vector<std::int64_t> expanded_by_libical(icalcomponent* calendar, const std::string& uid, std::int64_t from_ms,
                                              std::int64_t to_ms) {
  std::vector<icalcomponent*> overrides;
  icalcomponent* master = nullptr;
  for (auto* event : children(calendar, ICAL_VEVENT_COMPONENT)) {
    if (icalcomponent_get_uid(event) != uid) continue;
    if (icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) != nullptr) {
      overrides.push_back(event);
    } else {
      master = event;
    }
  }
  EXPECT_NE(master, nullptr);
  if (master == nullptr) return {};
  std::set<std::int64_t> overridden;
  std::vector<std::int64_t> starts;
  for (auto* event : overrides) {
    overridden.insert(seconds_of(calendar, icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)));
    const auto start = seconds_of(calendar, icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY));
    if (start * 1000 >= from_ms && start * 1000 < to_ms) starts.push_back(start);
  }
  struct Collected {
    std::vector<std::int64_t>* starts;
    const std::set<std::int64_t>* overridden;
  } collected{&starts, &overridden};
  icalcomponent_foreach_recurrence(
      master, icaltime_from_timet_with_zone(static_cast<time_t>(from_ms / 1000), 0, icaltimezone_get_utc_timezone()),
      icaltime_from_timet_with_zone(static_cast<time_t>(to_ms / 1000), 0, icaltimezone_get_utc_timezone()),
      [](icalcomponent*, icaltime_span* span, void* data) {
        auto* into = static_cast<Collected*>(data);
        if (!into->overridden->contains(span->start)) into->starts->push_back(span->start);
      },
      &collected);
  std::sort(starts.begin(), starts.end());
  return starts;
}

TEST(RhythmIcsFeed, LibicalExpandingTheFeedFindsTheSameMeetings) {
  auto new_york = intervision();
  new_york.uid = "series-14@ambassador-bot";
  new_york.rule = {"America/New_York", "FREQ=MONTHLY;BYDAY=2TU", "2027-01-12T09:00", 60};
  new_york.changes = {{"2027-04-13T09:00", std::nullopt, std::nullopt}, {"2027-11-09T09:00", "2027-11-02T08:00", {}}};
  auto ended = intervision();
  ended.uid = "series-15@ambassador-bot";
  ended.rule = *ending_before(ended.rule, "2027-08-01T00:00");
  const std::vector<CalendarSeries> all{intervision(), new_york, ended};
  const auto calendar = parse(render_calendar("Care desk", all, kNow));
  ASSERT_TRUE(calendar);
  const auto from = to_utc_ms("UTC", "2027-01-01T00:00");
  const auto to = to_utc_ms("UTC", "2028-01-01T00:00");
  for (const auto& series : all) {
    std::vector<std::int64_t> ours;
    for (const auto& occurrence : occurrences(series.rule, series.changes, from, to)) {
      ours.push_back(occurrence.start_ms / 1000);
    }
    EXPECT_GT(ours.size(), 5u);
    EXPECT_EQ(expanded_by_libical(calendar.get(), series.uid, from, to), ours) << series.uid;
  }
}

}  // namespace
}  // namespace ambassador::rhythm
