// [platforms.teams]: what an enabled Teams needs, and the safe defaults of the Bot Framework endpoints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::Contains;
using ::testing::IsEmpty;

constexpr const char* kAppId = "8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

TEST(ConfigTeams, DefaultsPointAtMicrosoft) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  const TeamsConfig& teams = result.config.platforms.teams;
  EXPECT_FALSE(teams.enabled);
  EXPECT_EQ(teams.openid_metadata_url, "https://login.botframework.com/v1/.well-known/openidconfiguration");
  EXPECT_EQ(teams.token_issuer, "https://api.botframework.com");
  EXPECT_EQ(teams.login_base_url, "https://login.microsoftonline.com");
  EXPECT_EQ(teams.default_service_url, "https://smba.trafficmanager.net/teams");
  EXPECT_TRUE(teams.app_tenant_id.empty()) << "multi-tenant unless a tenant is named";
}

TEST(ConfigTeams, EnabledReadsTheApp) {
  const LoadResult result = parse_with_department(std::string(R"(
[platforms.teams]
enabled = true
app_id = ")") + kAppId + R"("
app_password = "env:TEAMS_APP_PASSWORD"
app_tenant_id = "11111111-2222-3333-4444-555555555555"
openid_metadata_url = "http://127.0.0.1:9000/openid"
login_base_url = "http://127.0.0.1:9000"
default_service_url = "http://127.0.0.1:9001/teams/"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const TeamsConfig& teams = result.config.platforms.teams;
  EXPECT_TRUE(teams.enabled);
  EXPECT_EQ(teams.app_id, kAppId);
  EXPECT_EQ(teams.app_password.reference(), "env:TEAMS_APP_PASSWORD");
  EXPECT_EQ(teams.app_tenant_id, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(teams.default_service_url, "http://127.0.0.1:9001/teams") << "trailing slash dropped";
}

TEST(ConfigTeams, EnabledNeedsAppIdAndPassword) {
  const LoadResult result = parse_with_department("[platforms.teams]\nenabled = true\n");
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.app_id", "")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.app_password", "")));
}

TEST(ConfigTeams, AppIdMustBeAGuid) {
  const LoadResult result = parse_with_department(R"(
[platforms.teams]
app_id = "my-bot"
)");
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.app_id", "GUID")));
}

// The metadata decides which keys are believed and the login endpoint gets the secret: never over plain http
// to another machine.
TEST(ConfigTeams, EndpointsMustBeHttpsUnlessLoopback) {
  const LoadResult result = parse_with_department(R"(
[platforms.teams]
openid_metadata_url = "http://login.example.org/openid"
login_base_url = "http://login.example.org"
)");
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.openid_metadata_url", "https://")));
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.login_base_url", "https://")));
}

TEST(ConfigTeams, UnknownKeyIsReported) {
  const LoadResult result = parse_with_department("[platforms.teams]\napp_secret = \"x\"\n");
  EXPECT_THAT(result.errors, Contains(ErrorAt("platforms.teams.app_secret", "")));
}

}  // namespace
}  // namespace ambassador::config
