#include "bot/http/response_head.hpp"

#include <charconv>

#include <spdlog/spdlog.h>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

namespace ambassador::http {
namespace {

bool safe_in_header(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) == text.npos; }

bool owned_by_framing(std::string_view name) {
  using boost::beast::iequals;
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection");
}

void append_number(std::string& out, std::size_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

bool status_allows_body(int status) { return status >= 200 && status != 204 && status != 304; }

std::string response_head(const Response& response, const ResponseFraming& framing) {
  std::string out;
  out.reserve(160 + response.headers.size() * 48);
  out.append(framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status)));
  out.append("\r\n");
  if (safe_in_header(response.content_type)) append_field(out, "Content-Type", response.content_type);
  if (safe_in_header(framing.request_id)) append_field(out, "X-Request-Id", framing.request_id);
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || !safe_in_header(name) || !safe_in_header(value) || owned_by_framing(name)) {
      spdlog::warn("request {}: response header '{}' dropped: not a header the handler may send", framing.request_id,
                   safe_in_header(name) ? name : std::string("(unprintable)"));
      continue;
    }
    append_field(out, name, value);
  }
  if (status_allows_body(response.status)) {
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  // HTTP/1.1 stays open unless told; HTTP/1.0 closes unless told.
  if (framing.version == 10 && framing.keep_alive) out.append("Connection: keep-alive\r\n");
  if (framing.version != 10 && !framing.keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace ambassador::http
