#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  SQLite::Statement select(db.db(), "SELECT version FROM schema_migrations ORDER BY version");
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
  EXPECT_EQ(db.db().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db.db().execAndGet("PRAGMA journal_mode").getString(), "wal");
  // Foreign keys are enforced, not just declared: an ambassador in an unknown department is refused.
  EXPECT_THROW(db.exec("INSERT INTO ambassadors(display_name, department_id, created_at) VALUES ('x', 'nope', 1)"),
               SQLite::Exception);
}

TEST(Migrations, ReadOnlyConnectionHasForeignKeysAndRefusesWrites) {
  ambassador::testing::TempDir dir;
  const auto path = dir.file("ro.sqlite3");
  {
    Connection writer(path, 1000);
    migrate(writer);
  }
  Connection reader(path, 1000, Connection::Mode::read_only);
  EXPECT_EQ(reader.db().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_THROW(reader.exec("INSERT INTO departments VALUES ('d', 'D', 'UTC', 'nl')"), SQLite::Exception);
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
  EXPECT_EQ(db.db().execAndGet("SELECT x || '/' || z FROM a").getString(), "42/");
  EXPECT_EQ(db.db().execAndGet("SELECT count(*) FROM b").getInt(), 1);
}

// Numbers are given out per branch: 7 then 10 is fine, and 8 and 9 merged in later still run on a database at 10.
TEST(Migrations, GapInNumbersIsAcceptedAndFilledLater) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("gap.sqlite3"), 1000);
  const Migration kTen{10, "ten", "CREATE TABLE ten (x INTEGER);"};
  const Migration kEight{8, "eight", "CREATE TABLE eight (x INTEGER);"};

  EXPECT_THAT(migrate(db, {kCreateA, kTen}), ElementsAre(1, 10));
  EXPECT_EQ(schema_version(db), 10);
  EXPECT_THAT(migrate(db, {kCreateA, kEight, kTen}), ElementsAre(8));
  EXPECT_TRUE(table_exists(db, "eight"));
  EXPECT_EQ(schema_version(db), 10);
  EXPECT_THAT(recorded_versions(db), ElementsAre(1, 8, 10));
  EXPECT_THAT(migrate(db, {kCreateA, kEight, kTen}), IsEmpty());
}

TEST(Migrations, RerunningIsANoOp) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("rerun.sqlite3"), 1000);
  migrate(db, {kCreateA, kCreateB});
  EXPECT_THAT(migrate(db, {kCreateA, kCreateB}), IsEmpty());
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_EQ(db.db().execAndGet("SELECT count(*) FROM b").getInt(), 1);  // the seed row was not inserted twice
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

}  // namespace
}  // namespace ambassador::storage
