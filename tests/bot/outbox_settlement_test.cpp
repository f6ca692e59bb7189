// What each platform answer does to an outbox row, checked on a real SQLite file without a dispatcher.
#include <gtest/gtest.h>

#include "bot/outbox_settlement.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

using namespace std::chrono_literals;
constexpr std::int64_t kNow = 1'800'000'000'000;

class OutboxSettlementTest : public ::testing::Test {
 protected:
  OutboxSettlementTest() : db_(ambassador::testing::database(dir_, "settle.sqlite3"), 1000) {
    storage::migrate(db_);
    storage::OutboxEntry entry;
    entry.idempotency_key = "k1";
    entry.platform = "slack";
    entry.destination = R"({"platform":"slack","workspace":"T1","channel_id":"C1"})";
    entry.message = R"({"text":"hi"})";
    entry.give_up_at_ms = kNow + 3'600'000;
    entry.created_at_ms = kNow;
    storage::OutboxRepository outbox(db_);
    outbox.enqueue(entry);
    entry_ = outbox.claim_due(kNow, 1).at(0);
    outbox.mark_sending(entry_.id, kNow);
  }

  storage::OutboxEntry row() { return storage::OutboxRepository(db_).claim_due(kNow + 86'400'000, 1).at(0); }
  std::string status() { return db_.query_text("SELECT status FROM outbox"); }

  ambassador::testing::TempDir dir_;
  storage::Connection db_;
  storage::OutboxEntry entry_;
  DispatcherStats stats_;
  OutboxSettlement settlement_{{1s, 5min}, stats_, 42};
};

TEST_F(OutboxSettlementTest, BackoffDoublesWithJitterAndIsCapped) {
  struct Case {
    int attempts;
    std::chrono::milliseconds low, high;
  };
  for (const auto& c : {Case{1, 500ms, 1s}, Case{2, 1s, 2s}, Case{4, 4s, 8s}, Case{30, 150s, 5min}}) {
    for (int i = 0; i < 50; ++i) {
      const auto wait = settlement_.backoff(c.attempts);
      EXPECT_GE(wait, c.low) << c.attempts;
      EXPECT_LE(wait, c.high) << c.attempts;
    }
  }
}

TEST_F(OutboxSettlementTest, AnUnansweredAttemptIsRescheduledAsMaybeSent) {
  SendResult unanswered{SendOutcome::retry, {}, "timeout", {}, false, {}};
  unanswered.maybe_delivered = true;
  auto outcome = settlement_.settle(entry_, unanswered, kNow);
  ASSERT_TRUE(outcome.retry_at_ms);
  outcome.record(db_);
  EXPECT_EQ(status(), "pending");
  EXPECT_TRUE(row().maybe_sent) << "looked up before it is sent again";
  EXPECT_EQ(stats_.unanswered.load(), 1u);
}

TEST_F(OutboxSettlementTest, AnAnsweredFailureIsRescheduledAsNotSent) {
  auto outcome = settlement_.settle(entry_, SendResult{SendOutcome::retry, {}, "http 502", {}, false, {}}, kNow);
  outcome.record(db_);
  EXPECT_FALSE(row().maybe_sent);
}

TEST_F(OutboxSettlementTest, ARateLimitPausesThePlatformForItsRetryAfter) {
  const auto outcome =
      settlement_.settle(entry_, SendResult{SendOutcome::rate_limited, 7s, "ratelimited", {}, false, {}}, kNow);
  EXPECT_EQ(outcome.pause_platform, 7s);
  EXPECT_EQ(outcome.retry_at_ms, kNow + 7'000);
}

TEST_F(OutboxSettlementTest, PastItsDeadlineADeliveryFailsForGood) {
  auto outcome =
      settlement_.settle(entry_, SendResult{SendOutcome::retry, {}, "http 502", {}, false, {}}, entry_.give_up_at_ms);
  EXPECT_FALSE(outcome.retry_at_ms);
  outcome.record(db_);
  EXPECT_EQ(status(), "failed");
  EXPECT_EQ(stats_.failed.load(), 1u);
}

}  // namespace
}  // namespace ambassador
