#pragma once
// An HTTP/1.1 message parser that keeps only the status code and keep-alive flag and throws the fields and the
// body away: no per-message allocation (a beast::http::parser stores every field in a node of its own), which
// matters when the benchmark tools share the cores with the server they measure.
#include <cstddef>
#include <cstdint>

#include <boost/beast/http/basic_parser.hpp>

namespace ambassador::bench {

template <bool kIsRequest>
class DiscardingParser final : public boost::beast::http::basic_parser<kIsRequest> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  int status() const { return status_; }  // responses only; 0 until the status line is parsed

 private:
  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { status_ = code; }
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override { return body.size(); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override { return body.size(); }
  void on_finish_impl(error_code&) override {}

  int status_ = 0;
};

}  // namespace ambassador::bench
