// The whole service with Slack enabled, against a fake Slack on loopback: signed webhooks in, Web API calls out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "../integration/running_application.hpp"
#include "adapters/slack/message_renderer.hpp"
#include "adapters/slack/signature_verifier.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/http/form.hpp"
#include "bot/i18n/catalog.hpp"
#include "config/loader.hpp"
#include "fake_slack.hpp"
#include "storage/ambassador_repository.hpp"
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
constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr auto kDeadline = std::chrono::seconds(15);

// A bot text as Slack receives it: Dutch, with mrkdwn's &, < and > escaped.
std::string dutch(i18n::Msg msg, const i18n::Args& args = {}) {
  return adapters::slack::escape_mrkdwn(i18n::translate(i18n::Language::nl, msg, args));
}

// Polls `done` until it holds or the deadline passes; its last answer.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = kDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::string now_seconds() { return std::to_string(std::time(nullptr)); }

// An Events API envelope from workspace T1, whose bot user is UBOT, around `event`.
std::string envelope(const std::string& event_id, json event) {
  return json{{"token", "legacy-verification-token"},
              {"team_id", "T1"},
              {"api_app_id", "A1"},
              {"type", "event_callback"},
              {"event_id", event_id},
              {"event_time", std::time(nullptr)},
              {"authorizations", json::array({{{"team_id", "T1"}, {"user_id", "UBOT"}, {"is_bot", true}}})},
              {"event", std::move(event)}}
      .dump();
}

// A channel message by `user` in C1 of T1.
std::string message_event(const std::string& event_id, const std::string& user, const std::string& text,
                          const std::string& type = "message") {
  return envelope(event_id, {{"type", type},
                             {"user", user},
                             {"text", text},
                             {"channel", "C1"},
                             {"channel_type", "channel"},
                             {"ts", "1700000000.000100"},
                             {"event_ts", "1700000000.000100"}});
}

// What Slack sends the app when `actor` removes its bot user (UBOT) from `channel` of T1.
std::string bot_left_event(const std::string& event_id, const std::string& channel, const std::string& actor) {
  return envelope(event_id, {{"type", "channel_left"}, {"channel", channel}, {"actor_id", actor}});
}

class SlackEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  SlackEndToEnd() {
    const std::string suffix = std::to_string(::getpid());
    signing_env_ = "AMBASSADOR_E2E_SLACK_SIGNING_" + suffix;
    token_env_ = "AMBASSADOR_E2E_SLACK_TOKEN_" + suffix;
    editor_env_ = "AMBASSADOR_E2E_EDITOR_" + suffix;
    ::setenv(signing_env_.c_str(), kSigningSecret, 1);
    ::setenv(token_env_.c_str(), kBotToken, 1);
    ::setenv(editor_env_.c_str(), kEditorToken, 1);
  }
  ~SlackEndToEnd() override {
    for (const auto* name : {&signing_env_, &token_env_, &editor_env_}) ::unsetenv(name->c_str());
  }

  config::Config config() const {
    const std::string toml = R"(
themes = ["wijk", "groen"]

[organisation]
name = "Gemeente Test"
language = "nl"
time_zone = "Europe/Amsterdam"

[log]
level = "warn"

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
keywords = ["afval"]

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "C1"

[[departments]]
id = "groenbeheer"
name = "Groenbeheer"

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "C2"

[[departments]]
id = "webcare"
name = "Webcare"

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "CW"
  purpose = "webcare"

[webcare]
digest_time = ""  # no dagstart: these tests count every message, at any time of day

[[ambassadors]]
name = "Anna de Vries"
department = "wijkbeheer"
platform = "slack"
workspace = "T1"
user_id = "U1"

[[ambassadors]]
name = "Fatima El Amrani"
department = "webcare"
platform = "slack"
workspace = "T1"
user_id = "UW"

[[api_tokens]]
name = "e2e-editor"
token = "env:)" + editor_env_ +
                             R"("
role = "editor"

[platforms.local]
enabled = false

[platforms.slack]
enabled = true
api_base_url = ")" + slack_.api_base_url() +
                             R"("

  [[platforms.slack.workspaces]]
  team_id = "T1"
  signing_secret = "env:)" + signing_env_ +
                             R"("
  bot_token = "env:)" + token_env_ +
                             R"("
)";
    auto result = config::parse_config(toml, "slack-e2e.toml");
    if (!result.ok()) throw std::runtime_error("the test config does not load: " + result.errors.front().to_string());
    result.config.http.port = 0;
    result.config.storage.data_dir = data_dir_.path().string();
    return std::move(result.config);
  }

  // POSTs `body` signed as Slack would (now, with the workspace's signing secret) plus `extra` header lines.
  static std::optional<HttpReply> slack_post(std::uint16_t port, const std::string& path, const std::string& body,
                                             const std::string& content_type, std::vector<std::string> extra = {},
                                             const std::string& timestamp = now_seconds(),
                                             const std::string& secret = kSigningSecret) {
    extra.push_back("X-Slack-Request-Timestamp: " + timestamp);
    extra.push_back("X-Slack-Signature: " + adapters::slack::sign(secret, timestamp, body));
    return http_exchange(port, raw_request("POST", path, extra, body, content_type));
  }

  static std::int64_t inbox_rows(RunningApplication& running) {
    std::int64_t count = 0;
    running.app().store().read_sync(
        [&](storage::Connection& db) { count = storage::InboxRepository(db).count_for_platform("slack"); });
    return count;
  }

  static std::int64_t count(RunningApplication& running, const std::string& sql, std::int64_t parameter) {
    std::int64_t rows = 0;
    running.app().store().read_sync([&](storage::Connection& db) {
      auto& query = db.prepare(sql);
      query.reset();
      query.bind(1, parameter);
      query.executeStep();
      rows = query.getColumn(0).getInt64();
      query.reset();
    });
    return rows;
  }

  // POST /api/v1/posts as the editor, published now, for both departments; the new post's id.
  std::int64_t publish_post(RunningApplication& running) {
    const json post{{"title", "Nieuwe speeltuin geopend"},
                    {"body", "Kom kijken in het Westpark."},
                    {"link_url", "https://voorbeeldstad.example/nieuws/speeltuin"},
                    {"departments", {"wijkbeheer", "groenbeheer"}},
                    {"publish_at", content::format_utc(std::time(nullptr) * 1000LL)}};
    const auto reply = http_exchange(
        running.port(), raw_request("POST", "/api/v1/posts", {std::string("Authorization: Bearer ") + kEditorToken},
                                    post.dump(), kJson));
    if (!reply || reply->status != 201)
      throw std::runtime_error("POST /api/v1/posts failed: " + (reply ? reply->body : std::string("no answer")));
    return json::parse(reply->body).at("id").get<std::int64_t>();
  }

  // True once the post has been fanned out to both department channels and both deliveries are sent.
  static bool both_channels_served(RunningApplication& running, std::int64_t post_id) {
    return count(running, "SELECT count(*) FROM outbox WHERE post_id = ? AND status = 'sent'", post_id) == 2 &&
           count(running, "SELECT count(*) FROM outbox WHERE post_id = ?", post_id) == 2;
  }

  static constexpr const char* kSigningSecret = "e2e-signing-secret-0123456789abcdef";
  static constexpr const char* kBotToken = "xoxb-e2e-bot-token";
  static constexpr const char* kEditorToken = "e2e-editor-token-0123456789abcdef";

  TempDir data_dir_;
  FakeSlack slack_;
  std::string signing_env_, token_env_, editor_env_;
};

TEST_F(SlackEndToEnd, SignedEventIsAcknowledgedAndStoredOnce) {
  RunningApplication running(config());
  const auto reply = slack_post(running.port(), "/slack/events", message_event("Ev100", "U1", "goedemorgen"), kJson);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(inbox_rows(running), 1);
}

TEST_F(SlackEndToEnd, UnreadableSecretStopsTheStartNamingTheWorkspaceNotTheValue) {
  ::unsetenv(token_env_.c_str());
  try {
    app::Application app(config());
    FAIL() << "the service started without its bot token";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_THAT(message, HasSubstr("'T1'"));
    EXPECT_THAT(message, HasSubstr("bot_token"));
    EXPECT_THAT(message, HasSubstr(token_env_));
    EXPECT_THAT(message, Not(HasSubstr(kSigningSecret)));
  }
}

TEST_F(SlackEndToEnd, UnverifiableRequestsGet401AndStoreNothing) {
  RunningApplication running(config());
  const auto port = running.port();
  const std::string body = message_event("Ev200", "U1", "goedemorgen");
  const std::string now = now_seconds();
  const std::string stale = std::to_string(std::time(nullptr) - 600);
  const std::string good_signature = adapters::slack::sign(kSigningSecret, now, body);
  json other_workspace = json::parse(body);
  other_workspace["team_id"] = "T9";  // signed with T1's secret, but naming a workspace the config does not have
  struct Case {
    const char* what;
    std::vector<std::string> headers;
    std::string body;
  };
  const std::vector<Case> cases{
      {"wrong secret",
       {"X-Slack-Request-Timestamp: " + now, "X-Slack-Signature: " + adapters::slack::sign("other-secret", now, body)},
       body},
      {"stale timestamp",
       {"X-Slack-Request-Timestamp: " + stale,
        "X-Slack-Signature: " + adapters::slack::sign(kSigningSecret, stale, body)},
       body},
      {"no signature", {"X-Slack-Request-Timestamp: " + now}, body},
      {"no timestamp", {"X-Slack-Signature: " + good_signature}, body},
      {"no headers", {}, body},
      {"tampered body",
       {"X-Slack-Request-Timestamp: " + now, "X-Slack-Signature: " + good_signature},
       message_event("Ev200", "U1", "goedemorgen!")},
      {"signature of another timestamp",
       {"X-Slack-Request-Timestamp: " + std::to_string(std::stoll(now) - 1), "X-Slack-Signature: " + good_signature},
       body},
      {"a workspace that is not configured",
       {"X-Slack-Request-Timestamp: " + now,
        "X-Slack-Signature: " + adapters::slack::sign(kSigningSecret, now, other_workspace.dump())},
       other_workspace.dump()},
      {"malformed JSON names no workspace",
       {"X-Slack-Request-Timestamp: " + now,
        "X-Slack-Signature: " + adapters::slack::sign(kSigningSecret, now, R"({"team_id":"T1","event_id":)")},
       R"({"team_id":"T1","event_id":)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto reply = http_exchange(port, raw_request("POST", "/slack/events", c.headers, c.body, kJson));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 401);
    EXPECT_THAT(reply->body, Not(HasSubstr(kSigningSecret)));
  }
  // The commands and interactivity endpoints are guarded the same way.
  for (const char* path : {"/slack/commands", "/slack/interactivity"}) {
    SCOPED_TRACE(path);
    const auto reply = http_exchange(port, raw_request("POST", path, {}, "payload=%7B%7D", kForm));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 401);
  }
  EXPECT_EQ(inbox_rows(running), 0);
}

TEST_F(SlackEndToEnd, UnusableBodiesAreRefusedAndUrlVerificationAnswered) {
  RunningApplication running(config());
  const auto port = running.port();

  const auto unusable = slack_post(port, "/slack/events", R"({"type":"event_callback","team_id":"T1"})", kJson);
  ASSERT_TRUE(unusable);
  EXPECT_EQ(unusable->status, 400);

  const auto wrong_type = slack_post(port, "/slack/events", message_event("Ev300", "U1", "hoi"), "text/plain");
  ASSERT_TRUE(wrong_type);
  EXPECT_GE(wrong_type->status, 400);
  EXPECT_LT(wrong_type->status, 500);

  const auto form_as_json = slack_post(port, "/slack/commands", R"({"text":"join"})", kJson);
  ASSERT_TRUE(form_as_json);
  EXPECT_GE(form_as_json->status, 400);
  EXPECT_LT(form_as_json->status, 500);

  const auto challenge = slack_post(port, "/slack/events", fixture("slack/url_verification.json"), kJson);
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->status, 200);
  EXPECT_EQ(json::parse(challenge->body, nullptr, false)["challenge"],
            json::parse(fixture("slack/url_verification.json"))["challenge"]);

  EXPECT_EQ(inbox_rows(running), 0);
}

TEST_F(SlackEndToEnd, RetriedEventIsAcknowledgedAndAnsweredOnce) {
  RunningApplication running(config());
  const auto port = running.port();
  const std::string mention = message_event("Ev400", "U1", "<@UBOT> help", "app_mention");
  const auto first = slack_post(port, "/slack/events", mention, kJson);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  // Slack did not see our answer in time and sends the same event again, freshly signed.
  const auto retry =
      slack_post(port, "/slack/events", mention, kJson, {"X-Slack-Retry-Num: 1", "X-Slack-Retry-Reason: http_timeout"});
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  EXPECT_EQ(inbox_rows(running), 1);

  // A later event from someone else: once its answer is out, the first one's (processed before it) is too.
  const auto later =
      slack_post(port, "/slack/events", message_event("Ev401", "U2", "<@UBOT> help", "app_mention"), kJson);
  ASSERT_TRUE(later);
  ASSERT_EQ(later->status, 200);
  ASSERT_TRUE(eventually([&] { return slack_.calls("chat.postEphemeral").size() >= 2; }));
  EXPECT_EQ(slack_.calls("chat.postEphemeral", "user", "U2").size(), 1u);
  const auto answers = slack_.calls("chat.postEphemeral", "user", "U1");
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].header("Authorization"), std::string("Bearer ") + kBotToken);
  const auto answer = json::parse(answers[0].body);
  EXPECT_EQ(answer["channel"], "C1");
  EXPECT_EQ(answer["text"], dutch(i18n::Msg::help));
  EXPECT_EQ(inbox_rows(running), 2);
}

TEST_F(SlackEndToEnd, EventStoredBeforeARestartIsADuplicateAfterIt) {
  const std::string event = message_event("Ev500", "U1", "goedemorgen");
  {
    RunningApplication running(config());
    const auto first = slack_post(running.port(), "/slack/events", event, kJson);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200);
  }
  RunningApplication restarted(config());
  const auto retry = slack_post(restarted.port(), "/slack/events", event, kJson, {"X-Slack-Retry-Num: 2"});
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  EXPECT_EQ(inbox_rows(restarted), 1);
}

TEST_F(SlackEndToEnd, SlashCommandIsAcknowledgedEmptyAndAnsweredOnItsResponseUrl) {
  RunningApplication running(config());
  const std::string response_url = slack_.response_url("111/join-secret");
  const std::string body = http::encode_form({{"token", "legacy"},
                                              {"team_id", "T1"},
                                              {"channel_id", "C1"},
                                              {"user_id", "U7"},
                                              {"user_name", "zoe"},
                                              {"command", "/ambassador"},
                                              {"text", "join"},
                                              {"response_url", response_url},
                                              {"trigger_id", "1700000000.1.join"}});
  const auto reply = slack_post(running.port(), "/slack/commands", body, kForm);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "");  // nothing shown now: the answer follows on the response_url

  ASSERT_TRUE(eventually([&] { return !slack_.hooks("/hooks/commands/T1/111/").empty(); }));
  const auto hooks = slack_.hooks("/hooks/commands/T1/111/");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_TRUE(hooks[0].header("Authorization").empty());  // the URL is the credential; the token stays home
  const auto answer = json::parse(hooks[0].body);
  EXPECT_EQ(answer["response_type"], "ephemeral");
  EXPECT_EQ(answer["text"], dutch(i18n::Msg::join_ok, {{"department", "Wijkbeheer"}}));
  EXPECT_TRUE(slack_.calls("chat.postEphemeral").empty());

  std::optional<storage::AmbassadorRecord> zoe;
  running.app().store().read_sync([&](storage::Connection& db) {
    zoe = storage::AmbassadorRepository(db).find_by_identity({"slack", "T1", "U7"});
  });
  ASSERT_TRUE(zoe);
  EXPECT_EQ(zoe->department_id, "wijkbeheer");
}

// Webcare on Slack: a question asked with the slash command in the webcare channel lands, masked, in the
// department's channel with an "I'll take it" button; the press answers the claimant privately on its response_url
// with the full text; the answer command relays the answer to the webcare channel (masked) and to the asker's DM.
TEST_F(SlackEndToEnd, AWebcareQuestionIsClaimedWithTheButtonAndAnsweredBackToWebcare) {
  RunningApplication running(config());
  auto slash = [&](const std::string& channel, const std::string& user, const std::string& text,
                   const std::string& hook) {
    const auto reply = slack_post(running.port(), "/slack/commands",
                                  http::encode_form({{"team_id", "T1"},
                                                     {"channel_id", channel},
                                                     {"user_id", user},
                                                     {"command", "/ambassador"},
                                                     {"text", text},
                                                     {"response_url", slack_.response_url(hook)},
                                                     {"trigger_id", "1700000000.9." + hook}}),
                                  kForm);
    ASSERT_TRUE(reply && reply->status == 200);
  };
  slash("CW", "UW", "ask afval: Container niet geleegd. Bel me op 06-12345678", "701/ask");
  ASSERT_TRUE(eventually([&] { return !slack_.calls("chat.postMessage", "channel", "C1").empty(); }));
  const auto question = json::parse(slack_.calls("chat.postMessage", "channel", "C1")[0].body);
  EXPECT_THAT(question.dump(), HasSubstr("[phone]"));
  EXPECT_THAT(question.dump(), Not(HasSubstr("06-12345678")));
  std::string reference;
  for (const auto& block : question.at("blocks"))
    for (const auto& element : block.value("elements", json::array()))
      if (element.value("action_id", "") == "webcare.claim") reference = element.at("value");
  ASSERT_THAT(reference, ::testing::StartsWith("W-"));

  const json press{{"type", "block_actions"},
                   {"team", {{"id", "T1"}, {"domain", "voorbeeldstad"}}},
                   {"user", {{"id", "U1"}, {"username", "anna"}, {"team_id", "T1"}}},
                   {"api_app_id", "A1"},
                   {"container", {{"type", "message"}, {"message_ts", "1700000000.700001"}, {"channel_id", "C1"}}},
                   {"channel", {{"id", "C1"}, {"name", "wijkbeheer-experts"}}},
                   {"trigger_id", "1700000000.7.claim"},
                   {"response_url", slack_.response_url("702/claim")},
                   {"actions", json::array({{{"action_id", "webcare.claim"},
                                             {"block_id", "actions"},
                                             {"type", "button"},
                                             {"value", reference},
                                             {"action_ts", "1700000001.000700"}}})}};
  const auto pressed =
      slack_post(running.port(), "/slack/interactivity", http::encode_form({{"payload", press.dump()}}), kForm);
  ASSERT_TRUE(pressed && pressed->status == 200);
  ASSERT_TRUE(eventually([&] { return !slack_.hooks("/hooks/commands/T1/702/").empty(); }));
  const auto claimed = json::parse(slack_.hooks("/hooks/commands/T1/702/")[0].body);
  EXPECT_EQ(claimed["response_type"], "ephemeral");
  EXPECT_THAT(claimed["text"].get<std::string>(), HasSubstr(reference));
  // The claimant alone gets it all, in a direct message to work from.
  ASSERT_TRUE(eventually([&] { return !slack_.calls("conversations.open", "users", "U1").empty(); }));
  ASSERT_TRUE(eventually([&] {
    for (const auto& call : slack_.calls("chat.postMessage"))
      if (call.body.find("06-12345678") != std::string::npos) return true;
    return false;
  }));

  slash("C1", "U1", "answer " + reference + ": We legen hem morgen. Vragen? 020-1234567", "703/answer");
  auto answer_in_webcare = [&] {
    for (const auto& call : slack_.calls("chat.postMessage", "channel", "CW"))
      if (call.body.find("Antwoord op " + reference) != std::string::npos) return true;
    return false;
  };
  ASSERT_TRUE(eventually(answer_in_webcare));
  for (const auto& call : slack_.calls("chat.postMessage", "channel", "CW")) {
    if (call.body.find("Antwoord op " + reference) == std::string::npos) continue;
    EXPECT_THAT(call.body, HasSubstr("[phone]"));
    EXPECT_THAT(call.body, Not(HasSubstr("020-1234567")));
  }
  // The asker's own copy, unmasked, in a DM the bot opens.
  ASSERT_TRUE(eventually([&] { return !slack_.calls("conversations.open", "users", "UW").empty(); }));
  ASSERT_TRUE(eventually([&] {
    for (const auto& call : slack_.calls("chat.postMessage"))
      if (call.body.find("020-1234567") != std::string::npos) return true;
    return false;
  }));
}

TEST_F(SlackEndToEnd, AnAnswerIsNeverPostedToAResponseUrlThatIsNotSlacks) {
  RunningApplication running(config());
  FakeHttpServer elsewhere([](const RecordedRequest&) { return FakeResponse::text(200, "ok"); });
  const std::string body = http::encode_form({{"team_id", "T1"},
                                              {"channel_id", "C1"},
                                              {"user_id", "U7"},
                                              {"command", "/ambassador"},
                                              {"text", "help"},
                                              {"response_url", elsewhere.url("/hooks/commands/T1/333/x")},
                                              {"trigger_id", "1700000000.3.help"}});
  const auto reply = slack_post(running.port(), "/slack/commands", body, kForm);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);

  // The person who asked gets the answer as a DM instead.
  ASSERT_TRUE(eventually([&] { return !slack_.calls("chat.postMessage").empty(); }));
  EXPECT_EQ(slack_.calls("conversations.open", "users", "U7").size(), 1u);
  EXPECT_EQ(json::parse(slack_.calls("chat.postMessage")[0].body)["text"], dutch(i18n::Msg::help));
  EXPECT_EQ(elsewhere.request_count(), 0u);
}

TEST_F(SlackEndToEnd, ShareConfirmButtonRecordsTheShare) {
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  // A genuine press follows the post's arrival in the channel: buttons of a post not (yet) there are refused.
  ASSERT_TRUE(eventually([&] { return both_channels_served(running, post_id); }));
  const json payload{{"type", "block_actions"},
                     {"team", {{"id", "T1"}, {"domain", "voorbeeldstad"}}},
                     {"user", {{"id", "U1"}, {"username", "anna"}, {"team_id", "T1"}}},
                     {"api_app_id", "A1"},
                     {"container", {{"type", "message"}, {"message_ts", "1700000000.100001"}, {"channel_id", "C1"}}},
                     {"channel", {{"id", "C1"}, {"name", "wijkbeheer-ambassadeurs"}}},
                     {"trigger_id", "1700000000.2.share"},
                     {"response_url", slack_.response_url("222/share-secret")},
                     {"actions", json::array({{{"action_id", "share.confirm"},
                                               {"block_id", "post"},
                                               {"type", "button"},
                                               {"value", "p" + std::to_string(post_id)},
                                               {"action_ts", "1700000001.000200"}}})}};
  const auto reply =
      slack_post(running.port(), "/slack/interactivity", http::encode_form({{"payload", payload.dump()}}), kForm);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);

  const std::string shares = "SELECT count(*) FROM shares WHERE post_id = ?";
  ASSERT_TRUE(eventually([&] { return count(running, shares, post_id) > 0; }));
  EXPECT_EQ(count(running, shares, post_id), 1);
  ASSERT_TRUE(eventually([&] { return !slack_.hooks("/hooks/commands/T1/222/").empty(); }));
  const auto answer = json::parse(slack_.hooks("/hooks/commands/T1/222/")[0].body);
  EXPECT_EQ(answer["response_type"], "ephemeral");
  EXPECT_EQ(answer["text"], dutch(i18n::Msg::share_thanks));
}

TEST_F(SlackEndToEnd, PublishedPostIsPostedOnceInEveryDepartmentChannel) {
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  ASSERT_TRUE(eventually([&] { return both_channels_served(running, post_id); }));

  for (const char* channel : {"C1", "C2"}) {
    SCOPED_TRACE(channel);
    const auto posts = slack_.calls("chat.postMessage", "channel", channel);
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0].header("Authorization"), std::string("Bearer ") + kBotToken);
    const auto body = json::parse(posts[0].body);
    EXPECT_THAT(body["text"].get<std::string>(), HasSubstr("Nieuwe speeltuin geopend"));
    // The buttons carry the neutral actions and the post's id back to us.
    EXPECT_THAT(body["blocks"].dump(), HasSubstr("\"p" + std::to_string(post_id) + "\""));
    EXPECT_THAT(body["blocks"].dump(), HasSubstr("share.confirm"));
  }
  EXPECT_EQ(slack_.calls("chat.postMessage").size(), 2u);
}

TEST_F(SlackEndToEnd, RateLimitedPostIsRetriedAfterRetryAfterAndServedOnce) {
  slack_.rate_limit_next_posts(1);
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  ASSERT_TRUE(eventually([&] { return both_channels_served(running, post_id); }));
  EXPECT_EQ(slack_.rate_limited_posts(), 1);

  // The first call was answered 429: its channel was asked twice, and served (answered ok) once.
  const auto posts = slack_.calls("chat.postMessage");
  ASSERT_EQ(posts.size(), 3u);
  const std::string limited_channel = json::parse(posts[0].body)["channel"];
  for (const char* channel : {"C1", "C2"}) {
    SCOPED_TRACE(channel);
    const auto asked = slack_.calls("chat.postMessage", "channel", channel).size();
    EXPECT_EQ(asked - (channel == limited_channel ? 1u : 0u), 1u);
  }
  EXPECT_EQ(count(running, "SELECT count(*) FROM outbox WHERE post_id = ? AND attempts = 2", post_id), 1);
}

// Slack posted the message but its answer was lost (the connection dropped after the request went out): the
// delivery may have landed, so it is looked up (conversations.history, by its metadata tag) before any resend.
TEST_F(SlackEndToEnd, APostWhoseAnswerWasLostIsLookedUpAndNotPostedTwice) {
  slack_.lose_answers_to_posts(5);  // the first five posts land unanswered: both channels' first attempts
  RunningApplication running(config());
  const auto post_id = publish_post(running);
  ASSERT_TRUE(eventually([&] { return both_channels_served(running, post_id); }));

  for (const char* channel : {"C1", "C2"}) {
    SCOPED_TRACE(channel);
    EXPECT_EQ(slack_.posted_in(channel), 1u);
    EXPECT_EQ(slack_.calls("chat.postMessage", "channel", channel).size(), 1u);
  }
  EXPECT_GE(slack_.history_reads(), 2u);
  const auto metrics = http_exchange(running.port(), raw_request("GET", "/metrics", {}, "", ""));
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("ambassador_outbox_unanswered_total 2"));
}

TEST_F(SlackEndToEnd, BotRemovedFromAChannelDeactivatesItAndTellsTheAdmins) {
  auto with_admins = config();
  with_admins.departments.front().channels.push_back({"slack", "T1", "CADM", "admins"});
  RunningApplication running(std::move(with_admins));
  // U1 removes the bot from the public channel C2.
  const auto reply = slack_post(running.port(), "/slack/events", bot_left_event("Ev300", "C2", "U1"), kJson);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;

  const auto c2_active = [&] {
    bool active = true;
    running.app().store().read_sync([&](storage::Connection& db) {
      const auto channel = storage::DirectoryRepository(db).channel("slack", "T1", "C2");
      active = !channel || channel->active;
    });
    return active;
  };
  ASSERT_TRUE(eventually([&] { return !c2_active(); }));
  ASSERT_TRUE(eventually([&] { return !slack_.calls("chat.postMessage", "channel", "CADM").empty(); }));
  const auto notice = json::parse(slack_.calls("chat.postMessage", "channel", "CADM")[0].body);
  EXPECT_EQ(notice["text"], dutch(i18n::Msg::admin_bot_removed_linked,
                                  {{"who", "U1"}, {"where", "slack: T1/C2"}, {"department", "Groenbeheer"}}));
  EXPECT_TRUE(slack_.calls("chat.postMessage", "channel", "C2").empty());
}

}  // namespace
}  // namespace ambassador
