#include <gtest/gtest.h>

#include "bot/http/response_head.hpp"

namespace ambassador::http {
namespace {

TEST(ResponseHead, StatusLineTypeRequestIdAndLength) {
  auto response = Response::json(200, R"({"ok":true})");
  EXPECT_EQ(response_head(response, {11, true, "abc-1"}),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: abc-1\r\nContent-Length: 11\r\n\r\n");
}

TEST(ResponseHead, HandlerHeadersFollowInOrder) {
  auto response = Response::error(429, "slow_down", "later").with_header("Retry-After", "3").with_header("Vary", "x");
  const auto head = response_head(response, {11, true, "r"});
  EXPECT_EQ(head.rfind("HTTP/1.1 429 Too Many Requests\r\n", 0), 0u);
  EXPECT_NE(head.find("Retry-After: 3\r\nVary: x\r\nContent-Length: "), std::string::npos);
}

TEST(ResponseHead, ClosingIsAnnouncedOnHttp11AndKeepingOpenOnHttp10) {
  const auto response = Response::text(200, "ok");
  EXPECT_NE(response_head(response, {11, false, "r"}).find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(response_head(response, {11, true, "r"}).find("Connection:"), std::string::npos);
  const auto http10 = response_head(response, {10, true, "r"});
  EXPECT_EQ(http10.rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
  EXPECT_NE(http10.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(response_head(response, {10, false, "r"}).find("Connection:"), std::string::npos);
}

TEST(ResponseHead, NoLengthWhereNoBodyMayBe) {
  auto not_modified = Response::text(304, "");
  EXPECT_EQ(response_head(not_modified, {11, true, "r"}).find("Content-Length"), std::string::npos);
  EXPECT_FALSE(status_allows_body(204));
  EXPECT_FALSE(status_allows_body(304));
  EXPECT_FALSE(status_allows_body(101));
  EXPECT_TRUE(status_allows_body(200));
  EXPECT_TRUE(status_allows_body(404));
}

// A value with CR or LF would end the header early and let whoever chose it write headers (or a body) of their own.
TEST(ResponseHead, HeadersThatWouldSplitTheBlockAreDropped) {
  auto response = Response::redirect("https://example.org/\r\nSet-Cookie: stolen=1");
  response.with_header("X-Bad\nName", "v").with_header("X-Fine", "yes");
  const auto head = response_head(response, {11, true, "r\r\nX-Injected: 1"});
  EXPECT_EQ(head.find("stolen"), std::string::npos);
  EXPECT_EQ(head.find("X-Bad"), std::string::npos);
  EXPECT_EQ(head.find("X-Injected"), std::string::npos);
  EXPECT_NE(head.find("X-Fine: yes\r\n"), std::string::npos);
}

TEST(ResponseHead, FramingHeadersAreTheServersOwn) {
  auto response = Response::text(200, "four").with_header("Content-Length", "99").with_header("connection", "close");
  const auto head = response_head(response, {11, true, "r"});
  EXPECT_EQ(head.find("99"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 4\r\n"), std::string::npos);
  EXPECT_EQ(head.find("close"), std::string::npos);
}

}  // namespace
}  // namespace ambassador::http
