// The organisation's structure: themes, roles, [[departments]] with channels, and [[ambassadors]].
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

LoadResult parse(const std::string& text) { return parse_config(text, "test.toml"); }

TEST(ConfigThemes, ReadsThemes) {
  const LoadResult result = parse_with_department("themes = [\"klimaat\", \"werken-bij\", \"groen2\"]\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.config.themes, ElementsAre("klimaat", "werken-bij", "groen2"));
}

TEST(ConfigThemes, RejectsThemeThatIsNotASlug) {
  const LoadResult result = parse_with_department("themes = [\"klimaat\", \"Groen\", \"werken_bij\", \"\"]\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("themes[1]", "'Groen' is not a valid name"),
                                         ErrorAt("themes[2]", "'werken_bij' is not a valid name"),
                                         ErrorAt("themes[3]", "'' is not a valid name")));
}

TEST(ConfigThemes, RejectsDuplicateTheme) {
  EXPECT_THAT(parse_with_department("themes = [\"klimaat\", \"groen\", \"klimaat\"]\n").errors,
              ElementsAre(ErrorAt("themes[2]", "'klimaat' is listed twice")));
}

TEST(ConfigThemes, RejectsElementOfWrongType) {
  EXPECT_THAT(parse_with_department("themes = [\"klimaat\", 3]\n").errors,
              ElementsAre(ErrorAt("themes[1]", "expected a string, got an integer")));
  EXPECT_THAT(parse_with_department("themes = \"klimaat\"\n").errors,
              ElementsAre(ErrorAt("themes", "expected an array of strings, got a string")));
}

TEST(ConfigRoles, ReplacesDefaultRoles) {
  const LoadResult result = parse_with_department("roles = [\"expert\", \"woordvoerder\"]\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.config.roles, ElementsAre("expert", "woordvoerder"));
}

TEST(ConfigRoles, RejectsBadAndDuplicateRoles) {
  EXPECT_THAT(parse_with_department("roles = [\"expert\", \"Expert!\", \"expert\"]\n").errors,
              ElementsAre(ErrorAt("roles[1]", "'Expert!' is not a valid name"),
                          ErrorAt("roles[2]", "'expert' is listed twice")));
}

TEST(ConfigDepartments, InheritsTimeZoneAndLanguageFromOrganisation) {
  const LoadResult result = parse(R"(
[organisation]
language = "en"
time_zone = "Europe/London"

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[departments]]
id = "groen"
name = "Groen"
time_zone = "Europe/Amsterdam"
language = "nl"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config.departments.size(), 2u);
  EXPECT_EQ(result.config.departments[0].time_zone, "Europe/London");
  EXPECT_EQ(result.config.departments[0].language, "en");
  EXPECT_EQ(result.config.departments[1].time_zone, "Europe/Amsterdam");
  EXPECT_EQ(result.config.departments[1].language, "nl");
}

TEST(ConfigDepartments, RequiresAtLeastOne) {
  EXPECT_THAT(parse("[organisation]\nname = \"X\"\n").errors,
              ElementsAre(ErrorAt("departments", "at least one department is required")));
  EXPECT_THAT(parse("departments = []\n").errors,
              ElementsAre(ErrorAt("departments", "at least one department is required")));
}

TEST(ConfigDepartments, MissingDepartmentsIsNotReportedOnTopOfOtherErrors) {
  EXPECT_THAT(parse("[http]\nport = 99999\n").errors, ElementsAre(ErrorAt("http.port", "between 0 and 65535")));
}

TEST(ConfigDepartments, RequiresIdAndName) {
  const LoadResult result = parse("[[departments]]\ntime_zone = \"Europe/Amsterdam\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[0].id", "missing required key 'id'"),
                                         ErrorAt("departments[0].name", "missing required key 'name'")));
}

TEST(ConfigDepartments, RejectsIdThatIsNotASlug) {
  EXPECT_THAT(parse("[[departments]]\nid = \"Wijk Beheer\"\nname = \"W\"\n").errors,
              ElementsAre(ErrorAt("departments[0].id", "'Wijk Beheer' is not a valid id")));
  EXPECT_THAT(parse("[[departments]]\nid = \"\"\nname = \"W\"\n").errors,
              ElementsAre(ErrorAt("departments[0].id", "must not be empty")));
}

TEST(ConfigDepartments, RejectsDuplicateId) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[departments]]
id = "groen"
name = "Groen"

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer 2"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[2].id",
                                                 "department id 'wijkbeheer' is already used at departments[0]")));
}

TEST(ConfigDepartments, RejectsUnknownTimeZoneAndLanguage) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[departments]]
id = "groen"
name = "Groen"
time_zone = "Mars/Olympus_Mons"
language = "fr"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[1].time_zone", "unknown IANA time zone 'Mars/Olympus_Mons'"),
                          ErrorAt("departments[1].language", "'fr' is not one of 'nl' or 'en'")));
}

TEST(ConfigDepartments, RejectsDepartmentsWrittenAsTable) {
  EXPECT_THAT(parse("[departments]\nid = \"wijkbeheer\"\n").errors,
              ElementsAre(ErrorAt("departments", "expected an array of tables, got a table")));
}

TEST(ConfigChannels, ReadsChannels) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

  [[departments.channels]]
  platform = "local"
  id = "wijk"

  [[departments.channels]]
  platform = "telegram"
  id = "-100123"
  purpose = "editors"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& channels = result.config.departments.at(0).channels;
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].platform, "local");
  EXPECT_EQ(channels[0].id, "wijk");
  EXPECT_EQ(channels[0].purpose, "ambassadors");
  EXPECT_EQ(channels[1].platform, "telegram");
  EXPECT_EQ(channels[1].purpose, "editors");
}

TEST(ConfigChannels, AcceptsTheAdminsPurpose) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

  [[departments.channels]]
  platform = "telegram"
  id = "-100456"
  purpose = "admins"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config.departments.at(0).channels.size(), 1u);
  EXPECT_EQ(result.config.departments.at(0).channels[0].purpose, "admins");
}

TEST(ConfigChannels, RequiresPlatformAndId) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[departments]]
id = "groen"
name = "Groen"

  [[departments.channels]]
  purpose = "webcare"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[1].channels[0].platform", "missing required key 'platform'"),
                          ErrorAt("departments[1].channels[0].id", "missing required key 'id'")));
}

TEST(ConfigChannels, RejectsUnknownPlatformAndPurpose) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "whatsapp", id = "x", purpose = "chat" }]
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[0].channels[0].platform",
                                                 "'whatsapp' is not one of 'local', 'slack', 'telegram' or 'teams'"),
                                         ErrorAt("departments[0].channels[0].purpose", "'chat' is not one of")));
}

TEST(ConfigChannels, RejectsChannelUsedByTwoDepartments) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "local", id = "gedeeld" }]

[[departments]]
id = "groen"
name = "Groen"
channels = [{ platform = "local", id = "eigen" }, { platform = "local", id = "gedeeld" }]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[1].channels[1].id",
                                  "channel local:gedeeld is already used at departments[0].channels[0]")));
}

TEST(ConfigChannels, SameChannelIdOnAnotherPlatformOrWorkspaceIsAnotherChannel) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "local", id = "C1" }, { platform = "slack", workspace = "T1", id = "C1" }]

[[departments]]
id = "groen"
name = "Groen"
channels = [{ platform = "teams", workspace = "tenant-1", id = "C1" }, { platform = "slack", workspace = "T2", id = "C1" }]
)");
  EXPECT_THAT(result.errors, IsEmpty());
}

TEST(ConfigChannels, SlackChannelNeedsWorkspace) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "slack", id = "C1" }]
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[0].channels[0].workspace", "needs the workspace")));
}

// Teams events name the tenant as their workspace: a channel or ambassador without it would never be recognised.
TEST(ConfigChannels, TeamsChannelAndAmbassadorNeedTheTenant) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "teams", id = "19:abc@thread.tacv2" }]

[[ambassadors]]
name = "Anna"
department = "wijkbeheer"
platform = "teams"
user_id = "29:1abc"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[0].channels[0].workspace", "needs the tenant id"),
                                         ErrorAt("ambassadors[0].workspace", "needs the tenant id")));
}

TEST(ConfigChannels, SlackChannelWorkspaceMustBeConfiguredWhenSlackIsEnabled) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "slack", workspace = "T1", id = "C1" }, { platform = "slack", workspace = "T9", id = "C2" }]

[platforms.slack]
enabled = true
workspaces = [{ team_id = "T1", signing_secret = "env:S", bot_token = "env:B" }]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].channels[1].workspace",
                                  "Slack workspace 'T9' is not listed in [[platforms.slack.workspaces]]")));
}

const std::string kAmbassadorBase = R"(
themes = ["klimaat", "groen"]
roles = ["expert", "social_savvy"]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
)";

TEST(ConfigAmbassadors, ReadsAmbassadors) {
  const LoadResult result = parse(kAmbassadorBase + R"(
[[ambassadors]]
name = "Anna"
department = "wijkbeheer"
platform = "slack"
workspace = "T1"
user_id = "U1"
roles = ["expert"]
themes = ["klimaat", "groen"]
)");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config.ambassadors.size(), 1u);
  const AmbassadorSeed& anna = result.config.ambassadors[0];
  EXPECT_EQ(anna.name, "Anna");
  EXPECT_EQ(anna.department, "wijkbeheer");
  EXPECT_EQ(anna.platform, "slack");
  EXPECT_EQ(anna.workspace, "T1");
  EXPECT_EQ(anna.user_id, "U1");
  EXPECT_THAT(anna.roles, ElementsAre("expert"));
  EXPECT_THAT(anna.themes, ElementsAre("klimaat", "groen"));
}

TEST(ConfigAmbassadors, RejectsUnknownDepartment) {
  const LoadResult result = parse(kAmbassadorBase + R"(
[[ambassadors]]
department = "wijkbehher"
platform = "local"
user_id = "anna"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("ambassadors[0].department", "unknown department 'wijkbehher'")));
}

TEST(ConfigAmbassadors, RequiresDepartmentPlatformAndUserId) {
  const LoadResult result = parse(kAmbassadorBase + "[[ambassadors]]\nname = \"Anna\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("ambassadors[0].department", "missing required key 'department'"),
                                         ErrorAt("ambassadors[0].platform", "missing required key 'platform'"),
                                         ErrorAt("ambassadors[0].user_id", "missing required key 'user_id'")));
}

TEST(ConfigAmbassadors, RejectsUnknownPlatform) {
  const LoadResult result = parse(kAmbassadorBase + R"(
[[ambassadors]]
department = "wijkbeheer"
platform = "signal"
user_id = "anna"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("ambassadors[0].platform", "'signal' is not one of")));
}

TEST(ConfigAmbassadors, RejectsRolesAndThemesNotListed) {
  const LoadResult result = parse(kAmbassadorBase + R"(
[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"

[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "bram"
roles = ["expert", "spokesperson"]
themes = ["schulden", "groen"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("ambassadors[1].roles[1]", "unknown role 'spokesperson'; roles are 'expert' or"),
                          ErrorAt("ambassadors[1].themes[0]", "unknown theme 'schulden'")));
}

TEST(ConfigAmbassadors, ThemeNeedsThemesToBeConfigured) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"
themes = ["klimaat"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("ambassadors[0].themes[0]", "unknown theme 'klimaat': no themes are configured")));
}

TEST(ConfigAmbassadors, DefaultRolesAreKnown) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"
roles = ["social_savvy", "thought_leader"]
)");
  EXPECT_THAT(result.errors, IsEmpty());
}

TEST(ConfigAmbassadors, RejectsSameUserListedTwice) {
  const LoadResult result = parse(kAmbassadorBase + R"(
[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"

[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("ambassadors[1].user_id",
                                                 "ambassador local:anna is already listed at ambassadors[0]")));
}

TEST(ConfigAmbassadors, InvalidThemeIsReportedOnceNotAgainAtTheAmbassador) {
  const LoadResult result = parse(R"(
themes = ["Klimaat"]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[ambassadors]]
department = "wijkbeheer"
platform = "local"
user_id = "anna"
themes = ["Klimaat"]
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("themes[0]", "not a valid name")));
}

}  // namespace
}  // namespace ambassador::config
