#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "migrated_database.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador::storage {
namespace {

OutboxEntry entry(std::string key, std::int64_t next_attempt_at_ms, std::optional<std::int64_t> post_id = {}) {
  OutboxEntry e;
  e.idempotency_key = std::move(key);
  e.platform = "local";
  e.destination = R"({"channel_id":"c"})";
  e.message = R"({"text":"hi"})";
  e.next_attempt_at_ms = next_attempt_at_ms;
  e.give_up_at_ms = next_attempt_at_ms + 60'000;
  e.post_id = post_id;
  e.created_at_ms = 1000;
  return e;
}

class OutboxRepositoryTest : public MigratedDatabase {
 protected:
  std::optional<OutboxEntry> by_key(const std::string& key, std::int64_t post_id) {
    for (auto& row : outbox_.list_for_post(post_id))
      if (row.idempotency_key == key) return row;
    return std::nullopt;
  }

  OutboxRepository outbox_{db_};
};

// What the dispatcher does on every pass (claim what is due, find when the next row is due, settle a send, recover
// after a restart) must cost the same with 200,000 deliveries waiting, for a platform that is down, say, as with
// none. SQLite's count of virtual-machine steps tells a search through an index from a scan of the table (which
// would take at least one step per row).
TEST_F(OutboxRepositoryTest, EveryPassStaysIndexBoundWith200000RowsWaiting) {
  if (ambassador::testing::on_postgres()) GTEST_SKIP() << "counts SQLite's virtual-machine steps";
  db_.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
      " INSERT INTO outbox(idempotency_key, platform, destination, message, status, next_attempt_at, give_up_at,"
      " post_id, created_at) SELECT 'waiting:' || i, 'slack', '{}', '{}', CASE WHEN i % 4 = 0 THEN 'sent' ELSE"
      " 'pending' END, 10000000 + i, 20000000 + i, 1 + i % 100, 1000 FROM n");
  for (int i = 0; i < 10; ++i) outbox_.enqueue(entry("due:" + std::to_string(i), 500 + i, 1000));
  const auto steps = [&](const std::function<void()>& work) {
    const auto before = db_.vm_steps();
    work();
    return db_.vm_steps() - before;
  };
  std::vector<OutboxEntry> claimed;
  EXPECT_LT(steps([&] { claimed = outbox_.claim_due(1000, 10); }), 2000);
  ASSERT_EQ(claimed.size(), 10U);
  EXPECT_LT(steps([&] { EXPECT_EQ(outbox_.next_due_at(), 10000001); }), 100);
  EXPECT_LT(steps([&] { EXPECT_TRUE(outbox_.mark_sending(claimed[0].id, 1000)); }), 200);
  EXPECT_LT(steps([&] { outbox_.mark_sent(claimed[0].id, "m1", 1000); }), 200);
  EXPECT_LT(steps([&] { outbox_.reschedule(claimed[1].id, 2000, "timeout"); }), 200);
  EXPECT_LT(steps([&] { outbox_.unclaim(claimed[2].id, 2000); }), 200);
  EXPECT_LT(steps([&] { EXPECT_EQ(outbox_.recover_in_flight(1000), 7); }), 2000);
  EXPECT_LT(steps([&] { EXPECT_EQ(outbox_.cancel_for_post(1000), 9); }), 2000);
}

TEST_F(OutboxRepositoryTest, EnqueueIsIdempotentPerKey) {
  EXPECT_TRUE(outbox_.enqueue(entry("reply:1", 1000)));
  auto changed = entry("reply:1", 5000);
  changed.message = R"({"text":"other"})";
  EXPECT_FALSE(outbox_.enqueue(changed));
  EXPECT_EQ(outbox_.counts().pending, 1);
  const auto claimed = outbox_.claim_due(10'000, 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].message, R"({"text":"hi"})");
  EXPECT_EQ(claimed[0].next_attempt_at_ms, 1000);
}

TEST_F(OutboxRepositoryTest, ClaimDueTakesDueRowsOldestFirstAndMarksThemClaimed) {
  outbox_.enqueue(entry("c", 300));
  outbox_.enqueue(entry("a", 100));
  outbox_.enqueue(entry("later", 500));
  outbox_.enqueue(entry("b", 200));

  const auto claimed = outbox_.claim_due(400, 10);
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(claimed[0].idempotency_key, "a");
  EXPECT_EQ(claimed[1].idempotency_key, "b");
  EXPECT_EQ(claimed[2].idempotency_key, "c");
  for (const auto& row : claimed) {
    EXPECT_EQ(row.status, "claimed");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.platform, "local");
  }
  const auto counts = outbox_.counts();
  EXPECT_EQ(counts.claimed, 3);
  EXPECT_EQ(counts.sending, 0);  // nothing is being sent yet: the rows wait for their rate-limit slot
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(count_rows("SELECT count(*) FROM outbox WHERE status = 'claimed' AND attempts = 1"), 3);
  // Claimed rows are not handed out twice.
  EXPECT_TRUE(outbox_.claim_due(400, 10).empty());
  EXPECT_EQ(outbox_.next_due_at(), 500);
}

TEST_F(OutboxRepositoryTest, ClaimDueRespectsTheLimitAndKeepsOptionalRefs) {
  auto first = entry("first", 100, 7);
  outbox_.enqueue(first);
  outbox_.enqueue(entry("second", 200));
  const auto claimed = outbox_.claim_due(1000, 1);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].idempotency_key, "first");
  EXPECT_EQ(claimed[0].post_id, 7);
  EXPECT_FALSE(claimed[0].channel_ref.has_value());
  EXPECT_FALSE(claimed[0].ambassador_id.has_value());
  EXPECT_EQ(claimed[0].give_up_at_ms, 100 + 60'000);
  EXPECT_EQ(outbox_.counts().pending, 1);
}

TEST_F(OutboxRepositoryTest, RescheduleMakesAClaimedRowPendingAgainLater) {
  outbox_.enqueue(entry("k", 100, 1));
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  outbox_.reschedule(id, 9000, "503 from platform");

  EXPECT_TRUE(outbox_.claim_due(8999, 10).empty());
  const auto row = by_key("k", 1);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->next_attempt_at_ms, 9000);
  EXPECT_EQ(row->last_error, "503 from platform");
  const auto again = outbox_.claim_due(9000, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_F(OutboxRepositoryTest, RescheduleDoesNotReviveASettledRow) {
  outbox_.enqueue(entry("k", 100, 1));
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  outbox_.mark_sent(id, "msg-1", 200);
  outbox_.reschedule(id, 300, "late retry");
  const auto row = by_key("k", 1);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "sent");
  EXPECT_EQ(row->platform_message_id, "msg-1");
  EXPECT_EQ(row->last_error, "");
}

TEST_F(OutboxRepositoryTest, MarkFailedRecordsTheError) {
  outbox_.enqueue(entry("k", 100, 1));
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  outbox_.mark_failed(id, "channel_not_found");
  const auto row = by_key("k", 1);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "failed");
  EXPECT_EQ(row->last_error, "channel_not_found");
  EXPECT_EQ(outbox_.counts().failed, 1);
  EXPECT_FALSE(outbox_.next_due_at().has_value());
}

TEST_F(OutboxRepositoryTest, MarkSendingOnlyFromClaimed) {
  outbox_.enqueue(entry("k", 100, 1));
  outbox_.enqueue(entry("cancelled", 100, 2));
  const auto claimed = outbox_.claim_due(100, 10);
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_TRUE(outbox_.mark_sending(claimed[0].id, 150));
  EXPECT_EQ(by_key("k", 1)->status, "sending");
  EXPECT_FALSE(outbox_.mark_sending(claimed[0].id, 150));  // already sending

  // A post cancelled while its delivery waited for a slot must not be sent.
  EXPECT_EQ(outbox_.cancel_for_post(2), 1);
  EXPECT_FALSE(outbox_.mark_sending(claimed[1].id, 150));
  EXPECT_EQ(by_key("cancelled", 2)->status, "cancelled");
}

// A crash can leave any attempt's message on the platform, so the lookup window starts at the first attempt.
TEST_F(OutboxRepositoryTest, SendingSinceIsTheFirstAttemptsStartElseWhenQueued) {
  outbox_.enqueue(entry("k", 100, 1));
  EXPECT_EQ(by_key("k", 1)->sending_since_ms, 1000);  // created_at
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  ASSERT_TRUE(outbox_.mark_sending(id, 2000));
  EXPECT_EQ(by_key("k", 1)->sending_since_ms, 2000);
  outbox_.reschedule(id, 2500, "timeout");
  ASSERT_EQ(outbox_.claim_due(3000, 1).size(), 1u);
  ASSERT_TRUE(outbox_.mark_sending(id, 3000));
  EXPECT_EQ(by_key("k", 1)->sending_since_ms, 2000);
}

// A delivery held back behind its conversation's retry is given back untried, never earlier than it was due.
TEST_F(OutboxRepositoryTest, UnclaimGivesAClaimedRowBackUntried) {
  outbox_.enqueue(entry("k", 100, 1));
  outbox_.enqueue(entry("sending", 100, 1));
  const auto claimed = outbox_.claim_due(100, 2);
  ASSERT_EQ(claimed.size(), 2u);
  outbox_.unclaim(claimed[0].id, 5000);
  auto row = by_key("k", 1);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->next_attempt_at_ms, 5000);
  ASSERT_EQ(outbox_.claim_due(6000, 1).size(), 1u);
  outbox_.unclaim(claimed[0].id, 50);
  EXPECT_EQ(by_key("k", 1)->next_attempt_at_ms, 5000) << "never earlier than it was due";

  ASSERT_TRUE(outbox_.mark_sending(claimed[1].id, 150));
  outbox_.unclaim(claimed[1].id, 5000);
  EXPECT_EQ(by_key("sending", 1)->status, "sending") << "a row being sent is not given back";
}

TEST_F(OutboxRepositoryTest, PostponeKeepsARowThatMayHaveLandedMarkedSo) {
  outbox_.enqueue(entry("k", 100, 1));
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  ASSERT_TRUE(outbox_.mark_sending(id, 150));
  EXPECT_EQ(outbox_.recover_in_flight(200), 1);
  ASSERT_EQ(outbox_.claim_due(300, 1).size(), 1u);
  ASSERT_TRUE(outbox_.mark_sending(id, 300));
  outbox_.postpone(id, 9000, "lookup rate-limited");
  const auto row = by_key("k", 1);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->next_attempt_at_ms, 9000);
  EXPECT_TRUE(row->maybe_sent);
  EXPECT_EQ(row->last_error, "lookup rate-limited");
}

TEST_F(OutboxRepositoryTest, RescheduleWorksFromSendingToo) {
  outbox_.enqueue(entry("k", 100, 1));
  const auto id = outbox_.claim_due(100, 1).at(0).id;
  ASSERT_TRUE(outbox_.mark_sending(id, 150));
  outbox_.reschedule(id, 5000, "timeout");
  const auto row = by_key("k", 1);
  EXPECT_EQ(row->status, "pending");
  EXPECT_EQ(row->next_attempt_at_ms, 5000);
  EXPECT_FALSE(row->maybe_sent);
}

TEST_F(OutboxRepositoryTest, RecoverInFlightMakesInterruptedRowsDueNow) {
  outbox_.enqueue(entry("claimed", 100, 1));
  outbox_.enqueue(entry("sending", 100, 1));
  outbox_.enqueue(entry("untouched", 50'000, 1));
  const auto claimed = outbox_.claim_due(100, 10);
  ASSERT_EQ(claimed.size(), 2u);
  ASSERT_TRUE(outbox_.mark_sending(by_key("sending", 1)->id, 150));
  // Simulate a row claimed while it was scheduled in the future (e.g. a clock step).
  db_.exec("UPDATE outbox SET next_attempt_at = 90000 WHERE idempotency_key = 'claimed'");

  EXPECT_EQ(outbox_.recover_in_flight(2000), 2);
  const auto was_claimed = by_key("claimed", 1);
  const auto was_sending = by_key("sending", 1);
  ASSERT_TRUE(was_claimed && was_sending);
  EXPECT_EQ(was_claimed->status, "pending");
  EXPECT_EQ(was_claimed->next_attempt_at_ms, 2000);
  EXPECT_EQ(was_claimed->last_error, "interrupted by a restart");
  EXPECT_FALSE(was_claimed->maybe_sent);  // never handed to the platform
  EXPECT_EQ(was_sending->status, "pending");
  EXPECT_EQ(was_sending->next_attempt_at_ms, 100);
  EXPECT_TRUE(was_sending->maybe_sent);  // may have landed: ask the platform before sending again
  EXPECT_EQ(by_key("untouched", 1)->next_attempt_at_ms, 50'000);
  EXPECT_EQ(outbox_.recover_in_flight(3000), 0);
  const auto counts = outbox_.counts();
  EXPECT_EQ(counts.sending, 0);
  EXPECT_EQ(counts.claimed, 0);
  EXPECT_EQ(outbox_.claim_due(2000, 10).size(), 2u);
}

TEST_F(OutboxRepositoryTest, CountsByStatusAndPerPost) {
  outbox_.enqueue(entry("p1-a", 100, 1));
  outbox_.enqueue(entry("p1-b", 100, 1));
  outbox_.enqueue(entry("p1-c", 100, 1));
  outbox_.enqueue(entry("p2-a", 100, 2));
  outbox_.enqueue(entry("no-post", 100));
  const auto a = by_key("p1-a", 1)->id;
  db_.exec("UPDATE outbox SET status = 'sending' WHERE id = " + std::to_string(a));
  outbox_.mark_sent(a, "m", 200);

  EXPECT_EQ(outbox_.cancel_for_post(1), 2);  // only the pending ones
  const auto all = outbox_.counts();
  EXPECT_EQ(all.pending, 2);
  EXPECT_EQ(all.sent, 1);
  EXPECT_EQ(all.cancelled, 2);
  EXPECT_EQ(all.sending, 0);
  EXPECT_EQ(all.failed, 0);
  const auto post1 = outbox_.counts_for_post(1);
  EXPECT_EQ(post1.sent, 1);
  EXPECT_EQ(post1.cancelled, 2);
  EXPECT_EQ(post1.pending, 0);
  EXPECT_EQ(outbox_.list_for_post(2).size(), 1u);
  EXPECT_EQ(outbox_.list_for_post(1).size(), 3u);
}

// --- redirect_channel: deliveries follow a channel to its new id --------------------------------------------------

OutboxEntry to_channel(std::string key, std::string platform, std::string destination) {
  OutboxEntry e = entry(std::move(key), 100);
  e.platform = std::move(platform);
  e.destination = std::move(destination);
  return e;
}

class OutboxRedirectTest : public OutboxRepositoryTest {
 protected:
  void set_status(const std::string& key, const std::string& status) {
    db_.exec("UPDATE outbox SET status = '" + status + "' WHERE idempotency_key = '" + key + "'");
  }
  // Parsed: PostgreSQL's JSON functions write the text with other spacing and key order, the meaning is the same.
  nlohmann::json destination_of(const std::string& key) {
    return nlohmann::json::parse(
        db_.query_text("SELECT destination FROM outbox WHERE idempotency_key = '" + key + "'"));
  }
};

TEST_F(OutboxRedirectTest, PendingAndClaimedRowsForTheOldChannelGoToTheNewOne) {
  const std::string old_group = R"({"platform":"telegram","channel_id":"-216055857"})";
  for (const char* key : {"pending", "claimed", "sending", "sent", "failed", "cancelled"})
    outbox_.enqueue(to_channel(key, "telegram", old_group));
  set_status("claimed", "claimed");
  set_status("sending", "sending");
  set_status("sent", "sent");
  set_status("failed", "failed");
  set_status("cancelled", "cancelled");
  outbox_.enqueue(to_channel("ephemeral", "telegram",
                             R"({"platform":"telegram","channel_id":"-216055857","user_id":"42","ephemeral":true})"));
  outbox_.enqueue(to_channel("other-group", "telegram", R"({"platform":"telegram","channel_id":"-2160558570"})"));
  outbox_.enqueue(to_channel("other-platform", "slack", R"({"platform":"slack","channel_id":"-216055857"})"));
  outbox_.enqueue(to_channel("other-workspace", "telegram",
                             R"({"platform":"telegram","workspace":"W1","channel_id":"-216055857"})"));

  EXPECT_EQ(outbox_.redirect_channel("telegram", "", "-216055857", "-1001113717682"), 3);

  const std::string new_group = R"({"platform":"telegram","channel_id":"-1001113717682"})";
  EXPECT_EQ(destination_of("pending"), nlohmann::json::parse(new_group));
  EXPECT_EQ(destination_of("claimed"), nlohmann::json::parse(new_group));
  EXPECT_EQ(destination_of("ephemeral"),
            nlohmann::json::parse(
                R"({"platform":"telegram","channel_id":"-1001113717682","user_id":"42","ephemeral":true})"));
  // What was sent, is being sent, or will never be sent stays a record of where it went.
  for (const char* key : {"sending", "sent", "failed", "cancelled"})
    EXPECT_EQ(destination_of(key), nlohmann::json::parse(old_group)) << key;
  EXPECT_EQ(destination_of("other-group"),
            nlohmann::json::parse(R"({"platform":"telegram","channel_id":"-2160558570"})"));
  EXPECT_EQ(destination_of("other-platform"),
            nlohmann::json::parse(R"({"platform":"slack","channel_id":"-216055857"})"));
  EXPECT_EQ(destination_of("other-workspace"),
            nlohmann::json::parse(R"({"platform":"telegram","workspace":"W1","channel_id":"-216055857"})"));
  EXPECT_EQ(outbox_.redirect_channel("telegram", "", "-216055857", "-1001113717682"), 0);  // nothing left to move
}

// The conversation's lane moves with it: one instance holds the new id's lane, as for rows queued after the move.
TEST_F(OutboxRedirectTest, TheLaneOfAMovedDeliveryIsTheNewChannels) {
  auto group = to_channel("group", "telegram", R"({"platform":"telegram","channel_id":"-216055857"})");
  group.lane = "telegram//-216055857";
  outbox_.enqueue(group);
  auto personal = to_channel("personal", "telegram",
                             R"({"platform":"telegram","channel_id":"-216055857","user_id":"42","ephemeral":true})");
  personal.lane = "telegram//user:42";
  outbox_.enqueue(personal);
  ASSERT_EQ(outbox_.redirect_channel("telegram", "", "-216055857", "-1001113717682"), 2);
  EXPECT_EQ(db_.query_text("SELECT lane FROM outbox WHERE idempotency_key = 'group'"), "telegram//-1001113717682");
  EXPECT_EQ(db_.query_text("SELECT lane FROM outbox WHERE idempotency_key = 'personal'"), "telegram//user:42");
}

TEST_F(OutboxRedirectTest, TheWorkspaceMustMatchWhenThePlatformHasOne) {
  outbox_.enqueue(to_channel("w1", "slack", R"({"platform":"slack","workspace":"W1","channel_id":"C1"})"));
  EXPECT_EQ(outbox_.redirect_channel("slack", "W2", "C1", "C2"), 0);
  EXPECT_EQ(outbox_.redirect_channel("slack", "W1", "C1", "C2"), 1);
  EXPECT_EQ(destination_of("w1"), nlohmann::json::parse(R"({"platform":"slack","workspace":"W1","channel_id":"C2"})"));
}

}  // namespace
}  // namespace ambassador::storage
