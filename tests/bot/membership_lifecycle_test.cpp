#include <gtest/gtest.h>

#include "bot/event_dispatcher.hpp"
#include "bot/membership_commands.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

class MembershipLifecycle : public ::testing::Test {
 protected:
  MembershipLifecycle() : db_(dir_.file("bot.sqlite3"), 1000), dispatcher_(config_, clock_) {
    storage::migrate(db_);
    register_membership_commands(dispatcher_);
  }

  IncomingEvent event(EventKind kind, std::string channel, bool direct) {
    IncomingEvent e;
    e.platform = "telegram";
    e.event_key = std::to_string(++key_);
    e.kind = kind;
    e.channel_id = std::move(channel);
    e.user_id = "42";
    e.direct = direct;
    return e;
  }

  testing::TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_{1'800'000'000'000};
  EventDispatcher dispatcher_;
  int key_ = 0;
};

TEST_F(MembershipLifecycle, ABotAddedToAGroupRegistersItAndRemovalDeactivatesIt) {
  dispatcher_.handle(event(EventKind::bot_added, "-1001", false), db_);
  auto channel = storage::DirectoryRepository(db_).channel("telegram", "", "-1001");
  ASSERT_TRUE(channel);
  EXPECT_TRUE(channel->active);
  dispatcher_.handle(event(EventKind::bot_removed, "-1001", false), db_);
  EXPECT_FALSE(storage::DirectoryRepository(db_).channel("telegram", "", "-1001")->active);
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
