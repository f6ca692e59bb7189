// WalCheckpointer: the writer's commits no longer checkpoint; the checkpointer's thread does, and the writer takes
// over only when that thread falls far behind.
#include "storage/wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "storage/store.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

constexpr int kThreshold = 8;       // pages
constexpr int kPageSize = 4096;     // SQLite's default
const std::string kRow(3000, 'x');  // about one page each, with the index

class WalCheckpointerTest : public ::testing::Test {
 protected:
  WalCheckpointerTest() : path_(dir_.file("wal.sqlite3")) {
    Connection setup(path_, 1000);
    setup.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
  }

  static void insert_rows(Connection& db, int rows) {
    for (int i = 0; i < rows; ++i) {
      auto& statement = db.prepare("INSERT INTO items(value) VALUES (?)");
      statement.bind(1, kRow);
      statement.exec();
      db.reset_statements();
    }
  }

  std::uintmax_t wal_pages() const { return std::filesystem::file_size(path_ + "-wal") / kPageSize; }

  ambassador::testing::TempDir dir_;
  std::string path_;
};

TEST_F(WalCheckpointerTest, AWatchedWritersCommitsDoNotCheckpoint) {
  Connection writer(path_, 1000);
  writer.exec("PRAGMA wal_autocheckpoint = " + std::to_string(kThreshold));  // what watch() must switch off
  WalCheckpointer checkpointer(path_, 1000, kThreshold);
  checkpointer.watch(writer);
  checkpointer.stop();                  // no thread to do it either: whatever is committed stays in the WAL
  insert_rows(writer, 3 * kThreshold);  // a page or two per commit: under the take-over limit
  // SQLite's own hook would have checkpointed at kThreshold pages and started the WAL over, keeping it that small.
  EXPECT_GE(wal_pages(), static_cast<std::uintmax_t>(3 * kThreshold));
  EXPECT_EQ(checkpointer.writer_checkpoints(), 0U);
}

TEST_F(WalCheckpointerTest, TheWriterCheckpointsItselfWhenTheThreadFallsFarBehind) {
  Connection writer(path_, 1000);
  WalCheckpointer checkpointer(path_, 1000, kThreshold);
  checkpointer.watch(writer);
  checkpointer.stop();
  insert_rows(writer, 40 * kThreshold);
  EXPECT_GT(checkpointer.writer_checkpoints(), 0U);
  // Bounded by the take-over limit (plus the transaction that crossed it), not by the rows written.
  EXPECT_LE(wal_pages(), static_cast<std::uintmax_t>((WalCheckpointer::kWriterTakesOverAfter + 2) * kThreshold));
}

TEST_F(WalCheckpointerTest, TheStoresCheckpointsRunOnTheCheckpointersThread) {
  Store store(StoreOptions{path_, 1000, 1024, kThreshold});
  for (int i = 0; i < 8 * kThreshold; ++i) store.write_sync([](Connection& db) { insert_rows(db, 1); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store.background_checkpoints() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GT(store.background_checkpoints(), 0U);
  std::int64_t rows = 0;
  store.read_sync([&rows](Connection& db) { rows = db.query_int64("SELECT count(*) FROM items"); });
  EXPECT_EQ(rows, 8 * kThreshold);
}

}  // namespace
}  // namespace ambassador::storage
