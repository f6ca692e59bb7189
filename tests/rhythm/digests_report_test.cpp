// The monthly department report to the lead.
#include "digests_fixture.hpp"

#include "storage/question_repository.hpp"

namespace ambassador::testing::digests {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class DepartmentReport : public DigestsFixture {
 protected:
  DepartmentReport() {
    // Everyone of the fixture joined long ago; Eva joined in December.
    db_.exec("UPDATE ambassadors SET created_at = " + std::to_string(amsterdam("2026-09-01T10:00")));
    db_.exec(
        "INSERT INTO ambassadors(display_name, department_id, consent_at, created_at) VALUES ('Eva Mulder', "
        "'wijkbeheer', 0, " +
        std::to_string(amsterdam("2026-12-10T10:00")) + ")");
    storage::TrackingRepository tracking(db_);
    const auto december = post("Kerstmarkt", {"wijk"}, {}, "2026-12-01T10:00");
    tracking.record_share(december, id_of("anna"), "wijkbeheer", "linkedin", "confirmed",
                          amsterdam("2026-12-02T10:00"));
    tracking.record_share(december, id_of("anna"), "wijkbeheer", "x", "confirmed", amsterdam("2026-12-02T10:05"));
    clicks(december, "anna", 3, "2026-12-03T10:00");
    clicks(december, "anna", 1, "2027-01-02T10:00");  // January: not in December's figures
    answered("W-2026-0001", amsterdam("2026-12-07T11:00"), false);
    answered("W-2026-0002", amsterdam("2026-12-08T11:00"), true);
    answered("W-2026-0003", amsterdam("2026-11-28T11:00"), false);  // November
  }

  void answered(const std::string& reference, std::int64_t at, bool missed_deadline) {
    storage::QuestionRepository questions(db_);
    storage::QuestionRecord q;
    q.reference = reference;
    q.department_id = "wijkbeheer";
    q.created_at_ms = q.clock_started_at_ms = at - 3'600'000;
    const auto id = questions.insert(q);
    if (missed_deadline) questions.add_event(id, at - 60'000, "escalated", "", "answer", "wijkbeheer");
    questions.add_event(id, at, "answered", "bram", "", "wijkbeheer");
  }

  std::string report_to(const std::string& lead) {
    for (const auto& sent : reports())
      if (sent.to.user_id == lead) return sent.text();
    return "";
  }
};

TEST_F(DepartmentReport, GivesTheLeadLastMonthsFigures) {
  clock_.set(amsterdam("2027-01-04T09:00"));  // 1 January is a holiday, then the weekend
  pass();
  const auto report = report_to("lotte");
  ASSERT_FALSE(report.empty());
  EXPECT_THAT(report, HasSubstr("Wijkbeheer: the ambassador programme in 2026-12"));
  EXPECT_THAT(report, HasSubstr("Active ambassadors: 4. Shares: 2. Clicks on shared links: 3."));  // dirk opted out
  EXPECT_THAT(report, HasSubstr("Webcare questions answered: 2, of which within the SLA: 1."));
  EXPECT_THAT(report, HasSubstr("New ambassador: Eva Mulder"));
  // Bram's share and clicks all fall in January, after the month: he and Cees did nothing in the 60 days before.
  EXPECT_THAT(report, HasSubstr("No activity in 60 days (2): Bram Jansen, Cees Smit."));
  EXPECT_THAT(report, Not(HasSubstr("Anna")));
  EXPECT_THAT(report, Not(HasSubstr("Dirk")));  // opted out: not counted as dropping out
}

TEST_F(DepartmentReport, ActivityOfAnyKindInTheLast60DaysCounts) {
  storage::TrackingRepository tracking(db_);
  tracking.record_reaction(oud_, id_of("cees"), "skipped", amsterdam("2026-11-15T10:00"));
  clicks(oud_, "bram", 1, "2026-12-20T10:00");
  clock_.set(amsterdam("2027-01-04T09:00"));
  pass();
  EXPECT_THAT(report_to("lotte"), HasSubstr("Everyone was active in the last 60 days."));
}

TEST_F(DepartmentReport, AnIntervisionAnswerCountsAsActivity) {
  storage::TrackingRepository(db_).record_reaction(oud_, id_of("cees"), "skipped", amsterdam("2026-11-15T10:00"));
  db_.exec(
      "INSERT INTO meeting_series(id, department_id, rrule, time_zone, first_start, duration_minutes, created_at,"
      " updated_at) VALUES (1, 'wijkbeheer', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'Europe/Amsterdam',"
      " '2026-11-03T15:00', 60, 0, 0)");
  db_.exec(
      "INSERT INTO meeting_rsvps(series_id, occurrence, platform, workspace, user_id, answer, updated_at) VALUES (1,"
      " '2026-12-15T15:00', 'local', '', 'bram', 'going', " +
      std::to_string(amsterdam("2026-12-14T10:00")) + ")");
  clock_.set(amsterdam("2027-01-04T09:00"));
  pass();
  EXPECT_THAT(report_to("lotte"), HasSubstr("Everyone was active in the last 60 days."));
}

TEST_F(DepartmentReport, IsNotSentBeforeTheFirstWorkingDayOfTheMonth) {
  clock_.set(amsterdam("2027-01-01T09:00"));
  pass();
  EXPECT_TRUE(reports().empty());
  clock_.set(amsterdam("2027-01-04T08:59"));
  pass();
  EXPECT_TRUE(reports().empty());
}

TEST_F(DepartmentReport, IsSentOncePerDepartmentAndMonth) {
  clock_.set(amsterdam("2027-01-04T09:00"));
  for (int i = 0; i < 4; ++i) {
    pass();
    clock_.advance(std::chrono::hours(6));
  }
  const auto sent = reports();
  ASSERT_EQ(sent.size(), 2u);  // lotte and gerard
  EXPECT_EQ(sent[0].key, "report:monthly:wijkbeheer:2026-12");
  EXPECT_EQ(sent[1].key, "report:monthly:groenbeheer:2026-12");
  clock_.set(amsterdam("2027-02-01T09:00"));
  pass();
  EXPECT_EQ(reports().size(), 4u);
}

TEST_F(DepartmentReport, ALeadWhoOptedOutGetsNothing) {
  config_.departments[0].lead = "local:anna";
  storage::AmbassadorRepository(db_).set_opted_out(id_of("anna"), true, amsterdam("2027-01-02T10:00"));
  clock_.set(amsterdam("2027-01-04T09:00"));
  pass();
  EXPECT_TRUE(report_to("anna").empty());
  EXPECT_FALSE(report_to("gerard").empty());
}

TEST_F(DepartmentReport, ADepartmentWithoutAmbassadorsGetsNoReport) {
  db_.exec("UPDATE ambassadors SET created_at = " + std::to_string(amsterdam("2027-01-02T10:00")) +
           " WHERE department_id = 'groenbeheer'");
  clock_.set(amsterdam("2027-01-04T09:00"));
  pass();
  EXPECT_TRUE(report_to("gerard").empty());
  EXPECT_FALSE(report_to("lotte").empty());
}

TEST_F(DepartmentReport, AReportAFewDaysLateStillGoesOutButNotAWeekLate) {
  clock_.set(amsterdam("2027-01-06T10:00"));
  pass();
  EXPECT_EQ(reports().size(), 2u);
  clock_.set(amsterdam("2027-02-09T10:00"));  // February's was due Monday 1 February
  pass();
  EXPECT_EQ(reports().size(), 2u);
}

}  // namespace
}  // namespace ambassador::testing::digests
