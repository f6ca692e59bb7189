#include "storage/connection.hpp"

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
  return *it->second;
}

void Connection::reset_statements() {
  for (auto& [sql, statement] : statements_) statement->tryReset();
}

}  // namespace ambassador::storage
