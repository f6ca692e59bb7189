// Recognition at scale: 10,000 ambassadors over 50 departments, 5,000 posts, 1,000,000 shares (a year) and
// 5,000,000 clicks (the 30 days retention keeps raw; three in four unique) in a temp SQLite file, a third of the
// people named in rankings. Times, over --runs different people or departments each, the department leaderboard
// (both lists over the rolling 30 days), the organisation's, a person's 90-day counts, the stats API over 90 days
// (weekly; all departments and one), and the whole chat `stats` answer (dispatcher to outbox row, rolled back).
// Prints p50/p99/max in ms, the database's size and the process's peak RSS.
//
//   impact_bench [--ambassadors 10000] [--departments 50] [--posts 5000] [--shares 1000000] [--clicks 5000000]
//                [--runs 200]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "bot/clock.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/impact/impact_commands.hpp"
#include "bot/impact/programme_stats.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/impact_repository.hpp"
#include "storage/migrations.hpp"

namespace {
using namespace ambassador;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kNow = 1'800'000'000'000;  // 2027-01-15

struct Options {
  std::int64_t ambassadors = 10'000, departments = 50, posts = 5'000, shares = 1'000'000, clicks = 5'000'000;
  int runs = 200;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto value = std::atoll(argv[i + 1]);
    if (flag == "--ambassadors") options.ambassadors = value;
    if (flag == "--departments") options.departments = value;
    if (flag == "--posts") options.posts = value;
    if (flag == "--shares") options.shares = value;
    if (flag == "--clicks") options.clicks = value;
    if (flag == "--runs") options.runs = static_cast<int>(value);
  }
  return options;
}

std::string replaced(std::string sql, const std::vector<std::pair<std::string, std::int64_t>>& values) {
  for (const auto& [name, value] : values)
    for (auto at = sql.find(name); at != std::string::npos; at = sql.find(name, at))
      sql.replace(at, name.size(), std::to_string(value));
  return sql;
}

// Deterministic spreads: ambassador a makes shares/ambassadors shares, each of a different post, over the past
// year; click j lands on a pseudo-random link within the past 30 days.
void seed(storage::Connection& db, const Options& o) {
  const std::vector<std::pair<std::string, std::int64_t>> values{
      {"$AMBASSADORS", o.ambassadors},    {"$DEPARTMENTS", o.departments}, {"$POSTS", o.posts}, {"$SHARES", o.shares},
      {"$PER", o.shares / o.ambassadors}, {"$CLICKS", o.clicks},           {"$NOW", kNow},      {"$DAY", kDayMs}};
  auto run = [&](const std::string& limit, const std::string& sql) {
    db.exec(replaced("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + limit + ") " + sql,
                     values));
  };
  db.exec("BEGIN");
  run("$DEPARTMENTS",
      "INSERT INTO departments(id, name, time_zone, language) SELECT 'dep' || i, 'Afdeling ' || i,"
      " 'Europe/Amsterdam', 'nl' FROM n");
  run("$POSTS",
      "INSERT INTO posts(id, title, link_url, status, created_at, updated_at) SELECT i, 'Suggestie ' || i,"
      " 'https://example.org/p' || i, 'sent', 0, 0 FROM n");
  run("$AMBASSADORS",
      "INSERT INTO ambassadors(id, display_name, department_id, consent_at, created_at, ranking_opt_in_at)"
      " SELECT i, 'Ambassadeur ' || i, 'dep' || (1 + i % $DEPARTMENTS), 0, 0, CASE WHEN i % 3 = 0 THEN 0 END FROM n");
  run("$AMBASSADORS",
      "INSERT INTO ambassador_identities(platform, workspace, user_id, ambassador_id) SELECT 'local', '', 'u' || i, i"
      " FROM n");
  run("$SHARES",
      "INSERT INTO shares(id, post_id, ambassador_id, department_id, network, source, created_at)"
      " SELECT i, 1 + (((i - 1) / $PER) * 53 + ((i - 1) % $PER) * ($POSTS / $PER)) % $POSTS, 1 + (i - 1) / $PER,"
      " 'dep' || (1 + (1 + (i - 1) / $PER) % $DEPARTMENTS), 'linkedin', 'confirmed',"
      " $NOW - (i * 7919) % (365 * $DAY) FROM n");
  db.exec(
      "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
      " SELECT 't' || id, post_id, ambassador_id, department_id, network, created_at FROM shares");
  run("$CLICKS",
      "INSERT INTO clicks(token, visitor_hash, is_unique, clicked_at) SELECT 't' || (1 + (i * 104729) % $SHARES),"
      " 'v' || i, i % 4 <> 0, $NOW - (i * 15485863) % (30 * $DAY) FROM n");
  // What the badge pass would have rolled up by now: every unique click, per person and UTC day (migration 11).
  db.exec(
      "INSERT INTO person_click_days(ambassador_id, day, unique_clicks) SELECT t.ambassador_id, c.clicked_at /"
      " 86400000, COUNT(*) FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.is_unique = 1 GROUP BY 1, "
      "2");
  db.exec("UPDATE badge_cursors SET last_id = (SELECT MAX(id) FROM clicks) WHERE source = 'clicks'");
  db.exec("COMMIT");
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};

Figures time_runs(int runs, const std::function<void(int)>& once) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    once(i);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back()};
}

// VmHWM from /proc/self/status: the bench holds what the service would (SQLite's page cache, the answers).
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

void print(const char* what, const Figures& f) {
  std::printf("%-40s p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms\n", what, f.p50, f.p99, f.max);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  const auto dir = std::filesystem::temp_directory_path() / ("impact_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  config::Config config;
  config.organisation.time_zone = "Europe/Amsterdam";
  ManualClock clock(kNow);
  {
    storage::Connection db((dir / "bench.sqlite3").string(), 5000);
    storage::migrate(db);
    const auto seed_start = std::chrono::steady_clock::now();
    seed(db, o);
    std::printf(
        "impact_bench: %lld ambassadors in %lld departments, %lld posts, %lld shares, %lld clicks (seeded in "
        "%.1f s)\n",
        static_cast<long long>(o.ambassadors), static_cast<long long>(o.departments), static_cast<long long>(o.posts),
        static_cast<long long>(o.shares), static_cast<long long>(o.clicks),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count());
    storage::ImpactRepository impact(db);
    const auto window = kNow - 30 * kDayMs;
    std::size_t sink = 0;
    print("department leaderboard (shares + clicks)", time_runs(o.runs, [&](int i) {
            const auto department = "dep" + std::to_string(1 + i % o.departments);
            sink += impact.shares_by_person(department, window).size();
            sink += impact.unique_clicks_by_person(department, window).size();
            db.reset_statements();
          }));
    print("organisation leaderboard (shares + clicks)", time_runs(std::max(1, o.runs / 20), [&](int) {
            sink += impact.shares_by_person("", window).size();
            sink += impact.unique_clicks_by_person("", window).size();
            db.reset_statements();
          }));
    print("a person's 90-day counts", time_runs(o.runs, [&](int i) {
            sink += static_cast<std::size_t>(impact.counts(1 + (i * 37) % o.ambassadors, kNow - 90 * kDayMs).shares);
            db.reset_statements();
          }));
    const std::int64_t today = kNow / kDayMs;
    print("90-day programme stats (API, by week)", time_runs(std::max(1, o.runs / 10), [&](int i) {
            impact::StatsQuery query;
            query.from_day = today - 89;
            query.to_day = today;
            query.interval = impact::Interval::week;
            if (i % 2 == 1) query.department = "dep" + std::to_string(1 + i % o.departments);
            sink += impact::programme_stats(db, query, config.impact).size();
            db.reset_statements();
          }));
    EventDispatcher dispatcher(config, clock);
    impact::register_impact_commands(dispatcher);
    print("chat `stats` answer", time_runs(o.runs, [&](int i) {
            IncomingEvent event;
            event.platform = "local";
            event.event_key = "bench-" + std::to_string(i);
            event.channel_id = "dm:bench";
            event.direct = event.addressed = true;
            event.user_id = "u" + std::to_string(1 + (i * 3 * 37) % o.ambassadors);  // opted in: the rank too
            event.text = "stats";
            db.exec("BEGIN");
            dispatcher.handle(event, db);
            db.reset_statements();
            db.exec("ROLLBACK");
          }));
    std::printf("(checksum %zu)\n", sink);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  std::printf("database size: %.1f MB; peak RSS of this process (VmHWM): %.1f MB\n",
              static_cast<double>(std::filesystem::file_size(dir / "bench.sqlite3")) / 1e6, peak_rss_mb());
  std::filesystem::remove_all(dir);
  return 0;
}
