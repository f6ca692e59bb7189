#include "adapters/telegram/secret_token_verifier.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ambassador::adapters::telegram {
namespace {

const std::string kSecret = "s3cret_Token-for-tests";

http::Request request_with(std::string header_name, std::string value) {
  http::Request request;
  request.method = "POST";
  request.path = "/telegram/webhook";
  request.headers.emplace_back(std::move(header_name), std::move(value));
  request.headers.emplace_back("Content-Type", "application/json");
  return request;
}

const auto kNow = std::chrono::system_clock::time_point{};

TEST(TelegramSecretTokenVerifier, AcceptsTheConfiguredSecret) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  const VerifyResult result = verifier.verify(request_with("X-Telegram-Bot-Api-Secret-Token", kSecret), kNow);
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.status, 200);
}

TEST(TelegramSecretTokenVerifier, MatchesTheHeaderNameCaseInsensitively) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  EXPECT_TRUE(verifier.verify(request_with("x-telegram-bot-api-secret-token", kSecret), kNow).ok);
}

TEST(TelegramSecretTokenVerifier, RejectsAMissingHeader) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  const VerifyResult result = verifier.verify(request_with("X-Other", kSecret), kNow);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.reason, "missing secret token");
}

TEST(TelegramSecretTokenVerifier, RejectsAnEmptyHeaderAsMissing) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  EXPECT_EQ(verifier.verify(request_with("X-Telegram-Bot-Api-Secret-Token", ""), kNow).reason, "missing secret token");
}

TEST(TelegramSecretTokenVerifier, RejectsAWrongSecretOfTheSameLength) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  std::string wrong = kSecret;
  wrong.back() = 'X';
  const VerifyResult result = verifier.verify(request_with("X-Telegram-Bot-Api-Secret-Token", wrong), kNow);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.reason, "bad secret token");
}

TEST(TelegramSecretTokenVerifier, RejectsPrefixesAndExtensionsOfTheSecret) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  for (const std::string& wrong :
       {kSecret.substr(0, kSecret.size() - 1), kSecret + "x", kSecret + kSecret, std::string("s")}) {
    const VerifyResult result = verifier.verify(request_with("X-Telegram-Bot-Api-Secret-Token", wrong), kNow);
    EXPECT_FALSE(result.ok) << wrong;
    EXPECT_EQ(result.reason, "bad secret token") << wrong;
  }
}

TEST(TelegramSecretTokenVerifier, ReasonNeverEchoesTheSecret) {
  const TelegramSecretTokenVerifier verifier(kSecret);
  const VerifyResult result = verifier.verify(request_with("X-Telegram-Bot-Api-Secret-Token", "nope"), kNow);
  EXPECT_EQ(result.reason.find(kSecret), std::string::npos);
  EXPECT_EQ(result.reason.find("nope"), std::string::npos);
}

TEST(TelegramSecretTokenVerifier, FailsClosedWithoutAValidConfiguredSecret) {
  const TelegramSecretTokenVerifier empty("");
  EXPECT_FALSE(empty.verify(request_with("X-Telegram-Bot-Api-Secret-Token", "anything"), kNow).ok);
  const TelegramSecretTokenVerifier invalid("has space");
  EXPECT_FALSE(invalid.verify(request_with("X-Telegram-Bot-Api-Secret-Token", "has space"), kNow).ok);
}

TEST(TelegramSecretTokenVerifier, ValidSecretsAreOneTo256SafeCharacters) {
  EXPECT_TRUE(TelegramSecretTokenVerifier::is_valid_secret("a"));
  EXPECT_TRUE(TelegramSecretTokenVerifier::is_valid_secret("AZaz09_-"));
  EXPECT_TRUE(TelegramSecretTokenVerifier::is_valid_secret(std::string(256, 'x')));
  EXPECT_FALSE(TelegramSecretTokenVerifier::is_valid_secret(""));
  EXPECT_FALSE(TelegramSecretTokenVerifier::is_valid_secret(std::string(257, 'x')));
  for (const char* bad : {"a b", "a+b", "a/b", "a=b", "a.b", "caf\xC3\xA9", "a\nb"})
    EXPECT_FALSE(TelegramSecretTokenVerifier::is_valid_secret(bad)) << bad;
}

}  // namespace
}  // namespace ambassador::adapters::telegram
