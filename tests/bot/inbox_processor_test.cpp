// Storing and handling an event in one writer job, over a real database file: the event, its effects and its
// 'done' mark commit together; a redelivery is not handled again; a failing handler leaves no effect behind.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "bot/clock.hpp"
#include "bot/inbox_processor.hpp"
#include "bot/message_codec.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;

// Writes a row per event it handles, then throws for the text "boom": so a rollback is visible.
class RecordingHandler final : public EventHandler {
 public:
  void handle(const IncomingEvent& event, storage::Connection& db) override {
    calls.fetch_add(1);
    auto& insert = db.prepare("INSERT INTO handled(event_key) VALUES (?)");
    insert.bind(1, event.event_key);
    insert.exec();
    if (event.text == "boom") throw std::runtime_error("the handler broke");
  }
  std::atomic<int> calls{0};
};

IncomingEvent event(std::string key, std::string text = "/help") {
  IncomingEvent e;
  e.platform = "telegram";
  e.event_key = std::move(key);
  e.channel_id = "c1";
  e.user_id = "u1";
  e.text = std::move(text);
  e.addressed = true;
  return e;
}

class InboxProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      storage::Connection db(ambassador::testing::database(dir, "inbox.sqlite3"), 5000);
      storage::migrate(db);
      db.exec("CREATE TABLE handled (event_key TEXT NOT NULL)");
    }
    store =
        std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "inbox.sqlite3")});
    processor = std::make_unique<InboxProcessor>(*store, handler, clock, [this] { after_commit.fetch_add(1); });
  }
  void TearDown() override { store->stop(); }

  bool store_and_handle(const IncomingEvent& e) {
    bool stored = false;
    store->write_sync([&](storage::Connection& db) { stored = processor->store_and_handle(e, kNow, db); });
    return stored;
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    store->read_sync([&](storage::Connection& db) {
      auto& select = db.prepare(sql);
      select.executeStep();
      n = select.getColumn(0).getInt64();
    });
    return n;
  }

  testing::TempDir dir;
  ManualClock clock{kNow};
  RecordingHandler handler;
  std::atomic<int> after_commit{0};
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<InboxProcessor> processor;
};

TEST_F(InboxProcessorTest, AnEventIsStoredDoneWithItsEffectsInOneJob) {
  EXPECT_TRUE(store_and_handle(event("update:1")));
  EXPECT_EQ(count("SELECT count(*) FROM handled WHERE event_key = 'update:1'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE event_key = 'update:1' AND status = 'done' AND payload = ''"), 1)
      << "a handled event is kept as its key: what was typed is not stored";
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE status = 'pending'"), 0) << "no second pass needed";
  EXPECT_EQ(processor->processed(), 1u);
  processor->handled_committed();
  EXPECT_EQ(after_commit.load(), 1);
}

TEST_F(InboxProcessorTest, ARedeliveryIsNotHandledAgain) {
  EXPECT_TRUE(store_and_handle(event("update:2")));
  EXPECT_FALSE(store_and_handle(event("update:2")));
  EXPECT_EQ(handler.calls.load(), 1);
  EXPECT_EQ(count("SELECT count(*) FROM handled"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox"), 1);
}

// The failed event keeps its payload, what was typed included, for whoever looks into the failure.
TEST_F(InboxProcessorTest, AFailingHandlerLeavesNoEffectAndTheEventFailedForInspection) {
  EXPECT_TRUE(store_and_handle(event("update:3", "boom")));
  EXPECT_EQ(count("SELECT count(*) FROM handled"), 0) << "the handler's row was rolled back";
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE status = 'failed' AND error = 'the handler broke'"
                  " AND payload LIKE '%boom%'"),
            1);
  EXPECT_EQ(processor->failed(), 1u);
  // The next event is handled as usual, in the same transaction as the failed one.
  store->write_sync([&](storage::Connection& db) {
    processor->store_and_handle(event("update:4", "boom"), kNow, db);
    processor->store_and_handle(event("update:5"), kNow, db);
  });
  EXPECT_EQ(count("SELECT count(*) FROM handled"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE status = 'done'"), 1);
}

TEST_F(InboxProcessorTest, EventsLeftPendingAreDrainedByAPass) {
  store->write_sync([&](storage::Connection& db) {
    storage::InboxRepository inbox(db);
    inbox.append("telegram", "update:6", encode_event(event("update:6")), kNow);
    inbox.append("telegram", "update:7", "not json", kNow);
  });
  processor->wake();
  // Waits for what is committed, not for the counters: they move inside the pass's transaction, before its commit
  // (a window PostgreSQL's slower commit made visible).
  for (int i = 0; i < 500 && count("SELECT count(*) FROM inbox WHERE status <> 'pending'") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(count("SELECT count(*) FROM handled WHERE event_key = 'update:6'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE event_key = 'update:6' AND status = 'done'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM inbox WHERE event_key = 'update:7' AND status = 'failed'"), 1);
}

}  // namespace
}  // namespace ambassador
