// TeamsActivityParser over the recorded activities in tests/fixtures/teams and variants derived from them.
#include "adapters/teams/activity_parser.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/teams/conventions.hpp"
#include "testing.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

json fixture(const std::string& name) { return json::parse(testing::fixture("teams/" + name)); }

ParseResult parse(const json& activity) { return TeamsActivityParser("Got it").parse(activity.dump()); }

// A copy: the result is often a temporary.
IncomingEvent only_event(const ParseResult& result) {
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_EQ(result.events.size(), 1u);
  return result.events.empty() ? IncomingEvent{} : result.events.front();
}

void expect_ignored(const ParseResult& result) {
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_TRUE(result.events.empty());
  EXPECT_TRUE(result.ignored);
}

// 2017-02-01T21:10:07.437Z
constexpr std::int64_t kPersonalMessageMs = 1485983407437;

TEST(TeamsActivityParser, APersonalMessageIsDirectAndAddressed) {
  const auto activity = fixture("personal_message.json");
  const auto result = parse(activity);
  const auto& event = only_event(result);
  EXPECT_FALSE(result.reply);
  EXPECT_EQ(event.platform, "teams");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_TRUE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "Hello Teams TestBot");
  EXPECT_EQ(event.workspace, "72f988bf-86f1-41af-91ab-2d7cd011db47") << "from channelData.tenant";
  EXPECT_EQ(event.channel_id, activity["conversation"]["id"]);
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.user_id, activity["from"]["id"]);
  EXPECT_EQ(event.user_name, "Megan Bowen");
  EXPECT_EQ(event.reply_token, "1485983408511");
  EXPECT_EQ(event.event_key, activity["conversation"]["id"].get<std::string>() + "|1485983408511");
  EXPECT_EQ(event.occurred_at_ms, kPersonalMessageMs);
}

TEST(TeamsActivityParser, AChannelMentionIsStrippedAndTheThreadKept) {
  const auto result = parse(fixture("channel_message_at_mention.json"));
  const auto& event = only_event(result);
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_FALSE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "reply to thread");
  EXPECT_EQ(event.channel_id, "19:6848757105754c8981c67612732d9aa7@thread.tacv2");
  EXPECT_EQ(event.thread_id, "1759881511856");
  EXPECT_EQ(thread_conversation_id(event.channel_id, event.thread_id),
            "19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856");
  EXPECT_EQ(event.workspace, "50612dbb-0237-4969-b378-8d42590f9c00");
  EXPECT_EQ(event.event_key, "19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856|1759944781430");
  EXPECT_EQ(event.reply_token, "1759944781430");
  EXPECT_EQ(event.occurred_at_ms, 1759944781495) << "2025-10-08T17:33:01.4953744Z, to the millisecond";
}

TEST(TeamsActivityParser, AGroupChatMentionIsStripped) {
  const auto& event = only_event(parse(fixture("group_chat_message_at_mention.json")));
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_FALSE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "test");
  EXPECT_EQ(event.channel_id, "19:groupChatId@thread.v2");
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.workspace, "tenantId-Guid");
  EXPECT_EQ(event.occurred_at_ms, 0) << "no timestamp";
}

TEST(TeamsActivityParser, AGroupMessageWithoutTheBotsMentionIsNotAddressed) {
  auto activity = fixture("group_chat_message_at_mention.json");
  activity["entities"][0]["mentioned"]["id"] = "29:someone-else";
  activity["text"] = "<at>Someone</at> lunch?";
  const auto& event = only_event(parse(activity));
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.text, "<at>Someone</at> lunch?") << "other people's mentions stay";
  activity.erase("entities");
  EXPECT_FALSE(only_event(parse(activity)).addressed);
}

TEST(TeamsActivityParser, AMentionOnlyByNameIsStrippedToo) {
  auto activity = fixture("group_chat_message_at_mention.json");
  activity["entities"][0].erase("text");
  activity["text"] = "please <at>Teams Bot</at>&nbsp;help";
  EXPECT_EQ(only_event(parse(activity)).text, "please  help");
}

TEST(TeamsActivityParser, DecodesTheEntitiesTeamsSendsOnce) {
  auto activity = fixture("personal_message.json");
  activity["text"] = "&nbsp;Fish &amp; chips &lt;b&gt; &quot;x&quot; it&#39;s &amp;lt; &copy;\xC2\xA0";
  EXPECT_EQ(only_event(parse(activity)).text, "Fish & chips <b> \"x\" it's &lt; &copy;");
}

TEST(TeamsActivityParser, IgnoresTheBotsOwnMessagesAndMessagesWithoutText) {
  auto activity = fixture("personal_message.json");
  activity["from"]["id"] = activity["recipient"]["id"];
  expect_ignored(parse(activity));
  activity = fixture("personal_message.json");
  activity.erase("text");
  expect_ignored(parse(activity));
}

TEST(TeamsActivityParser, AnActionSubmitOfOurCardIsAButton) {
  auto activity = fixture("constructed_message_action_submit_value.json");
  activity["value"] = {{kActionKey, "share.confirm"}, {kValueKey, "post-42"}};
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_TRUE(event.addressed);
  EXPECT_TRUE(event.direct);
  EXPECT_EQ(event.action_id, "share.confirm");
  EXPECT_EQ(event.action_value, "post-42");
  EXPECT_EQ(event.reply_token, "1767765488332") << "the card's message (replyToId)";
  EXPECT_EQ(event.user_name, "Rido");
  EXPECT_EQ(event.workspace, "56653e9d-2158-46ee-90d7-675c39642038");
  EXPECT_EQ(event.occurred_at_ms, 1767765912410);
}

TEST(TeamsActivityParser, AnActionSubmitOfAnotherCardIsIgnored) {
  expect_ignored(parse(fixture("constructed_message_action_submit_value.json")));
}

TEST(TeamsActivityParser, AnActionExecuteIsAButtonAnsweredWithTheInvokeResponse) {
  auto activity = fixture("invoke_adaptive_card_action_personal.json");
  activity["value"]["action"]["verb"] = "share.confirm";
  activity["value"]["action"]["data"] = {{kActionKey, "share.confirm"}, {kValueKey, "post-42"}};
  const auto result = parse(activity);
  const auto& event = only_event(result);
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_EQ(event.action_id, "share.confirm");
  EXPECT_EQ(event.action_value, "post-42");
  EXPECT_EQ(event.reply_token, "1767765488332");
  EXPECT_EQ(event.event_key,
            activity["conversation"]["id"].get<std::string>() + "|f:17b96347-e8b4-f340-10bc-eb52fc1a6ad4");
  ASSERT_TRUE(result.reply);
  EXPECT_EQ(result.reply->status, 200);
  EXPECT_EQ(json::parse(result.reply->body),
            json({{"statusCode", 200}, {"type", "application/vnd.microsoft.activity.message"}, {"value", "Got it"}}));
}

TEST(TeamsActivityParser, AnActionExecuteWithoutAVerbFallsBackToTheDataActionKey) {
  auto activity = fixture("invoke_adaptive_card_action_personal.json");
  activity["value"]["action"]["data"] = {{kActionKey, "post.skip"}, {kValueKey, "7"}};
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.action_id, "post.skip");
  EXPECT_EQ(event.action_value, "7");
}

TEST(TeamsActivityParser, AForeignActionExecuteIsIgnoredButStillAnswered) {
  const auto result = parse(fixture("invoke_adaptive_card_action_personal.json"));
  expect_ignored(result);
  ASSERT_TRUE(result.reply) << "Teams shows an error without an invoke response";
  EXPECT_EQ(result.reply->status, 200);
}

TEST(TeamsActivityParser, OtherInvokesAreIgnored) {
  auto activity = fixture("invoke_adaptive_card_action_personal.json");
  activity["name"] = "task/fetch";
  const auto result = parse(activity);
  expect_ignored(result);
  EXPECT_FALSE(result.reply) << "the default 200";
}

TEST(TeamsActivityParser, TheBotAddedToATeamIsBotAddedInTheGeneralChannel) {
  const auto activity = fixture("conversation_update_bot_added_to_team.json");
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_TRUE(event.addressed);
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.channel_id, "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2");
  EXPECT_EQ(event.channel_name, "TestTeam2022") << "channelData.team.name";
  EXPECT_EQ(event.workspace, "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f");
  EXPECT_EQ(event.user_id, activity["from"]["id"]) << "who installed it";
  EXPECT_EQ(event.event_key, "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2|f:0b9079f4-d4d3-3d8e-b883-798298053c7e");
  EXPECT_EQ(event.occurred_at_ms, 1638916496534);
}

TEST(TeamsActivityParser, TheChannelsOwnNameWinsOverTheTeamsName) {
  auto activity = fixture("conversation_update_bot_added_to_team.json");
  activity["channelData"]["channel"] = {{"id", "19:x@thread.tacv2"}, {"name", "Ambassadors"}};
  EXPECT_EQ(only_event(parse(activity)).channel_name, "Ambassadors");
  activity["channelData"].erase("channel");
  activity["channelData"].erase("team");
  EXPECT_EQ(only_event(parse(activity)).channel_name, "2021 Test Channel") << "conversation.name last";
}

TEST(TeamsActivityParser, TheBotAddedToAGroupChatIsBotAdded) {
  auto activity = fixture("conversation_update_bot_added_to_team.json");
  activity["conversation"] = {{"isGroup", true}, {"conversationType", "groupChat"}, {"id", "19:group@thread.v2"}};
  activity["channelData"].erase("team");
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_EQ(event.channel_id, "19:group@thread.v2");
  EXPECT_EQ(event.workspace, "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f") << "channelData.tenant";
}

TEST(TeamsActivityParser, APersonalInstallIsIgnored) {
  auto activity = fixture("conversation_update_bot_added_personal.json");
  activity["recipient"]["id"] = activity["membersAdded"][0]["id"];
  const auto result = parse(activity);
  expect_ignored(result);
  EXPECT_FALSE(result.reply);
}

TEST(TeamsActivityParser, TheBotRemovedIsBotRemoved) {
  auto activity = fixture("conversation_update_team_member_removed.json");
  activity["membersRemoved"][0]["id"] = activity["recipient"]["id"];
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.channel_id, "19:efa9296d959346209fea44151c742e73@thread.skype");
  EXPECT_EQ(event.workspace, "72f988bf-86f1-41af-91ab-2d7cd011db47");
  EXPECT_FALSE(event.direct);
}

TEST(TeamsActivityParser, UninstallingThePersonalAppIsBotRemovedInTheDirectChat) {
  auto activity = fixture("conversation_update_bot_added_personal.json");
  activity["recipient"]["id"] = activity["membersAdded"][0]["id"];
  activity["membersRemoved"] = activity["membersAdded"];
  activity.erase("membersAdded");
  const auto& event = only_event(parse(activity));
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_TRUE(event.direct);
}

TEST(TeamsActivityParser, AnotherMemberRemovedIsIgnored) {
  expect_ignored(parse(fixture("conversation_update_team_member_removed.json")));
}

TEST(TeamsActivityParser, PeopleAddedAreMemberJoinedOneEachWithoutBots) {
  auto activity = fixture("conversation_update_bot_added_to_team.json");
  activity["membersAdded"] = {{{"id", "29:anna"}, {"name", "Anna"}}, {{"id", "28:another-bot"}}, {{"id", "29:bo"}}};
  const auto result = parse(activity);
  ASSERT_TRUE(result.error.empty());
  ASSERT_EQ(result.events.size(), 2u);
  const std::string key = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2|f:0b9079f4-d4d3-3d8e-b883-798298053c7e";
  EXPECT_EQ(result.events[0].kind, EventKind::member_joined);
  EXPECT_EQ(result.events[0].user_id, "29:anna");
  EXPECT_EQ(result.events[0].user_name, "Anna");
  EXPECT_EQ(result.events[0].event_key, key + "|29:anna");
  EXPECT_EQ(result.events[1].user_id, "29:bo");
  EXPECT_EQ(result.events[1].event_key, key + "|29:bo");
  EXPECT_FALSE(result.events[1].addressed);
}

TEST(TeamsActivityParser, TheSameActivityIdInTwoConversationsGivesTwoKeys) {
  auto first = fixture("personal_message.json");
  auto second = first;
  second["conversation"]["id"] = "a:another-chat";
  EXPECT_NE(only_event(parse(first)).event_key, only_event(parse(second)).event_key);
}

TEST(TeamsActivityParser, ReadsTimestampsWithAnOffset) {
  auto activity = fixture("personal_message.json");
  activity["timestamp"] = "2017-02-01T14:10:07.437-07:00";
  EXPECT_EQ(only_event(parse(activity)).occurred_at_ms, kPersonalMessageMs);
  activity["timestamp"] = "2017-02-01T21:10:07Z";
  EXPECT_EQ(only_event(parse(activity)).occurred_at_ms, kPersonalMessageMs - 437);
  for (const char* bad : {"2017-02-30T21:10:07Z", "2017-02-01 21:10:07Z", "2017-02-01T21:10:07", "yesterday",
                          "2017-02-01T21:10:07.Z", "2017-02-01T21:10:07Zjunk"}) {
    activity["timestamp"] = bad;
    EXPECT_EQ(only_event(parse(activity)).occurred_at_ms, 0) << bad;
  }
}

TEST(TeamsActivityParser, UnknownTypesAreIgnored) {
  auto activity = fixture("personal_message.json");
  activity["type"] = "typing";
  expect_ignored(parse(activity));
  activity["type"] = "messageReaction";
  expect_ignored(parse(activity));
}

TEST(TeamsActivityParser, MalformedActivitiesFail) {
  const TeamsActivityParser parser;
  EXPECT_FALSE(parser.parse("").error.empty());
  EXPECT_FALSE(parser.parse("{not json").error.empty());
  EXPECT_FALSE(parser.parse("[]").error.empty());
  EXPECT_FALSE(parser.parse("{\"type\":\"message\",\"text\":\"bad \xff utf-8\"}").error.empty());
  EXPECT_FALSE(parser.parse(std::string(100000, '[') + std::string(100000, ']')).error.empty());
  for (const char* field : {"type", "id", "serviceUrl", "conversation"}) {
    auto activity = fixture("personal_message.json");
    activity.erase(field);
    EXPECT_FALSE(parse(activity).error.empty()) << field;
    activity = fixture("personal_message.json");
    activity[field] = 17;
    EXPECT_FALSE(parse(activity).error.empty()) << field;
  }
  auto activity = fixture("personal_message.json");
  activity["conversation"].erase("id");
  EXPECT_FALSE(parse(activity).error.empty());
}

TEST(ReadActivityRoute, ReadsWhatTheTokenCheckAndTheBookNeed) {
  const auto route = read_activity_route(fixture("channel_message_at_mention.json").dump());
  ASSERT_TRUE(route);
  EXPECT_EQ(route->service_url, "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/");
  EXPECT_EQ(route->channel_id, "msteams");
  EXPECT_EQ(route->tenant, "50612dbb-0237-4969-b378-8d42590f9c00");
  EXPECT_EQ(route->conversation, "19:6848757105754c8981c67612732d9aa7@thread.tacv2");
  EXPECT_FALSE(read_activity_route("nonsense"));
  EXPECT_EQ(read_activity_route("{}")->service_url, "");
}

}  // namespace
}  // namespace ambassador::adapters::teams
