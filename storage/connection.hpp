#pragma once
// One database connection with the settings the service relies on and a cache of prepared statements. The backend
// follows from the address: a "postgresql://" or "postgres://" URL is a PostgreSQL server (libpq's connection URI),
// anything else is an SQLite file.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "storage/statement.hpp"

namespace SQLite {
class Database;
}

namespace ambassador::storage {

enum class Backend { sqlite, postgres };

// Which backend an address names.
Backend backend_of(const std::string& address);

// What a backend reports going wrong (PostgreSQL's errors; SQLite's come as SQLite::Exception, a runtime_error too).
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& what, std::string sql_state)
      : std::runtime_error(what), sql_state_(std::move(sql_state)) {}
  // PostgreSQL's SQLSTATE, e.g. "23505" for a unique violation; "" when there is none.
  const std::string& sql_state() const { return sql_state_; }

 private:
  std::string sql_state_;
};

class Connection;
// The statement in each backend's SQL, for the few places where the two differ (JSON functions, collations).
const char* sql_for(const Connection& db, const char* sqlite, const char* postgres);

class Connection {
 public:
  enum class Mode { read_write, read_only };
  class Impl;

  // Opens the database (creating an SQLite file when read_write): SQLite in WAL mode with foreign keys and a busy
  // timeout; PostgreSQL with the same timeout for locks. Throws on failure.
  Connection(const std::string& address, int busy_timeout_ms, Mode mode = Mode::read_write);
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  Backend backend() const { return backend_; }
  // A cached statement for `sql`, reset and with bindings cleared. Do not hold it across another
  // prepare() of the same text (it is the same object).
  Statement& prepare(const std::string& sql);
  // Ends every cached statement's pending step. A statement left on a row keeps its read transaction open:
  // the connection would go on seeing that old snapshot and the WAL could not be checkpointed past it.
  void reset_statements();
  // Runs one or more statements that return nothing (DDL, BEGIN, COMMIT).
  void exec(const std::string& sql);
  // exec() through the statement cache, for statements run on every job (SAVEPOINT, RELEASE).
  void exec_cached(const std::string& sql) { prepare(sql).exec(); }
  // The first column of the first row of `sql`; 0 when it returns no row or NULL.
  std::int64_t query_int64(const std::string& sql);
  std::string query_text(const std::string& sql);
  // The id the last INSERT on this connection gave its row.
  std::int64_t last_insert_id();
  // Rows changed by the last statement run through exec() or stepped to its end.
  int changes();
  // Whether a transaction is open on this connection.
  bool in_transaction();
  // Virtual-machine steps taken so far by the statements prepared on this connection (SQLite's own measure of the
  // work a statement did): tells a search through an index from a scan of the table, whatever the machine's speed.
  // Always 0 on PostgreSQL.
  std::int64_t vm_steps();
  // The SQLite handle, for what only SQLite has (online backup, WAL hooks). Throws std::logic_error on PostgreSQL.
  SQLite::Database& sqlite();

 private:
  Backend backend_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ambassador::storage
