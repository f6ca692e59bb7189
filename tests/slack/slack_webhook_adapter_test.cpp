#include "adapters/slack/slack_webhook_adapter.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

constexpr const char* kSecret = "test-signing-secret";
constexpr std::int64_t kNow = 1700000000;
constexpr const char* kJson = "application/json";
constexpr const char* kForm = "application/x-www-form-urlencoded";

http::Request signed_request(std::string path, std::string content_type, std::string body) {
  http::Request request;
  request.method = "POST";
  request.path = std::move(path);
  request.target = request.path;
  const std::string timestamp = std::to_string(kNow);
  request.headers = {{"Content-Type", std::move(content_type)},
                     {"X-Slack-Request-Timestamp", timestamp},
                     {"X-Slack-Signature", sign(kSecret, timestamp, body)}};
  request.body = std::move(body);
  return request;
}

std::chrono::system_clock::time_point now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
}

SlackWebhookAdapter adapter() { return SlackWebhookAdapter({kSecret}); }

TEST(SlackWebhookAdapter, NamesPlatformAndPaths) {
  const auto slack = adapter();
  EXPECT_EQ(slack.platform(), "slack");
  auto paths = slack.paths();
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/slack/commands", "/slack/events", "/slack/interactivity"}));
}

TEST(SlackWebhookAdapter, VerifiesWithItsSigningSecrets) {
  const auto slack = adapter();
  auto request = signed_request("/slack/events", kJson, testing::fixture("slack/url_verification.json"));
  EXPECT_TRUE(slack.verify(request, now()).ok);
  request.body += " ";
  EXPECT_FALSE(slack.verify(request, now()).ok);
}

TEST(SlackWebhookAdapter, DispatchesEventsByPath) {
  const auto result = adapter().parse(signed_request("/slack/events", "application/json; charset=utf-8",
                                                     testing::fixture("slack/event_callback_message_im.json")));
  ASSERT_EQ(result.events.size(), 1u) << result.error;
  EXPECT_EQ(result.events[0].kind, EventKind::message);
  EXPECT_EQ(result.events[0].channel_id, "D111");
}

TEST(SlackWebhookAdapter, AnswersUrlVerification) {
  const auto result =
      adapter().parse(signed_request("/slack/events", kJson, testing::fixture("slack/url_verification.json")));
  ASSERT_TRUE(result.reply.has_value());
  EXPECT_NE(result.reply->body.find("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), std::string::npos);
}

TEST(SlackWebhookAdapter, DispatchesCommandsAndDatesThemBySignedTimestamp) {
  const auto result =
      adapter().parse(signed_request("/slack/commands", kForm, testing::fixture("slack/slash_command.form.txt")));
  ASSERT_EQ(result.events.size(), 1u) << result.error;
  EXPECT_EQ(result.events[0].kind, EventKind::command);
  EXPECT_EQ(result.events[0].occurred_at_ms, kNow * 1000);
  ASSERT_TRUE(result.reply.has_value());
  EXPECT_EQ(result.reply->body, "");
}

TEST(SlackWebhookAdapter, DispatchesInteractivity) {
  const auto result =
      adapter().parse(signed_request("/slack/interactivity", "Application/X-WWW-Form-Urlencoded",
                                     testing::fixture("slack/block_actions_ephemeral_message.form.txt")));
  ASSERT_EQ(result.events.size(), 1u) << result.error;
  EXPECT_EQ(result.events[0].kind, EventKind::button);
  EXPECT_EQ(result.events[0].action_value, "click_me_123");
}

TEST(SlackWebhookAdapter, RejectsWrongContentType) {
  const auto slack = adapter();
  auto result = slack.parse(signed_request("/slack/events", kForm, testing::fixture("slack/url_verification.json")));
  EXPECT_EQ(result.error, "expected content type application/json");
  EXPECT_FALSE(result.reply.has_value());
  result = slack.parse(signed_request("/slack/commands", kJson, testing::fixture("slack/slash_command.form.txt")));
  EXPECT_EQ(result.error, "expected content type application/x-www-form-urlencoded");
  EXPECT_TRUE(result.events.empty());
  result = slack.parse(signed_request("/slack/interactivity", "", "payload=%7B%7D"));
  EXPECT_EQ(result.error, "expected content type application/x-www-form-urlencoded");
  result = slack.parse(signed_request("/slack/events", "application/jsonp", "{}"));
  EXPECT_EQ(result.error, "expected content type application/json");
}

TEST(SlackWebhookAdapter, FailsOnUnknownPath) {
  const auto result = adapter().parse(signed_request("/slack/other", kJson, "{}"));
  EXPECT_NE(result.error, "");
  EXPECT_TRUE(result.events.empty());
}

}  // namespace
}  // namespace ambassador::adapters::slack
