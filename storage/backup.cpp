#include "storage/backup.hpp"

#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"

namespace ambassador::storage {
namespace {

BackupReport copy(Connection& from, Connection& to) {
  SQLite::Backup backup(to.sqlite(), from.sqlite());
  // All pages in one step, so one read snapshot: in WAL mode that blocks no writer, and a write between steps
  // would make SQLite start the copy over. Busy or locked (SQLiteCpp throws for anything else): copied nothing.
  if (backup.executeStep(-1) != SQLITE_DONE) throw std::runtime_error("the database was busy; try again");
  BackupReport report;
  report.pages = backup.getTotalPageCount();
  report.bytes = to.sqlite().execAndGet("PRAGMA page_size").getInt64() * report.pages;
  return report;
}

void check(Connection& db, const std::string& what) {
  const auto verdict = db.sqlite().execAndGet("PRAGMA integrity_check").getString();
  if (verdict != "ok") throw std::runtime_error(what + " fails SQLite's integrity check: " + verdict);
}

}  // namespace

BackupReport backup_database(const std::string& database, const std::string& target, int busy_timeout_ms) {
  namespace fs = std::filesystem;
  if (!fs::exists(database)) throw std::runtime_error("there is no database at " + database);
  if (fs::exists(target)) throw std::runtime_error(target + " exists already; choose a new name");
  const std::string partial = target + ".partial";
  std::error_code ignored;
  fs::remove(partial, ignored);
  try {
    BackupReport report;
    {
      Connection source(database, busy_timeout_ms, Connection::Mode::read_only);
      Connection copy_db(partial, busy_timeout_ms);
      report = copy(source, copy_db);
      check(copy_db, "the copy");
      report.schema_version = schema_version(copy_db);
      // One self-contained file: the copy's pages out of its own WAL, which is then removed.
      copy_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    fs::rename(partial, target);
    return report;
  } catch (const std::exception& e) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(partial + suffix, ignored);
    throw std::runtime_error("backing up " + database + " to " + target + " failed: " + e.what());
  }
}

BackupReport restore_database(const std::string& source, const std::string& database, int busy_timeout_ms) {
  if (!std::filesystem::exists(source)) throw std::runtime_error("there is no backup at " + source);
  try {
    Connection backup(source, busy_timeout_ms, Connection::Mode::read_only);
    check(backup, "the backup");
    const int version = require_known_schema(backup);
    Connection live(database, busy_timeout_ms);
    auto report = copy(backup, live);
    report.schema_version = version;
    return report;
  } catch (const std::exception& e) {
    throw std::runtime_error("restoring " + database + " from " + source +
                             " failed (the database is as it was): " + e.what());
  }
}

}  // namespace ambassador::storage
