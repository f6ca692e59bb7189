// Badges from [recognition]: announced once per person, in the department's channel for those named in rankings,
// privately for everyone else; checked by a pass over what was recorded since its cursors.
#include "impact_fixture.hpp"
#include "test_database.hpp"

namespace ambassador::testing::impact {
namespace {
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ImpactBadges : public ImpactFixture {
 protected:
  ImpactBadges() {
    config_.recognition.badges = {{"first-share", "", 1, 0, ""},
                                  {"three-shares", "Trio", 3, 0, "lunch with the alderman"},
                                  {"five-clicks", "", 0, 5, ""}};
  }
};

TEST_F(ImpactBadges, AnnouncesABadgeOncePrivatelyByDefault) {
  share("bram", afval_, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 1);
  const auto sent = outbox("badge:");
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].to.user_id, "bram");
  EXPECT_TRUE(sent[0].to.channel_id.empty());
  EXPECT_EQ(sent[0].message.text, "Congratulations: you earned a badge, first share!");
}

TEST_F(ImpactBadges, AReprocessedPassAnnouncesNothingTwice) {
  share("bram", afval_, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 1);
  EXPECT_EQ(badge_pass(), 0);  // nothing new since the cursors
  // As if the cursors were lost (or the same shares seen again after a restart): still once.
  db_.exec("DELETE FROM badge_cursors");
  EXPECT_EQ(badge_pass(), 0);
  EXPECT_THAT(outbox("badge:"), SizeIs(1));
}

TEST_F(ImpactBadges, AnnouncesInTheDepartmentChannelForThoseNamedInRankings) {
  say("anna", "ranking on");
  share("anna", afval_, clock_.now_ms());
  share("bram", afval_, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 2);
  const auto sent = outbox("badge:");
  ASSERT_THAT(sent, SizeIs(2));
  const auto& anna = sent[0].to.user_id.empty() ? sent[0] : sent[1];
  const auto& bram = sent[0].to.user_id.empty() ? sent[1] : sent[0];
  EXPECT_EQ(anna.to.channel_id, "wijk-amb");
  EXPECT_EQ(anna.message.text, "Congratulations Anna de Vries: badge earned, first share!");
  EXPECT_EQ(bram.to.user_id, "bram");
  EXPECT_TRUE(bram.to.channel_id.empty());
}

TEST_F(ImpactBadges, NamesTheRewardAtItsThreshold) {
  share("bram", afval_, clock_.now_ms());
  share("bram", afval_, clock_.now_ms(), "x");
  badge_pass();
  EXPECT_THAT(outbox("badge:"), SizeIs(1));  // two shares: only the first badge
  share("bram", bomen_, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 1);
  const auto sent = outbox("badge:");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_EQ(sent[1].message.text,
            "Congratulations: you earned a badge, Trio!\nYour reward: lunch with the alderman. The programme team will "
            "be in touch.");
}

TEST_F(ImpactBadges, CountsUniqueClicksOnly) {
  unique_clicks("bram", afval_, 4, clock_.now_ms() - 600'000);
  const auto token = link("bram", afval_);
  storage::TrackingRepository(db_).record_click(token, "v1", clock_.now_ms());  // a repeat visitor
  EXPECT_EQ(badge_pass(), 0);
  unique_clicks("bram", afval_, 1, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 1);
  EXPECT_EQ(outbox("badge:")[0].message.text, "Congratulations: you earned a badge, 5 unique clicks!");
}

TEST_F(ImpactBadges, WorksThroughABacklogInBatches) {
  share("anna", afval_, clock_.now_ms());
  share("bram", afval_, clock_.now_ms());
  share("cees", afval_, clock_.now_ms());
  EXPECT_EQ(badge_pass(2), 2);
  EXPECT_EQ(badge_pass(2), 1);
  EXPECT_EQ(badge_pass(2), 0);
  EXPECT_THAT(outbox("badge:"), SizeIs(3));
}

TEST_F(ImpactBadges, RecordsButDoesNotMessageSomeoneWhoStopped) {
  say("bram", "stop");
  share("bram", afval_, clock_.now_ms());
  EXPECT_EQ(badge_pass(), 1);
  EXPECT_THAT(outbox("badge:"), IsEmpty());
}

TEST_F(ImpactBadges, ABadgeWithoutANameIsDescribedInTheReadersLanguage) {
  EXPECT_EQ(ambassador::impact::badge_title({"ten", "", 10, 0, ""}, i18n::Language::nl), "10 keer gedeeld");
  EXPECT_EQ(ambassador::impact::badge_title({"one", "", 0, 1, ""}, i18n::Language::en), "first unique click");
  EXPECT_EQ(ambassador::impact::badge_title({"trio", "Trio", 3, 0, ""}, i18n::Language::en), "Trio");
}

}  // namespace
}  // namespace ambassador::testing::impact

namespace ambassador::testing::impact {
namespace {

TEST(BadgeUpgrade, ThePassStartsAfterWhatWasRecordedBeforeTheMigration) {
  TempDir dir;
  storage::Connection db(dir.file("upgrade.sqlite3"), 1000);
  const auto& all = storage::all_migrations();
  storage::migrate(db, {all.begin(), all.begin() + 7});
  db.exec(
      "INSERT INTO ambassadors(id, display_name, created_at) VALUES (1, 'Anna', 0);"
      "INSERT INTO ambassador_identities(platform, user_id, ambassador_id) VALUES ('local', 'anna', 1);"
      "INSERT INTO posts(id, title, link_url, status, created_at, updated_at) VALUES (1, 'P', 'https://x', 'sent', 0, "
      "0);"
      "INSERT INTO shares(post_id, ambassador_id, network, source, created_at) VALUES (1, 1, 'x', 'confirmed', 0);");
  storage::migrate(db);
  config::Config config;
  ManualClock clock(1'800'000'000'000);
  OutboxWriter outbox(db, clock, config.delivery);
  EXPECT_EQ(ambassador::impact::award_due_badges(db, config, clock, outbox, 100).awarded, 0);
  // Her next share brings the badge her past had earned.
  db.exec(
      "INSERT INTO shares(post_id, ambassador_id, network, source, created_at) VALUES (1, 1, 'linkedin', "
      "'confirmed', 1)");
  EXPECT_EQ(ambassador::impact::award_due_badges(db, config, clock, outbox, 100).awarded, 1);
}

}  // namespace
}  // namespace ambassador::testing::impact
