#include "adapters/teams/card_renderer.hpp"

#include <gtest/gtest.h>

#include "adapters/teams/conventions.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

OutgoingMessage text_only(std::string text) {
  OutgoingMessage message;
  message.text = std::move(text);
  return message;
}

const json& card_of(const json& activity) { return activity.at("attachments").at(0).at("content"); }

// Every text a card shows, in body order.
std::vector<std::string> shown_texts(const json& card) {
  std::vector<std::string> texts;
  for (const auto& element : card.at("body"))
    if (element.at("type") == "RichTextBlock")
      for (const auto& run : element.at("inlines")) texts.push_back(run.at("text").get<std::string>());
  return texts;
}

TEST(TeamsCardRenderer, AnswerWithOnlyTextIsAPlainMessage) {
  const json activity = render_activity(text_only("Thanks, noted."));
  EXPECT_EQ(activity.at("type"), "message");
  EXPECT_EQ(activity.at("text"), "Thanks, noted.");
  EXPECT_EQ(activity.at("textFormat"), "plain");
  EXPECT_FALSE(activity.contains("attachments"));
}

TEST(TeamsCardRenderer, MarkdownAndHtmlInPlainTextStayLiteral) {
  const std::string typed = "**not bold** _x_ [link](https://evil.example) <b>tag</b> &amp; <at>Bot</at>";
  const json activity = render_activity(text_only(typed));
  EXPECT_EQ(activity.at("text"), typed) << "nothing escaped or rewritten: textFormat plain shows it as typed";
  EXPECT_EQ(activity.at("textFormat"), "plain");
}

TEST(TeamsCardRenderer, ATitleMakesACardWithABolderHeadingAndWrappedText) {
  OutgoingMessage message = text_only("New post **today**\nsecond line");
  message.title = "Share <this> _now_";
  const json activity = render_activity(message);
  ASSERT_EQ(activity.at("attachments").size(), 1u);
  EXPECT_EQ(activity.at("attachments")[0].at("contentType"), "application/vnd.microsoft.card.adaptive");
  const json& card = card_of(activity);
  EXPECT_EQ(card.at("type"), "AdaptiveCard");
  EXPECT_EQ(card.at("version"), "1.4");
  // RichTextBlock TextRuns take no markdown, so the texts arrive exactly as written.
  const json& title = card.at("body")[0];
  EXPECT_EQ(title.at("type"), "RichTextBlock");
  EXPECT_EQ(title.at("inlines")[0].at("text"), "Share <this> _now_");
  EXPECT_EQ(title.at("inlines")[0].at("weight"), "bolder");
  EXPECT_EQ(card.at("body")[1].at("type"), "RichTextBlock");
  EXPECT_EQ(card.at("body")[1].at("inlines")[0].at("text"), "New post **today**\nsecond line");
  for (const auto& element : card.at("body")) EXPECT_NE(element.at("type"), "TextBlock") << "TextBlock reads markdown";
}

TEST(TeamsCardRenderer, ImageLinkAndFooterAreShown) {
  OutgoingMessage message = text_only("Body");
  message.link_url = "https://example.org/post?a=1&b=(2)";
  message.image_url = "https://example.org/image.png";
  message.footer = "Not an obligation: mute with /stop";
  const json card = card_of(render_activity(message));
  EXPECT_EQ(shown_texts(card), (std::vector<std::string>{"Body", "https://example.org/post?a=1&b=(2)",
                                                         "Not an obligation: mute with /stop"}));
  const json& link = card.at("body")[1].at("inlines")[0];
  EXPECT_EQ(link.at("selectAction").at("type"), "Action.OpenUrl");
  EXPECT_EQ(link.at("selectAction").at("url"), message.link_url);
  const json& image = card.at("body")[2];
  EXPECT_EQ(image.at("type"), "Image");
  EXPECT_EQ(image.at("url"), message.image_url);
  const json& footer = card.at("body")[3].at("inlines")[0];
  EXPECT_EQ(footer.at("size"), "small");
  EXPECT_EQ(footer.at("isSubtle"), true);
}

TEST(TeamsCardRenderer, ButtonsBecomeOpenUrlAndSubmitActionsWithTheConventionsData) {
  OutgoingMessage message = text_only("Share this post?");
  message.buttons = {{"Open on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=x", "", "", {}},
                     {"Shared it", "", "share.confirm", "post:42", ButtonStyle::primary},
                     {"Skip", "", "post.skip", "post:42", ButtonStyle::danger},
                     {"Later", "", "post.later", "", ButtonStyle::normal}};
  const json activity = render_activity(message);
  const json& actions = card_of(activity).at("actions");
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[0], (json{{"type", "Action.OpenUrl"},
                              {"title", "Open on LinkedIn"},
                              {"url", "https://www.linkedin.com/sharing/share-offsite/?url=x"}}));
  EXPECT_EQ(actions[1].at("type"), "Action.Submit");
  EXPECT_EQ(actions[1].at("title"), "Shared it");
  EXPECT_EQ(actions[1].at("data"), (json{{kActionKey, "share.confirm"}, {kValueKey, "post:42"}}));
  EXPECT_EQ(actions[1].at("style"), "positive");
  EXPECT_EQ(actions[2].at("style"), "destructive");
  EXPECT_FALSE(actions[3].contains("style"));
  EXPECT_EQ(actions[3].at("data"), (json{{kActionKey, "post.later"}, {kValueKey, ""}}));
}

TEST(TeamsCardRenderer, ACardCarriesPlainTextForNotificationsAndOlderClients) {
  OutgoingMessage message = text_only("Body **text**");
  message.title = "Title";
  message.link_url = "https://example.org";
  message.buttons = {{"OK", "", "a.ok", "", {}}};
  const json activity = render_activity(message);
  EXPECT_EQ(activity.at("summary"), "Title\nBody **text**\nhttps://example.org");
  EXPECT_EQ(card_of(activity).at("fallbackText"), "Title\nBody **text**\nhttps://example.org");
}

TEST(TeamsCardRenderer, KnowsAnEmptyMessage) {
  EXPECT_TRUE(is_empty(text_only(" \n")));
  EXPECT_FALSE(is_empty(text_only("x")));
  OutgoingMessage only_button;
  only_button.buttons = {{"OK", "", "a.ok", "", {}}};
  EXPECT_FALSE(is_empty(only_button));
  EXPECT_FALSE(is_plain(only_button));
}

}  // namespace
}  // namespace ambassador::adapters::teams
