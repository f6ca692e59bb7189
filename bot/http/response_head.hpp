#pragma once
// The status line and header block of a response, written by hand: Beast's fields and serializer allocated per
// header and walked a variant of buffer sequences per write, a tenth of the network thread's time per webhook.
#include <string>
#include <string_view>

#include "bot/http/http_types.hpp"

namespace ambassador::http {

struct ResponseFraming {
  unsigned version = 11;  // the request's: 10 or 11
  bool keep_alive = true;
  std::string_view request_id;
};

// Everything before the body, ending in the blank line. Content-Length is the body's size (also for a HEAD answer,
// whose body the caller leaves out); 1xx, 204 and 304 answers carry neither a length nor a body. A header whose name
// or value holds CR, LF or NUL is dropped (it would split the header block), as is one the framing owns
// (Content-Length, Transfer-Encoding, Connection).
std::string response_head(const Response& response, const ResponseFraming& framing);

// Whether a response with this status may have a body at all (RFC 9110: not 1xx, 204 or 304).
bool status_allows_body(int status);

}  // namespace ambassador::http
