#pragma once
// What keeps the database from growing without bound: each call handles at most `limit` rows older than a
// cutoff and returns how many it handled, so a caller repeats it in short writer jobs until it returns less.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "storage/connection.hpp"

namespace ambassador::storage {

// The tables that grow with use, whose sizes table_sizes() reports.
inline constexpr std::array<std::string_view, 10> kSizedTables{"clicks", "click_days",    "inbox",  "outbox",
                                                               "posts",  "tracked_links", "shares", "local_messages",
                                                               "ideas",  "ambassadors"};

class RetentionRepository {
 public:
  explicit RetentionRepository(Connection& connection) : db_(connection) {}

  // Folds raw clicks older than `before_ms` into click_days (per link and UTC day: clicks and unique clicks)
  // and deletes them, so the stats report the same totals while the visitor hashes are gone. Only clicks the badge
  // pass has walked (its cursor), so the programme stats rollup has counted each first, and never the newest row
  // (so that no row id is handed out twice).
  int roll_up_clicks_before(std::int64_t before_ms, std::size_t limit);
  // Deletes sent, failed and cancelled deliveries created before `before_ms`, except deliveries of a post that
  // can still be recalled (not cancelled, and not expired before the cutoff): a recall edits what they sent.
  // Pending, claimed and sending rows are never touched.
  int purge_settled_outbox_before(std::int64_t before_ms, std::size_t limit);
  int purge_local_messages_before(std::int64_t before_ms, std::size_t limit);
  // Approved and rejected ideas reviewed before `before_ms`; pending ones stay however old.
  int purge_decided_ideas_before(std::int64_t before_ms, std::size_t limit);

  // Row counts of the tables that grow with use, by table name. COUNT(*) walks a whole index: call it now and
  // then (the retention job does, after each pass), not per request.
  std::map<std::string, std::int64_t> table_sizes();

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
