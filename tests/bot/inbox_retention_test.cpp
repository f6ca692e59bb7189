#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "bot/inbox_processor.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

class NoOpHandler final : public EventHandler {
 public:
  void handle(const IncomingEvent&, storage::Connection&) override {}
};

TEST(InboxRetention, ForgetsProcessedEventsOlderThanAWeekButKeepsRecentAndPendingOnes) {
  testing::TempDir dir;
  const auto path = dir.file("inbox.sqlite3");
  {
    storage::Connection connection(path, 1000);
    storage::migrate(connection);
  }
  storage::Store store({path});
  const std::int64_t now = 1'800'000'000'000;
  const std::int64_t eight_days = 8LL * 24 * 60 * 60 * 1000;
  store.write_sync([&](storage::Connection& db) {
    storage::InboxRepository inbox(db);
    inbox.append("local", "old-done", "{}", now - eight_days, true);
    inbox.append("local", "recent-done", "{}", now - 1000, true);
  });
  ManualClock clock(now);
  NoOpHandler handler;
  InboxProcessor processor(store, handler, clock, {});
  processor.wake();
  std::int64_t remaining = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (remaining != 1 && std::chrono::steady_clock::now() < deadline) {
    store.read_sync([&](storage::Connection& db) { remaining = storage::InboxRepository(db).count("done"); });
    if (remaining != 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(remaining, 1);
  bool recent_still_deduplicates = false;
  store.write_sync([&](storage::Connection& db) {
    recent_still_deduplicates = !storage::InboxRepository(db).append("local", "recent-done", "{}", now, true);
  });
  EXPECT_TRUE(recent_still_deduplicates);
}

}  // namespace
}  // namespace ambassador
