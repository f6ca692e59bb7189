#pragma once
// Transactions and savepoints on either backend, rolled back when left without commit()/release() (an exception).
#include <string>

#include "storage/connection.hpp"

namespace ambassador::storage {

class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  bool open_ = true;
};

// A savepoint inside the caller's transaction, or a transaction of its own when there is none (SQLite starts one
// for a SAVEPOINT by itself; PostgreSQL needs a BEGIN). Left open, it is rolled back.
class Savepoint {
 public:
  // `snapshot`: every statement inside reads the same moment. An SQLite transaction always does; a PostgreSQL
  // transaction of its own is then REPEATABLE READ (inside the caller's, the caller's isolation holds).
  Savepoint(Connection& db, const std::string& name, bool snapshot = false);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();
  // Undoes what was done since the savepoint (ending the statements still on a row first).
  void roll_back();

 private:
  Connection& db_;
  bool outermost_;
  bool open_ = true;
  std::string release_;
  std::string roll_back_;
};

}  // namespace ambassador::storage
