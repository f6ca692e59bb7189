// The programme's admins channels hear when the bot is added to or removed from a group.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "storage/directory_repository.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct Queued {
  Destination to;
  OutgoingMessage message;
};

config::ChannelConfig channel_config(std::string platform, std::string id, std::string purpose) {
  config::ChannelConfig channel;
  channel.platform = std::move(platform);
  channel.id = std::move(id);
  channel.purpose = std::move(purpose);
  return channel;
}

class AdminNotices : public ::testing::Test {
 protected:
  AdminNotices() : db_(dir_.file("bot.sqlite3"), 1000), dispatcher_(config_, clock_) {
    storage::migrate(db_);
    register_membership_commands(dispatcher_);
    config::DepartmentConfig wijk;
    wijk.id = "wijkbeheer";
    wijk.name = "Wijkbeheer";
    wijk.channels.push_back(channel_config("telegram", "-1002", "ambassadors"));
    config_.departments.push_back(wijk);
  }

  // The demo's set-up: a local admins channel in the webcare department.
  void add_admins_channel() {
    config::DepartmentConfig webcare;
    webcare.id = "webcare";
    webcare.name = "Webcare";
    webcare.channels.push_back(channel_config("local", "programmabeheer", "admins"));
    config_.departments.push_back(webcare);
  }

  void sync() { sync_directory(db_, config_, clock_.now_ms()); }

  IncomingEvent event(EventKind kind, std::string channel, bool direct = false) {
    IncomingEvent e;
    e.platform = "telegram";
    e.event_key = std::to_string(++key_);
    e.kind = kind;
    e.channel_id = std::move(channel);
    e.user_id = "42";
    e.user_name = "Anna";
    e.direct = direct;
    return e;
  }

  // Everything in the outbox for one channel, in queue order.
  std::vector<Queued> queued_for(const std::string& platform, const std::string& channel_id) {
    std::vector<Queued> found;
    auto& select = db_.prepare("SELECT destination, message FROM outbox ORDER BY id");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(0).getString());
      auto message = decode_message(select.getColumn(1).getString());
      if (to && message && to->platform == platform && to->channel_id == channel_id) found.push_back({*to, *message});
    }
    return found;
  }
  std::vector<Queued> admins_queue() { return queued_for("local", "programmabeheer"); }

  std::int64_t outbox_rows() {
    auto& count = db_.prepare("SELECT count(*) FROM outbox");
    count.executeStep();
    const auto n = count.getColumn(0).getInt64();
    count.reset();
    return n;
  }

  static std::string dutch(i18n::Msg msg, const i18n::Args& args) {
    return i18n::translate(i18n::Language::nl, msg, args);
  }

  testing::TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_{1'800'000'000'000};
  EventDispatcher dispatcher_;
  int key_ = 0;
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
