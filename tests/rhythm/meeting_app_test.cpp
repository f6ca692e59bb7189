// Intervision end to end on the demo configuration: /api/v1/meetings over loopback HTTP, RSVP buttons through the
// local chat, the calendar feed with a good, a wrong and a rotated token, and reminders fired by the real timer
// (looking every 20 ms at a hand-moved clock) across a restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../integration/running_application.hpp"
#include "bot/content/time_parsing.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

std::int64_t amsterdam(const std::string& local) { return *content::parse_time(local, "Europe/Amsterdam").utc_ms; }

std::string joined(const std::vector<LocalMessageView>& messages) {
  std::string out;
  for (const auto& m : messages) out += m.text + "\n---\n";
  return out;
}

int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Polls until the channel (as `viewer` sees it) holds `needle` at least `times` times; returns what it holds.
std::string wait_for_text(std::uint16_t port, const std::string& channel, const std::string& needle, int times = 1,
                          const std::string& viewer = {}) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  auto text = joined(channel_messages(port, channel, 0, viewer));
  while (count_of(text, needle) < times && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
    text = joined(channel_messages(port, channel, 0, viewer));
  }
  return text;
}

const std::string kAdminToken = "integration-test-admin-token";
const std::string kEditorToken = "integration-test-editor-token";
const std::string kPlan =
    R"({"department": "wijkbeheer", "every_weeks": 2, "weekday": "tuesday", "time": "15:00",
        "duration_minutes": 60, "location": "Stadskantoor 3.14", "from": "2027-01-12"})";

class MeetingAppTest : public ::testing::Test {
 protected:
  MeetingAppTest() : clock_(amsterdam("2027-01-04T10:00")) {}

  app::ApplicationOptions options() {
    app::ApplicationOptions options;
    options.clock = &clock_;
    options.meeting_reminders.max_sleep = 20ms;
    return options;
  }

  std::optional<HttpReply> api(const std::string& method, const std::string& target, const std::string& body = {},
                               const std::string& token = kAdminToken) {
    return http_exchange(port_, raw_request(method, target, {"Authorization: Bearer " + token}, body,
                                            body.empty() ? "" : "application/json"));
  }

  std::optional<HttpReply> get(const std::string& target) { return http_exchange(port_, raw_request("GET", target)); }

  std::int64_t plan() {
    const auto created = api("POST", "/api/v1/meetings", kPlan);
    if (!created || created->status != 201) throw std::runtime_error("not planned");
    return nlohmann::json::parse(created->body).at("id").get<std::int64_t>();
  }

  TempDir dir_;
  ManualClock clock_;
  std::uint16_t port_ = 0;
};

TEST_F(MeetingAppTest, PlanListShowWithAnswersAndRefusals) {
  RunningApplication running(demo_config(dir_.path()), options());
  port_ = running.port();
  const auto denied = api("POST", "/api/v1/meetings", kPlan, kEditorToken);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  const auto bad = api("POST", "/api/v1/meetings", R"({"department": "wijkbeheer", "weekday": "funday", "x": 1})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_THAT(bad->body, HasSubstr("weekday: required"));
  EXPECT_THAT(bad->body, HasSubstr("x: unknown field"));
  const auto impossible = api("POST", "/api/v1/meetings",
                              R"({"department": "wijkbeheer", "weekday": "tuesday", "time": "15:00",
                                  "from": "2027-02-31"})");
  ASSERT_TRUE(impossible);
  EXPECT_EQ(impossible->status, 422);
  EXPECT_THAT(impossible->body, HasSubstr("2027-02-31 is not a date on the calendar"));

  const auto id = plan();
  EXPECT_THAT(wait_for_text(port_, "wijkbeheer-ambassadeurs", "Intervisie is gepland"),
              HasSubstr("dinsdag 2027-01-12 15:00 in Stadskantoor 3.14"));
  const auto again = api("POST", "/api/v1/meetings", kPlan);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);

  const nlohmann::json press{{"channel", "wijkbeheer-ambassadeurs"},
                             {"user", "anna"},
                             {"action", "intervision.rsvp"},
                             {"value", std::to_string(id) + "|2027-01-12T15:00|going"},
                             {"id", "r1"}};
  ASSERT_EQ(post_json(port_, "/local/messages", press.dump())->status, 200);
  wait_for_text(port_, "wijkbeheer-ambassadeurs", "Genoteerd", 1, "anna");

  const auto listed = api("GET", "/api/v1/meetings?department=wijkbeheer");
  ASSERT_TRUE(listed && listed->status == 200);
  EXPECT_EQ(nlohmann::json::parse(listed->body).at("meetings").size(), 1u);
  const auto shown = api("GET", "/api/v1/meetings/" + std::to_string(id));
  ASSERT_TRUE(shown && shown->status == 200);
  const auto meeting = nlohmann::json::parse(shown->body);
  EXPECT_EQ(meeting.at("rrule"), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
  const auto& first = meeting.at("upcoming").at(0);
  EXPECT_EQ(first.at("occurrence"), "2027-01-12T15:00");
  EXPECT_EQ(first.at("start_utc"), "2027-01-12T14:00:00Z");
  EXPECT_EQ(first.at("answers").at("going").at("count"), 1);
  EXPECT_EQ(first.at("answers").at("going").at("names").at(0), "Anna de Vries");
  EXPECT_EQ(meeting.at("upcoming").at(1).at("occurrence"), "2027-01-26T15:00");
  EXPECT_EQ(api("GET", "/api/v1/meetings/999")->status, 404);
}

TEST_F(MeetingAppTest, TheCalendarFeedOpensOnlyWithTheCurrentToken) {
  RunningApplication running(demo_config(dir_.path()), options());
  port_ = running.port();
  const auto id = plan();
  const auto before = get("/calendar/wijkbeheer.ics?token=anything");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 404);  // no token made yet

  const auto rotate = [&] {
    const auto made = api("POST", "/api/v1/meetings/" + std::to_string(id) + "/calendar-token");
    if (!made || made->status != 201) throw std::runtime_error("no token");
    const std::string url = nlohmann::json::parse(made->body).at("url");
    return url.substr(url.find("/calendar/"));
  };
  const auto first = rotate();
  EXPECT_THAT(first, ::testing::StartsWith("/calendar/wijkbeheer.ics?token="));
  EXPECT_EQ(first.size() - first.find('=') - 1, 43u);
  const auto feed = get(first);
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->status, 200);
  EXPECT_EQ(feed->header("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_THAT(feed->header("Cache-Control"), HasSubstr("max-age"));
  EXPECT_THAT(feed->body, HasSubstr("BEGIN:VCALENDAR"));
  EXPECT_THAT(feed->body, HasSubstr("intervision-" + std::to_string(id) + "@"));

  const auto wrong = get("/calendar/wijkbeheer.ics?token=" + std::string(43, 'A'));
  const auto unknown = get("/calendar/nergens.ics?token=" + first.substr(first.find('=') + 1));
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 404);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(wrong->body, unknown->body);  // nothing tells which departments exist
  EXPECT_EQ(get("/calendar/groenbeheer.ics?token=" + first.substr(first.find('=') + 1))->status, 404);

  const auto second = rotate();
  EXPECT_EQ(get(first)->status, 404);  // the old URL stops working at once
  EXPECT_EQ(get(second)->status, 200);

  // The lead (eva in the demo) skips one meeting and moves another: subscribers see EXDATE, RECURRENCE-ID and a
  // higher SEQUENCE under the same UID.
  say(port_, "wijkbeheer-ambassadeurs", "eva", "/intervisie overslaan 2027-01-26", "s1");
  say(port_, "wijkbeheer-ambassadeurs", "eva", "/intervisie verplaats 2027-02-09 naar 2027-02-10 16:00", "m1");
  wait_for_text(port_, "wijkbeheer-ambassadeurs", "wordt verplaatst");
  const auto changed = get(second);
  ASSERT_TRUE(changed && changed->status == 200);
  EXPECT_THAT(changed->body, HasSubstr("BEGIN:VTIMEZONE"));
  EXPECT_THAT(changed->body, HasSubstr("TZID:Europe/Amsterdam"));
  EXPECT_THAT(changed->body, HasSubstr("EXDATE;TZID=Europe/Amsterdam:20270126T150000"));
  EXPECT_THAT(changed->body, HasSubstr("RECURRENCE-ID;TZID=Europe/Amsterdam:20270209T150000"));
  EXPECT_THAT(changed->body, HasSubstr("SEQUENCE:2"));
  EXPECT_EQ(count_of(changed->body, "UID:intervision-" + std::to_string(id) + "@"), 2);  // the series and the move
}

TEST_F(MeetingAppTest, RemindersFireOnTheClockAndOnceAcrossARestart) {
  const std::string title = "Intervisie dinsdag 2027-01-12 15:00";
  {
    RunningApplication running(demo_config(dir_.path()), options());
    port_ = running.port();
    plan();
    clock_.set(amsterdam("2027-01-11T10:00"));
    EXPECT_EQ(count_of(wait_for_text(port_, "wijkbeheer-ambassadeurs", title), title), 1);
  }
  // Down while the hour-before reminder falls due; it goes out once at start, the meeting not having begun.
  clock_.set(amsterdam("2027-01-12T14:30"));
  {
    RunningApplication restarted(demo_config(dir_.path()), options());
    port_ = restarted.port();
    EXPECT_EQ(count_of(wait_for_text(port_, "wijkbeheer-ambassadeurs", title, 2), title), 2);
  }
  // Started again after the meeting began: nothing more.
  clock_.set(amsterdam("2027-01-12T15:05"));
  RunningApplication again(demo_config(dir_.path()), options());
  port_ = again.port();
  std::this_thread::sleep_for(200ms);  // ten timer passes
  EXPECT_EQ(count_of(joined(channel_messages(port_, "wijkbeheer-ambassadeurs")), title), 2);
}

}  // namespace
}  // namespace ambassador::testing
