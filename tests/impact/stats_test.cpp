// `stats` / `resultaten`: a person's shares and unique clicks this month and all time, best post, kudos, badges,
// and the rank only for those who chose to be named.
#include "impact_fixture.hpp"

namespace ambassador::testing::impact {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class ImpactStats : public ImpactFixture {};

TEST_F(ImpactStats, NothingYetIsSaidKindly) {
  EXPECT_THAT(say("anna", "stats"), HasSubstr("You haven't shared anything yet, and that's fine."));
}

TEST_F(ImpactStats, AnswersOnlyAmbassadors) { EXPECT_THAT(say("stranger", "stats"), Not(HasSubstr("This month"))); }

TEST_F(ImpactStats, CountsThisMonthInTheOrganisationsTimeZoneAndAllTime) {
  share("anna", afval_, amsterdam("2027-01-31T23:30"));             // January, in Amsterdam and in UTC
  share("anna", bomen_, amsterdam("2027-02-01T00:30"));             // February here, still January in UTC
  share("anna", bomen_, amsterdam("2027-02-09T10:00"), "x");        // February
  unique_clicks("anna", afval_, 2, amsterdam("2027-01-20T10:00"));  // January
  unique_clicks("anna", bomen_, 3, amsterdam("2027-02-05T10:00"));  // February
  const auto answer = say("anna", "resultaten");
  EXPECT_THAT(answer, HasSubstr("Your impact, Anna de Vries"));
  EXPECT_THAT(answer, HasSubstr("This month: 2 shares, 3 unique clicks on your links."));
  EXPECT_THAT(answer, HasSubstr("All time: 3 shares, 5 unique clicks."));
}

TEST_F(ImpactStats, CountsAVisitorOnceAndClicksRolledUpIntoDailyCounts) {
  const auto token = link("anna", afval_);
  storage::TrackingRepository tracking(db_);
  tracking.record_click(token, "same-visitor", amsterdam("2027-02-02T10:00"));
  tracking.record_click(token, "same-visitor", amsterdam("2027-02-02T11:00"));  // a repeat: counted, not unique
  tracking.record_click(token, "other-visitor", amsterdam("2027-02-02T11:00"));
  // What retention left of December's clicks: 7 clicks, 4 of them unique.
  db_.exec("INSERT INTO click_days(token, day, clicks, unique_clicks) VALUES ('" + token + "', " +
           std::to_string(amsterdam("2026-12-15T12:00") / 86'400'000) + ", 7, 4)");
  const auto answer = say("anna", "stats");
  EXPECT_THAT(answer, HasSubstr("This month: 0 shares, 2 unique clicks on your links."));
  EXPECT_THAT(answer, HasSubstr("All time: 0 shares, 6 unique clicks."));
}

TEST_F(ImpactStats, NamesTheBestPostByUniqueClicks) {
  unique_clicks("anna", afval_, 2, amsterdam("2027-02-02T10:00"));
  unique_clicks("anna", bomen_, 4, amsterdam("2027-02-03T10:00"));
  unique_clicks("bram", afval_, 9, amsterdam("2027-02-03T10:00"));  // someone else's link
  EXPECT_THAT(say("anna", "stats"), HasSubstr("Your best post: Bomenplantdag (4 unique clicks)."));
}

TEST_F(ImpactStats, ShowsTheRankOnlyToThoseWhoChoseToBeNamed) {
  share("anna", afval_, amsterdam("2027-02-09T10:00"));
  share("bram", afval_, amsterdam("2027-02-09T10:00"));
  share("bram", bomen_, amsterdam("2027-02-09T10:00"));
  share("cees", afval_, amsterdam("2027-02-09T10:00"));
  const auto hidden = say("anna", "stats");
  EXPECT_THAT(hidden, HasSubstr("You're not on the leaderboard (your choice). To be named there: ranking on"));
  EXPECT_THAT(hidden, Not(HasSubstr("Your place")));

  EXPECT_THAT(say("anna", "ranking on"), HasSubstr("colleagues now see your name"));
  EXPECT_THAT(say("bram", "ranglijst aan"), HasSubstr("colleagues now see your name"));
  // Bram (2) is ahead; Cees is not named, so he is not on the list.
  EXPECT_THAT(say("anna", "stats"),
              HasSubstr("Your place in Wijkbeheer over the last 30 days, by shares: 2 of 2 on the leaderboard."));
  EXPECT_THAT(say("anna", "ranking off"), HasSubstr("your name is off the leaderboard"));
  EXPECT_THAT(say("anna", "stats"), Not(HasSubstr("Your place")));
}

TEST_F(ImpactStats, ListsKudosAndBadges) {
  share("anna", afval_, amsterdam("2027-02-09T10:00"));
  badge_pass();
  say("bram", "kudos @anna for the photo of the new park");
  const auto answer = say("anna", "stats");
  EXPECT_THAT(answer, HasSubstr("Kudos from colleagues: 1."));
  EXPECT_THAT(answer, HasSubstr("Latest, from Bram Jansen: \u201cfor the photo of the new park\u201d"));
  EXPECT_THAT(answer, HasSubstr("Badges: first share."));
}

}  // namespace
}  // namespace ambassador::testing::impact
