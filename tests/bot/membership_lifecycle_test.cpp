#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "membership_fixture.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {
namespace {

class MembershipLifecycle : public testing::MembershipFixture {
 protected:
  // The texts queued for the group, in order.
  std::vector<std::string> said_in(const std::string& channel_id) {
    std::vector<std::string> texts;
    for (const auto& row : outbox())
      if (row.to.channel_id == channel_id) texts.push_back(row.message.text);
    return texts;
  }
};

TEST_F(MembershipLifecycle, ABotAddedToAGroupRegistersItAndRemovalDeactivatesIt) {
  dispatcher_.handle(event(EventKind::bot_added, "-1001", false), db_);
  auto channel = storage::DirectoryRepository(db_).channel("telegram", "", "-1001");
  ASSERT_TRUE(channel);
  EXPECT_TRUE(channel->active);
  dispatcher_.handle(event(EventKind::bot_removed, "-1001", false), db_);
  EXPECT_FALSE(storage::DirectoryRepository(db_).channel("telegram", "", "-1001")->active);
}

TEST_F(MembershipLifecycle, TheGreetingNamesTheGroupByItsTitle) {
  auto added = event(EventKind::bot_added, "-1001", false);
  added.channel_name = "Wijkteam Noord";
  dispatcher_.handle(added, db_);
  const auto said = said_in("-1001");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_EQ(said[0], i18n::translate(i18n::Language::nl, i18n::Msg::bot_added_to_channel,
                                     {{"channel", "Wijkteam Noord"}}));
  EXPECT_EQ(said[0].rfind("Hallo Wijkteam Noord!", 0), 0u);
}

TEST_F(MembershipLifecycle, WithoutATitleTheGreetingShowsNoRawId) {
  dispatcher_.handle(event(EventKind::bot_added, "-4012345678", false), db_);
  const auto said = said_in("-4012345678");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_EQ(said[0], i18n::translate(i18n::Language::nl, i18n::Msg::bot_added_to_untitled_channel));
  EXPECT_EQ(said[0].find("4012345678"), std::string::npos);
  config_.organisation.language = "en";
  dispatcher_.handle(event(EventKind::bot_added, "-4012345679", false), db_);
  const auto english = said_in("-4012345679");
  ASSERT_EQ(english.size(), 1u);
  EXPECT_EQ(english[0].rfind("Hello everyone!", 0), 0u);
  EXPECT_EQ(english[0].find("4012345679"), std::string::npos);
}

TEST_F(MembershipLifecycle, BlockingTheBotInAPrivateChatOptsTheAmbassadorOut) {
  storage::AmbassadorRepository ambassadors(db_);
  auto anna = ambassadors.find_or_create({"telegram", "", "42"}, "Anna", clock_.now_ms());
  ASSERT_TRUE(anna.active());
  dispatcher_.handle(event(EventKind::bot_removed, "42", true), db_);
  EXPECT_FALSE(ambassadors.find(anna.id)->active());
}

}  // namespace
}  // namespace ambassador
