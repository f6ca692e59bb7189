#include "adapters/teams/response_classifier.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace ambassador::adapters::teams {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

// Sun, 06 Dec 2026 23:00:00 GMT
const std::chrono::system_clock::time_point kNow =
    std::chrono::sys_days(std::chrono::year(2026) / 12 / 6) + std::chrono::hours(23);

http::ClientResponse answer(int status, std::string body = {}, http::Headers headers = {}) {
  http::ClientResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

http::ClientResponse connector_error(int status, std::string_view code, http::Headers headers = {}) {
  return answer(status, R"({"error":{"code":")" + std::string(code) + R"(","message":"details"}})", std::move(headers));
}

TEST(TeamsResponseClassifier, ASentActivityGivesItsId) {
  const auto result = classify_response(answer(201, R"({"id":"1700000000123"})"), kNow);
  EXPECT_EQ(result.outcome, SendOutcome::sent);
  EXPECT_EQ(result.message_id, "1700000000123");
  EXPECT_EQ(classify_response(answer(200, ""), kNow).outcome, SendOutcome::sent) << "an edit may answer no body";
}

TEST(TeamsResponseClassifier, TooManyRequestsWaitsForRetryAfterInSeconds) {
  const auto result = classify_response(connector_error(429, "TooManyRequests", {{"Retry-After", "7"}}), kNow);
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, seconds(7));
}

TEST(TeamsResponseClassifier, TooManyRequestsReadsAnHttpDate) {
  const auto result = classify_response(
      connector_error(429, "TooManyRequests", {{"Retry-After", "Sun, 06 Dec 2026 23:00:12 GMT"}}), kNow);
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, seconds(12));
}

TEST(TeamsResponseClassifier, TooManyRequestsWithoutOrWithAnUnreadableRetryAfterBacksOffByDefault) {
  EXPECT_EQ(classify_response(connector_error(429, "TooManyRequests"), kNow).retry_after, kDefaultRetryAfter);
  EXPECT_EQ(classify_response(connector_error(429, "x", {{"Retry-After", "soon"}}), kNow).retry_after,
            kDefaultRetryAfter);
  EXPECT_EQ(classify_response(connector_error(429, "x", {{"Retry-After", "Sun, 06 Dec 2026 22:00:00 GMT"}}), kNow)
                .retry_after,
            seconds(1))
      << "a date in the past still waits a moment";
}

TEST(TeamsResponseClassifier, ALongRetryAfterIsCappedSoOneConversationCannotStallAll) {
  EXPECT_EQ(classify_response(connector_error(429, "x", {{"Retry-After", "86400"}}), kNow).retry_after, kMaxRetryAfter);
  EXPECT_EQ(classify_response(connector_error(429, "x", {{"Retry-After", "Mon, 07 Dec 2026 23:00:00 GMT"}}), kNow)
                .retry_after,
            kMaxRetryAfter);
}

TEST(TeamsResponseClassifier, ABotThatCannotReachTheConversationDeactivatesIt) {
  for (const auto& [status, code] : {std::pair{403, "BotNotInConversationRoster"}, std::pair{403, "Forbidden"},
                                     std::pair{404, "ConversationNotFound"}}) {
    const auto result = classify_response(connector_error(status, code), kNow);
    EXPECT_EQ(result.outcome, SendOutcome::permanent) << code;
    EXPECT_TRUE(result.deactivate_destination) << code;
    EXPECT_THAT(result.error, HasSubstr(code));
  }
}

TEST(TeamsResponseClassifier, ARefusedTokenIsRetried) {
  const auto result = classify_response(connector_error(401, "Unauthorized"), kNow);
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_FALSE(result.deactivate_destination);
  EXPECT_THAT(result.error, HasSubstr("token"));
}

TEST(TeamsResponseClassifier, ABadRequestIsPermanentButKeepsTheDestination) {
  for (int status : {400, 413}) {
    const auto result = classify_response(connector_error(status, "BadArgument"), kNow);
    EXPECT_EQ(result.outcome, SendOutcome::permanent) << status;
    EXPECT_FALSE(result.deactivate_destination) << status;
  }
}

TEST(TeamsResponseClassifier, ServerErrorsAndPreconditionFailuresAreRetried) {
  for (int status : {408, 412, 500, 502, 503, 504})
    EXPECT_EQ(classify_response(connector_error(status, "ServiceError"), kNow).outcome, SendOutcome::retry) << status;
}

TEST(TeamsResponseClassifier, NoAnswerIsRetriedAndMayHaveLandedWhenTheRequestWasWritten) {
  http::ClientResponse unanswered;
  unanswered.error = "timeout";
  unanswered.maybe_delivered = true;
  auto result = classify_response(unanswered, kNow);
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_TRUE(result.maybe_delivered);
  EXPECT_FALSE(result.unreachable);
  unanswered.error = "connect: refused";
  unanswered.maybe_delivered = false;
  result = classify_response(unanswered, kNow);
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_FALSE(result.maybe_delivered);
  EXPECT_TRUE(result.unreachable);
  EXPECT_THAT(result.error, HasSubstr("connect: refused"));
}

}  // namespace
}  // namespace ambassador::adapters::teams
