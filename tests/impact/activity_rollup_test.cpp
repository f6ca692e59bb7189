// The programme stats rollup (activity_days, migration 12) that GET /api/v1/stats reads: shares, clicks and unique
// clicks per department, UTC day, post and network (and its projections per post and per department, which the
// organisation's span reads), kept by the badge pass in the transaction that moves its cursors, with the raw rows
// past the cursors added by the query. The figures must be the same whatever the pass
// has walked; retention may only fold clicks the pass has counted; the migration backfills what the pass walked.
#include <nlohmann/json.hpp>

#include "bot/impact/programme_stats.hpp"
#include "impact_fixture.hpp"
#include "storage/retention_repository.hpp"
#include "test_database.hpp"

namespace ambassador::testing::impact {
namespace {
using nlohmann::json;

constexpr std::int64_t kDayMs = 86'400'000;

json stats_of(storage::Connection& db, std::int64_t today, const config::ImpactConfig& impact,
              const std::string& department = "", const std::string& theme = "") {
  ambassador::impact::StatsQuery query;
  query.from_day = today - 59;
  query.to_day = today;
  query.interval = ambassador::impact::Interval::day;
  query.department = department;
  query.theme = theme;
  db.reset_statements();
  auto body = ambassador::impact::programme_stats(db, query, impact);
  db.reset_statements();
  return body;
}

class ImpactActivityRollup : public ImpactFixture {
 protected:
  json stats(const std::string& department = "", const std::string& theme = "") {
    return stats_of(db_, clock_.now_ms() / kDayMs, config_.impact, department, theme);
  }

  std::int64_t rolled_up(const std::string& column) {
    db_.reset_statements();
    return db_.query_int64("SELECT COALESCE(SUM(" + column + "), 0) FROM activity_days");
  }

  std::int64_t raw_clicks() { return db_.query_int64("SELECT COUNT(*) FROM clicks"); }

  // Shares and clicks over three days, two departments and two networks; one visitor clicks twice.
  void seed_activity() {
    const auto now = clock_.now_ms();
    share("anna", afval_, now - 3 * kDayMs);
    share("anna", bomen_, now - 2 * kDayMs, "x");
    share("chantal", bomen_, now - kDayMs);
    unique_clicks("anna", afval_, 3, now - 3 * kDayMs);
    unique_clicks("chantal", bomen_, 2, now - kDayMs);
    storage::TrackingRepository(db_).record_click(link("anna", afval_), "v1", now - 60'000);  // a repeat
  }
};

TEST_F(ImpactActivityRollup, TheFiguresAreTheSameBeforeDuringAndAfterThePass) {
  seed_activity();
  const auto before = stats();
  EXPECT_EQ(before["totals"]["shares"], 3);
  EXPECT_EQ(before["totals"]["clicks"], 6);
  EXPECT_EQ(before["totals"]["unique_clicks"], 5);
  const auto wijk = stats("wijkbeheer");
  EXPECT_EQ(wijk["totals"]["shares"], 2);
  EXPECT_EQ(rolled_up("shares"), 0);
  // Batches of 2 cut the pass between rows of one day and post; each cut must count nothing twice.
  for (int pass = 0; pass < 6; ++pass) {
    badge_pass(2);
    EXPECT_EQ(stats(), before) << "after pass " << pass;
    EXPECT_EQ(stats("wijkbeheer"), wijk) << "after pass " << pass;
  }
  EXPECT_EQ(rolled_up("shares"), 3);
  EXPECT_EQ(rolled_up("clicks"), 6);
  EXPECT_EQ(rolled_up("unique_clicks"), 5);
  // New activity after the pass counts at once, from the raw rows.
  share("bram", afval_, clock_.now_ms() - 1000);
  EXPECT_EQ(stats()["totals"]["shares"], 4);
  badge_pass();
  EXPECT_EQ(stats()["totals"]["shares"], 4);
  EXPECT_EQ(rolled_up("shares"), 4);
}

TEST_F(ImpactActivityRollup, RowsAreKeptPerDepartmentDayPostAndNetwork) {
  seed_activity();
  badge_pass();
  db_.reset_statements();
  auto& select = db_.prepare(
      "SELECT department_id, day, post_id, network, shares, clicks, unique_clicks FROM activity_days"
      " ORDER BY department_id, day, post_id, network");
  std::vector<std::string> rows;
  const auto today = clock_.now_ms() / kDayMs;
  while (select.executeStep()) {
    rows.push_back(select.getColumn(0).getString() + " " + std::to_string(select.getColumn(1).getInt64() - today) +
                   " " + (select.getColumn(2).getInt64() == afval_ ? "afval " : "bomen ") +
                   select.getColumn(3).getString() + " " + std::to_string(select.getColumn(4).getInt64()) + "/" +
                   std::to_string(select.getColumn(5).getInt64()) + "/" +
                   std::to_string(select.getColumn(6).getInt64()));
  }
  db_.reset_statements();
  // The clicks' links are the fixture's (linkedin, made on 1 December): they count on the day of the click.
  EXPECT_EQ(rows, (std::vector<std::string>{"groenbeheer -1 bomen linkedin 1/2/2", "wijkbeheer -3 afval linkedin 1/3/3",
                                            "wijkbeheer -2 bomen x 1/0/0", "wijkbeheer 0 afval linkedin 0/1/0"}));
}

TEST_F(ImpactActivityRollup, RetentionFoldsOnlyClicksThePassHasCounted) {
  seed_activity();
  const auto before = stats();
  const auto fold = [&] {
    db_.reset_statements();
    db_.exec("BEGIN");
    const auto folded = storage::RetentionRepository(db_).roll_up_clicks_before(clock_.now_ms(), 1000);
    db_.reset_statements();
    db_.exec("COMMIT");
    return folded;
  };
  EXPECT_EQ(fold(), 0);  // nothing walked yet: the raw clicks stay
  EXPECT_EQ(raw_clicks(), 6);
  badge_pass();
  EXPECT_EQ(fold(), 5);
  EXPECT_EQ(raw_clicks(), 1);  // the newest click stays (its id must not be handed out again)
  EXPECT_EQ(stats(), before);
  badge_pass();
  EXPECT_EQ(stats(), before);
  unique_clicks("bram", afval_, 2, clock_.now_ms() - 1000);  // new clicks count once, before and after the pass
  EXPECT_EQ(stats()["totals"]["unique_clicks"], 7);
  badge_pass();
  EXPECT_EQ(stats()["totals"]["unique_clicks"], 7);
}

TEST_F(ImpactActivityRollup, AThemeCountsThePostsThatNameIt) {
  db_.exec("UPDATE posts SET themes = '[\"groen\",\"wijk\"]' WHERE id = " + std::to_string(bomen_));
  seed_activity();
  badge_pass();
  const auto green = stats("", "groen");
  EXPECT_EQ(green["totals"]["shares"], 2);
  EXPECT_EQ(green["totals"]["unique_clicks"], 2);
  ASSERT_EQ(green["by_theme"].size(), 1U);
  EXPECT_EQ(green["by_theme"][0]["theme"], "groen");
  ASSERT_EQ(green["by_post"].size(), 1U);
  EXPECT_EQ(green["by_post"][0]["title"], "Bomenplantdag");
  EXPECT_EQ(stats()["by_theme"].size(), 2U);  // unfiltered: each of the post's themes
}

TEST_F(ImpactActivityRollup, TheExportWithNamesHasALinePerPersonAndRefusesToGrowPastItsLimit) {
  seed_activity();
  badge_pass();
  ambassador::impact::StatsQuery query;
  query.to_day = clock_.now_ms() / kDayMs;
  query.from_day = query.to_day - 29;
  db_.reset_statements();
  const auto csv = ambassador::impact::activity_csv(db_, query, true);
  ASSERT_TRUE(csv.has_value());
  const auto day = [&](int back) { return ambassador::impact::format_day(query.to_day - back); };
  EXPECT_EQ(*csv, "day,post_id,post_title,department,network,ambassador,shares,clicks,unique_clicks\r\n" + day(3) +
                      "," + std::to_string(afval_) + ",Afvalkalender,wijkbeheer,linkedin,Anna de Vries,1,3,3\r\n" +
                      day(2) + "," + std::to_string(bomen_) + ",Bomenplantdag,wijkbeheer,x,Anna de Vries,1,0,0\r\n" +
                      day(1) + "," + std::to_string(bomen_) +
                      ",Bomenplantdag,groenbeheer,linkedin,Chantal Bakker,1,2,2\r\n" + day(0) + "," +
                      std::to_string(afval_) + ",Afvalkalender,wijkbeheer,linkedin,Anna de Vries,0,1,0\r\n");
  // One department's export reads its links only (another statement): the same lines of that department.
  query.department = "groenbeheer";
  EXPECT_EQ(ambassador::impact::activity_csv(db_, query, true),
            "day,post_id,post_title,department,network,ambassador,shares,clicks,unique_clicks\r\n" + day(1) + "," +
                std::to_string(bomen_) + ",Bomenplantdag,groenbeheer,linkedin,Chantal Bakker,1,2,2\r\n");
  query.department = "";
  // Four lines: a limit of three refuses the export (the caller says to narrow it), for either kind.
  EXPECT_TRUE(ambassador::impact::activity_csv(db_, query, true, 4).has_value());
  EXPECT_FALSE(ambassador::impact::activity_csv(db_, query, true, 3).has_value());
  EXPECT_FALSE(ambassador::impact::activity_csv(db_, query, false, 3).has_value());
  db_.reset_statements();
}

TEST(ActivityRollupUpgrade, BackfillsWhatThePassWalkedAndWhatRetentionKeptThenThePassAddsTheRest) {
  TempDir dir;
  storage::Connection db(dir.file("upgrade.sqlite3"), 1000);
  const auto& all = storage::all_migrations();
  storage::migrate(db, {all.begin(), all.begin() + 11});
  constexpr std::int64_t kNow = 1'800'000'000'000;
  const auto day = kNow / kDayMs;
  db.exec(
      "INSERT INTO departments(id, name, time_zone, language) VALUES ('wijk', 'Wijk', 'UTC', 'en');"
      "INSERT INTO ambassadors(id, display_name, department_id, created_at) VALUES (1, 'Anna', 'wijk', 0);"
      "INSERT INTO posts(id, title, link_url, status, created_at, updated_at) VALUES (1, 'P', 'https://x', 'sent', 0, "
      "0);"
      "INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)"
      " VALUES ('t', 1, 1, 'wijk', 'x', 0);"
      "INSERT INTO shares(id, post_id, ambassador_id, department_id, network, source, created_at) VALUES"
      " (1, 1, 1, 'wijk', 'x', 'confirmed', 1800000000000), (2, 1, 1, 'wijk', 'linkedin', 'confirmed', 1800000000000);"
      "INSERT INTO clicks(id, token, visitor_hash, is_unique, clicked_at) VALUES"
      " (1, 't', 'a', 1, 1800000000000), (2, 't', 'a', 0, 1800000000000), (3, 't', 'b', 1, 1800000000000),"
      " (4, 't', 'c', 1, 1800000000000);"
      "UPDATE badge_cursors SET last_id = 1 WHERE source = 'shares';"  // the pass has walked share 1
      "UPDATE badge_cursors SET last_id = 3 WHERE source = 'clicks';"  // and clicks 1-3
      "INSERT INTO click_days(token, day, clicks, unique_clicks) VALUES ('t', " +
      std::to_string(day - 10) + ", 9, 5);");
  storage::migrate(db);
  auto sum = [&](const std::string& column, const std::string& table = "activity_days") {
    return db.query_int64("SELECT SUM(" + column + ") FROM " + table);
  };
  EXPECT_EQ(sum("shares"), 1);
  EXPECT_EQ(sum("clicks"), 3 + 9);
  EXPECT_EQ(sum("unique_clicks"), 2 + 5);
  for (const auto* projection : {"activity_post_days", "activity_department_days"}) {
    EXPECT_EQ(sum("shares", projection), 1) << projection;
    EXPECT_EQ(sum("clicks", projection), 3 + 9) << projection;
    EXPECT_EQ(sum("unique_clicks", projection), 2 + 5) << projection;
  }
  config::Config config;
  const auto totals = [&] { return stats_of(db, day, config.impact)["totals"]; };
  // The rollup and the rows past the cursors: everything, once.
  EXPECT_EQ(totals()["shares"], 2);
  EXPECT_EQ(totals()["clicks"], 4 + 9);
  EXPECT_EQ(totals()["unique_clicks"], 3 + 5);
  ManualClock clock(kNow);
  OutboxWriter outbox(db, clock, config.delivery);
  ambassador::impact::award_due_badges(db, config, clock, outbox, 100);
  EXPECT_EQ(sum("shares"), 2);
  EXPECT_EQ(sum("clicks"), 4 + 9);
  EXPECT_EQ(totals()["unique_clicks"], 3 + 5);
}

}  // namespace
}  // namespace ambassador::testing::impact
