#include "adapters/telegram/message_renderer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "adapters/telegram/callback_data.hpp"
#include "adapters/telegram/html_text.hpp"
#include "encoding/utf8.hpp"
#include "telegram_html_check.hpp"

namespace ambassador::adapters::telegram {
namespace {

using nlohmann::json;
using testing::visible_text;

constexpr std::string_view kBase = "https://api.telegram.org";
constexpr std::string_view kToken = "123456:TEST-token";

Destination to_chat(std::string chat_id) {
  Destination destination;
  destination.platform = "telegram";
  destination.channel_id = std::move(chat_id);
  return destination;
}

json body_of(const http::ClientRequest& request) { return json::parse(request.body); }

std::string content_type(const http::ClientRequest& request) {
  for (const auto& [name, value] : request.headers)
    if (name == "Content-Type") return value;
  return {};
}

json send_one(const Destination& to, const OutgoingMessage& message) {
  const auto requests = render_send_message(kBase, kToken, to, message);
  EXPECT_EQ(requests.size(), 1u);
  return requests.empty() ? json{} : body_of(requests.front());
}

Button action(std::string label, std::string action_id, std::string value) {
  Button button;
  button.label = std::move(label);
  button.action_id = std::move(action_id);
  button.value = std::move(value);
  return button;
}

Button link(std::string label, std::string url) {
  Button button;
  button.label = std::move(label);
  button.url = std::move(url);
  return button;
}

TEST(TelegramMessageRenderer, SendMessageRequestShape) {
  OutgoingMessage message;
  message.text = "hallo";
  const auto requests = render_send_message(kBase, kToken, to_chat("12345"), message);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].url, "https://api.telegram.org/bot123456:TEST-token/sendMessage");
  EXPECT_EQ(content_type(requests[0]), "application/json");
  const json body = body_of(requests[0]);
  EXPECT_EQ(body["chat_id"], 12345);
  EXPECT_EQ(body["text"], "hallo");
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["link_preview_options"], json({{"is_disabled", true}}));
  EXPECT_FALSE(body.contains("reply_markup"));
  EXPECT_FALSE(body.contains("message_thread_id"));
}

TEST(TelegramMessageRenderer, BaseUrlTrailingSlashIsIgnored) {
  EXPECT_EQ(method_url("http://127.0.0.1:9000/", "t", "getMe"), "http://127.0.0.1:9000/bott/getMe");
}

TEST(TelegramMessageRenderer, ChatIdIsANumberWhenNumericElseAString) {
  OutgoingMessage message;
  message.text = "x";
  EXPECT_EQ(send_one(to_chat("-1001234567890"), message)["chat_id"], json(-1001234567890));
  EXPECT_TRUE(send_one(to_chat("-1001234567890"), message)["chat_id"].is_number_integer());
  EXPECT_EQ(send_one(to_chat("@ambassadors_channel"), message)["chat_id"], "@ambassadors_channel");
  EXPECT_EQ(send_one(to_chat("12a"), message)["chat_id"], "12a");
  EXPECT_EQ(send_one(to_chat("99999999999999999999"), message)["chat_id"], "99999999999999999999");  // > int64
}

TEST(TelegramMessageRenderer, DirectMessageToAUserUsesTheUserIdAsChat) {
  Destination destination;
  destination.user_id = "218485655";
  OutgoingMessage message;
  message.text = "x";
  EXPECT_EQ(send_one(destination, message)["chat_id"], 218485655);
}

TEST(TelegramMessageRenderer, LayoutEscapesEveryPart) {
  OutgoingMessage message;
  message.title = "Nieuw: <b>Tom & Jerry</b>";
  message.text = "Lees \"dit\" <script>alert(1)</script>";
  message.link_url = "https://example.org/a?x=1&y=2";
  message.footer = "geen verplichting";
  const json body = send_one(to_chat("1"), message);
  EXPECT_EQ(body["text"],
            "<b>Nieuw: &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</b>\n\n"
            "Lees &quot;dit&quot; &lt;script&gt;alert(1)&lt;/script&gt;\n\n"
            "https://example.org/a?x=1&amp;y=2\n\n"
            "<i>geen verplichting</i>");
  EXPECT_TRUE(visible_text(body["text"].get<std::string>()));
}

TEST(TelegramMessageRenderer, LinkPreviewFollowsTheLinkOrImage) {
  OutgoingMessage message;
  message.text = "x";
  message.link_url = "https://example.org/post";
  EXPECT_EQ(send_one(to_chat("1"), message)["link_preview_options"],
            json({{"is_disabled", false}, {"url", "https://example.org/post"}}));
  message.link_url.clear();
  message.image_url = "https://example.org/img.jpg";
  EXPECT_EQ(send_one(to_chat("1"), message)["link_preview_options"],
            json({{"is_disabled", false}, {"url", "https://example.org/img.jpg"}, {"prefer_large_media", true}}));
}

TEST(TelegramMessageRenderer, ThreadIdBecomesMessageThreadId) {
  Destination destination = to_chat("-100");
  destination.thread_id = "77";
  OutgoingMessage message;
  message.text = "x";
  EXPECT_EQ(send_one(destination, message)["message_thread_id"], 77);
}

TEST(TelegramMessageRenderer, ButtonsBecomeAnInlineKeyboard) {
  OutgoingMessage message;
  message.text = "Deel je dit?";
  message.buttons = {action("Ja", "share.confirm", "p42"), action("Nee", "post.skip", "p42"),
                     link("Bekijk het bericht op de website", "https://example.org/p/42"),
                     action("Later herinneren alstublieft", "post.later", "p42")};
  const json keyboard = send_one(to_chat("1"), message)["reply_markup"]["inline_keyboard"];
  const json expected = json::parse(R"([
    [{"text":"Ja","callback_data":"share.confirm|p42"},{"text":"Nee","callback_data":"post.skip|p42"}],
    [{"text":"Bekijk het bericht op de website","url":"https://example.org/p/42"}],
    [{"text":"Later herinneren alstublieft","callback_data":"post.later|p42"}]
  ])");
  EXPECT_EQ(keyboard, expected);
}

TEST(TelegramMessageRenderer, CallbackDataRoundTripsThroughTheKeyboard) {
  OutgoingMessage message;
  message.text = "x";
  message.buttons = {action("Ok", "webcare.claim", "q-17")};
  const json button = send_one(to_chat("1"), message)["reply_markup"]["inline_keyboard"][0][0];
  const auto decoded = decode_callback(button["callback_data"].get<std::string>());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->action_id, "webcare.claim");
  EXPECT_EQ(decoded->value, "q-17");
}

TEST(TelegramMessageRenderer, ButtonsWithTooLongCallbackDataAreLeftOut) {
  OutgoingMessage message;
  message.text = "x";
  message.buttons = {action("Te lang", "share.confirm", std::string(60, 'v')), action("Goed", "post.skip", "1")};
  const json keyboard = send_one(to_chat("1"), message)["reply_markup"]["inline_keyboard"];
  ASSERT_EQ(keyboard.size(), 1u);
  EXPECT_EQ(keyboard[0][0]["text"], "Goed");

  message.buttons = {action("Te lang", "share.confirm", std::string(60, 'v'))};
  EXPECT_FALSE(send_one(to_chat("1"), message).contains("reply_markup"));
}

TEST(TelegramMessageRenderer, LongTextIsSplitWithTheKeyboardOnTheLastPart) {
  OutgoingMessage message;
  message.title = "Een lange post";
  for (int i = 0; i < 250; ++i) message.text += "Zeeën & <rivieren> van Café Chloë \xF0\x9F\x8C\x8A. ";  // ~10,000
  message.link_url = "https://example.org/long";
  message.buttons = {action("Delen", "share.confirm", "p1")};
  const auto requests = render_send_message(kBase, kToken, to_chat("1"), message);
  ASSERT_EQ(requests.size(), 3u);
  std::string all_visible;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json body = body_of(requests[i]);
    const auto visible = visible_text(body["text"].get<std::string>());
    ASSERT_TRUE(visible) << "part " << i << " is not well-formed HTML";
    EXPECT_LE(encoding::utf16_length(*visible), kMaxMessageLength);
    EXPECT_EQ(body.contains("reply_markup"), i + 1 == requests.size());
    EXPECT_EQ(body["link_preview_options"]["is_disabled"], i + 1 != requests.size());
    all_visible += *visible;
  }
  EXPECT_EQ(all_visible.rfind("Een lange post", 0), 0u);
  EXPECT_NE(all_visible.find("https://example.org/long"), std::string::npos);
  EXPECT_EQ(body_of(requests[0])["text"].get<std::string>().rfind("<b>Een lange post</b>", 0), 0u);
}

TEST(TelegramMessageRenderer, InvalidUtf8NeverReachesTheApi) {
  OutgoingMessage message;
  message.title = "t\xFF";
  message.text = "bad \xC3 byte";
  message.buttons = {action("l\xFE", "a", "v")};
  const auto requests = render_send_message(kBase, kToken, to_chat("1"), message);
  ASSERT_EQ(requests.size(), 1u);
  const json body = body_of(requests[0]);  // throws on invalid UTF-8
  EXPECT_EQ(body["text"], "<b>t\xEF\xBF\xBD</b>\n\nbad \xEF\xBF\xBD byte");
}

TEST(TelegramMessageRenderer, EmptyMessageRendersNothing) {
  OutgoingMessage message;
  message.buttons = {action("Ja", "a", "b")};
  EXPECT_TRUE(render_send_message(kBase, kToken, to_chat("1"), message).empty());
}

TEST(TelegramMessageRenderer, EditMessageText) {
  OutgoingMessage message;
  message.text = "Gedeeld \xE2\x9C\x85";
  const http::ClientRequest request = render_edit_message_text(kBase, kToken, "-100123", "44", message);
  EXPECT_EQ(request.url, "https://api.telegram.org/bot123456:TEST-token/editMessageText");
  const json body = body_of(request);
  EXPECT_EQ(body["chat_id"], -100123);
  EXPECT_EQ(body["message_id"], 44);
  EXPECT_EQ(body["text"], "Gedeeld \xE2\x9C\x85");
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_FALSE(body.contains("reply_markup"));
}

TEST(TelegramMessageRenderer, EditCutsOverlongTextWithAnEllipsis) {
  OutgoingMessage message;
  message.text = std::string(5000, 'a');
  const json body = body_of(render_edit_message_text(kBase, kToken, "1", "2", message));
  const std::string text = body["text"];
  EXPECT_EQ(encoding::utf16_length(text), kMaxMessageLength);
  EXPECT_EQ(text.substr(text.size() - 3), "\xE2\x80\xA6");
}

TEST(TelegramMessageRenderer, AnswerCallbackQuery) {
  const json plain = body_of(render_answer_callback_query(kBase, kToken, "cbq-1"));
  EXPECT_EQ(plain, json({{"callback_query_id", "cbq-1"}}));
  const http::ClientRequest request = render_answer_callback_query(kBase, kToken, "cbq-1", std::string(300, 'x'), true);
  EXPECT_EQ(request.url, "https://api.telegram.org/bot123456:TEST-token/answerCallbackQuery");
  const json body = body_of(request);
  EXPECT_EQ(body["text"].get<std::string>().size(), kMaxCallbackAnswerLength);
  EXPECT_EQ(body["show_alert"], true);
}

TEST(TelegramMessageRenderer, SetWebhookAsksForTheUpdatesWeParse) {
  const http::ClientRequest request =
      render_set_webhook(kBase, kToken, "https://bot.example.org/telegram/webhook", "s3cret_Token");
  EXPECT_EQ(request.url, "https://api.telegram.org/bot123456:TEST-token/setWebhook");
  const json body = body_of(request);
  EXPECT_EQ(body["url"], "https://bot.example.org/telegram/webhook");
  EXPECT_EQ(body["secret_token"], "s3cret_Token");
  EXPECT_EQ(body["allowed_updates"], json({"message", "callback_query", "my_chat_member", "chat_member"}));
}

TEST(TelegramMessageRenderer, DeleteWebhookAndGetWebhookInfo) {
  const http::ClientRequest remove = render_delete_webhook(kBase, kToken, true);
  EXPECT_EQ(remove.url, "https://api.telegram.org/bot123456:TEST-token/deleteWebhook");
  EXPECT_EQ(body_of(remove), json({{"drop_pending_updates", true}}));
  const http::ClientRequest info = render_get_webhook_info(kBase, kToken);
  EXPECT_EQ(info.method, "GET");
  EXPECT_EQ(info.url, "https://api.telegram.org/bot123456:TEST-token/getWebhookInfo");
  EXPECT_TRUE(info.body.empty());
}

}  // namespace
}  // namespace ambassador::adapters::telegram
