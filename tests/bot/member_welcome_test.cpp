// A person joining an ambassadors channel is welcomed once per day, however many updates report the join: a
// Telegram bot that is admin gets both a chat_member update and the new_chat_members service message.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "membership_fixture.hpp"

namespace ambassador {
namespace {

constexpr const char* kGroup = "-1001721390626";
// 2022-07-07 23:30 and 2022-07-08 00:30 in Amsterdam (summer time, UTC+2); 2022-07-08 23:00 there.
constexpr std::int64_t kLateEvening = 1657229400000;
constexpr std::int64_t kAfterMidnight = 1657233000000;
constexpr std::int64_t kNextEvening = 1657314000000;

class MemberWelcome : public testing::MembershipFixture {
 protected:
  MemberWelcome() : MembershipFixture(kNextEvening + 86'400'000) {
    config_.organisation.time_zone = "UTC";  // the department's zone decides, not the organisation's
    add_department("wijkbeheer", "Wijkbeheer", {channel_config("telegram", kGroup, "ambassadors")}).time_zone =
        "Europe/Amsterdam";
    sync();
  }

  // As the Telegram parser reports a chat_member update: event_key is the update_id.
  static IncomingEvent chat_member(std::int64_t update_id, std::string user_id, std::int64_t at_ms) {
    IncomingEvent e;
    e.platform = "telegram";
    e.event_key = std::to_string(update_id);
    e.kind = EventKind::member_joined;
    e.channel_id = kGroup;
    e.user_id = std::move(user_id);
    e.user_name = "mila_n";
    e.occurred_at_ms = at_ms;
    return e;
  }
  // As it reports one person of a new_chat_members service message: "<update_id>:<user id>".
  static IncomingEvent service_message(std::int64_t update_id, std::string user_id, std::int64_t at_ms) {
    IncomingEvent e = chat_member(update_id, user_id, at_ms);
    e.event_key += ":" + user_id;
    return e;
  }

  std::vector<std::string> welcome_keys() {
    std::vector<std::string> keys;
    auto& select = db_.prepare("SELECT idempotency_key, destination, message FROM outbox ORDER BY id");
    while (select.executeStep()) {
      const auto to = decode_destination(select.getColumn(1).getString());
      const auto message = decode_message(select.getColumn(2).getString());
      EXPECT_TRUE(to && to->channel_id == kGroup);
      EXPECT_TRUE(message && message->text ==
                                 i18n::translate(i18n::Language::nl, i18n::Msg::welcome_member, {{"name", "mila_n"}}));
      keys.push_back(select.getColumn(0).getString());
    }
    return keys;
  }
};

TEST_F(MemberWelcome, BothUpdatesAboutOneJoinGiveOneWelcome) {
  dispatcher_.handle(chat_member(836538908, "555000111", kLateEvening), db_);
  dispatcher_.handle(service_message(836538909, "555000111", kLateEvening), db_);
  const auto keys = welcome_keys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0], "welcome:telegram::-1001721390626:555000111:2022-07-07");
}

TEST_F(MemberWelcome, TheOrderOfTheTwoUpdatesDoesNotMatter) {
  dispatcher_.handle(service_message(836538909, "555000111", kLateEvening), db_);
  dispatcher_.handle(chat_member(836538908, "555000111", kLateEvening), db_);
  dispatcher_.handle(service_message(836538909, "555000111", kLateEvening), db_);  // a redelivery
  EXPECT_EQ(welcome_keys().size(), 1u);
}

TEST_F(MemberWelcome, EachPersonIsWelcomed) {
  dispatcher_.handle(service_message(836538909, "555000111", kLateEvening), db_);
  dispatcher_.handle(service_message(836538909, "555000222", kLateEvening), db_);
  EXPECT_EQ(welcome_keys().size(), 2u);
}

TEST_F(MemberWelcome, TheDayIsTheDepartmentsLocalDay) {
  // 21:30 and 22:30 UTC are the same UTC day but two days in Amsterdam.
  dispatcher_.handle(chat_member(1, "555000111", kLateEvening), db_);
  dispatcher_.handle(chat_member(2, "555000111", kAfterMidnight), db_);
  // Leaving and coming back later that (local) day is not welcomed again.
  dispatcher_.handle(chat_member(3, "555000111", kNextEvening), db_);
  const auto keys = welcome_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], "welcome:telegram::-1001721390626:555000111:2022-07-07");
  EXPECT_EQ(keys[1], "welcome:telegram::-1001721390626:555000111:2022-07-08");
}

TEST_F(MemberWelcome, WithoutAnEventTimeTheProcessingDayCounts) {
  dispatcher_.handle(chat_member(1, "555000111", 0), db_);
  const auto keys = welcome_keys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0], "welcome:telegram::-1001721390626:555000111:2022-07-09");  // the clock: 23:00 in Amsterdam
}

TEST_F(MemberWelcome, NoWelcomeInAChannelWithoutADepartment) {
  auto elsewhere = chat_member(1, "555000111", kLateEvening);
  elsewhere.channel_id = "-1009";
  dispatcher_.handle(elsewhere, db_);
  EXPECT_TRUE(welcome_keys().empty());
}

}  // namespace
}  // namespace ambassador
