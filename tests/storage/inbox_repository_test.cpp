#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/inbox_repository.hpp"

namespace ambassador::storage {
namespace {

class InboxRepositoryTest : public MigratedDatabase {
 protected:
  InboxRepository inbox_{db_};
};

TEST_F(InboxRepositoryTest, SecondAppendOfTheSameKeyIsADuplicate) {
  EXPECT_TRUE(inbox_.append("local", "id:1", R"({"text":"/join"})", 1000));
  EXPECT_FALSE(inbox_.append("local", "id:1", R"({"text":"something else"})", 2000));
  EXPECT_EQ(inbox_.count("pending"), 1);
  const auto pending = inbox_.pending(10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].payload, R"({"text":"/join"})");  // the first copy wins
}

TEST_F(InboxRepositoryTest, SameKeyOnAnotherPlatformIsAnotherEvent) {
  EXPECT_TRUE(inbox_.append("local", "42", "{}", 1000));
  EXPECT_TRUE(inbox_.append("slack", "42", "{}", 1000));
  EXPECT_EQ(inbox_.count_for_platform("local"), 1);
  EXPECT_EQ(inbox_.count_for_platform("slack"), 1);
  EXPECT_EQ(inbox_.count_for_platform("telegram"), 0);
}

TEST_F(InboxRepositoryTest, PendingListsOldestFirstUpToTheLimit) {
  for (const char* key : {"a", "b", "c"}) inbox_.append("local", key, key, 1000);
  const auto first_two = inbox_.pending(2);
  ASSERT_EQ(first_two.size(), 2u);
  EXPECT_EQ(first_two[0].event_key, "a");
  EXPECT_EQ(first_two[1].event_key, "b");
  EXPECT_EQ(first_two[0].platform, "local");
  EXPECT_LT(first_two[0].id, first_two[1].id);
  EXPECT_EQ(inbox_.pending(10).size(), 3u);
}

TEST_F(InboxRepositoryTest, MarkDoneAndMarkFailedLeaveThePendingList) {
  inbox_.append("local", "a", "{}", 1000);
  inbox_.append("local", "b", "{}", 1000);
  inbox_.append("local", "c", "{}", 1000);
  const auto pending = inbox_.pending(10);
  inbox_.mark_done(pending[0].id, 2000);
  inbox_.mark_failed(pending[1].id, "handler threw", 2000);

  const auto left = inbox_.pending(10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_key, "c");
  EXPECT_EQ(inbox_.count("pending"), 1);
  EXPECT_EQ(inbox_.count("done"), 1);
  EXPECT_EQ(inbox_.count("failed"), 1);
  EXPECT_EQ(db_.query_text("SELECT error || '@' || processed_at FROM inbox WHERE event_key = 'b'"),
            "handler threw@2000");
  // A processed event still deduplicates.
  EXPECT_FALSE(inbox_.append("local", "a", "{}", 3000));
}

TEST_F(InboxRepositoryTest, PurgeForgetsOnlyOldProcessedEvents) {
  inbox_.append("local", "old-done", "{}", 1000);
  inbox_.append("local", "old-failed", "{}", 1000);
  inbox_.append("local", "old-pending", "{}", 1000);
  inbox_.append("local", "new-done", "{}", 5000);
  for (const auto& record : inbox_.pending(10)) {
    if (record.event_key == "old-done" || record.event_key == "new-done") inbox_.mark_done(record.id, 6000);
    if (record.event_key == "old-failed") inbox_.mark_failed(record.id, "x", 6000);
  }

  EXPECT_EQ(inbox_.purge_processed_before(2000, 10), 2);
  EXPECT_EQ(count_rows("SELECT count(*) FROM inbox"), 2);
  EXPECT_EQ(inbox_.count("pending"), 1);  // unprocessed events are never purged, however old
  EXPECT_EQ(inbox_.count("done"), 1);
  // A purged key no longer deduplicates; a kept one still does.
  EXPECT_TRUE(inbox_.append("local", "old-done", "{}", 7000));
  EXPECT_FALSE(inbox_.append("local", "new-done", "{}", 7000));
}

}  // namespace
}  // namespace ambassador::storage
