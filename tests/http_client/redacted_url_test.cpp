#include <gtest/gtest.h>

#include "bot/http/http_client.hpp"

namespace ambassador::http {
namespace {

TEST(RedactedUrl, HidesTheTelegramBotTokenAndQuery) {
  EXPECT_EQ(
      redacted_url("https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage?chat_id=42"),
      "https://api.telegram.org/*/sendMessage");
}

TEST(RedactedUrl, HidesTheSecretsOfASlackResponseUrl) {
  EXPECT_EQ(redacted_url("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"),
            "https://hooks.slack.com/commands/*/*/*");
}

TEST(RedactedUrl, KeepsApiMethodNamesAndThePort) {
  EXPECT_EQ(redacted_url("https://slack.com/api/chat.postMessage"), "https://slack.com/api/chat.postMessage");
  EXPECT_EQ(redacted_url("http://127.0.0.1:8080/v3/conversations/a:1Xyz/activities"),
            "http://127.0.0.1:8080/*/conversations/*/activities");
  EXPECT_EQ(redacted_url("https://example.com"), "https://example.com");
}

TEST(RedactedUrl, HidesLongLetterOnlySegments) {
  EXPECT_EQ(redacted_url("https://chat.example.com/hooks/abcdefghijklmnopqrstuvwxyz"),
            "https://chat.example.com/hooks/*");
}

TEST(RedactedUrl, NeverEchoesAnUnparsableUrl) {
  EXPECT_EQ(redacted_url("https://api.telegram.org/bot1:secret token/x"), "(invalid url)");
}

}  // namespace
}  // namespace ambassador::http
