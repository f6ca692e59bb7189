#pragma once
// The whole programme's figures over a span of days, for the stats API and the dashboard: shares and clicks by
// UTC day, post, department and network (from the daily rollup, migration 12; per ambassador from the raw rows
// for the export), who shared, how many ambassadors there are, and webcare answers. Every query is bound by an
// index on its time column, so a span costs what happened in it, not the size of the tables.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

inline constexpr std::int64_t kStatsDayMs = 86'400'000;

struct ActivityRow {
  std::int64_t day = 0;  // days since the epoch, UTC
  std::int64_t post_id = 0;
  std::string department_id;
  std::string network;
  std::optional<std::int64_t> ambassador_id;  // null: a link not tied to a person
  std::int64_t shares = 0, clicks = 0, unique_clicks = 0;
  // What the row adds to: ActivityDetail::organisation gives figures per post and the rest in separate rows.
  enum class Counts { all, posts_only, all_but_posts } counts = Counts::all;
};

// Rows per (day, post, department, network), or for the whole organisation two coarser sets: per (day, post,
// network) for the figures per post (Counts::posts_only, department "") and per (day, department, network) for
// all the others (Counts::all_but_posts, post 0). A 90-day span of the organisation reads far fewer rows so.
enum class ActivityDetail { rows, organisation };

struct PostSummary {
  std::int64_t id = 0;
  std::string title;
  std::vector<std::string> themes;
  std::string status;
  std::optional<std::int64_t> publish_at_ms;
};

class ProgrammeStatsRepository {
 public:
  explicit ProgrammeStatsRepository(Connection& connection) : db_(connection) {}

  // Activity on days [from_day, to_day), without ambassadors: the rollup (activity_days, or its projections for
  // ActivityDetail::organisation with `department` "") and the raw rows the badge pass has not walked yet (always
  // per row, Counts::all). `department` "" for every department. A key may come more than once: add them up. Call
  // inside one read transaction, so that the rollup and the raw rows are of the same moment.
  void activity(std::int64_t from_day, std::int64_t to_day, const std::string& department, ActivityDetail detail,
                const std::function<void(const ActivityRow&)>& row);
  // The same per ambassador as well, from the raw shares and clicks and the clicks retention rolled up by link and
  // day (for the export with names; it reads every click of the span): one row per (day, post, department,
  // network, ambassador), in that order, until `row` returns false.
  void activity_by_person(std::int64_t from_day, std::int64_t to_day, const std::string& department,
                          const std::function<bool(const ActivityRow&)>& row);
  // Posts that name `theme` among their themes.
  std::set<std::int64_t> posts_with_theme(const std::string& theme);
  // Distinct ambassadors who shared in [from, to).
  std::int64_t sharers(std::int64_t from_ms, std::int64_t to_ms, const std::string& department);
  // Ambassadors who have not opted out (now).
  std::int64_t ambassadors(const std::string& department);
  // Posts published (sending or sent) with publish_at in [from, to).
  std::vector<std::int64_t> published_posts(std::int64_t from_ms, std::int64_t to_ms);
  std::map<std::int64_t, PostSummary> posts(const std::vector<std::int64_t>& ids);
  std::map<std::int64_t, std::string> ambassador_names(const std::vector<std::int64_t>& ids);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
