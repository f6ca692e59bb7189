// GET /api/v1/stats and /api/v1/stats/export.csv over loopback HTTP on the demo service, with posts, shares and
// clicks seeded into its SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dashboard_fixture.hpp"
#include "storage/impact_repository.hpp"
#include "storage/retention_repository.hpp"
#include "test_database.hpp"

namespace ambassador::testing {
namespace {
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class StatsApiTest : public DashboardTest {
 protected:
  // Three shares in November 2026 (two departments, three networks), clicks raw and rolled up, and one share in
  // October for the baseline.
  void seed() {
    anna_ = ambassador("Anna de Vries");
    bram_ = ambassador("Bram Jansen");
    chantal_ = ambassador("Chantal Bakker");
    const auto october = sent_post("Oktober", {"klimaat"}, "2026-10-05");
    trees_ = sent_post("Bomen", {"groen"}, "2026-11-03");
    party_ = sent_post("Wijkfeest", {"wijk", "evenementen"}, "2026-11-10");
    share(october, anna_, "wijkbeheer", "linkedin", "2026-10-05", 2);
    share(trees_, chantal_, "groenbeheer", "facebook", "2026-11-04", 1);
    // 5 more clicks (2 unique) on that link on 5 November.
    write([&](storage::Connection& db) {
      storage::TrackingRepository links(db);
      const auto token = "t" + std::to_string(trees_) + "-" + std::to_string(chantal_) + "-facebook";
      for (int i = 0; i < 5; ++i)
        links.record_click(token, "old-visitor-" + std::to_string(i % 2), utc_ms("2026-11-05") + i * 120'000);
    });
    share(party_, anna_, "wijkbeheer", "linkedin", "2026-11-10", 3, 1);
    share(party_, bram_, "wijkbeheer", "x", "2026-11-11", 2);
    // The badge pass rolls everything up, then retention folds the clicks before 6 November into daily counts and
    // deletes them: they still count, by their day.
    write([&](storage::Connection& db) {
      storage::ImpactRepository impact(db);
      impact.save_cursors(impact.new_activity(1000));
      storage::RetentionRepository(db).roll_up_clicks_before(utc_ms("2026-11-06"), 1000);
      EXPECT_EQ(
          db.query_int64("SELECT COUNT(*) FROM clicks WHERE clicked_at < " + std::to_string(utc_ms("2026-11-06"))), 0);
    });
  }

  json stats(const std::string& query, const std::string& token = kEditorToken) {
    const auto reply = api("GET", "/api/v1/stats" + query, token);
    if (!reply || reply->status != 200)
      throw std::runtime_error("stats: " + (reply ? std::to_string(reply->status) + " " + reply->body : "no answer"));
    return json::parse(reply->body);
  }

  std::int64_t anna_ = 0, bram_ = 0, chantal_ = 0, trees_ = 0, party_ = 0;
};

TEST_F(StatsApiTest, TotalsSeriesAndMediaValueWithItsFormula) {
  start();
  seed();
  const auto body = stats("?from=2026-11-02&to=2026-11-15&interval=week");

  EXPECT_EQ(body["period"]["days"], 14);
  const auto& totals = body["totals"];
  EXPECT_EQ(totals["posts_sent"], 2);
  EXPECT_EQ(totals["shares"], 3);
  EXPECT_EQ(totals["clicks"], 12);        // 1 + 5 rolled up + 4 + 2
  EXPECT_EQ(totals["unique_clicks"], 8);  // 1 + 2 rolled up + 3 + 2
  EXPECT_DOUBLE_EQ(totals["clicks_per_share"].get<double>(), 4.0);
  EXPECT_EQ(totals["active_ambassadors"], 3);
  EXPECT_GT(totals["ambassadors"].get<int>(), 3);

  // Weeks start on Monday: 2 and 9 November.
  ASSERT_EQ(body["series"].size(), 2u);
  EXPECT_EQ(body["series"][0]["start"], "2026-11-02");
  EXPECT_EQ(body["series"][0]["shares"], 1);
  EXPECT_EQ(body["series"][0]["unique_clicks"], 3);
  EXPECT_EQ(body["series"][1]["start"], "2026-11-09");
  EXPECT_EQ(body["series"][1]["unique_clicks"], 5);

  // linkedin 3 × €3.00 + x 2 × €0.80 + facebook 3 × €0.60 = €12.40
  const auto& value = body["media_value"];
  EXPECT_DOUBLE_EQ(value["total"].get<double>(), 12.40);
  EXPECT_EQ(value["unique_clicks_by_network"]["facebook"], 3);
  EXPECT_DOUBLE_EQ(value["cost_per_unique_click"]["linkedin"].get<double>(), 3.0);
  EXPECT_THAT(value["formula"].get<std::string>(), HasSubstr("linkedin 3 × €3.00 + x 2 × €0.80"));
  EXPECT_THAT(value["formula"].get<std::string>(), HasSubstr("= €12.40"));
  EXPECT_TRUE(body["baseline"].is_null());

  ASSERT_EQ(body["by_post"].size(), 2u);
  EXPECT_EQ(body["by_post"][1]["title"], "Wijkfeest");
  EXPECT_EQ(body["by_post"][1]["shares"], 2);
  EXPECT_EQ(body["by_theme"][0]["theme"], "evenementen");  // 2 shares, like wijk; ties keep name order
  EXPECT_EQ(body["by_theme"][0]["shares"], 2);
  EXPECT_EQ(body["by_department"][0]["department"], "wijkbeheer");
}

TEST_F(StatsApiTest, DailyAndMonthlySeriesCoverEveryBucketOfTheSpan) {
  start();
  seed();
  const auto daily = stats("?from=2026-11-01&to=2026-11-30&interval=day");
  ASSERT_EQ(daily["series"].size(), 30u);
  EXPECT_EQ(daily["series"][9]["start"], "2026-11-10");
  EXPECT_EQ(daily["series"][9]["shares"], 1);
  const auto monthly = stats("?from=2026-10-01&to=2026-11-30&interval=month");
  ASSERT_EQ(monthly["series"].size(), 2u);
  EXPECT_EQ(monthly["series"][0]["shares"], 1);
  EXPECT_EQ(monthly["series"][1]["shares"], 3);
  // Without dates: the 30 days up to today (the clock says 30 November).
  EXPECT_EQ(stats("")["period"]["from"], "2026-11-01");
}

TEST_F(StatsApiTest, DepartmentAndThemeFilters) {
  start();
  seed();
  const auto wijk = stats("?from=2026-11-01&to=2026-11-30&department=wijkbeheer");
  EXPECT_EQ(wijk["totals"]["shares"], 2);
  EXPECT_EQ(wijk["totals"]["unique_clicks"], 5);
  EXPECT_EQ(wijk["totals"]["active_ambassadors"], 2);
  const auto green = stats("?from=2026-11-01&to=2026-11-30&theme=groen");
  EXPECT_EQ(green["totals"]["shares"], 1);
  EXPECT_EQ(green["totals"]["posts_sent"], 1);
  ASSERT_EQ(green["by_theme"].size(), 1u);
  EXPECT_EQ(green["by_theme"][0]["theme"], "groen");
}

TEST_F(StatsApiTest, BaselinePeriodIsCountedFromTheProgrammesOwnData) {
  auto config = dashboard_config(dir_.path());
  config.impact.baseline_from = "2026-10-01";
  config.impact.baseline_to = "2026-10-31";
  start(std::move(config));
  seed();
  const auto baseline = stats("?from=2026-11-01&to=2026-11-30")["baseline"];
  EXPECT_EQ(baseline["source"], "period");
  EXPECT_EQ(baseline["days"], 31);
  EXPECT_EQ(baseline["shares"], 1);
  EXPECT_EQ(baseline["unique_clicks"], 2);
  EXPECT_DOUBLE_EQ(baseline["media_value"].get<double>(), 6.0);
  EXPECT_NEAR(baseline["per_day"]["unique_clicks"].get<double>(), 2.0 / 31, 1e-9);
}

TEST_F(StatsApiTest, BaselineMonthsAreHandEnteredFigures) {
  auto config = dashboard_config(dir_.path());
  config.impact.baseline_months = {{"2026-01", 40, 300}, {"2026-02", 20, 100}};
  start(std::move(config));
  const auto baseline = stats("?from=2026-11-01&to=2026-11-30")["baseline"];
  EXPECT_EQ(baseline["source"], "months");
  EXPECT_EQ(baseline["days"], 59);
  EXPECT_EQ(baseline["shares"], 60);
  EXPECT_DOUBLE_EQ(baseline["media_value"].get<double>(), 200.0);  // 400 × €0.50 ('other')
  EXPECT_FALSE(baseline["filters_applied"].get<bool>());
}

TEST_F(StatsApiTest, WebcareAnswersAndSlaMetInThePeriod) {
  start();
  write([](storage::Connection& db) {
    const auto at = utc_ms("2026-11-10");
    for (int i = 1; i <= 3; ++i) {
      auto& question = db.prepare(
          "INSERT INTO questions(id, reference, kind, department_id, created_at, clock_started_at)"
          " VALUES (?, ?, ?, 'wijkbeheer', ?, ?)");
      question.bind(1, i);
      question.bind(2, "W-2026-000" + std::to_string(i));
      question.bind(3, i == 3 ? "complaint" : "question");  // a signal is not a question
      question.bind(4, at);
      question.bind(5, at);
      question.exec();
    }
    db.exec(
        "INSERT INTO question_events(question_id, at, kind, department_id) VALUES"
        " (1, " +
        std::to_string(at + 1000) +
        ", 'answered', 'wijkbeheer'),"
        " (2, " +
        std::to_string(at + 1000) +
        ", 'escalated', 'wijkbeheer'),"
        " (2, " +
        std::to_string(at + 2000) +
        ", 'answered', 'wijkbeheer'),"
        " (2, " +
        std::to_string(at + 3000) +
        ", 'answered', 'wijkbeheer'),"
        " (3, " +
        std::to_string(at + 1000) + ", 'answered', 'wijkbeheer')");
  });
  const auto webcare = stats("?from=2026-11-01&to=2026-11-30")["webcare"];
  EXPECT_EQ(webcare["answered"], 2);
  EXPECT_EQ(webcare["answered_within_sla"], 1);
  EXPECT_DOUBLE_EQ(webcare["sla_met_share"].get<double>(), 0.5);
  EXPECT_EQ(stats("?from=2026-11-01&to=2026-11-30&department=groenbeheer")["webcare"]["answered"], 0);
}

TEST_F(StatsApiTest, RefusesBadDatesIntervalsAndSpansWithTheReason) {
  start();
  const auto reason = [&](const std::string& query) {
    const auto reply = api("GET", "/api/v1/stats" + query, kEditorToken);
    EXPECT_EQ(reply->status, 400) << query;
    return json::parse(reply->body)["error"]["message"].get<std::string>();
  };
  EXPECT_THAT(reason("?from=2026-02-30"), HasSubstr("from must be a date"));
  EXPECT_THAT(reason("?to=30-11-2026"), HasSubstr("to must be a date"));
  EXPECT_THAT(reason("?from=2026-11-02&to=2026-11-01"), HasSubstr("not be after"));
  EXPECT_THAT(reason("?from=2020-01-01&to=2026-11-01"), HasSubstr("at most 731 days"));
  EXPECT_THAT(reason("?from=2025-01-01&to=2026-11-01&interval=day"), HasSubstr("use interval=week"));
  EXPECT_THAT(reason("?interval=hour"), HasSubstr("day, week or month"));
  EXPECT_THAT(reason("?department=nope"), HasSubstr("unknown department"));
  EXPECT_THAT(reason("?theme=nope"), HasSubstr("unknown theme"));
  EXPECT_EQ(api("GET", "/api/v1/stats/export.csv?from=x", kEditorToken)->status, 400);
}

TEST_F(StatsApiTest, EditorsLeadsAndAdminsMayReadWebcareMayNot) {
  start();
  EXPECT_EQ(http_exchange(port_, raw_request("GET", "/api/v1/stats"))->status, 401);
  EXPECT_EQ(api("GET", "/api/v1/stats", "wrong-token")->status, 401);
  EXPECT_EQ(api("GET", "/api/v1/stats", kWebcareToken)->status, 403);
  EXPECT_EQ(api("GET", "/api/v1/stats/export.csv", kWebcareToken)->status, 403);
  for (const auto& token : {kEditorToken, kLeadToken, kAdminToken})
    EXPECT_EQ(api("GET", "/api/v1/stats", token)->status, 200);
}

TEST_F(StatsApiTest, CsvHasNamesOnlyForLeadsAndAdmins) {
  start();
  seed();
  const auto editor = api("GET", "/api/v1/stats/export.csv?from=2026-11-01&to=2026-11-30", kEditorToken);
  ASSERT_EQ(editor->status, 200);
  EXPECT_THAT(editor->header("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(editor->body, HasSubstr("day,post_id,post_title,department,network,shares,clicks,unique_clicks\r\n"));
  EXPECT_THAT(editor->body, HasSubstr("2026-11-10," + std::to_string(party_) + ",Wijkfeest,wijkbeheer,linkedin,1,4,3"));
  EXPECT_THAT(editor->body, HasSubstr("2026-11-05," + std::to_string(trees_) + ",Bomen,groenbeheer,facebook,0,5,2"));
  EXPECT_THAT(editor->body, Not(HasSubstr("Anna")));
  EXPECT_THAT(editor->body, Not(HasSubstr("visitor")));

  const auto lead = api("GET", "/api/v1/stats/export.csv?from=2026-11-01&to=2026-11-30", kLeadToken);
  ASSERT_EQ(lead->status, 200);
  EXPECT_THAT(lead->body, HasSubstr(",ambassador,"));
  EXPECT_THAT(lead->body, HasSubstr("Wijkfeest,wijkbeheer,linkedin,Anna de Vries,1,4,3"));
  EXPECT_EQ(api("GET", "/api/v1/stats/export.csv", kAdminToken)->status, 200);
}

TEST_F(StatsApiTest, CsvFieldsCannotBecomeSpreadsheetFormulas) {
  start();
  const auto post = sent_post("=HYPERLINK(\"x\"), click", {"groen"}, "2026-11-03");
  share(post, ambassador("Anna de Vries"), "wijkbeheer", "x", "2026-11-03", 1);
  const auto csv = api("GET", "/api/v1/stats/export.csv?from=2026-11-01&to=2026-11-30", kEditorToken)->body;
  EXPECT_THAT(csv, HasSubstr(",\"'=HYPERLINK(\"\"x\"\"), click\","));
}

TEST_F(StatsApiTest, RangeQueriesUseTheirIndexes) {
  if (ambassador::testing::on_postgres()) GTEST_SKIP() << "SQLite's own (query plans, trigger syntax)";
  start();
  std::string plan;
  write([&](storage::Connection& db) {
    // The statements of ProgrammeStatsRepository::activity: the rollup by department or by day, and the raw rows
    // past the badge pass's cursors by row id, not by time (which would read the whole span).
    for (const auto* sql :
         {"EXPLAIN QUERY PLAN SELECT day FROM click_days WHERE day >= 1 AND day < 2",
          "EXPLAIN QUERY PLAN SELECT id FROM posts WHERE publish_at >= 1 AND publish_at < 2",
          "EXPLAIN QUERY PLAN SELECT day, post_id, department_id, network, shares, clicks, unique_clicks"
          " FROM activity_days WHERE department_id = 'd' AND day >= 1 AND day < 2",
          "EXPLAIN QUERY PLAN SELECT day, post_id, department_id, network, shares, clicks, unique_clicks"
          " FROM activity_days WHERE day >= 1 AND day < 2 AND '' = ''",
          "EXPLAIN QUERY PLAN SELECT day FROM activity_post_days WHERE day >= 1 AND day < 2",
          "EXPLAIN QUERY PLAN SELECT day FROM activity_department_days WHERE day >= 1 AND day < 2",
          "EXPLAIN QUERY PLAN SELECT created_at / 86400000, post_id, department_id, network, COUNT(*), 0, 0 FROM shares"
          " WHERE id > 5 AND +created_at >= 1 AND +created_at < 2 AND ('' = '' OR +department_id = '')"
          " GROUP BY 1, 2, 3, 4",
          "EXPLAIN QUERY PLAN SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, 0, COUNT(*),"
          " SUM(c.is_unique) FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.id > 5"
          " AND +c.clicked_at >= 1 AND +c.clicked_at < 2 AND ('d' = '' OR +t.department_id = 'd') GROUP BY 1, 2, 3, "
          "4"}) {
      auto& explain = db.prepare(sql);
      while (explain.executeStep()) plan += explain.getColumn(3).getString() + "\n";
    }
  });
  EXPECT_THAT(plan, HasSubstr("click_days_by_day"));
  EXPECT_THAT(plan, HasSubstr("posts_by_publish_at"));
  EXPECT_THAT(plan, HasSubstr("SEARCH activity_days USING PRIMARY KEY (department_id=? AND day>? AND day<?)"));
  EXPECT_THAT(plan, HasSubstr("SEARCH activity_days USING COVERING INDEX activity_days_by_day (day>? AND day<?)"));
  EXPECT_THAT(plan, HasSubstr("SEARCH activity_post_days USING PRIMARY KEY (day>? AND day<?)"));
  EXPECT_THAT(plan, HasSubstr("SEARCH activity_department_days USING PRIMARY KEY (day>? AND day<?)"));
  EXPECT_THAT(plan, HasSubstr("SEARCH shares USING INTEGER PRIMARY KEY (rowid>?)"));
  EXPECT_THAT(plan, HasSubstr("SEARCH c USING INTEGER PRIMARY KEY (rowid>?)"));
}

}  // namespace
}  // namespace ambassador::testing
