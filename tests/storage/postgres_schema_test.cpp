// PostgreSQL's schema against SQLite's: the same tables with the same columns and the same indexes, so that every
// repository's statements find on one backend what they find on the other. Runs in the PostgreSQL leg only.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

using Columns = std::map<std::string, std::set<std::string>>;

Columns sqlite_columns(Connection& db) {
  Columns columns;
  auto& select = db.prepare(
      "SELECT m.name, c.name FROM sqlite_schema m, pragma_table_info(m.name) c"
      " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
  while (select.executeStep()) columns[select.getColumn(0).getString()].insert(select.getColumn(1).getString());
  return columns;
}

Columns postgres_columns(Connection& db) {
  Columns columns;
  auto& select = db.prepare(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()");
  while (select.executeStep()) columns[select.getColumn(0).getString()].insert(select.getColumn(1).getString());
  return columns;
}

std::set<std::string> names(Connection& db, const std::string& sql) {
  std::set<std::string> out;
  auto& select = db.prepare(sql);
  while (select.executeStep()) out.insert(select.getColumn(0).getString());
  return out;
}

class PostgresSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ambassador::testing::on_postgres()) GTEST_SKIP() << "the PostgreSQL leg only (AMBASSADOR_TEST_POSTGRES_URL)";
  }
  ambassador::testing::TempDir dir_;
};

TEST_F(PostgresSchema, HasEveryTableAndColumnSqliteHas) {
  Connection sqlite(dir_.file("schema.sqlite3"), 1000);
  migrate(sqlite);
  Connection postgres(ambassador::testing::database(dir_, "schema"), 1000);
  migrate(postgres);
  EXPECT_EQ(schema_version(postgres), schema_version(sqlite));
  EXPECT_EQ(postgres_columns(postgres), sqlite_columns(sqlite));
}

TEST_F(PostgresSchema, HasEveryIndexSqliteHas) {
  Connection sqlite(dir_.file("schema.sqlite3"), 1000);
  migrate(sqlite);
  Connection postgres(ambassador::testing::database(dir_, "schema"), 1000);
  migrate(postgres);
  const auto sqlite_indexes =
      names(sqlite, "SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'");
  const auto postgres_indexes = names(postgres, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
  for (const auto& index : sqlite_indexes) EXPECT_TRUE(postgres_indexes.count(index)) << index;
}

// Instances started together: one migrates, the others wait on the advisory lock and find nothing left to do.
TEST_F(PostgresSchema, InstancesMigratingAtOnceApplyEachVersionOnce) {
  const auto address = ambassador::testing::database(dir_, "race");
  std::vector<std::vector<int>> applied(4);
  std::vector<std::thread> threads;
  for (auto& result : applied) {
    threads.emplace_back([&address, &result] {
      Connection db(address, 10000);
      result = migrate(db);
    });
  }
  for (auto& thread : threads) thread.join();
  int total = 0;
  for (const auto& result : applied) total += static_cast<int>(result.size());
  EXPECT_EQ(total, static_cast<int>(postgres_migrations().size()));
  Connection db(address, 1000);
  EXPECT_EQ(db.query_int64("SELECT count(*) FROM schema_migrations"), static_cast<int>(postgres_migrations().size()));
}

}  // namespace
}  // namespace ambassador::storage
