// The per-person daily rollup of unique clicks (person_click_days, migration 11) that the organisation's leaderboard
// by unique clicks reads: kept by the badge pass in the transaction that moves its cursor, so every unique click is
// counted exactly once; untouched by retention; backfilled by the migration.
#include "impact_fixture.hpp"
#include "storage/impact_repository.hpp"
#include "storage/retention_repository.hpp"
#include "test_database.hpp"

namespace ambassador::testing::impact {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kWindowMs = 30 * kDayMs;

class ImpactClickRollup : public ImpactFixture {
 protected:
  std::int64_t rolled_up(const std::string& user) {
    db_.reset_statements();
    auto& select = db_.prepare("SELECT COALESCE(SUM(unique_clicks), 0) FROM person_click_days WHERE ambassador_id = ?");
    select.bind(1, id_of(user));
    select.executeStep();
    const auto total = select.getColumn(0).getInt64();
    db_.reset_statements();
    return total;
  }

  std::int64_t raw_unique(const std::string& user) {
    db_.reset_statements();
    auto& select = db_.prepare(
        "SELECT COUNT(*) FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.is_unique = 1"
        " AND t.ambassador_id = ?");
    select.bind(1, id_of(user));
    select.executeStep();
    const auto total = select.getColumn(0).getInt64();
    db_.reset_statements();
    return total;
  }

  std::string organisation_by_clicks() {
    const auto answer = say("anna", "leaderboard");
    const auto organisation = answer.substr(answer.find("\n\n") + 2);
    return organisation.substr(organisation.find("By unique clicks:"));
  }
};

TEST_F(ImpactClickRollup, EqualsTheRawCountAfterSeveralPasses) {
  const auto now = clock_.now_ms();
  unique_clicks("anna", afval_, 3, now - 3 * kDayMs);
  badge_pass(2);
  unique_clicks("bram", afval_, 4, now - kDayMs);
  unique_clicks("anna", bomen_, 2, now - 60'000);
  storage::TrackingRepository(db_).record_click(link("anna", afval_), "v1", now - 1000);  // v1 again: not unique
  badge_pass(2);
  badge_pass(2);
  unique_clicks("chantal", afval_, 5, now - 2 * kDayMs);
  for (int i = 0; i < 5; ++i) badge_pass(2);  // three to work through 5 clicks by 2, then passes that find nothing
  for (const auto* user : {"anna", "bram", "chantal"}) EXPECT_EQ(rolled_up(user), raw_unique(user)) << user;
  EXPECT_EQ(rolled_up("anna"), 5);
}

TEST_F(ImpactClickRollup, ARerunPassDoesNotCountTwice) {
  unique_clicks("anna", afval_, 3, clock_.now_ms() - 60'000);
  // A pass whose transaction is rolled back (a crash before COMMIT) leaves neither the cursor nor the counts.
  db_.exec("BEGIN");
  {
    OutboxWriter outbox(db_, clock_, config_.delivery);
    ambassador::impact::award_due_badges(db_, config_, clock_, outbox, 1000);
  }
  db_.reset_statements();
  db_.exec("ROLLBACK");
  EXPECT_EQ(rolled_up("anna"), 0);
  badge_pass();
  badge_pass();
  badge_pass();
  EXPECT_EQ(rolled_up("anna"), 3);
}

TEST_F(ImpactClickRollup, TheOrganisationListByUniqueClicksNamesOnlyThoseWhoChoseIt) {
  say("chantal", "ranking on");
  unique_clicks("chantal", afval_, 4, clock_.now_ms() - 60'000);
  unique_clicks("bram", afval_, 6, clock_.now_ms() - 60'000);
  unique_clicks("cees", afval_, 1, clock_.now_ms() - 31 * kDayMs);  // outside the window
  badge_pass();
  const auto list = organisation_by_clicks();
  EXPECT_THAT(list, HasSubstr("1. Chantal Bakker — 4\nand 1 colleague who is not named: 6"));
  EXPECT_THAT(list, Not(HasSubstr("Bram")));
}

TEST_F(ImpactClickRollup, CountsWholeUtcDaysOfTheWindow) {
  const auto since = clock_.now_ms() - kWindowMs;
  const auto first_day = (since + kDayMs - 1) / kDayMs;
  unique_clicks("anna", afval_, 2, first_day * kDayMs);           // the first whole UTC day: counted
  unique_clicks("bram", afval_, 3, first_day * kDayMs - 10'000);  // the day before it, partly in the window: not
  badge_pass();
  const auto totals = storage::ImpactRepository(db_).unique_clicks_by_person("", since);
  ASSERT_EQ(totals.size(), 1U);
  EXPECT_EQ(totals.front().ambassador_id, id_of("anna"));
  EXPECT_EQ(totals.front().count, 2);
}

TEST_F(ImpactClickRollup, SurvivesRetentionDeletingTheRawClicks) {
  say("anna", "ranking on");
  unique_clicks("anna", afval_, 3, clock_.now_ms() - 60'000);
  badge_pass();
  const auto before = organisation_by_clicks();
  db_.exec("BEGIN");
  EXPECT_EQ(storage::RetentionRepository(db_).roll_up_clicks_before(clock_.now_ms(), 1000), 2);
  db_.reset_statements();
  db_.exec("COMMIT");
  EXPECT_EQ(raw_unique("anna"), 1);  // the newest click stays (its id must not be handed out again)
  badge_pass();
  EXPECT_EQ(rolled_up("anna"), 3);
  EXPECT_EQ(organisation_by_clicks(), before);
  EXPECT_THAT(before, HasSubstr("1. Anna de Vries — 3"));
}

}  // namespace
}  // namespace ambassador::testing::impact

namespace ambassador::testing::impact {
namespace {

TEST(ClickRollupUpgrade, BackfillsWhatThePassWalkedAndWhatRetentionKeptThenThePassAddsTheRest) {
  TempDir dir;
  storage::Connection db(dir.file("upgrade.sqlite3"), 1000);
  const auto& all = storage::all_migrations();
  storage::migrate(db, {all.begin(), all.begin() + 10});
  const auto day = std::to_string(1'800'000'000'000 / kDayMs);
  db.exec(
      "INSERT INTO ambassadors(id, display_name, created_at) VALUES (1, 'Anna', 0);"
      "INSERT INTO posts(id, title, link_url, status, created_at, updated_at) VALUES (1, 'P', 'https://x', 'sent', 0, "
      "0);"
      "INSERT INTO tracked_links(token, post_id, ambassador_id, network, created_at) VALUES ('t', 1, 1, 'x', 0);"
      "INSERT INTO clicks(id, token, visitor_hash, is_unique, clicked_at) VALUES"
      " (1, 't', 'a', 1, 1800000000000), (2, 't', 'a', 0, 1800000000000), (3, 't', 'b', 1, 1800000000000),"
      " (4, 't', 'c', 1, 1800000000000);"
      "UPDATE badge_cursors SET last_id = 3 WHERE source = 'clicks';"  // the pass has walked clicks 1-3
      "INSERT INTO click_days(token, day, clicks, unique_clicks) VALUES ('t', " +
      day + " - 40, 9, 5);");
  storage::migrate(db);
  auto count = [&] { return db.query_int64("SELECT SUM(unique_clicks) FROM person_click_days"); };
  EXPECT_EQ(count(), 2 + 5);
  config::Config config;
  ManualClock clock(1'800'000'000'000);
  OutboxWriter outbox(db, clock, config.delivery);
  ambassador::impact::award_due_badges(db, config, clock, outbox, 100);
  EXPECT_EQ(count(), 3 + 5);  // click 4, past the cursor, once
}

}  // namespace
}  // namespace ambassador::testing::impact
