#include <gtest/gtest.h>

#include <string>

#include "storage/ambassador_repository.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/retention_repository.hpp"
#include "storage/tracking_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::storage {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kDay = 24 * 60 * kMinute;

class TrackingRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    migrate(db);
    PostRecord post;
    post.title = "Nieuw park";
    post.link_url = "https://example.org/park";
    post.status = "sent";
    post.created_at_ms = post.updated_at_ms = kNow;
    post_id = PostRepository(db).insert(post);
    other_post_id = PostRepository(db).insert(post);
    ann = AmbassadorRepository(db).find_or_create({"local", "", "ann"}, "Ann", kNow).id;
    bob = AmbassadorRepository(db).find_or_create({"local", "", "bob"}, "Bob", kNow).id;
  }

  std::string next_token() { return "token-" + std::to_string(++tokens_made); }
  std::function<std::string()> token_maker() {
    return [this] { return next_token(); };
  }
  std::int64_t count(const std::string& sql) { return db.query_int64(sql); }
  // Retention folds only the clicks the badge pass has counted into the stats rollup: say it has walked them all.
  void walked_by_badge_pass() {
    db.exec("UPDATE badge_cursors SET last_id = (SELECT MAX(id) FROM clicks) WHERE source = 'clicks'");
  }

  testing::TempDir dir;
  Connection db{ambassador::testing::database(dir, "test.sqlite3"), 5000};
  std::int64_t post_id = 0, other_post_id = 0, ann = 0, bob = 0;
  int tokens_made = 0;
};

TEST_F(TrackingRepositoryTest, LinkForIsIdempotentPerPostAmbassadorAndNetwork) {
  TrackingRepository links(db);
  const auto first = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  EXPECT_EQ(links.link_for(post_id, ann, "wijk", "linkedin", kNow + 1, token_maker()), first);
  EXPECT_EQ(tokens_made, 1);
  EXPECT_NE(links.link_for(post_id, ann, "wijk", "x", kNow, token_maker()), first);
  EXPECT_NE(links.link_for(post_id, bob, "wijk", "linkedin", kNow, token_maker()), first);
  EXPECT_NE(links.link_for(other_post_id, ann, "wijk", "linkedin", kNow, token_maker()), first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM tracked_links"), 4);
}

TEST_F(TrackingRepositoryTest, LinkWithoutAmbassadorIsAlsoMadeOnce) {
  TrackingRepository links(db);
  const auto first = links.link_for(post_id, std::nullopt, "", "facebook", kNow, token_maker());
  EXPECT_EQ(links.link_for(post_id, std::nullopt, "", "facebook", kNow, token_maker()), first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM tracked_links"), 1);
}

TEST_F(TrackingRepositoryTest, ResolveJoinsThePost) {
  TrackingRepository links(db);
  auto post = *PostRepository(db).find(post_id);
  post.suggested_texts = R"({"x":"Kijk!"})";
  PostRepository(db).update(post);
  const auto token = links.link_for(post_id, ann, "wijk", "x", kNow, token_maker());
  const auto link = links.resolve(token);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->token, token);
  EXPECT_EQ(link->post_id, post_id);
  EXPECT_EQ(link->ambassador_id, ann);
  EXPECT_EQ(link->department_id, "wijk");
  EXPECT_EQ(link->network, "x");
  EXPECT_EQ(link->link_url, "https://example.org/park");
  EXPECT_EQ(link->post_status, "sent");
  EXPECT_EQ(link->post_title, "Nieuw park");
  EXPECT_EQ(link->suggested_texts, R"({"x":"Kijk!"})");
  EXPECT_EQ(links.resolve("no-such-token"), std::nullopt);
}

TEST_F(TrackingRepositoryTest, RejectsAnUnknownNetwork) {
  EXPECT_THROW(TrackingRepository(db).link_for(post_id, ann, "", "myspace", kNow, token_maker()), std::exception);
}

TEST_F(TrackingRepositoryTest, FirstClickOfAVisitorIsUniqueLaterOnesAreNot) {
  TrackingRepository links(db);
  const auto token = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  const auto other = links.link_for(post_id, bob, "wijk", "linkedin", kNow, token_maker());
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow), ClickRecord::unique);
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow + kMinute), ClickRecord::repeat);
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow + 2 * kMinute), ClickRecord::repeat);
  EXPECT_EQ(links.record_click(token, "visitor-2", kNow + 3), ClickRecord::unique);
  EXPECT_EQ(links.record_click(other, "visitor-1", kNow + 4), ClickRecord::unique) << "uniqueness is per token";
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE is_unique = 1"), 3);
}

TEST_F(TrackingRepositoryTest, AVisitorsClicksOnALinkCountOncePerMinute) {
  TrackingRepository links(db);
  const auto token = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  const auto other = links.link_for(post_id, bob, "wijk", "linkedin", kNow, token_maker());
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow), ClickRecord::unique);
  for (int i = 1; i <= 100; ++i) EXPECT_EQ(links.record_click(token, "visitor-1", kNow + i * 500), ClickRecord::capped);
  EXPECT_EQ(links.record_click(token, "visitor-2", kNow + 1), ClickRecord::unique) << "the cap is per visitor";
  EXPECT_EQ(links.record_click(other, "visitor-1", kNow + 1), ClickRecord::unique) << "and per link";
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow + kMinute - 1), ClickRecord::capped);
  EXPECT_EQ(links.record_click(token, "visitor-1", kNow + kMinute), ClickRecord::repeat) << "a minute later";
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 4);
}

TEST_F(TrackingRepositoryTest, ClickOnAnUnknownTokenIsRefused) {
  EXPECT_THROW(TrackingRepository(db).record_click("no-such-token", "v", kNow), std::exception);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 0);
}

TEST_F(TrackingRepositoryTest, SaltIsMadeOncePerDayAndOldOnesAreForgotten) {
  TrackingRepository links(db);
  int made = 0;
  const auto salt_maker = [&made] { return "salt-" + std::to_string(++made) + std::string(1, '\0') + "x"; };
  const auto day = kNow / 86'400'000;
  const auto today = links.salt_for_day(day, salt_maker);
  EXPECT_EQ(today.size(), 8u) << "binary salts survive the round trip";
  EXPECT_EQ(links.salt_for_day(day, salt_maker), today);
  EXPECT_EQ(made, 1);
  links.salt_for_day(day + 1, salt_maker);
  links.salt_for_day(day + 2, salt_maker);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 3);
  const auto later = links.salt_for_day(day + 3, salt_maker);
  EXPECT_NE(later, today);
  EXPECT_EQ(count("SELECT COUNT(*) FROM visitor_salts"), 3);
  EXPECT_EQ(count("SELECT MIN(day) FROM visitor_salts"), day + 1);
}

TEST_F(TrackingRepositoryTest, OneSharePerPostAmbassadorAndNetwork) {
  TrackingRepository links(db);
  EXPECT_TRUE(links.record_share(post_id, ann, "wijk", "linkedin", "link_opened", kNow));
  EXPECT_FALSE(links.record_share(post_id, ann, "wijk", "linkedin", "link_opened", kNow + 1));
  EXPECT_TRUE(links.record_share(post_id, ann, "wijk", "x", "link_opened", kNow));
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares"), 2);
}

TEST_F(TrackingRepositoryTest, ConfirmedShareUpgradesAnOpenedLinkWithoutCountingTwice) {
  TrackingRepository links(db);
  EXPECT_TRUE(links.record_share(post_id, ann, "wijk", "linkedin", "link_opened", kNow));
  EXPECT_FALSE(links.record_share(post_id, ann, "wijk", "linkedin", "confirmed", kNow + 1));
  EXPECT_EQ(count("SELECT COUNT(*) FROM shares"), 1);
  EXPECT_EQ(db.query_text("SELECT source FROM shares"), "confirmed");
  EXPECT_FALSE(links.record_share(post_id, ann, "wijk", "linkedin", "link_opened", kNow + 2));
  EXPECT_EQ(db.query_text("SELECT source FROM shares"), "confirmed") << "never downgraded";
}

TEST_F(TrackingRepositoryTest, SkippedReactionIsRecordedOnce) {
  TrackingRepository links(db);
  links.record_reaction(post_id, ann, "skipped", kNow);
  links.record_reaction(post_id, ann, "skipped", kNow + 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM post_reactions"), 1);
  EXPECT_EQ(count("SELECT created_at FROM post_reactions"), kNow);
  EXPECT_THROW(links.record_reaction(post_id, bob, "loved", kNow), std::exception);
}

TEST_F(TrackingRepositoryTest, PostStatsCountSharesByNetworkAndDepartmentAndClicks) {
  TrackingRepository links(db);
  links.record_share(post_id, ann, "wijk", "linkedin", "confirmed", kNow);
  links.record_share(post_id, ann, "wijk", "x", "link_opened", kNow);
  links.record_share(post_id, bob, "groen", "linkedin", "link_opened", kNow);
  links.record_share(other_post_id, bob, "groen", "facebook", "link_opened", kNow);
  const auto ann_li = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  const auto bob_li = links.link_for(post_id, bob, "groen", "linkedin", kNow, token_maker());
  const auto elsewhere = links.link_for(other_post_id, bob, "groen", "facebook", kNow, token_maker());
  links.record_click(ann_li, "v1", kNow);
  links.record_click(ann_li, "v1", kNow + kMinute);
  links.record_click(ann_li, "v2", kNow);
  links.record_click(bob_li, "v1", kNow);
  links.record_click(elsewhere, "v1", kNow);

  const auto stats = links.post_stats(post_id);
  EXPECT_EQ(stats.shares, 3);
  EXPECT_EQ(stats.shares_by_network, (std::map<std::string, std::int64_t>{{"linkedin", 2}, {"x", 1}}));
  EXPECT_EQ(stats.shares_by_department, (std::map<std::string, std::int64_t>{{"groen", 1}, {"wijk", 2}}));
  EXPECT_EQ(stats.clicks, 4);
  EXPECT_EQ(stats.unique_clicks, 3);

  const auto empty = links.post_stats(999);
  EXPECT_EQ(empty.shares, 0);
  EXPECT_TRUE(empty.shares_by_network.empty());
  EXPECT_EQ(empty.clicks, 0);
  EXPECT_EQ(empty.unique_clicks, 0);
}

TEST_F(TrackingRepositoryTest, PersonalStatsCountOnlyThatAmbassador) {
  TrackingRepository links(db);
  links.record_share(post_id, ann, "wijk", "linkedin", "confirmed", kNow);
  links.record_share(post_id, ann, "wijk", "x", "link_opened", kNow);
  links.record_share(other_post_id, ann, "wijk", "x", "link_opened", kNow);
  links.record_share(post_id, bob, "groen", "linkedin", "link_opened", kNow);
  const auto ann_li = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  const auto ann_x = links.link_for(other_post_id, ann, "wijk", "x", kNow, token_maker());
  const auto bob_li = links.link_for(post_id, bob, "groen", "linkedin", kNow, token_maker());
  links.record_click(ann_li, "v1", kNow);
  links.record_click(ann_li, "v1", kNow + kMinute);
  links.record_click(ann_x, "v1", kNow);
  links.record_click(bob_li, "v9", kNow);

  const auto mine = links.personal_stats(ann);
  EXPECT_EQ(mine.shares, 3);
  EXPECT_EQ(mine.posts_shared, 2);
  EXPECT_EQ(mine.clicks, 3);
  EXPECT_EQ(mine.unique_clicks, 2);
  const auto nobody = links.personal_stats(12345);
  EXPECT_EQ(nobody.shares, 0);
  EXPECT_EQ(nobody.clicks, 0);
}

TEST_F(TrackingRepositoryTest, UniqueCheckUsesThePartialIndex) {
  if (ambassador::testing::on_postgres()) GTEST_SKIP() << "SQLite's own (query plans, trigger syntax)";
  // The click path runs at thousands per second: the NOT EXISTS must be an index look-up, not a scan.
  std::string plan;
  auto& explain = db.prepare(
      "EXPLAIN QUERY PLAN SELECT 1 FROM clicks WHERE token = 'a' AND visitor_hash = 'b'"
      " AND is_unique = 1");
  while (explain.executeStep()) plan += explain.getColumn(3).getString() + "\n";
  EXPECT_NE(plan.find("clicks_unique_visitor"), std::string::npos) << plan;
}

// Raw clicks over several days, for several visitors and links, rolled up in small chunks: every figure the stats
// report (post totals, personal totals, unique clicks) is the same before and after, and later clicks still count.
TEST_F(TrackingRepositoryTest, RollingUpOldClicksKeepsEveryReportedFigure) {
  TrackingRepository links(db);
  const auto ann_li = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  const auto ann_x = links.link_for(other_post_id, ann, "wijk", "x", kNow, token_maker());
  const auto bob_li = links.link_for(post_id, bob, "groen", "linkedin", kNow, token_maker());
  const auto nobody = links.link_for(post_id, std::nullopt, "", "facebook", kNow, token_maker());
  const std::string tokens[] = {ann_li, ann_x, bob_li, nobody};
  for (int day = 0; day < 5; ++day)
    for (int visitor = 0; visitor < 3; ++visitor)
      for (int i = 0; i <= (day + visitor) % 3; ++i)
        links.record_click(tokens[(day + visitor) % 4], "d" + std::to_string(day) + "v" + std::to_string(visitor),
                           kNow + day * kDay + i * kMinute);
  const auto clicks_before = count("SELECT COUNT(*) FROM clicks");
  const auto post_before = links.post_stats(post_id);
  const auto other_before = links.post_stats(other_post_id);
  const auto ann_before = links.personal_stats(ann);
  const auto bob_before = links.personal_stats(bob);
  ASSERT_GT(post_before.clicks, post_before.unique_clicks) << "the data must have repeat clicks to mean something";

  // Days 0 to 2 go; days 3 and 4 stay raw. Chunks of 4 split days and links across writer jobs.
  walked_by_badge_pass();
  RetentionRepository retention(db);
  const auto cutoff = kNow + 3 * kDay;
  const auto old_clicks = count("SELECT COUNT(*) FROM clicks WHERE clicked_at < " + std::to_string(cutoff));
  std::int64_t rolled = 0;
  while (const int chunk = retention.roll_up_clicks_before(cutoff, 4)) rolled += chunk;
  EXPECT_EQ(rolled, old_clicks);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks WHERE clicked_at < " + std::to_string(cutoff)), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), clicks_before - old_clicks);
  EXPECT_EQ(count("SELECT SUM(clicks) FROM click_days"), old_clicks);

  const auto post_after = links.post_stats(post_id);
  const auto other_after = links.post_stats(other_post_id);
  const auto ann_after = links.personal_stats(ann);
  const auto bob_after = links.personal_stats(bob);
  EXPECT_EQ(post_after.clicks, post_before.clicks);
  EXPECT_EQ(post_after.unique_clicks, post_before.unique_clicks);
  EXPECT_EQ(other_after.clicks, other_before.clicks);
  EXPECT_EQ(other_after.unique_clicks, other_before.unique_clicks);
  EXPECT_EQ(ann_after.clicks, ann_before.clicks);
  EXPECT_EQ(ann_after.unique_clicks, ann_before.unique_clicks);
  EXPECT_EQ(bob_after.clicks, bob_before.clicks);
  EXPECT_EQ(bob_after.unique_clicks, bob_before.unique_clicks);

  // A new day's visitor (a new salt, so a new hash) still counts as unique after the rollup.
  EXPECT_EQ(links.record_click(ann_li, "d9v0", kNow + 9 * kDay), ClickRecord::unique);
  EXPECT_EQ(links.post_stats(post_id).unique_clicks, post_before.unique_clicks + 1);
}

TEST_F(TrackingRepositoryTest, RetentionKeepsTheNewestClickSoItsIdIsNotHandedOutAgain) {
  TrackingRepository links(db);
  const auto token = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  links.record_click(token, "v1", kNow);
  links.record_click(token, "v2", kNow + kMinute);
  walked_by_badge_pass();
  EXPECT_EQ(RetentionRepository(db).roll_up_clicks_before(kNow + kDay, 10), 1);
  EXPECT_EQ(count("SELECT id FROM clicks"), 2);  // the next click gets id 3, past the pass's cursor (2)
}

TEST_F(TrackingRepositoryTest, RetentionLeavesClicksThePassHasNotCounted) {
  TrackingRepository links(db);
  const auto token = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  for (const auto* visitor : {"v1", "v2", "v3"}) links.record_click(token, visitor, kNow);
  links.record_click(token, "v4", kNow + 2 * kDay);
  db.exec("UPDATE badge_cursors SET last_id = 1 WHERE source = 'clicks'");
  EXPECT_EQ(RetentionRepository(db).roll_up_clicks_before(kNow + kDay, 10), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM clicks"), 3);
}

TEST_F(TrackingRepositoryTest, RolledUpClicksGoWithTheirLink) {
  TrackingRepository links(db);
  const auto token = links.link_for(post_id, ann, "wijk", "linkedin", kNow, token_maker());
  links.record_click(token, "v1", kNow);
  // A newer click elsewhere: the newest row always stays (its id must not be handed out again).
  links.record_click(links.link_for(other_post_id, ann, "wijk", "x", kNow, token_maker()), "v2", kNow + 2 * kDay);
  walked_by_badge_pass();
  while (RetentionRepository(db).roll_up_clicks_before(kNow + kDay, 10) > 0) {
  }
  ASSERT_EQ(count("SELECT COUNT(*) FROM click_days"), 1);
  db.exec("DELETE FROM posts WHERE id = " + std::to_string(post_id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM click_days"), 0);
}

}  // namespace
}  // namespace ambassador::storage
