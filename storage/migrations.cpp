#include "storage/migrations.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Transaction.h>

namespace ambassador::storage {
namespace {

constexpr std::string_view kV1Core = R"sql(
CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL,
  language    TEXT NOT NULL
);
CREATE TABLE channels (
  id            INTEGER PRIMARY KEY,
  platform      TEXT NOT NULL,
  workspace     TEXT NOT NULL DEFAULT '',
  channel_id    TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  purpose       TEXT NOT NULL DEFAULT 'ambassadors',
  active        INTEGER NOT NULL DEFAULT 1,
  title         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  UNIQUE (platform, workspace, channel_id)
);
CREATE TABLE ambassadors (
  id            INTEGER PRIMARY KEY,
  display_name  TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
  opted_out_at  INTEGER,
  consent_at    INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE TABLE ambassador_identities (
  platform      TEXT NOT NULL,
  workspace     TEXT NOT NULL DEFAULT '',
  user_id       TEXT NOT NULL,
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  dm_channel_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (platform, workspace, user_id)
);
CREATE INDEX ambassador_identities_by_ambassador ON ambassador_identities(ambassador_id);
CREATE TABLE ambassador_roles (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  role          TEXT NOT NULL,
  PRIMARY KEY (ambassador_id, role)
);
CREATE TABLE ambassador_themes (
  ambassador_id INTEGER NOT NULL REFERENCES ambassadors(id) ON DELETE CASCADE,
  theme         TEXT NOT NULL,
  PRIMARY KEY (ambassador_id, theme)
);
CREATE TABLE inbox (
  id           INTEGER PRIMARY KEY,
  platform     TEXT NOT NULL,
  event_key    TEXT NOT NULL,
  payload      TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  error        TEXT,
  received_at  INTEGER NOT NULL,
  processed_at INTEGER,
  UNIQUE (platform, event_key)
);
CREATE INDEX inbox_pending ON inbox(id) WHERE status = 'pending';
CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  idempotency_key     TEXT NOT NULL UNIQUE,
  platform            TEXT NOT NULL,
  destination         TEXT NOT NULL,
  message             TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     INTEGER NOT NULL,
  give_up_at          INTEGER NOT NULL,
  last_error          TEXT,
  platform_message_id TEXT,
  post_id             INTEGER,
  channel_ref         INTEGER REFERENCES channels(id) ON DELETE SET NULL,
  ambassador_id       INTEGER REFERENCES ambassadors(id) ON DELETE SET NULL,
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_sending ON outbox(id) WHERE status = 'sending';
CREATE INDEX outbox_by_post ON outbox(post_id) WHERE post_id IS NOT NULL;
CREATE TABLE local_messages (
  id          INTEGER PRIMARY KEY,
  channel_id  TEXT NOT NULL,
  sender      TEXT NOT NULL,
  visible_to  TEXT NOT NULL DEFAULT '',
  text        TEXT NOT NULL,
  message     TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX local_messages_by_channel ON local_messages(channel_id, id);
)sql";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> migrations{
      {1, "core: departments, channels, ambassadors, inbox, outbox, local messages", kV1Core},
  };
  return migrations;
}

int schema_version(Connection& connection) {
  return connection.db().execAndGet("PRAGMA user_version").getInt();
}

std::vector<int> migrate(Connection& connection, const std::vector<Migration>& migrations) {
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const int current = schema_version(connection);
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this program knows (" + std::to_string(newest) +
                             "); refusing to run an older build against it");
  }
  std::vector<int> applied;
  for (const auto& migration : migrations) {
    if (migration.version <= current) continue;
    SQLite::Transaction transaction(connection.db());
    try {
      connection.exec(std::string(migration.sql));
    } catch (const std::exception& e) {
      throw std::runtime_error("migration " + std::to_string(migration.version) + " (" +
                               std::string(migration.name) + ") failed: " + e.what());
    }
    auto& record = connection.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)");
    record.bind(1, migration.version);
    record.bind(2, std::string(migration.name));
    record.bind(3, static_cast<std::int64_t>(now_ms()));
    record.exec();
    connection.exec("PRAGMA user_version = " + std::to_string(migration.version));
    transaction.commit();
    applied.push_back(migration.version);
  }
  return applied;
}

}  // namespace ambassador::storage
