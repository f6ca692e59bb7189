// A Telegram group upgraded to a supergroup gets a new chat id: the bot keeps serving it under the new id and the
// admins are told the config still names the old one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "bot/outbox_writer.hpp"
#include "membership_fixture.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kOldGroup = "-216055857";
constexpr const char* kNewGroup = "-1001113717682";

class ChannelMove : public testing::MembershipFixture {
 protected:
  ChannelMove() {
    add_department("wijkbeheer", "Wijkbeheer", {channel_config("telegram", kOldGroup, "ambassadors")});
    add_admins_channel();
    sync();
  }

  // As the Telegram parser reports the migrate_to_chat_id message in the old group.
  static IncomingEvent moved(const std::string& from, const std::string& to, std::string key = "424151279") {
    IncomingEvent e;
    e.platform = "telegram";
    e.event_key = std::move(key);
    e.kind = EventKind::channel_moved;
    e.channel_id = from;
    e.action_value = to;
    e.user_id = "174976101";
    e.user_name = "FedorGogolev";
    return e;
  }

  void queue_in(const std::string& channel_id, const std::string& key) {
    OutboxWriter writer(db_, clock_, config_.delivery);
    Destination to;
    to.platform = "telegram";
    to.channel_id = channel_id;
    OutgoingMessage message;
    message.text = "post " + key;
    writer.queue(key, to, message);
  }
};

TEST_F(ChannelMove, TheChannelKeepsItsDepartmentUnderTheNewId) {
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);
  storage::DirectoryRepository directory(db_);
  EXPECT_FALSE(directory.channel("telegram", "", kOldGroup).has_value());
  const auto channel = directory.channel("telegram", "", kNewGroup);
  ASSERT_TRUE(channel);
  EXPECT_EQ(channel->department_id, "wijkbeheer");
  EXPECT_EQ(channel->purpose, "ambassadors");
  EXPECT_TRUE(channel->active);
}

TEST_F(ChannelMove, PendingDeliveriesFollowTheGroupSentOnesStay) {
  queue_in(kOldGroup, "post:1:old");
  queue_in(kOldGroup, "post:2:old");
  db_.exec("UPDATE outbox SET status = 'sent' WHERE idempotency_key = 'post:1:old'");
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);

  const auto old_rows = queued_for("telegram", kOldGroup);
  ASSERT_EQ(old_rows.size(), 1u);
  EXPECT_EQ(old_rows[0].key, "post:1:old");
  const auto new_rows = queued_for("telegram", kNewGroup);
  ASSERT_EQ(new_rows.size(), 1u);
  EXPECT_EQ(new_rows[0].key, "post:2:old");
  EXPECT_EQ(new_rows[0].status, "pending");
  EXPECT_EQ(new_rows[0].message.text, "post post:2:old");
}

TEST_F(ChannelMove, AdminsAreToldToChangeTheIdInTheConfig) {
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);
  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message.text, dutch(i18n::Msg::admin_channel_moved_linked, {{"where", "telegram: -216055857"},
                                                                                   {"department", "Wijkbeheer"},
                                                                                   {"old_id", kOldGroup},
                                                                                   {"new_id", kNewGroup}}));
  EXPECT_THAT(notices[0].message.text, HasSubstr("van -216055857 in -1001113717682"));
  // Nothing is said in the group itself.
  EXPECT_THAT(queued_for("telegram", kNewGroup), IsEmpty());
}

TEST_F(ChannelMove, AnUnlinkedGroupGetsTheConfigLinesWithTheNewId) {
  IncomingEvent added;
  added.platform = "telegram";
  added.event_key = "100";
  added.kind = EventKind::bot_added;
  added.channel_id = "-300";
  added.channel_name = "Klein Groepje";
  added.user_id = "42";
  dispatcher_.handle(added, db_);
  dispatcher_.handle(moved("-300", "-100300", "101"), db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 2u);  // the addition, then the move
  EXPECT_EQ(notices[1].message.text,
            dutch(i18n::Msg::admin_channel_moved_unlinked,
                  {{"where", "“Klein Groepje” (telegram: -300)"},
                   {"new_id", "-100300"},
                   {"snippet", "  [[departments.channels]]\n  platform = \"telegram\"\n  id = \"-100300\""}}));
  EXPECT_EQ(storage::DirectoryRepository(db_).channel("telegram", "", "-100300")->title, "Klein Groepje");
}

TEST_F(ChannelMove, AReplayedMoveChangesAndTellsNothingTwice) {
  queue_in(kOldGroup, "post:2:old");
  const auto event = moved(kOldGroup, kNewGroup);
  dispatcher_.handle(event, db_);
  dispatcher_.handle(event, db_);
  EXPECT_EQ(admins_queue().size(), 1u);
  EXPECT_EQ(queued_for("telegram", kNewGroup).size(), 1u);
  EXPECT_TRUE(storage::DirectoryRepository(db_).channel("telegram", "", kNewGroup).has_value());
}

TEST_F(ChannelMove, AMovedAdminsChannelHearsOfItsOwnNewId) {
  config_.departments.back().channels.push_back(channel_config("telegram", "-500", "admins"));
  sync();
  dispatcher_.handle(moved("-500", "-100500", "102"), db_);
  const auto in_moved_admins = queued_for("telegram", "-100500");
  ASSERT_EQ(in_moved_admins.size(), 1u);
  EXPECT_THAT(in_moved_admins[0].message.text, HasSubstr("van -500 in -100500"));
  EXPECT_THAT(queued_for("telegram", "-500"), IsEmpty());
  EXPECT_EQ(admins_queue().size(), 1u);
}

TEST_F(ChannelMove, WelcomesInTheNewSupergroupUseTheCarriedOverDepartment) {
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);
  IncomingEvent joined;
  joined.platform = "telegram";
  joined.event_key = "424151300:77";
  joined.kind = EventKind::member_joined;
  joined.channel_id = kNewGroup;
  joined.user_id = "77";
  joined.user_name = "dave";
  joined.occurred_at_ms = clock_.now_ms();
  dispatcher_.handle(joined, db_);
  EXPECT_EQ(queued_for("telegram", kNewGroup).size(), 1u);
}

// A restart while the config still names the old id: the remembered move links the new id, and the old one is not
// linked again (which would send the first post into Telegram's "upgraded" answer after every restart).
TEST_F(ChannelMove, AfterARestartTheRememberedMoveLinksTheNewId) {
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);
  const auto summary = sync();
  storage::DirectoryRepository directory(db_);
  EXPECT_FALSE(directory.channel("telegram", "", kOldGroup).has_value());
  const auto linked = directory.channels_of_department("wijkbeheer", "ambassadors");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0].channel_id, kNewGroup);
  ASSERT_EQ(summary.followed_moves.size(), 1u);
  EXPECT_EQ(summary.followed_moves[0].configured_id, kOldGroup);
  EXPECT_EQ(summary.followed_moves[0].current_id, kNewGroup);
  EXPECT_EQ(summary.followed_moves[0].department, "wijkbeheer");

  config_.departments[0].channels[0].id = kNewGroup;  // the admins changed the config
  EXPECT_THAT(sync().followed_moves, IsEmpty());
  ASSERT_EQ(directory.channels_of_department("wijkbeheer", "ambassadors").size(), 1u);
}

// After the move the config names the old id in one department and the new id in another: the first link stands
// and the other entry is reported, rather than the second silently taking the group away from the first.
TEST_F(ChannelMove, AConfigNamingBothTheOldAndTheNewIdKeepsTheFirstLink) {
  dispatcher_.handle(moved(kOldGroup, kNewGroup), db_);
  add_department("zzz", "Other", {channel_config("telegram", kNewGroup, "ambassadors")});
  const auto summary = sync();
  storage::DirectoryRepository directory(db_);
  EXPECT_EQ(directory.channel("telegram", "", kNewGroup)->department_id, "wijkbeheer");
  ASSERT_EQ(summary.followed_moves.size(), 2u);
  EXPECT_FALSE(summary.followed_moves[0].ignored);
  EXPECT_TRUE(summary.followed_moves[1].ignored);
  EXPECT_EQ(summary.followed_moves[1].department, "zzz");
}

// Moves chain (A became B, B became C) and a move back forgets the loop instead of sending ids round in circles.
TEST_F(ChannelMove, TheCurrentIdFollowsChainsAndForgetsLoops) {
  storage::DirectoryRepository directory(db_);
  directory.move_channel("telegram", "", "A", "B");
  directory.move_channel("telegram", "", "B", "C");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "A"), "C");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "B"), "C");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "C"), "C");
  EXPECT_EQ(directory.current_channel_id("slack", "", "A"), "A");

  directory.move_channel("telegram", "", "C", "A");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "A"), "A");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "B"), "A");
  EXPECT_EQ(directory.current_channel_id("telegram", "", "C"), "A");
}

TEST_F(ChannelMove, AMoveWithoutANewIdDoesNothing) {
  dispatcher_.handle(moved(kOldGroup, ""), db_);
  dispatcher_.handle(moved(kOldGroup, kOldGroup, "103"), db_);
  EXPECT_TRUE(storage::DirectoryRepository(db_).channel("telegram", "", kOldGroup).has_value());
  EXPECT_THAT(outbox(), IsEmpty());
}

}  // namespace
}  // namespace ambassador
