#include "bot/impact/programme_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <date/date.h>

#include "config/checks.hpp"
#include "storage/programme_stats_repository.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::impact {
namespace {
using nlohmann::json;

struct Figures {
  std::int64_t shares = 0, clicks = 0, unique_clicks = 0;
  std::map<std::string, std::int64_t> unique_by_network;
};

double cost_of(const config::ImpactConfig& impact, const std::string& network) {
  if (network == "linkedin") return impact.cost_linkedin;
  if (network == "x") return impact.cost_x;
  if (network == "facebook") return impact.cost_facebook;
  return impact.cost_other;
}

double cents(double euros) { return std::round(euros * 100.0) / 100.0; }

double media_value(const Figures& figures, const config::ImpactConfig& impact) {
  double value = 0;
  for (const auto& [network, unique] : figures.unique_by_network)
    value += static_cast<double>(unique) * cost_of(impact, network);
  return cents(value);
}

void add(Figures& figures, const storage::ActivityRow& row) {
  figures.shares += row.shares;
  figures.clicks += row.clicks;
  figures.unique_clicks += row.unique_clicks;
  if (row.unique_clicks > 0) figures.unique_by_network[row.network] += row.unique_clicks;
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

bool matches_theme(const std::map<std::int64_t, storage::PostSummary>& posts, std::int64_t post_id,
                   const std::string& theme) {
  if (theme.empty()) return true;
  const auto post = posts.find(post_id);
  return post != posts.end() &&
         std::find(post->second.themes.begin(), post->second.themes.end(), theme) != post->second.themes.end();
}

std::vector<std::int64_t> post_ids(const std::vector<storage::ActivityRow>& rows) {
  std::set<std::int64_t> ids;
  for (const auto& row : rows) ids.insert(row.post_id);
  return {ids.begin(), ids.end()};
}

// The activity of [from_day, to_day] with the query's department and theme, and the posts it concerns.
struct Activity {
  std::vector<storage::ActivityRow> rows;
  std::map<std::int64_t, storage::PostSummary> posts;
};

Activity load_activity(storage::ProgrammeStatsRepository& repo, std::int64_t from_day, std::int64_t to_day,
                       const StatsQuery& query) {
  Activity activity;
  auto rows = repo.activity(from_day, to_day + 1, query.department);
  activity.posts = repo.posts(post_ids(rows));
  for (auto& row : rows)
    if (matches_theme(activity.posts, row.post_id, query.theme)) activity.rows.push_back(std::move(row));
  return activity;
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
  for (const std::string network : {"linkedin", "x", "facebook", "other"}) {
    const auto found = total.unique_by_network.find(network);
    const auto unique = found == total.unique_by_network.end() ? 0 : found->second;
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

json baseline_json(storage::ProgrammeStatsRepository& repo, const StatsQuery& query,
                   const config::ImpactConfig& impact) {
  if (!impact.baseline_from.empty()) {
    const auto from = *parse_day(impact.baseline_from), to = *parse_day(impact.baseline_to);
    Figures figures;
    for (const auto& row : load_activity(repo, from, to, query).rows) add(figures, row);
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
  const auto activity = load_activity(repo, query.from_day, query.to_day, query);
  const std::int64_t from_ms = query.from_day * storage::kStatsDayMs;
  const std::int64_t to_ms = (query.to_day + 1) * storage::kStatsDayMs;

  Figures total;
  std::map<std::int64_t, Figures> series, by_post;
  std::map<std::string, Figures> by_theme, by_department, by_network;
  for (const auto& row : activity.rows) {
    add(total, row);
    add(series[bucket_start(row.day, query.interval)], row);
    add(by_post[row.post_id], row);
    add(by_department[row.department_id], row);
    add(by_network[row.network], row);
    if (const auto post = activity.posts.find(row.post_id); post != activity.posts.end())
      for (const auto& theme : post->second.themes)
        if (query.theme.empty() || theme == query.theme) add(by_theme[theme], row);
  }

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
    if (const auto post = activity.posts.find(id); post != activity.posts.end()) {
      item["title"] = post->second.title;
      item["themes"] = post->second.themes;
    }
    posts_json.push_back(std::move(item));
  }

  // Posts sent in the span, with the same filters (a post targeting every department counts for each).
  std::int64_t posts_sent = 0;
  const auto published = repo.published_posts(from_ms, to_ms);
  const auto published_posts = repo.posts(published);
  for (const auto id : published) posts_sent += matches_theme(published_posts, id, query.theme) ? 1 : 0;

  const auto sharers = static_cast<std::int64_t>(repo.sharers(from_ms, to_ms, query.department).size());
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
          {"baseline", baseline_json(repo, query, impact)},
          {"webcare",
           {{"answered", webcare.answered},
            {"answered_within_sla", webcare.within_sla},
            {"sla_met_share", webcare.answered == 0 ? 0.0
                                                    : std::round(1000.0 * static_cast<double>(webcare.within_sla) /
                                                                 static_cast<double>(webcare.answered)) /
                                                          1000.0}}}};
}

std::string activity_csv(storage::Connection& db, const StatsQuery& query, bool with_names) {
  storage::ProgrammeStatsRepository repo(db);
  const auto activity = load_activity(repo, query.from_day, query.to_day, query);
  // Without names, rows of the same day, post, department and network are one line.
  std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::int64_t>, Figures> lines;
  std::set<std::int64_t> people;
  for (const auto& row : activity.rows) {
    const std::int64_t person = with_names ? row.ambassador_id.value_or(0) : 0;
    if (person > 0) people.insert(person);
    add(lines[{row.day, row.post_id, row.department_id, row.network, person}], row);
  }
  const auto names = repo.ambassador_names({people.begin(), people.end()});
  std::string csv = with_names ? "day,post_id,post_title,department,network,ambassador,shares,clicks,unique_clicks\r\n"
                               : "day,post_id,post_title,department,network,shares,clicks,unique_clicks\r\n";
  for (const auto& [key, figures] : lines) {
    const auto& [day, post_id, department, network, person] = key;
    const auto post = activity.posts.find(post_id);
    csv += format_day(day) + "," + std::to_string(post_id) + "," +
           csv_field(post == activity.posts.end() ? "" : post->second.title) + "," + csv_field(department) + "," +
           network + ",";
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
