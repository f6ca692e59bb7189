// [platforms.*].api_base_url: every request to it carries the bot token, so plain http is for loopback only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/checks.hpp"
#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

LoadResult with_api_base_url(const std::string& platform, const std::string& url) {
  return parse_with_department("[platforms." + platform + "]\napi_base_url = \"" + url + "\"\n");
}

TEST(ConfigApiBaseUrl, RefusesPlainHttpToAnotherHostNamingTheKey) {
  for (const std::string platform : {"slack", "telegram"}) {
    for (const std::string url : {"http://slack.example.org/api", "http://10.0.0.5:8080", "http://127.0.0.1.nip.io",
                                  "http://127.0.0.1@proxy.example.org/api", "http://localhost.example.org",
                                  "http://127.1:8080", "http://[::2]:8080"}) {
      EXPECT_THAT(with_api_base_url(platform, url).errors,
                  ElementsAre(ErrorAt("platforms." + platform + ".api_base_url", "must be an https:// URL")))
          << url;
    }
  }
}

TEST(ConfigApiBaseUrl, AcceptsHttpsAndPlainHttpToLoopback) {
  for (const std::string url : {"https://slack.example.org/api", "http://127.0.0.1:9999/api", "http://127.8.9.10",
                                "http://[::1]:8081/api", "http://localhost:8081", "http://LocalHost"}) {
    const LoadResult result = with_api_base_url("telegram", url);
    EXPECT_THAT(result.errors, IsEmpty()) << url;
    EXPECT_EQ(result.config.platforms.telegram.api_base_url, url.ends_with('/') ? url.substr(0, url.size() - 1) : url);
  }
}

TEST(ConfigApiBaseUrl, DefaultsAreHttps) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.platforms.slack.api_base_url, "https://slack.com/api");
  EXPECT_EQ(result.config.platforms.telegram.api_base_url, "https://api.telegram.org");
}

TEST(ConfigChecks, ReadsTheHostOfAUrl) {
  EXPECT_EQ(checks::url_host("http://127.0.0.1:9999/api"), "127.0.0.1");
  EXPECT_EQ(checks::url_host("http://user:pw@example.org:80/x"), "example.org");
  EXPECT_EQ(checks::url_host("http://[::1]:8080/x"), "::1");
  EXPECT_EQ(checks::url_host("https://example.org?x=@127.0.0.1"), "example.org");
}

}  // namespace
}  // namespace ambassador::config
