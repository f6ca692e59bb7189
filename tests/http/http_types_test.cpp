#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bot/http/http_types.hpp"

namespace ambassador::http {
namespace {

using ::testing::ElementsAre;

TEST(Request, HeaderLookupIgnoresCase) {
  Request request;
  request.headers = {{"Content-Type", "application/json"}, {"X-Slack-Signature", "v0=abc"}};
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.header("x-slack-signature"), "v0=abc");
  EXPECT_EQ(request.header("X-Missing"), "");
  EXPECT_EQ(request.header("Content-Typ"), "");  // a prefix is not a match
  EXPECT_TRUE(request.has_header("x-SLACK-signature"));
  EXPECT_FALSE(request.has_header("X-Missing"));
}

TEST(Request, PresentButEmptyHeaderIsDistinguishable) {
  Request request;
  request.headers = {{"X-Empty", ""}};
  EXPECT_TRUE(request.has_header("x-empty"));
  EXPECT_EQ(request.header("x-empty"), "");
}

TEST(Request, QueryParamIsDecoded) {
  Request request;
  request.query = "after=12&limit=5&q=klimaat+en%20groen&empty=";
  EXPECT_EQ(request.query_param("after"), "12");
  EXPECT_EQ(request.query_param("limit"), "5");
  EXPECT_EQ(request.query_param("q"), "klimaat en groen");
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("absent"), "");
}

TEST(Request, QueryParamOfABrokenQueryIsEmpty) {
  Request request;
  request.query = "after=12&bad=%zz";
  EXPECT_EQ(request.query_param("after"), "");
}

TEST(Response, ErrorHasTheOneErrorShape) {
  const auto response = Response::error(404, "not_found", "no such \"route\"");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "no such \"route\"");
}

TEST(Response, ErrorBodyStaysValidJsonForInvalidUtf8) {
  const auto response = Response::error(400, "bad_request", "quoted \xff\xfe bytes");
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["error"]["code"], "bad_request");
}

TEST(Response, ErrorsListsEveryProblem) {
  const auto response = Response::errors(422, "invalid_message", {"'user' is required", "'text' is required"});
  EXPECT_EQ(response.status, 422);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "invalid_message");
  EXPECT_EQ(body["error"]["message"], "'user' is required");
  EXPECT_THAT(body["error"]["problems"].get<std::vector<std::string>>(),
              ElementsAre("'user' is required", "'text' is required"));
}

TEST(Response, RedirectAndExtraHeaders) {
  auto response = Response::redirect("https://example.org/x");
  response.with_header("Cache-Control", "no-store");
  EXPECT_EQ(response.status, 302);
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0], (std::pair<std::string, std::string>{"Location", "https://example.org/x"}));
  EXPECT_EQ(response.headers[1], (std::pair<std::string, std::string>{"Cache-Control", "no-store"}));
}

TEST(ClientResponse, HeaderLookupIgnoresCase) {
  ClientResponse response;
  response.headers = {{"Retry-After", "30"}};
  EXPECT_EQ(response.header("retry-after"), "30");
}

}  // namespace
}  // namespace ambassador::http
