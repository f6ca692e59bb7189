// `leaderboard` / `ranglijst`: the department's and the organisation's top over a rolling 30 days, by shares and by
// unique clicks; only people who chose to be named (`ranking on`) are, the others are counted.
#include "impact_fixture.hpp"

namespace ambassador::testing::impact {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class ImpactLeaderboard : public ImpactFixture {
 protected:
  // The department's part of the answer (the organisation's follows after a blank line).
  std::string department_part(const std::string& answer) { return answer.substr(0, answer.find("\n\n")); }
  std::string organisation_part(const std::string& answer) { return answer.substr(answer.find("\n\n") + 2); }
};

TEST_F(ImpactLeaderboard, NamesOnlyPeopleWhoChoseToBeNamedAndCountsTheOthers) {
  const auto now = clock_.now_ms();
  for (const auto* network : {"linkedin", "x", "facebook"}) share("anna", afval_, now - 1000, network);
  share("bram", afval_, now - 1000);
  share("bram", bomen_, now - 1000);
  share("cees", afval_, now - 1000);
  say("anna", "ranking on");
  const auto answer = say("anna", "leaderboard");
  EXPECT_THAT(answer, HasSubstr("Leaderboard of Wijkbeheer, last 30 days"));
  EXPECT_THAT(department_part(answer), HasSubstr("1. Anna de Vries — 3"));
  EXPECT_THAT(department_part(answer), HasSubstr("and 2 colleagues who are not named: 3"));
  EXPECT_THAT(answer, Not(HasSubstr("Bram")));
  EXPECT_THAT(answer, Not(HasSubstr("Cees")));
  EXPECT_THAT(answer, HasSubstr("Only people who chose to are named"));
}

TEST_F(ImpactLeaderboard, NobodyIsNamedByDefault) {
  share("anna", afval_, clock_.now_ms() - 1000);
  const auto answer = say("anna", "ranglijst");
  EXPECT_THAT(answer, Not(HasSubstr("Anna")));
  EXPECT_THAT(department_part(answer), HasSubstr("and 1 colleague who is not named: 1"));
}

TEST_F(ImpactLeaderboard, CountsARolling30DaysUpToNow) {
  say("anna", "ranking on");
  say("bram", "ranking on");
  const auto window_start = clock_.now_ms() - 30LL * 24 * 60 * 60 * 1000;
  share("anna", afval_, window_start);      // the first instant of the window: counted
  share("bram", afval_, window_start - 1);  // a millisecond before it: not
  const auto answer = say("anna", "leaderboard");
  EXPECT_THAT(answer, HasSubstr("1. Anna de Vries — 1"));
  EXPECT_THAT(answer, Not(HasSubstr("Bram")));
}

TEST_F(ImpactLeaderboard, RanksByUniqueClicksToo) {
  say("anna", "ranking on");
  say("bram", "ranking on");
  unique_clicks("anna", afval_, 2, clock_.now_ms() - 60'000);
  unique_clicks("bram", afval_, 5, clock_.now_ms() - 60'000);
  const auto token = link("anna", afval_);
  storage::TrackingRepository(db_).record_click(token, "v1", clock_.now_ms() - 1000);  // v1 again: not unique
  const auto answer = department_part(say("anna", "leaderboard"));
  const auto by_clicks = answer.substr(answer.find("By unique clicks:"));
  EXPECT_THAT(by_clicks, HasSubstr("1. Bram Jansen — 5\n2. Anna de Vries — 2"));
}

TEST_F(ImpactLeaderboard, TheOrganisationListSpansDepartments) {
  say("anna", "ranking on");
  say("chantal", "ranking on");
  share("anna", afval_, clock_.now_ms() - 1000);
  share("chantal", afval_, clock_.now_ms() - 1000);
  share("chantal", bomen_, clock_.now_ms() - 1000);
  const auto answer = say("anna", "leaderboard");
  EXPECT_THAT(department_part(answer), Not(HasSubstr("Chantal")));
  EXPECT_THAT(organisation_part(answer), HasSubstr("Leaderboard of Voorbeeldstad, last 30 days"));
  EXPECT_THAT(organisation_part(answer), HasSubstr("1. Chantal Bakker — 2\n2. Anna de Vries — 1"));
  EXPECT_THAT(organisation_part(answer), HasSubstr("By unique clicks:"));
}

TEST_F(ImpactLeaderboard, UniqueClicksAddWhatTheBadgePassRolledUpAndWhatItHasNotWalkedYet) {
  say("anna", "ranking on");
  say("bram", "ranking on");
  unique_clicks("anna", afval_, 2, clock_.now_ms() - 3 * 60'000);
  unique_clicks("bram", afval_, 2, clock_.now_ms() - 3 * 60'000);
  badge_pass();                                                // rolled up: anna 2, bram 2
  unique_clicks("anna", bomen_, 3, clock_.now_ms() - 60'000);  // not walked yet: anna 3 more
  const auto answer = say("anna", "leaderboard");
  const auto department = department_part(answer), organisation = organisation_part(answer);
  EXPECT_THAT(department.substr(department.find("By unique clicks:")),
              HasSubstr("1. Anna de Vries — 5\n2. Bram Jansen — 2"));
  EXPECT_THAT(organisation.substr(organisation.find("By unique clicks:")),
              HasSubstr("1. Anna de Vries — 5\n2. Bram Jansen — 2"));
  badge_pass();
  EXPECT_EQ(say("anna", "leaderboard"), answer);  // the same once walked: nothing counted twice
}

TEST_F(ImpactLeaderboard, ADepartmentsListIsOfThePeopleInItNow) {
  say("chantal", "ranking on");
  share("chantal", afval_, clock_.now_ms() - 1000);  // made while in Groenbeheer
  unique_clicks("chantal", afval_, 2, clock_.now_ms() - 1000);
  db_.exec("UPDATE ambassadors SET department_id = 'wijkbeheer' WHERE id = " + std::to_string(id_of("chantal")));
  const auto wijk = department_part(say("anna", "leaderboard"));
  EXPECT_THAT(wijk, HasSubstr("By shares:\n1. Chantal Bakker — 1"));
  EXPECT_THAT(wijk, HasSubstr("By unique clicks:\n1. Chantal Bakker — 2"));
}

TEST_F(ImpactLeaderboard, SaysSoWhenThereIsNothingYet) {
  EXPECT_THAT(say("anna", "leaderboard"), HasSubstr("nothing yet in these 30 days"));
}

TEST(LeaderboardList, NamesAtMostFiveAndNeverSomeoneWhoDidNotChooseIt) {
  std::vector<storage::PersonTotal> totals;
  for (int i = 0; i < 7; ++i) totals.push_back({i + 1, "P" + std::to_string(i), i != 2, 10 - i});
  const auto text = ambassador::impact::render_leaderboard_list(totals, i18n::Language::en);
  EXPECT_EQ(text, "1. P0 — 10\n2. P1 — 9\n3. P3 — 7\n4. P4 — 6\n5. P5 — 5\nand 1 colleague who is not named: 8");
}

}  // namespace
}  // namespace ambassador::testing::impact
