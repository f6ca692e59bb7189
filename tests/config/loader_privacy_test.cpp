// What the service keeps and who it believes: [retention], http.trusted_proxies, http.metrics_allow.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigPrivacy, DefaultsTrustNoProxyServeMetricsToLoopbackAndKeepRowsForAWhile) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  const Config& config = result.config;
  EXPECT_THAT(config.http.trusted_proxies, IsEmpty());
  EXPECT_THAT(config.http.metrics_allow, ElementsAre("127.0.0.0/8", "::1/128"));
  EXPECT_EQ(config.retention.clicks_days, 30);
  EXPECT_EQ(config.retention.outbox_days, 30);
  EXPECT_EQ(config.retention.local_messages_days, 30);
  EXPECT_EQ(config.retention.ideas_days, 180);
}

TEST(ConfigPrivacy, ReadsProxiesAndMetricsAllowList) {
  const LoadResult result = parse_with_department(R"(
[http]
trusted_proxies = ["10.0.0.0/8", "2001:db8::1"]
metrics_allow = ["192.0.2.0/24"]
)");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.config.http.trusted_proxies, ElementsAre("10.0.0.0/8", "2001:db8::1"));
  EXPECT_THAT(result.config.http.metrics_allow, ElementsAre("192.0.2.0/24"));
}

TEST(ConfigPrivacy, AnEmptyMetricsAllowListServesMetricsToNobody) {
  const LoadResult result = parse_with_department("[http]\nmetrics_allow = []\n");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_THAT(result.config.http.metrics_allow, IsEmpty());
}

TEST(ConfigPrivacy, ReportsEveryInvalidCidrAtItsIndex) {
  const LoadResult result = parse_with_department(R"(
[http]
trusted_proxies = ["10.0.0.0/8", "proxy.internal", "10.1.2.3/8"]
metrics_allow = ["::1/129"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("http.trusted_proxies[1]", "'proxy.internal' is not an IPv4 or IPv6 address"),
                          ErrorAt("http.trusted_proxies[2]", "bits set past the prefix length"),
                          ErrorAt("http.metrics_allow[0]", "from 0 to 128")));
}

TEST(ConfigPrivacy, ACidrListMustBeAnArrayOfStrings) {
  const LoadResult result = parse_with_department("[http]\ntrusted_proxies = \"10.0.0.0/8\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("http.trusted_proxies", "expected an array")));
}

TEST(ConfigPrivacy, ReadsRetention) {
  const LoadResult result = parse_with_department(R"(
[retention]
clicks_days = 7
outbox_days = 14
local_messages_days = 1
ideas_days = 365
)");
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.retention.clicks_days, 7);
  EXPECT_EQ(result.config.retention.outbox_days, 14);
  EXPECT_EQ(result.config.retention.local_messages_days, 1);
  EXPECT_EQ(result.config.retention.ideas_days, 365);
}

TEST(ConfigPrivacy, RetentionOfLessThanADayIsRefused) {
  const LoadResult result = parse_with_department("[retention]\nclicks_days = 0\nideas_days = -5\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("retention.clicks_days", "must be between 1 and 36500, got 0"),
                                         ErrorAt("retention.ideas_days", "must be between 1 and 36500, got -5")));
}

TEST(ConfigPrivacy, UnknownRetentionKeyIsAnError) {
  const LoadResult result = parse_with_department("[retention]\nclick_days = 10\n");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("retention.click_days", "unknown key 'click_days'; did you mean 'clicks_days'?")));
}

}  // namespace
}  // namespace ambassador::config
