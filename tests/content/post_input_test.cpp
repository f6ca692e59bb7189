// An editor's post JSON: every problem it can have is reported (all at once, 422), and nothing unknown is dropped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/content/post_input.hpp"
#include "bot/content/time_parsing.hpp"

namespace ambassador::content {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// 2026-12-01T09:00:00Z
constexpr std::int64_t kNowMs = 1'796'115'600'000;

config::Config content_config() {
  config::Config config;
  config.organisation.time_zone = "Europe/Amsterdam";
  config.themes = {"klimaat", "wijk"};
  config.roles = {"spokesperson", "expert"};
  config::DepartmentConfig noord;
  noord.id = "noord";
  noord.time_zone = "America/New_York";
  config::DepartmentConfig zuid;
  zuid.id = "zuid";
  config.departments = {noord, zuid};
  return config;
}

const json kValid{{"title", "Park opening"}, {"link_url", "https://example.org/park"}};

std::vector<std::string> problems_of(const json& body, storage::PostRecord& post, InputMode mode = InputMode::create) {
  return apply_post_input(body, post, content_config(), kNowMs, mode);
}

// kValid with `changes` applied (a null value stays a null value).
json valid_with(const json& changes) {
  json body = kValid;
  body.update(changes);
  return body;
}

struct ProblemCase {
  const char* name;
  json changes;  // applied to a valid post
  const char* problem;
};

class PostInputProblem : public ::testing::TestWithParam<ProblemCase> {};

TEST_P(PostInputProblem, IsReportedAlone) {
  storage::PostRecord post;
  EXPECT_THAT(problems_of(valid_with(GetParam().changes), post), ElementsAre(GetParam().problem));
}

const std::string k201(201, 'a');
const std::string k281(281, 'x');

INSTANTIATE_TEST_SUITE_P(
    Cases, PostInputProblem,
    ::testing::Values(
        ProblemCase{"UnknownField", {{"publish_time", "2026-12-02T09:00"}}, "unknown field 'publish_time'"},
        ProblemCase{"UnknownFieldLookingLikeATarget", {{"department", "noord"}}, "unknown field 'department'"},
        ProblemCase{"TitleMissing", {{"title", nullptr}}, "title is required"},
        ProblemCase{"TitleEmpty", {{"title", ""}}, "title is required"},
        ProblemCase{"BodyNotAString", {{"body", 42}}, "body must be a string"},
        ProblemCase{"TitleTooLong", {{"title", k201}}, "title is longer than 200 characters"},
        ProblemCase{"BodyTooLong", {{"body", std::string(5001, 'b')}}, "body is longer than 5000 characters"},
        ProblemCase{"LinkMissing", {{"link_url", nullptr}}, "link_url is required"},
        ProblemCase{"LinkNotHttp", {{"link_url", "javascript:alert(1)"}}, "link_url must be an absolute http(s) URL"},
        ProblemCase{"LinkRelative", {{"link_url", "/nieuws/park"}}, "link_url must be an absolute http(s) URL"},
        ProblemCase{"LinkWithoutHost", {{"link_url", "https://"}}, "link_url must be an absolute http(s) URL"},
        ProblemCase{"LinkTooLong",
                    {{"link_url", "https://example.org/" + std::string(2000, 'p')}},
                    "link_url is longer than 2000 characters"},
        ProblemCase{
            "ImageNotHttp", {{"image_url", "ftp://example.org/park.jpg"}}, "image_url must be an absolute http(s) URL"},
        ProblemCase{"SuggestedTextOfAnUnknownNetwork",
                    {{"suggested_text", {{"mastodon", "Kijk!"}}}},
                    "suggested_text has unknown network 'mastodon' (all, linkedin, x, facebook)"},
        ProblemCase{"SuggestedTextNotAString", {{"suggested_text", {{"x", 5}}}}, "suggested_text .x must be a string"},
        ProblemCase{"SuggestedTextOfAWrongType",
                    {{"suggested_text", json::array({"Kijk!"})}},
                    "suggested_text must be a string or an object per network"},
        ProblemCase{"SuggestedTextTooLongForX",
                    {{"suggested_text", {{"x", k281}}}},
                    "suggested_text .x is longer than 280 characters"},
        ProblemCase{"SuggestedTextTooLongForAll",
                    {{"suggested_text", std::string(3001, 's')}},
                    "suggested_text .all is longer than 3000 characters"},
        ProblemCase{"ThemesNotAnArray", {{"themes", "klimaat"}}, "themes must be an array of strings"},
        ProblemCase{"ThemesWithANumber", {{"themes", json::array({"klimaat", 3})}}, "themes must contain only strings"},
        ProblemCase{"UnknownTheme", {{"themes", json::array({"sport"})}}, "themes has unknown value 'sport'"},
        ProblemCase{"UnknownRole", {{"roles", json::array({"boss"})}}, "roles has unknown value 'boss'"},
        ProblemCase{
            "UnknownDepartment", {{"departments", json::array({"oost"})}}, "departments has unknown value 'oost'"},
        ProblemCase{"DirectMessagesNotABoolean", {{"direct_messages", "yes"}}, "direct_messages must be true or false"},
        ProblemCase{"StatusSent", {{"status", "sent"}}, "status can only be set to draft or scheduled"},
        ProblemCase{"ScheduledWithoutATime", {{"status", "scheduled"}}, "publish_at is required to schedule a post"},
        ProblemCase{"PublishTimeInThePast", {{"publish_at", "2026-12-01T09:58:59+01:00"}}, "publish_at is in the past"},
        ProblemCase{"PublishTimeUnreadable",
                    {{"publish_at", "next tuesday"}},
                    "publish_at 'next tuesday' is not an ISO 8601 time like 2026-12-01T09:00:00+01:00"},
        ProblemCase{"PublishTimeInTheDstGap",
                    {{"publish_at", "2027-03-28T02:30"}},
                    "publish_at '2027-03-28T02:30' does not exist in Europe/Amsterdam (the clocks skip it for "
                    "daylight saving time)"},
        ProblemCase{"UnknownTimeZone",
                    {{"publish_at", "2026-12-02T09:00"}, {"time_zone", "Europe/Atlantis"}},
                    "publish_at unknown time zone 'Europe/Atlantis'"},
        ProblemCase{"ExpiryUnreadable",
                    {{"expires_at", "2026-12-32T09:00"}},
                    "expires_at '2026-12-32T09:00' is not a valid date and time"},
        ProblemCase{"ExpiryBeforePublishing",
                    {{"publish_at", "2026-12-03T09:00Z"}, {"expires_at", "2026-12-02T09:00Z"}},
                    "expires_at must be after publish_at"},
        ProblemCase{"ExpiryAtPublishing",
                    {{"publish_at", "2026-12-03T09:00Z"}, {"expires_at", "2026-12-03T09:00Z"}},
                    "expires_at must be after publish_at"},
        ProblemCase{
            "DraftExpiringInThePast", {{"expires_at", "2026-12-01T08:00Z"}}, "expires_at must be after publish_at"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PostInput, EveryProblemIsReportedAtOnce) {
  storage::PostRecord post;
  const json body{{"title", 7},
                  {"link_url", "mailto:pers@example.org"},
                  {"themes", json::array({"sport"})},
                  {"direct_messages", 1},
                  {"publish_at", "soon"},
                  {"colour", "green"}};
  EXPECT_THAT(problems_of(body, post),
              UnorderedElementsAre("unknown field 'colour'", "title must be a string",
                                   "themes has unknown value 'sport'", "direct_messages must be true or false",
                                   "publish_at 'soon' is not an ISO 8601 time like 2026-12-01T09:00:00+01:00",
                                   "title is required", "link_url must be an absolute http(s) URL"));
}

TEST(PostInput, ABodyThatIsNoObjectIsOneProblem) {
  storage::PostRecord post;
  for (const auto& body : {json::array({kValid}), json("post"), json(nullptr)})
    EXPECT_THAT(problems_of(body, post), ElementsAre("the body must be a JSON object")) << body.dump();
}

TEST(PostInput, AValidPostIsReadWhole) {
  storage::PostRecord post;
  const json body{{"title", "Bomenplantdag"},
                  {"body", "Plant je mee?"},
                  {"link_url", "https://example.org/bomen"},
                  {"image_url", "https://example.org/bomen.jpg"},
                  {"suggested_text", {{"all", "Plant je mee?"}, {"x", "Plant je mee? #bomen"}}},
                  {"themes", json::array({"klimaat", "wijk", "klimaat"})},
                  {"roles", json::array({"expert"})},
                  {"departments", json::array({"zuid"})},
                  {"direct_messages", true},
                  {"publish_at", "2026-12-02T09:00"},
                  {"expires_at", "2026-12-09T09:00:00Z"}};
  ASSERT_THAT(problems_of(body, post), IsEmpty());
  EXPECT_EQ(post.title, "Bomenplantdag");
  EXPECT_EQ(post.themes, (std::vector<std::string>{"klimaat", "wijk"})) << "duplicates dropped, order kept";
  EXPECT_EQ(post.roles, std::vector<std::string>{"expert"});
  EXPECT_EQ(post.departments, std::vector<std::string>{"zuid"});
  EXPECT_TRUE(post.direct_messages);
  EXPECT_EQ(post.status, "scheduled") << "a publish time schedules it";
  EXPECT_EQ(format_utc(*post.publish_at_ms), "2026-12-02T08:00:00Z") << "zuid has the organisation's zone";
  EXPECT_EQ(format_utc(*post.expires_at_ms), "2026-12-09T09:00:00Z");
  EXPECT_EQ(suggested_text(post, "x"), "Plant je mee? #bomen");
  EXPECT_EQ(suggested_text(post, "linkedin"), "Plant je mee?") << "a network without its own text gets 'all'";
}

TEST(PostInput, ALocalTimeIsReadInTheFirstDepartmentsZoneUnlessOneIsGiven) {
  storage::PostRecord noord;
  ASSERT_THAT(
      problems_of(valid_with({{"departments", json::array({"noord", "zuid"})}, {"publish_at", "2026-12-02T09:00"}}),
                  noord),
      IsEmpty());
  EXPECT_EQ(format_utc(*noord.publish_at_ms), "2026-12-02T14:00:00Z") << "New York";

  storage::PostRecord everywhere;
  ASSERT_THAT(problems_of(valid_with({{"publish_at", "2026-12-02T09:00"}}), everywhere), IsEmpty());
  EXPECT_EQ(format_utc(*everywhere.publish_at_ms), "2026-12-02T08:00:00Z") << "the organisation's zone";

  storage::PostRecord tokyo;
  ASSERT_THAT(problems_of(valid_with({{"departments", json::array({"noord"})},
                                      {"publish_at", "2026-12-02T09:00"},
                                      {"time_zone", "Asia/Tokyo"}}),
                          tokyo),
              IsEmpty());
  EXPECT_EQ(format_utc(*tokyo.publish_at_ms), "2026-12-02T00:00:00Z");
}

TEST(PostInput, WithoutAPublishTimeItIsADraft) {
  storage::PostRecord post;
  ASSERT_THAT(problems_of(kValid, post), IsEmpty());
  EXPECT_EQ(post.status, "draft");
  EXPECT_FALSE(post.publish_at_ms);
}

TEST(PostInput, APublishTimeWithinTheLastMinuteIsNow) {
  storage::PostRecord post;
  EXPECT_THAT(problems_of(valid_with({{"publish_at", "2026-12-01T08:59:30Z"}}), post), IsEmpty());
  EXPECT_EQ(post.status, "scheduled");
}

TEST(PostInput, AnUpdateChangesOnlyWhatItNames) {
  storage::PostRecord post;
  ASSERT_THAT(problems_of(valid_with({{"publish_at", "2026-12-02T09:00Z"}, {"themes", json::array({"wijk"})}}), post),
              IsEmpty());
  ASSERT_THAT(problems_of(json{{"title", "Park opening (updated)"}}, post, InputMode::update), IsEmpty());
  EXPECT_EQ(post.title, "Park opening (updated)");
  EXPECT_EQ(post.themes, std::vector<std::string>{"wijk"});
  EXPECT_EQ(post.status, "scheduled");

  // null clears a time; a scheduled post without one is then a problem, until it is made a draft again.
  EXPECT_THAT(problems_of(json{{"publish_at", nullptr}}, post, InputMode::update),
              ElementsAre("publish_at is required to schedule a post"));
  EXPECT_THAT(problems_of(json{{"publish_at", nullptr}, {"status", "draft"}}, post, InputMode::update), IsEmpty());
  EXPECT_EQ(post.status, "draft");
}

}  // namespace
}  // namespace ambassador::content
