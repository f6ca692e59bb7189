#include "adapters/slack/response_classifier.hpp"

#include <gtest/gtest.h>

namespace ambassador::adapters::slack {
namespace {

using std::chrono::milliseconds;

http::ClientResponse answer(int status, std::string body, http::Headers headers = {}) {
  http::ClientResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

http::ClientResponse slack_error(const std::string& code) {
  return answer(200, R"({"ok":false,"error":")" + code + "\"}");
}

TEST(SlackResponseClassifier, RetriesWhenThereWasNoHttpAnswer) {
  http::ClientResponse response;
  response.error = "connect: connection refused";
  const auto result = classify_response(response);
  EXPECT_EQ(result.outcome, SendOutcome::retry);
  EXPECT_EQ(result.error, "connect: connection refused");
  EXPECT_TRUE(result.unreachable) << "nothing reached Slack: the platform is paused, not just this message";
  response.maybe_delivered = true;  // written out, then no answer: Slack was reached
  EXPECT_FALSE(classify_response(response).unreachable);
  EXPECT_FALSE(classify_response(answer(502, "")).unreachable);
}

TEST(SlackResponseClassifier, RateLimitsOn429WithRetryAfterSeconds) {
  const auto result = classify_response(answer(429, "", {{"retry-after", "30"}}));
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, milliseconds(30000));
}

TEST(SlackResponseClassifier, DefaultsRetryAfterToOneSecond) {
  for (const char* value : {"", "soon", "-5", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "1.5"}) {
    http::Headers headers;
    if (*value) headers.emplace_back("Retry-After", value);
    const auto result = classify_response(answer(429, "", headers));
    EXPECT_EQ(result.outcome, SendOutcome::rate_limited) << value;
    EXPECT_EQ(result.retry_after, milliseconds(1000)) << value;
  }
}

TEST(SlackResponseClassifier, RetriesServerErrors) {
  for (int status : {500, 502, 503, 504}) {
    const auto result = classify_response(answer(status, "<html>oops</html>"));
    EXPECT_EQ(result.outcome, SendOutcome::retry) << status;
    EXPECT_EQ(result.error, "http " + std::to_string(status));
  }
}

TEST(SlackResponseClassifier, ReportsSentWithTs) {
  const auto result =
      classify_response(answer(200, R"({"ok":true,"channel":"C123","ts":"1503435956.000247","message":{}})"));
  EXPECT_EQ(result.outcome, SendOutcome::sent);
  EXPECT_EQ(result.message_id, "1503435956.000247");
  EXPECT_EQ(result.error, "");
}

TEST(SlackResponseClassifier, ReportsOpenedConversationChannelId) {
  const auto result = classify_response(answer(200, R"({"ok":true,"channel":{"id":"D069C7QFK"}})"));
  EXPECT_EQ(result.outcome, SendOutcome::sent);
  EXPECT_EQ(result.message_id, "D069C7QFK");
}

TEST(SlackResponseClassifier, AcceptsResponseUrlPlainOk) {
  EXPECT_EQ(classify_response(answer(200, "ok")).outcome, SendOutcome::sent);
  EXPECT_EQ(classify_response(answer(200, R"({"ok":true})")).outcome, SendOutcome::sent);
}

TEST(SlackResponseClassifier, TreatsPermanentErrorCodesAsPermanent) {
  for (const char* code : {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope",
                           "msg_too_long", "invalid_blocks", "no_text", "user_not_found", "cannot_dm_bot"}) {
    const auto result = classify_response(slack_error(code));
    EXPECT_EQ(result.outcome, SendOutcome::permanent) << code;
    EXPECT_EQ(result.error, code);
    EXPECT_FALSE(result.deactivate_destination) << code;
  }
}

TEST(SlackResponseClassifier, DeactivatesDestinationsTheBotCannotReach) {
  for (const char* code : {"channel_not_found", "not_in_channel", "is_archived"}) {
    const auto result = classify_response(slack_error(code));
    EXPECT_EQ(result.outcome, SendOutcome::permanent) << code;
    EXPECT_TRUE(result.deactivate_destination) << code;
    EXPECT_EQ(result.error, code);
  }
}

TEST(SlackResponseClassifier, RateLimitsOnRatelimitedCode) {
  auto result = classify_response(slack_error("ratelimited"));
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, milliseconds(1000));
  EXPECT_EQ(result.error, "ratelimited");
  auto response = slack_error("rate_limited");
  response.headers = {{"Retry-After", "7"}};
  result = classify_response(response);
  EXPECT_EQ(result.outcome, SendOutcome::rate_limited);
  EXPECT_EQ(result.retry_after, milliseconds(7000));
}

TEST(SlackResponseClassifier, RetriesTransientErrorCodes) {
  for (const char* code : {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}) {
    const auto result = classify_response(slack_error(code));
    EXPECT_EQ(result.outcome, SendOutcome::retry) << code;
    EXPECT_EQ(result.error, code);
  }
}

TEST(SlackResponseClassifier, TreatsUnknownErrorCodesAsPermanent) {
  auto result = classify_response(slack_error("some_new_error"));
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "some_new_error");
  EXPECT_FALSE(result.deactivate_destination);
  result = classify_response(answer(200, R"({"ok":false})"));
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "unknown_error");
}

TEST(SlackResponseClassifier, RetriesUnreadable200) {
  for (const char* body : {"<html>gateway</html>", "", R"({"channel":"C1"})", "[true]", R"({"ok":"yes"})"})
    EXPECT_EQ(classify_response(answer(200, body)).outcome, SendOutcome::retry) << body;
}

TEST(SlackResponseClassifier, TreatsOtherHttpErrorsAsPermanent) {
  auto result = classify_response(answer(404, "no_service"));
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "http 404");
  result = classify_response(answer(400, R"({"ok":false,"error":"invalid_arguments"})"));
  EXPECT_EQ(result.outcome, SendOutcome::permanent);
  EXPECT_EQ(result.error, "invalid_arguments");
}

}  // namespace
}  // namespace ambassador::adapters::slack
