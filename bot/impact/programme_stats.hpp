#pragma once
// The programme's impact over a span of days (UTC), as the stats API and the dashboard show it: totals, a series
// per day, week (from Monday) or month, figures per post, theme, department and network, the estimated media value
// with the formula it came from, the configured baseline beside the current figures, and webcare's answers.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador::impact {

enum class Interval { day, week, month };

// Longest span one request may cover, and the longest for a daily series.
inline constexpr std::int64_t kMaxSpanDays = 731;
inline constexpr std::int64_t kMaxDailySpanDays = 366;

struct StatsQuery {
  std::int64_t from_day = 0;  // days since the epoch, inclusive
  std::int64_t to_day = 0;    // inclusive
  Interval interval = Interval::week;
  std::string department;  // "" all
  std::string theme;       // "" all
};

struct StatsParams {
  std::string from, to, interval, department, theme;  // as given; "" for absent
};

// The query, or the reason it is refused (for a 400). Without dates: the 30 days up to `today_day`.
std::variant<StatsQuery, std::string> parse_stats_query(const StatsParams& params, std::int64_t today_day,
                                                        const config::Config& config);

nlohmann::json programme_stats(storage::Connection& db, const StatsQuery& query, const config::ImpactConfig& impact);

// At most this many lines in one export (it is built in memory): a broader one is refused, to be narrowed.
inline constexpr std::size_t kMaxCsvLines = 200'000;

// Shares and clicks per day, post, department and network (and ambassador, when `with_names`), as CSV. Nothing
// about the people who clicked is in it. nullopt when it would have more than `max_lines` lines.
std::optional<std::string> activity_csv(storage::Connection& db, const StatsQuery& query, bool with_names,
                                        std::size_t max_lines = kMaxCsvLines);

// "2026-01-31" → days since the epoch; nullopt when not a date.
std::optional<std::int64_t> parse_day(std::string_view text);
std::string format_day(std::int64_t day);

}  // namespace ambassador::impact
