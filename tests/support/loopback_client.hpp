#pragma once
// A small HTTP/1.1 client for tests that talk to a real server on loopback: raw bytes out, parsed
// responses in, and every wait bounded by a deadline so a misbehaving server fails a test instead of
// hanging it. Each client owns its own io_context and runs it only while it waits.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ambassador::testing {

struct HttpReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool keep_alive = false;

  // Case-insensitive; empty when absent.
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (boost::beast::iequals(key, name)) return value;
    return {};
  }
};

// "METHOD target HTTP/1.1" with Host, the extra header lines ("Name: value") and, when there is a body or a
// content type, Content-Length.
inline std::string raw_request(std::string_view method, std::string_view target,
                               const std::vector<std::string>& header_lines = {}, std::string_view body = {},
                               std::string_view content_type = {}) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& line : header_lines) out.append(line).append("\r\n");
  if (!content_type.empty()) out.append("Content-Type: ").append(content_type).append("\r\n");
  if (!body.empty() || !content_type.empty() || method == "POST")
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  out.append("\r\n").append(body);
  return out;
}

class LoopbackClient {
 public:
  static constexpr std::chrono::seconds kDefaultTimeout{5};

  // Connects to 127.0.0.1:port; `error` is set (and the client unusable) when the connection is refused.
  LoopbackClient(std::uint16_t port, boost::system::error_code& error) : stream_(io_) {
    stream_.socket().connect({boost::asio::ip::make_address("127.0.0.1"), port}, error);
  }
  // Connects or throws.
  explicit LoopbackClient(std::uint16_t port) : stream_(io_) {
    stream_.socket().connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }

  // Writes all bytes; the error (e.g. the server already closed) is returned, not thrown.
  boost::system::error_code send(std::string_view bytes) {
    boost::system::error_code error;
    boost::asio::write(stream_.socket(), boost::asio::buffer(bytes), error);
    return error;
  }

  // Reads one response. nullopt when the connection closed or failed, or nothing complete arrived in time
  // (see last_error()). `head`: the response to a HEAD request, which has no body whatever it announces.
  std::optional<HttpReply> read_response(std::chrono::milliseconds timeout = kDefaultTimeout, bool head = false) {
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    boost::system::error_code result;
    stream_.expires_after(timeout);
    http::async_read(stream_, buffer_, parser, [&result](boost::system::error_code ec, std::size_t) { result = ec; });
    run();
    last_error_ = result;
    if (result) return std::nullopt;
    auto message = parser.release();
    HttpReply reply;
    reply.status = static_cast<int>(message.result_int());
    for (const auto& field : message) reply.headers.emplace_back(field.name_string(), field.value());
    reply.keep_alive = message.keep_alive();
    reply.body = std::move(message.body());
    return reply;
  }

  // Sends one request and reads its response.
  std::optional<HttpReply> exchange(std::string_view raw, std::chrono::milliseconds timeout = kDefaultTimeout,
                                    bool head = false) {
    if (auto error = send(raw)) {
      last_error_ = error;
      return std::nullopt;
    }
    return read_response(timeout, head);
  }

  // Waits for the server to close the connection. True when it did within `timeout`; whatever bytes
  // arrived meanwhile are appended to `received` when given.
  bool wait_closed(std::chrono::milliseconds timeout = kDefaultTimeout, std::string* received = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (received && buffer_.size() > 0) received->append(boost::beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      char chunk[4096];
      boost::system::error_code result;
      std::size_t got = 0;
      stream_.expires_after(left);
      stream_.async_read_some(boost::asio::buffer(chunk), [&](boost::system::error_code ec, std::size_t n) {
        result = ec;
        got = n;
      });
      run();
      if (received) received->append(chunk, got);
      if (result == boost::beast::error::timeout) return false;
      if (result) return true;  // end of stream or reset: closed either way
    }
  }

  void close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  boost::system::error_code last_error() const { return last_error_; }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  boost::system::error_code last_error_;
};

// One request on a fresh connection (closed afterwards).
inline std::optional<HttpReply> http_exchange(std::uint16_t port, std::string_view raw,
                                              std::chrono::milliseconds timeout = LoopbackClient::kDefaultTimeout) {
  LoopbackClient client(port);
  auto reply = client.exchange(raw, timeout);
  client.close();
  return reply;
}

}  // namespace ambassador::testing
