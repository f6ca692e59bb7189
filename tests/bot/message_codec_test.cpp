// Events are stored in the inbox as JSON and read back by the processor: nothing may get lost on the way.
#include <gtest/gtest.h>

#include "bot/message_codec.hpp"

#include <nlohmann/json.hpp>

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

TEST(MessageCodecEvent, WritesTheSameTextAsNlohmannWould) {
  const auto e = full_event();
  const nlohmann::json j{{"platform", e.platform},
                         {"event_key", e.event_key},
                         {"kind", "bot_added"},
                         {"workspace", e.workspace},
                         {"channel_id", e.channel_id},
                         {"channel_name", e.channel_name},
                         {"direct", true},
                         {"addressed", true},
                         {"user_id", e.user_id},
                         {"user_name", e.user_name},
                         {"text", e.text},
                         {"action_id", e.action_id},
                         {"action_value", e.action_value},
                         {"reply_token", e.reply_token},
                         {"thread_id", e.thread_id},
                         {"occurred_at_ms", e.occurred_at_ms}};
  EXPECT_EQ(encode_event(e), j.dump());
}

OutgoingMessage full_message() {
  OutgoingMessage m;
  m.title = "Nieuw \"bericht\"";
  m.text = "Regel 1\nRegel 2 \xE2\x80\x94 caf\xC3\xA9";
  m.link_url = "https://example.org/a?b=c&d=e";
  m.image_url = "https://example.org/i.png";
  m.footer = "Delen is nooit verplicht";
  m.buttons = {{"Delen", "", "share.confirm", "7", ButtonStyle::primary},
               {"Open", "https://example.org", "", "", ButtonStyle::normal},
               {"Weg", "", "post.skip", "7", ButtonStyle::danger}};
  return m;
}

TEST(MessageCodecMessage, RoundTripsEveryField) {
  const auto m = full_message();
  const auto back = decode_message(encode_message(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, m.title);
  EXPECT_EQ(back->text, m.text);
  EXPECT_EQ(back->link_url, m.link_url);
  EXPECT_EQ(back->image_url, m.image_url);
  EXPECT_EQ(back->footer, m.footer);
  ASSERT_EQ(back->buttons.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->buttons[i].label, m.buttons[i].label);
    EXPECT_EQ(back->buttons[i].url, m.buttons[i].url);
    EXPECT_EQ(back->buttons[i].action_id, m.buttons[i].action_id);
    EXPECT_EQ(back->buttons[i].value, m.buttons[i].value);
    EXPECT_EQ(back->buttons[i].style, m.buttons[i].style);
  }
}

TEST(MessageCodecMessage, LeavesEmptyFieldsOutAndRepairsIllFormedText) {
  OutgoingMessage m;
  m.text = "kapot: \xC3";
  EXPECT_EQ(encode_message(m), "{\"text\":\"kapot: \xEF\xBF\xBD\"}");
  EXPECT_EQ(decode_message(encode_message(m))->text, "kapot: \xEF\xBF\xBD");
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
