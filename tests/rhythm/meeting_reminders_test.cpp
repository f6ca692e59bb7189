// Intervision reminders on the clock: the working day before at 10:00 and an hour before (defaults), across the
// spring and autumn DST changes and a public holiday; a skipped meeting and a cancelled series get none; after
// downtime one reminder goes out if the meeting has not begun, none if it has, and never one twice.
#include "intervision_fixture.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;

class MeetingReminders : public IntervisionFixture {
 protected:
  void at(const std::string& local) { clock_.set(amsterdam(local)); }
  // The reminders wijk-amb got since the last look.
  std::vector<OutgoingMessage> reminders() {
    auto messages = new_for("wijk-amb");
    std::erase_if(messages, [](const OutgoingMessage& m) { return m.buttons.empty(); });
    return messages;
  }
  // Moves the clock to each due instant the pass names, until `until`; returns the titles sent on the way.
  std::vector<std::pair<std::string, std::int64_t>> run_until(const std::string& until) {
    std::vector<std::pair<std::string, std::int64_t>> sent;
    auto next = send_reminders();
    while (next && *next <= amsterdam(until)) {
      clock_.set(*next);
      next = send_reminders();
      for (const auto& m : reminders()) sent.emplace_back(m.title, clock_.now_ms());
    }
    return sent;
  }
};

TEST_F(MeetingReminders, TheWorkingDayBeforeAtTenAndAnHourBeforeEachOnce) {
  plan_wijkbeheer();
  new_for("wijk-amb");
  EXPECT_EQ(send_reminders(), amsterdam("2027-01-11T10:00"));
  at("2027-01-11T09:59");
  send_reminders();
  EXPECT_TRUE(reminders().empty());
  at("2027-01-11T10:00");
  EXPECT_EQ(send_reminders(), amsterdam("2027-01-12T14:00"));
  auto sent = reminders();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "Intervisie dinsdag 2027-01-12 15:00");
  EXPECT_THAT(sent[0].text, HasSubstr("in Stadskantoor 3.14"));
  ASSERT_EQ(sent[0].buttons.size(), 3u);
  EXPECT_EQ(sent[0].buttons[0].label, "Ik kom");
  EXPECT_EQ(sent[0].buttons[1].label, "Ik kom niet");
  EXPECT_EQ(sent[0].buttons[2].label, "Misschien");
  send_reminders();
  EXPECT_TRUE(reminders().empty());  // once
  // The buttons answer for that meeting.
  press("wijk-amb", "anna", sent[0].buttons[0].action_id, sent[0].buttons[0].value);
  EXPECT_THAT(told("anna"), HasSubstr("Genoteerd: Ik kom voor dinsdag 2027-01-12 15:00"));
  at("2027-01-12T14:00");
  send_reminders();
  EXPECT_EQ(reminders().size(), 1u);
  const auto keys = outbox();
  EXPECT_TRUE(std::any_of(keys.begin(), keys.end(), [&](const Queued& q) {
    return q.key.starts_with("intervision:" + std::to_string(series_of("wijkbeheer")[0].id) + ":2027-01-12T15:00:60m");
  }));
}

TEST_F(MeetingReminders, FifteenHundredStaysLocalAcrossBothDstChangesAndAHolidayMovesTheDayBefore) {
  plan_wijkbeheer();
  new_for("wijk-amb");
  // Before the spring change (CET): 2027-03-23; after it (CEST): 2027-04-06, whose day before is Easter Monday.
  at("2027-03-20T12:00");
  const auto spring = run_until("2027-04-06T15:00");
  const std::vector<std::pair<std::string, std::int64_t>> expected_spring{
      {"Intervisie dinsdag 2027-03-23 15:00", amsterdam("2027-03-22T10:00")},
      {"Intervisie dinsdag 2027-03-23 15:00", amsterdam("2027-03-23T14:00")},
      {"Intervisie dinsdag 2027-04-06 15:00", amsterdam("2027-04-02T10:00")},  // Friday: Monday is a holiday
      {"Intervisie dinsdag 2027-04-06 15:00", amsterdam("2027-04-06T14:00")},
  };
  EXPECT_EQ(spring, expected_spring);
  EXPECT_EQ(amsterdam("2027-04-06T14:00") - amsterdam("2027-03-23T14:00"), (14 * 24 - 1) * 3'600'000LL);
  // After the autumn change (2027-10-31) 15:00 is still 15:00.
  at("2027-10-30T12:00");
  const auto autumn = run_until("2027-11-02T15:00");
  const std::vector<std::pair<std::string, std::int64_t>> expected_autumn{
      {"Intervisie dinsdag 2027-11-02 15:00", amsterdam("2027-11-01T10:00")},
      {"Intervisie dinsdag 2027-11-02 15:00", amsterdam("2027-11-02T14:00")},
  };
  EXPECT_EQ(autumn, expected_autumn);
}

TEST_F(MeetingReminders, ASkippedMeetingAndACancelledSeriesGetNoReminders) {
  plan_wijkbeheer();
  say("wijk-amb", "lotte", "/intervisie overslaan 2027-01-12");
  new_for("wijk-amb");
  at("2027-01-12T14:30");
  send_reminders();
  EXPECT_TRUE(reminders().empty());
  say("wijk-amb", "lotte", "/intervisie annuleer");
  at("2027-01-26T14:30");
  EXPECT_EQ(send_reminders(), std::nullopt);
  EXPECT_TRUE(reminders().empty());
}

TEST_F(MeetingReminders, AMovedMeetingIsRemindedAtItsNewTime) {
  plan_wijkbeheer();
  say("wijk-amb", "lotte", "/intervisie verplaats 2027-01-12 naar 2027-01-14 09:00");
  new_for("wijk-amb");
  at("2027-01-11T10:00");
  send_reminders();
  EXPECT_TRUE(reminders().empty());  // Monday is two working days before Thursday
  at("2027-01-13T10:00");
  send_reminders();
  const auto sent = reminders();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "Intervisie donderdag 2027-01-14 09:00");
}

TEST_F(MeetingReminders, AfterDowntimeOneReminderIfTheMeetingHasNotBegunNoneIfItHas) {
  plan_wijkbeheer();
  new_for("wijk-amb");
  // Down from before Monday 10:00 until Tuesday 14:30: both reminders fell due; only the latest goes, once.
  at("2027-01-12T14:30");
  send_reminders();
  auto sent = reminders();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].title, "Intervisie dinsdag 2027-01-12 15:00");
  send_reminders();
  EXPECT_TRUE(reminders().empty());
  // Down across the next meeting's reminders and its start: nothing late.
  at("2027-01-26T15:01");
  send_reminders();
  EXPECT_TRUE(reminders().empty());
}

TEST_F(MeetingReminders, ASeriesThatCannotBeExpandedDoesNotHoldUpTheOthers) {
  storage::MeetingSeriesRecord broken;
  broken.department_id = "groenbeheer";
  broken.rrule = "FREQ=WEEKLY;BYDAY=MO";
  broken.time_zone = "Europe/Atlantis";  // a zone the system no longer knows
  broken.first_start = "2027-01-11T10:00";
  storage::MeetingRepository(db_).insert(broken);
  plan_wijkbeheer();
  new_for("wijk-amb");
  at("2027-01-11T10:00");
  send_reminders();
  EXPECT_EQ(reminders().size(), 1u);
}

TEST_F(MeetingReminders, OffsetsComeFromTheConfigAndEitherCanBeSwitchedOff) {
  config_.intervision.reminder_day_before = "";
  config_.intervision.reminder_before_minutes = 30;
  plan_wijkbeheer();
  EXPECT_EQ(send_reminders(), amsterdam("2027-01-12T14:30"));
  config_.intervision.reminder_day_before = "16:00";
  config_.intervision.reminder_before_minutes = 0;
  EXPECT_EQ(send_reminders(), amsterdam("2027-01-11T16:00"));
}

}  // namespace
}  // namespace ambassador::testing
