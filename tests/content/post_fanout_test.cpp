// Who a published post reaches: department channels, and as a direct message the ambassadors whose themes and
// roles match, never those who opted out, at most the daily cap a local day, and never in quiet hours.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "bot/content/time_parsing.hpp"
#include "content_fixture.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace ambassador::testing;

std::int64_t utc(const char* text) { return *content::parse_time(text, "UTC").utc_ms; }

class PostFanout : public ContentFixture {
 protected:
  PostFanout() {
    add_department("noord");
    add_department("zuid");
    add_channel("local", "", "noord-ambassadeurs", "noord");
    add_channel("local", "", "zuid-ambassadeurs", "zuid");
  }

  void add_person(const std::string& user, const std::string& department, const std::vector<std::string>& roles = {},
                  const std::vector<std::string>& themes = {}) {
    add_ambassador({"local", "", user}, department, roles, themes);
  }

  // The channels and the people the deliveries of `post_id` go to.
  std::set<std::string> channels_of(std::int64_t post_id) {
    std::set<std::string> channels;
    for (const auto& row : rows_with_key_prefix("post:" + std::to_string(post_id) + ":channel:"))
      channels.insert(row.to.channel_id);
    return channels;
  }
  std::vector<Queued> direct_messages_of(std::int64_t post_id) {
    return rows_with_key_prefix("post:" + std::to_string(post_id) + ":dm:");
  }
  std::set<std::string> people_of(std::int64_t post_id) {
    std::set<std::string> people;
    for (const auto& row : direct_messages_of(post_id)) people.insert(row.to.user_id);
    return people;
  }
};

TEST_F(PostFanout, GoesToTheChannelsAndPeopleOfItsDepartments) {
  add_person("ann", "noord");
  add_person("bob", "zuid");
  const auto noord_only = add_post({"noord"}, true);
  const auto everywhere = add_post({}, true);
  const auto summary = publish();
  EXPECT_EQ(summary.posts, 2);

  EXPECT_THAT(channels_of(noord_only), ElementsAre("noord-ambassadeurs"));
  EXPECT_THAT(people_of(noord_only), ElementsAre("ann"));
  EXPECT_THAT(channels_of(everywhere), ElementsAre("noord-ambassadeurs", "zuid-ambassadeurs"));
  EXPECT_THAT(people_of(everywhere), ElementsAre("ann", "bob"));
}

TEST_F(PostFanout, ChannelOnlyPostsSendNoDirectMessages) {
  add_person("ann", "noord");
  const auto post = add_post({"noord"}, false);
  publish();
  EXPECT_THAT(channels_of(post), ElementsAre("noord-ambassadeurs"));
  EXPECT_THAT(direct_messages_of(post), IsEmpty());
}

struct TargetingCase {
  const char* name;
  std::vector<std::string> themes, roles;  // of the post
  std::set<std::string> reached;
};

class PostTargeting : public PostFanout, public ::testing::WithParamInterface<TargetingCase> {};

TEST_P(PostTargeting, DirectMessagesGoToMatchingThemesAndRoles) {
  add_person("klimaat", "noord", {}, {"klimaat", "wijk"});
  add_person("sport", "noord", {}, {"sport"});
  add_person("no-themes", "noord");
  add_person("spokesperson", "noord", {"woordvoerder"});
  add_person("klimaat-spokesperson", "noord", {"woordvoerder", "redacteur"}, {"klimaat"});
  auto post = scheduled_post({"noord"});
  post.direct_messages = true;
  post.themes = GetParam().themes;
  post.roles = GetParam().roles;
  const auto id = insert(post);
  publish();
  EXPECT_EQ(people_of(id), GetParam().reached);
  EXPECT_THAT(channels_of(id), ElementsAre("noord-ambassadeurs")) << "the channel gets every post of its department";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PostTargeting,
    ::testing::Values(
        TargetingCase{"NoThemeNoRoleReachesEveryone",
                      {},
                      {},
                      {"klimaat", "sport", "no-themes", "spokesperson", "klimaat-spokesperson"}},
        TargetingCase{"AThemeReachesThoseWhoChoseIt", {"klimaat"}, {}, {"klimaat", "klimaat-spokesperson"}},
        TargetingCase{"AnyOfSeveralThemes", {"sport", "wijk"}, {}, {"klimaat", "sport"}},
        TargetingCase{"ARoleReachesThoseWhoHaveIt", {}, {"woordvoerder"}, {"spokesperson", "klimaat-spokesperson"}},
        TargetingCase{"ThemeAndRoleMustBothMatch", {"klimaat"}, {"woordvoerder"}, {"klimaat-spokesperson"}},
        TargetingCase{"NobodyMatches", {"cultuur"}, {}, {}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(PostFanout, OptedOutAmbassadorsGetNoDirectMessage) {
  add_person("ann", "noord");
  add_person("bob", "noord");
  storage::AmbassadorRepository ambassadors(db_);
  ambassadors.set_opted_out(ambassadors.find_by_identity({"local", "", "bob"})->id, true, clock_.now_ms());
  const auto post = add_post({"noord"}, true);
  publish();
  EXPECT_THAT(people_of(post), ElementsAre("ann"));
  EXPECT_THAT(channels_of(post), ElementsAre("noord-ambassadeurs"));
}

TEST_F(PostFanout, AtMostTheDailyCapOfDirectMessagesALocalDay) {
  config_.delivery.daily_cap_per_ambassador = 2;
  add_person("ann", "noord");
  const auto first = add_post({"noord"}, true);
  const auto second = add_post({"noord"}, true);
  const auto third = add_post({"noord"}, true);
  const auto summary = publish();
  EXPECT_EQ(summary.direct_deliveries, 2);
  EXPECT_EQ(summary.skipped_capped, 1);
  EXPECT_THAT(people_of(first), ElementsAre("ann"));
  EXPECT_THAT(people_of(second), ElementsAre("ann"));
  EXPECT_THAT(people_of(third), IsEmpty());
  EXPECT_THAT(channels_of(third), ElementsAre("noord-ambassadeurs")) << "the cap is for direct messages only";

  // 20:30 local: still the same day. The next local day starts at midnight in Amsterdam (23:00 UTC).
  clock_.set(utc("2026-12-01T19:30:00Z"));
  const auto evening = add_post({"noord"}, true);
  publish();
  EXPECT_THAT(people_of(evening), IsEmpty());
  clock_.set(utc("2026-12-02T07:30:00Z"));  // 08:30 the next day
  const auto next_day = add_post({"noord"}, true);
  publish();
  EXPECT_THAT(people_of(next_day), ElementsAre("ann"));
}

TEST_F(PostFanout, ACancelledDirectMessageDoesNotCountAgainstTheCap) {
  config_.delivery.daily_cap_per_ambassador = 1;
  add_person("ann", "noord");
  const auto withdrawn = add_post({"noord"}, true);
  publish();
  storage::OutboxRepository(db_).cancel_for_post(withdrawn);
  const auto next = add_post({"noord"}, true);
  publish();
  EXPECT_THAT(people_of(next), ElementsAre("ann"));
}

struct QuietCase {
  const char* name;
  const char* now;        // UTC
  const char* time_zone;  // of the department
  const char* expected;   // when the direct message may go (UTC)
};

class QuietHours : public PostFanout, public ::testing::WithParamInterface<QuietCase> {};

// Quiet hours 21:00-08:00 (the defaults), in the department's local time: a direct message published in them waits
// for their end, on the local clock, also when the clocks change that night.
TEST_P(QuietHours, DirectMessagesWaitForTheEndOfQuietHours) {
  const auto& c = GetParam();
  ASSERT_EQ(config_.delivery.quiet_hours_start, "21:00");
  ASSERT_EQ(config_.delivery.quiet_hours_end, "08:00");
  add_department("west", c.time_zone);
  add_channel("local", "", "west-ambassadeurs", "west");
  add_person("ann", "west");
  clock_.set(utc(c.now));
  const auto post = add_post({"west"}, true);
  publish();
  const auto dms = direct_messages_of(post);
  ASSERT_EQ(dms.size(), 1u);
  EXPECT_EQ(content::format_utc(dms[0].next_attempt_at_ms), c.expected);
  const auto channel = rows_with_key_prefix("post:" + std::to_string(post) + ":channel:");
  ASSERT_EQ(channel.size(), 1u);
  EXPECT_EQ(channel[0].next_attempt_at_ms, clock_.now_ms()) << "channels are not kept quiet";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuietHours,
    ::testing::Values(
        QuietCase{"DaytimeGoesNow", "2026-12-01T09:00:00Z", "Europe/Amsterdam", "2026-12-01T09:00:00Z"},
        QuietCase{"JustBeforeTheStartGoesNow", "2026-12-01T19:59:00Z", "Europe/Amsterdam", "2026-12-01T19:59:00Z"},
        QuietCase{"AtTheStartWaits", "2026-12-01T20:00:00Z", "Europe/Amsterdam", "2026-12-02T07:00:00Z"},
        QuietCase{"BeforeMidnightWaitsForTheNextMorning", "2026-12-01T21:30:00Z", "Europe/Amsterdam",
                  "2026-12-02T07:00:00Z"},
        QuietCase{"AfterMidnightWaitsForTheSameMorning", "2026-12-02T02:00:00Z", "Europe/Amsterdam",
                  "2026-12-02T07:00:00Z"},
        QuietCase{"AtTheEndGoesNow", "2026-12-02T07:00:00Z", "Europe/Amsterdam", "2026-12-02T07:00:00Z"},
        // 2027-03-28: 02:00 CET becomes 03:00 CEST, so 08:00 that morning is 06:00 UTC.
        QuietCase{"SpringForwardNight", "2027-03-27T21:00:00Z", "Europe/Amsterdam", "2027-03-28T06:00:00Z"},
        QuietCase{"InsideTheSpringGap", "2027-03-28T01:15:00Z", "Europe/Amsterdam", "2027-03-28T06:00:00Z"},
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 08:00 that morning is 07:00 UTC.
        QuietCase{"FallBackNight", "2026-10-24T21:00:00Z", "Europe/Amsterdam", "2026-10-25T07:00:00Z"},
        QuietCase{"InTheRepeatedHour", "2026-10-25T01:30:00Z", "Europe/Amsterdam", "2026-10-25T07:00:00Z"},
        QuietCase{"TheDepartmentsOwnZone", "2026-12-01T09:00:00Z", "America/New_York", "2026-12-01T13:00:00Z"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(PostFanout, QuietHoursWithinOneDay) {
  config_.delivery.quiet_hours_start = "12:00";
  config_.delivery.quiet_hours_end = "13:30";
  add_person("ann", "noord");
  clock_.set(utc("2026-12-01T11:15:00Z"));  // 12:15 local
  const auto lunch = add_post({"noord"}, true);
  publish();
  EXPECT_EQ(content::format_utc(direct_messages_of(lunch).at(0).next_attempt_at_ms), "2026-12-01T12:30:00Z");
  clock_.set(utc("2026-12-01T21:00:00Z"));  // 22:00 local: outside this window
  const auto evening = add_post({"noord"}, true);
  publish();
  EXPECT_EQ(direct_messages_of(evening).at(0).next_attempt_at_ms, clock_.now_ms());
}

TEST_F(PostFanout, EqualStartAndEndMeanNoQuietHours) {
  config_.delivery.quiet_hours_start = "00:00";
  config_.delivery.quiet_hours_end = "00:00";
  add_person("ann", "noord");
  clock_.set(utc("2026-12-01T23:30:00Z"));  // 00:30 local
  const auto post = add_post({"noord"}, true);
  publish();
  EXPECT_EQ(direct_messages_of(post).at(0).next_attempt_at_ms, clock_.now_ms());
}

TEST_F(PostFanout, AMessageKeptForTheMorningCountsAgainstThatDaysCap) {
  config_.delivery.daily_cap_per_ambassador = 1;
  add_person("ann", "noord");
  clock_.set(utc("2026-12-01T22:00:00Z"));  // 23:00 local: waits for 08:00 on 2 December
  const auto night = add_post({"noord"}, true);
  publish();
  ASSERT_THAT(people_of(night), ElementsAre("ann"));
  clock_.set(utc("2026-12-02T09:00:00Z"));  // 10:00 on 2 December
  const auto morning = add_post({"noord"}, true);
  EXPECT_EQ(publish().skipped_capped, 1);
  EXPECT_THAT(people_of(morning), IsEmpty());
}

TEST_F(PostFanout, PublishingTwiceQueuesNothingTwice) {
  add_person("ann", "noord");
  const auto post = add_post({"noord"}, true);
  publish();
  const auto rows = outbox().size();
  // As after a crash between queueing and marking the post: the same fan-out again is a no-op.
  storage::PostRepository(db_).set_status(post, "scheduled", clock_.now_ms());
  const auto again = publish();
  EXPECT_EQ(again.channel_deliveries + again.direct_deliveries, 0);
  EXPECT_EQ(outbox().size(), rows);
}

TEST_F(PostFanout, APostWhoseMomentPassedIsExpiredNotSent) {
  add_person("ann", "noord");
  auto post = scheduled_post({"noord"});
  post.direct_messages = true;
  post.expires_at_ms = clock_.now_ms() - 1;
  const auto id = insert(post);
  EXPECT_EQ(publish().expired, 1);
  EXPECT_EQ(storage::PostRepository(db_).find(id)->status, "expired");
  EXPECT_THAT(outbox(), IsEmpty());
}

}  // namespace
}  // namespace ambassador
