// TeamsWebhookAdapter: the token check against the activity it came with, and the ServiceUrlBook it feeds.
#include "adapters/teams/teams_webhook_adapter.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_bot_framework.hpp"
#include "testing.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;
using testing::fake_signing_key;
using testing::FakeBotFramework;

constexpr std::string_view kDefaultServiceUrl = "https://smba.trafficmanager.net/teams";
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));

class TeamsWebhookAdapterTest : public ::testing::Test {
 protected:
  TeamsWebhookAdapterTest() {
    const auto& key = fake_signing_key(0);
    keys_.replace({{key.kid, *OpenIdKey::from_pem(key.public_key_pem, {"msteams"})}});
  }

  // The activity as the Bot Framework posts it, with a token for its own serviceUrl unless told otherwise.
  http::Request request(const json& activity, std::optional<std::string> token_service_url = std::nullopt) const {
    http::Request request;
    request.method = "POST";
    request.path = request.target = std::string(kMessagesPath);
    request.body = activity.dump();
    const std::string url = token_service_url.value_or(activity.value("serviceUrl", std::string{}));
    request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                       {"Authorization", identity_.authorization(url, kNow)}};
    return request;
  }

  static json fixture(const std::string& name) { return json::parse(testing::fixture("teams/" + name)); }

  FakeBotFramework identity_;
  OpenIdKeys keys_;
  ServiceUrlBook book_{std::string(kDefaultServiceUrl)};
  TeamsWebhookAdapter adapter_{keys_, std::string(FakeBotFramework::kAppId), std::string(FakeBotFramework::kIssuer),
                               book_, "Got it"};
};

TEST_F(TeamsWebhookAdapterTest, AnswersOnTheMessagesPath) {
  EXPECT_EQ(adapter_.platform(), "teams");
  EXPECT_EQ(adapter_.paths(), std::vector<std::string>{"/teams/messages"});
}

TEST_F(TeamsWebhookAdapterTest, AVerifiedActivityTeachesTheBookItsServiceUrl) {
  const auto activity = fixture("channel_message_at_mention.json");
  const auto verdict = adapter_.verify(request(activity), kNow);
  ASSERT_TRUE(verdict.ok) << verdict.reason;
  const std::string tenant = "50612dbb-0237-4969-b378-8d42590f9c00";
  const std::string regional = "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00";
  EXPECT_EQ(book_.lookup(tenant, "19:6848757105754c8981c67612732d9aa7@thread.tacv2"), regional)
      << "kept under the channel, without the thread suffix";
  EXPECT_EQ(book_.lookup(tenant, "19:another-channel@thread.tacv2"), regional) << "and for the tenant";
}

TEST_F(TeamsWebhookAdapterTest, ARejectedActivityTeachesTheBookNothing) {
  auto activity = fixture("personal_message.json");
  const std::string conversation = activity["conversation"]["id"];
  const std::string tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  activity["serviceUrl"] = "https://attacker.example/";
  const auto verdict = adapter_.verify(request(activity, "https://smba.trafficmanager.net/amer/"), kNow);
  EXPECT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.status, 401);
  EXPECT_EQ(book_.lookup(tenant, conversation), kDefaultServiceUrl);
}

TEST_F(TeamsWebhookAdapterTest, ChecksTheTokenAgainstTheActivitysChannel) {
  auto activity = fixture("personal_message.json");
  activity["channelId"] = "webchat";
  const auto verdict = adapter_.verify(request(activity), kNow);
  EXPECT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.status, 403);
}

TEST_F(TeamsWebhookAdapterTest, RejectsARequestWithoutAToken) {
  auto unsigned_request = request(fixture("personal_message.json"));
  unsigned_request.headers = {{"Content-Type", "application/json"}};
  const auto verdict = adapter_.verify(unsigned_request, kNow);
  EXPECT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.status, 401);
}

TEST_F(TeamsWebhookAdapterTest, ABodyThatIsNoActivityIsRejected) {
  auto garbage = request(fixture("personal_message.json"));
  garbage.body = "not json";
  EXPECT_FALSE(adapter_.verify(garbage, kNow).ok) << "no serviceUrl for the token to match";
}

TEST_F(TeamsWebhookAdapterTest, ParsesWithTheActivityParser) {
  const auto result = adapter_.parse(request(fixture("group_chat_message_at_mention.json")));
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].text, "test");

  auto invoke = fixture("invoke_adaptive_card_action_personal.json");
  invoke["value"]["action"]["verb"] = "post.skip";
  const auto answered = adapter_.parse(request(invoke));
  ASSERT_TRUE(answered.reply);
  EXPECT_EQ(json::parse(answered.reply->body)["value"], "Got it");
}

TEST_F(TeamsWebhookAdapterTest, VerifyAndParseReadsTheBodyOnceAndGivesWhatVerifyThenParseGive) {
  const auto good = request(fixture("channel_message_at_mention.json"));
  const auto ingest = adapter_.verify_and_parse(good, kNow);
  ASSERT_TRUE(ingest.verdict.ok) << ingest.verdict.reason;
  const auto separately = adapter_.parse(good);
  ASSERT_EQ(ingest.parsed.events.size(), 1U);
  ASSERT_EQ(separately.events.size(), 1U);
  EXPECT_EQ(ingest.parsed.events[0].event_key, separately.events[0].event_key);
  EXPECT_EQ(ingest.parsed.events[0].text, separately.events[0].text);
  EXPECT_TRUE(ingest.parsed.events[0].addressed);

  auto forged = fixture("personal_message.json");
  forged["serviceUrl"] = "https://attacker.example/";
  const auto refused = adapter_.verify_and_parse(request(forged, "https://smba.trafficmanager.net/amer/"), kNow);
  EXPECT_EQ(refused.verdict.status, 401);
  EXPECT_TRUE(refused.parsed.events.empty()) << "nothing parsed from an unverified activity";

  auto not_json = good;
  not_json.body = "{not json";
  EXPECT_EQ(adapter_.verify_and_parse(not_json, kNow).verdict.status, 401);
}

}  // namespace
}  // namespace ambassador::adapters::teams
