// Several instances on one database: claims by instance, takeover after a stale heartbeat, one sender per lane.
// The takeover rules run on both backends; claims racing in two transactions need PostgreSQL (an SQLite file has one
// writer, and serves one instance).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <string>
#include <thread>

#include "migrated_database.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/instance_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/transaction.hpp"

namespace ambassador::storage {
namespace {

constexpr std::int64_t kLeaseMs = 15'000;

OutboxEntry delivery(const std::string& key, const std::string& lane) {
  OutboxEntry e;
  e.idempotency_key = key;
  e.platform = "slack";
  e.destination = R"({"channel_id":"c"})";
  e.message = R"({"text":"hi"})";
  e.next_attempt_at_ms = 1'000;
  e.give_up_at_ms = 100'000'000;
  e.created_at_ms = 1'000;
  e.lane = lane;
  return e;
}

std::set<std::string> keys(const std::vector<OutboxEntry>& rows) {
  std::set<std::string> found;
  for (const auto& row : rows) found.insert(row.idempotency_key);
  return found;
}

class OutboxInstancesTest : public MigratedDatabase {
 protected:
  Claimant instance(const std::string& id, std::int64_t now_ms) { return {id, now_ms - kLeaseMs}; }
  void beat(const std::string& id, std::int64_t now_ms) { InstanceRepository(db_).beat(id, now_ms); }
  std::string status_of(const std::string& key) {
    auto& select = db_.prepare(
        "SELECT status || '/' || maybe_sent || '/' || coalesce(claimed_by, '-') FROM outbox"
        " WHERE idempotency_key = ?");
    select.bind(1, key);
    select.executeStep();
    auto status = select.getColumn(0).getString();
    select.reset();
    return status;
  }

  OutboxRepository outbox_{db_};
};

TEST_F(OutboxInstancesTest, OnlyTheClaimsOfAnInstanceSilentForALeaseAreTakenOver) {
  beat("a", 2'000);
  beat("b", 2'000);
  outbox_.enqueue(delivery("to-a", "slack/T/c1"));
  outbox_.enqueue(delivery("to-b", "slack/T/c2"));
  const auto a = outbox_.claim_due(2'000, 1, instance("a", 2'000));
  const auto b = outbox_.claim_due(2'000, 1, instance("b", 2'000));
  ASSERT_EQ(keys(a), std::set<std::string>{"to-a"});
  ASSERT_EQ(keys(b), std::set<std::string>{"to-b"});
  ASSERT_TRUE(outbox_.mark_sending(b[0].id, 2'000, "b"));

  // b's heartbeat stops at 2 s; at 17 s (a lease later) a has beaten since, b has not.
  beat("a", 10'000);
  EXPECT_EQ(outbox_.recover_in_flight(16'999, 16'999 - kLeaseMs), 0);
  EXPECT_EQ(outbox_.recover_in_flight(17'001, 17'001 - kLeaseMs), 1);
  EXPECT_EQ(status_of("to-a"), "claimed/0/a");
  EXPECT_EQ(status_of("to-b"), "pending/1/-");  // it was being sent: looked up before it goes again
}

TEST_F(OutboxInstancesTest, ARowTakenOverIsNotSentByItsFormerClaimant) {
  beat("a", 2'000);
  outbox_.enqueue(delivery("slow", "slack/T/c1"));
  const auto claimed = outbox_.claim_due(2'000, 1, instance("a", 2'000));
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_EQ(outbox_.recover_in_flight(30'000, 30'000 - kLeaseMs), 1);  // a's heartbeat was late
  beat("b", 30'000);
  ASSERT_EQ(outbox_.claim_due(30'000, 1, instance("b", 30'000)).size(), 1u);
  EXPECT_FALSE(outbox_.mark_sending(claimed[0].id, 30'001, "a"));
  EXPECT_TRUE(outbox_.mark_sending(claimed[0].id, 30'001, "b"));
}

TEST_F(OutboxInstancesTest, AClaimedRowThatMayHaveLandedKeepsThatMarkWhenTakenOver) {
  outbox_.enqueue(delivery("once-interrupted", "slack/T/c1"));
  auto claimed = outbox_.claim_due(2'000, 1);
  ASSERT_TRUE(outbox_.mark_sending(claimed[0].id, 2'000));
  ASSERT_EQ(outbox_.recover_in_flight(3'000), 1);  // maybe sent
  claimed = outbox_.claim_due(3'000, 1);           // claimed again for its lookup, and interrupted again
  ASSERT_EQ(outbox_.recover_in_flight(4'000), 1);
  EXPECT_EQ(status_of("once-interrupted"), "pending/1/-");
}

TEST_F(OutboxInstancesTest, LeavingFreesTheLanesAndMakesTheClaimsTakeable) {
  beat("a", 2'000);
  beat("b", 2'000);
  db_.exec("INSERT INTO outbox_lanes(lane, instance_id) VALUES ('slack/T/c1', 'a'), ('slack/T/c2', 'b')");
  outbox_.enqueue(delivery("held-by-a", "slack/T/c1"));
  ASSERT_EQ(outbox_.claim_due(2'000, 1, instance("a", 2'000)).size(), 1u);
  InstanceRepository instances(db_);
  EXPECT_EQ(instances.live(2'000 - kLeaseMs), 2);
  instances.leave("a");
  EXPECT_EQ(instances.live(2'000 - kLeaseMs), 1);
  EXPECT_EQ(count_rows("SELECT count(*) FROM outbox_lanes WHERE instance_id = 'a'"), 0);
  // Within a's lease, what it held is taken over: it has signed off.
  EXPECT_EQ(outbox_.recover_in_flight(2'001, 2'001 - kLeaseMs), 1);
  instances.forget_others("b");
  EXPECT_EQ(count_rows("SELECT count(*) FROM instances"), 1);
}

TEST_F(OutboxInstancesTest, ADeadInstancesLanesAreFreedAndItIsForgottenAfterADay) {
  beat("gone-for-a-day", 1'000);
  beat("just-stopped", 89'985'000);
  beat("alive", 90'010'000);
  db_.exec(
      "INSERT INTO outbox_lanes(lane, instance_id) VALUES ('a', 'gone-for-a-day'), ('b', 'just-stopped'),"
      " ('c', 'alive')");
  InstanceRepository(db_).forget_dead(90'010'000 - kLeaseMs);  // just-stopped beat 25 s ago: dead, not yet forgotten
  EXPECT_EQ(count_rows("SELECT count(*) FROM outbox_lanes"), 1);
  EXPECT_EQ(db_.query_text("SELECT lane FROM outbox_lanes"), "c");
  EXPECT_EQ(count_rows("SELECT count(*) FROM instances"), 2);
  EXPECT_EQ(count_rows("SELECT count(*) FROM instances WHERE id = 'gone-for-a-day'"), 0);
}

class SharedOutboxTest : public OutboxInstancesTest {
 protected:
  void SetUp() override {
    if (!ambassador::testing::on_postgres()) GTEST_SKIP() << "claims racing in two transactions need PostgreSQL";
  }
  // Instances a and b beat at 2 s; conversation c1 has two deliveries due, c2 one.
  void two_instances_two_conversations() {
    beat("a", 2'000);
    beat("b", 2'000);
    outbox_.enqueue(delivery("c1-first", "slack/T/c1"));
    outbox_.enqueue(delivery("c1-second", "slack/T/c1"));
    outbox_.enqueue(delivery("c2-first", "slack/T/c2"));
  }

  Connection second_{path_, 5000};
};

TEST_F(SharedOutboxTest, ALaneHeldByALiveInstanceIsLeftToIt) {
  two_instances_two_conversations();
  ASSERT_EQ(keys(outbox_.claim_due(2'000, 1, instance("a", 2'000))), std::set<std::string>{"c1-first"});
  // The next row of c1 is due too, but a sends to c1 until it stops.
  OutboxRepository from_b(second_);
  EXPECT_EQ(keys(from_b.claim_due(2'000, 10, instance("b", 2'000))), std::set<std::string>{"c2-first"});
  // a's heartbeat goes stale: its lane is b's now, and so is what it had claimed.
  beat("b", 20'000);
  ASSERT_EQ(from_b.recover_in_flight(20'000, 20'000 - kLeaseMs), 1);
  EXPECT_EQ(keys(from_b.claim_due(20'000, 10, instance("b", 20'000))),
            (std::set<std::string>{"c1-first", "c1-second"}));
}

TEST_F(SharedOutboxTest, TwoInstancesClaimingAtOnceNeverShareALane) {
  two_instances_two_conversations();
  Transaction a_claims(db_);
  ASSERT_EQ(keys(outbox_.claim_due(2'000, 1, instance("a", 2'000))), std::set<std::string>{"c1-first"});
  // b's claim runs before a's commits: it skips the row a holds, sees c1 unowned, and waits for a's lane.
  auto b_claimed = std::async(std::launch::async, [this] {
    Transaction b_claims(second_);
    auto rows = OutboxRepository(second_).claim_due(2'000, 10, instance("b", 2'000));
    b_claims.commit();
    return keys(rows);
  });
  EXPECT_EQ(b_claimed.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  a_claims.commit();
  EXPECT_EQ(b_claimed.get(), std::set<std::string>{"c2-first"});
  EXPECT_EQ(status_of("c1-second"), "pending/0/-");
}

TEST_F(SharedOutboxTest, AnEventAnotherInstanceIsHandlingIsSkipped) {
  InboxRepository inbox(db_);
  ASSERT_TRUE(inbox.append("slack", "Ev1", "{}", 1'000));
  ASSERT_TRUE(inbox.append("slack", "Ev2", "{}", 1'000));
  Transaction first_pass(db_);
  ASSERT_EQ(inbox.pending(1).size(), 1u);
  Transaction second_pass(second_);
  const auto other = InboxRepository(second_).pending(10);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].event_key, "Ev2");
}

}  // namespace
}  // namespace ambassador::storage
