#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

bool table_exists(Connection& db, const std::string& name) {
  auto& select = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  select.bind(1, name);
  select.executeStep();
  const bool exists = select.getColumn(0).getInt() == 1;
  select.reset();
  return exists;
}

std::vector<int> recorded_versions(Connection& db) {
  auto& select = db.prepare("SELECT version FROM schema_migrations ORDER BY version");
  std::vector<int> versions;
  while (select.executeStep()) versions.push_back(select.getColumn(0).getInt());
  return versions;
}

const Migration kCreateA{1, "create a", "CREATE TABLE a (x INTEGER);"};
const Migration kCreateB{2, "create b", "CREATE TABLE b (y TEXT); INSERT INTO b VALUES ('seed');"};
const Migration kAlterA{3, "alter a", "ALTER TABLE a ADD COLUMN z TEXT NOT NULL DEFAULT '';"};

TEST(Migrations, FreshFileGetsLatestSchemaWithEveryTable) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("fresh.sqlite3"), 1000);
  const auto applied = migrate(db);

  ASSERT_FALSE(all_migrations().empty());
  EXPECT_EQ(applied.size(), all_migrations().size());
  EXPECT_EQ(schema_version(db), all_migrations().back().version);
  EXPECT_EQ(recorded_versions(db).size(), all_migrations().size());
  for (const char* table : {"departments", "channels", "ambassadors", "ambassador_identities", "ambassador_roles",
                            "ambassador_themes", "inbox", "outbox", "local_messages", "schema_migrations"}) {
    EXPECT_TRUE(table_exists(db, table)) << table;
  }
}

TEST(Migrations, ConnectionEnablesForeignKeysAndWal) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("pragmas.sqlite3"), 1000);
  migrate(db);
  EXPECT_EQ(db.query_int64("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
  // Foreign keys are enforced, not just declared: an ambassador in an unknown department is refused.
  EXPECT_THROW(db.exec("INSERT INTO ambassadors(display_name, department_id, created_at) VALUES ('x', 'nope', 1)"),
               std::runtime_error);
}

TEST(Migrations, ReadOnlyConnectionHasForeignKeysAndRefusesWrites) {
  ambassador::testing::TempDir dir;
  const auto path = dir.file("ro.sqlite3");
  {
    Connection writer(path, 1000);
    migrate(writer);
  }
  Connection reader(path, 1000, Connection::Mode::read_only);
  EXPECT_EQ(reader.query_int64("PRAGMA foreign_keys"), 1);
  EXPECT_THROW(reader.exec("INSERT INTO departments VALUES ('d', 'D', 'UTC', 'nl')"), std::runtime_error);
}

TEST(Migrations, UpgradeAppliesOnlyTheMissingMigrations) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("upgrade.sqlite3"), 1000);

  EXPECT_THAT(migrate(db, {kCreateA}), ElementsAre(1));
  EXPECT_EQ(schema_version(db), 1);
  db.exec("INSERT INTO a(x) VALUES (42)");

  EXPECT_THAT(migrate(db, {kCreateA, kCreateB, kAlterA}), ElementsAre(2, 3));
  EXPECT_EQ(schema_version(db), 3);
  EXPECT_THAT(recorded_versions(db), ElementsAre(1, 2, 3));
  // Migration 1 did not run again (it would have failed on the existing table), and its data survived.
  EXPECT_EQ(db.query_text("SELECT x || '/' || z FROM a"), "42/");
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM b"), 1);
}

TEST(Migrations, RerunningIsANoOp) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("rerun.sqlite3"), 1000);
  migrate(db, {kCreateA, kCreateB});
  EXPECT_THAT(migrate(db, {kCreateA, kCreateB}), IsEmpty());
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM b"), 1);  // the seed row was not inserted twice
  EXPECT_THAT(recorded_versions(db), ElementsAre(1, 2));
}

TEST(Migrations, RefusesADatabaseNewerThanTheProgram) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("newer.sqlite3"), 1000);
  migrate(db, {kCreateA, kCreateB, kAlterA});
  try {
    migrate(db, {kCreateA, kCreateB});
    FAIL() << "an older program migrated a newer database";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("newer"));
  }
  EXPECT_EQ(schema_version(db), 3);
}

TEST(Migrations, FailingMigrationRollsBackCompletely) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("failing.sqlite3"), 1000);
  const Migration broken{2, "broken", "CREATE TABLE half (x INTEGER); INSERT INTO missing_table VALUES (1);"};

  try {
    migrate(db, {kCreateA, broken});
    FAIL() << "a broken migration was reported as applied";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("migration 2"));
    EXPECT_THAT(e.what(), HasSubstr("broken"));
  }
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_FALSE(table_exists(db, "half"));  // the statement before the failure was undone too
  EXPECT_THAT(recorded_versions(db), ElementsAre(1));

  // A fixed migration 2 applies cleanly afterwards.
  EXPECT_THAT(migrate(db, {kCreateA, kCreateB}), ElementsAre(2));
  EXPECT_EQ(schema_version(db), 2);
}

// SQLite builds a temporary b-tree for `x IN (three or more values)` each time a CHECK or a partial index's WHERE
// is evaluated, i.e. for every row written (migration 13).
TEST(Migrations, NoConstraintOrPartialIndexTestsAnInListOfThreeOrMore) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("checks.sqlite3"), 1000);
  migrate(db);
  const std::regex long_in_list(R"(IN \([^)]*,[^)]*,)");
  auto& schema = db.prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL");
  int checked = 0;
  while (schema.executeStep()) {
    const std::string sql = schema.getColumn(1).getString();
    EXPECT_FALSE(std::regex_search(sql, long_in_list)) << schema.getColumn(0).getString() << ": " << sql;
    checked += sql.find("CHECK (") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(checked, 7);
}

TEST(Migrations, TheRewrittenConstraintsStillRefuseWhatTheyRefusedBefore) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("checks.sqlite3"), 1000);
  migrate(db);
  db.exec("INSERT INTO inbox(platform, event_key, payload, received_at, status) VALUES ('t', 'k1', '', 1, 'failed')");
  EXPECT_THROW(
      db.exec("INSERT INTO inbox(platform, event_key, payload, received_at, status) VALUES ('t', 'k2', '', 1, 'lost')"),
      std::runtime_error);
  const std::string outbox =
      "INSERT INTO outbox(idempotency_key, platform, destination, message, next_attempt_at, give_up_at, created_at,"
      " status) VALUES (?, 'local', '{}', '{}', 1, 2, 1, ?)";
  for (const char* status : {"pending", "claimed", "sending", "sent", "failed", "cancelled"}) {
    auto& insert = db.prepare(outbox);
    insert.bind(1, std::string("ok-") + status);
    insert.bind(2, status);
    EXPECT_NO_THROW(insert.exec()) << status;
  }
  auto& bogus = db.prepare(outbox);
  bogus.bind(1, "bogus");
  bogus.bind(2, "delivered");
  EXPECT_THROW(bogus.exec(), std::runtime_error);
  EXPECT_EQ(db.query_text("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace ambassador::storage
