// The retention repository's chunked deletes over a real database file: index-bound however many rows wait.
#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/retention_repository.hpp"

namespace ambassador::storage {
namespace {

class RetentionRepositoryTest : public MigratedDatabase {
 protected:
  RetentionRepository retention_{db_};
};

// Settled deliveries are found through their partial index (outbox_settled_by_age): a query SQLite cannot match
// to the index's WHERE, term for term, would scan the 200,000 deliveries still waiting on every chunk (at least
// one virtual-machine step per row).
TEST_F(RetentionRepositoryTest, SettledDeliveriesAreFoundThroughTheirIndexWith200000RowsWaiting) {
  if (ambassador::testing::on_postgres()) GTEST_SKIP() << "counts SQLite's virtual-machine steps";
  db_.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200010)"
      " INSERT INTO outbox(idempotency_key, platform, destination, message, status, next_attempt_at, give_up_at,"
      " created_at) SELECT 'row:' || i, 'slack', '{}', '{}', CASE WHEN i > 200000 THEN 'sent' ELSE 'pending' END,"
      " 1, 2, i FROM n");
  const auto before = db_.vm_steps();
  EXPECT_EQ(retention_.purge_settled_outbox_before(300000, 100), 10);
  EXPECT_LT(db_.vm_steps() - before, 2000);
  EXPECT_EQ(count_rows("SELECT count(*) FROM outbox"), 200000);
}

}  // namespace
}  // namespace ambassador::storage
