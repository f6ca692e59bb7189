// Webcare end to end through the local platform and the admin API, on the demo configuration: the whole service
// on loopback with a hand-moved clock and a webcare timer that looks every 20 ms, so a moved clock is noticed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/content/time_parsing.hpp"
#include "running_application.hpp"

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

// Polls until some message in the channel (as `viewer` sees it) contains `needle`; returns them all.
std::vector<LocalMessageView> wait_for_text(std::uint16_t port, const std::string& channel, const std::string& needle,
                                            const std::string& viewer = {}) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  auto messages = channel_messages(port, channel, 0, viewer);
  while (joined(messages).find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
    messages = channel_messages(port, channel, 0, viewer);
  }
  return messages;
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }
const std::string kWebcareToken = "integration-test-webcare-token";

class WebcareAppTest : public ::testing::Test {
 protected:
  WebcareAppTest() : clock_(amsterdam("2027-01-04T10:00")) {}

  app::ApplicationOptions options() {
    app::ApplicationOptions options;
    options.clock = &clock_;
    options.webcare_timer.max_sleep = 20ms;
    return options;
  }

  std::optional<HttpReply> api(const std::string& method, const std::string& target, const std::string& body = {},
                               const std::string& token = kWebcareToken) {
    return http_exchange(port_,
                         raw_request(method, target, {bearer(token)}, body, body.empty() ? "" : "application/json"));
  }

  void press(const std::string& channel, const std::string& user, const std::string& action, const std::string& value,
             const std::string& id) {
    const nlohmann::json body{{"channel", channel}, {"user", user}, {"action", action}, {"value", value}, {"id", id}};
    const auto reply = post_json(port_, "/local/messages", body.dump());
    ASSERT_TRUE(reply && reply->status == 200);
  }

  TempDir dir_;
  ManualClock clock_;
  std::uint16_t port_ = 0;
};

TEST_F(WebcareAppTest, AskClaimRaceAnswerRelayAndClose) {
  RunningApplication running(demo_config(dir_.path()), options());
  port_ = running.port();
  say(port_, "webcare-team", "fatima", "/vraag afval: Container niet geleegd, bel 06-12345678\nbron: facebook", "q1");
  EXPECT_THAT(joined(wait_for_text(port_, "webcare-team", "W-2027-0001")), HasSubstr("naar Wijkbeheer"));
  const auto posted = joined(wait_for_text(port_, "wijkbeheer-experts", "W-2027-0001"));
  EXPECT_THAT(posted, HasSubstr("[phone]"));
  EXPECT_THAT(posted, Not(HasSubstr("06-12345678")));

  // Two claims at (nearly) the same instant: one wins, the other is told who has it.
  press("wijkbeheer-experts", "bram", "webcare.claim", "W-2027-0001", "c1");
  press("wijkbeheer-experts", "anna", "webcare.claim", "W-2027-0001", "c2");
  const auto anna_sees = joined(wait_for_text(port_, "wijkbeheer-experts", "heeft hem al sinds", "anna"));
  EXPECT_THAT(anna_sees, HasSubstr("Bram Jansen heeft hem al sinds 10:00"));
  EXPECT_THAT(joined(wait_for_text(port_, "dm:bram", "06-12345678", "bram")), HasSubstr("is van jou"));

  say(port_, "wijkbeheer-experts", "bram", "/antwoord W-2027-0001: We legen hem morgen. Vragen? 020-1234567", "a1");
  const auto in_webcare = joined(wait_for_text(port_, "webcare-team", "Antwoord op W-2027-0001"));
  EXPECT_THAT(in_webcare, HasSubstr("[phone]"));
  EXPECT_THAT(joined(wait_for_text(port_, "dm:fatima", "020-1234567", "fatima")), HasSubstr("Bram Jansen"));

  press("webcare-team", "fatima", "webcare.close", "W-2027-0001", "x1");
  EXPECT_THAT(joined(wait_for_text(port_, "wijkbeheer-experts", "afgesloten")), HasSubstr("W-2027-0001"));
  const auto shown = api("GET", "/api/v1/questions/W-2027-0001");
  ASSERT_TRUE(shown && shown->status == 200);
  const auto question = nlohmann::json::parse(shown->body);
  EXPECT_EQ(question.at("status"), "closed");
  std::vector<std::string> timeline;
  for (const auto& event : question.at("timeline")) timeline.push_back(event.at("event"));
  EXPECT_EQ(timeline, (std::vector<std::string>{"created", "routed", "claimed", "answered", "closed"}));
}

TEST_F(WebcareAppTest, ReminderAndTwoEscalationLevelsFireOnTheClockAndSurviveARestart) {
  {
    RunningApplication running(demo_config(dir_.path()), options());
    port_ = running.port();
    say(port_, "webcare-team", "fatima", "/ask parkeren: Waarom een boete?", "q1");
    wait_for_text(port_, "wijkbeheer-experts", "W-2027-0001");
    clock_.advance(90min);  // 75% of the two-hour claim window
    EXPECT_THAT(joined(wait_for_text(port_, "wijkbeheer-experts", "Herinnering")), HasSubstr("W-2027-0001"));
    clock_.advance(30min);
    EXPECT_THAT(joined(wait_for_text(port_, "dm:anna", "deadline gemist", "anna")), HasSubstr("W-2027-0001"));
  }
  // Down while the backup contacts' window passes; the lead's escalation fires once, at start.
  clock_.advance(3h);
  RunningApplication restarted(demo_config(dir_.path()), options());
  port_ = restarted.port();
  EXPECT_THAT(joined(wait_for_text(port_, "dm:eva", "deadline gemist", "eva")), HasSubstr("W-2027-0001"));
  clock_.advance(1h);
  std::this_thread::sleep_for(200ms);  // ten timer passes
  const auto shown = api("GET", "/api/v1/questions/W-2027-0001");
  ASSERT_TRUE(shown && shown->status == 200);
  int escalations = 0, reminders = 0;
  const auto question = nlohmann::json::parse(shown->body);  // named: a range-for would not keep it alive
  for (const auto& event : question.at("timeline")) {
    escalations += event.at("event") == "escalated";
    reminders += event.at("event") == "reminded";
  }
  EXPECT_EQ(escalations, 2);
  EXPECT_EQ(reminders, 1);
  const auto metrics = http_exchange(port_, raw_request("GET", "/metrics"));
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("ambassador_webcare_open_questions{department=\"wijkbeheer\"} 1"));
  EXPECT_THAT(metrics->body, HasSubstr("ambassador_webcare_breaches_total{department=\"wijkbeheer\"} 2"));
}

TEST_F(WebcareAppTest, TheApiTakesQuestionsFromTheSocialInboxAndListsThem) {
  RunningApplication running(demo_config(dir_.path()), options());
  port_ = running.port();
  const auto created = api("POST", "/api/v1/questions",
                           R"({"topic":"bomen","text":"Er hangt een tak boven de weg. IBAN NL91ABNA0417164300",)"
                           R"("source":"instagram","priority":"high","link":"https://instagram.com/p/1",)"
                           R"("owner":{"platform":"local","user_id":"fatima","name":"Fatima"}})");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto body = nlohmann::json::parse(created->body);
  EXPECT_EQ(body.at("reference"), "W-2027-0001");
  EXPECT_EQ(body.at("department"), "groenbeheer");
  EXPECT_THAT(joined(wait_for_text(port_, "groenbeheer-ambassadeurs", "W-2027-0001")), HasSubstr("[iban]"));

  // A retry with the same Idempotency-Key (the answer was lost) gets the same question, not a second one.
  const std::string retried_body = R"({"topic":"afval","text":"Container vol"})";
  const auto first = http_exchange(
      port_, raw_request("POST", "/api/v1/questions", {bearer(kWebcareToken), "Idempotency-Key: inbox-77"},
                         retried_body, "application/json"));
  const auto again = http_exchange(
      port_, raw_request("POST", "/api/v1/questions", {bearer(kWebcareToken), "Idempotency-Key: inbox-77"},
                         retried_body, "application/json"));
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(nlohmann::json::parse(first->body).at("reference"), nlohmann::json::parse(again->body).at("reference"));
  EXPECT_EQ(nlohmann::json::parse(api("GET", "/api/v1/questions?department=wijkbeheer")->body).at("questions").size(),
            1u);

  const auto listed = api("GET", "/api/v1/questions?status=open&department=groenbeheer");
  ASSERT_TRUE(listed && listed->status == 200);
  EXPECT_EQ(nlohmann::json::parse(listed->body).at("questions").size(), 1u);
  const auto none = api("GET", "/api/v1/questions?department=schulddienstverlening");
  EXPECT_EQ(nlohmann::json::parse(none->body).at("questions").size(), 0u);

  EXPECT_EQ(api("POST", "/api/v1/questions", R"({"topic":"bomen"})")->status, 422);
  EXPECT_EQ(api("POST", "/api/v1/questions", R"({"topic":"bomen","text":"x","priority":"urgent"})")->status, 422);
  EXPECT_EQ(api("POST", "/api/v1/questions", "{not json")->status, 400);
  EXPECT_EQ(
      api("POST", "/api/v1/questions", R"({"topic":"bomen","text":"x"})", "integration-test-editor-token")->status,
      403);
  EXPECT_EQ(http_exchange(port_, raw_request("GET", "/api/v1/questions"))->status, 401);
  EXPECT_EQ(api("GET", "/api/v1/questions/W-2027-9999")->status, 404);
  EXPECT_EQ(api("GET", "/api/v1/questions?status=weird")->status, 400);
}

}  // namespace
}  // namespace ambassador::testing
