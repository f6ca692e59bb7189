#include "storage/tracking_repository.hpp"

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

// Clicks and unique clicks on the tracked links `t` passing `link_filter`: the raw clicks plus the daily counts
// older clicks were rolled up into.
std::string click_totals_sql(std::string_view link_filter) {
  const std::string links = "(SELECT t.token FROM tracked_links t WHERE " + std::string(link_filter) + ")";
  return "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(u), 0) FROM ("
         "SELECT COUNT(*) AS n, SUM(is_unique) AS u FROM clicks WHERE token IN " +
         links + " UNION ALL SELECT SUM(clicks), SUM(unique_clicks) FROM click_days WHERE token IN " + links +
         ") counts";
}

}  // namespace

std::string TrackingRepository::link_for(std::int64_t post_id, std::optional<std::int64_t> ambassador_id,
                                         std::string_view department_id, std::string_view network, std::int64_t now_ms,
                                         const std::function<std::string()>& new_token) {
  // `IS`, not `=`: links without an ambassador are looked up too (UNIQUE treats NULLs as distinct, so the
  // single writer's look-up-then-insert is what keeps them one per post and network).
  auto& select = db_.prepare(
      "SELECT token FROM tracked_links WHERE post_id = ? AND ambassador_id IS NOT DISTINCT FROM ? AND network = ?");
  select.bind(1, static_cast<std::int64_t>(post_id));
  bind_optional(select, 2, ambassador_id);
  select.bind(3, std::string(network));
  if (select.executeStep()) return select.getColumn(0).getString();

  std::string token = new_token();
  auto& insert = db_.prepare(
      "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, token);
  insert.bind(2, static_cast<std::int64_t>(post_id));
  bind_optional(insert, 3, ambassador_id);
  insert.bind(4, std::string(department_id));
  insert.bind(5, std::string(network));
  insert.bind(6, static_cast<std::int64_t>(now_ms));
  insert.exec();
  return token;
}

std::optional<ResolvedLink> TrackingRepository::resolve(std::string_view token) {
  auto& select = db_.prepare(
      "SELECT t.post_id, t.ambassador_id, t.department_id, t.network, p.link_url, p.status, p.title,"
      " p.suggested_texts FROM tracked_links t JOIN posts p ON p.id = t.post_id WHERE t.token = ?");
  select.bind(1, std::string(token));
  if (!select.executeStep()) return std::nullopt;
  ResolvedLink link;
  link.token = std::string(token);
  link.post_id = select.getColumn(0).getInt64();
  if (!select.getColumn(1).isNull()) link.ambassador_id = select.getColumn(1).getInt64();
  link.department_id = select.getColumn(2).getString();
  link.network = select.getColumn(3).getString();
  link.link_url = select.getColumn(4).getString();
  link.post_status = select.getColumn(5).getString();
  link.post_title = select.getColumn(6).getString();
  link.suggested_texts = select.getColumn(7).getString();
  return link;
}

std::string TrackingRepository::salt_for_day(std::int64_t day, const std::function<std::string()>& random_salt) {
  auto& select = db_.prepare("SELECT salt FROM visitor_salts WHERE day = ?");
  select.bind(1, static_cast<std::int64_t>(day));
  if (select.executeStep()) return select.getColumn(0).getString();

  std::string salt = random_salt();
  auto& insert = db_.prepare("INSERT INTO visitor_salts(day, salt) VALUES (?, ?)");
  insert.bind(1, static_cast<std::int64_t>(day));
  insert.bind_blob(2, salt);  // a BLOB: salts are raw bytes
  insert.exec();
  auto& forget = db_.prepare("DELETE FROM visitor_salts WHERE day < ?");
  forget.bind(1, static_cast<std::int64_t>(day - 2));
  forget.exec();
  return salt;
}

ClickRecord TrackingRepository::record_click(std::string_view token, std::string_view visitor_hash,
                                             std::int64_t now_ms) {
  // One statement: the single writer makes check-and-insert atomic. clicks_by_visitor answers the cap; the partial
  // unique index (token, visitor_hash) WHERE is_unique = 1 both answers the NOT EXISTS and guards against a
  // second unique row.
  auto& insert = db_.prepare(
      "INSERT INTO clicks(token, visitor_hash, is_unique, clicked_at)"
      " SELECT ?1, ?2,"
      " CASE WHEN EXISTS (SELECT 1 FROM clicks WHERE token = ?1 AND visitor_hash = ?2 AND is_unique = 1) THEN 0 ELSE 1"
      " END, ?3"
      " WHERE NOT EXISTS (SELECT 1 FROM clicks WHERE token = ?1 AND visitor_hash = ?2 AND clicked_at > ?3 - ?4)"
      " RETURNING is_unique");
  insert.bind(1, std::string(token));
  insert.bind(2, std::string(visitor_hash));
  insert.bind(3, static_cast<std::int64_t>(now_ms));
  insert.bind(4, static_cast<std::int64_t>(kClickCapWindowMs));
  if (!insert.executeStep()) return ClickRecord::capped;
  const bool unique = insert.getColumn(0).getInt() == 1;
  while (insert.executeStep()) {
  }  // RETURNING: the row is written when the statement runs to completion
  return unique ? ClickRecord::unique : ClickRecord::repeat;
}

bool TrackingRepository::record_share(std::int64_t post_id, std::int64_t ambassador_id, std::string_view department_id,
                                      std::string_view network, std::string_view source, std::int64_t now_ms) {
  auto& insert = db_.prepare(
      "INSERT INTO shares(post_id, ambassador_id, department_id, network, source, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, ambassador_id, network) DO NOTHING");
  insert.bind(1, static_cast<std::int64_t>(post_id));
  insert.bind(2, static_cast<std::int64_t>(ambassador_id));
  insert.bind(3, std::string(department_id));
  insert.bind(4, std::string(network));
  insert.bind(5, std::string(source));
  insert.bind(6, static_cast<std::int64_t>(now_ms));
  insert.exec();
  if (db_.changes() > 0) return true;
  if (source == "confirmed") {
    auto& upgrade = db_.prepare(
        "UPDATE shares SET source = 'confirmed'"
        " WHERE post_id = ? AND ambassador_id = ? AND network = ? AND source = 'link_opened'");
    upgrade.bind(1, static_cast<std::int64_t>(post_id));
    upgrade.bind(2, static_cast<std::int64_t>(ambassador_id));
    upgrade.bind(3, std::string(network));
    upgrade.exec();
  }
  return false;
}

bool TrackingRepository::confirm_share(std::int64_t post_id, std::int64_t ambassador_id, std::string_view department_id,
                                       std::int64_t now_ms) {
  auto& upgrade = db_.prepare("UPDATE shares SET source = 'confirmed' WHERE post_id = ? AND ambassador_id = ?");
  upgrade.bind(1, static_cast<std::int64_t>(post_id));
  upgrade.bind(2, static_cast<std::int64_t>(ambassador_id));
  if (upgrade.exec() > 0) return false;
  return record_share(post_id, ambassador_id, department_id, "other", "confirmed", now_ms);
}

void TrackingRepository::record_reaction(std::int64_t post_id, std::int64_t ambassador_id, std::string_view reaction,
                                         std::int64_t now_ms) {
  auto& insert = db_.prepare(
      "INSERT INTO post_reactions(post_id, ambassador_id, reaction, created_at) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (post_id, ambassador_id) DO NOTHING");
  insert.bind(1, static_cast<std::int64_t>(post_id));
  insert.bind(2, static_cast<std::int64_t>(ambassador_id));
  insert.bind(3, std::string(reaction));
  insert.bind(4, static_cast<std::int64_t>(now_ms));
  insert.exec();
}

PostStats TrackingRepository::post_stats(std::int64_t post_id) {
  PostStats stats;
  auto& shares = db_.prepare(
      "SELECT network, department_id, COUNT(*) FROM shares WHERE post_id = ? GROUP BY network, department_id");
  shares.bind(1, static_cast<std::int64_t>(post_id));
  while (shares.executeStep()) {
    const auto count = shares.getColumn(2).getInt64();
    stats.shares += count;
    stats.shares_by_network[shares.getColumn(0).getString()] += count;
    stats.shares_by_department[shares.getColumn(1).getString()] += count;
  }
  auto& clicks = db_.prepare(click_totals_sql("t.post_id = ?1"));
  clicks.bind(1, static_cast<std::int64_t>(post_id));
  if (clicks.executeStep()) {
    stats.clicks = clicks.getColumn(0).getInt64();
    stats.unique_clicks = clicks.getColumn(1).getInt64();
  }
  return stats;
}

PersonalStats TrackingRepository::personal_stats(std::int64_t ambassador_id) {
  PersonalStats stats;
  auto& shares = db_.prepare("SELECT COUNT(*), COUNT(DISTINCT post_id) FROM shares WHERE ambassador_id = ?");
  shares.bind(1, static_cast<std::int64_t>(ambassador_id));
  if (shares.executeStep()) {
    stats.shares = shares.getColumn(0).getInt64();
    stats.posts_shared = shares.getColumn(1).getInt64();
  }
  auto& clicks = db_.prepare(click_totals_sql("t.ambassador_id = ?1"));
  clicks.bind(1, static_cast<std::int64_t>(ambassador_id));
  if (clicks.executeStep()) {
    stats.clicks = clicks.getColumn(0).getInt64();
    stats.unique_clicks = clicks.getColumn(1).getInt64();
  }
  return stats;
}

}  // namespace ambassador::storage
