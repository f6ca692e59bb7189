#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/http/router.hpp"

namespace ambassador::http {
namespace {

using ::testing::ElementsAre;

struct Dispatched {
  std::optional<Response> response;
  int answers = 0;
  std::string route_name;
};

Dispatched dispatch(const Router& router, std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = path;
  request.target = path;
  request.request_id = "req-1";
  Dispatched result;
  router.dispatch(
      std::move(request),
      [&result](Response response) {
        result.response = std::move(response);
        ++result.answers;
      },
      result.route_name);
  return result;
}

std::string error_code_of(const Response& response) {
  return nlohmann::json::parse(response.body).at("error").at("code").get<std::string>();
}

Handler answer(std::string text) {
  return [text](Request, RouteParams, Responder respond) { respond(Response::text(200, text)); };
}

TEST(Router, PassesPathParametersToTheHandler) {
  Router router;
  std::string seen_id, seen_other;
  router.add("GET", "/local/channels/{id}/messages/{other}", [&](Request, RouteParams params, Responder respond) {
    seen_id = std::string(params.get("id"));
    seen_other = std::string(params.get("other"));
    EXPECT_EQ(params.get("missing"), "");
    respond(Response::text(200, "ok"));
  });

  const auto result = dispatch(router, "GET", "/local/channels/wijk-1/messages/7");
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->status, 200);
  EXPECT_EQ(seen_id, "wijk-1");
  EXPECT_EQ(seen_other, "7");
  EXPECT_EQ(result.route_name, "/local/channels/{id}/messages/{other}");
}

TEST(Router, PicksTheRouteWhosePathMatches) {
  Router router;
  router.add("GET", "/healthz", answer("health"));
  router.add("GET", "/readyz", answer("ready"));
  router.add("GET", "/items/{id}", answer("item"));
  EXPECT_EQ(dispatch(router, "GET", "/readyz").response->body, "ready");
  EXPECT_EQ(dispatch(router, "GET", "/healthz").response->body, "health");
  EXPECT_EQ(dispatch(router, "GET", "/items/3").response->body, "item");
  // A parameter matches exactly one segment.
  EXPECT_EQ(dispatch(router, "GET", "/items/3/more").response->status, 404);
  EXPECT_EQ(dispatch(router, "GET", "/items").response->status, 404);
}

TEST(Router, UnknownPathIs404WithTheErrorShape) {
  Router router;
  router.add("GET", "/healthz", answer("ok"));
  const auto result = dispatch(router, "GET", "/nope");
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.answers, 1);
  EXPECT_EQ(result.response->status, 404);
  EXPECT_EQ(result.response->content_type, "application/json");
  EXPECT_EQ(error_code_of(*result.response), "not_found");
  EXPECT_EQ(result.route_name, "unmatched");
}

TEST(Router, KnownPathWithAnotherMethodIs405WithAllow) {
  Router router;
  router.add("GET", "/things/{id}", answer("get"));
  router.add("PUT", "/things/{id}", answer("put"));
  router.add("POST", "/other", answer("post"));
  const auto result = dispatch(router, "DELETE", "/things/1");
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->status, 405);
  EXPECT_EQ(error_code_of(*result.response), "method_not_allowed");
  ASSERT_EQ(result.response->headers.size(), 1u);
  EXPECT_EQ(result.response->headers[0].first, "Allow");
  EXPECT_EQ(result.response->headers[0].second, "GET, PUT");
  EXPECT_EQ(result.route_name, "method_not_allowed");
}

TEST(Router, HeadIsServedByTheGetHandler) {
  Router router;
  std::string method_seen;
  router.add("GET", "/healthz", [&](Request request, RouteParams, Responder respond) {
    method_seen = request.method;
    respond(Response::text(200, "ok"));
  });
  const auto result = dispatch(router, "HEAD", "/healthz");
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->status, 200);
  EXPECT_EQ(method_seen, "HEAD");
  // But HEAD does not stand in for POST.
  router.add("POST", "/submit", answer("posted"));
  EXPECT_EQ(dispatch(router, "HEAD", "/submit").response->status, 405);
}

TEST(Router, ThrowingHandlerDoesNotEscapeDispatch) {
  Router router;
  router.add("GET", "/boom", [](Request, RouteParams, Responder) { throw std::runtime_error("handler bug"); });
  Dispatched result;
  EXPECT_NO_THROW(result = dispatch(router, "GET", "/boom"));
  // The responder was dropped unanswered; the server turns that into a 500 (see ServerTest).
  EXPECT_EQ(result.answers, 0);
  EXPECT_EQ(result.route_name, "/boom");
}

TEST(Router, ListsItsPatterns) {
  Router router;
  router.add("GET", "/healthz", answer("ok"));
  router.add("POST", "/local/messages", answer("ok"));
  EXPECT_THAT(router.patterns(), ElementsAre("GET /healthz", "POST /local/messages"));
}

}  // namespace
}  // namespace ambassador::http
