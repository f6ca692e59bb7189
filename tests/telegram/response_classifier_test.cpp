#include "adapters/telegram/response_classifier.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ambassador::adapters::telegram {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

http::ClientResponse answer(int status, std::string body) {
  http::ClientResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

struct Case {
  const char* name;
  http::ClientResponse response;
  SendOutcome outcome;
  bool deactivate;
  milliseconds retry_after;
  std::string error_contains;
};

TEST(TelegramResponseClassifier, OnlyARequestThatNeverReachedTelegramMakesItUnreachable) {
  http::ClientResponse refused;
  refused.error = "connection refused";
  EXPECT_TRUE(classify_response(refused).unreachable);
  http::ClientResponse unanswered = refused;
  unanswered.maybe_delivered = true;
  EXPECT_FALSE(classify_response(unanswered).unreachable);
  EXPECT_FALSE(classify_response(answer(502, "")).unreachable);
}

TEST(TelegramResponseClassifier, ClassificationTable) {
  http::ClientResponse transport;
  transport.error = "connection refused";
  http::ClientResponse html_429 = answer(429, "<html>slow down</html>");
  html_429.headers.emplace_back("Retry-After", "7");

  const Case cases[] = {
      {"no HTTP answer", transport, SendOutcome::retry, false, {}, "connection refused"},
      {"429 with retry_after",
       answer(
           429,
           R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}})"),
       SendOutcome::rate_limited, false, seconds(35), "429"},
      {"429 without parameters", answer(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests"})"),
       SendOutcome::rate_limited, false, seconds(1), "429"},
      {"error_code 429 in a 200",
       answer(200, R"({"ok":false,"error_code":429,"description":"x","parameters":{"retry_after":3}})"),
       SendOutcome::rate_limited, false, seconds(3), "429"},
      {"429 that is not JSON", html_429, SendOutcome::rate_limited, false, seconds(7), "429"},
      {"403 blocked",
       answer(403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})"),
       SendOutcome::permanent,
       true,
       {},
       "blocked"},
      {"403 kicked",
       answer(403,
              R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the supergroup chat"})"),
       SendOutcome::permanent,
       true,
       {},
       "kicked"},
      {"403 not enough rights",
       answer(403,
              R"({"ok":false,"error_code":403,"description":"Forbidden: not enough rights to send text messages"})"),
       SendOutcome::permanent,
       true,
       {},
       "rights"},
      {"400 chat not found",
       answer(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})"),
       SendOutcome::permanent,
       true,
       {},
       "chat not found"},
      {"400 not enough rights",
       answer(
           400,
           R"({"ok":false,"error_code":400,"description":"Bad Request: not enough rights to send text messages to the chat"})"),
       SendOutcome::permanent,
       true,
       {},
       "rights"},
      {"400 bad entities",
       answer(
           400,
           R"({"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: Unsupported start tag"})"),
       SendOutcome::permanent,
       false,
       {},
       "telegram 400: Bad Request: can't parse entities"},
      {"401 bad token",
       answer(401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})"),
       SendOutcome::permanent,
       false,
       {},
       "401"},
      {"500 JSON",
       answer(500, R"({"ok":false,"error_code":500,"description":"Internal Server Error"})"),
       SendOutcome::retry,
       false,
       {},
       "500"},
      {"502 HTML", answer(502, "<html>Bad Gateway</html>"), SendOutcome::retry, false, {}, "502"},
      {"404 HTML", answer(404, "<html>Not Found</html>"), SendOutcome::permanent, false, {}, "404"},
      {"200 not JSON", answer(200, "hello"), SendOutcome::permanent, false, {}, "200"},
  };
  for (const Case& c : cases) {
    const SendResult result = classify_response(c.response);
    EXPECT_EQ(result.outcome, c.outcome) << c.name;
    EXPECT_EQ(result.deactivate_destination, c.deactivate) << c.name;
    EXPECT_EQ(result.retry_after, c.retry_after) << c.name;
    EXPECT_NE(result.error.find(c.error_contains), std::string::npos) << c.name << ": " << result.error;
  }
}

TEST(TelegramResponseClassifier, CapsRetryAfterAtAMinuteSinceItPausesEveryChat) {
  const auto limited = [](const std::string& retry_after) {
    return classify_response(answer(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests",)"
                                         R"("parameters":{"retry_after":)" +
                                             retry_after + "}}"));
  };
  EXPECT_EQ(limited("60").retry_after, seconds(60));
  EXPECT_EQ(limited("14400").retry_after, seconds(60)) << "hours after a large broadcast";
  EXPECT_EQ(limited("9223372036854775807").retry_after, seconds(60)) << "no overflow on the way to milliseconds";
  http::ClientResponse html_429 = answer(429, "<html>slow down</html>");
  html_429.headers.emplace_back("Retry-After", "86400");
  EXPECT_EQ(classify_response(html_429).retry_after, seconds(60));
}

TEST(TelegramResponseClassifier, SentWithMessageId) {
  const SendResult result = classify_response(
      answer(200, R"({"ok":true,"result":{"message_id":6557,"chat":{"id":1,"type":"private"},"date":1,"text":"x"}})"));
  EXPECT_EQ(result.outcome, SendOutcome::sent);
  EXPECT_EQ(result.message_id, "6557");
  EXPECT_TRUE(result.error.empty());
}

TEST(TelegramResponseClassifier, SentWithoutMessage) {
  const SendResult result = classify_response(answer(200, R"({"ok":true,"result":true})"));
  EXPECT_EQ(result.outcome, SendOutcome::sent);
  EXPECT_EQ(result.message_id, "");
}

TEST(TelegramResponseClassifier, MigratedGroupNamesTheNewChat) {
  const SendResult result = classify_response(answer(
      400,
      R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}})"));
  EXPECT_EQ(result.outcome, SendOutcome::retry);  // to the new chat
  EXPECT_EQ(result.moved_to, "-1001234567890");
  EXPECT_FALSE(result.deactivate_destination);
}

TEST(TelegramResponseClassifier, UnmodifiedEditCountsAsSent) {
  const SendResult result = classify_response(answer(
      400,
      R"({"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same"})"));
  EXPECT_EQ(result.outcome, SendOutcome::sent);
}

}  // namespace
}  // namespace ambassador::adapters::telegram
