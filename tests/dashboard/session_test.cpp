// Dashboard sessions over loopback HTTP: signing in with an API token gives an HttpOnly, SameSite=Strict cookie and
// a CSRF token; the cookie stands for the token's role; writes need the CSRF header; sessions expire when idle or
// old; signing out ends them; sign-in attempts are limited per peer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dashboard_fixture.hpp"

namespace ambassador::testing {
namespace {
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using namespace std::chrono_literals;

struct SignedIn {
  std::string cookie;  // "ab_session=..."
  std::string csrf;
  json body;
};

class SessionTest : public DashboardTest {
 protected:
  std::optional<HttpReply> sign_in_reply(const std::string& token) {
    return http_exchange(port_,
                         raw_request("POST", "/app/session", {}, json{{"token", token}}.dump(), "application/json"));
  }

  SignedIn sign_in(const std::string& token) {
    const auto reply = sign_in_reply(token);
    if (!reply || reply->status != 200) throw std::runtime_error("sign-in refused");
    const auto set_cookie = reply->header("Set-Cookie");
    const auto body = json::parse(reply->body);
    return {set_cookie.substr(0, set_cookie.find(';')), body.at("csrf_token").get<std::string>(), body};
  }

  std::optional<HttpReply> with_session(const std::string& method, const std::string& target, const SignedIn& session,
                                        const std::string& csrf, const std::string& body = {}) {
    std::vector<std::string> headers{"Cookie: theme=dark; " + session.cookie};
    if (!csrf.empty()) headers.push_back("X-CSRF-Token: " + csrf);
    return http_exchange(port_, raw_request(method, target, headers, body, body.empty() ? "" : "application/json"));
  }
};

constexpr const char* kPost = R"({"title": "Bomen", "link_url": "https://example.org/bomen"})";

TEST_F(SessionTest, SignInSetsAStrictHttpOnlyCookieAndAnswersWithCsrfAndLanguage) {
  start();
  const auto reply = sign_in_reply(kEditorToken);
  ASSERT_EQ(reply->status, 200);
  const auto cookie = reply->header("Set-Cookie");
  EXPECT_THAT(cookie, MatchesRegex("ab_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure"))) << "the demo is served over http on loopback";
  EXPECT_EQ(reply->header("Cache-Control"), "no-store");
  const auto body = json::parse(reply->body);
  EXPECT_EQ(body["name"], "demo-editor");
  EXPECT_EQ(body["role"], "editor");
  EXPECT_EQ(body["language"], "nl");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_THAT(reply->body, Not(HasSubstr(kEditorToken)));
}

TEST_F(SessionTest, CookieIsSecureWhenTheServiceIsReachedOverHttps) {
  auto config = dashboard_config(dir_.path());
  config.http.public_base_url = "https://ambassadors.example.org";
  start(std::move(config));
  EXPECT_THAT(sign_in_reply(kEditorToken)->header("Set-Cookie"), HasSubstr("; Secure"));
}

TEST_F(SessionTest, WrongTokenIsRefusedLikeTheApiRefusesIt) {
  start();
  const auto reply = sign_in_reply("not-a-token");
  EXPECT_EQ(reply->status, 401);
  EXPECT_TRUE(reply->header("Set-Cookie").empty());
  EXPECT_EQ(http_exchange(port_, raw_request("POST", "/app/session", {}, "{}", "application/json"))->status, 400);
}

TEST_F(SessionTest, CookieStandsForTheTokensRole) {
  start();
  const auto editor = sign_in(kEditorToken);
  EXPECT_EQ(with_session("GET", "/api/v1/posts", editor, "")->status, 200);
  EXPECT_EQ(with_session("GET", "/api/v1/stats", editor, "")->status, 200);
  const auto webcare = sign_in(kWebcareToken);
  EXPECT_EQ(with_session("GET", "/api/v1/stats", webcare, "")->status, 403);
  EXPECT_EQ(with_session("POST", "/api/v1/posts", webcare, webcare.csrf, kPost)->status, 403);
  EXPECT_EQ(with_session("GET", "/app/session", webcare, "")->status, 200);
}

TEST_F(SessionTest, WritesNeedTheSessionsCsrfToken) {
  start();
  const auto editor = sign_in(kEditorToken);
  const auto other = sign_in(kEditorToken);
  const auto missing = with_session("POST", "/api/v1/posts", editor, "", kPost);
  EXPECT_EQ(missing->status, 403);
  EXPECT_THAT(missing->body, HasSubstr("X-CSRF-Token"));
  EXPECT_EQ(with_session("POST", "/api/v1/posts", editor, other.csrf, kPost)->status, 403) << "another session's";
  EXPECT_EQ(with_session("POST", "/api/v1/posts", editor, editor.csrf + "0", kPost)->status, 403);
  EXPECT_EQ(with_session("PATCH", "/api/v1/posts/1", editor, "", kPost)->status, 403);
  EXPECT_EQ(with_session("POST", "/api/v1/posts", editor, editor.csrf, kPost)->status, 201);
  // The Bearer token works as before, without any CSRF header.
  EXPECT_EQ(api("POST", "/api/v1/posts", kEditorToken, kPost)->status, 201);
}

TEST_F(SessionTest, IdleSessionExpiresAndUseRestartsItsTimer) {
  start();
  const auto busy = sign_in(kEditorToken);
  const auto idle = sign_in(kEditorToken);
  clock_.advance(5h);
  ASSERT_EQ(with_session("GET", "/api/v1/posts", busy, "")->status, 200);
  clock_.advance(3h);
  EXPECT_EQ(with_session("GET", "/api/v1/posts", busy, "")->status, 200) << "used 3 hours ago";
  EXPECT_EQ(with_session("GET", "/api/v1/posts", idle, "")->status, 401) << "unused for 8 hours";
  clock_.advance(3h);
  EXPECT_EQ(with_session("GET", "/api/v1/posts", busy, "")->status, 200);
}

TEST_F(SessionTest, SessionEndsAfterTwelveHoursHoweverBusy) {
  start();
  const auto editor = sign_in(kEditorToken);
  for (int hour = 0; hour < 11; ++hour) {
    clock_.advance(1h);
    ASSERT_EQ(with_session("GET", "/api/v1/posts", editor, "")->status, 200);
  }
  clock_.advance(1h);
  const auto expired = with_session("GET", "/api/v1/posts", editor, "");
  EXPECT_EQ(expired->status, 401);
  EXPECT_THAT(expired->body, HasSubstr("sign in again"));
}

TEST_F(SessionTest, SignOutEndsTheSessionAndClearsTheCookie) {
  start();
  const auto editor = sign_in(kEditorToken);
  EXPECT_EQ(with_session("DELETE", "/app/session", editor, "")->status, 403) << "sign-out needs the CSRF token too";
  const auto out = with_session("DELETE", "/app/session", editor, editor.csrf);
  ASSERT_EQ(out->status, 200);
  EXPECT_THAT(out->header("Set-Cookie"), HasSubstr("ab_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"));
  EXPECT_EQ(with_session("GET", "/api/v1/posts", editor, "")->status, 401);
  EXPECT_EQ(with_session("GET", "/app/session", editor, "")->status, 401);
}

TEST_F(SessionTest, SessionAnswerGivesThePageItsCsrfTokenAgain) {
  start();
  const auto editor = sign_in(kEditorToken);
  const auto again = with_session("GET", "/app/session", editor, "");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["csrf_token"], editor.csrf);
  EXPECT_EQ(json::parse(again->body)["departments"][0]["id"], "wijkbeheer");
}

TEST_F(SessionTest, SignInAttemptsAreLimitedPerPeer) {
  start();
  for (int i = 0; i < 9; ++i) ASSERT_EQ(sign_in_reply("guess-" + std::to_string(i))->status, 401);
  EXPECT_EQ(sign_in_reply(kEditorToken)->status, 200) << "the tenth attempt in a minute is still heard";
  const auto limited = sign_in_reply(kEditorToken);
  EXPECT_EQ(limited->status, 429) << "even the right token, so guessing cannot go on";
  EXPECT_EQ(limited->header("Retry-After"), "60");
  clock_.advance(61s);
  EXPECT_EQ(sign_in_reply(kEditorToken)->status, 200);
}

TEST_F(SessionTest, BehindATrustedProxyTheLimitIsPerClient) {
  auto config = dashboard_config(dir_.path());
  config.http.trusted_proxies = {"127.0.0.1/32"};
  start(std::move(config));
  const auto from = [&](const std::string& client) {
    return http_exchange(port_, raw_request("POST", "/app/session", {"X-Forwarded-For: " + client},
                                            json{{"token", "guess"}}.dump(), "application/json"))
        ->status;
  };
  for (int i = 0; i < 10; ++i) ASSERT_EQ(from("203.0.113.5"), 401);
  EXPECT_EQ(from("203.0.113.5"), 429);
  EXPECT_EQ(from("203.0.113.6"), 401) << "another client behind the same proxy is not held back";
}

}  // namespace
}  // namespace ambassador::testing
