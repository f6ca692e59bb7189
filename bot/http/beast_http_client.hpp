#pragma once
// The production HttpClient: HTTP/1.1 over Boost.Beast, TLS via OpenSSL, keep-alive connection pools per
// (scheme, host, port) with a per-host concurrency cap and a FIFO queue beyond it. Beast stays inside the .cpp.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "bot/http/http_client.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::http {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};   // TCP connect plus TLS handshake
  std::chrono::milliseconds request_timeout{15000};  // from getting a connection slot to the last response byte
  std::size_t max_connections_per_host = 8;          // concurrent requests per host; more wait in a FIFO queue
  std::size_t max_response_bytes = 4 * 1024 * 1024;  // body limit; larger answers fail with "response too large"
  bool verify_tls = true;
  std::string ca_file;  // PEM bundle; empty: the system's default CA paths
  std::string user_agent = "AmbassadorBot/0.1";
};

// Errors (status 0) start with "url:", "connect:", "tls:", "write:" or "read:", or are exactly "timeout",
// "response too large" or "client shut down".
class BeastHttpClient final : public HttpClient {
 public:
  // Throws std::runtime_error (at start-up) when the TLS context or `ca_file` cannot be loaded.
  BeastHttpClient(boost::asio::io_context& io, HttpClientOptions options = {});
  // Shuts down; requests still in flight finish on the io_context.
  ~BeastHttpClient() override;
  BeastHttpClient(const BeastHttpClient&) = delete;
  BeastHttpClient& operator=(const BeastHttpClient&) = delete;

  void send(ClientRequest request, std::function<void(ClientResponse)> done) override;
  // Closes idle connections and fails queued requests with "client shut down"; later sends fail the same way.
  // Requests already on a connection finish normally. Safe from any thread; takes effect asynchronously.
  void shutdown();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::http
