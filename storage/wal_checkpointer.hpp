#pragma once
// Copies the WAL back into the database file on a thread of its own, so that the writer never does.
// SQLite's default (wal_autocheckpoint) runs the checkpoint inside the COMMIT that crosses 1,000 pages: that commit
// then waits for the copy and an fsync, and so does every request whose event was in that batch. Measured with
// bench/wrk_bench.sh (teams-chatter), that was the whole p99: 13-14 ms with it, 5 ms without. Here the writer's
// commit only notes the WAL's size; a PASSIVE checkpoint on another connection does the copying, never blocking the
// writer or the readers.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "storage/connection.hpp"

struct sqlite3;

namespace ambassador::storage {

class WalCheckpointer {
 public:
  static constexpr int kDefaultThresholdPages = 1000;  // SQLite's own autocheckpoint threshold
  // Should this thread fall behind a writer that never pauses, the WAL could grow without end (it starts over only
  // when a checkpoint has caught up with it): past this many thresholds the writer's commit checkpoints itself, as
  // SQLite would have.
  static constexpr int kWriterTakesOverAfter = 10;

  // Opens its own connection to `path` (which must exist, in WAL mode) and starts its thread. Throws on failure.
  WalCheckpointer(const std::string& path, int busy_timeout_ms, int threshold_pages = kDefaultThresholdPages);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Takes over `writer`'s checkpoints: from now on its commits no longer checkpoint, they wake this thread once the
  // WAL holds `threshold_pages`. `writer` must not outlive this object, or must be released first.
  void watch(Connection& writer);
  // Runs a last checkpoint (when one is due) and ends the thread. Idempotent.
  void stop();

  std::uint64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }
  std::uint64_t writer_checkpoints() const { return writer_checkpoints_.load(std::memory_order_relaxed); }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();
  void checkpoint();

  const int threshold_pages_;
  Connection connection_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> checkpoints_{0};
  std::atomic<std::uint64_t> writer_checkpoints_{0};
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace ambassador::storage
