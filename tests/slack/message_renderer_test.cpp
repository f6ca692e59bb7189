#include "adapters/slack/message_renderer.hpp"

#include "adapters/slack/delivery_metadata.hpp"
#include "encoding/utf8.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

constexpr const char* kBase = "https://slack.com/api";
constexpr const char* kToken = "xoxb-test-token";

std::string header(const http::ClientRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (key == name) return value;
  return "<absent>";
}

json body_of(const http::ClientRequest& request) {
  json body = json::parse(request.body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << request.body;
  return body;
}

OutgoingMessage full_message() {
  OutgoingMessage message;
  message.title = "New post to share";
  message.text = "Our new bridge opens today.";
  message.link_url = "https://example.org/news?id=1&lang=nl";
  message.image_url = "https://example.org/bridge.jpg";
  message.buttons = {
      {"Share on X", "https://twitter.com/intent/tweet?text=hi", "share.open", "", ButtonStyle::normal},
      {"I shared it", "", "share.confirm", "post:42", ButtonStyle::primary},
      {"Not for me", "", "post.skip", "post:42", ButtonStyle::danger},
  };
  message.footer = "Not an obligation: mute with /stop";
  return message;
}

Destination channel(std::string id) {
  Destination to;
  to.platform = "slack";
  to.workspace = "T1";
  to.channel_id = std::move(id);
  return to;
}

std::vector<json> blocks_of_type(const json& body, std::string_view type) {
  std::vector<json> found;
  for (const auto& block : body["blocks"])
    if (block["type"] == type) found.push_back(block);
  return found;
}

TEST(SlackMessageRenderer, RendersPostMessageRequest) {
  const auto request = render_post_message(kBase, kToken, channel("C123"), full_message());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(header(request, "Authorization"), "Bearer xoxb-test-token");
  EXPECT_EQ(header(request, "Content-Type"), "application/json; charset=utf-8");
  const json body = body_of(request);
  EXPECT_EQ(body["channel"], "C123");
  EXPECT_EQ(body["unfurl_links"], false);
  EXPECT_FALSE(body.contains("thread_ts"));
  EXPECT_EQ(body["text"], "New post to share\nOur new bridge opens today.\nhttps://example.org/news?id=1&amp;lang=nl");
}

TEST(SlackMessageRenderer, RendersBlocksInOrder) {
  const json body = body_of(render_post_message(kBase, kToken, channel("C123"), full_message()));
  const json expected = json::parse(R"([
    {"type": "section", "text": {"type": "mrkdwn", "text": "*New post to share*"}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "Our new bridge opens today."}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "<https://example.org/news?id=1&amp;lang=nl>"}},
    {"type": "image", "image_url": "https://example.org/bridge.jpg", "alt_text": "New post to share"},
    {"type": "actions", "elements": [
      {"type": "button", "text": {"type": "plain_text", "text": "Share on X", "emoji": true},
       "action_id": "share.open", "url": "https://twitter.com/intent/tweet?text=hi"},
      {"type": "button", "text": {"type": "plain_text", "text": "I shared it", "emoji": true},
       "action_id": "share.confirm", "value": "post:42", "style": "primary"},
      {"type": "button", "text": {"type": "plain_text", "text": "Not for me", "emoji": true},
       "action_id": "post.skip", "value": "post:42", "style": "danger"}]},
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "Not an obligation: mute with /stop"}]}
  ])");
  EXPECT_EQ(body["blocks"], expected) << body["blocks"].dump(2);
}

TEST(SlackMessageRenderer, PostsInThreadWhenDestinationHasOne) {
  auto to = channel("C123");
  to.thread_id = "1700000000.000100";
  EXPECT_EQ(body_of(render_post_message(kBase, kToken, to, full_message()))["thread_ts"], "1700000000.000100");
}

TEST(SlackMessageRenderer, PostsToUserWhenNoChannelIsKnown) {
  Destination to;
  to.user_id = "U777";
  EXPECT_EQ(body_of(render_post_message(kBase, kToken, to, full_message()))["channel"], "U777");
}

TEST(SlackMessageRenderer, EscapesUserTextForMrkdwn) {
  EXPECT_EQ(escape_mrkdwn("<script>&"), "&lt;script&gt;&amp;");
  OutgoingMessage message;
  message.title = "<b>Tom & Jerry</b>";
  message.text = "<script>alert(1)</script> & <!channel>";
  message.footer = "<@U1>";
  const json body = body_of(render_post_message(kBase, kToken, channel("C1"), message));
  EXPECT_EQ(body["text"],
            "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;");
  EXPECT_EQ(body["blocks"][0]["text"]["text"], "*&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;*");
  EXPECT_EQ(body["blocks"][1]["text"]["text"], "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;");
  EXPECT_EQ(blocks_of_type(body, "context")[0]["elements"][0]["text"], "&lt;@U1&gt;");
  EXPECT_EQ(body.dump().find("<script>"), std::string::npos);
}

TEST(SlackMessageRenderer, KeepsLinkInsideAngleBracketsIntact) {
  OutgoingMessage message;
  message.link_url = "https://example.org/a|b<c>?x=1&y=%20";
  const json body = body_of(render_post_message(kBase, kToken, channel("C1"), message));
  EXPECT_EQ(body["blocks"][0]["text"]["text"], "<https://example.org/a%7Cb%3Cc%3E?x=1&amp;y=%20>");
}

TEST(SlackMessageRenderer, TruncatesButtonLabelsToSeventyFiveCharacters) {
  OutgoingMessage message;
  message.buttons = {{std::string(75, 'a'), "", "a.keep", "", ButtonStyle::normal},
                     {std::string(80, 'b'), "", "b.cut", "", ButtonStyle::normal}};
  std::string accents;
  for (int i = 0; i < 80; ++i) accents += "\xC3\xA9";  // é, two bytes each
  message.buttons.push_back({accents, "", "c.cut", "", ButtonStyle::normal});
  const json elements = body_of(render_post_message(kBase, kToken, channel("C1"), message))["blocks"][0]["elements"];
  EXPECT_EQ(elements[0]["text"]["text"], std::string(75, 'a'));
  EXPECT_EQ(elements[1]["text"]["text"], std::string(74, 'b') + "\xE2\x80\xA6");
  const std::string cut = elements[2]["text"]["text"];
  EXPECT_EQ(cut, accents.substr(0, 74 * 2) + "\xE2\x80\xA6");
  EXPECT_FALSE(elements[0].contains("value"));  // empty values are invalid in Block Kit
}

TEST(SlackMessageRenderer, SplitsRepeatedActionIdsAndLongButtonRowsIntoSeveralBlocks) {
  OutgoingMessage message;
  message.buttons = {{"X", "https://x.example", "share.open", "", ButtonStyle::normal},
                     {"LinkedIn", "https://li.example", "share.open", "", ButtonStyle::normal}};
  auto actions = blocks_of_type(body_of(render_post_message(kBase, kToken, channel("C1"), message)), "actions");
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0]["elements"][0]["action_id"], "share.open");
  EXPECT_EQ(actions[1]["elements"][0]["action_id"], "share.open");

  message.buttons.clear();
  for (int i = 0; i < 26; ++i)
    message.buttons.push_back({"b" + std::to_string(i), "", "pick." + std::to_string(i), "v", ButtonStyle::normal});
  actions = blocks_of_type(body_of(render_post_message(kBase, kToken, channel("C1"), message)), "actions");
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0]["elements"].size(), 25u);
  EXPECT_EQ(actions[1]["elements"][0]["action_id"], "pick.25");
}

std::vector<std::string> section_texts(const OutgoingMessage& message) {
  std::vector<std::string> texts;
  for (const auto& section :
       blocks_of_type(body_of(render_post_message(kBase, kToken, channel("C1"), message)), "section"))
    texts.push_back(section["text"]["text"]);
  return texts;
}

TEST(SlackMessageRenderer, SplitsLongTextIntoSectionsAtSpaces) {
  OutgoingMessage message;
  std::string expected;
  for (int i = 0; i < 700; ++i) {
    message.text += i ? " a&b" : "a&b";  // 2,799 bytes, 5,599 once escaped
    expected += i ? " a&amp;b" : "a&amp;b";
  }
  const auto texts = section_texts(message);
  ASSERT_GE(texts.size(), 2u);
  std::string joined;
  for (const auto& text : texts) {
    EXPECT_LE(text.size(), 3000u);
    joined += (joined.empty() ? "" : " ") + text;
  }
  EXPECT_EQ(joined, expected);
}

// A run of continuation bytes longer than a section (invalid UTF-8) holds no whole character to cut at: the text is
// cut by bytes instead of the split looping forever.
TEST(SlackMessageRenderer, SplitsInvalidUtf8WithoutAWholeCharacterByBytes) {
  OutgoingMessage message;
  message.text = std::string(4000, '\x80');
  const auto texts = section_texts(message);
  EXPECT_EQ(texts.size(), 2u);
}

TEST(SlackMessageRenderer, NeverSplitsAnEntityOrACharacter) {
  OutgoingMessage entities;
  entities.text = "x" + std::string(1000, '&');
  std::string joined;
  for (const auto& text : section_texts(entities)) {
    EXPECT_LE(text.size(), 3000u);
    std::string rest = text;
    for (auto at = rest.find("&amp;"); at != std::string::npos; at = rest.find("&amp;")) rest.erase(at, 5);
    EXPECT_EQ(rest.find('&'), std::string::npos) << "partial entity in a piece of " << text.size() << " bytes";
    joined += text;
  }
  EXPECT_EQ(joined, escape_mrkdwn(entities.text));

  OutgoingMessage accents;
  accents.text = "x";
  for (int i = 0; i < 2000; ++i) accents.text += "\xC3\xA9";
  joined.clear();
  for (const auto& text : section_texts(accents)) {
    EXPECT_LE(text.size(), 3000u);
    EXPECT_TRUE(encoding::is_valid_utf8(text)) << "a piece splits a character";
    joined += text;
  }
  EXPECT_EQ(joined, accents.text);
}

TEST(SlackMessageRenderer, NeverThrowsOnInvalidUtf8) {
  OutgoingMessage message;
  message.text = "broken \xff\xfe text";
  message.buttons = {{"bad \xc3", "", "x.y", "\xff", ButtonStyle::normal}};
  http::ClientRequest request;
  EXPECT_NO_THROW(request = render_post_message(kBase, kToken, channel("C1"), message));
  EXPECT_FALSE(json::parse(request.body, nullptr, false).is_discarded());
}

TEST(SlackMessageRenderer, OmitsBlocksForAnEmptyMessage) {
  const json body = body_of(render_post_message(kBase, kToken, channel("C1"), OutgoingMessage{}));
  EXPECT_FALSE(body.contains("blocks"));
  EXPECT_EQ(body["text"], "");
}

TEST(SlackMessageRenderer, RendersPostEphemeral) {
  auto to = channel("C123");
  to.user_id = "U42";
  to.ephemeral = true;
  const auto request = render_post_ephemeral(kBase, kToken, to, full_message());
  EXPECT_EQ(request.url, "https://slack.com/api/chat.postEphemeral");
  EXPECT_EQ(header(request, "Authorization"), "Bearer xoxb-test-token");
  const json body = body_of(request);
  EXPECT_EQ(body["channel"], "C123");
  EXPECT_EQ(body["user"], "U42");
  EXPECT_EQ(body["blocks"].size(), 6u);
}

TEST(SlackMessageRenderer, RendersUpdateThatAlwaysReplacesBlocks) {
  OutgoingMessage done;
  done.text = "Thanks for sharing!";
  auto request = render_update(kBase, kToken, "C123", "1700000000.000100", done);
  EXPECT_EQ(request.url, "https://slack.com/api/chat.update");
  json body = body_of(request);
  EXPECT_EQ(body["channel"], "C123");
  EXPECT_EQ(body["ts"], "1700000000.000100");
  EXPECT_EQ(body["text"], "Thanks for sharing!");
  EXPECT_EQ(blocks_of_type(body, "actions").size(), 0u);
  body = body_of(render_update(kBase, kToken, "C123", "1.2", OutgoingMessage{}));
  EXPECT_EQ(body["blocks"], json::array());
}

TEST(SlackMessageRenderer, RendersOpenConversation) {
  const auto request = render_open_conversation("https://slack.test/api/", kToken, "U42");
  EXPECT_EQ(request.url, "https://slack.test/api/conversations.open");
  EXPECT_EQ(header(request, "Authorization"), "Bearer xoxb-test-token");
  EXPECT_EQ(body_of(request), (json{{"users", "U42"}}));
}

TEST(SlackMessageRenderer, RendersResponseUrlPost) {
  const std::string url = "https://hooks.slack.com/commands/T111/111/xxxxx";
  auto request = render_response_url(url, full_message(), /*ephemeral=*/true);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, url);
  EXPECT_EQ(header(request, "Authorization"), "<absent>");
  EXPECT_EQ(header(request, "Content-Type"), "application/json; charset=utf-8");
  json body = body_of(request);
  EXPECT_EQ(body["response_type"], "ephemeral");
  EXPECT_EQ(body["replace_original"], false);
  EXPECT_EQ(blocks_of_type(body, "actions")[0]["elements"][1]["action_id"], "share.confirm");
  body = body_of(render_response_url(url, full_message(), /*ephemeral=*/false));
  EXPECT_EQ(body["response_type"], "in_channel");
}

TEST(SlackMessageRenderer, PostMessageCarriesTheDeliveryTagAsMetadata) {
  auto to = channel("C123");
  to.delivery_key = "welcome:slack:T1:C123:U42:2024-05-01";
  const auto request = render_post_message(kBase, kToken, to, full_message());
  const json body = body_of(request);
  ASSERT_TRUE(body.contains("metadata"));
  EXPECT_EQ(body["metadata"], (json{{"event_type", "ambassador_delivery"},
                                    {"event_payload", {{"delivery_key", delivery_tag(to.delivery_key)}}}}));
  // The key names a person: only its digest leaves the service, and nothing of the message goes along.
  EXPECT_EQ(request.body.find("U42:2024-05-01"), std::string::npos);
  EXPECT_EQ(body["metadata"]["event_payload"].size(), 1u);
}

TEST(SlackMessageRenderer, PostMessageWithoutDeliveryKeyHasNoMetadata) {
  EXPECT_FALSE(body_of(render_post_message(kBase, kToken, channel("C1"), full_message())).contains("metadata"));
}

TEST(SlackMessageRenderer, DirectMessageToAUserCarriesTheTagToo) {
  Destination to;
  to.user_id = "U42";
  to.delivery_key = "reply:slack:Ev1:0";
  const json body = body_of(render_post_message(kBase, kToken, to, full_message()));
  EXPECT_EQ(body["channel"], "U42");
  EXPECT_EQ(body["metadata"]["event_payload"]["delivery_key"], delivery_tag("reply:slack:Ev1:0"));
}

TEST(SlackMessageRenderer, EphemeralAndResponseUrlMessagesCarryNoMetadata) {
  auto to = channel("C123");
  to.user_id = "U42";
  to.ephemeral = true;
  to.delivery_key = "reply:slack:Ev1:0";
  EXPECT_FALSE(body_of(render_post_ephemeral(kBase, kToken, to, full_message())).contains("metadata"));
  EXPECT_FALSE(body_of(render_response_url("https://hooks.slack.com/x", full_message(), true)).contains("metadata"));
}

TEST(SlackMessageRenderer, RendersHistoryRequestWithAllMetadata) {
  const auto request = render_history("https://slack.test/api/", kToken, {"C123"});
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://slack.test/api/conversations.history?channel=C123&include_all_metadata=true&limit=100");
  EXPECT_EQ(header(request, "Authorization"), "Bearer xoxb-test-token");
  EXPECT_EQ(header(request, "Content-Type"), "<absent>");
  EXPECT_TRUE(request.body.empty());
}

TEST(SlackMessageRenderer, RendersRepliesRequestForAThread) {
  const auto request = render_history(kBase, kToken, {"C123", "1700000000.000100"});
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://slack.com/api/conversations.replies?channel=C123&ts=1700000000.000100&include_all_metadata=true"
            "&limit=100");
}

TEST(SlackMessageRenderer, HistoryRequestEncodesItsArguments) {
  const auto request = render_history(kBase, kToken, {"C1&limit=999", "", "", "", 5});
  EXPECT_EQ(request.url,
            "https://slack.com/api/conversations.history?channel=C1%26limit%3D999&include_all_metadata=true&limit=5");
}

TEST(SlackMessageRenderer, HistoryRequestReadsFromOldestAndFollowsTheCursor) {
  const auto request = render_history(kBase, kToken, {"C1", "", "1700000000.000000", "bmV4dF90czox+/=", 100});
  EXPECT_EQ(
      request.url,
      "https://slack.com/api/conversations.history?channel=C1&oldest=1700000000.000000&cursor=bmV4dF90czox%2B%2F%3D"
      "&include_all_metadata=true&limit=100");
}

}  // namespace
}  // namespace ambassador::adapters::slack
