#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <map>

#include <nlohmann/json.hpp>

#include "bot/app/api_auth.hpp"
#include "bot/app/post_routes.hpp"
#include "bot/clock.hpp"
#include "bot/content/post_withdrawal.hpp"
#include "bot/http/router.hpp"
#include "bot/message_codec.hpp"
#include "config/config.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::app {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr auto kEditorToken = "editor-secret-for-tests-0123456789abcdef";

// A post that is being fanned out: one channel delivery and one DM landed, one channel delivery still waits.
class PostWithdrawalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("AMBASSADOR_TEST_WITHDRAW_EDITOR", kEditorToken, 1);
    config.api_tokens.push_back({"editors", config::SecretRef("env:AMBASSADOR_TEST_WITHDRAW_EDITOR"), "editor"});
    {
      storage::Connection db(ambassador::testing::database(dir, "test.sqlite3"), 5000);
      storage::migrate(db);
      storage::DirectoryRepository directory(db);
      directory.upsert_department({"wijk", "Wijk", "Europe/Amsterdam", "en"});
      const auto c1 = directory.upsert_channel({0, "slack", "T1", "C1", "wijk", "ambassadors", true, "one"}, kNow);
      const auto c3 = directory.upsert_channel({0, "slack", "T1", "C3", "wijk", "ambassadors", true, "three"}, kNow);
      storage::AmbassadorRepository ambassadors(db);
      const auto ann = ambassadors.find_or_create({"slack", "T1", "U2"}, "Ann", kNow).id;
      ambassadors.set_department(ann, "wijk");
      storage::PostRecord post;
      post.title = "Nieuw park";
      post.link_url = "https://example.org/park";
      post.status = "sending";
      post.created_at_ms = post.updated_at_ms = kNow;
      post_id = storage::PostRepository(db).insert(post);

      storage::OutboxRepository outbox(db);
      channel_sent = queue(outbox, "channel:1", R"({"platform":"slack","workspace":"T1","channel_id":"C1"})", c1, {});
      dm_sent =
          queue(outbox, "dm:1", R"({"platform":"slack","workspace":"T1","channel_id":"","user_id":"U2"})", {}, ann);
      channel_pending =
          queue(outbox, "channel:3", R"({"platform":"slack","workspace":"T1","channel_id":"C3"})", c3, {});
      outbox.mark_sent(channel_sent, "1700000000.000100", kNow);
      outbox.mark_sent(dm_sent, "1700000000.000200", kNow);
    }
    store = std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "test.sqlite3")});
    auth = std::make_unique<ApiAuth>(config.api_tokens, config::kMinApiTokenLength);
    add_post_routes(router, ContentApi{config, clock, *store, *auth, [] {}, [this] { ++wakeups; }});
  }

  void TearDown() override { store->stop(); }

  std::int64_t queue(storage::OutboxRepository& outbox, const std::string& key, const std::string& destination,
                     std::optional<std::int64_t> channel_ref, std::optional<std::int64_t> ambassador_id) {
    storage::OutboxEntry entry;
    entry.idempotency_key = "post:" + std::to_string(post_id) + ":" + key;
    entry.platform = "slack";
    entry.destination = destination;
    entry.message = R"({"text":"Nieuw park"})";
    entry.post_id = post_id;
    entry.channel_ref = channel_ref;
    entry.ambassador_id = ambassador_id;
    entry.created_at_ms = kNow;
    EXPECT_TRUE(outbox.enqueue(entry));
    std::int64_t id = 0;
    for (const auto& row : outbox.list_for_post(post_id))
      if (row.idempotency_key == entry.idempotency_key) id = row.id;
    return id;
  }

  http::Response cancel() { return call("POST", "cancel"); }

  // POST or GET /api/v1/posts/{post_id}/`what` as an editor.
  http::Response call(const std::string& method, const std::string& what) {
    http::Request request;
    request.method = method;
    request.path = request.target = "/api/v1/posts/" + std::to_string(post_id) + "/" + what;
    request.headers = {{"Authorization", std::string("Bearer ") + kEditorToken}};
    std::promise<http::Response> answered;
    std::string route;
    router.dispatch(
        request, [&answered](http::Response response) { answered.set_value(std::move(response)); }, route);
    return answered.get_future().get();
  }

  std::vector<storage::OutboxEntry> withdrawals() {
    std::vector<storage::OutboxEntry> rows;
    store->read_sync([this, &rows](storage::Connection& db) {
      auto& select = db.prepare("SELECT id FROM outbox WHERE idempotency_key LIKE 'withdraw:%' ORDER BY id");
      std::vector<std::int64_t> ids;
      while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
      select.reset();
      for (auto id : ids) {
        auto& row = db.prepare(
            "SELECT idempotency_key, destination, message, status, post_id IS NULL FROM outbox WHERE id = ?");
        row.bind(1, static_cast<std::int64_t>(id));
        row.executeStep();
        storage::OutboxEntry e;
        e.id = id;
        e.idempotency_key = row.getColumn(0).getString();
        e.destination = row.getColumn(1).getString();
        e.message = row.getColumn(2).getString();
        e.status = row.getColumn(3).getString();
        if (row.getColumn(4).getInt() == 0) e.post_id = post_id;
        row.reset();
        rows.push_back(e);
      }
    });
    return rows;
  }

  std::string status_of(std::int64_t outbox_id) {
    std::string status;
    store->read_sync([&](storage::Connection& db) {
      auto& select = db.prepare("SELECT status FROM outbox WHERE id = ?");
      select.bind(1, static_cast<std::int64_t>(outbox_id));
      if (select.executeStep()) status = select.getColumn(0).getString();
      select.reset();
    });
    return status;
  }

  testing::TempDir dir;
  config::Config config;
  ManualClock clock{kNow};
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<ApiAuth> auth;
  http::Router router;
  std::atomic<int> wakeups{0};
  std::int64_t post_id = 0, channel_sent = 0, dm_sent = 0, channel_pending = 0;
};

TEST_F(PostWithdrawalTest, CancelQueuesAnEditOfEverySentDeliveryOnly) {
  const auto answer = cancel();
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(json::parse(answer.body)["status"], "cancelled");
  EXPECT_EQ(status_of(channel_pending), "cancelled");
  EXPECT_EQ(wakeups.load(), 1);

  const auto rows = withdrawals();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].idempotency_key, "withdraw:" + std::to_string(channel_sent));
  EXPECT_EQ(rows[1].idempotency_key, "withdraw:" + std::to_string(dm_sent));

  const auto to_channel = decode_destination(rows[0].destination);
  ASSERT_TRUE(to_channel);
  EXPECT_EQ(to_channel->channel_id, "C1");
  EXPECT_EQ(to_channel->workspace, "T1");
  EXPECT_EQ(to_channel->edit_message_id, "1700000000.000100");
  const auto to_person = decode_destination(rows[1].destination);
  ASSERT_TRUE(to_person);
  EXPECT_EQ(to_person->channel_id, "");
  EXPECT_EQ(to_person->user_id, "U2");
  EXPECT_EQ(to_person->edit_message_id, "1700000000.000200");

  for (const auto& row : rows) {
    EXPECT_EQ(row.status, "pending");
    EXPECT_FALSE(row.post_id) << "a withdrawal must not count as one of the post's deliveries";
    const auto message = decode_message(row.message);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->title, "Nieuw park");
    EXPECT_EQ(message->text, "This suggestion was withdrawn.") << row.idempotency_key;  // the department's language
    EXPECT_TRUE(message->buttons.empty());
    EXPECT_TRUE(message->link_url.empty());
  }
}

// A delivery waiting for its rate-limit slot (claimed) or on its way (sending) is still to come: the stats count it
// as pending, so the figures always add up to every delivery of the post.
TEST_F(PostWithdrawalTest, StatsCountClaimedAndSendingDeliveriesAsPending) {
  store->write_sync([this](storage::Connection& db) {
    storage::OutboxRepository outbox(db);
    ASSERT_EQ(outbox.claim_due(kNow + 1, 10).size(), 1u);  // channel:3
  });
  auto stats = json::parse(call("GET", "stats").body);
  EXPECT_EQ(stats["deliveries"], (json{{"pending", 1}, {"sent", 2}, {"failed", 0}, {"cancelled", 0}}));

  store->write_sync(
      [this](storage::Connection& db) { storage::OutboxRepository(db).mark_sending(channel_pending, kNow); });
  stats = json::parse(call("GET", "stats").body);
  EXPECT_EQ(stats["deliveries"]["pending"], 1);
}

// Editors can follow a recall: each delivery shows its withdrawal's status, the stats count them.
TEST_F(PostWithdrawalTest, DeliveriesAndStatsShowHowFarTheRecallGot) {
  ASSERT_EQ(cancel().status, 200);
  store->write_sync([&](storage::Connection& db) {
    db.exec("UPDATE outbox SET status = 'sent' WHERE idempotency_key = 'withdraw:" + std::to_string(dm_sent) + "'");
  });

  const auto listed = call("GET", "deliveries");
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::map<std::int64_t, std::string> shown;
  const auto body = json::parse(listed.body);
  for (const auto& delivery : body["deliveries"])
    shown[delivery["id"].get<std::int64_t>()] = delivery.value("withdrawal", "<none>");
  EXPECT_EQ(shown, (std::map<std::int64_t, std::string>{
                       {channel_sent, "pending"}, {dm_sent, "sent"}, {channel_pending, "<none>"}}));

  const auto stats = call("GET", "stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(json::parse(stats.body)["withdrawals"], (json{{"pending", 1}, {"sent", 1}, {"failed", 0}}));
  EXPECT_EQ(json::parse(stats.body)["deliveries"]["sent"], 2) << "withdrawals are not counted as deliveries";
}

TEST_F(PostWithdrawalTest, APostThatWentOutOrExpiredCanBeRecalled) {
  for (const char* status : {"sent", "expired"}) {
    store->write_sync([&](storage::Connection& db) {
      db.exec(std::string("UPDATE posts SET status = '") + status + "'");
      db.exec("DELETE FROM outbox WHERE idempotency_key LIKE 'withdraw:%'");
    });
    const auto answer = cancel();
    ASSERT_EQ(answer.status, 200) << status << ": " << answer.body;
    EXPECT_EQ(json::parse(answer.body)["status"], "cancelled");
    EXPECT_EQ(withdrawals().size(), 2u) << status;
  }
}

TEST_F(PostWithdrawalTest, SecondCancelQueuesNothingMore) {
  ASSERT_EQ(cancel().status, 200);
  ASSERT_EQ(cancel().status, 200);
  EXPECT_EQ(withdrawals().size(), 2u);
  EXPECT_EQ(wakeups.load(), 1);
}

TEST_F(PostWithdrawalTest, QueueingTwiceIsANoOpByKey) {
  int first = -1, second = -1;
  store->write_sync([&](storage::Connection& db) {
    const auto post = storage::PostRepository(db).find(post_id);
    first = content::queue_post_withdrawals(db, *post, clock, config.delivery);
    second = content::queue_post_withdrawals(db, *post, clock, config.delivery);
  });
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 0);
  EXPECT_EQ(withdrawals().size(), 2u);
}

TEST_F(PostWithdrawalTest, NothingSentNothingToWithdraw) {
  store->write_sync(
      [&](storage::Connection& db) { db.exec("UPDATE outbox SET status = 'pending', platform_message_id = NULL"); });
  ASSERT_EQ(cancel().status, 200);
  EXPECT_TRUE(withdrawals().empty());
  EXPECT_EQ(wakeups.load(), 0);
}

}  // namespace
}  // namespace ambassador::app
