// The whole service with Teams enabled, against a fake Bot Framework on loopback: its identity provider (OpenID
// metadata, JWKS, RS256 tokens on every activity) and its token endpoint and connector (proactive messages out).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "../integration/running_application.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/i18n/catalog.hpp"
#include "config/loader.hpp"
#include "fake_bot_framework.hpp"
#include "fake_teams_connector.hpp"
#include "storage/directory_repository.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/store.hpp"

namespace ambassador {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace ambassador::testing;

constexpr const char* kJson = "application/json";
constexpr auto kDeadline = std::chrono::seconds(15);
constexpr const char* kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* kChannel = "19:wijk@thread.tacv2";

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = kDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::string dutch(i18n::Msg msg, const i18n::Args& args = {}) { return i18n::translate(i18n::Language::nl, msg, args); }

std::string bot_id() { return "28:" + std::string(FakeBotFramework::kAppId); }

// An activity as the Bot Framework posts it, in `conversation` of our tenant.
json activity(const std::string& type, const std::string& id, const std::string& service_url, json conversation,
              json from = {{"id", "29:anna"}, {"name", "Anna de Vries"}}) {
  conversation["tenantId"] = kTenant;
  return json{{"type", type},
              {"id", id},
              {"timestamp", "2026-12-07T09:00:00.000Z"},
              {"channelId", "msteams"},
              {"serviceUrl", service_url},
              {"from", std::move(from)},
              {"conversation", std::move(conversation)},
              {"recipient", {{"id", bot_id()}, {"name", "Ambassador Bot"}}},
              {"channelData", {{"tenant", {{"id", kTenant}}}}}};
}

json personal_message(const std::string& id, const std::string& service_url, const std::string& text) {
  auto message = activity("message", id, service_url, {{"id", "a:anna-chat"}, {"conversationType", "personal"}});
  message["text"] = text;
  message["textFormat"] = "plain";
  return message;
}

// The bot was added to a team: Teams tells it in the team's General channel, whose id is the team's.
json bot_added_to_team(const std::string& id, const std::string& service_url, const std::string& channel) {
  auto update = activity("conversationUpdate", id, service_url,
                         {{"id", channel}, {"conversationType", "channel"}, {"isGroup", true}});
  update["membersAdded"] = json::array({{{"id", bot_id()}}});
  update["channelData"]["eventType"] = "teamMemberAdded";
  update["channelData"]["team"] = {{"id", channel}, {"name", "Wijkbeheer ambassadeurs"}};
  return update;
}

class TeamsEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  TeamsEndToEnd() : connector_(std::string(FakeBotFramework::kAppId), kAppPassword) {
    const std::string suffix = std::to_string(::getpid());
    password_env_ = "AMBASSADOR_E2E_TEAMS_PASSWORD_" + suffix;
    editor_env_ = "AMBASSADOR_E2E_EDITOR_" + suffix;
    ::setenv(password_env_.c_str(), kAppPassword, 1);
    ::setenv(editor_env_.c_str(), kEditorToken, 1);
  }
  ~TeamsEndToEnd() override {
    for (const auto* name : {&password_env_, &editor_env_}) ::unsetenv(name->c_str());
  }

  config::Config config() const {
    const std::string toml = std::string(R"(
themes = ["wijk"]

[organisation]
name = "Gemeente Test"
language = "nl"
time_zone = "Europe/Amsterdam"

[log]
level = "warn"

[webcare]
digest_time = ""

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

  [[departments.channels]]
  platform = "teams"
  workspace = ")") + kTenant +
                             R"("
  id = ")" + kChannel + R"("

[[ambassadors]]
name = "Anna de Vries"
department = "wijkbeheer"
platform = "teams"
workspace = ")" + kTenant + R"("
user_id = "29:anna"

[[api_tokens]]
name = "e2e-editor"
token = "env:)" + editor_env_ +
                             R"("
role = "editor"

[platforms.local]
enabled = false

[platforms.teams]
enabled = true
app_id = ")" + std::string(FakeBotFramework::kAppId) +
                             R"("
app_password = "env:)" + password_env_ +
                             R"("
openid_metadata_url = ")" + identity_.metadata_url() +
                             R"("
login_base_url = ")" + connector_.login_base_url() +
                             R"("
default_service_url = ")" + connector_.service_url("/teams") +
                             R"("
)";
    auto result = config::parse_config(toml, "teams-e2e.toml");
    if (!result.ok()) throw std::runtime_error("the test config does not load: " + result.errors.front().to_string());
    result.config.http.port = 0;
    result.config.storage.data_dir = data_dir_.path().string();
    return std::move(result.config);
  }

  std::optional<HttpReply> post_activity(std::uint16_t port, const json& body, const std::string& authorization) {
    std::vector<std::string> headers;
    if (!authorization.empty()) headers.push_back("Authorization: " + authorization);
    return http_exchange(port, raw_request("POST", "/teams/messages", headers, body.dump(), kJson));
  }

  std::optional<HttpReply> post_signed(std::uint16_t port, const json& body) {
    return post_activity(
        port, body, identity_.authorization(body["serviceUrl"].get<std::string>(), std::chrono::system_clock::now()));
  }

  // The keys load in the background after start: until then every activity is refused (and Teams retries).
  void wait_for_keys(RunningApplication& running) {
    ASSERT_TRUE(eventually([&] {
      const auto reply = post_signed(running.port(), activity("typing", "keys-probe", emea(), {{"id", "a:probe"}}));
      return reply && reply->status == 200;
    }));
  }

  static std::int64_t count(RunningApplication& running, const std::string& sql) {
    std::int64_t rows = 0;
    running.app().store().read_sync([&](storage::Connection& db) {
      rows = db.query_int64(sql);
      db.reset_statements();
    });
    return rows;
  }

  std::int64_t publish_post(RunningApplication& running) {
    const json post{{"title", "Nieuwe speeltuin geopend"},
                    {"body", "Kom kijken in het Westpark."},
                    {"link_url", "https://voorbeeldstad.example/nieuws/speeltuin"},
                    {"departments", {"wijkbeheer"}},
                    {"publish_at", content::format_utc(std::time(nullptr) * 1000LL)}};
    const auto reply = http_exchange(
        running.port(), raw_request("POST", "/api/v1/posts", {std::string("Authorization: Bearer ") + kEditorToken},
                                    post.dump(), kJson));
    if (!reply || reply->status != 201)
      throw std::runtime_error("POST /api/v1/posts failed: " + (reply ? reply->body : std::string("no answer")));
    return json::parse(reply->body).at("id").get<std::int64_t>();
  }

  // The connector calls into `conversation` (decoded, thread suffix included) so far.
  std::vector<FakeTeamsConnector::Call> calls_to(const std::string& conversation, const std::string& method = "POST") {
    std::vector<FakeTeamsConnector::Call> found;
    for (auto& call : connector_.calls())
      if (call.conversation == conversation && call.method == method) found.push_back(std::move(call));
    return found;
  }

  std::string emea() const { return connector_.service_url("/emea"); }

  static constexpr const char* kAppPassword = "e2e-teams-client-secret";
  static constexpr const char* kEditorToken = "e2e-editor-token-0123456789abcdef";

  TempDir data_dir_;
  FakeBotFramework identity_;
  FakeTeamsConnector connector_;
  std::string password_env_, editor_env_;
};

TEST_F(TeamsEndToEnd, ASignedPersonalMessageIsStoredOnceAndAnsweredInThatChat) {
  RunningApplication running(config());
  wait_for_keys(running);
  const auto message = personal_message("1700000000001", emea(), "help");
  for (int attempt = 0; attempt < 2; ++attempt) {  // Teams sending the same activity again
    const auto reply = post_signed(running.port(), message);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200) << reply->body;
  }
  EXPECT_EQ(count(running, "SELECT count(*) FROM inbox WHERE platform = 'teams' AND event_key NOT LIKE '%keys-probe%'"),
            1);

  ASSERT_TRUE(eventually([&] { return !calls_to("a:anna-chat").empty(); }));
  const auto answers = calls_to("a:anna-chat");
  ASSERT_EQ(answers.size(), 1u) << "answered once";
  EXPECT_EQ(answers[0].service, "/emea") << "at the serviceUrl the activity came with, not the default";
  EXPECT_EQ(answers[0].body["type"], "message");
  EXPECT_EQ(connector_.token_requests(), 1u);
}

TEST_F(TeamsEndToEnd, UnverifiableActivitiesGet401AndStoreNothing) {
  RunningApplication running(config());
  wait_for_keys(running);
  const auto message = personal_message("1700000000002", emea(), "help");
  const auto now = std::chrono::system_clock::now();
  auto other_audience = FakeBotFramework::claims(emea(), now);
  other_audience["aud"] = "00000000-0000-0000-0000-000000000000";
  auto expired = FakeBotFramework::claims(emea(), now - std::chrono::hours(2));
  struct Case {
    const char* what;
    std::string authorization;
  };
  const std::vector<Case> cases{
      {"no token", ""},
      {"not a bearer token", "Basic dXNlcjpwYXNz"},
      {"another audience", "Bearer " + identity_.sign(identity_.header(), other_audience)},
      {"expired", "Bearer " + identity_.sign(identity_.header(), expired)},
      {"for another serviceUrl", identity_.authorization(connector_.service_url("/amer"), now)},
      {"garbage", "Bearer abc.def.ghi"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto reply = post_activity(running.port(), message, c.authorization);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 401);
    EXPECT_THAT(reply->body, Not(HasSubstr("eyJ")));
  }
  EXPECT_EQ(count(running, "SELECT count(*) FROM inbox WHERE platform = 'teams' AND event_key NOT LIKE '%keys-probe%'"),
            0);
}

TEST_F(TeamsEndToEnd, BotAddedToATeamRegistersTheChannelAndItsServiceUrlSurvivesARestart) {
  {
    RunningApplication running(config());
    wait_for_keys(running);
    const auto reply = post_signed(running.port(), bot_added_to_team("f:added-1", emea(), "19:new@thread.tacv2"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200) << reply->body;
    const auto registered = [&] {
      bool active = false;
      running.app().store().read_sync([&](storage::Connection& db) {
        const auto channel = storage::DirectoryRepository(db).channel("teams", kTenant, "19:new@thread.tacv2");
        active = channel && channel->active;
      });
      return active;
    };
    ASSERT_TRUE(eventually(registered));
    // The bot introduces itself in the new channel, at the channel's own connector.
    ASSERT_TRUE(eventually([&] { return !calls_to("19:new@thread.tacv2").empty(); }));
    EXPECT_EQ(calls_to("19:new@thread.tacv2")[0].service, "/emea");
    ASSERT_TRUE(eventually([&] {
      return count(running,
                   "SELECT count(*) FROM teams_conversations WHERE conversation_id = '19:new@thread.tacv2' "
                   "AND service_url LIKE '%/emea'") == 1;
    }));
  }
  // After a restart, with no activity from that team since, a post still goes to its region.
  // (Only the new channel's URL was recorded; the configured channel gets its tenant's, read back from storage.)
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  ASSERT_TRUE(eventually([&] {
    return count(running,
                 "SELECT count(*) FROM outbox WHERE status = 'sent' AND post_id = " + std::to_string(post_id)) == 1;
  }));
  const auto cards = calls_to(kChannel);
  ASSERT_FALSE(cards.empty());
  EXPECT_EQ(cards.back().service, "/emea");
}

TEST_F(TeamsEndToEnd, APostIsAnAdaptiveCardItsShareButtonIsRecordedAndARecallReplacesIt) {
  RunningApplication running(config());
  wait_for_keys(running);
  const auto post_id = publish_post(running);
  const std::string sent = "SELECT count(*) FROM outbox WHERE status = 'sent' AND post_id = " + std::to_string(post_id);
  ASSERT_TRUE(eventually([&] { return count(running, sent) == 1; }));

  const auto cards = calls_to(kChannel);
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].service, "/emea") << "no activity from that channel yet: its tenant's latest serviceUrl";
  const auto& card = cards[0].body["attachments"][0];
  EXPECT_EQ(card["contentType"], "application/vnd.microsoft.card.adaptive");
  EXPECT_THAT(card["content"].dump(), HasSubstr("Nieuwe speeltuin geopend"));
  EXPECT_THAT(card["content"].dump(), HasSubstr("Action.OpenUrl"));
  EXPECT_THAT(card["content"].dump(), HasSubstr("\"p" + std::to_string(post_id) + "\""));

  // Anna presses "I shared it" (Action.Submit): a message activity with the button's data, in the card's thread.
  const std::string card_id = "1700000000100";
  auto submit = activity(
      "message", "1700000000200", emea(),
      {{"id", std::string(kChannel) + ";messageid=" + card_id}, {"conversationType", "channel"}, {"isGroup", true}});
  submit["replyToId"] = card_id;
  submit["value"] = {{"ab_action", "share.confirm"}, {"ab_value", "p" + std::to_string(post_id)}};
  const auto reply = post_signed(running.port(), submit);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  const std::string shares = "SELECT count(*) FROM shares WHERE post_id = " + std::to_string(post_id);
  ASSERT_TRUE(eventually([&] { return count(running, shares) == 1; }));
  ASSERT_TRUE(eventually([&] {
    for (const auto& call : connector_.calls())
      if (call.body.dump().find(dutch(i18n::Msg::share_thanks)) != std::string::npos) return true;
    return false;
  }));

  // The editor recalls the post: the card in the channel is replaced (PUT on the activity it became).
  const auto recall =
      http_exchange(running.port(), raw_request("POST", "/api/v1/posts/" + std::to_string(post_id) + "/cancel",
                                                {std::string("Authorization: Bearer ") + kEditorToken}, "", kJson));
  ASSERT_TRUE(recall);
  EXPECT_EQ(recall->status, 200) << recall->body;
  ASSERT_TRUE(eventually([&] { return !calls_to(kChannel, "PUT").empty(); }));
  const auto edits = calls_to(kChannel, "PUT");
  std::string card_activity;
  running.app().store().read_sync([&](storage::Connection& db) {
    card_activity = db.query_text("SELECT platform_message_id FROM outbox WHERE post_id = " + std::to_string(post_id) +
                                  " AND platform_message_id IS NOT NULL ORDER BY id LIMIT 1");
    db.reset_statements();
  });
  EXPECT_EQ(edits[0].activity_id, card_activity) << "the card that was sent, not a new message";
}

TEST_F(TeamsEndToEnd, AConversationThatRemovedTheAppIsDeactivatedOnTheConnectors403) {
  connector_.fail_next(1, {403, "BotNotInConversationRoster", "", false});
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  const auto channel_active = [&] {
    bool active = true;
    running.app().store().read_sync([&](storage::Connection& db) {
      const auto channel = storage::DirectoryRepository(db).channel("teams", kTenant, kChannel);
      active = channel && channel->active;
    });
    return active;
  };
  ASSERT_TRUE(eventually([&] { return !channel_active(); }));
  EXPECT_EQ(
      count(running, "SELECT count(*) FROM outbox WHERE status = 'sent' AND post_id = " + std::to_string(post_id)), 0);
}

}  // namespace
}  // namespace ambassador
