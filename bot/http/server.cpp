#include "bot/http/server.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "bot/http/metrics.hpp"
#include "bot/http/response_head.hpp"
#include "bot/http/router.hpp"

namespace ambassador::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // touched only on the session's strand
};

// Completes the awaiting connection exactly once: with the handler's response, or with a 500 if every
// copy of the responder is dropped unanswered (a handler bug must not hang the connection).
template <typename Handler>
class ResponseSlot {
 public:
  ResponseSlot(Handler handler, asio::any_io_executor executor)
      : handler_(std::move(handler)), executor_(std::move(executor)) {}
  ~ResponseSlot() {
    if (!done_.exchange(true)) deliver(Response::error(500, "internal_error", "the request was not answered"));
  }
  void complete(Response response) {
    if (!done_.exchange(true)) deliver(std::move(response));
  }

 private:
  void deliver(Response response) {
    asio::post(executor_, [handler = std::move(handler_), response = std::move(response)]() mutable {
      std::move(handler)(std::move(response));
    });
  }
  Handler handler_;
  asio::any_io_executor executor_;
  std::atomic<bool> done_{false};
};

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

std::string new_request_id() {
  static const std::uint32_t prefix = std::random_device{}();
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{:08x}-{:x}", prefix, counter.fetch_add(1, std::memory_order_relaxed));
}

std::string remote_of(const tcp::socket& socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(asio::io_context& io, ServerOptions options, const Router& router, Metrics& metrics)
      : io(io), options(std::move(options)), router(router), metrics(metrics), acceptor(io), drain_timer(io) {}

  asio::io_context& io;
  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  tcp::acceptor acceptor;
  asio::steady_timer drain_timer;
  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};
  std::mutex sessions_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  std::uint64_t next_session = 0;

  void start() {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options.address, ec);
    if (ec) throw std::runtime_error("http: bad listen address '" + options.address + "'");
    tcp::endpoint endpoint(address, options.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec)
      throw std::runtime_error(
          fmt::format("http: cannot listen on {}:{}: {}", options.address, options.port, ec.message()));
    acceptor.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(io, accept_loop(shared_from_this()), asio::detached);
  }

  static awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    while (!self->stopping) {
      auto [ec, socket] = co_await self->acceptor.async_accept(asio::make_strand(self->io), kNoThrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || self->stopping) break;
        spdlog::warn("http: accept failed: {}", ec.message());
        asio::steady_timer pause(self->io, std::chrono::milliseconds(50));  // e.g. out of file descriptors
        co_await pause.async_wait(kNoThrow);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto executor = socket.get_executor();
      if (self->connections.load() >= self->options.max_connections) {
        asio::co_spawn(executor, reject_busy(self, std::move(socket)), asio::detached);
        continue;
      }
      auto session = std::make_shared<Session>(std::move(socket));
      asio::co_spawn(executor, run_session(self, session, SessionSlot(self, session)), asio::detached);
    }
  }

  // Past the connection cap: a short 503 and close, so clients back off instead of queueing.
  static awaitable<void> reject_busy(std::shared_ptr<Impl> self, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(2));
    bhttp::response<bhttp::string_body> response{bhttp::status::service_unavailable, 11};
    response.set(bhttp::field::content_type, "application/json");
    response.set(bhttp::field::retry_after, "1");
    response.body() = R"({"error":{"code":"overloaded","message":"too many connections, retry shortly"}})";
    response.keep_alive(false);
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, kNoThrow);
    self->metrics.route("rejected_connection").observe(503, 0);
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  static awaitable<Response> dispatch(std::shared_ptr<Impl> self, Request request, std::string& route_name) {
    auto executor = co_await asio::this_coro::executor;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
        [&](auto handler) {
          auto slot = std::make_shared<ResponseSlot<decltype(handler)>>(std::move(handler), executor);
          self->router.dispatch(
              std::move(request), [slot](Response response) { slot->complete(std::move(response)); }, route_name);
        },
        asio::use_awaitable);
  }

  static Request to_request(bhttp::request<bhttp::string_body>& message, const std::string& remote) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) request.headers.emplace_back(field.name_string(), field.value());
    request.body = std::move(message.body());
    request.remote_address = remote;
    auto incoming_id = request.header("X-Request-Id");
    request.request_id = acceptable_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
    return request;
  }

  // Fills path and query; false when the target is not a valid origin-form URL.
  static bool split_target(Request& request) {
    auto url = boost::urls::parse_origin_form(request.target);
    if (!url) return false;
    request.path = url->path();
    request.query = std::string(url->encoded_query());
    return true;
  }

  static awaitable<void> write_error(Session& session, int status, std::string_view code, std::string_view message) {
    auto error = Response::error(status, code, message);
    bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(status), 11};
    response.set(bhttp::field::content_type, error.content_type);
    response.body() = std::move(error.body);
    response.keep_alive(false);
    response.prepare_payload();
    co_await bhttp::async_write(session.stream, response, kNoThrow);
  }

  // A connection's place under the cap and in the session list, given back however the session ends: normally, by
  // an exception out of a handler, or with its coroutine destroyed unfinished at shutdown.
  class SessionSlot {
   public:
    SessionSlot(std::shared_ptr<Impl> owner, const std::shared_ptr<Session>& session) : owner_(std::move(owner)) {
      owner_->connections.fetch_add(1);
      std::lock_guard lock(owner_->sessions_mutex);
      id_ = owner_->next_session++;
      owner_->sessions.emplace(id_, session);
    }
    SessionSlot(SessionSlot&& other) noexcept : owner_(std::move(other.owner_)), id_(other.id_) {}
    SessionSlot(const SessionSlot&) = delete;
    SessionSlot& operator=(const SessionSlot&) = delete;
    SessionSlot& operator=(SessionSlot&&) = delete;
    ~SessionSlot() {
      if (!owner_) return;  // moved from
      {
        std::lock_guard lock(owner_->sessions_mutex);
        owner_->sessions.erase(id_);
      }
      owner_->connections.fetch_sub(1);
    }

   private:
    std::shared_ptr<Impl> owner_;
    std::uint64_t id_ = 0;
  };

  static awaitable<void> run_session(std::shared_ptr<Impl> self, std::shared_ptr<Session> session,
                                     [[maybe_unused]] SessionSlot slot) {  // held for the session's lifetime
    auto& stream = session->stream;
    const auto remote = remote_of(stream.socket());
    boost::system::error_code ignored;
    stream.socket().non_blocking(true, ignored);  // send() writes directly first; it must never block the loop
    beast::flat_buffer buffer;
    while (!self->stopping) {
      if (buffer.size() == 0) {  // between requests: the idle timeout applies
        stream.expires_after(self->options.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), kNoThrow);
        if (ec) break;
        buffer.commit(n);
      }
      session->busy = true;
      stream.expires_after(self->options.read_timeout);  // a slow client gets this long for one request
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(self->options.body_limit_bytes);
      parser.header_limit(16 * 1024);
      auto read_error = parse_buffered(parser, buffer);
      if (!read_error && !parser.is_done())
        std::tie(read_error, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      if (read_error) {
        co_await answer_read_error(self, *session, read_error, remote);
        break;
      }
      const bool keep_alive = co_await serve_one(self, *session, parser.release(), remote);
      session->busy = false;
      if (!keep_alive) break;
    }
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
  }

  // Parses what is already buffered, usually the whole request (it came in one read). Beast's async_read would do
  // the same but then post its completion, a round trip through the scheduler per request. need_more is no error:
  // the caller reads the rest.
  static boost::system::error_code parse_buffered(bhttp::request_parser<bhttp::string_body>& parser,
                                                  beast::flat_buffer& buffer) {
    parser.eager(true);
    boost::system::error_code ec;
    while (buffer.size() > 0 && !parser.is_done()) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == bhttp::error::need_more || (!ec && used == 0)) return {};  // never spin on the event loop
      if (ec) return ec;
    }
    return ec;
  }

  // Sends what the socket takes now and leaves the rest to async_write: asio's async_write completes through the
  // scheduler even when its first send took everything (an answer almost always fits the socket's buffer).
  static awaitable<boost::system::error_code> send(Session& session, const std::array<asio::const_buffer, 2>& out) {
    boost::system::error_code ec;
    const std::size_t sent = session.stream.socket().write_some(out, ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(out);
    rest.consume(sent);
    if (beast::buffer_bytes(rest) == 0) co_return boost::system::error_code{};
    auto [write_error, written] = co_await asio::async_write(session.stream, rest, kNoThrow);
    co_return write_error;
  }

  static awaitable<void> answer_read_error(std::shared_ptr<Impl> self, Session& session,
                                           boost::system::error_code error, const std::string& remote) {
    if (error == bhttp::error::body_limit) {
      spdlog::info("http: {} sent a body over {} bytes: 413", remote, self->options.body_limit_bytes);
      self->metrics.route("rejected_request").observe(413, 0);
      co_await write_error(session, 413, "payload_too_large",
                           fmt::format("the body is larger than {} bytes", self->options.body_limit_bytes));
    } else if (error == bhttp::error::header_limit) {
      self->metrics.route("rejected_request").observe(431, 0);
      co_await write_error(session, 431, "headers_too_large", "the request headers are too large");
    } else if (error == beast::error::timeout) {
      spdlog::info("http: {} did not send a complete request in time; closing", remote);
      self->metrics.route("rejected_request").observe(408, 0);
    } else if (error != bhttp::error::end_of_stream && error != asio::error::eof &&
               error != asio::error::operation_aborted && error != asio::error::connection_reset) {
      spdlog::info("http: {} sent a malformed request: {}", remote, error.message());
      self->metrics.route("rejected_request").observe(400, 0);
      co_await write_error(session, 400, "bad_request", "the request is not valid HTTP/1.1");
    }
  }

  // Answers one request; returns whether the connection stays open.
  static awaitable<bool> serve_one(std::shared_ptr<Impl> self, Session& session,
                                   bhttp::request<bhttp::string_body> message, const std::string& remote) {
    const auto started = std::chrono::steady_clock::now();
    const unsigned version = message.version();
    const bool client_keeps_alive = message.keep_alive();
    const bool head = message.method() == bhttp::verb::head;
    auto request = to_request(message, remote);
    const auto request_id = request.request_id;
    std::string route_name = "invalid_target";
    Response response;
    if (!split_target(request)) {
      response = Response::error(400, "bad_target", "the request target is not a valid path");
    } else {
      const auto method = request.method;
      const auto path = request.path;
      response = co_await dispatch(self, std::move(request), route_name);
      if (response.status >= 500)
        spdlog::warn("request {}: {} {} answered {}", request_id, method, path, response.status);
      else
        spdlog::debug("request {}: {} {} answered {}", request_id, method, path, response.status);
    }
    // Decided after the handler: a shutdown that began meanwhile must be announced (Connection: close),
    // not surprise the client with a closed socket after a keep-alive answer.
    const bool keep_alive = client_keeps_alive && !self->stopping;
    const auto framing = response_head(response, {version, keep_alive, request_id});
    const bool with_body = !head && status_allows_body(response.status);
    const std::array<asio::const_buffer, 2> out{asio::buffer(framing),
                                                with_body ? asio::buffer(response.body) : asio::const_buffer()};
    session.stream.expires_after(self->options.read_timeout);
    const auto write_error = co_await send(session, out);
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    self->metrics.route(route_name).observe(response.status, elapsed);
    co_return !write_error && keep_alive;
  }

  void shutdown(std::function<void()> done) {
    asio::post(io, [self = shared_from_this(), done = std::move(done)]() mutable {
      self->stopping = true;
      boost::system::error_code ec;
      self->acceptor.close(ec);
      self->close_idle_sessions();
      self->drain(std::chrono::steady_clock::now() + self->options.shutdown_grace, std::move(done));
    });
  }

  void close_idle_sessions() {
    std::lock_guard lock(sessions_mutex);
    for (auto& [id, weak] : sessions) {
      if (auto session = weak.lock()) {
        asio::post(session->stream.get_executor(), [session] {
          if (!session->busy) session->stream.cancel();
        });
      }
    }
  }

  void drain(std::chrono::steady_clock::time_point deadline, std::function<void()> done) {
    if (connections.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (connections.load() > 0) spdlog::warn("http: {} connections still busy at shutdown", connections.load());
      done();
      return;
    }
    close_idle_sessions();  // sessions that finished a request since the last look
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([self = shared_from_this(), deadline, done = std::move(done)](auto) mutable {
      self->drain(deadline, std::move(done));
    });
  }
};

Server::Server(asio::io_context& io, ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(io, std::move(options), router, metrics)) {}

Server::~Server() {
  boost::system::error_code ec;
  impl_->stopping = true;
  impl_->acceptor.close(ec);
}

void Server::start() { impl_->start(); }
std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }
void Server::shutdown(std::function<void()> done) { impl_->shutdown(std::move(done)); }
int Server::connections() const { return impl_->connections.load(); }

}  // namespace ambassador::http
