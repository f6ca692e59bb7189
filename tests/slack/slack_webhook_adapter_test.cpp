#include "adapters/slack/slack_webhook_adapter.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

constexpr const char* kSecret = "test-signing-secret";                  // workspace T111's, the fixtures' team
constexpr const char* kOtherSecret = "other-workspace-signing-secret";  // workspace T222's
constexpr std::int64_t kNow = 1700000000;
constexpr const char* kJson = "application/json";
constexpr const char* kForm = "application/x-www-form-urlencoded";

using Secrets = std::map<std::string, std::string>;  // team_id → signing secret

http::Request signed_request(std::string path, std::string content_type, std::string body,
                             const char* secret = kSecret) {
  http::Request request;
  request.method = "POST";
  request.path = std::move(path);
  request.target = request.path;
  const std::string timestamp = std::to_string(kNow);
  request.headers = {{"Content-Type", std::move(content_type)},
                     {"X-Slack-Request-Timestamp", timestamp},
                     {"X-Slack-Signature", sign(secret, timestamp, body)}};
  request.body = std::move(body);
  return request;
}

std::chrono::system_clock::time_point now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
}

SlackWebhookAdapter adapter() { return SlackWebhookAdapter(Secrets{{"T111", kSecret}}); }

SlackWebhookAdapter two_workspaces() { return SlackWebhookAdapter(Secrets{{"T111", kSecret}, {"T222", kOtherSecret}}); }

struct Route {
  const char* path;
  const char* content_type;
  std::string body;  // from workspace T111
};

std::vector<Route> routes_from_t111() {
  return {{"/slack/events", kJson, testing::fixture("slack/event_callback_message_im.json")},
          {"/slack/commands", kForm, testing::fixture("slack/slash_command.form.txt")},
          {"/slack/interactivity", kForm, testing::fixture("slack/block_actions_ephemeral_message.form.txt")}};
}

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

TEST(SlackWebhookAdapter, EachRouteIsVerifiedWithTheSecretOfTheWorkspaceItNames) {
  const auto slack = two_workspaces();
  for (const auto& route : routes_from_t111()) {
    const auto own = slack.verify(signed_request(route.path, route.content_type, route.body), now());
    EXPECT_TRUE(own.ok) << route.path << ": " << own.reason;
    // Workspace T222's secret cannot vouch for a request that names T111.
    const auto forged = slack.verify(signed_request(route.path, route.content_type, route.body, kOtherSecret), now());
    EXPECT_FALSE(forged.ok) << route.path;
    EXPECT_EQ(forged.status, 401) << route.path;
    EXPECT_NE(forged.reason.find("another workspace"), std::string::npos) << route.path << ": " << forged.reason;
  }
}

TEST(SlackWebhookAdapter, ARequestNamingAWorkspaceThatIsNotConfiguredIsRejected) {
  const SlackWebhookAdapter slack(Secrets{{"T222", kOtherSecret}});
  for (const auto& route : routes_from_t111()) {
    const auto result = slack.verify(signed_request(route.path, route.content_type, route.body, kOtherSecret), now());
    EXPECT_FALSE(result.ok) << route.path;
    EXPECT_EQ(result.status, 401) << route.path;
    EXPECT_NE(result.reason.find("not configured"), std::string::npos) << route.path << ": " << result.reason;
  }
}

TEST(SlackWebhookAdapter, OneAppInSeveralWorkspacesSignsForEachWithItsOneSecret) {
  const SlackWebhookAdapter slack(Secrets{{"T111", kSecret}, {"T222", kSecret}});
  for (const auto& route : routes_from_t111())
    EXPECT_TRUE(slack.verify(signed_request(route.path, route.content_type, route.body), now()).ok) << route.path;
}

TEST(SlackWebhookAdapter, HandshakesNameNoWorkspaceAndNeedOnlyAConfiguredSecret) {
  const auto slack = two_workspaces();
  const std::string challenge = testing::fixture("slack/url_verification.json");
  EXPECT_TRUE(slack.verify(signed_request("/slack/events", kJson, challenge, kOtherSecret), now()).ok);
  EXPECT_TRUE(slack.verify(signed_request("/slack/commands", kForm, "ssl_check=1&token=x", kSecret), now()).ok);
  EXPECT_FALSE(slack.verify(signed_request("/slack/events", kJson, challenge, "unknown-secret"), now()).ok);
  const auto nameless = slack.verify(
      signed_request("/slack/events", kJson, R"({"type":"event_callback","event_id":"Ev1","event":{}})"), now());
  EXPECT_FALSE(nameless.ok);
  EXPECT_NE(nameless.reason.find("names no Slack workspace"), std::string::npos) << nameless.reason;
}

TEST(SlackWebhookAdapter, AWorkspaceNamedTwiceIsRejected) {
  const auto slack = two_workspaces();
  // Signed with T222's secret, naming T222 first and T111 last: the parser would file it under T111.
  const std::string body = R"({"type":"event_callback","team_id":"T222","team_id":"T111","event_id":"Ev1",)"
                           R"("event":{"type":"message","user":"U1","channel":"D1","channel_type":"im","text":"hi"}})";
  EXPECT_FALSE(slack.verify(signed_request("/slack/events", kJson, body, kOtherSecret), now()).ok);
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
