#include <gtest/gtest.h>

#include <string>

#include "bot/tracking/visitor.hpp"

namespace ambassador::tracking {
namespace {

constexpr std::string_view kChrome =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

TEST(VisitorHash, IsStableAnd32LowercaseHex) {
  const auto hash = visitor_hash("salt", "203.0.113.7", kChrome);
  EXPECT_EQ(hash, visitor_hash("salt", "203.0.113.7", kChrome));
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
}

TEST(VisitorHash, IsSha256OfSaltIpAndAgentSeparatedByZeroBytes) {
  // printf 's\0ip\0ua' | sha256sum | cut -c1-32
  EXPECT_EQ(visitor_hash("s", "ip", "ua"), "91cd3334d988240d9eb536fce6488f19");
  // printf 'salt\0203.0.113.7\0Mozilla/5.0' | sha256sum | cut -c1-32
  EXPECT_EQ(visitor_hash("salt", "203.0.113.7", "Mozilla/5.0"), "ca082d2ac1e17339f3150a43bfffc14f");
}

TEST(VisitorHash, KeepsFieldBoundaries) {
  EXPECT_NE(visitor_hash("s", "ip", "ua"), visitor_hash("s", "ipu", "a"));
  EXPECT_NE(visitor_hash("si", "p", "ua"), visitor_hash("s", "ip", "ua"));
}

TEST(VisitorHash, DependsOnTheSalt) {
  EXPECT_NE(visitor_hash("monday", "203.0.113.7", kChrome), visitor_hash("tuesday", "203.0.113.7", kChrome));
}

TEST(VisitorHash, DependsOnAddressAndAgent) {
  const auto base = visitor_hash("salt", "203.0.113.7", kChrome);
  EXPECT_NE(base, visitor_hash("salt", "203.0.113.8", kChrome));
  EXPECT_NE(base, visitor_hash("salt", "203.0.113.7", "curl/8.0"));
}

TEST(VisitorHash, DoesNotContainTheAddress) {
  EXPECT_EQ(visitor_hash("salt", "203.0.113.7", kChrome).find("203"), std::string::npos);
}

TEST(VisitorSalt, Is32RandomBytes) {
  const auto a = new_visitor_salt();
  const auto b = new_visitor_salt();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(LinkPreviewAgent, RecognisesChatAndSocialFetchers) {
  for (std::string_view agent : {
           "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
           "Slack-ImgProxy (+https://api.slack.com/robots)",
           "TelegramBot (like TwitterBot)",
           "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
           "Facebot",
           "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
           "Twitterbot/1.0",
           "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0 "
           "Safari/537.36 Microsoft Teams",
           "Mozilla/5.0 (compatible; MicrosoftPreview/2.0; +https://aka.ms/MicrosoftPreview)",
           "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
           "WhatsApp/2.23.20.0 A",
           "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
       }) {
    EXPECT_TRUE(is_link_preview_agent(agent)) << agent;
  }
}

TEST(LinkPreviewAgent, RecognisesGenericRobotWordsInAnyCase) {
  EXPECT_TRUE(is_link_preview_agent("Mozilla/5.0 (compatible; AhrefsBot/7.0)"));
  EXPECT_TRUE(is_link_preview_agent("SomeCrawler/1.0"));
  EXPECT_TRUE(is_link_preview_agent("Baiduspider/2.0"));
  EXPECT_TRUE(is_link_preview_agent("LinkPreview/3"));
  EXPECT_TRUE(is_link_preview_agent("SLACKBOT"));
}

TEST(LinkPreviewAgent, EmptyOrBlankAgentIsNotAPerson) {
  EXPECT_TRUE(is_link_preview_agent(""));
  EXPECT_TRUE(is_link_preview_agent("   "));
}

TEST(LinkPreviewAgent, BrowsersArePeople) {
  for (std::string_view agent : {
           kChrome,
           std::string_view("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                            "Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
           std::string_view("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
           std::string_view("Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/120.0 Mobile Safari/537.36"),
       }) {
    EXPECT_FALSE(is_link_preview_agent(agent)) << agent;
  }
}

}  // namespace
}  // namespace ambassador::tracking
