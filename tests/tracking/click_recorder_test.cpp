#include <gtest/gtest.h>

#include <future>

#include "bot/tracking/click_recorder.hpp"
#include "bot/tracking/link_token.hpp"
#include "bot/tracking/visitor.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"
#include "storage/tracking_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::tracking {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr std::int64_t kDayMs = 86'400'000;

class ClickRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      storage::Connection db(ambassador::testing::database(dir, "test.sqlite3"), 5000);
      storage::migrate(db);
      storage::PostRecord post;
      post.title = "Post";
      post.link_url = "https://example.org/";
      post.status = "sent";
      post_id = storage::PostRepository(db).insert(post);
      token = storage::TrackingRepository(db).link_for(post_id, std::nullopt, "", "x", kNow, new_link_token);
    }
    store = std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "test.sqlite3")});
  }
  void TearDown() override { store->stop(); }

  // Occupies the writer until the returned promise is set, so clicks pile up deterministically.
  std::promise<void> block_writer() {
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    auto running = started.get_future();
    store->write([released, &started](storage::Connection&) {
      started.set_value();
      released.wait();
    });
    running.wait();
    return release;
  }
  std::int64_t count(const std::string& sql) {
    store->write_sync([](storage::Connection&) {});  // every queued write has run
    std::int64_t n = 0;
    store->read_sync([&](storage::Connection& db) { n = db.query_int64(sql); });
    return n;
  }

  testing::TempDir dir;
  std::unique_ptr<storage::Store> store;
  std::int64_t post_id = 0;
  std::string token;
};

TEST_F(ClickRecorderTest, StoresEveryClickWithAHashedVisitor) {
  auto recorder = ClickRecorder::create(*store, 1000);
  recorder->record(token, "203.0.113.7", "Browser A", kNow);
  recorder->record(token, "203.0.113.7", "Browser A", kNow + 60'000);  // a minute later: past the per-minute cap
  recorder->record(token, "203.0.113.8", "Browser A", kNow + 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE visitor_hash LIKE '%203.0.113%'"), 0);
  EXPECT_EQ(recorder->dropped(), 0u);
}

TEST_F(ClickRecorderTest, HashesWithTheStoredSaltOfTheDay) {
  auto recorder = ClickRecorder::create(*store, 1000);
  recorder->record(token, "203.0.113.7", "Browser A", kNow);
  ASSERT_EQ(count("SELECT COUNT(*) FROM clicks"), 1);
  std::string salt, stored_hash;
  store->read_sync([&](storage::Connection& db) {
    salt = db.query_text("SELECT salt FROM visitor_salts WHERE day = " + std::to_string(kNow / kDayMs));
    stored_hash = db.query_text("SELECT visitor_hash FROM clicks");
  });
  EXPECT_EQ(stored_hash, visitor_hash(salt, "203.0.113.7", "Browser A"));
  // The second click is hashed from the salt in memory: it must be the very same visitor.
  recorder->record(token, "203.0.113.7", "Browser A", kNow + 5);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT visitor_hash) FROM clicks"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 1);
}

TEST_F(ClickRecorderTest, ClicksWaitingForTheWriterAreStoredTogether) {
  auto recorder = ClickRecorder::create(*store, 1000);
  auto release = block_writer();
  for (int i = 0; i < 50; ++i) recorder->record(token, "198.51.100." + std::to_string(i), "Browser", kNow + i);
  EXPECT_EQ(store->write_queue_depth(), 1u) << "one writer job for all the clicks that came in meanwhile";
  release.set_value();
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 50);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 50);
}

TEST_F(ClickRecorderTest, DropsClicksBeyondTheBoundWhileTheWriterIsBehind) {
  auto recorder = ClickRecorder::create(*store, 3);
  auto release = block_writer();
  for (int i = 0; i < 10; ++i) recorder->record(token, "198.51.100." + std::to_string(i), "Browser", kNow + i);
  EXPECT_EQ(recorder->dropped(), 7u);
  release.set_value();
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 3);
}

TEST_F(ClickRecorderTest, OneBadClickDoesNotLoseTheOthers) {
  auto recorder = ClickRecorder::create(*store, 1000);
  auto release = block_writer();
  recorder->record(token, "198.51.100.1", "Browser", kNow);
  recorder->record(new_link_token(), "198.51.100.1", "Browser", kNow);  // no such link: refused by the database
  recorder->record(token, "198.51.100.2", "Browser", kNow);
  release.set_value();
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 2);
}

TEST_F(ClickRecorderTest, NextDayGetsANewSalt) {
  auto recorder = ClickRecorder::create(*store, 1000);
  recorder->record(token, "203.0.113.7", "Browser A", kNow);
  ASSERT_EQ(count("SELECT COUNT(*) FROM clicks"), 1);
  recorder->record(token, "203.0.113.7", "Browser A", kNow + kDayMs);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 2);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT visitor_hash) FROM clicks"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 2);
}

TEST(ClickRecorderDay, IsTheUtcDaySinceTheEpoch) {
  EXPECT_EQ(ClickRecorder::day_of(0), 0);
  EXPECT_EQ(ClickRecorder::day_of(kDayMs - 1), 0);
  EXPECT_EQ(ClickRecorder::day_of(kDayMs), 1);
  EXPECT_EQ(ClickRecorder::day_of(-1), -1);
}

}  // namespace
}  // namespace ambassador::tracking
