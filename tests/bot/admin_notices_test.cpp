// The programme's admins channels hear when the bot is added to or removed from a group.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "membership_fixture.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class AdminNotices : public testing::MembershipFixture {
 protected:
  AdminNotices() { add_department("wijkbeheer", "Wijkbeheer", {channel_config("telegram", "-1002", "ambassadors")}); }

  // Every event here is Anna's, whose name the notices quote.
  IncomingEvent event(EventKind kind, std::string channel, bool direct = false) {
    auto e = MembershipFixture::event(kind, std::move(channel), direct);
    e.user_name = "Anna";
    return e;
  }

  std::int64_t outbox_rows() {
    auto& count = db_.prepare("SELECT count(*) FROM outbox");
    count.executeStep();
    const auto n = count.getColumn(0).getInt64();
    count.reset();
    return n;
  }
};

TEST_F(AdminNotices, AddedToAnUnlinkedGroupGivesTheConfigLinesToPaste) {
  add_admins_channel();
  sync();
  auto added = event(EventKind::bot_added, "-1001");
  added.channel_name = "Wijkteam Noord";
  dispatcher_.handle(added, db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message.text,
            dutch(i18n::Msg::admin_bot_added_unlinked,
                  {{"who", "Anna"},
                   {"where", "“Wijkteam Noord” (telegram: -1001)"},
                   {"snippet", "  [[departments.channels]]\n  platform = \"telegram\"\n  id = \"-1001\""}}));
  EXPECT_EQ(notices[0].to.platform, "local");
  EXPECT_FALSE(notices[0].to.ephemeral);
  // The group itself still gets its greeting, and the name is kept for later notices.
  EXPECT_EQ(queued_for("telegram", "-1001").size(), 1u);
  EXPECT_EQ(storage::DirectoryRepository(db_).channel("telegram", "", "-1001")->title, "Wijkteam Noord");
}

TEST_F(AdminNotices, TheConfigLinesNameTheSlackWorkspace) {
  add_admins_channel();
  sync();
  auto added = event(EventKind::bot_added, "C0999");
  added.platform = "slack";
  added.workspace = "T0123";
  added.user_name.clear();
  added.user_id = "U42";
  dispatcher_.handle(added, db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0].message.text, HasSubstr("U42"));
  EXPECT_THAT(notices[0].message.text, HasSubstr("toegevoegd aan slack: T0123/C0999."));
  EXPECT_THAT(notices[0].message.text, HasSubstr("platform = \"slack\"\n  workspace = \"T0123\"\n  id = \"C0999\""));
}

TEST_F(AdminNotices, AddedToALinkedGroupNamesTheDepartment) {
  add_admins_channel();
  sync();
  dispatcher_.handle(event(EventKind::bot_added, "-1002"), db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message.text,
            dutch(i18n::Msg::admin_bot_added_linked,
                  {{"who", "Anna"}, {"where", "telegram: -1002"}, {"department", "Wijkbeheer"}}));
  EXPECT_THAT(notices[0].message.text, Not(HasSubstr("[[departments.channels]]")));
}

TEST_F(AdminNotices, RemovedFromALinkedGroupNamesTheDepartment) {
  add_admins_channel();
  sync();
  dispatcher_.handle(event(EventKind::bot_removed, "-1002"), db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message.text,
            dutch(i18n::Msg::admin_bot_removed_linked,
                  {{"who", "Anna"}, {"where", "telegram: -1002"}, {"department", "Wijkbeheer"}}));
  EXPECT_FALSE(storage::DirectoryRepository(db_).channel("telegram", "", "-1002")->active);
}

TEST_F(AdminNotices, RemovedFromAnUnlinkedGroupSaysDeliveriesStop) {
  add_admins_channel();
  sync();
  auto added = event(EventKind::bot_added, "-1001");
  added.channel_name = "Wijkteam Noord";
  dispatcher_.handle(added, db_);
  // Platforms rarely send the title on removal: the one remembered from joining is used.
  dispatcher_.handle(event(EventKind::bot_removed, "-1001"), db_);

  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].message.text, dutch(i18n::Msg::admin_bot_removed_unlinked,
                                           {{"who", "Anna"}, {"where", "“Wijkteam Noord” (telegram: -1001)"}}));
}

TEST_F(AdminNotices, BlockingTheBotInADirectChatTellsNobody) {
  add_admins_channel();
  sync();
  dispatcher_.handle(event(EventKind::bot_removed, "42", true), db_);
  dispatcher_.handle(event(EventKind::bot_added, "42", true), db_);
  EXPECT_THAT(admins_queue(), IsEmpty());
  EXPECT_EQ(outbox_rows(), 0);
}

TEST_F(AdminNotices, AReplayedEventNotifiesOnce) {
  add_admins_channel();
  sync();
  const auto added = event(EventKind::bot_added, "-1001");
  dispatcher_.handle(added, db_);
  dispatcher_.handle(added, db_);
  const auto removed = event(EventKind::bot_removed, "-1001");
  dispatcher_.handle(removed, db_);
  dispatcher_.handle(removed, db_);
  EXPECT_EQ(admins_queue().size(), 2u);
}

TEST_F(AdminNotices, EveryActiveAdminsChannelIsToldButNeverAboutItself) {
  add_admins_channel();
  config_.departments.back().channels.push_back(channel_config("telegram", "-1009", "admins"));
  sync();
  // An inactive admins channel is skipped.
  storage::DirectoryRepository(db_).set_channel_active("telegram", "", "-1009", false);
  dispatcher_.handle(event(EventKind::bot_added, "-1001"), db_);
  EXPECT_EQ(admins_queue().size(), 1u);
  EXPECT_THAT(queued_for("telegram", "-1009"), IsEmpty());

  // Re-added, the telegram admins channel hears nothing about itself; the local one does.
  dispatcher_.handle(event(EventKind::bot_added, "-1009"), db_);
  const auto about_telegram_admins = admins_queue();
  ASSERT_EQ(about_telegram_admins.size(), 2u);
  EXPECT_THAT(about_telegram_admins[1].message.text, HasSubstr("Webcare"));
  const auto in_telegram_admins = queued_for("telegram", "-1009");
  ASSERT_EQ(in_telegram_admins.size(), 1u);  // only the greeting
  EXPECT_THAT(in_telegram_admins[0].message.text, Not(HasSubstr("Anna")));

  // Now both are active: a new group is reported to both.
  dispatcher_.handle(event(EventKind::bot_added, "-1003"), db_);
  EXPECT_EQ(admins_queue().size(), 3u);
  EXPECT_EQ(queued_for("telegram", "-1009").size(), 2u);
}

TEST_F(AdminNotices, SaysSomeoneWhenThePlatformNamesNobody) {
  add_admins_channel();
  sync();
  auto removed = event(EventKind::bot_removed, "-1002");
  removed.user_id.clear();
  removed.user_name.clear();
  dispatcher_.handle(removed, db_);
  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0].message.text, ::testing::StartsWith("Iemand heeft me verwijderd uit telegram: -1002"));
}

TEST_F(AdminNotices, UseTheOrganisationsLanguage) {
  config_.organisation.language = "en";
  add_admins_channel();
  config_.departments.back().language = "nl";  // the admins channel's own department does not decide
  sync();
  dispatcher_.handle(event(EventKind::bot_removed, "-1002"), db_);
  const auto notices = admins_queue();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message.text,
            i18n::translate(i18n::Language::en, i18n::Msg::admin_bot_removed_linked,
                            {{"who", "Anna"}, {"where", "telegram: -1002"}, {"department", "Wijkbeheer"}}));
}

TEST_F(AdminNotices, WithoutAnAdminsChannelNothingIsQueued) {
  sync();
  dispatcher_.handle(event(EventKind::bot_removed, "-1002"), db_);
  EXPECT_EQ(outbox_rows(), 0);
  dispatcher_.handle(event(EventKind::bot_added, "-1001"), db_);
  EXPECT_EQ(outbox_rows(), 1);  // the greeting in the group only
  EXPECT_EQ(queued_for("telegram", "-1001").size(), 1u);
}

}  // namespace
}  // namespace ambassador
