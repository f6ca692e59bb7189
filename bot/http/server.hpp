#pragma once
// The HTTP/1.1 server: keep-alive, a body limit (413), read and idle timeouts, a connection cap (503),
// request ids, per-route metrics and a graceful shutdown. One coroutine per connection, each on its
// own strand; Beast stays inside server.cpp.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace ambassador::http {

class Router;
class Metrics;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;                        // 0: any free port (see Server::port)
  std::size_t body_limit_bytes = 1024 * 1024;
  std::chrono::seconds read_timeout{10};         // one request must arrive (headers + body) within this
  std::chrono::seconds idle_timeout{60};         // an idle keep-alive connection is closed after this
  int max_connections = 1024;
  std::chrono::seconds shutdown_grace{10};       // in-flight requests get this long on shutdown
};

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. Throws std::runtime_error when the address cannot be bound.
  void start();
  std::uint16_t port() const;
  // Stops accepting, closes idle connections, lets requests in flight finish (within the grace period),
  // then calls `done` (on the io_context).
  void shutdown(std::function<void()> done);
  int connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::http
