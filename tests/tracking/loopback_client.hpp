#pragma once
// A blocking HTTP/1.1 request to 127.0.0.1 for route tests: one connection per request, bounded by a timeout.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace ambassador::testing {

struct LoopbackReply {
  int status = 0;
  std::string location;
  std::string content_type;
  std::string cache_control;
  std::string referrer_policy;
  std::string body;
};

inline LoopbackReply loopback_request(std::uint16_t port, const std::string& method, const std::string& target,
                                      const std::string& user_agent,
                                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::empty_body> request{bhttp::string_to_verb(method), target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  if (!user_agent.empty()) request.set(bhttp::field::user_agent, user_agent);
  for (const auto& [name, value] : headers) request.insert(name, value);
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  if (method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser);
  const auto& response = parser.get();
  LoopbackReply reply;
  reply.status = static_cast<int>(response.result_int());
  reply.location = std::string(response[bhttp::field::location]);
  reply.content_type = std::string(response[bhttp::field::content_type]);
  reply.cache_control = std::string(response[bhttp::field::cache_control]);
  reply.referrer_policy = std::string(response["Referrer-Policy"]);
  reply.body = response.body();
  boost::system::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return reply;
}

}  // namespace ambassador::testing
