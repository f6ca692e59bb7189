// The intervision schedule form: English and Dutch words in any order, and the rule it makes in the department's
// zone with its refusals (31 February, the DST gap, a start in the past, an unknown zone).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/content/time_parsing.hpp"
#include "bot/rhythm/intervision_form.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

const std::int64_t kNow = *content::parse_time("2027-01-04T10:00", "Europe/Amsterdam").utc_ms;

IntervisionForm parsed(std::string_view text) {
  auto result = parse_intervision_form(text);
  if (auto* error = std::get_if<FormError>(&result))
    throw std::runtime_error("refused: " + std::string(i18n::key_name(error->message)));
  return std::get<IntervisionForm>(result);
}

Msg refusal(std::string_view text) {
  auto form = parse_intervision_form(text);
  if (auto* error = std::get_if<FormError>(&form)) return error->message;
  auto rule = series_rule(std::get<IntervisionForm>(form), "Europe/Amsterdam", kNow);
  if (auto* error = std::get_if<FormError>(&rule)) return error->message;
  return Msg::count_;
}

TEST(IntervisionForm, ReadsTheEnglishForm) {
  const auto form = parsed(R"(every 2 weeks on tuesday 15:00 for 60 min at "Stadskantoor 3.14" from 2027-01-12)");
  EXPECT_EQ(form.interval_weeks, 2);
  EXPECT_EQ(form.weekday, "TU");
  EXPECT_EQ(form.time, "15:00");
  EXPECT_EQ(form.duration_minutes, 60);
  EXPECT_EQ(form.location, "Stadskantoor 3.14");
  EXPECT_EQ(form.from_date, "2027-01-12");
  EXPECT_FALSE(form.month_week);
}

TEST(IntervisionForm, ReadsTheDutchFormInAnyOrder) {
  const auto form = parsed(R"(vanaf 2027-01-12 op Dinsdag elke 2 weken 15:00 90 minuten in "Zaal 1")");
  EXPECT_EQ(form.interval_weeks, 2);
  EXPECT_EQ(form.weekday, "TU");
  EXPECT_EQ(form.duration_minutes, 90);
  EXPECT_EQ(form.location, "Zaal 1");
  EXPECT_EQ(parsed("elke week op vrijdag 09:00 vanaf 2027-01-15").interval_weeks, 1);
  EXPECT_EQ(parsed("every week on friday 09:00 from 2027-01-15").duration_minutes, std::nullopt);
  EXPECT_EQ(parsed("weekly on monday 09:00 45min from 2027-01-11").duration_minutes, 45);
}

TEST(IntervisionForm, ReadsMonthlyOnTheNthWeekday) {
  EXPECT_EQ(parsed("monthly on the 2nd tuesday 15:00 from 2027-01-01").month_week, 2);
  EXPECT_EQ(parsed("maandelijks op de laatste vrijdag 15:00 vanaf 2027-01-01").month_week, -1);
  const auto rule = std::get<SeriesRule>(
      series_rule(parsed("monthly on the last friday 15:00 from 2027-01-01"), "Europe/Amsterdam", kNow));
  EXPECT_EQ(rule.rrule, "FREQ=MONTHLY;BYDAY=-1FR");
  EXPECT_EQ(rule.first_start, "2027-01-29T15:00");
}

TEST(IntervisionForm, AnythingElseGetsTheFormWithAnExample) {
  for (const char* text :
       {"", "every 2 weeks", "every 2 weeks on tuesday from 2027-01-12", "every fortnight on tuesday",
        "every 9 weeks on tuesday 15:00 from 2027-01-12", "every 2 weeks on tuesday 15:00",
        R"(every week on monday 10:00 from 2027-01-11 at "unclosed)", "monthly on tuesday 15:00 from 2027-01-12",
        "every week on monday 10:00 from 2027-01-11 please"})
    EXPECT_EQ(refusal(text), Msg::intervision_form_usage) << text;
  EXPECT_EQ(refusal("every week on monday 10:00 from 2027-01-11 at \"" + std::string(201, 'x') + "\""),
            Msg::intervision_location_too_long);
}

TEST(IntervisionForm, TheRuleStartsOnTheFirstMeetingDayAndRefusesWhatCannotBe) {
  const auto rule = std::get<SeriesRule>(
      series_rule(parsed("every 2 weeks on tuesday 15:00 from 2027-01-10"), "Europe/Amsterdam", kNow));
  EXPECT_EQ(rule.rrule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
  EXPECT_EQ(rule.first_start, "2027-01-12T15:00");
  EXPECT_EQ(rule.duration_minutes, 60);
  EXPECT_EQ(refusal("every week on tuesday 15:00 from 2027-02-31"), Msg::intervision_bad_date);
  EXPECT_EQ(refusal("every week on tuesday 15:00 from 2027-13-01"), Msg::intervision_bad_date);
  EXPECT_EQ(refusal("every week on tuesday 25:00 from 2027-01-12"), Msg::intervision_bad_time);
  EXPECT_EQ(refusal("every week on tuesday 15:60 from 2027-01-12"), Msg::intervision_bad_time);
  EXPECT_EQ(refusal(R"(every week on tuesday 15:00 at "Room 25:00" from 2027-01-12)"), Msg::count_);  // quoted: a place
  EXPECT_EQ(refusal("every week on monday 09:00 from 2027-01-04"), Msg::intervision_in_past);         // 09:00 today
  EXPECT_EQ(refusal("every week on sunday 02:30 from 2027-03-28"), Msg::intervision_dst_gap);
  EXPECT_EQ(refusal("every week on monday 10:00 for 0 min from 2027-01-11"), Msg::intervision_bad_duration);
  auto zone = series_rule(parsed("every week on monday 10:00 from 2027-01-11"), "Mars/Olympus", kNow);
  EXPECT_EQ(std::get<FormError>(zone).message, Msg::intervision_unknown_zone);
}

}  // namespace
}  // namespace ambassador::rhythm
