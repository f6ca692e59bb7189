// `ambassador-bot telegram set-webhook | delete-webhook | webhook-info` against a fake Bot API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/app/telegram_cli.hpp"
#include "config/loader.hpp"
#include "fake_http_server.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace ambassador::testing;
using nlohmann::json;
namespace fs = std::filesystem;

const std::string kSuffix = std::to_string(::getpid());
const std::string kTokenVariable = "AMBASSADOR_TG_CLI_BOT_TOKEN_" + kSuffix;
const std::string kSecretVariable = "AMBASSADOR_TG_CLI_WEBHOOK_SECRET_" + kSuffix;
constexpr const char* kBotToken = "111222333:AAcliTestToken_secret-part";
constexpr const char* kSecret = "cli-webhook-secret_42";

constexpr const char* kDepartment = R"([[departments]]
id = "noord"
name = "Noord"

  [[departments.channels]]
  platform = "local"
  id = "noord"

)";

std::string config_toml(const std::string& api_base_url, const std::string& secret_variable = kSecretVariable) {
  return kDepartment + std::string(R"([platforms.local]
enabled = true

[platforms.telegram]
enabled = true
api_base_url = ")") +
         api_base_url + R"("
bot_username = "CliTestBot"
bot_token = "env:)" +
         kTokenVariable + R"("
webhook_secret = "env:)" +
         secret_variable + R"("
)";
}

config::Config load(const std::string& toml) {
  auto result = config::parse_config(toml, "telegram_cli.toml");
  if (!result.ok()) throw std::runtime_error(result.errors.front().to_string());
  return std::move(result.config);
}

struct CliResult {
  int status = -1;
  std::string out, err;
};

class TelegramCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv(kTokenVariable.c_str(), kBotToken, 1);
    ::setenv(kSecretVariable.c_str(), kSecret, 1);
  }

  CliResult run(const std::vector<std::string>& args, const config::Config& config) {
    std::ostringstream out, err;
    CliResult result;
    result.status = app::run_telegram_cli(args, config, out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  FakeHttpServer server_{[](const RecordedRequest& request) {
    if (request.target.ends_with("/getWebhookInfo"))
      return FakeResponse::json(200, R"({"ok":true,"result":{"url":"https://bot.example.org/telegram/webhook",)"
                                     R"("has_custom_certificate":false,"pending_update_count":3}})");
    if (request.target.ends_with("/deleteWebhook"))
      return FakeResponse::json(200, R"({"ok":true,"result":true,"description":"Webhook was deleted"})");
    return FakeResponse::json(200, R"({"ok":true,"result":true,"description":"Webhook was set"})");
  }};
};

TEST_F(TelegramCli, SetWebhookSendsTheUrlTheSecretAndTheUpdateKinds) {
  const auto result =
      run({"set-webhook", "--url", "https://bot.example.org/telegram/webhook"}, load(config_toml(server_.url(""))));
  EXPECT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(server_.request_count(), 1u);
  const auto request = server_.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, std::string("/bot") + kBotToken + "/setWebhook");
  const auto body = json::parse(request.body);
  EXPECT_EQ(body["url"], "https://bot.example.org/telegram/webhook");
  EXPECT_EQ(body["secret_token"], kSecret);
  EXPECT_THAT(body["allowed_updates"].get<std::vector<std::string>>(),
              ElementsAre("message", "callback_query", "my_chat_member", "chat_member"));
  EXPECT_EQ(json::parse(result.out)["description"], "Webhook was set");
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(kSecret)));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(kBotToken)));
}

TEST_F(TelegramCli, WebhookInfoPrintsTheAnswer) {
  const auto result = run({"webhook-info"}, load(config_toml(server_.url(""))));
  EXPECT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].method, "GET");
  EXPECT_EQ(json::parse(result.out)["result"]["pending_update_count"], 3);
}

TEST_F(TelegramCli, DeleteWebhookCanDropPendingUpdates) {
  const auto result = run({"delete-webhook", "--drop-pending-updates"}, load(config_toml(server_.url(""))));
  EXPECT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_TRUE(server_.requests()[0].target.ends_with("/deleteWebhook"));
  EXPECT_EQ(json::parse(server_.requests()[0].body)["drop_pending_updates"], true);
}

TEST_F(TelegramCli, AnApiErrorExitsOneAndNeverShowsTheToken) {
  server_.set_handler([](const RecordedRequest& request) {
    // An answer that (unlike the real API) echoes the path: the CLI must still not print the token.
    return FakeResponse::json(
        401, json{{"ok", false}, {"error_code", 401}, {"description", "Unauthorized: " + request.target}}.dump());
  });
  const auto result = run({"webhook-info"}, load(config_toml(server_.url(""))));
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.out, HasSubstr("Unauthorized"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr(kBotToken)));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("AAcliTestToken")));
}

TEST_F(TelegramCli, AnUnreachableApiExitsOne) {
  // Port 1 (tcpmux) is never served here; a just-closed test port could be taken by another test meanwhile.
  const auto result = run({"webhook-info"}, load(config_toml("http://127.0.0.1:1")));
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.err, HasSubstr("no answer"));
  EXPECT_THAT(result.err, Not(HasSubstr(kBotToken)));
}

TEST_F(TelegramCli, BadUsageExitsTwo) {
  const auto config = load(config_toml(server_.url("")));
  EXPECT_EQ(run({}, config).status, 2);
  EXPECT_EQ(run({"set-webhook"}, config).status, 2) << "--url is required";
  EXPECT_EQ(run({"set-webhook", "--url"}, config).status, 2);
  EXPECT_EQ(run({"webhook-info", "--url", "https://x"}, config).status, 2);
  EXPECT_EQ(run({"rename-bot"}, config).status, 2);
  EXPECT_EQ(server_.request_count(), 0u);
  EXPECT_EQ(run({"--help"}, config).status, 0);
}

TEST_F(TelegramCli, AnInvalidWebhookSecretIsRefusedWithoutShowingIt) {
  const std::string variable = "AMBASSADOR_TG_CLI_BAD_SECRET_" + kSuffix;
  ::setenv(variable.c_str(), "has spaces & symbols!", 1);
  const auto result = run({"set-webhook", "--url", "https://bot.example.org/telegram/webhook"},
                          load(config_toml(server_.url(""), variable)));
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.err, HasSubstr("env:" + variable));
  EXPECT_THAT(result.err, Not(HasSubstr("has spaces")));
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(TelegramCli, AnUnsetTokenNamesTheVariable) {
  const std::string toml = kDepartment + std::string(R"([platforms.telegram]
enabled = false
api_base_url = "http://127.0.0.1:1"
bot_token = "env:AMBASSADOR_TG_CLI_UNSET_)") +
                           kSuffix + R"("
)";
  const auto result = run({"webhook-info"}, load(toml));
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.err, HasSubstr("AMBASSADOR_TG_CLI_UNSET_" + kSuffix));
}

// Through the executable: main() hands "telegram ..." with --config to the CLI.
TEST_F(TelegramCli, TheExecutableRunsTheTelegramCommands) {
  const fs::path binary = fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "bot/app/ambassador-bot";
  if (!fs::exists(binary)) GTEST_SKIP() << "build the ambassador-bot target first: " << binary;
  TempDir dir;
  write_file(dir.path() / "config.toml", config_toml(server_.url("")));
  const std::string command = "'" + binary.string() + "' telegram webhook-info --config '" +
                              (dir.path() / "config.toml").string() + "' 2>&1 </dev/null";
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) output.append(chunk, n);
  const int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_THAT(output, HasSubstr("\"pending_update_count\": 3"));
  EXPECT_EQ(server_.request_count(), 1u);
}

}  // namespace
}  // namespace ambassador
