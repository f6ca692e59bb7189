// Webcare's SLA on the clock: reminders, two-level escalation, business hours across a weekend, a public holiday
// and a DST change, a restart with a deadline due, the daily dagstart and the retention purge.
#include "bot/webcare/dagstart.hpp"
#include "storage/retention_repository.hpp"
#include "test_database.hpp"
#include "webcare_fixture.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

class WebcareDeadlines : public WebcareFixture {
 protected:
  void at(const std::string& local) { clock_.set(amsterdam(local)); }
  std::optional<std::int64_t> send_digests() {
    OutboxWriter outbox(db_, clock_, config_.delivery);
    return webcare::send_due_digests(db_, config_, clock_, outbox);
  }
};

TEST_F(WebcareDeadlines, NormalPriorityClaimWithinTwoHoursAnswerWithinOneBusinessDay) {
  const auto q = question(ask("afval: vraag"));  // Monday 10:00
  EXPECT_EQ(q.claim_due_ms, amsterdam("2027-01-04T12:00"));
  EXPECT_EQ(q.answer_due_ms, amsterdam("2027-01-05T10:00"));
  EXPECT_EQ(q.due_stage, "claim");
  EXPECT_EQ(q.remind_at_ms, amsterdam("2027-01-04T11:30"));  // 75% of the claim window
  EXPECT_EQ(q.next_due_ms, q.remind_at_ms);
}

TEST_F(WebcareDeadlines, OneReminderBeforeTheDeadlineThenBackupContactsThenTheLead) {
  const auto reference = ask("afval: vraag");
  new_for("wijk-experts");
  at("2027-01-04T11:29");
  EXPECT_EQ(run_due(), 0);
  at("2027-01-04T11:30");
  EXPECT_EQ(run_due(), 1);
  EXPECT_THAT(all_text(new_for("wijk-experts")), HasSubstr("Herinnering: " + reference + " wacht nog"));
  EXPECT_EQ(run_due(), 0);  // the reminder went once
  at("2027-01-04T12:00");
  EXPECT_EQ(run_due(), 1);
  EXPECT_EQ(question(reference).escalation_level, 1);
  const auto to_backup = new_for("dm:bert");
  ASSERT_EQ(to_backup.size(), 1u);
  EXPECT_THAT(to_backup.front().title, HasSubstr(reference + " voor Wijkbeheer heeft de deadline gemist"));
  EXPECT_EQ(to_backup.front().buttons.front().action_id, "webcare.claim");
  EXPECT_THAT(all_text(new_for("wijk-experts")), HasSubstr("Opgeschaald naar bert"));
  EXPECT_TRUE(new_for("dm:lotte").empty());
  // The backup contacts get a fresh window of the same length: two business hours.
  EXPECT_EQ(question(reference).due_at_ms, amsterdam("2027-01-04T14:00"));
  at("2027-01-04T14:00");
  EXPECT_EQ(run_due(), 1);
  EXPECT_EQ(question(reference).escalation_level, 2);
  EXPECT_EQ(new_for("dm:lotte").size(), 1u);
  // Nothing is escalated past the lead.
  EXPECT_FALSE(question(reference).next_due_ms.has_value());
  at("2027-01-08T14:00");
  EXPECT_EQ(run_due(), 0);
  EXPECT_EQ(events_of(reference, "escalated"), 2);
  EXPECT_EQ(events_of(reference, "reminded"), 1);
}

TEST_F(WebcareDeadlines, ADepartmentWithoutBackupContactsEscalatesStraightToItsLead) {
  const auto reference = ask("bomen: vraag");
  at("2027-01-04T12:00");
  run_due();
  EXPECT_EQ(new_for("dm:gerard").size(), 1u);
  EXPECT_EQ(question(reference).escalation_level, 2);
}

TEST_F(WebcareDeadlines, AClaimedQuestionWatchesItsAnswerDeadline) {
  const auto reference = ask("afval: vraag");
  at("2027-01-04T11:00");
  press("wijk-experts", "bram", "webcare.claim", reference);
  const auto q = question(reference);
  EXPECT_EQ(q.due_stage, "answer");
  EXPECT_EQ(q.due_at_ms, amsterdam("2027-01-05T10:00"));
  at("2027-01-04T12:00");
  EXPECT_EQ(run_due(), 0);  // the claim deadline no longer matters
  at("2027-01-05T10:00");
  EXPECT_EQ(run_due(), 1);
  EXPECT_EQ(events_of(reference, "escalated"), 1);
}

TEST_F(WebcareDeadlines, FridayAfternoonHighPriorityIsDueOnMondayMorning) {
  at("2027-01-08T16:50");  // Friday; the department closes at 17:00
  const auto q = question(ask("afval: vraag\nprioriteit: hoog"));
  EXPECT_EQ(q.claim_due_ms, amsterdam("2027-01-11T08:35"));  // 10 minutes on Friday, 5 on Monday
  EXPECT_EQ(q.answer_due_ms, amsterdam("2027-01-11T10:20"));
}

TEST_F(WebcareDeadlines, APublicHolidayDoesNotCount) {
  at("2026-12-24T16:50");  // Thursday; Friday 25 December is a holiday
  const auto q = question(ask("afval: vraag\nprioriteit: hoog"));
  EXPECT_EQ(q.claim_due_ms, amsterdam("2026-12-28T08:35"));
}

TEST_F(WebcareDeadlines, OneBusinessDayAcrossTheSpringDstChangeKeepsTheLocalTime) {
  at("2027-03-26T10:00");  // Friday; clocks go forward on Sunday 28 March
  const auto q = question(ask("afval: vraag"));
  EXPECT_EQ(q.answer_due_ms, amsterdam("2027-03-29T10:00"));
  EXPECT_EQ(*q.answer_due_ms - amsterdam("2027-03-26T10:00"), (3 * 24 - 1) * 3600'000LL);
}

TEST_F(WebcareDeadlines, ADeadlineThatPassedWhileTheServiceWasDownFiresOnceAndSkipsItsReminder) {
  const auto reference = ask("afval: vraag");
  at("2027-01-04T15:00");  // both the reminder (11:30) and the deadline (12:00) passed while down
  // A restart: a fresh connection and desk over the same file.
  storage::Connection restarted(ambassador::testing::database(dir_, "webcare.sqlite3"), 1000);
  OutboxWriter outbox(restarted, clock_, config_.delivery);
  EXPECT_EQ(webcare::QuestionDesk(restarted, config_, clock_, outbox).run_due(100), 1);
  EXPECT_EQ(webcare::QuestionDesk(restarted, config_, clock_, outbox).run_due(100), 0);
  EXPECT_EQ(events_of(reference, "escalated"), 1);
  EXPECT_EQ(events_of(reference, "reminded"), 0);
  EXPECT_EQ(new_for("dm:bert").size(), 1u);
  // The next level's window counts from the moment it fired.
  EXPECT_EQ(question(reference).due_at_ms, amsterdam("2027-01-04T17:00"));
}

TEST_F(WebcareDeadlines, AnEscalationRolledBackWithItsTransactionHappensOnceWhenRetried) {
  const auto reference = ask("afval: vraag");
  at("2027-01-04T12:00");
  db_.exec("BEGIN");
  EXPECT_EQ(run_due(), 1);
  db_.exec("ROLLBACK");  // a crash before the commit
  EXPECT_EQ(events_of(reference, "escalated"), 0);
  EXPECT_EQ(run_due(), 1);
  EXPECT_EQ(run_due(), 0);
  EXPECT_EQ(events_of(reference, "escalated"), 1);
  EXPECT_EQ(new_for("dm:bert").size(), 1u);
}

TEST_F(WebcareDeadlines, AQuestionThatCannotBeHandledDoesNotHoldUpTheOthers) {
  const auto broken = ask("bomen: vraag");
  const auto fine = ask("afval: vraag");
  // The config changed under it: groenbeheer's hours are now unusable, so its calendar throws.
  config_.departments[1].business_hours.opens = "25:00";
  at("2027-01-04T12:00");
  EXPECT_EQ(run_due(), 2);
  EXPECT_EQ(events_of(fine, "escalated"), 1);
  EXPECT_EQ(new_for("dm:bert").size(), 1u);
  EXPECT_EQ(events_of(broken, "escalated"), 0);  // its half-done step was undone: no event, no message
  EXPECT_TRUE(new_for("dm:gerard").empty());
  EXPECT_EQ(question(broken).next_due_ms, amsterdam("2027-01-04T12:05"));
  EXPECT_EQ(run_due(), 0);
  config_.departments[1].business_hours.opens = "08:30";
  at("2027-01-04T12:05");
  EXPECT_EQ(run_due(), 1);  // once it can be handled, it is, once
  EXPECT_EQ(events_of(broken, "escalated"), 1);
  EXPECT_EQ(new_for("dm:gerard").size(), 1u);
}

TEST_F(WebcareDeadlines, DagstartListsOpenQuestionsByDepartmentAndWhatHappenedSinceTheLastOne) {
  at("2027-01-04T09:00");
  const auto first = ask("afval: oude vraag");
  ask("bomen: vraag");
  say("wijk-experts", "bram", "/answer " + first + ": klaar");
  at("2027-01-04T12:00");
  run_due();  // the bomen question misses its claim deadline: a breach for groenbeheer
  ask("afval: nieuwe vraag");
  new_for("webcare-team");
  at("2027-01-05T08:29");
  send_digests();
  EXPECT_TRUE(new_for("webcare-team").empty());
  at("2027-01-05T08:30");
  const auto next = send_digests();
  const auto digest = new_for("webcare-team");
  ASSERT_EQ(digest.size(), 1u);
  EXPECT_EQ(digest.front().title, "Dagstart 2027-01-05");
  EXPECT_THAT(digest.front().text, HasSubstr("Openstaande vragen: 2"));
  EXPECT_THAT(digest.front().text, HasSubstr("· Groenbeheer: 1 (oudste 23 h 30 min)"));
  EXPECT_THAT(digest.front().text, HasSubstr("· Wijkbeheer: 1 (oudste 20 h 30 min)"));
  EXPECT_THAT(digest.front().text, HasSubstr("1 beantwoord, 1 SLA-deadlines gemist"));
  EXPECT_THAT(digest.front().text, HasSubstr("· gemist door Groenbeheer: 1"));
  EXPECT_THAT(digest.front().text, HasSubstr("afval (2), bomen (1)"));
  EXPECT_EQ(next, amsterdam("2027-01-06T08:30"));
  at("2027-01-05T09:30");
  send_digests();
  EXPECT_TRUE(new_for("webcare-team").empty());  // once a day
}

TEST_F(WebcareDeadlines, NoDagstartOnWeekendsOrHolidaysAndNoneLateAfterAnOutage) {
  at("2027-01-09T08:30");  // Saturday
  EXPECT_EQ(send_digests(), amsterdam("2027-01-11T08:30"));
  at("2027-01-01T08:30");  // New Year's Day
  send_digests();
  EXPECT_TRUE(new_for("webcare-team").empty());
  at("2027-01-04T11:00");  // Monday, but back up 2.5 hours after dagstart
  send_digests();
  EXPECT_TRUE(new_for("webcare-team").empty());
}

TEST_F(WebcareDeadlines, ClosedQuestionsLoseTheirTextsAfterTheRetentionButStayCounted) {
  const auto reference = ask("afval: bel 06-12345678");
  say("wijk-experts", "bram", "/answer " + reference + ": gedaan");
  say("webcare-team", "fatima", "/vervolg " + reference + ": nog iets, jan@example.nl");
  say("wijk-experts", "bram", "/answer " + reference + ": ook gedaan");
  say("webcare-team", "fatima", "/close " + reference);
  storage::QuestionRepository questions(db_);
  const auto closed_at = *question(reference).closed_at_ms;
  EXPECT_EQ(questions.purge_closed_before(closed_at, clock_.now_ms(), 100), 0);  // not older than the cutoff
  EXPECT_EQ(questions.purge_closed_before(closed_at + 1, clock_.now_ms(), 100), 1);
  const auto q = question(reference);
  EXPECT_TRUE(q.text.empty());
  EXPECT_TRUE(q.masked_text.empty());
  EXPECT_TRUE(q.answer.empty());
  EXPECT_TRUE(q.purged_at_ms.has_value());
  for (const auto& event : questions.events(q.id)) EXPECT_TRUE(event.detail.empty()) << event.kind;
  EXPECT_EQ(q.department_id, "wijkbeheer");
  EXPECT_EQ(questions.events_by_department("answered", 0, INT64_MAX).at("wijkbeheer"), 2);
  EXPECT_EQ(questions.purge_closed_before(closed_at + 1, clock_.now_ms(), 100), 0);  // once
}

TEST_F(WebcareDeadlines, AnOpenQuestionIsNeverPurged) {
  const auto reference = ask("afval: bel 06-12345678");
  EXPECT_EQ(storage::QuestionRepository(db_).purge_closed_before(INT64_MAX, clock_.now_ms(), 100), 0);
  EXPECT_FALSE(question(reference).text.empty());
}

}  // namespace
}  // namespace ambassador::testing
