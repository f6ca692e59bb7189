#include "storage/transaction.hpp"

#include <spdlog/spdlog.h>

namespace ambassador::storage {
Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN"); }

Transaction::~Transaction() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::warn("storage: ROLLBACK failed: {}", e.what());
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

Savepoint::Savepoint(Connection& db, const std::string& name, bool snapshot)
    : db_(db),
      outermost_(!db.in_transaction()),
      release_(outermost_ ? "COMMIT" : "RELEASE " + name),
      roll_back_(outermost_ ? "ROLLBACK" : "ROLLBACK TO " + name) {
  if (!outermost_) {
    db_.exec_cached("SAVEPOINT " + name);
  } else {
    db_.exec_cached(snapshot && db_.backend() == Backend::postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
  }
}

Savepoint::~Savepoint() {
  if (open_) roll_back();
}

void Savepoint::release() {
  db_.exec_cached(release_);
  open_ = false;
}

void Savepoint::roll_back() {
  open_ = false;
  db_.reset_statements();
  try {
    db_.exec_cached(roll_back_);
    if (!outermost_) db_.exec_cached(release_);
  } catch (const std::exception& e) {
    spdlog::warn("storage: {} failed: {}", roll_back_, e.what());
  }
}

}  // namespace ambassador::storage
