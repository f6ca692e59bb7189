#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/directory_repository.hpp"
#include "storage/inbox_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/store.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr auto kDeadline = std::chrono::seconds(10);

// Holds the writer thread inside one job until released, so the jobs queued meanwhile form one batch.
class WriterGate {
 public:
  explicit WriterGate(Store& store) {
    // The job keeps its own handle on the release signal: the gate may be gone when it wakes up.
    store.write([entered = &entered_, released = release_future_](Connection&) {
      entered->set_value();
      released.wait();
    });
    if (entered_.get_future().wait_for(kDeadline) != std::future_status::ready)
      throw std::runtime_error("the writer never started the gate job");
  }
  ~WriterGate() { open(); }
  void open() {
    if (!opened_.exchange(true)) release_.set_value();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> release_future_{release_.get_future().share()};
  std::atomic<bool> opened_{false};
};

class StoreTest : public ::testing::Test {
 protected:
  StoreTest() {
    write_path_ = dir_.file("store.sqlite3");
    Connection setup(write_path_, 1000);
    setup.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
  }

  StoreOptions options() const { return StoreOptions{write_path_, 1000}; }

  static void insert(Connection& db, const std::string& value) {
    auto& statement = db.prepare("INSERT INTO items(value) VALUES (?)");
    statement.bind(1, value);
    statement.exec();
  }

  static std::vector<std::string> values(Connection& db) {
    auto& select = db.prepare("SELECT value FROM items ORDER BY id");
    std::vector<std::string> result;
    while (select.executeStep()) result.push_back(select.getColumn(0).getString());
    return result;
  }

  std::vector<std::string> values_on_disk() {
    Connection db(write_path_, 1000, Connection::Mode::read_only);
    return values(db);
  }

  ambassador::testing::TempDir dir_;
  std::string write_path_;
};

TEST_F(StoreTest, WriteThenReadBack) {
  Store store(options());
  store.write_sync([](Connection& db) { insert(db, "hello"); });
  std::vector<std::string> seen;
  store.read_sync([&seen](Connection& db) { seen = values(db); });
  EXPECT_THAT(seen, ElementsAre("hello"));
}

TEST_F(StoreTest, AsyncWriteReportsSuccessAfterCommit) {
  Store store(options());
  std::promise<std::exception_ptr> done;
  store.write([](Connection& db) { insert(db, "async"); },
              [&done](std::exception_ptr error) { done.set_value(error); });
  auto result = done.get_future();
  ASSERT_EQ(result.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(result.get(), nullptr);
  // Committed, so another connection sees it.
  EXPECT_THAT(values_on_disk(), ElementsAre("async"));
}

// Each read must see every write committed before it was queued, whatever the reader ran before: a
// single-row read that leaves its statement on the row must not pin the reader to an old snapshot.
TEST_F(StoreTest, ReadsSeeWritesCommittedBeforeThem) {
  {
    Connection setup(write_path_, 1000);
    migrate(setup);
    DirectoryRepository(setup).upsert_department({"wijk", "Wijk", "Europe/Amsterdam", "nl"});
    DirectoryRepository(setup).upsert_channel(ChannelRecord{0, "local", "", "c1", "wijk", "ambassadors", true, ""}, 1);
  }
  Store store(options());
  const std::vector<std::pair<const char*, Job>> single_row_reads{
      {"inbox count", [](Connection& db) { InboxRepository(db).count("pending"); }},
      {"inbox count for platform", [](Connection& db) { InboxRepository(db).count_for_platform("local"); }},
      {"department", [](Connection& db) { DirectoryRepository(db).department("wijk"); }},
      {"channel", [](Connection& db) { DirectoryRepository(db).channel("local", "", "c1"); }},
      {"outbox next due", [](Connection& db) { OutboxRepository(db).next_due_at(); }},
  };
  int written = 0;
  for (const auto& [what, read] : single_row_reads) {
    SCOPED_TRACE(what);
    store.read_sync(read);
    ++written;
    store.write_sync([written](Connection& db) { insert(db, std::to_string(written)); });
    std::size_t seen = 0;
    store.read_sync([&seen](Connection& db) { seen = values(db).size(); });
    EXPECT_EQ(seen, static_cast<std::size_t>(written));
  }
}

TEST_F(StoreTest, ThrowingJobFailsAloneInItsBatch) {
  Store store(options());
  std::vector<std::promise<std::exception_ptr>> done(3);
  const auto commits_before = store.transactions_committed();
  {
    WriterGate gate(store);
    store.write([](Connection& db) { insert(db, "first"); }, [&](std::exception_ptr e) { done[0].set_value(e); });
    store.write(
        [](Connection& db) {
          insert(db, "doomed");
          throw std::runtime_error("job failed on purpose");
        },
        [&](std::exception_ptr e) { done[1].set_value(e); });
    store.write([](Connection& db) { insert(db, "third"); }, [&](std::exception_ptr e) { done[2].set_value(e); });
    EXPECT_EQ(store.write_queue_depth(), 3u);
  }
  std::vector<std::exception_ptr> errors;
  for (auto& promise : done) {
    auto result = promise.get_future();
    ASSERT_EQ(result.wait_for(kDeadline), std::future_status::ready);
    errors.push_back(result.get());
  }
  EXPECT_EQ(errors[0], nullptr);
  ASSERT_NE(errors[1], nullptr);
  EXPECT_EQ(errors[2], nullptr);
  // The writer thread drops its own reference to the exception after the completions ran. Joining it first keeps
  // ThreadSanitizer from reporting the exception's reference count (atomic inside uninstrumented libstdc++).
  store.stop();
  try {
    std::rethrow_exception(errors[1]);
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "job failed on purpose");
  }
  // The failed job's own insert was rolled back; its neighbours committed, all in one transaction.
  EXPECT_THAT(values_on_disk(), ElementsAre("first", "third"));
  EXPECT_EQ(store.transactions_committed() - commits_before, 2u);  // the gate's batch, then the three
}

// A completion that throws is the caller's bug, but it must not take the writer thread (and the process) down:
// the jobs queued with it and after it still run and report.
TEST_F(StoreTest, ACompletionThatThrowsDoesNotStopTheStore) {
  Store store(options());
  std::promise<std::exception_ptr> neighbour;
  {
    WriterGate gate(store);
    store.write([](Connection& db) { insert(db, "first"); },
                [](std::exception_ptr) { throw std::runtime_error("completion failed on purpose"); });
    store.write([](Connection& db) { insert(db, "second"); },
                [&neighbour](std::exception_ptr e) { neighbour.set_value(e); });
  }
  auto result = neighbour.get_future();
  ASSERT_EQ(result.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(result.get(), nullptr);
  store.write_sync([](Connection& db) { insert(db, "after"); });
  store.read([](Connection&) {}, [](std::exception_ptr) { throw 42; });  // the reader survives too
  std::vector<std::string> seen;
  store.read_sync([&seen](Connection& db) { seen = values(db); });
  EXPECT_THAT(seen, ElementsAre("first", "second", "after"));
}

TEST(StoreDescribe, SaysWhatAFailedJobThrew) {
  EXPECT_EQ(describe(std::make_exception_ptr(std::runtime_error("disk full"))), "disk full");
  EXPECT_EQ(describe(std::make_exception_ptr(42)), "unknown error");
}

TEST_F(StoreTest, WriteSyncRethrowsTheJobsException) {
  Store store(options());
  try {
    store.write_sync([](Connection& db) {
      insert(db, "rolled back");
      throw std::invalid_argument("bad input");
    });
    FAIL() << "write_sync swallowed the exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "bad input");
  }
  EXPECT_TRUE(values_on_disk().empty());
}

TEST_F(StoreTest, ReadSyncRethrowsSqlErrors) {
  Store store(options());
  EXPECT_THROW(store.read_sync([](Connection& db) { db.exec("SELECT * FROM no_such_table"); }), SQLite::Exception);
}

TEST_F(StoreTest, ReaderConnectionCannotWrite) {
  Store store(options());
  EXPECT_THROW(store.read_sync([](Connection& db) { insert(db, "sneaky"); }), SQLite::Exception);
  EXPECT_TRUE(values_on_disk().empty());
}

TEST_F(StoreTest, StopFinishesEveryQueuedJob) {
  constexpr int kJobs = 50;
  std::atomic<int> completed{0};
  {
    Store store(options());
    WriterGate gate(store);
    for (int i = 0; i < kJobs; ++i) {
      store.write([i](Connection& db) { insert(db, std::to_string(i)); },
                  [&completed](std::exception_ptr error) {
                    if (!error) completed.fetch_add(1);
                  });
    }
    EXPECT_EQ(store.write_queue_depth(), static_cast<std::size_t>(kJobs));
    gate.open();
    store.stop();
    EXPECT_EQ(completed.load(), kJobs);
    store.stop();  // idempotent
  }
  EXPECT_EQ(values_on_disk().size(), static_cast<std::size_t>(kJobs));
}

// Each job notes how many transactions had committed when it ran: jobs of one batch note the same number.
std::map<std::uint64_t, std::size_t> batch_sizes(const std::vector<std::uint64_t>& noted) {
  std::map<std::uint64_t, std::size_t> sizes;
  for (auto commits : noted) ++sizes[commits];
  return sizes;
}

TEST_F(StoreTest, GroupCommitsQueuedJobsInOneTransaction) {
  constexpr std::size_t kJobs = 200;
  Store store(options());
  std::vector<std::uint64_t> noted(kJobs);
  const auto commits_before = store.transactions_committed();
  {
    WriterGate gate(store);
    for (std::size_t i = 0; i < kJobs; ++i) {
      store.write([i, &store, &noted](Connection& db) {
        noted[i] = store.transactions_committed();
        insert(db, std::to_string(i));
      });
    }
  }
  store.write_sync([](Connection&) {});  // a barrier: every job queued before it is committed
  const auto sizes = batch_sizes(noted);
  ASSERT_EQ(sizes.size(), 1u) << "the queued jobs were split over several transactions";
  EXPECT_EQ(sizes.begin()->second, kJobs);
  EXPECT_LT(store.transactions_committed() - commits_before, kJobs);
  EXPECT_EQ(values_on_disk().size(), kJobs);
  EXPECT_EQ(store.write_queue_depth(), 0u);
}

TEST_F(StoreTest, BatchesAreCappedAtMaxBatch) {
  constexpr std::size_t kJobs = 35;
  auto capped = options();
  capped.max_batch = 10;
  Store store(capped);
  std::vector<std::uint64_t> noted(kJobs);
  {
    WriterGate gate(store);
    for (std::size_t i = 0; i < kJobs; ++i) {
      store.write([i, &store, &noted](Connection& db) {
        noted[i] = store.transactions_committed();
        insert(db, std::to_string(i));
      });
    }
  }
  store.write_sync([](Connection&) {});
  std::vector<std::size_t> sizes;
  for (const auto& [commits, size] : batch_sizes(noted)) sizes.push_back(size);
  EXPECT_THAT(sizes, ElementsAre(10u, 10u, 10u, 5u));
  EXPECT_EQ(values_on_disk().size(), kJobs);
}

TEST_F(StoreTest, JobsRunInTheOrderTheyWereQueued) {
  Store store(options());
  for (int i = 0; i < 20; ++i) store.write([i](Connection& db) { insert(db, std::to_string(i)); });
  std::vector<std::string> seen;
  store.write_sync([&seen](Connection& db) { seen = values(db); });
  ASSERT_EQ(seen.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(StoreOpening, ThrowsWhenTheFileCannotBeOpened) {
  ambassador::testing::TempDir dir;
  EXPECT_THROW(Store(StoreOptions{(dir.path() / "missing-dir" / "db.sqlite3").string(), 100}), SQLite::Exception);
}

}  // namespace
}  // namespace ambassador::storage
