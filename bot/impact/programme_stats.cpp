#include "bot/impact/programme_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include <date/date.h>
#include "storage/transaction.hpp"

#include "config/checks.hpp"
#include "storage/programme_stats_repository.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::impact {
namespace {
using nlohmann::json;

// The networks a tracked link can be for (the schema's CHECK), in the order the formula names them.
constexpr std::array<std::string_view, 4> kNetworks{"linkedin", "x", "facebook", "other"};

std::size_t network_index(std::string_view network) {
  for (std::size_t i = 0; i + 1 < kNetworks.size(); ++i)
    if (kNetworks[i] == network) return i;
  return kNetworks.size() - 1;
}

struct Figures {
  std::int64_t shares = 0, clicks = 0, unique_clicks = 0;
  std::array<std::int64_t, kNetworks.size()> unique_by_network{};

  Figures& operator+=(const Figures& other) {
    shares += other.shares;
    clicks += other.clicks;
    unique_clicks += other.unique_clicks;
    for (std::size_t i = 0; i < kNetworks.size(); ++i) unique_by_network[i] += other.unique_by_network[i];
    return *this;
  }
};

double cost_of(const config::ImpactConfig& impact, std::string_view network) {
  if (network == "linkedin") return impact.cost_linkedin;
  if (network == "x") return impact.cost_x;
  if (network == "facebook") return impact.cost_facebook;
  return impact.cost_other;
}

double cents(double euros) { return std::round(euros * 100.0) / 100.0; }

double media_value(const Figures& figures, const config::ImpactConfig& impact) {
  double value = 0;
  for (std::size_t i = 0; i < kNetworks.size(); ++i)
    value += static_cast<double>(figures.unique_by_network[i]) * cost_of(impact, kNetworks[i]);
  return cents(value);
}

Figures figures_of(const storage::ActivityRow& row) {
  Figures figures;
  figures.shares = row.shares;
  figures.clicks = row.clicks;
  figures.unique_clicks = row.unique_clicks;
  figures.unique_by_network[network_index(row.network)] = row.unique_clicks;
  return figures;
}

json figures_json(const Figures& figures, const config::ImpactConfig& impact) {
  return {{"shares", figures.shares},
          {"clicks", figures.clicks},
          {"unique_clicks", figures.unique_clicks},
          {"media_value", media_value(figures, impact)}};
}

date::sys_days as_sys(std::int64_t day) { return date::sys_days{date::days{day}}; }

std::int64_t bucket_start(std::int64_t day, Interval interval) {
  const auto d = as_sys(day);
  if (interval == Interval::day) return day;
  if (interval == Interval::week) {
    const auto since_monday = (date::weekday{d} - date::Monday).count();
    return day - since_monday;
  }
  const date::year_month_day ymd{d};
  return date::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
}

std::int64_t next_bucket(std::int64_t start, Interval interval) {
  if (interval == Interval::day) return start + 1;
  if (interval == Interval::week) return start + 7;
  const date::year_month_day ymd{as_sys(start)};
  return date::sys_days{(ymd.year() / ymd.month() + date::months{1}) / 1}.time_since_epoch().count();
}

bool has_theme(const storage::PostSummary& post, const std::string& theme) {
  return std::find(post.themes.begin(), post.themes.end(), theme) != post.themes.end();
}

// Calls `row` for the activity of [from_day, to_day] with the query's department and theme, in one read
// snapshot (the rollup and the raw rows past the badge pass's cursors must be of the same moment): a savepoint is
// a read transaction of its own on a reader connection, and nests inside a caller's.
void for_each_activity(storage::Connection& db, std::int64_t from_day, std::int64_t to_day, const StatsQuery& query,
                       storage::ActivityDetail detail, const std::function<void(const storage::ActivityRow&)>& row) {
  storage::ProgrammeStatsRepository repo(db);
  const auto theme_posts = query.theme.empty() ? std::set<std::int64_t>{} : repo.posts_with_theme(query.theme);
  // The coarser rollups know no themes.
  if (!query.theme.empty()) detail = storage::ActivityDetail::rows;
  storage::Savepoint snapshot(db, "stats_snapshot", true);
  repo.activity(from_day, to_day + 1, query.department, detail, [&](const storage::ActivityRow& activity) {
    if (query.theme.empty() || theme_posts.count(activity.post_id)) row(activity);
  });
  snapshot.release();
}

template <typename Key>
std::vector<std::int64_t> keys_of(const std::map<std::int64_t, Key>& map) {
  std::vector<std::int64_t> ids;
  ids.reserve(map.size());
  for (const auto& [id, value] : map) ids.push_back(id);
  return ids;
}

std::string euros(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "€%.2f", value);
  return text;
}

json media_value_json(const Figures& total, const config::ImpactConfig& impact) {
  json costs = json::object(), clicks = json::object();
  std::string formula = "unique clicks × cost per unique click of the network:";
  bool first = true;
  for (std::size_t i = 0; i < kNetworks.size(); ++i) {
    const std::string network(kNetworks[i]);
    const auto unique = total.unique_by_network[i];
    costs[network] = cost_of(impact, network);
    clicks[network] = unique;
    formula += std::string(first ? " " : " + ") + network + " " + std::to_string(unique) + " × " +
               euros(cost_of(impact, network));
    first = false;
  }
  const auto value = media_value(total, impact);
  formula += " = " + euros(value);
  return {{"total", value},
          {"currency", "EUR"},
          {"formula", formula},
          {"cost_per_unique_click", costs},
          {"unique_clicks_by_network", clicks}};
}

json per_day(std::int64_t shares, std::int64_t unique_clicks, double value, std::int64_t days) {
  const auto d = static_cast<double>(std::max<std::int64_t>(days, 1));
  return {{"shares", static_cast<double>(shares) / d},
          {"unique_clicks", static_cast<double>(unique_clicks) / d},
          {"media_value", cents(value / d)}};
}

std::int64_t days_in_month(const std::string& month) {
  const auto first = parse_day(month + "-01");
  const date::year_month_day ymd{as_sys(*first)};
  const auto next = date::sys_days{(ymd.year() / ymd.month() + date::months{1}) / 1}.time_since_epoch().count();
  return next - *first;
}

json baseline_json(storage::Connection& db, const StatsQuery& query, const config::ImpactConfig& impact) {
  if (!impact.baseline_from.empty()) {
    const auto from = *parse_day(impact.baseline_from), to = *parse_day(impact.baseline_to);
    Figures figures;
    for_each_activity(db, from, to, query, storage::ActivityDetail::organisation, [&](const storage::ActivityRow& row) {
      if (row.counts != storage::ActivityRow::Counts::posts_only) figures += figures_of(row);
    });
    const auto days = to - from + 1;
    auto out = figures_json(figures, impact);
    out.update({{"source", "period"},
                {"from", impact.baseline_from},
                {"to", impact.baseline_to},
                {"days", days},
                {"filters_applied", true},
                {"per_day", per_day(figures.shares, figures.unique_clicks, media_value(figures, impact), days)}});
    return out;
  }
  if (impact.baseline_months.empty()) return nullptr;
  std::int64_t shares = 0, unique = 0, days = 0;
  json months = json::array();
  for (const auto& month : impact.baseline_months) {
    shares += month.shares;
    unique += month.unique_clicks;
    days += days_in_month(month.month);
    months.push_back({{"month", month.month}, {"shares", month.shares}, {"unique_clicks", month.unique_clicks}});
  }
  // Hand-entered clicks say no network: they are valued at the cost of 'other'.
  const double value = cents(static_cast<double>(unique) * impact.cost_other);
  return {{"source", "months"},
          {"months", months},
          {"days", days},
          {"shares", shares},
          {"unique_clicks", unique},
          {"media_value", value},
          {"media_value_formula", "unique clicks × cost per unique click of 'other': " + std::to_string(unique) +
                                      " × " + euros(impact.cost_other) + " = " + euros(value)},
          {"filters_applied", false},
          {"per_day", per_day(shares, unique, value, days)}};
}

json ranked(const std::map<std::string, Figures>& groups, const std::string& key, const config::ImpactConfig& impact) {
  json list = json::array();
  for (const auto& [name, figures] : groups) {
    auto item = figures_json(figures, impact);
    item[key] = name;
    list.push_back(std::move(item));
  }
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
    return a["shares"].get<std::int64_t>() > b["shares"].get<std::int64_t>();
  });
  return list;
}

std::string csv_field(std::string text) {
  // A leading = + - @ would make a spreadsheet read the field as a formula.
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) text.insert(0, "'");
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view text) {
  if (!config::checks::is_iso_date(text)) return std::nullopt;
  const auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const date::year_month_day ymd{date::year{number(0, 4)}, date::month{static_cast<unsigned>(number(5, 2))},
                                 date::day{static_cast<unsigned>(number(8, 2))}};
  return date::sys_days{ymd}.time_since_epoch().count();
}

std::string format_day(std::int64_t day) { return date::format("%F", as_sys(day)); }

std::variant<StatsQuery, std::string> parse_stats_query(const StatsParams& params, std::int64_t today_day,
                                                        const config::Config& config) {
  StatsQuery query;
  query.to_day = today_day;
  if (!params.to.empty()) {
    const auto to = parse_day(params.to);
    if (!to) return "to must be a date as YYYY-MM-DD";
    query.to_day = *to;
  }
  query.from_day = query.to_day - 29;
  if (!params.from.empty()) {
    const auto from = parse_day(params.from);
    if (!from) return "from must be a date as YYYY-MM-DD";
    query.from_day = *from;
  }
  if (query.from_day > query.to_day) return "from must not be after to";
  const auto days = query.to_day - query.from_day + 1;
  if (days > kMaxSpanDays) return "the span may cover at most " + std::to_string(kMaxSpanDays) + " days";
  if (params.interval == "day") {
    query.interval = Interval::day;
    if (days > kMaxDailySpanDays)
      return "a daily series may cover at most " + std::to_string(kMaxDailySpanDays) + " days; use interval=week";
  } else if (params.interval == "month") {
    query.interval = Interval::month;
  } else if (params.interval.empty() || params.interval == "week") {
    query.interval = Interval::week;
  } else {
    return "interval must be day, week or month";
  }
  if (!params.department.empty() && !config.find_department(params.department))
    return "unknown department '" + params.department + "'";
  if (!params.theme.empty() &&
      std::find(config.themes.begin(), config.themes.end(), params.theme) == config.themes.end())
    return "unknown theme '" + params.theme + "'";
  query.department = params.department;
  query.theme = params.theme;
  return query;
}

json programme_stats(storage::Connection& db, const StatsQuery& query, const config::ImpactConfig& impact) {
  storage::ProgrammeStatsRepository repo(db);
  const std::int64_t from_ms = query.from_day * storage::kStatsDayMs;
  const std::int64_t to_ms = (query.to_day + 1) * storage::kStatsDayMs;

  // Sums by plain keys first: a 90-day span of the whole organisation is some hundred thousand rollup rows.
  Figures total;
  std::vector<Figures> day_sums(static_cast<std::size_t>(query.to_day - query.from_day + 1));
  std::unordered_map<std::int64_t, Figures> post_sums;
  std::unordered_map<std::string, Figures> department_sums;
  std::array<std::optional<Figures>, kNetworks.size()> network_sums;
  using Counts = storage::ActivityRow::Counts;
  const auto organisation = storage::ActivityDetail::organisation;
  for_each_activity(db, query.from_day, query.to_day, query, organisation, [&](const storage::ActivityRow& row) {
    const auto figures = figures_of(row);
    if (row.counts != Counts::all_but_posts) post_sums[row.post_id] += figures;
    if (row.counts == Counts::posts_only) return;
    total += figures;
    day_sums[static_cast<std::size_t>(row.day - query.from_day)] += figures;
    department_sums[row.department_id] += figures;
    auto& network = network_sums[network_index(row.network)];
    network = network.value_or(Figures{}) += figures;
  });
  std::map<std::int64_t, Figures> series, by_post(post_sums.begin(), post_sums.end());
  std::map<std::string, Figures> by_theme, by_department(department_sums.begin(), department_sums.end()), by_network;
  for (std::size_t i = 0; i < day_sums.size(); ++i)
    series[bucket_start(query.from_day + static_cast<std::int64_t>(i), query.interval)] += day_sums[i];
  for (std::size_t i = 0; i < kNetworks.size(); ++i)
    if (network_sums[i]) by_network.emplace(kNetworks[i], *network_sums[i]);
  const auto posts = repo.posts(keys_of(by_post));
  // A post counts for each of its themes (only the asked one when filtered).
  for (const auto& [id, figures] : by_post)
    if (const auto post = posts.find(id); post != posts.end())
      for (const auto& theme : post->second.themes)
        if (query.theme.empty() || theme == query.theme) by_theme[theme] += figures;

  json series_json = json::array();
  for (auto start = bucket_start(query.from_day, query.interval); start <= query.to_day;
       start = next_bucket(start, query.interval)) {
    auto item = figures_json(series.count(start) ? series[start] : Figures{}, impact);
    item["start"] = format_day(start);
    series_json.push_back(std::move(item));
  }
  json posts_json = json::array();
  for (const auto& [id, figures] : by_post) {
    auto item = figures_json(figures, impact);
    item["post_id"] = id;
    if (const auto post = posts.find(id); post != posts.end()) {
      item["title"] = post->second.title;
      item["themes"] = post->second.themes;
    }
    posts_json.push_back(std::move(item));
  }

  // Posts sent in the span, with the same filters (a post targeting every department counts for each).
  std::int64_t posts_sent = 0;
  const auto published = repo.published_posts(from_ms, to_ms);
  const auto published_posts = repo.posts(published);
  for (const auto id : published) {
    const auto post = published_posts.find(id);
    posts_sent += query.theme.empty() || (post != published_posts.end() && has_theme(post->second, query.theme));
  }

  const auto sharers = repo.sharers(from_ms, to_ms, query.department);
  const auto ambassadors = repo.ambassadors(query.department);
  const auto webcare = storage::QuestionRepository(db).answered_in(from_ms, to_ms, query.department);
  const auto days = query.to_day - query.from_day + 1;
  const auto value = media_value(total, impact);

  auto totals = figures_json(total, impact);
  totals.update({{"posts_sent", posts_sent},
                 {"clicks_per_share", total.shares == 0 ? 0.0
                                                        : std::round(100.0 * static_cast<double>(total.clicks) /
                                                                     static_cast<double>(total.shares)) /
                                                              100.0},
                 {"active_ambassadors", sharers},
                 {"ambassadors", ambassadors},
                 {"active_share",
                  ambassadors == 0
                      ? 0.0
                      : std::round(1000.0 * static_cast<double>(sharers) / static_cast<double>(ambassadors)) / 1000.0},
                 {"per_day", per_day(total.shares, total.unique_clicks, value, days)}});
  return {{"period",
           {{"from", format_day(query.from_day)},
            {"to", format_day(query.to_day)},
            {"days", days},
            {"interval", query.interval == Interval::day    ? "day"
                         : query.interval == Interval::week ? "week"
                                                            : "month"},
            {"time_zone", "UTC"}}},
          {"filters", {{"department", query.department}, {"theme", query.theme}}},
          {"totals", totals},
          {"series", series_json},
          {"by_post", posts_json},
          {"by_theme", ranked(by_theme, "theme", impact)},
          {"by_department", ranked(by_department, "department", impact)},
          {"by_network", ranked(by_network, "network", impact)},
          {"media_value", media_value_json(total, impact)},
          {"baseline", baseline_json(db, query, impact)},
          {"webcare",
           {{"answered", webcare.answered},
            {"answered_within_sla", webcare.within_sla},
            {"sla_met_share", webcare.answered == 0 ? 0.0
                                                    : std::round(1000.0 * static_cast<double>(webcare.within_sla) /
                                                                 static_cast<double>(webcare.answered)) /
                                                          1000.0}}}};
}

std::optional<std::string> activity_csv(storage::Connection& db, const StatsQuery& query, bool with_names,
                                        std::size_t max_lines) {
  storage::ProgrammeStatsRepository repo(db);
  // One line per day, post, department, network (and person, with names).
  std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::int64_t>, Figures> lines;
  std::set<std::int64_t> people;
  const auto add_line = [&](const storage::ActivityRow& row) {
    const std::int64_t person = with_names ? row.ambassador_id.value_or(0) : 0;
    if (person > 0) people.insert(person);
    lines[{row.day, row.post_id, row.department_id, row.network, person}] += figures_of(row);
    return lines.size() <= max_lines;
  };
  if (with_names) {
    const auto theme_posts = query.theme.empty() ? std::set<std::int64_t>{} : repo.posts_with_theme(query.theme);
    repo.activity_by_person(query.from_day, query.to_day + 1, query.department, [&](const storage::ActivityRow& row) {
      return !(query.theme.empty() || theme_posts.count(row.post_id)) || add_line(row);
    });
  } else {
    for_each_activity(db, query.from_day, query.to_day, query, storage::ActivityDetail::rows,
                      [&](const storage::ActivityRow& row) { add_line(row); });
  }
  if (lines.size() > max_lines) return std::nullopt;
  std::set<std::int64_t> post_ids;
  for (const auto& [key, figures] : lines) post_ids.insert(std::get<1>(key));
  const auto posts = repo.posts({post_ids.begin(), post_ids.end()});
  const auto names = repo.ambassador_names({people.begin(), people.end()});
  std::string csv = with_names ? "day,post_id,post_title,department,network,ambassador,shares,clicks,unique_clicks\r\n"
                               : "day,post_id,post_title,department,network,shares,clicks,unique_clicks\r\n";
  for (const auto& [key, figures] : lines) {
    const auto& [day, post_id, department, network, person] = key;
    const auto post = posts.find(post_id);
    csv += format_day(day) + "," + std::to_string(post_id) + "," +
           csv_field(post == posts.end() ? "" : post->second.title) + "," + csv_field(department) + "," + network + ",";
    if (with_names) {
      const auto name = names.find(person);
      csv += csv_field(name == names.end() ? "" : name->second) + ",";
    }
    csv += std::to_string(figures.shares) + "," + std::to_string(figures.clicks) + "," +
           std::to_string(figures.unique_clicks) + "\r\n";
  }
  return csv;
}

}  // namespace ambassador::impact
