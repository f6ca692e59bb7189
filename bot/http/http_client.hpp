#pragma once
// The outbound seam: adapters hand a rendered ClientRequest to an HttpClient and classify the ClientResponse.
// Production uses BeastHttpClient; tests use a fake server on loopback or a recording client.
#include <functional>
#include <string>
#include <string_view>

#include "bot/http/http_types.hpp"

namespace ambassador::http {

class HttpClient {
 public:
  virtual ~HttpClient();
  // Calls `done` exactly once, from any thread. Transport failures arrive as status 0 with `error` set;
  // never throws.
  virtual void send(ClientRequest request, std::function<void(ClientResponse)> done) = 0;
};

// A log-safe form of an outbound URL: scheme, host and port, with every path segment that could be a secret
// (Telegram's /bot<token>/, Slack's response_url) replaced by '*' and the query dropped, e.g.
// "https://api.telegram.org/*/sendMessage". Only short segments of letters, '.', '_' and '-' survive.
std::string redacted_url(std::string_view url);

}  // namespace ambassador::http
