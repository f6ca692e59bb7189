#include <gtest/gtest.h>

#include "storage/connection.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

TEST(Connection, CachesOneStatementPerSqlText) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("cache.sqlite3"), 1000);
  db.exec("CREATE TABLE t (x INTEGER)");
  auto& first = db.prepare("INSERT INTO t VALUES (?)");
  auto& again = db.prepare("INSERT INTO t VALUES (?)");
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &db.prepare("SELECT x FROM t"));
}

TEST(Connection, PreparedAgainStatementStartsWithNoBindings) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("bindings.sqlite3"), 1000);
  db.exec("CREATE TABLE t (x INTEGER)");
  auto& insert = db.prepare("INSERT INTO t VALUES (?)");
  insert.bind(1, 7);
  insert.exec();
  db.prepare("INSERT INTO t VALUES (?)").exec();  // nothing bound: NULL, not a leftover 7
  EXPECT_EQ(db.db().execAndGet("SELECT count(*) FROM t WHERE x IS NULL").getInt(), 1);
}

// A statement whose last step failed (a constraint) must not fail again on its next, valid use.
TEST(Connection, StatementThatFailedIsUsableAgain) {
  ambassador::testing::TempDir dir;
  Connection db(dir.file("poison.sqlite3"), 1000);
  db.exec("CREATE TABLE t (x INTEGER UNIQUE)");
  const std::string sql = "INSERT INTO t VALUES (?)";
  auto& insert = db.prepare(sql);
  insert.bind(1, 1);
  insert.exec();
  auto& duplicate = db.prepare(sql);
  duplicate.bind(1, 1);
  EXPECT_THROW(duplicate.exec(), SQLite::Exception);
  auto& next = db.prepare(sql);
  next.bind(1, 2);
  EXPECT_NO_THROW(next.exec());
  EXPECT_EQ(db.db().execAndGet("SELECT count(*) FROM t").getInt(), 2);
}

TEST(Connection, ResetStatementsReleasesTheReadSnapshot) {
  ambassador::testing::TempDir dir;
  const auto path = dir.file("snapshot.sqlite3");
  Connection writer(path, 1000);
  writer.exec("CREATE TABLE t (x INTEGER)");
  Connection reader(path, 1000, Connection::Mode::read_only);

  auto& count = reader.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.executeStep());  // left on its row: its read transaction stays open
  EXPECT_EQ(count.getColumn(0).getInt(), 0);
  writer.exec("INSERT INTO t VALUES (1)");

  reader.reset_statements();
  auto& max = reader.prepare("SELECT coalesce(max(x), 0) FROM t");
  ASSERT_TRUE(max.executeStep());
  EXPECT_EQ(max.getColumn(0).getInt(), 1);
  reader.reset_statements();
}

TEST(Connection, ReadOnlyModeDoesNotCreateTheFile) {
  ambassador::testing::TempDir dir;
  EXPECT_THROW(Connection(dir.file("absent.sqlite3"), 100, Connection::Mode::read_only), SQLite::Exception);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "absent.sqlite3"));
}

}  // namespace
}  // namespace ambassador::storage
