#include "adapters/slack/event_parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

json load(const std::string& name) { return json::parse(testing::fixture("slack/" + name)); }

ParseResult parse_fixture(const std::string& name) { return parse_events_body(testing::fixture("slack/" + name)); }

// The one event a well-formed, relevant payload must produce.
IncomingEvent single_event(const ParseResult& result) {
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.ignored);
  EXPECT_EQ(result.events.size(), 1u);
  return result.events.empty() ? IncomingEvent{} : result.events.front();
}

// event_callback_message_channel.json with `event` fields replaced and our bot user declared.
json channel_message(const json& event_changes, const std::string& bot_user = "UBOT") {
  json body = load("event_callback_message_channel.json");
  body["event"].update(event_changes);
  body["authorizations"] = json::array({{{"team_id", "T111"}, {"user_id", bot_user}, {"is_bot", true}}});
  return body;
}

void expect_ignored(const ParseResult& result) {
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.ignored);
  EXPECT_TRUE(result.events.empty());
  EXPECT_FALSE(result.reply.has_value());
}

void expect_failure(const ParseResult& result, const std::string& fragment) {
  EXPECT_NE(result.error.find(fragment), std::string::npos) << "error: " << result.error;
  EXPECT_TRUE(result.events.empty());
}

TEST(SlackEventParser, AnswersUrlVerificationWithTheChallenge) {
  const auto result = parse_fixture("url_verification.json");
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.events.empty());
  ASSERT_TRUE(result.reply.has_value());
  EXPECT_EQ(result.reply->status, 200);
  EXPECT_EQ(result.reply->content_type, "application/json");
  EXPECT_EQ(json::parse(result.reply->body),
            (json{{"challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}}));
}

TEST(SlackEventParser, ParsesChannelMessage) {
  const auto event = single_event(parse_fixture("event_callback_message_channel.json"));
  EXPECT_EQ(event.platform, "slack");
  EXPECT_EQ(event.event_key, "Ev111");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.user_id, "W111");
  EXPECT_EQ(event.text, "Hello World!");
  EXPECT_FALSE(event.direct);
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.occurred_at_ms, 1596183880000);
}

TEST(SlackEventParser, ParsesDirectMessageAsDirectAndAddressed) {
  const auto event = single_event(parse_fixture("event_callback_message_im.json"));
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.channel_id, "D111");
  EXPECT_EQ(event.user_id, "W222");
  EXPECT_EQ(event.text, "A top-level DM, not in a thread");
  EXPECT_TRUE(event.direct);
  EXPECT_TRUE(event.addressed);
}

TEST(SlackEventParser, IgnoresClassicBotMessage) {
  expect_ignored(parse_fixture("event_callback_message_subtype_bot_message.json"));
}

TEST(SlackEventParser, IgnoresAppBotMessageWithoutSubtype) {
  expect_ignored(parse_fixture("event_callback_message_from_app_bot_no_subtype.json"));
}

TEST(SlackEventParser, IgnoresAnotherAppsBotMessage) {
  // Two bots answering each other would loop forever: bot_id alone marks a message as not for us.
  json body = load("event_callback_message_from_app_bot_no_subtype.json");
  body["authorizations"][0]["user_id"] = "UOURS";
  expect_ignored(parse_events_body(body.dump()));
}

TEST(SlackEventParser, IgnoresOurOwnBotUserEvenWithoutBotId) {
  expect_ignored(parse_events_body(channel_message({{"user", "UBOT"}}, "UBOT").dump()));
}

TEST(SlackEventParser, IgnoresMessageChanged) { expect_ignored(parse_fixture("event_callback_message_changed.json")); }

TEST(SlackEventParser, IgnoresNotificationSubtypes) {
  for (const char* subtype : {"message_deleted", "channel_join", "channel_topic", "bot_message"})
    expect_ignored(parse_events_body(channel_message({{"subtype", subtype}}).dump()));
}

TEST(SlackEventParser, KeepsMessagesPeopleWriteWithAFileOrAsThreadBroadcast) {
  for (const char* subtype : {"file_share", "thread_broadcast"}) {
    const auto event = single_event(parse_events_body(channel_message({{"subtype", subtype}}).dump()));
    EXPECT_EQ(event.text, "Hello World!") << subtype;
  }
}

TEST(SlackEventParser, ParsesAppMentionAsAddressedWithMentionStripped) {
  // No `authorizations` here (an older payload): the leading mention is taken to be ours.
  const auto event = single_event(parse_fixture("event_callback_app_mention.json"));
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.event_key, "Ev111");
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.user_id, "W222");
  EXPECT_EQ(event.text, "Hi there!");
  EXPECT_TRUE(event.addressed);
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.occurred_at_ms, 1595926230000);
}

TEST(SlackEventParser, StripsMentionOfAuthorizedBotUserFromAppMention) {
  const auto event = single_event(parse_fixture("event_callback_app_mention_with_blocks.json"));
  EXPECT_EQ(event.event_key, "Ev04SPP46R6J");
  EXPECT_EQ(event.workspace, "T0G9PQBBK");
  EXPECT_EQ(event.user_id, "U222");
  EXPECT_EQ(event.text, "hey");
  EXPECT_TRUE(event.addressed);
}

TEST(SlackEventParser, KeepsOtherUsersMentionsInAppMention) {
  json body = load("event_callback_app_mention_with_blocks.json");
  body["event"]["text"] = "<@U999> thanks, <@U111> kudos <@U999|ann> for the post";
  const auto event = single_event(parse_events_body(body.dump()));
  EXPECT_EQ(event.text, "<@U999> thanks, kudos <@U999|ann> for the post");
}

TEST(SlackEventParser, LeavesABotMentionInAChannelMessageToItsAppMentionEvent) {
  // Slack delivers the same mention as an app_mention too; answering both would answer twice.
  const auto event = single_event(parse_events_body(channel_message({{"text", "please <@UBOT> join now"}}).dump()));
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.text, "please join now");
}

TEST(SlackEventParser, StripsLabelledMentionAndNoBreakSpace) {
  const auto event = single_event(
      parse_events_body(channel_message({{"text", "<@UBOT|ambassador>\u00a0stats"}, {"channel_type", "im"}}).dump()));
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "stats");
}

TEST(SlackEventParser, DoesNotTreatMentionOfSomeoneElseAsAddressed) {
  const auto event = single_event(parse_events_body(channel_message({{"text", "<@U555> hello"}}).dump()));
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.text, "<@U555> hello");
}

TEST(SlackEventParser, TreatsLeadingSlashAsAddressed) {
  const auto event = single_event(parse_events_body(channel_message({{"text", "/stats"}}).dump()));
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "/stats");
}

TEST(SlackEventParser, TakesThreadTsAsThreadId) {
  const auto event = single_event(parse_events_body(channel_message({{"thread_ts", "1596183000.000100"}}).dump()));
  EXPECT_EQ(event.thread_id, "1596183000.000100");
}

TEST(SlackEventParser, ParsesMemberJoinedChannelOfAPerson) {
  // The fixture's bot (W23456789 in its source test) is not named in `authorizations`, so it reads as a person.
  const auto event = single_event(parse_fixture("event_callback_member_joined_channel_bot_user.json"));
  EXPECT_EQ(event.kind, EventKind::member_joined);
  EXPECT_EQ(event.user_id, "W23456789");
  EXPECT_EQ(event.channel_id, "C111");
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.occurred_at_ms, 1599616881000);
}

// event_callback_member_joined_channel_bot_user.json with its joining user declared as our bot.
json our_bot_joined() {
  json body = load("event_callback_member_joined_channel_bot_user.json");
  body["authorizations"] = json::array({{{"team_id", "T111"}, {"user_id", "W23456789"}, {"is_bot", true}}});
  return body;
}

TEST(SlackEventParser, ParsesMemberJoinedChannelOfOurBotAsBotAddedByTheInviter) {
  const auto event = single_event(parse_events_body(our_bot_joined().dump()));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_EQ(event.event_key, "Ev111");
  EXPECT_EQ(event.workspace, "T111");
  EXPECT_EQ(event.channel_id, "C111");
  // The admins' notice names who added the bot: the inviter, never the bot itself.
  EXPECT_EQ(event.user_id, "U222");
  EXPECT_EQ(event.user_name, "");
  EXPECT_FALSE(event.direct);
}

TEST(SlackEventParser, BotAddedWithoutInviterNamesNoOne) {
  json body = our_bot_joined();
  body["event"].erase("inviter");
  const auto event = single_event(parse_events_body(body.dump()));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_EQ(event.user_id, "");
}

TEST(SlackEventParser, ParsesChannelLeftAsBotRemovedByTheActor) {
  const auto event = single_event(parse_fixture("event_callback_channel_left.json"));
  EXPECT_EQ(event.platform, "slack");
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.event_key, "Ev044RKJHB8W");
  EXPECT_EQ(event.workspace, "T043DB835ML");
  EXPECT_EQ(event.channel_id, "C043KSKGJUB");
  EXPECT_EQ(event.user_id, "U043H11ES4V");
  EXPECT_FALSE(event.direct);
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.occurred_at_ms, 1664827321000);
}

TEST(SlackEventParser, ParsesGroupLeftAsBotRemovedEvenWithoutActor) {
  const auto event = single_event(parse_fixture("event_callback_group_left.json"));
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.event_key, "Ev123ABC456");
  EXPECT_EQ(event.workspace, "T123ABC456");
  EXPECT_EQ(event.channel_id, "G02ELGNBH");
  EXPECT_EQ(event.user_id, "");
  EXPECT_FALSE(event.direct);
}

TEST(SlackEventParser, BotLeavingByItselfNamesNoOne) {
  json body = load("event_callback_channel_left.json");
  body["event"]["actor_id"] = "U0442US8QGH";  // the bot user of `authorizations`
  const auto event = single_event(parse_events_body(body.dump()));
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.user_id, "");
}

TEST(SlackEventParser, NeverReadsALeftEventAsARemovalFromADirectMessage) {
  // bot_removed in a DM means the person opted out; a "left" event can not mean that.
  json body = load("event_callback_channel_left.json");
  body["event"]["channel"] = "D0442US8QGH";
  expect_ignored(parse_events_body(body.dump()));
}

TEST(SlackEventParser, IgnoresLeftEventWithoutChannel) {
  json body = load("event_callback_group_left.json");
  body["event"].erase("channel");
  expect_ignored(parse_events_body(body.dump()));
}

TEST(SlackEventParser, LeftEventWithoutEventIdIsAFailure) {
  json body = load("event_callback_channel_left.json");
  body.erase("event_id");
  expect_failure(parse_events_body(body.dump()), "event_id");
}

TEST(SlackEventParser, IgnoresMemberLeftChannelOfAPerson) {
  json body = load("event_callback_member_left_channel.json");
  body["authorizations"][0]["user_id"] = "UBOT";
  expect_ignored(parse_events_body(body.dump()));
}

TEST(SlackEventParser, IgnoresMemberLeftChannelOfOurBotInFavourOfChannelLeft) {
  // As published, the fixture's only authorization is the user who left. The bot's removal arrives as
  // channel_left / group_left; this would be the same removal again under another event_id.
  expect_ignored(parse_fixture("event_callback_member_left_channel.json"));
}

TEST(SlackEventParser, IgnoresUnknownEventTypes) {
  json body = load("event_callback_message_channel.json");
  body["event"] = {{"type", "reaction_added"}, {"user", "U1"}, {"reaction", "thumbsup"}};
  expect_ignored(parse_events_body(body.dump()));
}

TEST(SlackEventParser, IgnoresAppRateLimited) {
  expect_ignored(parse_events_body(R"({"token":"x","type":"app_rate_limited","team_id":"T111",)"
                                   R"("minute_rate_limited":1518467820,"api_app_id":"A1"})"));
}

TEST(SlackEventParser, FailsOnMalformedJson) {
  expect_failure(parse_events_body(R"({"type":"event_callback",)"), "not valid JSON");
  expect_failure(parse_events_body(""), "not valid JSON");
  expect_failure(parse_events_body("[1,2]"), "not a JSON object");
  expect_failure(parse_events_body("{\"type\":\"event_callback\",\"text\":\"\xff\"}"), "not valid JSON");
}

TEST(SlackEventParser, FailsWithoutType) { expect_failure(parse_events_body(R"({"event_id":"Ev1"})"), "type"); }

TEST(SlackEventParser, FailsWithoutEventIdTeamOrEvent) {
  json body = load("event_callback_message_channel.json");
  body.erase("event_id");
  expect_failure(parse_events_body(body.dump()), "event_id");
  body = load("event_callback_message_channel.json");
  body["event_id"] = 42;
  expect_failure(parse_events_body(body.dump()), "event_id");
  body = load("event_callback_message_channel.json");
  body.erase("team_id");
  expect_failure(parse_events_body(body.dump()), "team_id");
  body = load("event_callback_message_channel.json");
  body.erase("event");
  expect_failure(parse_events_body(body.dump()), "event object");
  body["event"] = "message";
  expect_failure(parse_events_body(body.dump()), "event object");
}

TEST(SlackEventParser, FailsOnUrlVerificationWithoutChallenge) {
  expect_failure(parse_events_body(R"({"type":"url_verification","token":"x"})"), "challenge");
}

TEST(SlackEventParser, ToleratesFieldsOfTheWrongType) {
  json body = channel_message({{"text", 5}, {"thread_ts", json::object()}});
  body["event_time"] = "yesterday";
  body["authorizations"] = "none";
  const auto event = single_event(parse_events_body(body.dump()));
  EXPECT_EQ(event.text, "");
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.occurred_at_ms, 0);
}

// UBSan would stop the test at an overflowing event_time * 1000; a time past year 9999 reads as unknown.
TEST(SlackEventParser, AnEventTimeOutOfRangeReadsAsUnknownInsteadOfOverflowing) {
  for (const std::int64_t seconds : {std::int64_t{9'223'372'036'854'775}, std::int64_t{-5}}) {
    json body = channel_message(json::object());
    body["event_time"] = seconds;
    EXPECT_EQ(single_event(parse_events_body(body.dump())).occurred_at_ms, 0) << seconds;
  }
  json body = channel_message(json::object());
  body["event_time"] = 1'700'000'000;
  EXPECT_EQ(single_event(parse_events_body(body.dump())).occurred_at_ms, 1'700'000'000'000);
}

TEST(SlackEventParser, ToleratesSchemaSkeletons) {
  // java-slack-sdk's skeletons hold every field ever seen, blanked: extra fields must not disturb parsing.
  for (const char* name : {"MessagePayload.json", "AppMentionPayload.json", "MemberJoinedChannelPayload.json"}) {
    json body = load(std::string("schema-skeletons/") + name);
    body["type"] = "event_callback";
    body["event_id"] = "EvSkeleton";
    body["team_id"] = "T1";
    body["event"]["user"] = "U1";
    body["event"]["channel"] = "C1";
    const auto result = parse_events_body(body.dump());
    EXPECT_EQ(result.error, "") << name;
    ASSERT_EQ(result.events.size(), 1u) << name;
    EXPECT_EQ(result.events[0].event_key, "EvSkeleton");
    EXPECT_EQ(result.events[0].user_id, "U1");
  }
}

}  // namespace
}  // namespace ambassador::adapters::slack
