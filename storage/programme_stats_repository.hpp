#pragma once
// The whole programme's figures over a span of days, for the stats API and the dashboard: shares and clicks by
// UTC day, post, department, network and ambassador (raw clicks and the daily counts old clicks were rolled up
// into alike), who shared, how many ambassadors there are, and webcare answers. Every query is bound by an index
// on its time column (see migration 10), so a span costs what happened in it, not the size of the tables.
#include <cstdint>
#include <map>
#include <optional>
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
};

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

  // Activity on days [from_day, to_day), one row per (day, post, department, network, ambassador);
  // `department` "" for every department.
  std::vector<ActivityRow> activity(std::int64_t from_day, std::int64_t to_day, const std::string& department);
  // Distinct ambassadors who shared in [from, to).
  std::vector<std::int64_t> sharers(std::int64_t from_ms, std::int64_t to_ms, const std::string& department);
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
