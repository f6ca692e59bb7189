#pragma once
// Socket-free request/response values: route handlers and adapters see only these, never Beast.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ambassador::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target: path + query
  std::string path;    // decoded path without query
  std::string query;   // raw query string without '?'
  Headers headers;
  std::string body;
  std::string request_id;
  std::string remote_address;

  // Case-insensitive header lookup; empty view when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // Value of a query parameter (percent-decoded), empty when absent.
  std::string query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body);
  // {"error": {"code": code, "message": message}} — the one error shape of the whole service.
  static Response error(int status, std::string_view code, std::string_view message);
  // 422 and friends: several problems at once.
  static Response errors(int status, std::string_view code, const std::vector<std::string>& problems);
  static Response redirect(std::string location, int status = 302);
  Response& with_header(std::string name, std::string value);
};

// A route handler answers by calling the responder exactly once, from any thread.
using Responder = std::function<void(Response)>;

}  // namespace ambassador::http

namespace ambassador::http {

// An outbound HTTP(S) call to a platform API, as an adapter renders it.
struct ClientRequest {
  std::string method = "POST";
  std::string url;  // absolute: https://slack.com/api/chat.postMessage
  Headers headers;
  std::string body;
};

struct ClientResponse {
  int status = 0;  // 0: no HTTP answer at all (connect/TLS/timeout); see `error`
  Headers headers;
  std::string body;
  std::string error;  // transport error text when status == 0
  // status == 0 after the whole request was written: the server may have acted on it (a chat message may have been
  // posted) although no answer arrived. Sending it again blindly could duplicate it.
  bool maybe_delivered = false;

  std::string_view header(std::string_view name) const;
};

}  // namespace ambassador::http
