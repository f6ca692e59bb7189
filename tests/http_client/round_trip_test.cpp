// What goes over the wire and what comes back: method, target, headers and body, both ways.
#include <gtest/gtest.h>

#include "client_test_fixture.hpp"

namespace ambassador::testing {
namespace {

TEST_F(HttpClientTest, GetCarriesTargetAndHeadersBothWays) {
  FakeHttpServer server([](const RecordedRequest&) {
    auto response = FakeResponse::json(200, R"({"ok":true})");
    response.headers.emplace_back("X-Reply", "pong");
    return response;
  });
  auto client = make_client();

  auto response = fetch(*client, get(server.url("/api/users.info?user=U1&limit=2"),
                                     {{"Authorization", "Bearer xoxb-1"}, {"X-Trace", "abc"}}));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, R"({"ok":true})");
  EXPECT_EQ(response.header("x-reply"), "pong");
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  ASSERT_EQ(server.request_count(), 1u);
  const auto request = server.requests()[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/api/users.info?user=U1&limit=2");
  EXPECT_EQ(request.header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(request.header("User-Agent"), "AmbassadorBot/0.1");
  EXPECT_EQ(request.header("Authorization"), "Bearer xoxb-1");
  EXPECT_EQ(request.header("X-Trace"), "abc");
  EXPECT_EQ(request.body, "");
}

TEST_F(HttpClientTest, PostSendsBodyWithContentLength) {
  FakeHttpServer server([](const RecordedRequest& request) { return FakeResponse::text(201, "got " + request.body); });
  auto client = make_client();
  const std::string body = R"({"channel":"C1","text":"h\u00e9llo \u2603"})";

  auto response = fetch(
      *client, post(server.url("/api/chat.postMessage"), body, {{"Content-Type", "application/json; charset=utf-8"}}));

  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "got " + body);
  ASSERT_EQ(server.request_count(), 1u);
  const auto request = server.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.body, body);
  EXPECT_EQ(request.header("Content-Length"), std::to_string(body.size()));
  EXPECT_EQ(request.header("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(HttpClientTest, EmptyPostStillSendsContentLength) {
  FakeHttpServer server;
  auto client = make_client();

  auto response = fetch(*client, post(server.url("/api/auth.test"), ""));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(server.requests().at(0).header("Content-Length"), "0");
}

TEST_F(HttpClientTest, KeepsHostAndLengthItselfButLetsTheRequestSetUserAgent) {
  FakeHttpServer server;
  auto client = make_client({.user_agent = "Configured/1.0"});

  auto response = fetch(*client, post(server.url("/x"), "four",
                                      {{"Host", "evil.example"}, {"Content-Length", "999"}, {"X-Kept", "yes"}}));
  auto overridden = fetch(*client, get(server.url("/y"), {{"user-agent", "Custom/2.0"}}));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(overridden.status, 200);
  ASSERT_EQ(server.request_count(), 2u);
  const auto first = server.requests()[0];
  EXPECT_EQ(first.header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(first.header("Content-Length"), "4");
  EXPECT_EQ(first.body, "four");
  EXPECT_EQ(first.header("X-Kept"), "yes");
  EXPECT_EQ(first.header("User-Agent"), "Configured/1.0");
  EXPECT_EQ(server.requests()[1].header("User-Agent"), "Custom/2.0");
}

TEST_F(HttpClientTest, UrlWithoutPathRequestsTheRoot) {
  FakeHttpServer server;
  auto client = make_client();

  auto response = fetch(*client, get("http://127.0.0.1:" + std::to_string(server.port())));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(server.requests().at(0).target, "/");
}

TEST_F(HttpClientTest, ResolvesHostNames) {
  FakeHttpServer server;
  auto client = make_client();

  auto response = fetch(*client, get("http://localhost:" + std::to_string(server.port()) + "/health"));

  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(server.requests().at(0).header("Host"), "localhost:" + std::to_string(server.port()));
}

TEST_F(HttpClientTest, PassesRateLimitAnswersThroughWithTheirHeaders) {
  FakeHttpServer server([](const RecordedRequest&) {
    auto response = FakeResponse::json(429, R"({"ok":false,"error":"ratelimited"})");
    response.headers.emplace_back("Retry-After", "7");
    return response;
  });
  auto client = make_client();

  auto response = fetch(*client, post(server.url("/api/chat.postMessage"), "{}"));

  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.header("Retry-After"), "7");
  EXPECT_EQ(response.body, R"({"ok":false,"error":"ratelimited"})");
}

TEST_F(HttpClientTest, ServerErrorsAreAnswersNotTransportFailures) {
  FakeHttpServer server([](const RecordedRequest&) { return FakeResponse::text(503, "busy"); });
  auto client = make_client();

  auto response = fetch(*client, get(server.url("/")));

  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, "busy");
  EXPECT_EQ(response.error, "");
}

TEST_F(HttpClientTest, HeadRequestReadsNoBody) {
  FakeHttpServer server;
  auto client = make_client();

  auto head = fetch(*client, http::ClientRequest{"HEAD", server.url("/file"), {}, {}});
  auto after = fetch(*client, get(server.url("/file")));

  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, R"({"ok":true})");
  EXPECT_EQ(server.accepted_connections(), 1u);
}

}  // namespace
}  // namespace ambassador::testing
