// The ideas loop: an ambassador's `idea`, an editor's approve (a draft post) or reject, and the contributor hearing
// the outcome, through the real routes and store on a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/app/api_auth.hpp"
#include "bot/app/post_routes.hpp"
#include "bot/clock.hpp"
#include "bot/content/content_commands.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/http/router.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/message_codec.hpp"
#include "content_fixture.hpp"
#include "storage/idea_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"
#include "test_database.hpp"

namespace ambassador::app {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr std::int64_t kNow = 1'796'115'600'000;  // 2026-12-01T09:00:00Z
constexpr auto kEditorToken = "editor-secret-for-idea-tests-0123456789";

class IdeaReview : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("AMBASSADOR_TEST_IDEAS_EDITOR", kEditorToken, 1);
    config.api_tokens.push_back({"editors", config::SecretRef("env:AMBASSADOR_TEST_IDEAS_EDITOR"), "editor"});
    config.organisation.language = "en";
    config.themes = {"klimaat"};
    {
      storage::Connection db(ambassador::testing::database(dir, "test.sqlite3"), 5000);
      storage::migrate(db);
    }
    store = std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "test.sqlite3")});
    auth = std::make_unique<ApiAuth>(config.api_tokens, config::kMinApiTokenLength);
    content::register_content_commands(dispatcher, testing::kBaseUrl);
    add_idea_routes(router, ContentApi{config, clock, *store, *auth, [] {}, [this] { ++wakeups; }});
  }

  void TearDown() override { store->stop(); }

  // An ambassador sends `idea <text>` from a Slack channel (or, `direct`, from their DM with the bot).
  std::int64_t send_idea(const std::string& text, bool direct = false) {
    IncomingEvent event;
    event.platform = "slack";
    event.workspace = "T1";
    event.event_key = "idea-" + std::to_string(++events);
    event.kind = EventKind::command;
    event.channel_id = direct ? "D77" : "C1";
    event.direct = direct;
    event.addressed = true;
    event.user_id = "U7";
    event.text = "idea " + text;
    store->write_sync([&](storage::Connection& db) { dispatcher.handle(event, db); });
    std::int64_t id = 0;
    store->read_sync([&](storage::Connection& db) { id = db.query_int64("SELECT max(id) FROM ideas"); });
    return id;
  }

  http::Response call(const std::string& method, const std::string& target, const std::string& body = "",
                      bool authorised = true) {
    http::Request request;
    request.method = method;
    request.target = target;
    request.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) request.query = target.substr(target.find('?') + 1);
    if (authorised) request.headers.emplace_back("Authorization", std::string("Bearer ") + kEditorToken);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
    std::promise<http::Response> answered;
    std::string route;
    router.dispatch(
        request, [&answered](http::Response response) { answered.set_value(std::move(response)); }, route);
    return answered.get_future().get();
  }
  http::Response approve(std::int64_t id, const json& body = nullptr) {
    return call("POST", "/api/v1/ideas/" + std::to_string(id) + "/approve", body.is_null() ? "" : body.dump());
  }
  http::Response reject(std::int64_t id, const json& body = nullptr) {
    return call("POST", "/api/v1/ideas/" + std::to_string(id) + "/reject", body.is_null() ? "" : body.dump());
  }

  std::optional<storage::PostRecord> post(std::int64_t id) {
    std::optional<storage::PostRecord> found;
    store->read_sync([&](storage::Connection& db) { found = storage::PostRepository(db).find(id); });
    return found;
  }
  std::int64_t count(const std::string& sql) {
    std::int64_t n = 0;
    store->read_sync([&](storage::Connection& db) { n = db.query_int64(sql); });
    return n;
  }
  // What the contributor was told about idea `id`.
  std::vector<std::pair<Destination, OutgoingMessage>> told(std::int64_t id) {
    std::vector<std::pair<Destination, OutgoingMessage>> rows;
    store->read_sync([&](storage::Connection& db) {
      auto& select = db.prepare("SELECT destination, message FROM outbox WHERE idempotency_key = ?");
      select.bind(1, "idea:" + std::to_string(id) + ":review");
      while (select.executeStep())
        rows.emplace_back(*decode_destination(select.getColumn(0).getString()),
                          *decode_message(select.getColumn(1).getString()));
      select.reset();
    });
    return rows;
  }

  static std::string english(i18n::Msg msg, const i18n::Args& args) {
    return i18n::translate(i18n::Language::en, msg, args);
  }

  testing::TempDir dir;
  config::Config config;
  ManualClock clock{kNow};
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<ApiAuth> auth;
  EventDispatcher dispatcher{config, clock};
  http::Router router;
  std::atomic<int> wakeups{0};
  int events = 0;
};

TEST_F(IdeaReview, ApprovingMakesADraftPostAndTellsTheContributor) {
  const std::string text = "The new park opens on Saturday, see https://example.org/park for the programme";
  const auto id = send_idea(text);

  const auto answer = approve(id);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto idea = json::parse(answer.body);
  EXPECT_EQ(idea["status"], "approved");
  EXPECT_EQ(idea["reviewed_by"], "editors");
  ASSERT_TRUE(idea["post_id"].is_number());

  const auto draft = post(idea["post_id"].get<std::int64_t>());
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->status, "draft") << "an approved idea is a starting point, never sent as is";
  EXPECT_EQ(draft->title, text);
  EXPECT_EQ(draft->body, text);
  EXPECT_EQ(draft->link_url, "https://example.org/park");
  EXPECT_EQ(draft->source_idea_id, id);
  EXPECT_EQ(draft->created_by, "editors");

  const auto messages = told(id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].first.platform, "slack");
  EXPECT_EQ(messages[0].first.workspace, "T1");
  EXPECT_EQ(messages[0].first.user_id, "U7");
  EXPECT_EQ(messages[0].first.channel_id, "") << "privately: not in the channel the idea came from";
  EXPECT_FALSE(messages[0].first.ephemeral);
  EXPECT_EQ(messages[0].second.text, english(i18n::Msg::idea_approved, {{"idea", text}, {"note", ""}}));
  EXPECT_EQ(wakeups, 1) << "the outbox is woken for the message";
}

TEST_F(IdeaReview, TheEditorsChangesAndNoteAreTaken) {
  const auto id = send_idea("More benches in the park");
  const auto answer = approve(id, {{"title", "Benches"},
                                   {"link_url", "https://example.org/benches"},
                                   {"themes", json::array({"klimaat"})},
                                   {"publish_at", "2026-12-02T09:00"},
                                   {"note", "Lovely, thanks!"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto idea = json::parse(answer.body);
  EXPECT_EQ(idea["review_note"], "Lovely, thanks!");
  const auto draft = post(idea["post_id"].get<std::int64_t>());
  EXPECT_EQ(draft->title, "Benches");
  EXPECT_EQ(draft->link_url, "https://example.org/benches");
  EXPECT_EQ(draft->themes, std::vector<std::string>{"klimaat"});
  EXPECT_EQ(draft->status, "draft") << "even with a publish time: an editor schedules it";
  EXPECT_EQ(told(id).at(0).second.text,
            english(i18n::Msg::idea_approved, {{"idea", "More benches in the park"}, {"note", "Lovely, thanks!"}}));
}

TEST_F(IdeaReview, AnIdeaWithoutALinkIsApprovedOnlyWithOne) {
  const auto id = send_idea("More benches in the park");
  const auto refused = approve(id);
  EXPECT_EQ(refused.status, 422);
  EXPECT_THAT(json::parse(refused.body)["error"]["problems"], ElementsAre("link_url is required"));
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 0);
  EXPECT_THAT(told(id), IsEmpty());

  const auto bad_field = approve(id, {{"link", "https://example.org/benches"}});
  EXPECT_EQ(bad_field.status, 422);
  EXPECT_THAT(json::parse(bad_field.body)["error"]["problems"],
              ElementsAre("unknown field 'link'", "link_url is required"));

  const auto answer = approve(id, {{"link_url", "https://example.org/benches"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(json::parse(answer.body)["status"], "approved");
  EXPECT_THAT(told(id), SizeIs(1));
}

TEST_F(IdeaReview, RejectingTellsTheContributorWhy) {
  const auto id = send_idea("A bot that posts for me");
  const auto answer = reject(id, {{"note", "Sharing stays personal."}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto idea = json::parse(answer.body);
  EXPECT_EQ(idea["status"], "rejected");
  EXPECT_EQ(idea["review_note"], "Sharing stays personal.");
  EXPECT_FALSE(idea.contains("post_id"));
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 0);
  EXPECT_EQ(told(id).at(0).second.text, english(i18n::Msg::idea_rejected, {{"idea", "A bot that posts for me"},
                                                                           {"note", "Sharing stays personal."}}));
}

TEST_F(IdeaReview, ASecondReviewIsAConflictAndChangesNothing) {
  const auto approved = send_idea("Open day https://example.org/open");
  ASSERT_EQ(approve(approved).status, 200);
  for (const auto& again : {approve(approved), reject(approved, {{"note", "Changed my mind"}})}) {
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(json::parse(again.body)["error"]["code"], "idea_already_reviewed");
    EXPECT_EQ(json::parse(again.body)["error"]["message"], "this idea was already approved");
  }
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 1);
  EXPECT_THAT(told(approved), SizeIs(1));

  const auto rejected = send_idea("Something else");
  ASSERT_EQ(reject(rejected).status, 200);
  const auto late = approve(rejected, {{"link_url", "https://example.org/else"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(json::parse(late.body)["error"]["message"], "this idea was already rejected");
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 1);
  EXPECT_THAT(told(rejected), SizeIs(1));
}

TEST_F(IdeaReview, AnIdeaSentInADirectMessageIsAnsweredThere) {
  const auto id = send_idea("Photos of the market https://example.org/market", true);
  ASSERT_EQ(approve(id).status, 200);
  const auto messages = told(id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].first.channel_id, "D77");
  EXPECT_EQ(messages[0].first.user_id, "U7");
}

TEST_F(IdeaReview, UnknownIdeasAndCallersAreRefused) {
  EXPECT_EQ(approve(999).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/ideas/abc/reject").status, 404);
  const auto id = send_idea("Open day https://example.org/open");
  EXPECT_EQ(call("POST", "/api/v1/ideas/" + std::to_string(id) + "/approve", "", false).status, 401);
  EXPECT_EQ(count("SELECT count(*) FROM ideas WHERE status = 'pending'"), 1);
}

TEST_F(IdeaReview, TheQueueIsListedByStatus) {
  const auto pending = send_idea("First");
  const auto rejected = send_idea("Second");
  ASSERT_EQ(reject(rejected).status, 200);
  const auto list = call("GET", "/api/v1/ideas?status=pending");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto ideas = json::parse(list.body)["ideas"];
  ASSERT_EQ(ideas.size(), 1u);
  EXPECT_EQ(ideas[0]["id"], pending);
  EXPECT_EQ(ideas[0]["text"], "First");
  EXPECT_EQ(json::parse(call("GET", "/api/v1/ideas").body)["ideas"].size(), 2u);
  EXPECT_EQ(call("GET", "/api/v1/ideas?status=maybe").status, 400);
}

TEST_F(IdeaReview, TheLinkIsTakenWithoutTheSentenceAroundIt) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"See https://example.org/park.", "https://example.org/park"},
      {"The park (https://example.org/park) opens!", "https://example.org/park"},
      {"Is this it: https://example.org/park?", "https://example.org/park"},
      {"Read https://en.wikipedia.org/wiki/Park_(Amsterdam)!", "https://en.wikipedia.org/wiki/Park_(Amsterdam)"},
      {"Search https://example.org/find?q=a,b, it works", "https://example.org/find?q=a,b"},
      {"Two: https://example.org/one; https://example.org/two", "https://example.org/one"}};
  for (const auto& [text, link] : cases) {
    const auto answer = approve(send_idea(text));
    ASSERT_EQ(answer.status, 200) << text << ": " << answer.body;
    EXPECT_EQ(post(json::parse(answer.body)["post_id"].get<std::int64_t>())->link_url, link) << text;
  }
}

}  // namespace
}  // namespace ambassador::app
