// Intervision in chat: planning (Dutch and English), what is refused and why, skip / move / change-from / cancel
// announced once, RSVPs (counted, changed, refused after the start, kept across a move), `who` and notes.
#include "intervision_fixture.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class IntervisionChat : public IntervisionFixture {
 protected:
  // The button value of the reminder for a meeting: "<series>|<occurrence>|<answer>".
  std::string rsvp_value(const std::string& occurrence, const std::string& answer) {
    return std::to_string(series_of("wijkbeheer").front().id) + "|" + occurrence + "|" + answer;
  }
};

TEST_F(IntervisionChat, ALeadPlansAFortnightlySeriesInDutchAndTheChannelHearsOfItOnce) {
  plan_wijkbeheer();
  const auto series = series_of("wijkbeheer");
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].rrule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
  EXPECT_EQ(series[0].time_zone, "Europe/Amsterdam");
  EXPECT_EQ(series[0].first_start, "2027-01-12T15:00");
  EXPECT_EQ(series[0].duration_minutes, 60);
  EXPECT_EQ(series[0].location, "Stadskantoor 3.14");
  EXPECT_EQ(series[0].created_by, "lotte");
  const auto announced = new_for("wijk-amb");
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_THAT(announced[0].text, HasSubstr("elke 2 weken op dinsdag om 15:00 (60 min)"));
  EXPECT_THAT(announced[0].text, HasSubstr("dinsdag 2027-01-12 15:00 in Stadskantoor 3.14"));
  EXPECT_EQ(told("lotte"), "Gedaan.");
  EXPECT_EQ(wakes_, 1);
  // A second plan while this one runs is refused: change or cancel it instead.
  say("wijk-amb", "lotte", "/intervisie elke week op woensdag 10:00 vanaf 2027-01-13");
  EXPECT_THAT(told("lotte"), HasSubstr("al intervisie gepland"));
  EXPECT_EQ(series_of("wijkbeheer").size(), 1u);
}

TEST_F(IntervisionChat, AnAmbassadorWithTheLeadRolePlansInEnglishFromADateThatIsNotTheWeekday) {
  say("groen-amb", "gerard",
      "/intervision every 4 weeks on thursday 09:30 for 90 min at \"Room 2\" from 2027-01-05");  // a Tuesday
  const auto series = series_of("groenbeheer");
  ASSERT_EQ(series.size(), 1u) << told("gerard");
  EXPECT_EQ(series[0].rrule, "FREQ=WEEKLY;INTERVAL=4;BYDAY=TH");
  EXPECT_EQ(series[0].first_start, "2027-01-07T09:30");  // the first Thursday from then
  EXPECT_EQ(series[0].duration_minutes, 90);
  EXPECT_THAT(all_text(new_for("groen-amb")), HasSubstr("every 4 weeks on Thursday at 09:30 (90 min)"));
}

TEST_F(IntervisionChat, MonthlyOnTheSecondTuesday) {
  say("groen-amb", "gerard", "/intervision monthly on the 2nd tuesday 15:00 from 2027-01-20");
  const auto series = series_of("groenbeheer");
  ASSERT_EQ(series.size(), 1u) << told("gerard");
  EXPECT_EQ(series[0].rrule, "FREQ=MONTHLY;BYDAY=2TU");
  EXPECT_EQ(series[0].first_start, "2027-02-09T15:00");  // January's second Tuesday was before the 20th
}

TEST_F(IntervisionChat, RefusesWhoIsNotTheLeadAndWhatIsNoMeetingWithTheReason) {
  say("wijk-amb", "anna", "/intervisie elke 2 weken op dinsdag 15:00 vanaf 2027-01-12");
  EXPECT_THAT(told("anna"), HasSubstr("Alleen de lead"));
  say("wijk-amb", "lotte", "/intervisie soms op dinsdag");
  EXPECT_THAT(told("lotte"), HasSubstr("De vorm is: intervisie elke <n> weken"));
  say("wijk-amb", "lotte", "/intervisie elke 2 weken op dinsdag 15:00 vanaf 2027-02-31");
  EXPECT_THAT(told("lotte"), HasSubstr("2027-02-31 is geen datum op de kalender"));
  say("wijk-amb", "lotte", "/intervisie elke 2 weken op dinsdag 25:00 vanaf 2027-01-12");
  EXPECT_THAT(told("lotte"), HasSubstr("25:00 is geen tijdstip"));
  say("wijk-amb", "lotte", "/intervisie elke 2 weken op dinsdag 15:00 vanaf 2026-12-01");
  EXPECT_THAT(told("lotte"), HasSubstr("is al voorbij"));
  // 2027-03-28 02:30 does not exist in Amsterdam: the clocks go from 02:00 to 03:00.
  say("wijk-amb", "lotte", "/intervisie elke week op zondag 02:30 vanaf 2027-03-28");
  EXPECT_THAT(told("lotte"), HasSubstr("02:30 bestaat daar niet"));
  EXPECT_TRUE(series_of("wijkbeheer").empty());
  EXPECT_TRUE(new_for("wijk-amb").empty());
}

TEST_F(IntervisionChat, AnUnknownTimeZoneIsRefusedWithTheZone) {
  config_.departments[1].time_zone = "Europe/Atlantis";
  say("groen-amb", "gerard", "/intervision every week on monday 10:00 from 2027-01-11");
  EXPECT_THAT(told("gerard"), HasSubstr("Europe/Atlantis is unknown"));
}

TEST_F(IntervisionChat, OutsideADepartmentChannelIntervisionIsRefused) {
  say("dm:lotte", "lotte", "/intervisie elke 2 weken op dinsdag 15:00 vanaf 2027-01-12");
  EXPECT_THAT(told("lotte"), HasSubstr("hoort bij een afdeling"));
}

TEST_F(IntervisionChat, SkipMoveAndCancelAreEachAnnouncedOnceAndBumpTheSequence) {
  plan_wijkbeheer();
  new_for("wijk-amb");
  say("wijk-amb", "lotte", "/intervisie overslaan 2027-01-26");
  EXPECT_THAT(all_text(new_for("wijk-amb")), HasSubstr("intervisie van dinsdag 2027-01-26 15:00 gaat niet door"));
  EXPECT_EQ(series_of("wijkbeheer")[0].sequence, 1);
  say("wijk-amb", "lotte", "/intervisie overslaan 2027-01-26");  // skipped already: no meeting on that day
  EXPECT_THAT(told("lotte"), HasSubstr("geen komende intervisie op 2027-01-26"));
  EXPECT_TRUE(new_for("wijk-amb").empty());

  say("wijk-amb", "lotte", "/intervisie verplaats 2027-02-09 naar 2027-02-10 16:00");
  EXPECT_THAT(all_text(new_for("wijk-amb")),
              HasSubstr("dinsdag 2027-02-09 15:00 wordt verplaatst naar woensdag 2027-02-10 16:00"));
  EXPECT_EQ(series_of("wijkbeheer")[0].sequence, 2);
  db_.reset_statements();
  const auto changes = storage::MeetingRepository(db_).changes(series_of("wijkbeheer")[0].id);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].occurrence, "2027-02-09T15:00");
  EXPECT_EQ(changes[1].moved_to, "2027-02-10T16:00");
  say("wijk-amb", "lotte", "/intervisie verplaats 2027-02-23 naar 2027-03-28 02:30");
  EXPECT_THAT(told("lotte"), HasSubstr("bestaat daar niet"));
  say("wijk-amb", "lotte", "/intervisie verplaats 2027-02-23 2027-02-24");
  EXPECT_THAT(told("lotte"), HasSubstr("intervisie verplaats <datum> naar"));

  say("wijk-amb", "anna", "/intervisie annuleer");
  EXPECT_THAT(told("anna"), HasSubstr("Alleen de lead"));
  say("wijk-amb", "lotte", "/intervisie annuleer");
  EXPECT_THAT(all_text(new_for("wijk-amb")), HasSubstr("geannuleerd"));
  EXPECT_TRUE(series_of("wijkbeheer")[0].cancelled);
  EXPECT_EQ(series_of("wijkbeheer")[0].sequence, 3);
  say("wijk-amb", "lotte", "/intervisie annuleer");
  EXPECT_THAT(told("lotte"), HasSubstr("geen intervisie gepland"));
  EXPECT_TRUE(new_for("wijk-amb").empty());
  say("wijk-amb", "anna", "/intervisie");
  EXPECT_THAT(told("anna"), HasSubstr("geen intervisie gepland"));
}

TEST_F(IntervisionChat, ChangeFromADateEndsTheOldSeriesAndStartsANewOne) {
  plan_wijkbeheer();
  new_for("wijk-amb");
  // A date or time that cannot be is named as such, not answered with the whole form.
  say("wijk-amb", "lotte", "/intervisie wijzig vanaf 2027-02-31 elke 2 weken op donderdag 14:00");
  EXPECT_THAT(told("lotte"), HasSubstr("2027-02-31 is geen datum op de kalender"));
  say("wijk-amb", "lotte", "/intervisie overslaan 2027-02-30");
  EXPECT_THAT(told("lotte"), HasSubstr("2027-02-30 is geen datum op de kalender"));
  say("wijk-amb", "lotte", "/intervisie verplaats 2027-01-26 naar 2027-01-27 24:00");
  EXPECT_THAT(told("lotte"), HasSubstr("24:00 is geen tijdstip"));
  EXPECT_TRUE(new_for("wijk-amb").empty());
  say("wijk-amb", "lotte", "/intervisie wijzig vanaf 2027-03-09 elke 2 weken op donderdag 14:00");
  const auto series = series_of("wijkbeheer");
  ASSERT_EQ(series.size(), 2u) << told("lotte");
  EXPECT_THAT(series[0].rrule, HasSubstr("UNTIL="));
  EXPECT_EQ(series[0].sequence, 1);
  EXPECT_FALSE(series[0].cancelled);
  EXPECT_EQ(series[1].rrule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH");
  EXPECT_EQ(series[1].first_start, "2027-03-11T14:00");
  EXPECT_EQ(series[1].location, "Stadskantoor 3.14");  // not named: kept
  EXPECT_EQ(series[1].duration_minutes, 60);
  const auto announced = new_for("wijk-amb");
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_THAT(announced[0].text, HasSubstr("Vanaf 2027-03-09 verandert de intervisie"));
  EXPECT_THAT(announced[0].text, HasSubstr("donderdag 2027-03-11 14:00"));
  // Until then the old rhythm holds: the next meeting is still the Tuesday.
  say("wijk-amb", "anna", "/intervisie");
  EXPECT_THAT(told("anna"), HasSubstr("dinsdag 2027-01-12 15:00"));
  clock_.set(amsterdam("2027-03-03T12:00"));  // after the last Tuesday (2027-02-23) of the old series
  say("wijk-amb", "anna", "/intervisie");
  EXPECT_THAT(told("anna"), HasSubstr("donderdag 2027-03-11 14:00"));
}

TEST_F(IntervisionChat, AnswersAreCountedChangedAndShownToTheLead) {
  plan_wijkbeheer();
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "going"));
  EXPECT_THAT(told("anna"), HasSubstr("Genoteerd: Ik kom voor dinsdag 2027-01-12 15:00"));
  press("wijk-amb", "bram", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "maybe"));
  press("wijk-amb", "bram", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "not_going"));  // changed his mind
  say("wijk-amb", "anna", "/intervisie");
  EXPECT_THAT(told("anna"), HasSubstr("Jouw antwoord: Ik kom"));
  say("wijk-amb", "anna", "/intervisie wie");
  EXPECT_THAT(told("anna"), HasSubstr("Alleen de lead"));
  say("wijk-amb", "lotte", "/intervisie wie");
  const auto who = told("lotte");
  EXPECT_THAT(who, HasSubstr("komt: 1 (Anna de Vries)"));
  EXPECT_THAT(who, HasSubstr("misschien: 0"));
  EXPECT_THAT(who, HasSubstr("komt niet: 1 (Bram Jansen)"));
  // Someone of another department cannot answer for this one.
  press("groen-amb", "chantal", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "going"));
  EXPECT_THAT(told("chantal"), HasSubstr("no longer takes place"));
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "yes please"));
  EXPECT_THAT(told("anna"), HasSubstr("gaat niet meer door"));
}

TEST_F(IntervisionChat, AnAnswerAfterTheStartIsRefusedAndOneForASkippedMeetingToo) {
  plan_wijkbeheer();
  say("wijk-amb", "lotte", "/intervisie overslaan 2027-01-26");
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-26T15:00", "going"));
  EXPECT_THAT(told("anna"), HasSubstr("gaat niet meer door"));
  clock_.set(amsterdam("2027-01-12T14:59"));
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "going"));
  EXPECT_THAT(told("anna"), HasSubstr("Genoteerd"));
  clock_.set(amsterdam("2027-01-12T15:00"));
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "not_going"));
  EXPECT_THAT(told("anna"), HasSubstr("is begonnen"));
  db_.reset_statements();
  EXPECT_EQ(storage::MeetingRepository(db_).rsvp_of(series_of("wijkbeheer")[0].id, "2027-01-12T15:00",
                                                    {"local", "", "anna", ""}),
            "going");
}

TEST_F(IntervisionChat, AnswersStayWithAMovedMeetingAndCanBeChangedUntilItsNewStart) {
  plan_wijkbeheer();
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "going"));
  say("wijk-amb", "lotte", "/intervisie verplaats 2027-01-12 naar 2027-01-13 16:00");
  say("wijk-amb", "lotte", "/intervisie wie");
  const auto who = told("lotte");
  EXPECT_THAT(who, HasSubstr("woensdag 2027-01-13 16:00"));
  EXPECT_THAT(who, HasSubstr("komt: 1 (Anna de Vries)"));
  clock_.set(amsterdam("2027-01-12T15:30"));  // past the original start, before the new one
  press("wijk-amb", "anna", "intervision.rsvp", rsvp_value("2027-01-12T15:00", "maybe"));
  EXPECT_THAT(told("anna"), HasSubstr("Genoteerd: Misschien voor woensdag 2027-01-13 16:00"));
}

TEST_F(IntervisionChat, NotesGoWithTheLatestPastMeeting) {
  plan_wijkbeheer();
  say("wijk-amb", "lotte", "/intervisie notities Goed gesprek over de wijkschouw.");
  EXPECT_THAT(told("lotte"), HasSubstr("nog geen voorbije intervisie"));
  clock_.set(amsterdam("2027-01-27T09:00"));  // after the meetings of the 12th and the 26th
  say("wijk-amb", "lotte", "/intervisie notities Goed gesprek over de wijkschouw.");
  EXPECT_THAT(told("lotte"), HasSubstr("bewaard bij de intervisie van dinsdag 2027-01-26 15:00"));
  say("wijk-amb", "anna", "/intervisie notities Ik ook");
  EXPECT_THAT(told("anna"), HasSubstr("Alleen de lead"));
  db_.reset_statements();
  const auto notes = storage::MeetingRepository(db_).notes(series_of("wijkbeheer")[0].id);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].occurrence, "2027-01-26T15:00");
  EXPECT_EQ(notes[0].text, "Goed gesprek over de wijkschouw.");
}

}  // namespace
}  // namespace ambassador::testing
