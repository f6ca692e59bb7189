#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "bot/http/metrics.hpp"

namespace ambassador::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  return lines;
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Metrics metrics;
  metrics.route("/healthz").observe(200, 0.001);
  metrics.route("/healthz").observe(200, 0.002);
  metrics.route("/healthz").observe(503, 0.002);
  metrics.route("/readyz").observe(200, 0.001);
  const auto text = metrics.render();
  EXPECT_THAT(text, HasSubstr("# TYPE ambassador_http_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("\nambassador_http_requests_total{route=\"/healthz\",status=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("\nambassador_http_requests_total{route=\"/healthz\",status=\"503\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("\nambassador_http_requests_total{route=\"/readyz\",status=\"200\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("status=\"404\"")));  // statuses never seen are not listed
}

TEST(Metrics, RouteReturnsTheSameCountersForTheSameName) {
  Metrics metrics;
  auto& first = metrics.route("/x");
  for (int i = 0; i < 20; ++i) metrics.route("/route-" + std::to_string(i));  // growth must not move "/x"
  EXPECT_EQ(&metrics.route("/x"), &first);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  auto& route = metrics.route("/slow");
  route.observe(200, 0.00390625);  // le 0.005 (2^-8: exact in binary, so the sum below is exact too)
  route.observe(200, 0.00390625);
  route.observe(200, 2.0);   // le 5
  route.observe(200, 60.0);  // only +Inf
  const auto text = metrics.render();
  EXPECT_THAT(text, HasSubstr("# TYPE ambassador_http_request_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/slow\",le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/slow\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/slow\",le=\"0.5\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/slow\",le=\"5\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/slow\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_count{route=\"/slow\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_sum{route=\"/slow\"} 62.007812\n"));

  const auto buckets = lines_starting_with(text, "ambassador_http_request_duration_seconds_bucket{route=\"/slow\"");
  ASSERT_EQ(buckets.size(), RouteMetrics::kBuckets.size() + 1);
  long previous = 0;
  for (const auto& line : buckets) {
    const long value = std::stol(line.substr(line.rfind(' ') + 1));
    EXPECT_GE(value, previous) << line;
    previous = value;
  }
  EXPECT_THAT(buckets.back(), HasSubstr("le=\"+Inf\""));
}

TEST(Metrics, BoundaryValueFallsInItsOwnBucket) {
  Metrics metrics;
  metrics.route("/edge").observe(200, 0.005);  // le is "less than or equal"
  const auto text = metrics.render();
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/edge\",le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("ambassador_http_request_duration_seconds_bucket{route=\"/edge\",le=\"0.005\"} 1\n"));
}

TEST(Metrics, RendersSampledGaugesAndCounters) {
  Metrics metrics;
  double depth = 3;
  metrics.add_gauge("ambassador_test_queue", "Jobs waiting.", [&depth] { return depth; });
  metrics.add_counter("ambassador_test_total", "Things done.", [] { return 42.0; });
  depth = 7.5;  // read at scrape time, not at registration
  const auto text = metrics.render();
  EXPECT_THAT(text, HasSubstr("# HELP ambassador_test_queue Jobs waiting.\n# TYPE ambassador_test_queue gauge\n"
                              "ambassador_test_queue 7.5\n"));
  EXPECT_THAT(text, HasSubstr("# HELP ambassador_test_total Things done.\n# TYPE ambassador_test_total counter\n"
                              "ambassador_test_total 42\n"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.route("/a\"b\\c\nd").observe(200, 0.001);
  EXPECT_THAT(metrics.render(), HasSubstr("route=\"/a\\\"b\\\\c\\nd\",status=\"200\"} 1\n"));
}

TEST(Metrics, EveryLineEndsWithANewline) {
  Metrics metrics;
  metrics.route("/x").observe(200, 0.001);
  const auto text = metrics.render();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace ambassador::http
