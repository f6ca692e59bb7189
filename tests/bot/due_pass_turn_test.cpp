// Instances on one PostgreSQL database take turns at each scheduled job: one pass of a job at a time, anywhere.
#include <gtest/gtest.h>

#include "bot/due_pass_timer.hpp"
#include "storage/transaction.hpp"
#include "test_database.hpp"

namespace ambassador {
namespace {

TEST(DuePassTurn, OnePassOfAJobAtATimeAcrossInstancesUntilItsTransactionEnds) {
  if (!testing::on_postgres()) GTEST_SKIP() << "an SQLite file serves one instance";
  testing::TempDir dir;
  const auto url = testing::database(dir, "turns");
  storage::Connection first(url, 5000), second(url, 5000);
  {
    storage::Transaction first_pass(first);
    ASSERT_TRUE(take_pass_turn(first, "webcare"));
    storage::Transaction second_pass(second);
    EXPECT_FALSE(take_pass_turn(second, "webcare"));
    EXPECT_TRUE(take_pass_turn(second, "digests"));  // another job is another turn
  }  // both roll back: the turns end with them, as with a crashed instance's connection
  storage::Transaction later(second);
  EXPECT_TRUE(take_pass_turn(second, "webcare"));
}

TEST(DuePassTurn, AlwaysThisInstancesOnSqlite) {
  testing::TempDir dir;
  storage::Connection db(dir.file("one.sqlite3"), 1000);
  EXPECT_TRUE(take_pass_turn(db, "webcare"));
}

}  // namespace
}  // namespace ambassador
