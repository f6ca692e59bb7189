#include "adapters/slack/interaction_parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/http/form.hpp"
#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

json load(const std::string& name) { return json::parse(testing::fixture("slack/" + name)); }

std::string as_form(const json& payload) { return http::encode_form({{"payload", payload.dump()}}); }

IncomingEvent single_event(const ParseResult& result) {
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.ignored);
  EXPECT_EQ(result.events.size(), 1u);
  return result.events.empty() ? IncomingEvent{} : result.events.front();
}

TEST(SlackInteractionParser, ParsesBlockActionsFormFixture) {
  const auto event =
      single_event(parse_interaction_body(testing::fixture("slack/block_actions_ephemeral_message.form.txt")));
  EXPECT_EQ(event.platform, "slack");
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_EQ(event.event_key, "act:111.222:1596530385.194939");
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.user_id, "W111");
  EXPECT_EQ(event.user_name, "primary-owner");
  EXPECT_EQ(event.action_id, "a");
  EXPECT_EQ(event.action_value, "click_me_123");
  EXPECT_EQ(event.reply_token, "https://hooks.slack.com/actions/T111/111/random-value");
  EXPECT_TRUE(event.addressed);
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.occurred_at_ms, 1596530385194);
}

TEST(SlackInteractionParser, ParsesButtonOnBotMessage) {
  const auto event = single_event(parse_interaction_body(as_form(load("block_actions_message_button.json"))));
  EXPECT_EQ(event.event_key, "act:1678252213.679169:1678252216.469172");
  EXPECT_EQ(event.workspace, "T0G9PQBBK");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.user_id, "U111");
  EXPECT_EQ(event.action_id, "button");
  EXPECT_EQ(event.action_value, "clicked");
  EXPECT_EQ(event.reply_token, "http://localhost:8888/webhook");
}

TEST(SlackInteractionParser, KeepsNeutralActionIdExactly) {
  json payload = load("block_actions_message_button.json");
  payload["actions"][0]["action_id"] = "share.confirm";
  payload["actions"][0]["value"] = "post:42";
  const auto event = single_event(parse_interaction_body(as_form(payload)));
  EXPECT_EQ(event.action_id, "share.confirm");
  EXPECT_EQ(event.action_value, "post:42");
}

TEST(SlackInteractionParser, GivesLinkButtonAnEmptyValue) {
  json payload = load("block_actions_message_button.json");
  payload["actions"][0].erase("value");
  payload["actions"][0]["url"] = "https://example.org";
  EXPECT_EQ(single_event(parse_interaction_body(as_form(payload))).action_value, "");
}

TEST(SlackInteractionParser, GivesEachClickItsOwnKey) {
  json payload = load("block_actions_message_button.json");
  const auto first = single_event(parse_interaction_body(as_form(payload)));
  payload["actions"][0]["action_ts"] = "1678252299.000001";
  payload["trigger_id"] = "another.trigger";
  const auto second = single_event(parse_interaction_body(as_form(payload)));
  EXPECT_NE(first.event_key, second.event_key);
}

TEST(SlackInteractionParser, MakesOneEventPerActionWithDistinctKeys) {
  json payload = load("block_actions_message_button.json");
  json other = payload["actions"][0];
  other["action_id"] = "post.skip";
  payload["actions"].push_back(other);
  const auto result = parse_interaction_body(as_form(payload));
  ASSERT_EQ(result.events.size(), 2u);
  EXPECT_EQ(result.events[0].action_id, "button");
  EXPECT_EQ(result.events[1].action_id, "post.skip");
  EXPECT_NE(result.events[0].event_key, result.events[1].event_key);
}

TEST(SlackInteractionParser, FallsBackToTriggerIdAndContainerChannel) {
  json payload = load("block_actions_message_button.json");
  payload["container"].erase("message_ts");
  payload.erase("channel");
  payload["team"] = nullptr;
  payload["user"]["team_id"] = "T0G9PQBBK";
  const auto event = single_event(parse_interaction_body(as_form(payload)));
  EXPECT_EQ(event.event_key, "act:4916855695380.xxx.yyy:1678252216.469172");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.workspace, "T0G9PQBBK");
}

TEST(SlackInteractionParser, IgnoresOtherPayloadTypes) {
  for (const char* type : {"view_submission", "shortcut", "message_action", "view_closed"}) {
    const auto result = parse_interaction_body(as_form({{"type", type}, {"team", {{"id", "T1"}}}}));
    EXPECT_EQ(result.error, "") << type;
    EXPECT_TRUE(result.ignored) << type;
    EXPECT_TRUE(result.events.empty()) << type;
  }
}

TEST(SlackInteractionParser, IgnoresBlockActionsWithoutActions) {
  json payload = load("block_actions_message_button.json");
  payload["actions"] = json::array();
  const auto result = parse_interaction_body(as_form(payload));
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.ignored);
}

TEST(SlackInteractionParser, FailsOnBadFormMissingPayloadOrBadJson) {
  EXPECT_NE(parse_interaction_body("payload=%zz").error.find("form"), std::string::npos);
  EXPECT_NE(parse_interaction_body("token=x").error.find("payload"), std::string::npos);
  EXPECT_NE(parse_interaction_body("payload=%7B%22type%22").error.find("JSON"), std::string::npos);
  EXPECT_NE(parse_interaction_body("payload=%22block_actions%22").error.find("JSON"), std::string::npos);
}

TEST(SlackInteractionParser, FailsWithoutUserTeamOrActionTs) {
  json payload = load("block_actions_message_button.json");
  payload["user"].erase("id");
  EXPECT_NE(parse_interaction_body(as_form(payload)).error.find("user.id"), std::string::npos);
  payload = load("block_actions_message_button.json");
  payload.erase("team");
  EXPECT_NE(parse_interaction_body(as_form(payload)).error.find("team.id"), std::string::npos);
  payload = load("block_actions_message_button.json");
  payload["actions"][0].erase("action_ts");
  EXPECT_NE(parse_interaction_body(as_form(payload)).error.find("action_ts"), std::string::npos);
}

}  // namespace
}  // namespace ambassador::adapters::slack
