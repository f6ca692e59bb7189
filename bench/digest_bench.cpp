// One Monday's weekly digests: 10,000 ambassadors over 50 departments, a week of suggested posts, shares and clicks
// in a temp SQLite file; times the digest pass as the DigestTimer runs it (one writer transaction per batch of
// 1,000 ambassadors, every digest queued in the outbox, to be paced by the platforms' limits afterwards). Prints the
// DMs queued, the wall time (median of 3 runs, each from an empty outbox) and DMs per second.
//
//   digest_bench [--ambassadors 10000] [--departments 50] [--posts 20]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/clock.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/weekly_digest.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"

namespace {
using namespace ambassador;

struct Options {
  int ambassadors = 10000;
  int departments = 50;
  int posts = 20;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--ambassadors") options.ambassadors = value;
    if (flag == "--departments") options.departments = value;
    if (flag == "--posts") options.posts = value;
  }
  return options;
}

const std::vector<std::string> kThemes = {"wijk", "groen", "afval", "zorg", "werk"};

std::int64_t amsterdam(const std::string& local) { return *content::parse_time(local, "Europe/Amsterdam").utc_ms; }

config::Config make_config(int departments) {
  config::Config config;
  config.themes = kThemes;
  for (int d = 0; d < departments; ++d) {
    config::DepartmentConfig department;
    department.id = "dep" + std::to_string(d);
    department.name = "Afdeling " + std::to_string(d);
    department.time_zone = config.organisation.time_zone;
    department.language = "nl";
    department.business_hours = config.organisation.business_hours;
    config.departments.push_back(department);
  }
  return config;
}

std::string replaced(std::string sql, const std::vector<std::pair<std::string, std::int64_t>>& values) {
  for (const auto& [name, value] : values)
    for (auto at = sql.find(name); at != std::string::npos; at = sql.find(name, at))
      sql.replace(at, name.size(), std::to_string(value));
  return sql;
}

// A week (Mon 4 - Sun 10 January 2027) of posts for every department, a theme each; each ambassador one theme (so
// everyone has posts waiting); every third ambassador shared one post and their link got three clicks.
void seed(storage::Connection& db, const Options& options) {
  const std::vector<std::pair<std::string, std::int64_t>> values{{"$AMBASSADORS", options.ambassadors},
                                                                 {"$DEPARTMENTS", options.departments},
                                                                 {"$POSTS", options.posts},
                                                                 {"$WEEK", amsterdam("2027-01-04T09:00")},
                                                                 {"$JOINED", amsterdam("2026-06-01T10:00")},
                                                                 {"$STEP", 7LL * 86'400'000 / options.posts}};
  const std::string numbers =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $AMBASSADORS),"
      " theme(k, name) AS (VALUES (0, 'wijk'), (1, 'groen'), (2, 'afval'), (3, 'zorg'),"
      " (4, 'werk')) ";
  db.exec("BEGIN");
  db.exec(replaced(numbers + "INSERT INTO departments(id, name, time_zone, language) SELECT 'dep' || (i - 1),"
                             " 'Afdeling ' || (i - 1), 'Europe/Amsterdam', 'nl' FROM n WHERE i <= $DEPARTMENTS",
                   values));
  db.exec(replaced(numbers +
                       "INSERT INTO posts(id, title, link_url, themes, status, publish_at, created_at, updated_at)"
                       " SELECT i, 'Suggestie ' || i, 'https://example.org/p' || i, '[\"' || name || '\"]', 'sent',"
                       " $WEEK + (i - 1) * $STEP, $WEEK, $WEEK FROM n JOIN theme ON k = i % 5 WHERE i <= $POSTS",
                   values));
  db.exec(replaced(numbers + "INSERT INTO ambassadors(id, display_name, department_id, consent_at, created_at)"
                             " SELECT i, 'Ambassadeur ' || i, 'dep' || (i % $DEPARTMENTS), $JOINED, $JOINED FROM n",
                   values));
  db.exec(replaced(numbers + "INSERT INTO ambassador_identities(platform, workspace, user_id, ambassador_id)"
                             " SELECT 'local', '', 'u' || i, i FROM n",
                   values));
  db.exec(replaced(
      numbers + "INSERT INTO ambassador_themes(ambassador_id, theme) SELECT i, name FROM n JOIN theme ON k = i % 5",
      values));
  db.exec(replaced(numbers + "INSERT INTO shares(post_id, ambassador_id, department_id, network, source, created_at)"
                             " SELECT 1 + i % $POSTS, i, 'dep' || (i % $DEPARTMENTS), 'linkedin', 'confirmed',"
                             " $WEEK + 86400000 FROM n WHERE i % 3 = 0",
                   values));
  db.exec(replaced(numbers +
                       "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
                       " SELECT 'tok' || i, 1 + i % $POSTS, i, 'dep' || (i % $DEPARTMENTS), 'linkedin', $WEEK"
                       " FROM n WHERE i % 3 = 0",
                   values));
  db.exec(replaced(numbers + "INSERT INTO clicks(token, visitor_hash, is_unique, clicked_at)"
                             " SELECT 'tok' || i, 'v' || c.column1, 1, $WEEK + 2 * 86400000 + c.column1"
                             " FROM n, (VALUES (1), (2), (3)) c WHERE i % 3 = 0",
                   values));
  db.exec("COMMIT");
}

// One Monday's pass as the timer runs it: a transaction per batch until nothing more is due. Returns DMs queued.
int digest_pass(storage::Connection& db, const config::Config& config, const Clock& clock) {
  int queued = 0;
  for (bool more = true; more;) {
    db.exec("BEGIN IMMEDIATE");
    OutboxWriter outbox(db, clock, config.delivery);
    more = rhythm::send_due_weekly_digests(db, config, clock, outbox, 1000).more;
    queued += outbox.queued();
    db.reset_statements();
    db.exec("COMMIT");
  }
  return queued;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  const auto dir = std::filesystem::temp_directory_path() / ("digest_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto config = make_config(options.departments);
  ManualClock clock(amsterdam("2027-01-11T09:00"));
  std::vector<double> wall_ms;
  int queued = 0;
  {
    storage::Connection db((dir / "bench.sqlite3").string(), 5000);
    storage::migrate(db);
    seed(db, options);
    for (int round = 0; round < 3; ++round) {
      db.exec("DELETE FROM outbox; DELETE FROM digest_runs;");
      const auto start = std::chrono::steady_clock::now();
      queued = digest_pass(db, config, clock);
      wall_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::filesystem::remove_all(dir);
  std::sort(wall_ms.begin(), wall_ms.end());
  const double median = wall_ms[1];
  std::printf("digest_bench: %d ambassadors in %d departments, %d posts in the week\n", options.ambassadors,
              options.departments, options.posts);
  std::printf("DMs queued: %d\nwall ms (median of 3): %.1f (runs: %.1f, %.1f, %.1f)\nDMs/s: %.0f\n", queued, median,
              wall_ms[0], wall_ms[1], wall_ms[2], queued / (median / 1000.0));
  return queued == options.ambassadors ? 0 : 1;
}
