// storage::Connection on an SQLite file, through SQLiteCpp.
#include <sqlite3.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <unordered_map>
#include <vector>

#include "storage/connection_impl.hpp"

namespace ambassador::storage {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql) : statement_(db, sql) {}

  bool executeStep() override { return statement_.executeStep(); }
  int exec() override { return statement_.exec(); }
  // tryReset: reset() would rethrow the error of the statement's last step, which its caller already got.
  void reset() override { statement_.tryReset(); }
  void clear() {
    statement_.tryReset();
    statement_.clearBindings();
  }

 protected:
  void bind_null(int index) override { statement_.bind(index); }
  void bind_int64(int index, std::int64_t value) override { statement_.bind(index, static_cast<int64_t>(value)); }
  void bind_double(int index, double value) override { statement_.bind(index, value); }
  void bind_text(int index, const std::string& text, bool copy) override {
    copy ? statement_.bind(index, text) : statement_.bindNoCopy(index, text);
  }
  void bind_bytes(int index, std::string_view bytes) override {
    statement_.bind(index, bytes.data(), static_cast<int>(bytes.size()));
  }
  bool column_null(int index) const override { return column(index).isNull(); }
  std::int64_t column_int64(int index) const override { return column(index).getInt64(); }
  double column_double(int index) const override { return column(index).getDouble(); }
  std::string column_string(int index) const override { return column(index).getString(); }
  const char* column_text(int index) const override { return column(index).getText(); }

 private:
  SQLite::Column column(int index) const { return const_cast<SQLite::Statement&>(statement_).getColumn(index); }

  SQLite::Statement statement_;
};

class SqliteConnection final : public Connection::Impl {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms, Connection::Mode mode)
      // NOMUTEX: a connection is only ever used by one thread at a time (its store worker), so SQLite's per-call
      // locking is pure cost (4% of the writer's time in the telegram-private profile).
      : db_(path,
            SQLite::OPEN_NOMUTEX | (mode == Connection::Mode::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                                         : SQLite::OPEN_READONLY),
            busy_timeout_ms) {
    if (mode == Connection::Mode::read_write) {
      db_.exec("PRAGMA journal_mode = WAL");
      // WAL + NORMAL: a commit survives a process crash (SIGKILL); only a power loss can lose the last commits.
      db_.exec("PRAGMA synchronous = NORMAL");
    }
    db_.exec("PRAGMA foreign_keys = ON");
  }

  Statement& prepare(const std::string& sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<SqliteStatement>(db_, sql)).first;
    } else {
      it->second->clear();
    }
    used_.push_back(it->second.get());
    return *it->second;
  }

  void reset_statements() override {
    // Only what was used since the last call: resetting every cached statement after each job costs more
    // than the job on the hot ingest path.
    for (auto* statement : used_) statement->reset();
    used_.clear();
  }

  void exec(const std::string& sql) override { db_.exec(sql); }
  std::int64_t last_insert_id() override { return db_.getLastInsertRowid(); }
  int changes() override { return db_.getChanges(); }
  bool in_transaction() override { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

  std::int64_t vm_steps() override {
    std::int64_t steps = 0;
    for (auto* statement = sqlite3_next_stmt(db_.getHandle(), nullptr); statement != nullptr;
         statement = sqlite3_next_stmt(db_.getHandle(), statement))
      steps += sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0);
    return steps;
  }

  SQLite::Database* sqlite() override { return &db_; }

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
  std::vector<SqliteStatement*> used_;  // prepared since the last reset_statements()
};

}  // namespace

std::unique_ptr<Connection::Impl> open_sqlite(const std::string& path, int busy_timeout_ms, Connection::Mode mode) {
  return std::make_unique<SqliteConnection>(path, busy_timeout_ms, mode);
}

}  // namespace ambassador::storage
