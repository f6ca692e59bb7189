#pragma once
// One SQLite connection with the pragmas the service relies on and a cache of prepared statements.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace ambassador::storage {

class Connection {
 public:
  enum class Mode { read_write, read_only };
  // Opens (creating when read_write) the file; WAL, foreign keys, busy timeout. Throws SQLite::Exception.
  Connection(const std::string& path, int busy_timeout_ms, Mode mode = Mode::read_write);

  SQLite::Database& db() { return db_; }
  // A cached statement for `sql`, reset and with bindings cleared. Do not hold it across another
  // prepare() of the same text (it is the same object).
  SQLite::Statement& prepare(const std::string& sql);
  // Ends every cached statement's pending step. A statement left on a row keeps its read transaction open:
  // the connection would go on seeing that old snapshot and the WAL could not be checkpointed past it.
  void reset_statements();
  void exec(const std::string& sql) { db_.exec(sql); }
  // exec() through the statement cache, for statements run on every job (SAVEPOINT, RELEASE).
  void exec_cached(const std::string& sql) { prepare(sql).exec(); }
  std::int64_t last_insert_id() const { return db_.getLastInsertRowid(); }
  // Virtual-machine steps taken so far by the statements prepared on this connection (SQLite's own measure of the
  // work a statement did): tells a search through an index from a scan of the table, whatever the machine's speed.
  std::int64_t vm_steps();
  int changes() const { return db_.getChanges(); }

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<SQLite::Statement*> used_;  // prepared since the last reset_statements()
};

}  // namespace ambassador::storage
