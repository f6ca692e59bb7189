// Recognition and programme stats at scale: 10,000 ambassadors over 50 departments, 5,000 posts, 1,000,000 shares
// (a year) and 5,000,000 clicks (the 30 days retention keeps raw; three in four unique) in a SQLite file, a third
// of the people named in rankings. Times, over --runs different people or departments each, the department
// leaderboard (both lists over the rolling 30 days), the organisation's, a person's 90-day counts, the stats API
// over 90 days (weekly; the organisation, and one department), a department's 90-day export with names, and the
// whole chat `stats` answer (dispatcher to outbox row, rolled back). Prints p50/p99/max in ms, the database's size and
// the process's peak RSS.
//
// How the activity is spread matters to the stats API, which reads what a span's days add up to:
// - by default, as a programme runs: posts go out evenly over the year, each to the groups of 5 of the 50
//   departments (the ones sharing its last digit); its 200 shares come from those departments' ambassadors in
//   the 6 days after it went out, on LinkedIn, X or Facebook; a click comes in the 3 days after its share. (It
//   needs departments a multiple of 10 and ambassadors per department >= shares per post / 5: 200 >= 40 here.)
// - --uniform: the worst case, every post shared every day of the year and clicked every day of the last 30
//   (each share of a different ambassador, department and time).
//
//   impact_bench [--ambassadors 10000] [--departments 50] [--posts 5000] [--shares 1000000] [--clicks 5000000]
//                [--runs 200] [--uniform] [--db PATH]
//
// With --db the database is kept at PATH: a run that finds it there skips the seeding (some 7 minutes at full
// scale) and only migrates it, timing the migrations a deployed database would run.
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
  std::string db;  // "" : a temp file, removed at the end
  bool uniform = false;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--uniform") {
      options.uniform = true;
      --i;
      continue;
    }
    if (flag == "--db") {
      options.db = argv[i + 1];
      continue;
    }
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

// Inserts `sql`, prefixed by a counter n(i) from 1 to `limit`, with the $NAMES of `values` replaced.
class Seeder {
 public:
  Seeder(storage::Connection& db, std::vector<std::pair<std::string, std::int64_t>> values)
      : db_(db), values_(std::move(values)) {}
  void run(const std::string& limit, const std::string& sql) {
    db_.exec(replaced("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + limit + ") " + sql,
                      values_));
  }
  void exec(const std::string& sql) { db_.exec(replaced(sql, values_)); }
  void set(const std::string& name, std::int64_t value) { values_.emplace_back(name, value); }
  std::int64_t single(const std::string& sql) { return db_.db().execAndGet(replaced(sql, values_)).getInt64(); }

 private:
  storage::Connection& db_;
  std::vector<std::pair<std::string, std::int64_t>> values_;
};

// The people and posts; ambassador a is in department 1 + (a - 1) % departments.
void seed_people_and_posts(Seeder& seeder) {
  seeder.run("$DEPARTMENTS",
             "INSERT INTO departments(id, name, time_zone, language) SELECT 'dep' || i, 'Afdeling ' || i,"
             " 'Europe/Amsterdam', 'nl' FROM n");
  seeder.run("$POSTS",
             "INSERT INTO posts(id, title, themes, link_url, status, publish_at, created_at, updated_at)"
             " SELECT i, 'Suggestie ' || i, '[\"thema' || (i % 8) || '\"]', 'https://example.org/p' || i, 'sent',"
             " $NOW - 365 * $DAY + (i - 1) * (365 * $DAY / $POSTS), 0, 0 FROM n");
  seeder.run("$AMBASSADORS",
             "INSERT INTO ambassadors(id, display_name, department_id, consent_at, created_at, ranking_opt_in_at)"
             " SELECT i, 'Ambassadeur ' || i, 'dep' || (1 + (i - 1) % $DEPARTMENTS), 0, 0, CASE WHEN i % 3 = 0 THEN 0"
             " END FROM n");
  seeder.run("$AMBASSADORS",
             "INSERT INTO ambassador_identities(platform, workspace, user_id, ambassador_id) SELECT 'local', '', 'u' ||"
             " i, i FROM n");
}

// Post p = 1 + (i - 1) / per_post goes to departments d ≡ p (mod 10); share r of it is by ambassador
// d + departments × m of the r % 5-th of them, m rotating per post, 0-6 days after the post went out.
void seed_as_a_programme_runs(Seeder& seeder) {
  seeder.run("$SHARES",
             "INSERT INTO shares(id, post_id, ambassador_id, department_id, network, source, created_at)"
             " SELECT i, p, d + $DEPARTMENTS * ((r / 5 + p * 7) % ($AMBASSADORS / $DEPARTMENTS)), 'dep' || d,"
             " CASE i % 3 WHEN 0 THEN 'linkedin' WHEN 1 THEN 'x' ELSE 'facebook' END, 'confirmed',"
             " MIN($NOW - 1000, $NOW - 365 * $DAY + (p - 1) * (365 * $DAY / $POSTS) + (i * 7919) % (6 * $DAY))"
             " FROM (SELECT i, 1 + (i - 1) / ($SHARES / $POSTS) AS p, (i - 1) % ($SHARES / $POSTS) AS r,"
             " 1 + (1 + (i - 1) / ($SHARES / $POSTS)) % 10 + 10 * (((i - 1) % ($SHARES / $POSTS)) % 5) AS d FROM n)");
  seeder.exec(
      "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
      " SELECT 't' || id, post_id, ambassador_id, department_id, network, created_at FROM shares");
  // Clicks land on the links shared in the last 33 days, 0-3 days after the share.
  seeder.set("$FIRST", seeder.single("SELECT MIN(id) FROM shares WHERE created_at >= $NOW - 33 * $DAY"));
  seeder.set("$RECENT", seeder.single("SELECT COUNT(*) FROM shares WHERE id >= (SELECT MIN(id) FROM shares WHERE"
                                      " created_at >= $NOW - 33 * $DAY)"));
  seeder.run("$CLICKS",
             "INSERT INTO clicks(token, visitor_hash, is_unique, clicked_at) SELECT 't' || s.id, 'v' || n.i,"
             " n.i % 4 <> 0, MIN($NOW - 1, s.created_at + (n.i * 15485863) % (3 * $DAY))"
             " FROM n JOIN shares s ON s.id = $FIRST + (n.i * 104729) % $RECENT");
}

// Ambassador a makes shares/ambassadors shares, each of a different post, spread over the past year; click j
// lands on a pseudo-random link within the past 30 days.
void seed_uniformly(Seeder& seeder) {
  seeder.run("$SHARES",
             "INSERT INTO shares(id, post_id, ambassador_id, department_id, network, source, created_at)"
             " SELECT i, 1 + (((i - 1) / $PER) * 53 + ((i - 1) % $PER) * ($POSTS / $PER)) % $POSTS, 1 + (i - 1) / $PER,"
             " 'dep' || (1 + ((i - 1) / $PER) % $DEPARTMENTS), 'linkedin', 'confirmed',"
             " $NOW - (i * 7919) % (365 * $DAY) FROM n");
  seeder.exec(
      "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
      " SELECT 't' || id, post_id, ambassador_id, department_id, network, created_at FROM shares");
  seeder.run("$CLICKS",
             "INSERT INTO clicks(token, visitor_hash, is_unique, clicked_at) SELECT 't' || (1 + (i * 104729) %"
             " $SHARES), 'v' || i, i % 4 <> 0, $NOW - (i * 15485863) % (30 * $DAY) FROM n");
}

void seed(storage::Connection& db, const Options& o) {
  Seeder seeder(db, {{"$AMBASSADORS", o.ambassadors},
                     {"$DEPARTMENTS", o.departments},
                     {"$POSTS", o.posts},
                     {"$SHARES", o.shares},
                     {"$PER", o.shares / o.ambassadors},
                     {"$CLICKS", o.clicks},
                     {"$NOW", kNow},
                     {"$DAY", kDayMs}});
  db.exec("BEGIN");
  seed_people_and_posts(seeder);
  o.uniform ? seed_uniformly(seeder) : seed_as_a_programme_runs(seeder);
  // The badge pass has walked everything: the migrations after 10 roll it up as they would on a deployed database.
  db.exec("UPDATE badge_cursors SET last_id = (SELECT MAX(id) FROM clicks) WHERE source = 'clicks'");
  db.exec("UPDATE badge_cursors SET last_id = (SELECT MAX(id) FROM shares) WHERE source = 'shares'");
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
  const std::filesystem::path path = o.db.empty() ? dir / "bench.sqlite3" : std::filesystem::path(o.db);
  if (o.db.empty()) std::filesystem::create_directories(dir);
  const bool seeded = std::filesystem::exists(path);
  config::Config config;
  config.organisation.time_zone = "Europe/Amsterdam";
  ManualClock clock(kNow);
  {
    storage::Connection db(path.string(), 5000);
    if (!seeded) {
      // The raw data at the schema before the rollups (migration 10), so that their backfills are measured too.
      std::vector<storage::Migration> before_rollups;
      for (const auto& migration : storage::all_migrations())
        if (migration.version <= 10) before_rollups.push_back(migration);
      storage::migrate(db, before_rollups);
      const auto seed_start = std::chrono::steady_clock::now();
      seed(db, o);
      std::printf(
          "impact_bench: seeded %lld ambassadors in %lld departments, %lld posts, %lld shares, %lld clicks"
          " (%s) in %.1f s\n",
          static_cast<long long>(o.ambassadors), static_cast<long long>(o.departments), static_cast<long long>(o.posts),
          static_cast<long long>(o.shares), static_cast<long long>(o.clicks),
          o.uniform ? "uniform" : "as a programme runs",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count());
    } else {
      std::printf("impact_bench: reusing %s (the sizes it was seeded with apply)\n", path.string().c_str());
    }
    const auto migrate_start = std::chrono::steady_clock::now();
    const auto applied = storage::migrate(db);
    std::printf("migrations applied: %zu in %.1f s\n", applied.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - migrate_start).count());
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
    const auto stats = [&](const std::string& department) {
      impact::StatsQuery query;
      query.from_day = today - 89;
      query.to_day = today;
      query.interval = impact::Interval::week;
      query.department = department;
      sink += impact::programme_stats(db, query, config.impact).size();
      db.reset_statements();
    };
    print("90-day stats API, organisation (week)", time_runs(std::max(1, o.runs / 5), [&](int) { stats(""); }));
    print("90-day stats API, a department (week)",
          time_runs(o.runs, [&](int i) { stats("dep" + std::to_string(1 + i % o.departments)); }));
    std::size_t refused = 0;
    const auto csv_runs = std::max(1, o.runs / 20);
    print("90-day export with names, a department", time_runs(csv_runs, [&](int i) {
            impact::StatsQuery query;
            query.from_day = today - 89;
            query.to_day = today;
            query.department = "dep" + std::to_string(1 + i % o.departments);
            const auto csv = impact::activity_csv(db, query, true);
            csv ? sink += csv->size() : ++refused;
            db.reset_statements();
          }));
    std::printf("(exports refused as over %zu lines: %zu of %d)\n", impact::kMaxCsvLines, refused, csv_runs);
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
              static_cast<double>(std::filesystem::file_size(path)) / 1e6, peak_rss_mb());
  if (o.db.empty()) std::filesystem::remove_all(dir);
  return 0;
}
