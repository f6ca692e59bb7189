// Events are stored in the inbox as JSON and read back by the processor: nothing may get lost on the way.
#include <gtest/gtest.h>

#include "bot/message_codec.hpp"

namespace ambassador {
namespace {

IncomingEvent full_event() {
  IncomingEvent e;
  e.platform = "telegram";
  e.event_key = "update:77";
  e.kind = EventKind::bot_added;
  e.workspace = "W1";
  e.channel_id = "-1001";
  e.channel_name = "Wijkteam “Noord” \\ café";
  e.direct = true;
  e.addressed = true;
  e.user_id = "42";
  e.user_name = "Anna";
  e.text = "/join";
  e.action_id = "share.confirm";
  e.action_value = "7";
  e.reply_token = "cb-1";
  e.thread_id = "t-9";
  e.occurred_at_ms = 1'800'000'000'123;
  return e;
}

TEST(MessageCodecEvent, RoundTripsEveryField) {
  const IncomingEvent e = full_event();
  const auto back = decode_event(encode_event(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->platform, e.platform);
  EXPECT_EQ(back->event_key, e.event_key);
  EXPECT_EQ(back->kind, e.kind);
  EXPECT_EQ(back->workspace, e.workspace);
  EXPECT_EQ(back->channel_id, e.channel_id);
  EXPECT_EQ(back->channel_name, e.channel_name);
  EXPECT_EQ(back->direct, e.direct);
  EXPECT_EQ(back->addressed, e.addressed);
  EXPECT_EQ(back->user_id, e.user_id);
  EXPECT_EQ(back->user_name, e.user_name);
  EXPECT_EQ(back->text, e.text);
  EXPECT_EQ(back->action_id, e.action_id);
  EXPECT_EQ(back->action_value, e.action_value);
  EXPECT_EQ(back->reply_token, e.reply_token);
  EXPECT_EQ(back->thread_id, e.thread_id);
  EXPECT_EQ(back->occurred_at_ms, e.occurred_at_ms);
}

TEST(MessageCodecEvent, LeavesAnEmptyChannelNameOut) {
  IncomingEvent e = full_event();
  e.channel_name.clear();
  const std::string json = encode_event(e);
  EXPECT_EQ(json.find("channel_name"), std::string::npos) << json;
  const auto back = decode_event(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->channel_name, "");
}

TEST(MessageCodecEvent, ReadsRowsStoredBeforeChannelNameExisted) {
  const auto back = decode_event(R"({"platform":"telegram","event_key":"1","kind":"bot_removed","channel_id":"-5",)"
                                 R"("user_id":"42","text":""})");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, EventKind::bot_removed);
  EXPECT_EQ(back->channel_id, "-5");
  EXPECT_EQ(back->channel_name, "");
}

TEST(MessageCodecEvent, RejectsTextThatIsNotAnObject) {
  EXPECT_FALSE(decode_event("not json"));
  EXPECT_FALSE(decode_event("[1,2]"));
}

TEST(MessageCodecDestination, RoundTripsAnEdit) {
  Destination to;
  to.platform = "slack";
  to.workspace = "T1";
  to.channel_id = "C1";
  to.user_id = "U2";
  to.thread_id = "1700000000.000001";
  to.edit_message_id = "1700000000.000100";
  const auto back = decode_destination(encode_destination(to));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->platform, "slack");
  EXPECT_EQ(back->workspace, "T1");
  EXPECT_EQ(back->channel_id, "C1");
  EXPECT_EQ(back->user_id, "U2");
  EXPECT_EQ(back->thread_id, "1700000000.000001");
  EXPECT_EQ(back->edit_message_id, "1700000000.000100");
}

TEST(MessageCodecDestination, LeavesAnEmptyEditOut) {
  Destination to;
  to.platform = "local";
  to.channel_id = "general";
  const auto text = encode_destination(to);
  EXPECT_EQ(text.find("edit_message_id"), std::string::npos) << text;
  const auto back = decode_destination(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->edit_message_id, "");
}

}  // namespace
}  // namespace ambassador
