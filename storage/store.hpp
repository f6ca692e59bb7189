#pragma once
// The database as the service uses it: one writer thread that group-commits every queued job in one
// transaction (each job in its own savepoint), one reader thread on its own WAL connection, and a checkpointer
// thread that copies the WAL back so that commits never do (WalCheckpointer).
// Nothing here runs on the network event loop; callers get completions on the worker thread and
// post them back to their own executor.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/connection.hpp"
#include "storage/wal_checkpointer.hpp"

namespace ambassador::storage {

using Job = std::function<void(Connection&)>;
using Done = std::function<void(std::exception_ptr)>;  // nullptr: the job's work is committed

// What a failed job threw, for a log line: its what(), or "unknown error" for anything but a std::exception.
std::string describe(const std::exception_ptr& error);

// How a queued write is kept apart from the other jobs of its group commit.
enum class Isolation {
  // In a savepoint of its own: should it throw, only its own work is undone and only it fails.
  own_savepoint,
  // In none: should it throw, the whole transaction rolls back and every job in it fails, as when the commit fails.
  // For hot jobs that throw only when the database does. A savepoint is not free: SQLite copies each page the job
  // then changes into its sub-journal first (about 15% of an answered webhook's time on the writer).
  batch,
};

struct StoreOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  std::size_t max_batch = 1024;           // jobs per transaction at most
  int checkpoint_threshold_pages = 1000;  // WAL pages that wake the checkpointer (see WalCheckpointer)
};

class Store {
 public:
  explicit Store(StoreOptions options);  // opens both connections; throws on failure
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Queues a write. `done` runs on the writer thread after the commit (or the job's failure).
  void write(Job job, Done done = {}, Isolation isolation = Isolation::own_savepoint);
  // Queues a read on the reader connection.
  void read(Job job, Done done = {});
  // Runs a job and waits for it; rethrows its exception. For start-up, CLI and tests, never on the event loop.
  void write_sync(Job job);
  void read_sync(Job job);

  // Finishes every queued job, then closes the connections. Idempotent.
  void stop();

  std::size_t write_queue_depth() const;
  std::size_t read_queue_depth() const;
  std::uint64_t transactions_committed() const;
  // WAL checkpoints run by the checkpointer's thread, and by the writer when that thread fell far behind.
  std::uint64_t background_checkpoints() const;
  std::uint64_t writer_checkpoints() const;
  const std::string& path() const { return options_.path; }

 private:
  struct Task {
    Job job;
    Done done;
    Isolation isolation = Isolation::own_savepoint;
  };
  class Worker;

  StoreOptions options_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::unique_ptr<Worker> writer_;
  std::unique_ptr<Worker> reader_;
};

}  // namespace ambassador::storage
