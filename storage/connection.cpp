#include "storage/connection.hpp"

#include <sqlite3.h>

namespace ambassador::storage {

Connection::Connection(const std::string& path, int busy_timeout_ms, Mode mode)
    : db_(path, mode == Mode::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE : SQLite::OPEN_READONLY,
          busy_timeout_ms) {
  if (mode == Mode::read_write) {
    db_.exec("PRAGMA journal_mode = WAL");
    // WAL + NORMAL: a commit survives a process crash (SIGKILL); only a power loss can lose the last commits.
    db_.exec("PRAGMA synchronous = NORMAL");
  }
  db_.exec("PRAGMA foreign_keys = ON");
}

SQLite::Statement& Connection::prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  } else {
    // tryReset: reset() would rethrow the error of the statement's last step, which its caller already got.
    it->second->tryReset();
    it->second->clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void Connection::reset_statements() {
  // Only what was used since the last call: resetting every cached statement after each job costs more
  // than the job on the hot ingest path.
  for (auto* statement : used_) statement->tryReset();
  used_.clear();
}

std::int64_t Connection::vm_steps() {
  std::int64_t steps = 0;
  for (auto* statement = sqlite3_next_stmt(db_.getHandle(), nullptr); statement != nullptr;
       statement = sqlite3_next_stmt(db_.getHandle(), statement))
    steps += sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0);
  return steps;
}

}  // namespace ambassador::storage
