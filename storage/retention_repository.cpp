#include "storage/retention_repository.hpp"

namespace ambassador::storage {
namespace {

int run_chunk(Connection& db, const std::string& sql, std::int64_t before_ms, std::size_t limit) {
  auto& statement = db.prepare(sql);
  statement.bind(1, static_cast<std::int64_t>(before_ms));
  statement.bind(2, static_cast<std::int64_t>(limit));
  return statement.exec();
}

}  // namespace

int RetentionRepository::roll_up_clicks_before(std::int64_t before_ms, std::size_t limit) {
  // Both statements pick the same chunk (same order, same writer transaction): the oldest clicks first. Only clicks
  // the badge pass has walked: the stats rollup (activity_days) counts a click when the pass walks past it. Never
  // the click with the largest id: SQLite gives a new row the largest id + 1, so deleting it would hand its id to
  // the next click, below the pass's cursor, and that click would never be counted.
  const std::string chunk =
      "SELECT id FROM clicks WHERE clicked_at < ?1"
      " AND id <= (SELECT last_id FROM badge_cursors WHERE source = 'clicks')"
      " AND id < (SELECT MAX(id) FROM clicks) ORDER BY clicked_at, id LIMIT ?2";
  run_chunk(db_,
            "INSERT INTO click_days(token, day, clicks, unique_clicks)"
            " SELECT token, clicked_at / 86400000, COUNT(*), SUM(is_unique) FROM clicks WHERE id IN (" +
                chunk +
                ") GROUP BY token, clicked_at / 86400000"
                " ON CONFLICT (token, day) DO UPDATE SET clicks = click_days.clicks + excluded.clicks,"
                " unique_clicks = click_days.unique_clicks + excluded.unique_clicks",
            before_ms, limit);
  return run_chunk(db_, "DELETE FROM clicks WHERE id IN (" + chunk + ")", before_ms, limit);
}

int RetentionRepository::purge_settled_outbox_before(std::int64_t before_ms, std::size_t limit) {
  return run_chunk(db_,
                   "DELETE FROM outbox WHERE id IN (SELECT o.id FROM outbox o"
                   " WHERE (o.status = 'sent' OR o.status = 'failed' OR o.status = 'cancelled') AND o.created_at < ?1"
                   " AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = o.post_id AND p.status <> 'cancelled'"
                   " AND (p.expires_at IS NULL OR p.expires_at >= ?1))"
                   " ORDER BY o.created_at LIMIT ?2)",
                   before_ms, limit);
}

int RetentionRepository::purge_local_messages_before(std::int64_t before_ms, std::size_t limit) {
  return run_chunk(db_,
                   "DELETE FROM local_messages WHERE id IN"
                   " (SELECT id FROM local_messages WHERE created_at < ?1 ORDER BY created_at LIMIT ?2)",
                   before_ms, limit);
}

int RetentionRepository::purge_decided_ideas_before(std::int64_t before_ms, std::size_t limit) {
  return run_chunk(db_,
                   "DELETE FROM ideas WHERE id IN (SELECT id FROM ideas"
                   " WHERE status <> 'pending' AND reviewed_at < ?1 ORDER BY reviewed_at LIMIT ?2)",
                   before_ms, limit);
}

std::map<std::string, std::int64_t> RetentionRepository::table_sizes() {
  std::map<std::string, std::int64_t> sizes;
  for (const auto table : kSizedTables) {
    auto& count = db_.prepare("SELECT COUNT(*) FROM " + std::string(table));
    sizes[std::string(table)] = count.executeStep() ? count.getColumn(0).getInt64() : 0;
  }
  return sizes;
}

}  // namespace ambassador::storage
