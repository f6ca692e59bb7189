#pragma once
// Copies of the database taken while the service runs, and putting one back. Both go through SQLite's online
// backup API: `cp` of a live file can catch a page half-written, and copying a backup over the database leaves the
// old -wal file beside it, which SQLite would then replay onto the restored pages.
#include <cstdint>
#include <string>

namespace ambassador::storage {

struct BackupReport {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  int schema_version = 0;
};

// Writes a consistent copy of `database` (one snapshot: writers go on meanwhile, in WAL mode) to `target`, which
// must not exist yet: the copy is made as `target`.partial, checked (PRAGMA integrity_check) and only then renamed.
// Throws std::runtime_error saying what went wrong; nothing is left at `target` then.
BackupReport backup_database(const std::string& database, const std::string& target, int busy_timeout_ms);

// Replaces the content of `database` with the backup `source`, after checking the backup (integrity, and a schema
// this program knows). For a stopped service: a running one would go on with what it had in memory. The database
// is then migrated to this program's schema by the next start, as any older file is.
BackupReport restore_database(const std::string& source, const std::string& database, int busy_timeout_ms);

}  // namespace ambassador::storage
