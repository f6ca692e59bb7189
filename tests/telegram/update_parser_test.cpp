#include "adapters/telegram/update_parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <string>

#include "testing.hpp"

namespace ambassador::adapters::telegram {
namespace {

using ambassador::testing::fixture;
using nlohmann::json;

const TelegramUpdateParser kParser("example_bot");

IncomingEvent single_event(const ParseResult& result) {
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.ignored);
  EXPECT_EQ(result.events.size(), 1u);
  return result.events.empty() ? IncomingEvent{} : result.events.front();
}

void expect_ignored(const ParseResult& result) {
  EXPECT_TRUE(result.ignored);
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_TRUE(result.events.empty());
}

json person(std::int64_t id, const std::string& username) {
  return {{"id", id}, {"is_bot", false}, {"first_name", "First " + username}, {"username", username}};
}

json the_bot() {
  return {{"id", 7000000001}, {"is_bot", true}, {"first_name", "Example Bot"}, {"username", "example_bot"}};
}

// A supergroup message from a person.
json group_message(const std::string& text, std::int64_t update_id = 500) {
  return {{"update_id", update_id},
          {"message",
           {{"message_id", 7},
            {"date", 1735689660},
            {"chat", {{"id", -1001234567890}, {"type", "supergroup"}, {"title", "G"}}},
            {"from", person(42, "bob")},
            {"text", text}}}};
}

IncomingEvent parse_one(const json& update) { return single_event(kParser.parse(update.dump())); }

// --- fixtures -------------------------------------------------------------------------------------------------

TEST(TelegramUpdateParser, PrivateTextMessageFixture) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/private_text_message.json")));
  EXPECT_EQ(event.platform, "telegram");
  EXPECT_EQ(event.event_key, "892252934");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.workspace, "");
  EXPECT_EQ(event.channel_id, "218485655");
  EXPECT_TRUE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.user_id, "218485655");
  EXPECT_EQ(event.user_name, "WaffleLapkin");
  EXPECT_EQ(event.text, "hello there");
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.occurred_at_ms, 1569518342000);
}

TEST(TelegramUpdateParser, SupergroupCommandReplyFixture) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/supergroup_command_reply_in_thread.json")));
  EXPECT_EQ(event.event_key, "439432600");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.channel_id, "-1001293752024");
  EXPECT_FALSE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "report");
  EXPECT_EQ(event.user_id, "5964236329");
  EXPECT_EQ(event.user_name, "spacewhaleblues");
  // message_thread_id without is_topic_message is a reply chain, not a forum topic: answering "in" it fails.
  EXPECT_EQ(event.thread_id, "");
  EXPECT_EQ(event.occurred_at_ms, 1721592580000);
}

TEST(TelegramUpdateParser, OfficialGuideStartWithoutIsBotField) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/official_guide_private_start.json")));
  EXPECT_EQ(event.event_key, "10000");
  EXPECT_EQ(event.text, "start");
  EXPECT_TRUE(event.addressed);
  EXPECT_TRUE(event.direct);
  EXPECT_EQ(event.channel_id, "1111111");
  EXPECT_EQ(event.user_id, "1111111");
  EXPECT_EQ(event.user_name, "Testusername");
}

TEST(TelegramUpdateParser, ConstructedPrivateStartCommand) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/constructed_private_start_command.json")));
  EXPECT_EQ(event.event_key, "100000001");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.text, "start");
  EXPECT_TRUE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.user_name, "alice_example");
  EXPECT_EQ(event.occurred_at_ms, 1735689600000);
}

TEST(TelegramUpdateParser, GroupCommandAtThisBotIsAddressedAndStripped) {
  const IncomingEvent event =
      single_event(kParser.parse(fixture("telegram/constructed_group_command_at_botname.json")));
  EXPECT_EQ(event.event_key, "100000002");
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.channel_id, "-4012345678");
  EXPECT_FALSE(event.direct);
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.text, "status now");
}

TEST(TelegramUpdateParser, GroupCommandAtAnotherBotIsIgnored) {
  const TelegramUpdateParser other("other_bot");
  expect_ignored(other.parse(fixture("telegram/constructed_group_command_at_botname.json")));
}

TEST(TelegramUpdateParser, EditedMessagesAreIgnored) {
  expect_ignored(kParser.parse(fixture("telegram/constructed_edited_message_group.json")));
  expect_ignored(kParser.parse(fixture("telegram/official_guide_edited_message.json")));
}

TEST(TelegramUpdateParser, CallbackQueryFixtureWithForeignData) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/callback_query_with_message.json")));
  EXPECT_EQ(event.event_key, "10000");
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_EQ(event.action_id, "*");
  EXPECT_EQ(event.action_value, "");
  EXPECT_EQ(event.reply_token, "4382bfdwdsb323b2d9");
  EXPECT_EQ(event.channel_id, "2");
  EXPECT_TRUE(event.direct);
  EXPECT_EQ(event.user_id, "1");
  EXPECT_EQ(event.user_name, "Username");
}

TEST(TelegramUpdateParser, GroupCallbackQueryFixture) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/constructed_callback_query_group.json")));
  EXPECT_EQ(event.event_key, "100000004");
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_EQ(event.action_id, "approve:7");
  EXPECT_EQ(event.reply_token, "4382bfdwdsb323b2d9");
  EXPECT_EQ(event.channel_id, "-4012345678");
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.user_id, "123456789");
  EXPECT_EQ(event.user_name, "alice_example");
}

TEST(TelegramUpdateParser, BotAddedToGroupFixture) {
  const IncomingEvent event =
      single_event(kParser.parse(fixture("telegram/constructed_my_chat_member_added_to_group.json")));
  EXPECT_EQ(event.event_key, "100000005");
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_EQ(event.channel_id, "-4012345678");
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.user_id, "123456789");
  EXPECT_EQ(event.occurred_at_ms, 1735689500000);
  EXPECT_EQ(event.channel_name, "Example Group");  // chat.title: the greeting and the admins' notice use it
}

TEST(TelegramUpdateParser, BotKickedFromSupergroupFixture) {
  const IncomingEvent event =
      single_event(kParser.parse(fixture("telegram/constructed_my_chat_member_kicked_from_supergroup.json")));
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.channel_id, "-1001234567890");
  EXPECT_FALSE(event.direct);
}

TEST(TelegramUpdateParser, BotLeftGroupFixture) {
  const IncomingEvent event =
      single_event(kParser.parse(fixture("telegram/constructed_my_chat_member_removed_from_group_left.json")));
  EXPECT_EQ(event.event_key, "100000007");
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_EQ(event.channel_id, "-4012345678");
}

TEST(TelegramUpdateParser, UserBlockingTheBotFixture) {
  const IncomingEvent event = single_event(kParser.parse(fixture("telegram/my_chat_member_private_kicked.json")));
  EXPECT_EQ(event.event_key, "0");
  EXPECT_EQ(event.kind, EventKind::bot_removed);
  EXPECT_TRUE(event.direct);
  EXPECT_EQ(event.channel_id, "0");
  EXPECT_EQ(event.user_id, "0");
  EXPECT_EQ(event.user_name, "UN");
}

// --- event keys -----------------------------------------------------------------------------------------------

TEST(TelegramUpdateParser, EventKeyIsTheUpdateIdSoRedeliveriesDeduplicate) {
  const std::string body = group_message("/join").dump();
  EXPECT_EQ(single_event(kParser.parse(body)).event_key, single_event(kParser.parse(body)).event_key);
  EXPECT_NE(parse_one(group_message("/join", 501)).event_key, parse_one(group_message("/join", 502)).event_key);
  EXPECT_EQ(parse_one(group_message("x", 9007199254740993)).event_key, "9007199254740993");
}

// --- addressing -----------------------------------------------------------------------------------------------

TEST(TelegramUpdateParser, CommandKeepsItsArgumentsAndDropsTheSlash) {
  const IncomingEvent event = parse_one(group_message("/themes klimaat, wijk"));
  EXPECT_TRUE(event.addressed);
  EXPECT_EQ(event.kind, EventKind::message);
  EXPECT_EQ(event.text, "themes klimaat, wijk");
}

TEST(TelegramUpdateParser, BotnameSuffixIsCaseInsensitive) {
  EXPECT_EQ(parse_one(group_message("/join@Example_Bot")).text, "join");
  EXPECT_EQ(parse_one(group_message("/idea@example_bot\nline two")).text, "idea\nline two");
}

TEST(TelegramUpdateParser, ConfiguredUsernameMayStartWithAt) {
  const TelegramUpdateParser parser("@example_bot");
  EXPECT_EQ(single_event(parser.parse(group_message("/join@example_bot").dump())).text, "join");
}

TEST(TelegramUpdateParser, CommandForAnotherBotIsIgnored) {
  expect_ignored(kParser.parse(group_message("/join@other_bot now").dump()));
  expect_ignored(kParser.parse(group_message("/join@example_bot2").dump()));
}

TEST(TelegramUpdateParser, WithoutAConfiguredUsernameAnyBotSuffixIsStripped) {
  const TelegramUpdateParser parser("");
  EXPECT_EQ(single_event(parser.parse(group_message("/join@whatever_bot").dump())).text, "join");
}

TEST(TelegramUpdateParser, PlainGroupChatterIsNotAddressed) {
  const IncomingEvent event = parse_one(group_message("lunch at noon? ping @example_bots_fan"));
  EXPECT_FALSE(event.addressed);
  EXPECT_EQ(event.text, "lunch at noon? ping @example_bots_fan");
}

TEST(TelegramUpdateParser, MentionAddressesTheBot) {
  const IncomingEvent inside = parse_one(group_message("hey @Example_Bot what are my stats?"));
  EXPECT_TRUE(inside.addressed);
  EXPECT_EQ(inside.text, "hey @Example_Bot what are my stats?");
  const IncomingEvent leading = parse_one(group_message("@example_bot stats"));
  EXPECT_TRUE(leading.addressed);
  EXPECT_EQ(leading.text, "stats");
}

TEST(TelegramUpdateParser, ReplyToTheBotIsAddressed) {
  json update = group_message("yes please");
  update["message"]["reply_to_message"] = {{"message_id", 6}, {"from", the_bot()}, {"text", "Share this?"}};
  EXPECT_TRUE(parse_one(update).addressed);
  update["message"]["reply_to_message"]["from"] = person(43, "carol");
  EXPECT_FALSE(parse_one(update).addressed);
}

TEST(TelegramUpdateParser, ADateOutOfRangeReadsAsUnknownInsteadOfOverflowing) {
  for (const std::int64_t date :
       {std::numeric_limits<std::int64_t>::max(), std::int64_t{9223372036854776}, std::int64_t{253402300800},
        std::int64_t{-1}, std::numeric_limits<std::int64_t>::min()}) {
    json update = group_message("/stats");
    update["message"]["date"] = date;
    const IncomingEvent event = parse_one(update);
    EXPECT_EQ(event.kind, EventKind::message) << date;
    EXPECT_EQ(event.occurred_at_ms, 0) << date;
  }
  json update = group_message("/stats");
  update["message"]["date"] = 253402300799;  // the last second of year 9999 still counts
  EXPECT_EQ(parse_one(update).occurred_at_ms, 253402300799000);
}

TEST(TelegramUpdateParser, ForumTopicGivesThreadId) {
  json update = group_message("/stats");
  update["message"]["message_thread_id"] = 77;
  update["message"]["is_topic_message"] = true;
  EXPECT_EQ(parse_one(update).thread_id, "77");
}

TEST(TelegramUpdateParser, UserNameFallsBackToFirstName) {
  json update = group_message("/stats");
  update["message"]["from"].erase("username");
  EXPECT_EQ(parse_one(update).user_name, "First bob");
}

TEST(TelegramUpdateParser, CaptionCountsAsText) {
  json update = group_message("");
  update["message"].erase("text");
  update["message"]["caption"] = "/idea a photo";
  EXPECT_EQ(parse_one(update).text, "idea a photo");
}

TEST(TelegramUpdateParser, MessagesFromBotsAreIgnored) {
  json update = group_message("/join");
  update["message"]["from"] = the_bot();
  expect_ignored(kParser.parse(update.dump()));
}

TEST(TelegramUpdateParser, MessagesWithoutTextOrSenderAreIgnored) {
  json sticker = group_message("");
  sticker["message"].erase("text");
  sticker["message"]["sticker"] = {{"file_id", "x"}};
  expect_ignored(kParser.parse(sticker.dump()));
  json anonymous = group_message("hi");
  anonymous["message"].erase("from");
  expect_ignored(kParser.parse(anonymous.dump()));
}

// --- buttons --------------------------------------------------------------------------------------------------

TEST(TelegramUpdateParser, CallbackQueryDecodesOurCallbackData) {
  const json update = {{"update_id", 600},
                       {"callback_query",
                        {{"id", "cbq-1"},
                         {"from", person(42, "bob")},
                         {"chat_instance", "-1"},
                         {"data", "share.confirm|p42|x"},
                         {"message",
                          {{"message_id", 9},
                           {"date", 1},
                           {"is_topic_message", true},
                           {"message_thread_id", 5},
                           {"chat", {{"id", -100987}, {"type", "supergroup"}}}}}}}};
  const IncomingEvent event = parse_one(update);
  EXPECT_EQ(event.kind, EventKind::button);
  EXPECT_EQ(event.action_id, "share.confirm");
  EXPECT_EQ(event.action_value, "p42|x");
  EXPECT_EQ(event.reply_token, "cbq-1");
  EXPECT_EQ(event.channel_id, "-100987");
  EXPECT_EQ(event.thread_id, "5");
  EXPECT_EQ(event.user_id, "42");
}

TEST(TelegramUpdateParser, GameCallbackWithoutDataIsIgnored) {
  const json update = {{"update_id", 601},
                       {"callback_query", {{"id", "cbq-2"}, {"from", person(42, "bob")}, {"game_short_name", "g"}}}};
  expect_ignored(kParser.parse(update.dump()));
}

// --- membership -----------------------------------------------------------------------------------------------

json membership(const char* kind, json old_member, json new_member, const char* chat_type = "supergroup") {
  return {{"update_id", 700},
          {kind,
           {{"chat", {{"id", -100555}, {"type", chat_type}}},
            {"from", person(42, "bob")},
            {"date", 1735690000},
            {"old_chat_member", std::move(old_member)},
            {"new_chat_member", std::move(new_member)}}}};
}

TEST(TelegramUpdateParser, OnlyMembershipChangesCarryTheChatTitle) {
  // Plain messages stay as cheap as they were: their chat's title is not copied.
  EXPECT_EQ(parse_one(group_message("/join")).channel_name, "");
  const IncomingEvent untitled = parse_one(membership("my_chat_member", {{"user", the_bot()}, {"status", "left"}},
                                                      {{"user", the_bot()}, {"status", "member"}}));
  EXPECT_EQ(untitled.kind, EventKind::bot_added);
  EXPECT_EQ(untitled.channel_name, "");
}

TEST(TelegramUpdateParser, BotPromotionIsNotANewAddition) {
  expect_ignored(kParser.parse(membership("my_chat_member", {{"user", the_bot()}, {"status", "member"}},
                                          {{"user", the_bot()}, {"status", "administrator"}})
                                   .dump()));
}

TEST(TelegramUpdateParser, BotAddedDirectlyAsAdministrator) {
  const IncomingEvent event = parse_one(membership("my_chat_member", {{"user", the_bot()}, {"status", "left"}},
                                                   {{"user", the_bot()}, {"status", "administrator"}}));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_EQ(event.channel_id, "-100555");
}

TEST(TelegramUpdateParser, UserUnblockingTheBotIsBotAddedInADirectChat) {
  const IncomingEvent event =
      parse_one(membership("my_chat_member", {{"user", the_bot()}, {"status", "kicked"}, {"until_date", 0}},
                           {{"user", the_bot()}, {"status", "member"}}, "private"));
  EXPECT_EQ(event.kind, EventKind::bot_added);
  EXPECT_TRUE(event.direct);
}

TEST(TelegramUpdateParser, PersonJoiningIsMemberJoined) {
  const IncomingEvent event = parse_one(membership("chat_member", {{"user", person(77, "dave")}, {"status", "left"}},
                                                   {{"user", person(77, "dave")}, {"status", "member"}}));
  EXPECT_EQ(event.kind, EventKind::member_joined);
  EXPECT_EQ(event.channel_id, "-100555");
  EXPECT_EQ(event.user_id, "77");
  EXPECT_EQ(event.user_name, "dave");
  EXPECT_EQ(event.occurred_at_ms, 1735690000000);
}

TEST(TelegramUpdateParser, RestrictedMemberJoiningCounts) {
  const IncomingEvent event =
      parse_one(membership("chat_member", {{"user", person(77, "dave")}, {"status", "left"}},
                           {{"user", person(77, "dave")}, {"status", "restricted"}, {"is_member", true}}));
  EXPECT_EQ(event.kind, EventKind::member_joined);
}

TEST(TelegramUpdateParser, PersonLeavingOrBeingPromotedIsIgnored) {
  expect_ignored(kParser.parse(membership("chat_member", {{"user", person(77, "dave")}, {"status", "member"}},
                                          {{"user", person(77, "dave")}, {"status", "left"}})
                                   .dump()));
  expect_ignored(kParser.parse(membership("chat_member", {{"user", person(77, "dave")}, {"status", "member"}},
                                          {{"user", person(77, "dave")}, {"status", "administrator"}})
                                   .dump()));
}

TEST(TelegramUpdateParser, BotJoiningAsMemberIsNotAPersonJoining) {
  expect_ignored(kParser.parse(
      membership("chat_member", {{"user", the_bot()}, {"status", "left"}}, {{"user", the_bot()}, {"status", "member"}})
          .dump()));
}

// --- service messages: new members, group upgrades ---------------------------------------------------------

// The shape Telegram sends when someone adds people to a supergroup: the adder in `from`, the people in
// new_chat_members (the legacy new_chat_participant / new_chat_member name only the first). Modelled on a captured
// update (update_id 836538909, published in a bot's test suite), with the ids and names replaced.
constexpr const char* kNewChatMembersUpdate = R"json({
  "update_id": 836538909,
  "message": {
    "message_id": 3,
    "from": {"id": 113947584, "is_bot": false, "first_name": "Alexander", "username": "alex_admin",
             "language_code": "nl"},
    "chat": {"id": -1001721390626, "title": "Wijkteam Noord", "username": "wijkteam_noord", "type": "supergroup"},
    "date": 1657200024,
    "new_chat_participant": {"id": 555000111, "is_bot": false, "first_name": "Mila", "username": "mila_n"},
    "new_chat_member": {"id": 555000111, "is_bot": false, "first_name": "Mila", "username": "mila_n"},
    "new_chat_members": [
      {"id": 555000111, "is_bot": false, "first_name": "Mila", "username": "mila_n"},
      {"id": 7000000002, "is_bot": true, "first_name": "Other Bot", "username": "other_bot"},
      {"id": 555000222, "is_bot": false, "first_name": "Joris", "language_code": "nl"}
    ]
  }
})json";

// The two service messages of a group upgrade, as Telegram sends them (telegram-rs/telegram-bot's captured
// update_assets migrate_to_chat_id.json and migrate_from_chat_id.json, verbatim).
constexpr const char* kMigrateToChatIdUpdate = R"json({
  "update_id": 424151279,
  "message": {
    "message_id": 80416,
    "from": {
      "id": 174976101,
      "first_name": "Fedor",
      "last_name": "Gogolev",
      "username": "FedorGogolev"
    },
    "chat": {
      "id": -216055857,
      "title": "supergroup-test-knsd",
      "type": "group",
      "all_members_are_administrators": true
    },
    "date": 1487852026,
    "migrate_to_chat_id": -1001113717682
  }
})json";

constexpr const char* kMigrateFromChatIdUpdate = R"json({
  "update_id": 424151280,
  "message": {
    "message_id": 1,
    "from": {
      "id": 174976101,
      "first_name": "Fedor",
      "last_name": "Gogolev",
      "username": "FedorGogolev",
      "is_bot": false
    },
    "chat": {
      "id": -1001113717682,
      "title": "supergroup-test-knsd",
      "type": "supergroup"
    },
    "date": 1487852026,
    "migrate_from_chat_id": -216055857
  }
})json";

TEST(TelegramUpdateParser, NewChatMembersGivesOneMemberJoinedPerPerson) {
  const ParseResult result = kParser.parse(kNewChatMembersUpdate);
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.ignored);
  ASSERT_EQ(result.events.size(), 2u);  // the bot among them is skipped
  for (const IncomingEvent& event : result.events) {
    EXPECT_EQ(event.platform, "telegram");
    EXPECT_EQ(event.kind, EventKind::member_joined);
    EXPECT_EQ(event.channel_id, "-1001721390626");
    EXPECT_FALSE(event.direct);
    EXPECT_EQ(event.channel_name, "");  // titles only come with my_chat_member
    EXPECT_EQ(event.occurred_at_ms, 1657200024000);
  }
  EXPECT_EQ(result.events[0].event_key, "836538909:555000111");
  EXPECT_EQ(result.events[0].user_id, "555000111");  // the person who joined, not the adder in `from`
  EXPECT_EQ(result.events[0].user_name, "mila_n");
  EXPECT_EQ(result.events[1].event_key, "836538909:555000222");
  EXPECT_EQ(result.events[1].user_id, "555000222");
  EXPECT_EQ(result.events[1].user_name, "Joris");
}

TEST(TelegramUpdateParser, NewChatMembersKeysAreStableAcrossRedeliveries) {
  const ParseResult first = kParser.parse(kNewChatMembersUpdate);
  const ParseResult again = kParser.parse(kNewChatMembersUpdate);
  ASSERT_EQ(first.events.size(), again.events.size());
  for (std::size_t i = 0; i < first.events.size(); ++i) EXPECT_EQ(first.events[i].event_key, again.events[i].event_key);
}

TEST(TelegramUpdateParser, PersonJoiningByThemselvesIsMemberJoined) {
  // Joining through an invite link: `from` is the person, new_chat_members names them too.
  json update = json::parse(kNewChatMembersUpdate);
  update["message"]["from"] = person(555000333, "sam");
  update["message"]["new_chat_members"] = json::array({person(555000333, "sam")});
  const IncomingEvent event = parse_one(update);
  EXPECT_EQ(event.kind, EventKind::member_joined);
  EXPECT_EQ(event.event_key, "836538909:555000333");
  EXPECT_EQ(event.user_id, "555000333");
}

TEST(TelegramUpdateParser, OnlyBotsJoiningIsIgnored) {
  json update = json::parse(kNewChatMembersUpdate);
  update["message"]["new_chat_members"] = json::array({the_bot()});  // the bot itself: my_chat_member reports it
  expect_ignored(kParser.parse(update.dump()));
  update["message"]["new_chat_members"] = json::array();
  expect_ignored(kParser.parse(update.dump()));
  update["message"]["new_chat_members"] = json::array({{{"is_bot", false}, {"first_name", "no id"}}});
  expect_ignored(kParser.parse(update.dump()));
  update["message"]["new_chat_members"] = {{"id", 5}};  // not an array
  expect_ignored(kParser.parse(update.dump()));
}

TEST(TelegramUpdateParser, MigrateToChatIdIsChannelMovedWithTheNewIdInActionValue) {
  const IncomingEvent event = single_event(kParser.parse(kMigrateToChatIdUpdate));
  EXPECT_EQ(event.kind, EventKind::channel_moved);
  EXPECT_EQ(event.event_key, "424151279");
  EXPECT_EQ(event.channel_id, "-216055857");
  EXPECT_EQ(event.action_value, "-1001113717682");
  EXPECT_FALSE(event.direct);
  EXPECT_EQ(event.user_id, "174976101");
  EXPECT_EQ(event.user_name, "FedorGogolev");
  EXPECT_EQ(event.occurred_at_ms, 1487852026000);
}

TEST(TelegramUpdateParser, MigrationByAnAnonymousAdminNamesNoOne) {
  json update = json::parse(kMigrateToChatIdUpdate);
  update["message"]["from"] = {
      {"id", 1087968824}, {"is_bot", true}, {"first_name", "Group"}, {"username", "GroupAnonymousBot"}};
  const IncomingEvent event = parse_one(update);
  EXPECT_EQ(event.kind, EventKind::channel_moved);
  EXPECT_EQ(event.user_id, "");
  EXPECT_EQ(event.user_name, "");
}

TEST(TelegramUpdateParser, MigrateFromChatIdInTheNewSupergroupIsIgnored) {
  expect_ignored(kParser.parse(kMigrateFromChatIdUpdate));
}

TEST(TelegramUpdateParser, MigrationWithoutUsableIdsIsIgnored) {
  json update = json::parse(kMigrateToChatIdUpdate);
  update["message"]["migrate_to_chat_id"] = "-1001113717682";  // a string is no chat id
  expect_ignored(kParser.parse(update.dump()));
  update = json::parse(kMigrateToChatIdUpdate);
  update["message"].erase("chat");
  expect_ignored(kParser.parse(update.dump()));
}

// --- malformed and unknown ------------------------------------------------------------------------------------

TEST(TelegramUpdateParser, MalformedJsonFails) {
  for (const char* body : {"", "{", "not json", "[1,2]", "\"text\"", "{\"update_id\":1,}"}) {
    const ParseResult result = kParser.parse(body);
    EXPECT_FALSE(result.error.empty()) << body;
    EXPECT_TRUE(result.events.empty()) << body;
  }
}

TEST(TelegramUpdateParser, MissingOrNonIntegerUpdateIdFails) {
  EXPECT_EQ(kParser.parse(R"({"message":{"text":"hi"}})").error, "missing update_id");
  EXPECT_EQ(kParser.parse(R"({"update_id":"5","message":{"text":"hi"}})").error, "missing update_id");
  EXPECT_EQ(kParser.parse(R"({"update_id":5.5})").error, "missing update_id");
}

TEST(TelegramUpdateParser, UnknownAndUnsupportedUpdatesAreIgnored) {
  expect_ignored(kParser.parse(R"({"update_id":1})"));
  expect_ignored(kParser.parse(R"({"update_id":1,"message_reaction":{"chat":{"id":1}}})"));
  expect_ignored(kParser.parse(
      R"({"update_id":1,"channel_post":{"message_id":1,"date":1,"chat":{"id":-100,"type":"channel"},"text":"/join"}})"));
}

TEST(TelegramUpdateParser, WrongTypesAreIgnoredNotThrown) {
  for (const char* body : {R"({"update_id":1,"message":"text"})", R"({"update_id":1,"message":{"from":[],"text":5}})",
                           R"({"update_id":1,"message":{"from":{"id":"x"},"chat":{"id":1},"text":"a"}})",
                           R"({"update_id":1,"callback_query":{"data":7}})",
                           R"({"update_id":1,"my_chat_member":{"chat":{"id":1},"new_chat_member":"x"}})",
                           R"({"update_id":1,"chat_member":null})"}) {
    ParseResult result;
    EXPECT_NO_THROW(result = kParser.parse(body)) << body;
    EXPECT_TRUE(result.error.empty()) << body;
  }
}

TEST(TelegramUpdateParser, TruncatedFixturesNeverThrow) {
  for (const char* name :
       {"telegram/callback_query_with_message.json", "telegram/supergroup_command_reply_in_thread.json",
        "telegram/constructed_my_chat_member_added_to_group.json"}) {
    const std::string body = fixture(name);
    for (std::size_t length = 0; length < body.size(); ++length)
      EXPECT_NO_THROW(kParser.parse(std::string_view(body).substr(0, length))) << name << " at " << length;
  }
}

TEST(TelegramUpdateParser, TruncatedServiceMessagesNeverThrow) {
  for (const std::string_view body :
       {std::string_view(kNewChatMembersUpdate), std::string_view(kMigrateToChatIdUpdate)}) {
    for (std::size_t length = 0; length < body.size(); ++length)
      EXPECT_NO_THROW(kParser.parse(body.substr(0, length))) << length;
  }
}

TEST(TelegramUpdateParser, InvalidUtf8InTheBodyFailsCleanly) {
  const ParseResult result = kParser.parse("{\"update_id\":1,\"message\":{\"text\":\"\xFF\"}}");
  EXPECT_FALSE(result.error.empty());
}

}  // namespace
}  // namespace ambassador::adapters::telegram
