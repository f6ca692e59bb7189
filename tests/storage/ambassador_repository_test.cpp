#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AmbassadorRepositoryTest : public MigratedDatabase {
 protected:
  AmbassadorRepositoryTest() {
    DirectoryRepository directory(db_);
    directory.upsert_department({"wijkbeheer", "Wijkbeheer", "Europe/Amsterdam", "nl"});
    directory.upsert_department({"groen", "Groenbeheer", "Europe/Amsterdam", "nl"});
  }
  AmbassadorRepository ambassadors_{db_};
  const Identity anna_{"local", "", "anna"};
};

TEST_F(AmbassadorRepositoryTest, FindOrCreateCreatesOnceWithConsent) {
  const auto created = ambassadors_.find_or_create(anna_, "Anna de Vries", 1000);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.display_name, "Anna de Vries");
  EXPECT_EQ(created.consent_at_ms, 1000);
  EXPECT_FALSE(created.opted_out_at_ms.has_value());
  EXPECT_TRUE(created.active());
  EXPECT_EQ(created.department_id, "");
  EXPECT_THAT(created.roles, IsEmpty());

  const auto again = ambassadors_.find_or_create(anna_, "Another Name", 2000);
  EXPECT_EQ(again.id, created.id);
  EXPECT_EQ(again.display_name, "Anna de Vries");  // an existing ambassador is not updated
  EXPECT_EQ(again.consent_at_ms, 1000);
  EXPECT_EQ(count_rows("SELECT count(*) FROM ambassadors"), 1);
}

TEST_F(AmbassadorRepositoryTest, EmptyDisplayNameFallsBackToTheUserId) {
  EXPECT_EQ(ambassadors_.find_or_create({"slack", "T1", "U123"}, "", 1000).display_name, "U123");
}

TEST_F(AmbassadorRepositoryTest, IdentityIncludesPlatformAndWorkspace) {
  const auto local = ambassadors_.find_or_create(anna_, "Anna", 1000);
  const auto slack = ambassadors_.find_or_create({"slack", "T1", "anna"}, "Anna", 1000);
  const auto other_workspace = ambassadors_.find_or_create({"slack", "T2", "anna"}, "Anna", 1000);
  EXPECT_NE(local.id, slack.id);
  EXPECT_NE(slack.id, other_workspace.id);
  EXPECT_FALSE(ambassadors_.find_by_identity({"telegram", "", "anna"}).has_value());
  const auto identities = ambassadors_.identities(slack.id);
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].platform, "slack");
  EXPECT_EQ(identities[0].workspace, "T1");
  EXPECT_EQ(identities[0].user_id, "anna");
}

TEST_F(AmbassadorRepositoryTest, ThemesAndRolesAreReplacedAsSets) {
  const auto id = ambassadors_.find_or_create(anna_, "Anna", 1000).id;
  ambassadors_.set_themes(id, {"wijk", "klimaat", "wijk"});
  ambassadors_.set_roles(id, {"expert", "social_savvy"});
  auto found = ambassadors_.find(id);
  ASSERT_TRUE(found);
  EXPECT_THAT(found->themes, ElementsAre("klimaat", "wijk"));
  EXPECT_THAT(found->roles, ElementsAre("expert", "social_savvy"));

  ambassadors_.set_themes(id, {"groen"});
  ambassadors_.set_roles(id, {});
  found = ambassadors_.find_by_identity(anna_);
  ASSERT_TRUE(found);
  EXPECT_THAT(found->themes, ElementsAre("groen"));
  EXPECT_THAT(found->roles, IsEmpty());
}

TEST_F(AmbassadorRepositoryTest, OptOutAndBack) {
  const auto id = ambassadors_.find_or_create(anna_, "Anna", 1000).id;
  ambassadors_.set_opted_out(id, true, 2000);
  auto found = ambassadors_.find(id);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->active());
  EXPECT_EQ(found->opted_out_at_ms, 2000);
  EXPECT_EQ(found->consent_at_ms, 1000);  // the original consent stays on record

  ambassadors_.set_opted_out(id, false, 3000);
  found = ambassadors_.find(id);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->active());
  EXPECT_FALSE(found->opted_out_at_ms.has_value());
  EXPECT_EQ(found->consent_at_ms, 3000);
}

TEST_F(AmbassadorRepositoryTest, DepartmentLinkAndListing) {
  const auto anna = ambassadors_.find_or_create(anna_, "Anna", 1000).id;
  const auto bram = ambassadors_.find_or_create({"local", "", "bram"}, "Bram", 1000).id;
  const auto chantal = ambassadors_.find_or_create({"local", "", "chantal"}, "Chantal", 1000).id;
  ambassadors_.set_department(anna, "wijkbeheer");
  ambassadors_.set_department(bram, "wijkbeheer");
  ambassadors_.set_department(chantal, "groen");
  ambassadors_.set_themes(bram, {"klimaat"});

  const auto wijk = ambassadors_.list_by_department("wijkbeheer");
  ASSERT_EQ(wijk.size(), 2u);
  EXPECT_EQ(wijk[0].display_name, "Anna");
  EXPECT_EQ(wijk[1].display_name, "Bram");
  EXPECT_THAT(wijk[1].themes, ElementsAre("klimaat"));

  ambassadors_.set_department(chantal, "");
  EXPECT_EQ(ambassadors_.find(chantal)->department_id, "");
  EXPECT_TRUE(ambassadors_.list_by_department("groen").empty());
  EXPECT_THROW(ambassadors_.set_department(anna, "no-such-department"), std::runtime_error);
}

TEST_F(AmbassadorRepositoryTest, UnknownIdIsNotFound) { EXPECT_FALSE(ambassadors_.find(12345).has_value()); }

}  // namespace
}  // namespace ambassador::storage
