#pragma once
// A fake HTTP/1.1 server on 127.0.0.1 for tests that make real outbound calls (the HttpClient, fake Slack or
// Telegram APIs). It runs its own io_context thread, records every request, and answers each with a
// test-supplied handler. Keep-alive is honoured; plain HTTP by default, TLS when given a certificate.
//
//   FakeHttpServer server([](const RecordedRequest& request) {
//     return FakeResponse::json(200, R"({"ok":true})");
//   });
//   client.send({"POST", server.url("/api/chat.postMessage"), {}, body}, ...);
//   server.wait_for_requests(1);
//   EXPECT_EQ(server.requests()[0].header("Content-Type"), "application/json");
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <strings.h>

#include "bot/http/http_types.hpp"

namespace ambassador::testing {

struct RecordedRequest {
  std::string method;
  std::string target;     // path and query, as sent
  http::Headers headers;  // in arrival order
  std::string body;
  std::size_t connection = 0;  // which accepted connection it came on: 1, 2, ...

  // Case-insensitive; empty when absent.
  std::string_view header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
    return {};
  }
};

struct FakeResponse {
  int status = 200;
  http::Headers headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // answer this much later (the connection stays busy meanwhile)
  bool close_without_answer = false;   // read the request, then drop the connection unanswered
  bool close_after_answer = false;     // answer (still advertising keep-alive), then drop the connection
  std::optional<std::string> raw;      // write these bytes verbatim instead of a response, then drop the connection

  static FakeResponse json(int status, std::string body) {
    FakeResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = std::move(body);
    return response;
  }
  static FakeResponse text(int status, std::string body) {
    FakeResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "text/plain"}};
    response.body = std::move(body);
    return response;
  }
};

// PEM certificate (chain) and private key the server presents when it serves TLS.
struct FakeTlsIdentity {
  std::string certificate_pem;
  std::string private_key_pem;
};

class FakeHttpServer {
 public:
  // Called on the server's thread, one request at a time; must not block (use FakeResponse::delay instead).
  using Handler = std::function<FakeResponse(const RecordedRequest&)>;

  // Without a handler every request gets 200 {"ok":true}. Throws when the identity cannot be loaded.
  explicit FakeHttpServer(Handler handler = {}, std::optional<FakeTlsIdentity> tls = std::nullopt)
      : handler_(std::move(handler)), acceptor_(io_) {
    if (tls) {
      tls_context_.emplace(boost::asio::ssl::context::tls_server);
      tls_context_->use_certificate_chain(boost::asio::buffer(tls->certificate_pem));
      tls_context_->use_private_key(boost::asio::buffer(tls->private_key_pem), boost::asio::ssl::context::pem);
    }
    const boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    spawn(accept_loop());
    thread_ = std::thread([this] { io_.run(); });
  }

  ~FakeHttpServer() {
    io_.stop();
    thread_.join();
  }

  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port><path>" ("https://..." when serving TLS).
  std::string url(std::string_view path_and_query = "/") const {
    return std::string(tls_context_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
           std::string(path_and_query);
  }

  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  std::size_t accepted_connections() const {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  std::size_t open_connections() const {
    std::lock_guard lock(mutex_);
    return open_;
  }
  // The most requests that were being answered at the same moment.
  std::size_t peak_concurrent_requests() const {
    std::lock_guard lock(mutex_);
    return peak_in_flight_;
  }

  // True once at least `count` requests have arrived; false after `timeout`.
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
  }
  // True once exactly `count` connections are open; false after `timeout`.
  bool wait_for_open_connections(std::size_t count,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return open_ == count; });
  }

 private:
  template <typename Awaitable>
  void spawn(Awaitable awaitable) {
    boost::asio::co_spawn(io_, std::move(awaitable), [](std::exception_ptr error) {
      if (!error) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "FakeHttpServer: a connection failed: %s\n", e.what());
      }
    });
  }

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) co_return;
      std::size_t index;
      {
        std::lock_guard lock(mutex_);
        index = ++accepted_;
        ++open_;
      }
      changed_.notify_all();
      spawn(session(std::move(socket), index));
    }
  }

  boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket socket, std::size_t index) {
    namespace beast = boost::beast;
    boost::system::error_code ec;
    if (tls_context_) {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_context_);
      auto [handshake_error] = co_await stream.async_handshake(boost::asio::ssl::stream_base::server,
                                                               boost::asio::as_tuple(boost::asio::use_awaitable));
      if (!handshake_error) co_await serve(stream, index);
      beast::get_lowest_layer(stream).socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    } else {
      beast::tcp_stream stream(std::move(socket));
      co_await serve(stream, index);
      stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    changed_.notify_all();
  }

  template <typename Stream>
  boost::asio::awaitable<void> serve(Stream& stream, std::size_t index) {
    namespace beast = boost::beast;
    namespace bhttp = beast::http;
    constexpr auto no_throw = boost::asio::as_tuple(boost::asio::use_awaitable);
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      auto [read_error, read] = co_await bhttp::async_read(stream, buffer, parser, no_throw);
      if (read_error) co_return;  // closed by the client, or not HTTP at all
      auto& message = parser.get();
      RecordedRequest recorded;
      recorded.method = std::string(message.method_string());
      recorded.target = std::string(message.target());
      for (const auto& field : message) recorded.headers.emplace_back(field.name_string(), field.value());
      recorded.body = message.body();
      recorded.connection = index;
      Handler handler;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(recorded);
        peak_in_flight_ = std::max(peak_in_flight_, ++in_flight_);
        handler = handler_;
      }
      changed_.notify_all();
      FakeResponse response = handler ? handler(recorded) : FakeResponse::json(200, R"({"ok":true})");
      if (response.delay.count() > 0) {
        boost::asio::steady_timer timer(stream.get_executor(), response.delay);
        co_await timer.async_wait(no_throw);
      }
      bool keep_open = false;
      if (response.raw) {
        co_await boost::asio::async_write(stream, boost::asio::buffer(*response.raw), no_throw);
      } else if (!response.close_without_answer) {
        bhttp::response<bhttp::string_body> answer{static_cast<bhttp::status>(response.status), message.version()};
        for (const auto& [name, value] : response.headers) answer.insert(name, value);
        answer.body() = std::move(response.body);
        answer.keep_alive(message.keep_alive());
        answer.prepare_payload();
        if (message.method() == bhttp::verb::head) answer.body().clear();  // Content-Length stays: HEAD semantics
        auto [write_error, written] = co_await bhttp::async_write(stream, answer, no_throw);
        keep_open = !write_error && answer.keep_alive() && !response.close_after_answer;
      }
      {
        std::lock_guard lock(mutex_);
        --in_flight_;
      }
      if (!keep_open) co_return;
    }
  }

  // Declared before io_ so that they outlive the connections the io_context destroys.
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  Handler handler_;
  std::vector<RecordedRequest> requests_;
  std::size_t accepted_ = 0;
  std::size_t open_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t peak_in_flight_ = 0;
  std::optional<boost::asio::ssl::context> tls_context_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace ambassador::testing
