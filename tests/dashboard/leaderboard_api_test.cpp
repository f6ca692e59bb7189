// GET /api/v1/leaderboard over loopback HTTP on the demo service: chat's lists (by shares and by unique clicks) of a
// department or of the organisation, naming only people who chose to be named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/impact/badges.hpp"
#include "bot/outbox_writer.hpp"
#include "dashboard_fixture.hpp"

namespace ambassador::testing {
namespace {
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class LeaderboardApiTest : public DashboardTest {
 protected:
  // In November 2026 (the clock stands at 30 November): Anna (wijkbeheer, named) 2 shares and 3 unique clicks, Bram
  // (wijkbeheer, not named) 1 share and 5, Chantal (groenbeheer, named) 1 share and 1.
  void seed() {
    const auto anna = ambassador("Anna de Vries");
    const auto bram = ambassador("Bram Jansen");
    const auto chantal = ambassador("Chantal Bakker");
    const auto trees = sent_post("Bomen", {"groen"}, "2026-11-03");
    const auto party = sent_post("Wijkfeest", {"wijk"}, "2026-11-10");
    share(party, anna, "wijkbeheer", "linkedin", "2026-11-10", 3);
    share(trees, anna, "wijkbeheer", "x", "2026-11-12", 0);
    share(party, bram, "wijkbeheer", "x", "2026-11-11", 5);
    share(trees, chantal, "groenbeheer", "facebook", "2026-11-04", 1);
    write([&](storage::Connection& db) {
      db.exec("UPDATE ambassadors SET ranking_opt_in_at = 1 WHERE id IN (" + std::to_string(anna) + ", " +
              std::to_string(chantal) + ")");
      // The badge pass as the service's timer runs it (also on its own: the cursor makes a second run add nothing),
      // so the organisation's unique clicks are in the per-person rollup.
      config::Config config;
      OutboxWriter outbox(db, clock_, config.delivery);
      impact::award_due_badges(db, config, clock_, outbox, 1000);
    });
  }

  json leaderboard(const std::string& query, const std::string& token = kEditorToken) {
    const auto reply = api("GET", "/api/v1/leaderboard" + query, token);
    if (!reply || reply->status != 200)
      throw std::runtime_error("leaderboard: " + (reply ? std::to_string(reply->status) + " " + reply->body : "none"));
    return json::parse(reply->body);
  }
};

TEST_F(LeaderboardApiTest, TheOrganisationsListsNameOnlyThoseWhoChoseIt) {
  start();
  seed();
  const auto body = leaderboard("?department=&days=30");
  EXPECT_TRUE(body["department"].is_null());
  EXPECT_EQ(body["days"], 30);
  EXPECT_EQ(body["shares"], json::parse(R"({"entries": [{"name": "Anna de Vries", "count": 2},
      {"name": "Chantal Bakker", "count": 1}], "others": {"people": 1, "total": 1}})"));
  EXPECT_EQ(body["unique_clicks"], json::parse(R"({"entries": [{"name": "Anna de Vries", "count": 3},
      {"name": "Chantal Bakker", "count": 1}], "others": {"people": 1, "total": 5}})"));
  EXPECT_THAT(body.dump(), Not(HasSubstr("Bram")));
}

TEST_F(LeaderboardApiTest, ADepartmentsListsAndAShorterWindow) {
  start();
  seed();
  const auto body = leaderboard("?department=wijkbeheer");
  EXPECT_EQ(body["department"], "wijkbeheer");
  EXPECT_EQ(body["days"], 30);  // the default
  EXPECT_EQ(body["shares"], json::parse(R"({"entries": [{"name": "Anna de Vries", "count": 2}],
      "others": {"people": 1, "total": 1}})"));
  EXPECT_EQ(body["unique_clicks"], json::parse(R"({"entries": [{"name": "Anna de Vries", "count": 3}],
      "others": {"people": 1, "total": 5}})"));
  const auto week = leaderboard("?days=7");
  EXPECT_EQ(week["shares"], json::parse(R"({"entries": [], "others": {"people": 0, "total": 0}})"));
  EXPECT_EQ(week["unique_clicks"], json::parse(R"({"entries": [], "others": {"people": 0, "total": 0}})"));
}

TEST_F(LeaderboardApiTest, RefusesAnUnknownDepartmentAndDaysOutOfRangeWithTheReason) {
  start();
  const auto reason = [&](const std::string& query) {
    const auto reply = api("GET", "/api/v1/leaderboard" + query, kEditorToken);
    EXPECT_EQ(reply->status, 400) << query;
    return json::parse(reply->body)["error"]["message"].get<std::string>();
  };
  EXPECT_THAT(reason("?department=nope"), HasSubstr("unknown department 'nope'"));
  for (const auto* days : {"0", "366", "-1", "abc", "30.5", "0030"})
    EXPECT_THAT(reason(std::string("?days=") + days), HasSubstr("days must be a whole number from 1 to 365"));
}

TEST_F(LeaderboardApiTest, EditorsLeadsAndAdminsMayReadWebcareMayNot) {
  start();
  EXPECT_EQ(http_exchange(port_, raw_request("GET", "/api/v1/leaderboard"))->status, 401);
  EXPECT_EQ(api("GET", "/api/v1/leaderboard", kWebcareToken)->status, 403);
  for (const auto& token : {kEditorToken, kLeadToken, kAdminToken})
    EXPECT_EQ(api("GET", "/api/v1/leaderboard", token)->status, 200);
}

}  // namespace
}  // namespace ambassador::testing
