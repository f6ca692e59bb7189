#include "adapters/telegram/telegram_webhook_adapter.hpp"

#include <gtest/gtest.h>

#include "testing.hpp"

namespace ambassador::adapters::telegram {
namespace {

const TelegramWebhookAdapter kAdapter("webhook_Secret-1", "example_bot");

http::Request webhook_request(std::string content_type, std::string body) {
  http::Request request;
  request.method = "POST";
  request.target = request.path = "/telegram/webhook";
  request.headers = {{"Content-Type", std::move(content_type)},
                     {"X-Telegram-Bot-Api-Secret-Token", "webhook_Secret-1"}};
  request.body = std::move(body);
  return request;
}

TEST(TelegramWebhookAdapter, PlatformAndPath) {
  EXPECT_EQ(kAdapter.platform(), "telegram");
  EXPECT_EQ(kAdapter.paths(), std::vector<std::string>{"/telegram/webhook"});
}

TEST(TelegramWebhookAdapter, VerifiesTheSecretToken) {
  http::Request request = webhook_request("application/json", "{}");
  EXPECT_TRUE(kAdapter.verify(request, std::chrono::system_clock::now()).ok);
  request.headers[1].second = "webhook_Secret-2";
  const VerifyResult result = kAdapter.verify(request, std::chrono::system_clock::now());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
}

TEST(TelegramWebhookAdapter, ParsesAJsonUpdate) {
  const ParseResult result = kAdapter.parse(webhook_request(
      "application/json", ambassador::testing::fixture("telegram/constructed_group_command_at_botname.json")));
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].text, "status now");
  EXPECT_EQ(result.events[0].platform, "telegram");
}

TEST(TelegramWebhookAdapter, AcceptsJsonWithParameters) {
  const ParseResult result = kAdapter.parse(webhook_request("Application/JSON; charset=utf-8", R"({"update_id":1})"));
  EXPECT_TRUE(result.error.empty());
  EXPECT_TRUE(result.ignored);
}

TEST(TelegramWebhookAdapter, AnUnusableUpdateIsAnErrorAnsweredOkSoTelegramMovesOn) {
  for (const char* body : {R"({"update_id": 50, "message": )", R"({"message":{}})", "\xff"}) {
    const ParseResult result = kAdapter.parse(webhook_request("application/json", body));
    EXPECT_FALSE(result.error.empty()) << body;
    ASSERT_TRUE(result.reply) << body;
    EXPECT_EQ(result.reply->status, 200) << body;
    EXPECT_TRUE(result.events.empty());
  }
}

TEST(TelegramWebhookAdapter, RequiresJsonContentType) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "", "application/jsonp"}) {
    const ParseResult result = kAdapter.parse(webhook_request(type, R"({"update_id":1})"));
    EXPECT_EQ(result.error, "content type must be application/json") << type;
    EXPECT_TRUE(result.events.empty());
  }
}

}  // namespace
}  // namespace ambassador::adapters::telegram
