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

TEST_F(DirectoryRepositoryTest, UnknownDepartmentIsRefused) {
  EXPECT_THROW(directory_.upsert_channel(channel("C1", "does-not-exist"), 1000), SQLite::Exception);
  EXPECT_FALSE(directory_.channel("slack", "T1", "C1").has_value());
  // The refusal does not stick to the statement: the next, valid upsert goes through.
  EXPECT_NO_THROW(directory_.upsert_channel(channel("C1", "wijkbeheer"), 1000));
  EXPECT_TRUE(directory_.channel("slack", "T1", "C1").has_value());
}

}  // namespace
}  // namespace ambassador::storage
