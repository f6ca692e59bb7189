#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador::storage {
namespace {

ChannelRecord channel(std::string channel_id, std::string department_id, std::string purpose = "ambassadors") {
  ChannelRecord record;
  record.platform = "slack";
  record.workspace = "T1";
  record.channel_id = std::move(channel_id);
  record.department_id = std::move(department_id);
  record.purpose = std::move(purpose);
  return record;
}

class DirectoryRepositoryTest : public MigratedDatabase {
 protected:
  DirectoryRepositoryTest() {
    directory_.upsert_department({"wijkbeheer", "Wijkbeheer", "Europe/Amsterdam", "nl"});
    directory_.upsert_department({"groen", "Groenbeheer", "Europe/Amsterdam", "en"});
  }
  DirectoryRepository directory_{db_};
};

TEST_F(DirectoryRepositoryTest, UpsertDepartmentInsertsThenUpdates) {
  directory_.upsert_department({"groen", "Groen & Natuur", "Europe/Brussels", "nl"});
  const auto groen = directory_.department("groen");
  ASSERT_TRUE(groen);
  EXPECT_EQ(groen->name, "Groen & Natuur");
  EXPECT_EQ(groen->time_zone, "Europe/Brussels");
  EXPECT_EQ(groen->language, "nl");
  ASSERT_EQ(directory_.departments().size(), 2u);
  EXPECT_EQ(directory_.departments()[0].id, "groen");  // ordered by id
  EXPECT_FALSE(directory_.department("missing").has_value());
}

TEST_F(DirectoryRepositoryTest, UpsertChannelReturnsTheSameRowForTheSameChannel) {
  auto configured = channel("C1", "wijkbeheer");
  configured.title = "#wijk";
  const auto id = directory_.upsert_channel(configured, 1000);
  EXPECT_EQ(directory_.upsert_channel(configured, 2000), id);
  EXPECT_NE(directory_.upsert_channel(channel("C2", "wijkbeheer"), 2000), id);
  const auto found = directory_.channel("slack", "T1", "C1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->department_id, "wijkbeheer");
  EXPECT_EQ(found->title, "#wijk");
  EXPECT_TRUE(found->active);
  EXPECT_FALSE(directory_.channel("slack", "T2", "C1").has_value());  // workspace is part of the key
}

TEST_F(DirectoryRepositoryTest, RediscoveryKeepsTheDepartmentLinkPurposeAndTitle) {
  auto configured = channel("C1", "wijkbeheer", "webcare");
  configured.title = "#webcare";
  const auto id = directory_.upsert_channel(configured, 1000);
  directory_.set_channel_active("slack", "T1", "C1", false);

  // The bot is added again: discovery knows no department, purpose or title.
  ChannelRecord discovered = channel("C1", "");
  discovered.active = true;
  EXPECT_EQ(directory_.upsert_channel(discovered, 2000), id);

  const auto found = directory_.channel("slack", "T1", "C1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->department_id, "wijkbeheer");
  EXPECT_EQ(found->purpose, "webcare");
  EXPECT_EQ(found->title, "#webcare");
  EXPECT_TRUE(found->active);
}

TEST_F(DirectoryRepositoryTest, ConfigCanRelinkAChannel) {
  directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000);
  directory_.upsert_channel(channel("C1", "groen", "editors"), 2000);
  const auto found = directory_.channel("slack", "T1", "C1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->department_id, "groen");
  EXPECT_EQ(found->purpose, "editors");
}

TEST_F(DirectoryRepositoryTest, DiscoveredChannelHasNoDepartment) {
  directory_.upsert_channel(channel("C9", ""), 1000);
  const auto found = directory_.channel("slack", "T1", "C9");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->department_id, "");
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels WHERE channel_id = 'C9' AND department_id IS NULL"), 1);
}

TEST_F(DirectoryRepositoryTest, ChannelsOfDepartmentFiltersByPurposeAndActive) {
  directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000);
  directory_.upsert_channel(channel("C2", "wijkbeheer"), 1000);
  directory_.upsert_channel(channel("C3", "wijkbeheer", "webcare"), 1000);
  directory_.upsert_channel(channel("C4", "groen"), 1000);
  directory_.set_channel_active("slack", "T1", "C2", false);

  const auto channels = directory_.channels_of_department("wijkbeheer", "ambassadors");
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels[0].channel_id, "C1");
  EXPECT_EQ(directory_.channels_of_department("wijkbeheer", "webcare").size(), 1u);
  EXPECT_TRUE(directory_.channels_of_department("nobody", "ambassadors").empty());
}

TEST_F(DirectoryRepositoryTest, UnlinkingKeepsTheNamedChannelsAndTheRowsOfTheRest) {
  const auto kept = directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000);
  directory_.upsert_channel(channel("C2", "groen"), 1000);
  directory_.upsert_channel(channel("C3", ""), 1000);  // discovered, never linked
  EXPECT_EQ(directory_.unlink_channels_except({kept}), 1);
  EXPECT_EQ(directory_.channel("slack", "T1", "C1")->department_id, "wijkbeheer");
  ASSERT_TRUE(directory_.channel("slack", "T1", "C2"));
  EXPECT_EQ(directory_.channel("slack", "T1", "C2")->department_id, "");
  EXPECT_TRUE(directory_.channel("slack", "T1", "C2")->active) << "still known, just linked to nothing";
  EXPECT_EQ(directory_.unlink_channels_except({}), 1);
  EXPECT_EQ(directory_.channel("slack", "T1", "C1")->department_id, "");
}

TEST_F(DirectoryRepositoryTest, LinkedChannelsWithAPurposeComeInDepartmentOrder) {
  directory_.upsert_channel(channel("C1", "wijkbeheer", "admins"), 1000);
  directory_.upsert_channel(channel("C2", "groen", "admins"), 1000);
  directory_.upsert_channel(channel("C3", "", "admins"), 1000);        // registered, linked to nothing
  directory_.upsert_channel(channel("C4", "groen", "webcare"), 1000);  // another purpose
  auto inactive = channel("C5", "groen", "admins");
  inactive.active = false;
  directory_.upsert_channel(inactive, 1000);
  const auto found = directory_.linked_channels_with_purpose("admins");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].channel_id, "C2");  // groen before wijkbeheer
  EXPECT_EQ(found[1].channel_id, "C1");
}

TEST_F(DirectoryRepositoryTest, UnknownDepartmentIsRefused) {
  EXPECT_THROW(directory_.upsert_channel(channel("C1", "does-not-exist"), 1000), std::runtime_error);
  EXPECT_FALSE(directory_.channel("slack", "T1", "C1").has_value());
  // The refusal does not stick to the statement: the next, valid upsert goes through.
  EXPECT_NO_THROW(directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000));
  EXPECT_TRUE(directory_.channel("slack", "T1", "C1").has_value());
}

// --- move_channel: a Telegram group upgraded to a supergroup gets a new id ------------------------------------

std::int64_t queue_delivery(Connection& db, const std::string& key, std::int64_t channel_ref) {
  auto& insert = db.prepare(
      "INSERT INTO outbox(idempotency_key, platform, destination, message, next_attempt_at, give_up_at, channel_ref,"
      " created_at) VALUES (?, 'slack', '{}', '{}', 0, 0, ?, 0)");
  insert.bind(1, key);
  insert.bind(2, static_cast<std::int64_t>(channel_ref));
  insert.exec();
  return db.last_insert_id();
}

TEST_F(DirectoryRepositoryTest, MoveChannelKeepsTheRowWithItsLinkUnderTheNewId) {
  auto configured = channel("C1", "wijkbeheer", "webcare");
  configured.title = "Wijkteam Noord";
  const auto id = directory_.upsert_channel(configured, 1000);
  directory_.upsert_channel(channel("C2", "groen"), 1000);

  EXPECT_EQ(directory_.move_channel("slack", "T1", "C1", "C1-new"), ChannelMove::moved);

  EXPECT_FALSE(directory_.channel("slack", "T1", "C1").has_value());
  const auto moved = directory_.channel("slack", "T1", "C1-new");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->id, id);  // outbox rows keep pointing at it
  EXPECT_EQ(moved->department_id, "wijkbeheer");
  EXPECT_EQ(moved->purpose, "webcare");
  EXPECT_EQ(moved->title, "Wijkteam Noord");
  EXPECT_TRUE(moved->active);
  EXPECT_EQ(directory_.channel("slack", "T1", "C2")->department_id, "groen");  // others untouched
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels"), 2);
}

TEST_F(DirectoryRepositoryTest, MovingAnUnknownChannelChangesNothing) {
  directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000);
  EXPECT_EQ(directory_.move_channel("slack", "T1", "C9", "C9-new"), ChannelMove::not_found);
  EXPECT_EQ(directory_.move_channel("slack", "T2", "C1", "C1-new"), ChannelMove::not_found);  // other workspace
  EXPECT_FALSE(directory_.channel("slack", "T1", "C9-new").has_value());
  EXPECT_TRUE(directory_.channel("slack", "T1", "C1").has_value());
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels"), 1);
}

TEST_F(DirectoryRepositoryTest, MoveOntoADiscoveredRowCarriesTheLinkOverAndDropsTheOldRow) {
  // The config linked the old group; the bot had also seen the new supergroup already (unlinked, inactive).
  auto configured = channel("C1", "wijkbeheer", "webcare");
  configured.title = "Wijkteam Noord";
  const auto old_id = directory_.upsert_channel(configured, 1000);
  ChannelRecord discovered = channel("C1-new", "");
  discovered.active = false;
  const auto new_id = directory_.upsert_channel(discovered, 2000);
  const auto delivery = queue_delivery(db_, "post:1:C1", old_id);

  EXPECT_EQ(directory_.move_channel("slack", "T1", "C1", "C1-new"), ChannelMove::merged);

  EXPECT_FALSE(directory_.channel("slack", "T1", "C1").has_value());
  const auto merged = directory_.channel("slack", "T1", "C1-new");
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->id, new_id);
  EXPECT_EQ(merged->department_id, "wijkbeheer");
  EXPECT_EQ(merged->purpose, "webcare");
  EXPECT_EQ(merged->title, "Wijkteam Noord");
  EXPECT_TRUE(merged->active);  // active if either was: the group is alive, it just sent the move
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels"), 1);
  EXPECT_EQ(count_rows("SELECT channel_ref FROM outbox WHERE id = " + std::to_string(delivery)), new_id);
}

TEST_F(DirectoryRepositoryTest, MoveOntoAConfiguredRowKeepsThatRowsOwnLink) {
  // The admins already put the new id in the config (department groen) before the old row was moved.
  directory_.upsert_channel(channel("C1", "wijkbeheer", "webcare"), 1000);
  auto configured_new = channel("C1-new", "groen", "ambassadors");
  configured_new.title = "Groen";
  const auto new_id = directory_.upsert_channel(configured_new, 2000);

  EXPECT_EQ(directory_.move_channel("slack", "T1", "C1", "C1-new"), ChannelMove::merged);

  const auto merged = directory_.channel("slack", "T1", "C1-new");
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->id, new_id);
  EXPECT_EQ(merged->department_id, "groen");
  EXPECT_EQ(merged->purpose, "ambassadors");
  EXPECT_EQ(merged->title, "Groen");
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels"), 1);
}

TEST_F(DirectoryRepositoryTest, AMergeInsideTheCallersTransactionRollsBackWithIt) {
  directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000);
  directory_.upsert_channel(channel("C1-new", ""), 2000);
  db_.exec("BEGIN");
  EXPECT_EQ(directory_.move_channel("slack", "T1", "C1", "C1-new"), ChannelMove::merged);
  db_.exec("ROLLBACK");
  EXPECT_EQ(directory_.channel("slack", "T1", "C1")->department_id, "wijkbeheer");
  EXPECT_EQ(directory_.channel("slack", "T1", "C1-new")->department_id, "");
  EXPECT_EQ(count_rows("SELECT count(*) FROM channels"), 2);
}

}  // namespace
}  // namespace ambassador::storage
