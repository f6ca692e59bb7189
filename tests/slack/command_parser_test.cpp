#include "adapters/slack/command_parser.hpp"

#include <gtest/gtest.h>

#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

constexpr std::string_view kMinimal =
    "team_id=T1&channel_id=C1&user_id=U1&command=%2Fambassador&text=join&trigger_id=9.9.9";

void expect_empty_ack(const ParseResult& result) {
  ASSERT_TRUE(result.reply.has_value());
  EXPECT_EQ(result.reply->status, 200);
  EXPECT_EQ(result.reply->body, "");
}

IncomingEvent single_event(const ParseResult& result) {
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.ignored);
  EXPECT_EQ(result.events.size(), 1u);
  return result.events.empty() ? IncomingEvent{} : result.events.front();
}

TEST(SlackCommandParser, ParsesSlashCommandFixture) {
  const auto result = parse_command_body(testing::fixture("slack/slash_command.form.txt"));
  const auto event = single_event(result);
  EXPECT_EQ(event.platform, "slack");
  EXPECT_EQ(event.kind, EventKind::command);
  EXPECT_EQ(event.event_key, "cmd:111.111.xxx");
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.user_id, "W111");
  EXPECT_EQ(event.user_name, "primary-owner");
  EXPECT_EQ(event.text, "Hi");
  EXPECT_TRUE(event.addressed);
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.reply_token, "https://hooks.slack.com/commands/T111/111/xxxxx");
  expect_empty_ack(result);
}

TEST(SlackCommandParser, ParsesDocsExampleWithUnencodedSlashes) {
  const auto event = single_event(parse_command_body(testing::fixture("slack/slash_command_docs_weather.form.txt")));
  EXPECT_EQ(event.event_key, "cmd:13345224609.738474920.8088930838d88f008e0");
  EXPECT_EQ(event.workspace, "T0001");
  EXPECT_EQ(event.channel_id, "C2147483705");
  EXPECT_EQ(event.user_name, "Steve");
  EXPECT_EQ(event.text, "94070");
  EXPECT_EQ(event.reply_token, "https://hooks.slack.com/commands/1234/5678");
}

TEST(SlackCommandParser, ParsesCommandWithEmptyText) {
  const auto event = single_event(parse_command_body(testing::fixture("slack/slash_command_real_modified.form.txt")));
  EXPECT_EQ(event.text, "");
  EXPECT_EQ(event.event_key, "cmd:111.222.xxx");
}

TEST(SlackCommandParser, KeepsOnlyTheArgumentsAsText) {
  const auto event = single_event(parse_command_body(
      "team_id=T1&channel_id=C1&user_id=U1&command=%2Fambassador&text=+themes+climate%20housing++&trigger_id=1.2.3"));
  EXPECT_EQ(event.text, "themes climate housing");
}

TEST(SlackCommandParser, MarksDirectMessageChannelAsDirect) {
  std::string body(kMinimal);
  body.replace(body.find("C1"), 2, "D0123");
  const auto event = single_event(parse_command_body(body));
  EXPECT_TRUE(event.direct);
  EXPECT_EQ(event.channel_id, "D0123");
}

TEST(SlackCommandParser, IgnoresSslCheckWithEmptyOk) {
  const auto result = parse_command_body("ssl_check=1&token=verification_token");
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.ignored);
  EXPECT_TRUE(result.events.empty());
  expect_empty_ack(result);
}

TEST(SlackCommandParser, FailsWithoutRequiredFields) {
  for (std::string field : {"team_id", "channel_id", "user_id", "trigger_id"}) {
    std::string body(kMinimal);
    const auto at = body.find(field + "=");
    body.replace(at, body.find('&', at) == std::string::npos ? std::string::npos : body.find('&', at) - at + 1, "");
    const auto result = parse_command_body(body);
    EXPECT_NE(result.error.find(field), std::string::npos) << field << ": " << result.error;
    EXPECT_TRUE(result.events.empty());
  }
}

TEST(SlackCommandParser, FailsOnSchemaSkeletonWithBlankIds) {
  const auto result = parse_command_body(
      "token=&api_app_id=&team_id=&team_domain=&channel_id=&user_id=&command=&text=&response_url=&trigger_id=");
  EXPECT_NE(result.error, "");
}

TEST(SlackCommandParser, FailsOnBadFormEncoding) {
  const auto result = parse_command_body("team_id=T1&text=%zz");
  EXPECT_NE(result.error.find("form"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace ambassador::adapters::slack
