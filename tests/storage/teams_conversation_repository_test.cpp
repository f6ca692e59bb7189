// Teams conversations' connector URLs: kept across restarts, one row per conversation, the latest URL wins.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/teams_conversation_repository.hpp"

namespace ambassador::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

class TeamsConversationRepositoryTest : public MigratedDatabase {};

TEST_F(TeamsConversationRepositoryTest, UpsertKeepsOneRowPerConversationWithTheLatestUrl) {
  TeamsConversationRepository repository(db_);
  repository.upsert({"tenant-1", "19:general@thread.tacv2", "https://smba.trafficmanager.net/emea"}, 1000);
  repository.upsert({"tenant-1", "a:personal", "https://smba.trafficmanager.net/emea"}, 2000);
  repository.upsert({"tenant-1", "19:general@thread.tacv2", "https://smba.trafficmanager.net/amer"}, 3000);
  db_.reset_statements();
  EXPECT_EQ(count_rows("SELECT count(*) FROM teams_conversations"), 2);
  EXPECT_THAT(repository.all(),
              ElementsAre(Field(&TeamsConversation::conversation_id, "a:personal"),
                          Field(&TeamsConversation::service_url, "https://smba.trafficmanager.net/amer")))
      << "oldest first, so a loader ends with each tenant's latest URL";
}

}  // namespace
}  // namespace ambassador::storage
