// Secret references in the file ([[api_tokens]], [platforms.*]): validated as references, never resolved at load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kNotAReference = "secrets must be a reference: env:NAME or file:PATH, never the value";

TEST(ConfigApiTokens, ReadsTokensWithoutResolvingThem) {
  const LoadResult result = parse_with_department(R"(
[[api_tokens]]
name = "comms"
token = "env:AMBASSADOR_CONFIG_TEST_NEVER_SET_TOKEN"
role = "editor"

[[api_tokens]]
name = "ops"
token = "file:/nonexistent/ambassador/token"
role = "admin"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  ASSERT_EQ(result.config.api_tokens.size(), 2u);
  EXPECT_EQ(result.config.api_tokens[0].name, "comms");
  EXPECT_EQ(result.config.api_tokens[0].token.reference(), "env:AMBASSADOR_CONFIG_TEST_NEVER_SET_TOKEN");
  EXPECT_EQ(result.config.api_tokens[0].role, "editor");
  EXPECT_EQ(result.config.api_tokens[1].token.reference(), "file:/nonexistent/ambassador/token");
}

TEST(ConfigApiTokens, RejectsLiteralTokenWithoutEchoingIt) {
  const LoadResult result = parse_with_department(R"(
[[api_tokens]]
name = "comms"
token = "s3cr3t-literal-token-value"
role = "editor"
)");
  ASSERT_THAT(result.errors, ElementsAre(ErrorAt("api_tokens[0].token", kNotAReference)));
  EXPECT_EQ(result.errors[0].message, kNotAReference);
  EXPECT_THAT(result.errors[0].to_string(), Not(HasSubstr("s3cr3t")));
}

TEST(ConfigApiTokens, RejectsMalformedReferences) {
  const LoadResult result = parse_with_department(R"(
[[api_tokens]]
name = "a"
token = "env:1BAD"
role = "admin"

[[api_tokens]]
name = "b"
token = "file:"
role = "admin"

[[api_tokens]]
name = "c"
token = ""
role = "admin"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("api_tokens[0].token", "variable name"), ErrorAt("api_tokens[1].token", "path"),
                          ErrorAt("api_tokens[2].token", kNotAReference)));
}

TEST(ConfigApiTokens, RequiresNameTokenAndRole) {
  EXPECT_THAT(parse_with_department("[[api_tokens]]\n").errors,
              ElementsAre(ErrorAt("api_tokens[0].name", "missing required key 'name'"),
                          ErrorAt("api_tokens[0].token", "missing required key 'token'"),
                          ErrorAt("api_tokens[0].role", "missing required key 'role'")));
}

TEST(ConfigApiTokens, RejectsUnknownRoleAndDuplicateName) {
  const LoadResult result = parse_with_department(R"(
[[api_tokens]]
name = "comms"
token = "env:A"
role = "root"

[[api_tokens]]
name = "comms"
token = "env:B"
role = "lead"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("api_tokens[0].role", "'root' is not one of 'admin', 'editor', 'webcare' or 'lead'"),
                          ErrorAt("api_tokens[1].name", "api token name 'comms' is used twice")));
}

TEST(ConfigSlack, ReadsWorkspaces) {
  const LoadResult result = parse_with_department(R"(
[platforms.slack]
enabled = true
api_base_url = "http://127.0.0.1:9999/api/"

  [[platforms.slack.workspaces]]
  team_id = "T1"
  signing_secret = "env:SLACK_SIGNING_SECRET"
  bot_token = "file:/run/secrets/slack_bot_token"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const SlackConfig& slack = result.config.platforms.slack;
  EXPECT_TRUE(slack.enabled);
  EXPECT_EQ(slack.api_base_url, "http://127.0.0.1:9999/api");
  ASSERT_EQ(slack.workspaces.size(), 1u);
  EXPECT_EQ(slack.workspaces[0].team_id, "T1");
  EXPECT_EQ(slack.workspaces[0].signing_secret.reference(), "env:SLACK_SIGNING_SECRET");
  EXPECT_EQ(slack.workspaces[0].bot_token.reference(), "file:/run/secrets/slack_bot_token");
}

TEST(ConfigSlack, EnabledSlackRequiresBothSecrets) {
  const LoadResult result = parse_with_department(R"(
[platforms.slack]
enabled = true

  [[platforms.slack.workspaces]]
  team_id = "T1"

  [[platforms.slack.workspaces]]
  team_id = "T2"
  signing_secret = "env:SLACK_SIGNING_SECRET_2"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("platforms.slack.workspaces[0].signing_secret",
                                  "missing required key 'signing_secret' when Slack is enabled"),
                          ErrorAt("platforms.slack.workspaces[0].bot_token", "missing required key 'bot_token'"),
                          ErrorAt("platforms.slack.workspaces[1].bot_token", "missing required key 'bot_token'")));
}

TEST(ConfigSlack, DisabledSlackNeedsNoSecrets) {
  const LoadResult result = parse_with_department("[platforms.slack]\nworkspaces = [{ team_id = \"T1\" }]\n");
  EXPECT_THAT(result.errors, IsEmpty());
}

TEST(ConfigSlack, LiteralSecretIsRejectedEvenWhenDisabled) {
  const LoadResult result = parse_with_department(R"(
[[platforms.slack.workspaces]]
team_id = "T1"
bot_token = "xoxb-1234-5678-abcdef"
)");
  ASSERT_THAT(result.errors, ElementsAre(ErrorAt("platforms.slack.workspaces[0].bot_token", kNotAReference)));
  EXPECT_THAT(result.errors[0].to_string(), Not(HasSubstr("xoxb")));
}

TEST(ConfigSlack, EnabledSlackNeedsAWorkspace) {
  EXPECT_THAT(parse_with_department("[platforms.slack]\nenabled = true\n").errors,
              ElementsAre(ErrorAt("platforms.slack.workspaces", "at least one")));
}

TEST(ConfigSlack, RejectsMissingAndDuplicateTeamId) {
  const LoadResult result = parse_with_department(R"(
[[platforms.slack.workspaces]]
team_id = "T1"

[[platforms.slack.workspaces]]
bot_token = "env:X"

[[platforms.slack.workspaces]]
team_id = "T1"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("platforms.slack.workspaces[1].team_id", "missing required key 'team_id'"),
                          ErrorAt("platforms.slack.workspaces[2].team_id", "workspace 'T1' is listed twice")));
}

TEST(ConfigSlack, RejectsApiBaseUrlThatIsNotHttp) {
  EXPECT_THAT(parse_with_department("[platforms.slack]\napi_base_url = \"slack.com/api\"\n").errors,
              ElementsAre(ErrorAt("platforms.slack.api_base_url", "must be an http:// or https:// URL")));
}

TEST(ConfigTelegram, ReadsTelegram) {
  const LoadResult result = parse_with_department(R"(
[platforms.telegram]
enabled = true
bot_username = "@VoorbeeldBot"
bot_token = "env:TELEGRAM_BOT_TOKEN"
webhook_secret = "file:/run/secrets/telegram_webhook"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const TelegramConfig& telegram = result.config.platforms.telegram;
  EXPECT_TRUE(telegram.enabled);
  EXPECT_EQ(telegram.api_base_url, "https://api.telegram.org");
  EXPECT_EQ(telegram.bot_username, "VoorbeeldBot");
  EXPECT_EQ(telegram.bot_token.reference(), "env:TELEGRAM_BOT_TOKEN");
  EXPECT_EQ(telegram.webhook_secret.reference(), "file:/run/secrets/telegram_webhook");
}

TEST(ConfigTelegram, EnabledTelegramRequiresBothSecrets) {
  EXPECT_THAT(
      parse_with_department("[platforms.telegram]\nenabled = true\n").errors,
      ElementsAre(ErrorAt("platforms.telegram.bot_token", "missing required key 'bot_token' when Telegram is enabled"),
                  ErrorAt("platforms.telegram.webhook_secret", "missing required key 'webhook_secret'")));
}

TEST(ConfigTelegram, RejectsLiteralWebhookSecret) {
  const LoadResult result = parse_with_department(R"(
[platforms.telegram]
enabled = true
bot_token = "env:TELEGRAM_BOT_TOKEN"
webhook_secret = "my-webhook-secret"
)");
  ASSERT_THAT(result.errors, ElementsAre(ErrorAt("platforms.telegram.webhook_secret", kNotAReference)));
  EXPECT_THAT(result.errors[0].to_string(), Not(HasSubstr("my-webhook-secret")));
}

TEST(ConfigPlatforms, LocalCanBeDisabled) {
  const LoadResult result = parse_with_department("[platforms.local]\nenabled = false\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_FALSE(result.config.platforms.local.enabled);
}

TEST(ConfigPlatforms, RejectsEnabledOfWrongType) {
  EXPECT_THAT(parse_with_department("[platforms.local]\nenabled = \"yes\"\n").errors,
              ElementsAre(ErrorAt("platforms.local.enabled", "expected a boolean, got a string")));
}

}  // namespace
}  // namespace ambassador::config
