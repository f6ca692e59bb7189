// trivial_server: answers every HTTP/1.1 request on 127.0.0.1 with 200 "ok", keeping the connection alive.
// The reference target http_load is validated against: whatever it costs per request is the floor any real
// handler adds to. Usage: trivial_server [--port N] [--threads N]   (--port 0 picks a free port and prints it)
#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include "bench/discarding_parser.hpp"

namespace ambassador::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

constexpr std::string_view kKeepAliveResponse =
    "HTTP/1.1 200 OK\r\nServer: trivial_server\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
constexpr std::string_view kCloseResponse =
    "HTTP/1.1 200 OK\r\nServer: trivial_server\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\nok";

// One connection. Reads and writes alternate, so no two handlers of a session ever run at once and no strand
// is needed even with several threads.
class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket socket) : socket_(std::move(socket)) {}

  void start() { read_request(); }

 private:
  void read_request() {
    parser_.emplace();
    boost::beast::http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec) return;  // peer closed or sent garbage: drop the connection
    keep_alive_ = parser_->keep_alive();
    const std::string_view response = keep_alive_ ? kKeepAliveResponse : kCloseResponse;
    asio::async_write(socket_, asio::buffer(response.data(), response.size()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
  }

  void on_written(beast::error_code ec) {
    if (ec || !keep_alive_) {
      beast::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    read_request();
  }

  tcp::socket socket_;
  beast::flat_buffer buffer_{8192};
  std::optional<DiscardingParser<true>> parser_;
  bool keep_alive_ = true;
};

class Listener {
 public:
  Listener(asio::io_context& io, const tcp::endpoint& endpoint) : acceptor_(io) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket))->start();
      }
      accept();
    });
  }

  void close() {
    beast::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  tcp::acceptor acceptor_;
};

struct Options {
  int port = 8080;
  int threads = 1;
  bool help = false;
};

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "trivial_server: %s needs a value\n", argv[i]);
      return std::nullopt;
    }
    const std::string_view value = argv[++i];
    if (arg == "--port" && parse_int(value, options.port) && options.port >= 0 && options.port <= 65535) continue;
    if (arg == "--threads" && parse_int(value, options.threads) && options.threads >= 1) continue;
    std::fprintf(stderr, "trivial_server: bad option %s %s\n", argv[i - 1], argv[i]);
    return std::nullopt;
  }
  return options;
}

int run(const Options& options) {
  // A concurrency hint of 1 lets Asio skip the scheduler's locking, a large share of the cost per request.
  asio::io_context io(options.threads);
  Listener listener(io,
                    tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), static_cast<std::uint16_t>(options.port)));
  listener.accept();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    listener.close();
    io.stop();
  });
  std::printf("trivial_server listening on 127.0.0.1:%u\n", static_cast<unsigned>(listener.port()));
  std::fflush(stdout);

  std::vector<std::thread> workers;
  for (int i = 1; i < options.threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  return 0;
}

}  // namespace
}  // namespace ambassador::bench

int main(int argc, char** argv) {
  const auto options = ambassador::bench::parse_options(argc, argv);
  if (!options || options->help) {
    std::fprintf(options ? stdout : stderr,
                 "usage: trivial_server [--port N (default 8080, 0 = any free port)] [--threads N]\n");
    return options ? 0 : 2;
  }
  try {
    return ambassador::bench::run(*options);
  } catch (const std::exception& error) {  // start-up only: bind/listen failures
    std::fprintf(stderr, "trivial_server: %s\n", error.what());
    return 1;
  }
}
