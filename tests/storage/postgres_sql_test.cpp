#include <gtest/gtest.h>

#include "storage/postgres_sql.hpp"

namespace ambassador::storage {
namespace {

TEST(PostgresSql, NumbersPlaceholdersInOrder) {
  EXPECT_EQ(postgres_sql("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3");
}

TEST(PostgresSql, KeepsNumberedPlaceholdersAndContinuesAfterTheHighestAsSqliteDoes) {
  EXPECT_EQ(postgres_sql("?2 = '' OR status = ?2 AND id > ?1"), "$2 = '' OR status = $2 AND id > $1");
  EXPECT_EQ(postgres_sql("x = ?3 AND y = ?"), "x = $3 AND y = $4");
  EXPECT_EQ(postgres_sql("x = ?12"), "x = $12");
}

TEST(PostgresSql, LeavesQuotedTextNamesAndCommentsAlone) {
  EXPECT_EQ(postgres_sql("SELECT '?', 'it''s ?', \"a?b\" FROM t -- why?\nWHERE x = ?"),
            "SELECT '?', 'it''s ?', \"a?b\" FROM t -- why?\nWHERE x = $1");
}

TEST(PostgresSql, CrossJoinWithOnIsAnInnerJoin) {
  EXPECT_EQ(postgres_sql("FROM clicks c CROSS JOIN tracked_links t ON t.token = c.token WHERE c.id > ?"),
            "FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.id > $1");
  EXPECT_EQ(postgres_sql("SELECT 'CROSS JOIN'"), "SELECT 'CROSS JOIN'");
}

TEST(PostgresSql, CountsTheHighestParameter) {
  EXPECT_EQ(placeholder_count("SELECT 1"), 0);
  EXPECT_EQ(placeholder_count("x = $2 AND y = $1 AND z = $2"), 2);
  EXPECT_EQ(placeholder_count("x = '$9' AND y = $10"), 10);
}

}  // namespace
}  // namespace ambassador::storage
