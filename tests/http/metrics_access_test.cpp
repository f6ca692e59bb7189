// /metrics over a real loopback connection: served to the peers http.metrics_allow lists, 403 for the others.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/app/ops_routes.hpp"
#include "bot/http/cidr.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "bot/http/server.hpp"
#include "loopback_client.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::app {
namespace {

class MetricsAccessTest : public ::testing::Test {
 protected:
  ~MetricsAccessTest() override {
    work.reset();
    io.stop();
    if (thread.joinable()) thread.join();
    if (store) store->stop();
  }

  void start(const std::vector<std::string>& allow) {
    {
      storage::Connection db(ambassador::testing::database(dir, "ops.sqlite3"), 5000);
      storage::migrate(db);
    }
    store = std::make_unique<storage::Store>(storage::StoreOptions{ambassador::testing::database(dir, "ops.sqlite3")});
    metrics.add_gauge("ambassador_test_gauge", "A gauge the test looks for.", [] { return 7.0; });
    add_ops_routes(router, *store, metrics, shutting_down, http::parse_cidrs(allow, "http.metrics_allow"));
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    server = std::make_unique<http::Server>(io, options, router, metrics);
    server->start();
    thread = std::thread([this] { io.run(); });
  }

  std::optional<testing::HttpReply> get(const std::string& target) {
    testing::LoopbackClient client(server->port());
    return client.exchange(testing::raw_request("GET", target));
  }

  testing::TempDir dir;
  std::unique_ptr<storage::Store> store;
  std::atomic<bool> shutting_down{false};
  http::Router router;
  http::Metrics metrics;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
  std::unique_ptr<http::Server> server;
  std::thread thread;
};

TEST_F(MetricsAccessTest, LoopbackIsServedByTheDefaultList) {
  start({"127.0.0.0/8", "::1/128"});
  const auto reply = get("/metrics");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_NE(reply->body.find("ambassador_test_gauge 7"), std::string::npos) << reply->body;
}

TEST_F(MetricsAccessTest, APeerOutsideTheListGets403AndNoMetrics) {
  start({"10.0.0.0/8"});
  const auto reply = get("/metrics");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 403);
  EXPECT_EQ(reply->body.find("ambassador_test_gauge"), std::string::npos);
  const auto health = get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << "only /metrics is restricted";
}

TEST_F(MetricsAccessTest, AForwardedForHeaderDoesNotOpenMetrics) {
  start({"10.0.0.0/8"});
  testing::LoopbackClient client(server->port());
  const auto reply = client.exchange(testing::raw_request("GET", "/metrics", {"X-Forwarded-For: 10.0.0.1"}));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 403);
}

}  // namespace
}  // namespace ambassador::app
