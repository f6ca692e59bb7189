#include "storage/store.hpp"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <spdlog/spdlog.h>

namespace ambassador::storage {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// A thread that owns one connection and drains a queue of tasks; `batched` wraps each drained batch
// in one transaction with a savepoint per task, so one failing job does not undo the others.
class Store::Worker {
 public:
  Worker(std::string name, Connection connection, bool batched, std::size_t max_batch)
      : name_(std::move(name)),
        connection_(std::move(connection)),
        batched_(batched),
        max_batch_(max_batch),
        thread_([this] { run(); }) {}

  ~Worker() { stop(); }

  void push(Task task) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(task));
      depth_.store(queue_.size(), std::memory_order_relaxed);
    }
    ready_.notify_one();
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  std::size_t depth() const { return depth_.load(std::memory_order_relaxed); }
  std::uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }

 private:
  void run() {
    // Named for top, perf and bench/cpu_per_request.sh (at most 15 characters).
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    std::vector<Task> batch;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued before stop() is done
        const std::size_t n = batched_ ? std::min(queue_.size(), max_batch_) : 1;
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
        depth_.store(queue_.size(), std::memory_order_relaxed);
      }
      batched_ ? run_transaction(batch) : run_single(batch.front());
      batch.clear();
    }
  }

  void run_single(Task& task) {
    std::exception_ptr error;
    try {
      task.job(connection_);
    } catch (...) {
      error = std::current_exception();
    }
    connection_.reset_statements();  // the next job must see the latest commit, not this job's snapshot
    notify(task, std::move(error));
  }

  // A completion that throws must not end the worker thread (and with it the process): it is logged, and the next
  // completions and jobs run as usual. The error is moved in, not copied: were this thread to drop the last reference
  // after a waiting thread had read the exception, ThreadSanitizer would see the delete race with that read (the
  // reference count is an atomic inside uninstrumented libstdc++).
  void notify(Task& task, std::exception_ptr error) {
    if (!task.done) return;
    try {
      task.done(std::move(error));
    } catch (const std::exception& e) {
      spdlog::error("storage: a {} completion threw: {}", name_, e.what());
    } catch (...) {
      spdlog::error("storage: a {} completion threw a non-standard exception", name_);
    }
  }

  void run_transaction(std::vector<Task>& batch) {
    std::vector<std::exception_ptr> errors(batch.size());
    std::exception_ptr commit_error;
    try {
      // SQLite: take the write lock now, not at the first write (a deferred upgrade could fail with BUSY midway).
      // Cached statements: sqlite3_exec would compile BEGIN and COMMIT anew for every batch (~5% of the writer).
      connection_.exec_cached(connection_.backend() == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].isolation == Isolation::batch) {
          batch[i].job(connection_);  // what it throws fails the whole batch, below
          connection_.reset_statements();
          continue;
        }
        connection_.exec_cached("SAVEPOINT job");
        try {
          batch[i].job(connection_);
          connection_.reset_statements();
          connection_.exec_cached("RELEASE job");
        } catch (...) {
          errors[i] = std::current_exception();
          connection_.reset_statements();
          connection_.exec_cached("ROLLBACK TO job");
          connection_.exec_cached("RELEASE job");
        }
      }
      connection_.exec_cached("COMMIT");
      connection_.reset_statements();
      commits_.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      // The whole batch failed (disk full, I/O error, a job without a savepoint of its own threw): every job learns
      // it, nothing is half-done.
      commit_error = std::current_exception();
      spdlog::error("storage: {} transaction of {} jobs failed: {}", name_, batch.size(), describe(commit_error));
      try {
        connection_.reset_statements();
        connection_.exec("ROLLBACK");
      } catch (...) {
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const bool last = i + 1 == batch.size();
      notify(batch[i], commit_error ? (last ? std::move(commit_error) : commit_error) : std::move(errors[i]));
    }
  }

  std::string name_;
  Connection connection_;
  bool batched_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::atomic<std::size_t> depth_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::thread thread_;  // last: starts after every other member is ready
};

Store::Store(StoreOptions options) : options_(std::move(options)) {
  // The writer's connection opens first so the file exists (and is in WAL mode) before the others.
  Connection writer(options_.path, options_.busy_timeout_ms);
  if (writer.backend() == Backend::sqlite) {
    checkpointer_ =
        std::make_unique<WalCheckpointer>(options_.path, options_.busy_timeout_ms, options_.checkpoint_threshold_pages);
    checkpointer_->watch(writer);
  }
  writer_ = std::make_unique<Worker>("writer", std::move(writer), true, options_.max_batch);
  reader_ = std::make_unique<Worker>(
      "reader", Connection(options_.path, options_.busy_timeout_ms, Connection::Mode::read_only), false, 1);
}

Store::~Store() { stop(); }

void Store::write(Job job, Done done, Isolation isolation) {
  writer_->push({std::move(job), std::move(done), isolation});
}
void Store::read(Job job, Done done) { reader_->push({std::move(job), std::move(done)}); }

namespace {
// Not a std::promise: promise::set_exception copies the exception_ptr and drops its own copy only after it has
// woken the waiting thread, so the worker could release the last reference after this thread had handled the
// exception (a race ThreadSanitizer sees, the reference count living in uninstrumented libstdc++). Here the worker
// only moves the pointer, under the mutex, and keeps no reference.
void run_and_wait(const std::function<void(Job, Done)>& submit, Job job) {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::exception_ptr failure;
  submit(std::move(job), [&](std::exception_ptr error) {
    std::lock_guard lock(mutex);
    failure = std::move(error);
    done = true;
    finished.notify_one();
  });
  std::unique_lock lock(mutex);
  finished.wait(lock, [&] { return done; });
  if (failure) std::rethrow_exception(std::move(failure));
}
}  // namespace

void Store::write_sync(Job job) {
  run_and_wait([this](Job j, Done d) { write(std::move(j), std::move(d)); }, std::move(job));
}

void Store::read_sync(Job job) {
  run_and_wait([this](Job j, Done d) { read(std::move(j), std::move(d)); }, std::move(job));
}

void Store::stop() {
  if (reader_) reader_->stop();
  if (writer_) writer_->stop();
  if (checkpointer_) checkpointer_->stop();
}

std::size_t Store::write_queue_depth() const { return writer_->depth(); }
std::size_t Store::read_queue_depth() const { return reader_->depth(); }
std::uint64_t Store::transactions_committed() const { return writer_->commits(); }
std::uint64_t Store::background_checkpoints() const { return checkpointer_ ? checkpointer_->checkpoints() : 0; }
std::uint64_t Store::writer_checkpoints() const { return checkpointer_ ? checkpointer_->writer_checkpoints() : 0; }

}  // namespace ambassador::storage
