// The dashboard's files as /app serves them: compiled in, with their type, an ETag that answers 304, gzip for
// clients that take it, and a Content-Security-Policy that allows only the service's own scripts and styles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/app/dashboard_routes.hpp"
#include "bot/app/web_assets.hpp"
#include "dashboard_fixture.hpp"

namespace ambassador::testing {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

class WebAssetsTest : public DashboardTest {
 protected:
  std::optional<HttpReply> get(const std::string& target, const std::vector<std::string>& headers = {}) {
    return http_exchange(port_, raw_request("GET", target, headers));
  }
};

TEST_F(WebAssetsTest, AppServesThePageWithAStrictPolicy) {
  start();
  for (const auto* target : {"/app", "/app/", "/app/index.html"}) {
    const auto page = get(target);
    ASSERT_EQ(page->status, 200) << target;
    EXPECT_EQ(page->header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(page->header("Content-Security-Policy"), std::string(app::kDashboardCsp));
    EXPECT_EQ(page->header("X-Content-Type-Options"), "nosniff");
    EXPECT_THAT(page->body, HasSubstr("<script type=\"module\" src=\"/app/app.js\">"));
  }
  EXPECT_THAT(std::string(app::kDashboardCsp), HasSubstr("script-src 'self';"));
  EXPECT_THAT(std::string(app::kDashboardCsp), Not(HasSubstr("unsafe")));
}

TEST_F(WebAssetsTest, EveryFileHasItsTypeAndChartJsComesFromDebian) {
  start();
  EXPECT_EQ(get("/app/app.js")->header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/app/app.css")->header("Content-Type"), "text/css; charset=utf-8");
  const auto chart = get("/app/chart.min.js");
  ASSERT_EQ(chart->status, 200);
  EXPECT_THAT(chart->body, HasSubstr("Chart.js"));
  EXPECT_EQ(get("/app/nothing.js")->status, 404);
  EXPECT_EQ(get("/app/..%2Fconfig.toml")->status, 404);
}

TEST_F(WebAssetsTest, EtagRevalidatesWithNotModified) {
  start();
  const auto first = get("/app/app.js");
  const auto etag = first->header("ETag");
  ASSERT_THAT(etag, ::testing::MatchesRegex("\"[0-9a-f]{20}\""));
  EXPECT_EQ(first->header("Cache-Control"), "no-cache");
  const auto again = get("/app/app.js", {"If-None-Match: " + etag});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(get("/app/app.js", {"If-None-Match: \"other\""})->status, 200);
}

TEST_F(WebAssetsTest, GzipOnlyForClientsThatAcceptIt) {
  start();
  const auto plain = get("/app/chart.min.js");
  const auto zipped = get("/app/chart.min.js", {"Accept-Encoding: gzip, deflate"});
  EXPECT_TRUE(plain->header("Content-Encoding").empty());
  EXPECT_EQ(zipped->header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->header("Vary"), "Accept-Encoding");
  ASSERT_GE(zipped->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(zipped->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(zipped->body[1]), 0x8b);
  EXPECT_LT(zipped->body.size(), plain->body.size() / 2);
}

// The page's first load (every file it loads, gzipped) stays under 300 KB.
TEST(WebAssets, FirstLoadIsUnder300KilobytesGzipped) {
  std::size_t total = 0;
  for (const auto& asset : app::web_assets()) {
    total += asset.gzipped.size();
    if (asset.name != "index.html") continue;
    EXPECT_THAT(std::string(asset.body), Not(HasSubstr("<script>"))) << "no inline script";
    EXPECT_THAT(std::string(asset.body), Not(HasSubstr(" style=\""))) << "no inline style";
  }
  EXPECT_LT(total, 300u * 1024);
}

}  // namespace
}  // namespace ambassador::testing
