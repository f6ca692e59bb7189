#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "bot/http/server.hpp"
#include "loopback_client.hpp"

namespace ambassador::http {
namespace {

using ambassador::testing::http_exchange;
using ambassador::testing::HttpReply;
using ambassador::testing::LoopbackClient;
using ambassador::testing::raw_request;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr auto kDeadline = 5s;
// Far more than a loopback socket's send buffer takes at once: the answer must be finished asynchronously.
constexpr std::size_t kBigBody = 16 * 1024 * 1024;

std::string error_code_of(const HttpReply& reply) {
  const auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "(not an error body: " + reply.body + ")";
  return body["error"].value("code", "(no code)");
}

// A request parked by its handler until the test answers it.
struct ParkedRequest {
  std::mutex mutex;
  std::optional<Responder> responder;
  std::promise<void> arrived;

  void answer(Response response) {
    Responder respond;
    {
      std::lock_guard lock(mutex);
      respond = std::move(*responder);
      responder.reset();
    }
    respond(std::move(response));
  }
};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.add("GET", "/hello",
                [](Request, RouteParams, Responder respond) { respond(Response::text(200, "hello world")); });
    router_.add("POST", "/echo",
                [](Request request, RouteParams, Responder respond) { respond(Response::text(200, request.body)); });
    router_.add("GET", "/big", [](Request, RouteParams, Responder respond) {
      std::string body(kBigBody, 'b');
      for (std::size_t i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('A' + (i / 4096) % 26);
      respond(Response::text(200, std::move(body)));
    });
    router_.add("GET", "/request-id", [](Request request, RouteParams, Responder respond) {
      respond(Response::text(200, request.request_id));
    });
    router_.add("GET", "/throw", [](Request, RouteParams, Responder) { throw std::runtime_error("handler bug"); });
    router_.add("GET", "/throw-odd", [](Request, RouteParams, Responder) { throw 42; });  // not a std::exception
    router_.add("GET", "/forget", [](Request, RouteParams, Responder) { /* never answers */ });
    router_.add("GET", "/slow", [parked = parked_](Request, RouteParams, Responder respond) {
      {
        std::lock_guard lock(parked->mutex);
        parked->responder = std::move(respond);
      }
      parked->arrived.set_value();
    });
  }

  ~ServerTest() override {
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  void start(ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(io_, options, router_, metrics_);
    server_->start();
    port_ = server_->port();
    thread_ = std::thread([this] { io_.run(); });
  }

  // Polls the metrics until `text` shows up (a request is counted just after its answer is written).
  bool metrics_eventually_contain(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      if (metrics_.render().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  Router router_;
  Metrics metrics_;
  std::shared_ptr<ParkedRequest> parked_ = std::make_shared<ParkedRequest>();
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(ServerTest, AnswersARequestOnAnEphemeralPort) {
  start();
  EXPECT_NE(port_, 0);
  const auto reply = http_exchange(port_, raw_request("GET", "/hello"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "hello world");
  EXPECT_EQ(reply->header("Content-Type"), "text/plain; charset=utf-8");
}

TEST_F(ServerTest, KeepsTheConnectionAliveForASecondRequest) {
  start();
  LoopbackClient client(port_);
  const auto first = client.exchange(raw_request("GET", "/hello"));
  ASSERT_TRUE(first) << client.last_error().message();
  EXPECT_TRUE(first->keep_alive);
  const auto second = client.exchange(raw_request("POST", "/echo", {}, "same socket", "text/plain"));
  ASSERT_TRUE(second) << client.last_error().message();
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "same socket");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  start();
  LoopbackClient client(port_);
  ASSERT_FALSE(client.send(raw_request("POST", "/echo", {}, "one", "text/plain") +
                           raw_request("POST", "/echo", {}, "two", "text/plain")));
  const auto first = client.read_response();
  const auto second = client.read_response();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->body, "one");
  EXPECT_EQ(second->body, "two");
}

// The server parses what one read brought in and reads on only when that is not a whole request.
TEST_F(ServerTest, AnswersARequestThatArrivesInPieces) {
  start();
  LoopbackClient client(port_);
  const std::string request = raw_request("POST", "/echo", {}, "pieces of a body", "text/plain");
  const auto header_end = request.find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos);
  for (const auto& piece : {request.substr(0, 10), request.substr(10, header_end - 8),
                            request.substr(header_end + 2, 8), request.substr(header_end + 10)}) {
    ASSERT_FALSE(client.send(piece));
    std::this_thread::sleep_for(30ms);  // each piece arrives on its own
  }
  const auto reply = client.read_response();
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "pieces of a body");
  const auto again = client.exchange(raw_request("GET", "/hello"));  // and the connection is still in step
  ASSERT_TRUE(again) << client.last_error().message();
  EXPECT_EQ(again->body, "hello world");
}

// The server writes what the socket takes at once and leaves the rest to an asynchronous write.
TEST_F(ServerTest, SendsAnAnswerLargerThanTheSocketBufferToAClientThatReadsLate) {
  start();
  LoopbackClient client(port_);
  ASSERT_FALSE(client.send(raw_request("GET", "/big")));
  std::this_thread::sleep_for(200ms);  // the socket's buffers fill up, the rest has to wait
  const auto reply = client.read_response(10s);
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 200);
  ASSERT_EQ(reply->body.size(), kBigBody);
  for (std::size_t i = 0; i < reply->body.size(); i += 4096)
    ASSERT_EQ(reply->body[i], static_cast<char>('A' + (i / 4096) % 26)) << "at " << i;
  const auto again = client.exchange(raw_request("GET", "/hello"));
  ASSERT_TRUE(again) << client.last_error().message();
  EXPECT_EQ(again->body, "hello world");
}

TEST_F(ServerTest, ClosesWhenTheClientAsksForIt) {
  start();
  LoopbackClient client(port_);
  const auto reply = client.exchange(raw_request("GET", "/hello", {"Connection: close"}));
  ASSERT_TRUE(reply);
  EXPECT_FALSE(reply->keep_alive);
  EXPECT_TRUE(client.wait_closed(kDeadline));
}

TEST_F(ServerTest, HeadAnswersHeadersWithoutTheBody) {
  start();
  LoopbackClient client(port_);
  const auto head = client.exchange(raw_request("HEAD", "/hello"), kDeadline, /*head=*/true);
  ASSERT_TRUE(head) << client.last_error().message();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "11");
  EXPECT_EQ(head->body, "");
  // No stray body bytes were sent: the next response on the connection parses cleanly.
  const auto get = client.exchange(raw_request("GET", "/hello"));
  ASSERT_TRUE(get) << client.last_error().message();
  EXPECT_EQ(get->body, "hello world");
}

TEST_F(ServerTest, UnknownRouteIs404AndWrongMethodIs405) {
  start();
  const auto missing = http_exchange(port_, raw_request("GET", "/nope"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(error_code_of(*missing), "not_found");
  const auto wrong = http_exchange(port_, raw_request("DELETE", "/hello"));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->header("Allow"), "GET");
}

TEST_F(ServerTest, ThrowingHandlerIsAnswered500) {
  start();
  LoopbackClient client(port_);
  const auto reply = client.exchange(raw_request("GET", "/throw"));
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(error_code_of(*reply), "internal_error");
  // The connection survives a handler bug.
  const auto next = client.exchange(raw_request("GET", "/hello"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

// A handler throwing something that is not a std::exception is answered 500 like any handler bug, and its
// connection's place under the cap is given back: otherwise a few such requests would leave everyone refused (503).
TEST_F(ServerTest, AnOddExceptionIsAnswered500AndGivesItsConnectionBack) {
  ServerOptions options;
  options.max_connections = 2;
  start(options);
  for (int i = 0; i < 3; ++i) {
    const auto reply = http_exchange(port_, raw_request("GET", "/throw-odd"));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 500);
  }
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (server_->connections() != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(server_->connections(), 0);
  const auto reply = http_exchange(port_, raw_request("GET", "/hello"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
}

TEST_F(ServerTest, HandlerThatNeverAnswersIsAnswered500) {
  start();
  const auto reply = http_exchange(port_, raw_request("GET", "/forget"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(error_code_of(*reply), "internal_error");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  ServerOptions options;
  options.body_limit_bytes = 1024;
  start(options);
  const auto within = http_exchange(port_, raw_request("POST", "/echo", {}, std::string(1024, 'a'), "text/plain"));
  ASSERT_TRUE(within);
  EXPECT_EQ(within->status, 200);
  EXPECT_EQ(within->body.size(), 1024u);

  // Announce a large body but do not send it: the server must refuse on the header alone (and no unread
  // bytes are left to turn its close into a reset that could swallow the answer).
  LoopbackClient client(port_);
  const auto reply = client.exchange(
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 4096\r\n\r\n");
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(error_code_of(*reply), "payload_too_large");
  EXPECT_FALSE(reply->keep_alive);
  EXPECT_TRUE(client.wait_closed(kDeadline));
}

TEST_F(ServerTest, OversizeHeadersAre431) {
  start();
  LoopbackClient client(port_);
  const auto reply = client.exchange(raw_request("GET", "/hello", {"X-Padding: " + std::string(17 * 1024, 'x')}));
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 431);
  EXPECT_EQ(error_code_of(*reply), "headers_too_large");
  EXPECT_TRUE(client.wait_closed(kDeadline));
}

TEST_F(ServerTest, GarbageIs400) {
  start();
  LoopbackClient client(port_);
  const auto reply = client.exchange("this is not http\r\n\r\n");
  ASSERT_TRUE(reply) << client.last_error().message();
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(error_code_of(*reply), "bad_request");
  EXPECT_TRUE(client.wait_closed(kDeadline));
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  start();
  const auto reply = http_exchange(port_, raw_request("GET", "http://example.org/hello"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(error_code_of(*reply), "bad_target");
}

TEST_F(ServerTest, SlowClientIsClosedAfterTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = 1s;
  options.idle_timeout = 60s;  // so only the read timeout can close it
  start(options);
  LoopbackClient client(port_);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_FALSE(client.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"));  // ... and never the blank line
  std::string received;
  EXPECT_TRUE(client.wait_closed(10s, &received));
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 500ms);  // closed by the timeout, not at once
  EXPECT_EQ(received, "");   // no answer to half a request
}

TEST_F(ServerTest, ConnectionsOverTheCapGet503) {
  ServerOptions options;
  options.max_connections = 1;
  start(options);
  LoopbackClient first(port_);
  const auto served = first.exchange(raw_request("GET", "/hello"));  // the first connection is now counted
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);

  LoopbackClient second(port_);
  const auto refused = second.read_response();
  ASSERT_TRUE(refused) << second.last_error().message();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("Retry-After"), "1");
  EXPECT_EQ(error_code_of(*refused), "overloaded");
  EXPECT_TRUE(second.wait_closed(kDeadline));

  // Once the first connection is gone, a new one is served again.
  first.close();
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    const auto reply = http_exchange(port_, raw_request("GET", "/hello"));
    status = reply ? reply->status : 0;
    if (status != 200) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, EchoesAValidRequestIdAndGeneratesOtherwise) {
  start();
  const auto echoed = http_exchange(port_, raw_request("GET", "/request-id", {"X-Request-Id: trace-42.a_b"}));
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->header("X-Request-Id"), "trace-42.a_b");
  EXPECT_EQ(echoed->body, "trace-42.a_b");  // the handler sees the same id

  const auto generated = http_exchange(port_, raw_request("GET", "/request-id"));
  ASSERT_TRUE(generated);
  EXPECT_FALSE(generated->header("X-Request-Id").empty());
  EXPECT_EQ(generated->body, generated->header("X-Request-Id"));

  const auto another = http_exchange(port_, raw_request("GET", "/request-id"));
  ASSERT_TRUE(another);
  EXPECT_NE(another->header("X-Request-Id"), generated->header("X-Request-Id"));

  // An id that could inject into logs (spaces, too long) is replaced.
  const auto hostile = http_exchange(port_, raw_request("GET", "/request-id", {"X-Request-Id: a b\"c"}));
  ASSERT_TRUE(hostile);
  EXPECT_NE(hostile->header("X-Request-Id"), "a b\"c");
  EXPECT_FALSE(hostile->header("X-Request-Id").empty());
  const auto long_id =
      http_exchange(port_, raw_request("GET", "/request-id", {"X-Request-Id: " + std::string(65, 'a')}));
  ASSERT_TRUE(long_id);
  EXPECT_NE(long_id->header("X-Request-Id"), std::string(65, 'a'));
}

TEST_F(ServerTest, ErrorAnswersCarryARequestIdToo) {
  start();
  const auto reply = http_exchange(port_, raw_request("GET", "/nope", {"X-Request-Id: lost-1"}));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->header("X-Request-Id"), "lost-1");
}

TEST_F(ServerTest, CountsAnsweredRequestsInMetrics) {
  start();
  ASSERT_TRUE(http_exchange(port_, raw_request("GET", "/hello")));
  ASSERT_TRUE(http_exchange(port_, raw_request("GET", "/nope")));
  EXPECT_TRUE(metrics_eventually_contain("ambassador_http_requests_total{route=\"/hello\",status=\"200\"} 1\n"));
  EXPECT_TRUE(metrics_eventually_contain("ambassador_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_TRUE(metrics_eventually_contain("ambassador_http_request_duration_seconds_count{route=\"/hello\"} 1\n"));
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequestsAndRefusesNewConnections) {
  ServerOptions options;
  options.shutdown_grace = 30s;  // far beyond the test: only the in-flight request may hold shutdown up
  start(options);

  LoopbackClient idle(port_);
  ASSERT_TRUE(idle.exchange(raw_request("GET", "/hello")));  // an idle keep-alive connection

  LoopbackClient busy(port_);
  ASSERT_FALSE(busy.send(raw_request("GET", "/slow")));
  ASSERT_EQ(parked_->arrived.get_future().wait_for(kDeadline), std::future_status::ready);

  std::promise<void> stopped;
  auto stopped_future = stopped.get_future();
  server_->shutdown([&stopped] { stopped.set_value(); });

  // The idle connection is closed at once; new connections are refused.
  EXPECT_TRUE(idle.wait_closed(kDeadline));
  bool refused = false;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code error;
    LoopbackClient probe(port_, error);
    refused = error == boost::asio::error::connection_refused;
    if (!refused) std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(refused) << "the listener still accepts connections during shutdown";

  // The in-flight request holds the shutdown until it is answered.
  EXPECT_EQ(stopped_future.wait_for(0s), std::future_status::timeout);
  parked_->answer(Response::text(200, "finished late"));
  const auto reply = busy.read_response();
  ASSERT_TRUE(reply) << busy.last_error().message();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "finished late");
  EXPECT_FALSE(reply->keep_alive);  // no further requests on a stopping server
  EXPECT_EQ(stopped_future.wait_for(kDeadline), std::future_status::ready);
  EXPECT_EQ(server_->connections(), 0);
}

}  // namespace
}  // namespace ambassador::http
