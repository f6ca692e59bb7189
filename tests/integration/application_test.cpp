#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "bot/i18n/catalog.hpp"
#include "bot/message_codec.hpp"
#include "running_application.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/connection.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace ambassador::testing;
using i18n::Msg;

constexpr const char* kChannel = "wijkbeheer-ambassadeurs";

std::string dutch(Msg msg, const i18n::Args& args = {}) { return i18n::translate(i18n::Language::nl, msg, args); }

std::string error_code_of(const HttpReply& reply) {
  const auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "(not an error body: " + reply.body + ")";
  return body["error"].value("code", "(no code)");
}

class ApplicationTest : public ::testing::Test {
 protected:
  // Quiet unless AMBASSADOR_TEST_LOG_LEVEL (trace, debug, info, ...) asks for more while debugging a failure.
  static void SetUpTestSuite() {
    const char* level = std::getenv("AMBASSADOR_TEST_LOG_LEVEL");
    spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
  }

  config::Config config() const { return demo_config(data_dir_.path()); }

  std::optional<storage::AmbassadorRecord> ambassador(RunningApplication& running, const std::string& user) {
    std::optional<storage::AmbassadorRecord> found;
    running.app().store().read_sync([&](storage::Connection& db) {
      found = storage::AmbassadorRepository(db).find_by_identity({"local", "", user});
    });
    return found;
  }

  std::int64_t inbox_events(RunningApplication& running) {
    std::int64_t count = 0;
    running.app().store().read_sync(
        [&](storage::Connection& db) { count = storage::InboxRepository(db).count_for_platform("local"); });
    return count;
  }

  // Sends "/help" as a sentinel and waits for its answer. Events are handled and delivered in order, so
  // once it is there, anything the earlier messages were going to produce is there too.
  std::vector<LocalMessageView> messages_up_to_sentinel(RunningApplication& running, const std::string& user,
                                                        std::int64_t after) {
    say(running.port(), kChannel, user, "/help", "sentinel-" + user + "-" + std::to_string(after));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto messages = channel_messages(running.port(), kChannel, after, user);
    while ((messages.empty() || messages.back().text != dutch(Msg::help)) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      messages = channel_messages(running.port(), kChannel, after, user);
    }
    EXPECT_FALSE(messages.empty()) << "the sentinel was never answered";
    if (!messages.empty()) {
      EXPECT_EQ(messages.back().text, dutch(Msg::help)) << "the sentinel was never answered";
      messages.pop_back();
    }
    return messages;
  }

  TempDir data_dir_;
};

TEST_F(ApplicationTest, ServesHealthReadinessAndMetrics) {
  RunningApplication running(config());
  const auto health = http_exchange(running.port(), raw_request("GET", "/healthz"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body)["status"], "ok");

  const auto ready = http_exchange(running.port(), raw_request("GET", "/readyz"));
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(nlohmann::json::parse(ready->body)["status"], "ready");

  // The /healthz answer is counted just after it is written, so poll for it.
  const std::string counted = "ambassador_http_requests_total{route=\"/healthz\",status=\"200\"} 1\n";
  std::optional<HttpReply> metrics;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    metrics = http_exchange(running.port(), raw_request("GET", "/metrics"));
  } while (metrics && metrics->body.find(counted) == std::string::npos && std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(metrics->body, HasSubstr(counted));
  for (const char* name : {"ambassador_http_connections", "ambassador_storage_write_queue",
                           "ambassador_storage_commits_total", "ambassador_events_stored_total",
                           "ambassador_outbox_sent_total", "ambassador_http_request_duration_seconds_bucket",
                           "ambassador_table_rows_clicks", "ambassador_table_rows_outbox"}) {
    EXPECT_THAT(metrics->body, HasSubstr(name));
  }
}

TEST_F(ApplicationTest, JoinThemesWhoamiInALocalChannel) {
  RunningApplication running(config());
  say(running.port(), kChannel, "zoe", "/join", "m1", "Zoë Test");
  say(running.port(), kChannel, "zoe", "/themes klimaat", "m2", "Zoë Test");
  say(running.port(), kChannel, "zoe", "/whoami", "m3", "Zoë Test");

  const auto messages = wait_for_messages(running.port(), kChannel, 3, 0, "zoe");
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_TRUE(channel_messages(running.port(), kChannel, 0, "someone-else").empty()) << "the answers are zoe's";
  EXPECT_TRUE(channel_messages(running.port(), kChannel).empty()) << "the answers are zoe's";
  EXPECT_EQ(messages[0].text, dutch(Msg::join_ok, {{"department", "Wijkbeheer"}}));
  EXPECT_EQ(messages[1].text, dutch(Msg::themes_set, {{"themes", "klimaat"}}));
  EXPECT_EQ(messages[2].text, dutch(Msg::whoami, {{"name", "Zoë Test"},
                                                  {"department", "Wijkbeheer"},
                                                  {"roles", "geen"},
                                                  {"themes", "klimaat"},
                                                  {"status", "actief"}}));
  EXPECT_THAT(messages[0].text, HasSubstr("Welkom bij de ambassadeurs van Wijkbeheer"));  // Dutch by default
  for (const auto& message : messages) {
    EXPECT_EQ(message.sender, "bot");
    EXPECT_EQ(message.visible_to, "zoe");  // answers in a channel go to the person who asked
  }

  const auto zoe = ambassador(running, "zoe");
  ASSERT_TRUE(zoe);
  EXPECT_EQ(zoe->display_name, "Zoë Test");
  EXPECT_EQ(zoe->department_id, "wijkbeheer");
  EXPECT_THAT(zoe->themes, ElementsAre("klimaat"));
  EXPECT_TRUE(zoe->active());
  EXPECT_TRUE(zoe->consent_at_ms.has_value());
}

TEST_F(ApplicationTest, SameClientIdTwiceIsStoredAndAnsweredOnce) {
  RunningApplication running(config());
  say(running.port(), kChannel, "yusuf", "/join", "dup-1");
  say(running.port(), kChannel, "yusuf", "/join", "dup-1");  // a client retry: acknowledged again

  const auto messages = messages_up_to_sentinel(running, "yusuf", 0);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, dutch(Msg::join_ok, {{"department", "Wijkbeheer"}}));
  EXPECT_EQ(inbox_events(running), 2);  // the join (once) and the sentinel
}

TEST_F(ApplicationTest, RejectsUnusableMessagesWithoutStoringThem) {
  RunningApplication running(config());
  const auto port = running.port();
  struct Case {
    const char* what;
    std::string body;
    std::string content_type;
    int status;
    const char* code;
  };
  const std::vector<Case> cases{
      {"malformed JSON", R"({"channel": "x", "user": )", "application/json", 400, "bad_request"},
      {"not an object", R"(["channel", "user", "text"])", "application/json", 400, "bad_request"},
      {"wrong content type", R"({"channel":"x","user":"u","text":"/help"})", "text/plain", 415,
       "unsupported_media_type"},
      {"invalid UTF-8", "{\"channel\":\"x\",\"user\":\"u\",\"text\":\"/help \xff\xfe\"}", "application/json", 400,
       "bad_request"},
      {"missing fields", R"({"channel":"x"})", "application/json", 422, "invalid_message"},
      {"wrong field type", R"({"channel":"x","user":"u","text":42})", "application/json", 422, "invalid_message"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto reply = post_json(port, "/local/messages", c.body, c.content_type);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, c.status);
    EXPECT_EQ(reply->header("Content-Type"), "application/json");
    EXPECT_EQ(error_code_of(*reply), c.code);
  }
  const auto missing = post_json(port, "/local/messages", R"({"channel":"x"})");
  ASSERT_TRUE(missing);
  const auto problems = nlohmann::json::parse(missing->body)["error"]["problems"];
  EXPECT_EQ(problems.size(), 2u);  // every missing field, not just the first
  EXPECT_THAT(problems.dump(), HasSubstr("'user' is required"));
  EXPECT_THAT(problems.dump(), HasSubstr("'text' is required"));

  EXPECT_EQ(inbox_events(running), 0);
}

// A deeply nested body (the review's ~400,000 levels, under the body limit) once crashed the service from the idea
// route. Every JSON body now has a nesting limit: 400 with a clear message, and the service carries on.
TEST_F(ApplicationTest, DeeplyNestedJsonIsRefusedAndTheServiceCarriesOn) {
  RunningApplication running(config());
  const std::string deep = "{\"x\":" + std::string(400'000, '[') + std::string(400'000, ']') + "}";
  const std::string editor = "Authorization: Bearer integration-test-editor-token";
  for (const char* target : {"/api/v1/ideas/1/approve", "/api/v1/posts"}) {
    SCOPED_TRACE(target);
    const auto reply = http_exchange(running.port(), raw_request("POST", target, {editor}, deep, "application/json"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 400);
    EXPECT_THAT(reply->body, HasSubstr("deeper than 64 levels"));
  }
  const auto local = post_json(running.port(), "/local/messages", deep);
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 400);
  const auto health = http_exchange(running.port(), raw_request("GET", "/healthz"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// The local chat shows an answer meant for one person, and a person's DMs, only to that person.
TEST_F(ApplicationTest, LocalDirectMessagesAreShownOnlyToTheirPerson) {
  RunningApplication running(config());
  for (const std::string viewer : {"", "bram"}) {
    const auto reply =
        http_exchange(running.port(), raw_request("GET", "/local/channels/dm:anna/messages?user=" + viewer));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 403) << viewer;
  }
  const auto own = http_exchange(running.port(), raw_request("GET", "/local/channels/dm:anna/messages?user=anna"));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
}

TEST_F(ApplicationTest, ChatterWithoutASlashGetsNoReply) {
  RunningApplication running(config());
  say(running.port(), kChannel, "bram", "goedemorgen allemaal, wie heeft er koffie?", "chat-1");
  EXPECT_TRUE(messages_up_to_sentinel(running, "bram", 0).empty());
  EXPECT_EQ(inbox_events(running), 2);  // stored (and handled) all the same
}

TEST_F(ApplicationTest, ChatterIsKeptOnlyAsItsKeyNeverWithItsText) {
  RunningApplication running(config());
  say(running.port(), kChannel, "bram", "mijn BSN is 123456789, niet doorvertellen", "chat-private");
  std::string status, payload;
  running.app().store().read_sync([&](storage::Connection& db) {
    auto& row = db.prepare("SELECT status, payload FROM inbox WHERE event_key = 'id:chat-private'");
    ASSERT_TRUE(row.executeStep());
    status = row.getColumn(0).getString();
    payload = row.getColumn(1).getString();
  });
  EXPECT_EQ(status, "done");  // nothing to process, so no processing pass for it
  EXPECT_EQ(payload, "");     // not even who said it
  say(running.port(), kChannel, "bram", "mijn BSN is 123456789, niet doorvertellen", "chat-private");
  EXPECT_EQ(inbox_events(running), 1);  // a redelivery is still recognised
}

TEST_F(ApplicationTest, UnknownCommandGetsTheFriendlyReply) {
  RunningApplication running(config());
  say(running.port(), kChannel, "bram", "/frobnicate now", "unknown-1");
  const auto messages = wait_for_messages(running.port(), kChannel, 1, 0, "bram");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, dutch(Msg::unknown_command, {{"command", "frobnicate"}}));
  EXPECT_EQ(messages[0].visible_to, "bram");
}

TEST_F(ApplicationTest, AmbassadorSurvivesARestart) {
  std::int64_t last_id = 0;
  {
    RunningApplication first(config());
    say(first.port(), kChannel, "xander", "/join", "join-x", "Xander");
    say(first.port(), kChannel, "xander", "/themes groen, wijk", "themes-x", "Xander");
    const auto replies = wait_for_messages(first.port(), kChannel, 2, 0, "xander");
    ASSERT_EQ(replies.size(), 2u);
    last_id = replies.back().id;
    first.stop();
  }
  RunningApplication second(config());
  const auto xander = ambassador(second, "xander");
  ASSERT_TRUE(xander);
  EXPECT_EQ(xander->department_id, "wijkbeheer");
  EXPECT_THAT(xander->themes, ElementsAre("groen", "wijk"));

  say(second.port(), kChannel, "xander", "/whoami", "whoami-x", "Xander");
  const auto messages = wait_for_messages(second.port(), kChannel, 1, last_id, "xander");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, dutch(Msg::whoami, {{"name", "Xander"},
                                                  {"department", "Wijkbeheer"},
                                                  {"roles", "geen"},
                                                  {"themes", "groen, wijk"},
                                                  {"status", "actief"}}));
  // The history from before the restart is still there too.
  EXPECT_EQ(channel_messages(second.port(), kChannel, 0, "xander").size(), 3u);
}

TEST_F(ApplicationTest, EventsStoredButNotProcessedBeforeAStopAreProcessedAfterRestart) {
  const auto cfg = testing::on_test_database(config());
  {
    // As if the service crashed right after acknowledging: the event is in the inbox, still pending.
    storage::Connection db(cfg.database_address(), 1000);
    storage::migrate(db);
    IncomingEvent event;
    event.platform = "local";
    event.event_key = "id:before-crash";
    event.channel_id = kChannel;
    event.user_id = "anna";
    event.user_name = "Anna";
    event.text = "/whoami";
    event.addressed = true;
    ASSERT_TRUE(storage::InboxRepository(db).append("local", event.event_key, encode_event(event), 1000));
  }
  RunningApplication running(cfg);
  const auto messages = wait_for_messages(running.port(), kChannel, 1, 0, "anna");
  ASSERT_EQ(messages.size(), 1u);
  // Anna is a seeded demo ambassador.
  EXPECT_EQ(messages[0].text, dutch(Msg::whoami, {{"name", "Anna de Vries"},
                                                  {"department", "Wijkbeheer"},
                                                  {"roles", "social_savvy"},
                                                  {"themes", "evenementen, wijk"},
                                                  {"status", "actief"}}));
  std::int64_t pending = -1;
  running.app().store().read_sync(
      [&](storage::Connection& db) { pending = storage::InboxRepository(db).count("pending"); });
  EXPECT_EQ(pending, 0);
}

TEST_F(ApplicationTest, StopAndStartAgainOnTheSameDataDirectory) {
  RunningApplication first(config());
  first.stop();
  // The database was closed cleanly; a second instance opens and serves it.
  RunningApplication second(config());
  const auto health = http_exchange(second.port(), raw_request("GET", "/readyz"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace ambassador
