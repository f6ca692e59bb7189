// The dispatcher keeps one conversation's messages in order: answers to quick successive commands must not
// overtake each other, however the platform's calls interleave. Other conversations are not held up meanwhile.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/outbox_dispatcher.hpp"
#include "bot/outbox_writer.hpp"
#include "storage/instance_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador {
namespace {

using namespace std::chrono_literals;

// Answers only when the test says so, like a platform whose calls are slow.
class HeldSender final : public ChatSender {
 public:
  std::string_view platform() const override { return "local"; }

  void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(to.channel_id + ":" + message.text);
    held_.push_back(std::move(done));
    changed_.notify_all();
  }

  // Answers reconcile() with these, in turn (then "no"); each lookup is recorded as "lookup:<channel>".
  void answer_lookups_with(std::vector<Landed> answers) {
    std::lock_guard lock(mutex_);
    lookups_ = std::move(answers);
  }

  void reconcile(const Destination& to, std::int64_t, std::function<void(Landed, std::string)> done) override {
    Landed landed = Landed::no;
    {
      std::lock_guard lock(mutex_);
      sent_.push_back("lookup:" + to.channel_id);
      held_.emplace_back();  // answered here: keeps held_ indexed like sent_
      if (!lookups_.empty()) {
        landed = lookups_.front();
        lookups_.erase(lookups_.begin());
      }
      changed_.notify_all();
    }
    done(landed, {});
  }

  // Waits until `count` sends were made; returns what was sent so far.
  std::vector<std::string> wait_for(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 10s, [&] { return sent_.size() >= count; });
    return sent_;
  }

  std::vector<std::string> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }

  void answer(std::size_t index, SendResult result = SendResult::ok()) {
    std::function<void(SendResult)> done;
    {
      std::lock_guard lock(mutex_);
      done = std::move(held_.at(index));
    }
    done(std::move(result));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> sent_;
  std::vector<std::function<void(SendResult)>> held_;
  std::vector<Landed> lookups_;
};

class OutboxOrder : public ::testing::Test {
 protected:
  OutboxOrder() {
    storage::Connection connection(ambassador::testing::database(dir_, "outbox.sqlite3"), 1000);
    storage::migrate(connection);
  }

  ~OutboxOrder() override {
    work_.reset();
    io_.stop();
    if (loop_.joinable()) loop_.join();
  }

  void queue(const std::string& key, const std::string& channel, const std::string& text) {
    store_.write_sync([&](storage::Connection& db) {
      const config::DeliveryConfig delivery;
      OutboxWriter(db, *clock_, delivery).queue(key, Destination{"local", "", channel}, OutgoingMessage{{}, text});
    });
  }

  std::string status_of(const std::string& key) {
    std::string status;
    store_.read_sync([&](storage::Connection& db) {
      auto& select = db.prepare("SELECT status FROM outbox WHERE idempotency_key = ?");
      select.bind(1, key);
      if (select.executeStep()) status = select.getColumn(0).getString();
    });
    return status;
  }

  // Waits (up to 10 s) until the row with `key` has `status`.
  bool wait_for_status(const std::string& key, const std::string& status) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (status_of(key) != status && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return status_of(key) == status;
  }

  // Every update that would set an outbox row's status to `status` fails, as on a full disk.
  void fail_updates_to(const std::string& status) {
    store_.write_sync([&](storage::Connection& db) {
      if (db.backend() == storage::Backend::postgres) {
        db.exec(
            "CREATE FUNCTION fail_outbox_update() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;"
            " CREATE TRIGGER fail_outbox_update BEFORE UPDATE OF status ON outbox FOR EACH ROW WHEN (NEW.status = '" +
            status + "') EXECUTE FUNCTION fail_outbox_update()");
      } else {
        db.exec("CREATE TRIGGER fail_outbox_update BEFORE UPDATE OF status ON outbox WHEN NEW.status = '" + status +
                "' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");
      }
    });
  }
  void stop_failing_updates() {
    store_.write_sync([](storage::Connection& db) {
      db.exec(db.backend() == storage::Backend::postgres
                  ? "DROP TRIGGER fail_outbox_update ON outbox; DROP FUNCTION fail_outbox_update()"
                  : "DROP TRIGGER fail_outbox_update");
    });
  }

  static bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return done();
  }

  void start(std::chrono::milliseconds first_backoff = 300ms) {
    DispatcherOptions options;
    options.first_write_retry = 20ms;
    options.first_backoff = first_backoff;  // a retry comes back after half of it to all of it
    dispatcher_ = std::make_unique<OutboxDispatcher>(io_, store_, *clock_, options);
    dispatcher_->add_platform(sender_, RatePolicy{{1000, 1000}, {{1000, 1000}}});  // the limiter orders nothing here
    dispatcher_->start();
    loop_ = std::thread([this] { io_.run(); });
  }

  // Declared so that the store (whose completions post to the loop) goes before the io_context.
  testing::TempDir dir_;
  boost::asio::io_context io_;
  storage::Store store_{{ambassador::testing::database(dir_, "outbox.sqlite3")}};
  SystemClock system_clock_;
  ManualClock manual_clock_{1'800'000'000'000};
  const Clock* clock_ = &system_clock_;
  HeldSender sender_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  std::thread loop_;
};

TEST_F(OutboxOrder, TheNextMessageToAConversationWaitsForThePlatformsAnswerToThePreviousOne) {
  queue("a1", "C1", "first");
  queue("a2", "C1", "second");
  queue("b1", "C2", "other channel");
  start();

  EXPECT_EQ(sender_.wait_for(2), (std::vector<std::string>{"C1:first", "C2:other channel"}));
  std::this_thread::sleep_for(200ms);  // time enough for "second" to overtake, were it allowed to
  EXPECT_EQ(sender_.sent().size(), 2u) << "the second message to C1 went out before the first was answered";

  sender_.answer(0);
  EXPECT_EQ(sender_.wait_for(3), (std::vector<std::string>{"C1:first", "C2:other channel", "C1:second"}));
  sender_.answer(1);
  sender_.answer(2);
}

// A message that must be tried again (a 5xx, a 429) holds its conversation: what waits behind it, and what is queued
// meanwhile, goes out after it.
TEST_F(OutboxOrder, AMessageToBeRetriedKeepsItsPlaceInTheConversation) {
  queue("a1", "C1", "first");
  queue("a2", "C1", "second");
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  sender_.answer(0, SendResult{SendOutcome::retry, {}, "http 502", {}, false, {}});
  queue("a3", "C1", "third");
  dispatcher_->wake();

  EXPECT_EQ(sender_.wait_for(2), (std::vector<std::string>{"C1:first", "C1:first"})) << "the retry goes first";
  sender_.answer(1);
  EXPECT_EQ(sender_.wait_for(3).back(), "C1:second");
  sender_.answer(2);
  EXPECT_EQ(sender_.wait_for(4), (std::vector<std::string>{"C1:first", "C1:first", "C1:second", "C1:third"}));
  sender_.answer(3);
}

// After a crash, a delivery that may have landed is looked up first; when the platform cannot answer the lookup
// now, it is asked again later instead of the delivery being sent again at once.
TEST_F(OutboxOrder, ALookupThatCannotBeAnsweredNowIsAskedAgainLater) {
  queue("a1", "C1", "first");
  store_.write_sync([](storage::Connection& db) { db.exec("UPDATE outbox SET status = 'sending'"); });  // the crash
  sender_.answer_lookups_with({ChatSender::Landed::later});
  start();

  EXPECT_EQ(sender_.wait_for(3), (std::vector<std::string>{"lookup:C1", "lookup:C1", "C1:first"}));
  sender_.answer(2);
}

// The hold lasts until the retried message is claimed again, not just until its retry time: a message queued during
// the hold but claimed only after that time (a slow machine, a late poll) still goes behind it. Time is the test's.
TEST_F(OutboxOrder, AMessageQueuedDuringAHoldStaysBehindWhenClaimedLate) {
  clock_ = &manual_clock_;
  queue("a1", "C1", "first");
  queue("a2", "C1", "second");
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  sender_.answer(0, SendResult{SendOutcome::retry, {}, "http 502", {}, false, {}});
  ASSERT_TRUE(wait_for_status("a1", "pending"));
  ASSERT_TRUE(wait_for_status("a2", "pending"));

  queue("a3", "C1", "third");                      // due now, before the retry
  manual_clock_.advance(std::chrono::minutes(1));  // past the retry time: a3, a1 and a2 are claimed together
  dispatcher_->wake();
  EXPECT_EQ(sender_.wait_for(2), (std::vector<std::string>{"C1:first", "C1:first"})) << "the retry goes first";
  sender_.answer(1);
  EXPECT_EQ(sender_.wait_for(3).back(), "C1:second");
  sender_.answer(2);

  ASSERT_TRUE(wait_for_status("a3", "pending"));  // held back a little, since it was claimed while the lane was held
  manual_clock_.advance(std::chrono::seconds(2));
  dispatcher_->wake();
  EXPECT_EQ(sender_.wait_for(4), (std::vector<std::string>{"C1:first", "C1:first", "C1:second", "C1:third"}));
  sender_.answer(3);
}

// The platform took the request but its answer was lost (a timeout, a reset): the delivery may have landed, so it is
// looked up before it is sent again, exactly as after a crash.
TEST_F(OutboxOrder, AnUnansweredAttemptIsLookedUpBeforeItIsSentAgain) {
  queue("a1", "C1", "first");
  sender_.answer_lookups_with({ChatSender::Landed::yes});
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  SendResult unanswered{SendOutcome::retry, {}, "read: timeout", {}, false, {}};
  unanswered.maybe_delivered = true;
  sender_.answer(0, unanswered);

  ASSERT_TRUE(wait_for_status("a1", "sent"));
  EXPECT_EQ(sender_.sent(), (std::vector<std::string>{"C1:first", "lookup:C1"})) << "found, so not sent again";
  EXPECT_EQ(dispatcher_->stats().unanswered.load(), 1u);
}

// A platform that cannot be asked (Telegram) gets the delivery again, and the possible duplicate is counted.
TEST_F(OutboxOrder, AnUnansweredAttemptThatCannotBeLookedUpIsSentAgainAndCounted) {
  queue("a1", "C1", "first");
  sender_.answer_lookups_with({ChatSender::Landed::unknown});
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  SendResult unanswered{SendOutcome::retry, {}, "read: connection reset", {}, false, {}};
  unanswered.maybe_delivered = true;
  sender_.answer(0, unanswered);

  EXPECT_EQ(sender_.wait_for(3), (std::vector<std::string>{"C1:first", "lookup:C1", "C1:first"}));
  sender_.answer(2);
  ASSERT_TRUE(wait_for_status("a1", "sent"));
  EXPECT_EQ(dispatcher_->stats().resent_unconfirmed.load(), 1u);
}

// A plain failure with an answer (a 502) is not looked up: nothing can have landed.
TEST_F(OutboxOrder, AnAnsweredFailureIsSentAgainWithoutALookup) {
  queue("a1", "C1", "first");
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  sender_.answer(0, SendResult{SendOutcome::retry, {}, "http 502", {}, false, {}});
  EXPECT_EQ(sender_.wait_for(2), (std::vector<std::string>{"C1:first", "C1:first"}));
  sender_.answer(1);
  ASSERT_TRUE(wait_for_status("a1", "sent"));
}

// The outcome's write fails (the disk is full, say): it is written again until it is committed, without a restart
// and without sending the message a second time.
TEST_F(OutboxOrder, AFailedWriteOfTheOutcomeIsTriedAgainWithoutSendingAgain) {
  queue("a1", "C1", "first");
  fail_updates_to("sent");
  start();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  sender_.answer(0);
  ASSERT_TRUE(eventually([&] { return dispatcher_->stats().write_retries.load() >= 2; }));
  EXPECT_EQ(status_of("a1"), "sending");

  stop_failing_updates();
  ASSERT_TRUE(wait_for_status("a1", "sent"));
  EXPECT_EQ(sender_.sent(), (std::vector<std::string>{"C1:first"}));
}

// Marking the row 'sending' fails: nothing is sent until that is committed, then it is sent once.
TEST_F(OutboxOrder, AFailedWriteBeforeSendingHoldsTheSendUntilItIsCommitted) {
  queue("a1", "C1", "first");
  fail_updates_to("sending");
  start();
  ASSERT_TRUE(eventually([&] { return dispatcher_->stats().write_retries.load() >= 2; }));
  EXPECT_TRUE(sender_.sent().empty());

  stop_failing_updates();
  EXPECT_EQ(sender_.wait_for(1), (std::vector<std::string>{"C1:first"}));
  sender_.answer(0);
  ASSERT_TRUE(wait_for_status("a1", "sent"));
  EXPECT_EQ(sender_.sent().size(), 1u);
}

// A platform that cannot be reached costs one attempt per pause, not one per queued message: after the first
// failure the others wait, one probe goes when the pause ends, and its answer lets the rest go.
TEST_F(OutboxOrder, AnUnreachablePlatformIsProbedByOneMessageNotTriedByEach) {
  constexpr std::size_t kChannels = 10;
  for (std::size_t i = 0; i < kChannels; ++i) queue("k" + std::to_string(i), "C" + std::to_string(i), "hello");
  start(1s);
  ASSERT_EQ(sender_.wait_for(kChannels).size(), kChannels);  // different conversations: all went at once
  SendResult refused{SendOutcome::retry, {}, "connection refused", {}, false, {}};
  refused.unreachable = true;
  for (std::size_t i = 0; i < kChannels; ++i) sender_.answer(i, refused);
  EXPECT_TRUE(eventually([&] { return dispatcher_->stats().platform_pauses.load() == 1; }))
      << "the failures of sends made before the pause do not lengthen it";

  ASSERT_EQ(sender_.wait_for(kChannels + 1).size(), kChannels + 1) << "one probe when the pause ends";
  std::this_thread::sleep_for(300ms);  // the retries are due meanwhile, and must wait for the probe's answer
  EXPECT_EQ(sender_.sent().size(), kChannels + 1);

  sender_.answer(kChannels);  // the probe got through
  EXPECT_EQ(sender_.wait_for(2 * kChannels).size(), 2 * kChannels);
  for (std::size_t i = kChannels + 1; i < 2 * kChannels; ++i) sender_.answer(i);
  EXPECT_EQ(dispatcher_->stats().platform_pauses.load(), 1U);
}

// A due delivery whose conversation another live instance holds is left to it: this instance looks again at its
// poll, not in a loop (the row stays due, so "the next due instant" is always now).
TEST_F(OutboxOrder, ADeliveryAnotherInstanceHoldsIsLeftToItWithoutSpinning) {
  if (!testing::on_postgres()) GTEST_SKIP() << "an SQLite file serves one instance";
  queue("theirs", "c1", "for the other instance");
  store_.write_sync([](storage::Connection& db) {
    storage::InstanceRepository(db).beat("other", SystemClock().now_ms() + 60'000);  // alive throughout
    db.exec("INSERT INTO outbox_lanes(lane, instance_id) VALUES ('local//c1', 'other')");
  });
  start();
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(sender_.sent().empty());
  EXPECT_EQ(status_of("theirs"), "pending");
  EXPECT_LE(dispatcher_->stats().claim_passes.load(), 4u);  // the first, then once a second
}

// Two live instances share a platform's overall rate: this one sends at half of it. (The three-instance test cannot
// tell: its answers come no faster than its events are taken in.)
TEST_F(OutboxOrder, TheOverallRateIsSharedWithTheOtherLiveInstances) {
  if (!testing::on_postgres()) GTEST_SKIP() << "an SQLite file serves one instance";
  for (int i = 0; i < 11; ++i) queue("spread-" + std::to_string(i), "c" + std::to_string(i), "hello");
  store_.write_sync(
      [](storage::Connection& db) { storage::InstanceRepository(db).beat("other", SystemClock().now_ms() + 60'000); });
  dispatcher_ = std::make_unique<OutboxDispatcher>(io_, store_, *clock_, DispatcherOptions{});
  dispatcher_->add_platform(sender_, RatePolicy{{20, 1}, {{1000, 1000}}});  // 20/s overall, shared: 10/s each
  dispatcher_->start();  // its first heartbeat counts the instances before its first claim is scheduled
  loop_ = std::thread([this] { io_.run(); });
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(sender_.wait_for(11).size(), 11u);
  // Ten intervals at 10/s; at the whole 20/s they would take half a second.
  EXPECT_GE(std::chrono::steady_clock::now() - started, 900ms);
}

}  // namespace
}  // namespace ambassador
