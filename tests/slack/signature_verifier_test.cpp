#include "adapters/slack/signature_verifier.hpp"

#include <map>
#include <set>

#include <gtest/gtest.h>

namespace ambassador::adapters::slack {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// The example from Slack's "Verifying requests from Slack" page (platforms.md).
constexpr std::string_view kDocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::string_view kDocsTimestamp = "1531420618";
constexpr std::int64_t kDocsTime = 1531420618;
constexpr std::string_view kDocsBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name="
    "foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks."
    "slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
constexpr std::string_view kDocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

system_clock::time_point at(std::int64_t unix_seconds) { return system_clock::time_point(seconds(unix_seconds)); }

http::Request docs_request() {
  http::Request request;
  request.method = "POST";
  request.path = "/slack/commands";
  request.headers = {{"X-Slack-Request-Timestamp", std::string(kDocsTimestamp)},
                     {"X-Slack-Signature", std::string(kDocsSignature)},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = std::string(kDocsBody);
  return request;
}

constexpr const char* kDocsTeam = "T1DC2JH3J";  // the team_id the docs body names

using Secrets = std::map<std::string, std::string>;

SlackSignatureVerifier docs_verifier() {
  return SlackSignatureVerifier(Secrets{{kDocsTeam, std::string(kDocsSecret)}});
}

TEST(SlackSignatureVerifier, SignMatchesSlackDocsVector) {
  EXPECT_EQ(sign(kDocsSecret, kDocsTimestamp, kDocsBody), kDocsSignature);
}

TEST(SlackSignatureVerifier, AcceptsValidSignature) {
  const auto result = docs_verifier().verify(docs_request(), at(kDocsTime + 10));
  EXPECT_TRUE(result.ok) << result.reason;
}

TEST(SlackSignatureVerifier, ReadsHeadersCaseInsensitively) {
  auto request = docs_request();
  request.headers = {{"x-slack-request-timestamp", std::string(kDocsTimestamp)},
                     {"x-slack-signature", std::string(kDocsSignature)}};
  EXPECT_TRUE(docs_verifier().verify(request, at(kDocsTime)).ok);
}

TEST(SlackSignatureVerifier, AcceptsTimestampExactlyFiveMinutesOff) {
  EXPECT_TRUE(docs_verifier().verify(docs_request(), at(kDocsTime + 300)).ok);
  EXPECT_TRUE(docs_verifier().verify(docs_request(), at(kDocsTime - 300)).ok);
}

TEST(SlackSignatureVerifier, RejectsStaleTimestamp) {
  const auto result = docs_verifier().verify(docs_request(), at(kDocsTime + 301));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_NE(result.reason.find("window"), std::string::npos) << result.reason;
}

TEST(SlackSignatureVerifier, RejectsTimestampFromTheFuture) {
  EXPECT_FALSE(docs_verifier().verify(docs_request(), at(kDocsTime - 301)).ok);
}

TEST(SlackSignatureVerifier, RejectsMissingSignatureHeader) {
  auto request = docs_request();
  request.headers = {{"X-Slack-Request-Timestamp", std::string(kDocsTimestamp)}};
  const auto result = docs_verifier().verify(request, at(kDocsTime));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_NE(result.reason.find("X-Slack-Signature"), std::string::npos) << result.reason;
}

TEST(SlackSignatureVerifier, RejectsMissingTimestampHeader) {
  auto request = docs_request();
  request.headers = {{"X-Slack-Signature", std::string(kDocsSignature)}};
  const auto result = docs_verifier().verify(request, at(kDocsTime));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_NE(result.reason.find("X-Slack-Request-Timestamp"), std::string::npos) << result.reason;
}

TEST(SlackSignatureVerifier, RejectsNonNumericTimestamp) {
  for (std::string timestamp : {"abc", "-1531420618", "1531420618.5", " 1531420618", "99999999999999999999999"}) {
    auto request = docs_request();
    request.headers = {{"X-Slack-Request-Timestamp", timestamp},
                       {"X-Slack-Signature", sign(kDocsSecret, timestamp, kDocsBody)}};
    const auto result = docs_verifier().verify(request, at(kDocsTime));
    EXPECT_FALSE(result.ok) << timestamp;
    EXPECT_NE(result.reason.find("not a number"), std::string::npos) << timestamp << ": " << result.reason;
  }
}

TEST(SlackSignatureVerifier, RejectsTamperedBody) {
  auto request = docs_request();
  request.body.replace(request.body.find("roadrunner"), 10, "coyote");
  const auto result = docs_verifier().verify(request, at(kDocsTime));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 401);
  EXPECT_NE(result.reason.find("does not match"), std::string::npos) << result.reason;
}

TEST(SlackSignatureVerifier, RejectsTamperedTimestampEvenInsideTheWindow) {
  auto request = docs_request();
  request.headers[0].second = std::to_string(kDocsTime + 1);
  EXPECT_FALSE(docs_verifier().verify(request, at(kDocsTime)).ok);
}

TEST(SlackSignatureVerifier, RejectsWrongSecret) {
  SlackSignatureVerifier verifier(Secrets{{kDocsTeam, "another-apps-secret"}});
  EXPECT_FALSE(verifier.verify(docs_request(), at(kDocsTime)).ok);
}

TEST(SlackSignatureVerifier, AcceptsTheSecretOfTheWorkspaceTheRequestNames) {
  SlackSignatureVerifier verifier(
      Secrets{{"T0FIRST", "first-workspace-secret"}, {kDocsTeam, std::string(kDocsSecret)}});
  EXPECT_TRUE(verifier.verify(docs_request(), at(kDocsTime)).ok);
}

TEST(SlackSignatureVerifier, RejectsTruncatedOrUppercasedSignature) {
  auto request = docs_request();
  request.headers[1].second = std::string(kDocsSignature.substr(0, kDocsSignature.size() - 1));
  EXPECT_FALSE(docs_verifier().verify(request, at(kDocsTime)).ok);
  request.headers[1].second = "V0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503";
  EXPECT_FALSE(docs_verifier().verify(request, at(kDocsTime)).ok);
}

TEST(SlackSignatureVerifier, IgnoresEmptySecrets) {
  // Anybody can compute an HMAC with an empty key: a blank configured secret must not open the door.
  auto request = docs_request();
  request.headers[1].second = sign("", kDocsTimestamp, kDocsBody);
  const auto result = SlackSignatureVerifier(Secrets{{kDocsTeam, ""}}).verify(request, at(kDocsTime));
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.reason.find("no Slack signing secret"), std::string::npos) << result.reason;
  EXPECT_FALSE(SlackSignatureVerifier(Secrets{{kDocsTeam, ""}, {"T0OTHER", std::string(kDocsSecret)}})
                   .verify(request, at(kDocsTime))
                   .ok);
}

TEST(SlackSignatureVerifier, GivesEachRejectionItsOwnReasonWithoutTheSecret) {
  std::set<std::string> reasons;
  auto missing_signature = docs_request();
  missing_signature.headers.erase(missing_signature.headers.begin() + 1);
  auto missing_timestamp = docs_request();
  missing_timestamp.headers.erase(missing_timestamp.headers.begin());
  auto bad_timestamp = docs_request();
  bad_timestamp.headers[0].second = "soon";
  auto tampered = docs_request();
  tampered.body += "&x=1";
  for (const auto& request : {missing_signature, missing_timestamp, bad_timestamp, tampered}) {
    const auto result = docs_verifier().verify(request, at(kDocsTime));
    ASSERT_FALSE(result.ok);
    EXPECT_EQ(result.reason.find(kDocsSecret), std::string::npos);
    reasons.insert(result.reason);
  }
  reasons.insert(docs_verifier().verify(docs_request(), at(kDocsTime + 1000)).reason);
  EXPECT_EQ(reasons.size(), 5u);
}

TEST(SlackSignatureVerifier, ReadsRequestTimestamp) {
  EXPECT_EQ(request_timestamp(docs_request()), kDocsTime);
  http::Request without;
  EXPECT_EQ(request_timestamp(without), std::nullopt);
}

}  // namespace
}  // namespace ambassador::adapters::slack
