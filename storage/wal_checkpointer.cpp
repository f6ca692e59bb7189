#include "storage/wal_checkpointer.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <SQLiteCpp/Database.h>

#include <spdlog/spdlog.h>

namespace ambassador::storage {

WalCheckpointer::WalCheckpointer(const std::string& path, int busy_timeout_ms, int threshold_pages)
    : threshold_pages_(threshold_pages < 1 ? 1 : threshold_pages),
      connection_(path, busy_timeout_ms),
      thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::watch(Connection& writer) {
  // Replaces the hook wal_autocheckpoint installs: the commit no longer checkpoints by itself.
  sqlite3_wal_hook(writer.sqlite().getHandle(), &WalCheckpointer::on_commit, this);
}

// On the writer's thread, right after its commit: only a flag and a wake-up, never any I/O.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (pages < checkpointer->threshold_pages_) return SQLITE_OK;
  if (pages >= checkpointer->threshold_pages_ * kWriterTakesOverAfter) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    checkpointer->writer_checkpoints_.fetch_add(1, std::memory_order_relaxed);
    return SQLITE_OK;
  }
  {
    const std::lock_guard lock(checkpointer->mutex_);
    if (checkpointer->due_) return SQLITE_OK;
    checkpointer->due_ = true;
  }
  checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::run() {
  pthread_setname_np(pthread_self(), "checkpointer");
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || due_; });
      if (!due_) return;
      due_ = false;
    }
    checkpoint();
  }
}

void WalCheckpointer::checkpoint() {
  // PASSIVE: copies what no reader still needs, without waiting for (or blocking) the writer. What it cannot copy
  // yet is copied the next time; once everything is copied, the writer's next transaction starts the WAL over.
  int log_pages = 0;
  int copied_pages = 0;
  const int rc = sqlite3_wal_checkpoint_v2(connection_.sqlite().getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &log_pages, &copied_pages);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    spdlog::warn("storage: WAL checkpoint failed: {}", sqlite3_errstr(rc));
    return;
  }
  checkpoints_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace ambassador::storage
