// Keep-alive reuse, the per-host cap and queue, stale pooled connections, and shutdown.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "client_test_fixture.hpp"

namespace ambassador::testing {
namespace {

TEST_F(HttpClientTest, ReusesOneConnectionForSequentialRequests) {
  FakeHttpServer server;
  auto client = make_client();

  for (int i = 0; i < 10; ++i) {
    auto response = fetch(*client, post(server.url("/api/chat.postMessage"), "{\"n\":" + std::to_string(i) + "}"));
    ASSERT_EQ(response.status, 200) << response.error;
  }

  EXPECT_EQ(server.request_count(), 10u);
  EXPECT_EQ(server.accepted_connections(), 1u);
}

TEST_F(HttpClientTest, CapsConcurrentRequestsPerHost) {
  FakeHttpServer server([](const RecordedRequest&) {
    auto response = FakeResponse::json(200, "{}");
    response.delay = std::chrono::milliseconds(5);  // keeps requests overlapping; no test timing depends on it
    return response;
  });
  auto client = make_client({.max_connections_per_host = 2});
  std::vector<std::future<http::ClientResponse>> futures;

  on_io_thread([&] {
    for (int i = 0; i < 20; ++i) futures.push_back(send(*client, get(server.url("/r" + std::to_string(i)))));
  });

  for (auto& future : futures) EXPECT_EQ(await(future).status, 200);
  EXPECT_EQ(server.request_count(), 20u);
  EXPECT_LE(server.peak_concurrent_requests(), 2u);
  // All 20 were queued before the first connection completed, so the cap (not luck) decides: exactly two.
  EXPECT_EQ(server.accepted_connections(), 2u);
}

TEST_F(HttpClientTest, QueuesRequestsBeyondTheLimitInArrivalOrder) {
  FakeHttpServer server;
  auto client = make_client({.max_connections_per_host = 1});
  std::vector<std::future<http::ClientResponse>> futures;

  on_io_thread([&] {
    for (int i = 0; i < 6; ++i) futures.push_back(send(*client, get(server.url("/" + std::to_string(i)))));
  });

  for (auto& future : futures) EXPECT_EQ(await(future).status, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  for (std::size_t i = 0; i < requests.size(); ++i) EXPECT_EQ(requests[i].target, "/" + std::to_string(i));
  EXPECT_EQ(server.accepted_connections(), 1u);
}

TEST_F(HttpClientTest, ReconnectsAfterTheServerClosedAnIdleConnection) {
  FakeHttpServer server([](const RecordedRequest& request) {
    auto response = FakeResponse::json(200, "{}");
    response.close_after_answer = request.target == "/first";
    return response;
  });
  auto client = make_client();

  auto first = fetch(*client, get(server.url("/first")));
  ASSERT_TRUE(server.wait_for_open_connections(0));
  auto second = fetch(*client, get(server.url("/second")));

  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200) << second.error;
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(server.accepted_connections(), 2u);
}

TEST_F(HttpClientTest, ReconnectsWhenTheServerDropsAConnectionAsItIsReused) {
  // The server closes right after answering, racing the client's next request on that connection.
  FakeHttpServer server([](const RecordedRequest&) {
    auto response = FakeResponse::json(200, "{}");
    response.close_after_answer = true;
    return response;
  });
  auto client = make_client();

  for (int i = 0; i < 5; ++i) {
    auto response = fetch(*client, get(server.url("/" + std::to_string(i))));
    EXPECT_EQ(response.status, 200) << response.error;
  }
  EXPECT_EQ(server.accepted_connections(), 5u);
}

TEST_F(HttpClientTest, ResendsAGetOnceWhenAReusedConnectionDropsItUnanswered) {
  FakeHttpServer server([](const RecordedRequest& request) {
    auto response = FakeResponse::json(200, "{}");
    response.close_without_answer = request.target != "/warm-up";
    return response;
  });
  auto client = make_client();
  ASSERT_EQ(fetch(*client, get(server.url("/warm-up"))).status, 200);

  auto response = fetch(*client, get(server.url("/read")));

  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error.empty());
  // The pooled attempt and exactly one retry on a fresh connection; never more.
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(server.accepted_connections(), 2u);
}

// The server may have acted on a POST before it hung up (posted the chat message): it is not sent again here, and
// the caller learns that it may have been delivered, so it can look before it sends again.
TEST_F(HttpClientTest, DoesNotResendAPostAReusedConnectionDroppedAndSaysItMayHaveBeenDelivered) {
  FakeHttpServer server([](const RecordedRequest& request) {
    auto response = FakeResponse::json(200, "{}");
    response.close_without_answer = request.target != "/warm-up";
    return response;
  });
  auto client = make_client();
  ASSERT_EQ(fetch(*client, get(server.url("/warm-up"))).status, 200);

  auto response = fetch(*client, post(server.url("/send"), "hello"));

  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.maybe_delivered);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(HttpClientTest, DoesNotResendWhenAFreshConnectionIsDropped) {
  FakeHttpServer server([](const RecordedRequest&) {
    FakeResponse response;
    response.close_without_answer = true;
    return response;
  });
  auto client = make_client();

  auto response = fetch(*client, post(server.url("/send"), "hello"));

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error.rfind("read: ", 0), 0u) << response.error;
  EXPECT_TRUE(response.maybe_delivered);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, DoesNotResendAfterPartOfTheAnswerArrived) {
  FakeHttpServer server([](const RecordedRequest& request) {
    auto response = FakeResponse::json(200, "{}");
    if (request.target != "/warm-up") response.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial";
    return response;
  });
  auto client = make_client();
  ASSERT_EQ(fetch(*client, get(server.url("/warm-up"))).status, 200);

  auto response = fetch(*client, post(server.url("/send"), "hello"));

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error.rfind("read: ", 0), 0u) << response.error;
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(server.accepted_connections(), 1u);
}

TEST_F(HttpClientTest, ShutdownFailsQueuedRequestsAndLetsTheActiveOneFinish) {
  FakeHttpServer server;
  auto client = make_client({.max_connections_per_host = 1});
  std::vector<std::future<http::ClientResponse>> futures;

  on_io_thread([&] {
    for (int i = 0; i < 3; ++i) futures.push_back(send(*client, get(server.url("/" + std::to_string(i)))));
    client->shutdown();
  });

  EXPECT_EQ(await(futures[0]).status, 200);
  for (std::size_t i = 1; i < futures.size(); ++i) {
    auto response = await(futures[i]);
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.error, "client shut down");
  }
  auto late = fetch(*client, get(server.url("/late")));
  EXPECT_EQ(late.error, "client shut down");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(HttpClientTest, ShutdownClosesIdleConnections) {
  FakeHttpServer server;
  auto client = make_client();
  ASSERT_EQ(fetch(*client, get(server.url("/"))).status, 200);
  ASSERT_EQ(server.open_connections(), 1u);

  client->shutdown();

  EXPECT_TRUE(server.wait_for_open_connections(0));
}

class MultiThreadedHttpClientTest : public HttpClientTest {
 protected:
  int io_threads() const override { return 4; }
};

TEST_F(MultiThreadedHttpClientTest, StaysWithinTheCapWhenCalledFromManyThreads) {
  FakeHttpServer server;
  auto client = make_client({.max_connections_per_host = 3});
  constexpr int kCallers = 4;
  constexpr int kPerCaller = 25;
  std::vector<std::vector<std::future<http::ClientResponse>>> futures(kCallers);
  std::vector<std::thread> callers;

  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      for (int i = 0; i < kPerCaller; ++i)
        futures[c].push_back(send(*client, post(server.url("/" + std::to_string(c) + "/" + std::to_string(i)), "x")));
    });
  }
  for (auto& caller : callers) caller.join();

  for (auto& of_caller : futures)
    for (auto& future : of_caller) EXPECT_EQ(await(future).status, 200);
  EXPECT_EQ(server.request_count(), static_cast<std::size_t>(kCallers * kPerCaller));
  EXPECT_LE(server.accepted_connections(), 3u);
  EXPECT_LE(server.peak_concurrent_requests(), 3u);
}

}  // namespace
}  // namespace ambassador::testing
