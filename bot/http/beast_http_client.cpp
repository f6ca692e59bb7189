#include "bot/http/beast_http_client.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

namespace ambassador::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::awaitable;
using error_code = boost::system::error_code;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

using Clock = std::chrono::steady_clock;
using Strand = asio::strand<asio::io_context::executor_type>;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Servers drop idle keep-alive connections after 5 s (many proxies) to 75 s (nginx); an older connection is
// likely half-closed already, so it is replaced rather than risked.
constexpr auto kMaxIdleAge = std::chrono::seconds(30);
constexpr std::uint32_t kHeaderLimit = 64 * 1024;
constexpr std::size_t kFirstReadBytes = 8192;

struct Target {
  bool tls = false;
  std::string host;  // for DNS, SNI and certificate checks: IPv6 without brackets
  std::string port;
  std::uint16_t port_number = 0;
  std::string host_header;  // as sent in Host: host[:port], the port only when not the scheme's default
  std::string path;         // origin-form target: path and query
  std::string pool_key;     // scheme://host:port
};

std::optional<Target> parse_target(std::string_view url, std::string& error) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    error = "url: not an absolute URL";
    return std::nullopt;
  }
  Target target;
  if (parsed->scheme_id() == boost::urls::scheme::https) {
    target.tls = true;
  } else if (parsed->scheme_id() != boost::urls::scheme::http) {
    error = "url: only http and https are supported";
    return std::nullopt;
  }
  target.host = parsed->host_address();
  if (target.host.empty()) {
    error = "url: no host";
    return std::nullopt;
  }
  const std::uint16_t default_port = target.tls ? 443 : 80;
  target.port_number = default_port;
  if (parsed->has_port() && !parsed->port().empty()) {
    const auto digits = parsed->port();
    unsigned long value = 0;
    const bool fits = digits.size() <= 5 && (value = std::stoul(std::string(digits))) > 0 && value <= 65535;
    if (!fits) {
      error = "url: bad port";
      return std::nullopt;
    }
    target.port_number = static_cast<std::uint16_t>(value);
  }
  target.port = std::to_string(target.port_number);
  target.host_header = std::string(parsed->encoded_host());
  if (target.port_number != default_port) target.host_header.append(":").append(target.port);
  target.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target.path.append("?").append(parsed->encoded_query());
  target.pool_key = fmt::format("{}://{}:{}", target.tls ? "https" : "http", target.host, target.port);
  return target;
}

ClientResponse failure(std::string error) {
  ClientResponse response;
  response.error = std::move(error);
  return response;
}

bool is_ip_address(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// The peer hung up on an idle connection: nothing of the request was processed, so a resend is safe.
bool dropped_by_peer(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated ||
         ec == bhttp::error::end_of_stream;
}

bool idempotent(bhttp::verb method) {
  return method == bhttp::verb::get || method == bhttp::verb::head || method == bhttp::verb::put ||
         method == bhttp::verb::delete_ || method == bhttp::verb::options;
}

std::string describe(std::string_view phase, const error_code& ec) {
  if (ec == beast::error::timeout) return "timeout";
  if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) return "response too large";
  return fmt::format("{}: {}", phase, ec.message());
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// Host, Content-Length and the connection framing belong to the client; everything else passes through.
bool owned_by_client(bhttp::field field) {
  return field == bhttp::field::host || field == bhttp::field::content_length ||
         field == bhttp::field::transfer_encoding || field == bhttp::field::connection;
}

std::optional<bhttp::request<bhttp::string_body>> build_message(ClientRequest& request, const Target& target,
                                                                const std::string& user_agent, std::string& error) {
  if (request.method.empty() || has_control_characters(request.method) ||
      request.method.find(' ') != std::string::npos) {
    error = "request: invalid method";
    return std::nullopt;
  }
  bhttp::request<bhttp::string_body> message;
  message.version(11);
  const auto verb = bhttp::string_to_verb(request.method);
  if (verb == bhttp::verb::unknown) {
    message.method_string(request.method);
  } else {
    message.method(verb);
  }
  message.target(target.path);
  message.set(bhttp::field::host, target.host_header);
  message.set(bhttp::field::user_agent, user_agent);
  for (const auto& [name, value] : request.headers) {
    // A CR or LF would let a header value smuggle in a second request.
    if (name.empty() || has_control_characters(name) || has_control_characters(value)) {
      error = "request: invalid header";
      return std::nullopt;
    }
    const auto field = bhttp::string_to_field(name);
    if (owned_by_client(field)) continue;
    if (field == bhttp::field::user_agent) {
      message.set(field, value);
    } else {
      message.insert(name, value);
    }
  }
  message.keep_alive(true);
  message.body() = std::move(request.body);
  message.prepare_payload();
  return message;
}

struct Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<TlsStream> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*tls); }
};

// A pooled connection whose peer has closed shows up as readable (EOF) before we write anything to it.
bool looks_open(Connection& connection) {
  auto& socket = connection.tcp().socket();
  error_code ec;
  socket.non_blocking(true, ec);
  if (ec) return false;
  char byte = 0;
  socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  error_code ignored;
  socket.non_blocking(false, ignored);
  return ec == asio::error::would_block;
}

struct Exchange {
  ClientResponse response;
  bool keep_alive = false;
  bool safe_to_resend = false;  // failed before any byte of the answer arrived, because the peer hung up
};

struct Connected {
  std::unique_ptr<Connection> connection;
  std::string error;
};

struct Job {
  Target target;
  ClientRequest request;
  std::function<void(ClientResponse)> done;
};

struct Host {
  std::vector<std::unique_ptr<Connection>> idle;  // most recently used last
  std::size_t active = 0;                         // requests holding a connection slot
  std::deque<Job> waiting;                        // FIFO beyond max_connections_per_host
};

template <typename Stream>
awaitable<Exchange> exchange(Stream& stream, Connection& connection, const bhttp::request<bhttp::string_body>& message,
                             Clock::time_point deadline, std::size_t max_response_bytes) {
  Exchange out;
  connection.tcp().expires_at(deadline);
  auto [write_error, written] = co_await bhttp::async_write(stream, message, kNoThrow);
  if (write_error) {
    out.response = failure(describe("write", write_error));
    out.safe_to_resend = dropped_by_peer(write_error);
    co_return out;
  }
  auto& buffer = connection.buffer;
  if (buffer.size() == 0) {
    // One read of our own, so that "the server said nothing at all" is told apart from a cut-off answer.
    auto [first_error, received] = co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kNoThrow);
    if (first_error) {
      out.response = failure(describe("read", first_error));
      out.response.maybe_delivered = true;
      out.safe_to_resend = received == 0 && dropped_by_peer(first_error);
      co_return out;
    }
    buffer.commit(received);
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(max_response_bytes);
  if (message.method() == bhttp::verb::head) parser.skip(true);
  auto [read_error, read] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
  if (read_error) {
    out.response = failure(describe("read", read_error));
    out.response.maybe_delivered = true;
    co_return out;
  }
  auto& answer = parser.get();
  out.response.status = static_cast<int>(answer.result_int());
  for (const auto& field : answer) out.response.headers.emplace_back(field.name_string(), field.value());
  out.response.body = std::move(answer.body());
  out.keep_alive = !answer.need_eof();
  co_return out;
}

}  // namespace

struct BeastHttpClient::Impl : std::enable_shared_from_this<BeastHttpClient::Impl> {
  Impl(asio::io_context& io, HttpClientOptions options)
      : io(io), options(std::move(options)), strand(asio::make_strand(io)), tls_context(ssl::context::tls_client) {
    if (this->options.max_connections_per_host == 0) this->options.max_connections_per_host = 1;
    SSL_CTX_set_min_proto_version(tls_context.native_handle(), TLS1_2_VERSION);
    if (!this->options.verify_tls) {
      tls_context.set_verify_mode(ssl::verify_none);
      return;
    }
    tls_context.set_verify_mode(ssl::verify_peer);
    error_code ec;
    if (this->options.ca_file.empty()) {
      tls_context.set_default_verify_paths(ec);
      if (ec) throw std::runtime_error("http client: cannot load the system CA certificates: " + ec.message());
    } else {
      tls_context.load_verify_file(this->options.ca_file, ec);
      if (ec)
        throw std::runtime_error("http client: cannot load CA file '" + this->options.ca_file + "': " + ec.message());
    }
  }

  asio::io_context& io;
  HttpClientOptions options;
  Strand strand;
  ssl::context tls_context;
  // Touched only on the strand.
  std::map<std::string, Host> hosts;
  bool stopping = false;

  // Hands the answer over off the strand, so that a slow callback never stalls the pool.
  void complete(Job& job, ClientResponse response) {
    if (response.status == 0)
      spdlog::debug("http client: {} {} failed: {}", job.request.method, redacted_url(job.request.url), response.error);
    asio::post(io, [done = std::move(job.done), response = std::move(response)]() mutable {
      try {
        done(std::move(response));
      } catch (const std::exception& e) {
        spdlog::error("http client: a response callback threw: {}", e.what());
      }
    });
  }

  void enqueue(Job job) {
    if (stopping) return complete(job, failure("client shut down"));
    auto& host = hosts[job.target.pool_key];
    if (host.active < options.max_connections_per_host) {
      start(host, std::move(job));
    } else {
      host.waiting.push_back(std::move(job));
    }
  }

  void start(Host& host, Job job) {
    ++host.active;
    asio::co_spawn(strand, run(shared_from_this(), std::move(job)), asio::detached);
  }

  static awaitable<void> run(std::shared_ptr<Impl> self, Job job) {
    ClientResponse response;
    try {
      response = co_await self->perform(job);
    } catch (const std::exception& e) {
      response = failure(std::string("request: ") + e.what());
    }
    self->complete(job, std::move(response));
    self->release(job.target.pool_key);
  }

  void release(const std::string& pool_key) {
    auto found = hosts.find(pool_key);
    if (found == hosts.end()) return;
    auto& host = found->second;
    --host.active;
    if (!host.waiting.empty()) {
      auto next = std::move(host.waiting.front());
      host.waiting.pop_front();
      start(host, std::move(next));
    } else if (host.active == 0 && host.idle.empty()) {
      hosts.erase(found);
    }
  }

  awaitable<ClientResponse> perform(Job& job) {
    const auto deadline = Clock::now() + options.request_timeout;
    std::string error;
    auto message = build_message(job.request, job.target, options.user_agent, error);
    if (!message) co_return failure(error);
    auto connection = take_idle(job.target.pool_key);
    for (bool first_attempt = true;; first_attempt = false) {
      const bool reused = connection != nullptr;
      if (!connection) {
        auto connected = co_await connect(job.target, deadline);
        if (!connected.connection) co_return failure(std::move(connected.error));
        connection = std::move(connected.connection);
      }
      // Not a conditional expression: g++ 12 miscompiles co_await inside ?: (the result's strings get corrupted).
      Exchange result;
      if (connection->tls) {
        result = co_await exchange(*connection->tls, *connection, *message, deadline, options.max_response_bytes);
      } else {
        result = co_await exchange(*connection->plain, *connection, *message, deadline, options.max_response_bytes);
      }
      if (result.response.status == 0) {
        connection.reset();
        // Only a reused connection the server had already closed is retried, only once, and only for a method
        // that may be repeated (RFC 9110, 9.2.2): the server may have taken a POST before it hung up, and a resend
        // could post a chat message twice. A POST is reported as maybe delivered instead, for the caller to decide.
        if (reused && first_attempt && result.safe_to_resend && idempotent(message->method())) {
          spdlog::debug("http client: pooled connection to {} was closed by the server; reconnecting", job.target.host);
          continue;
        }
        co_return std::move(result.response);
      }
      if (result.keep_alive && connection->buffer.size() == 0) keep_idle(job.target.pool_key, std::move(connection));
      co_return std::move(result.response);
    }
  }

  std::unique_ptr<Connection> take_idle(const std::string& pool_key) {
    auto& idle = hosts[pool_key].idle;
    while (!idle.empty()) {
      auto connection = std::move(idle.back());
      idle.pop_back();
      if (Clock::now() - connection->idle_since < kMaxIdleAge && looks_open(*connection)) return connection;
    }
    return nullptr;
  }

  void keep_idle(const std::string& pool_key, std::unique_ptr<Connection> connection) {
    if (stopping) return;
    connection->idle_since = Clock::now();
    connection->tcp().expires_never();
    hosts[pool_key].idle.push_back(std::move(connection));
  }

  awaitable<Connected> connect(const Target& target, Clock::time_point request_deadline) {
    const auto deadline = std::min(Clock::now() + options.connect_timeout, request_deadline);
    Connected out;
    tcp::resolver::results_type endpoints;
    error_code ec;
    const auto address = asio::ip::make_address(target.host, ec);
    if (!ec) {
      endpoints =
          tcp::resolver::results_type::create(tcp::endpoint(address, target.port_number), target.host, target.port);
    } else {
      auto resolved = co_await resolve(target, deadline, out.error);
      if (!resolved) co_return out;
      endpoints = std::move(*resolved);
    }
    beast::tcp_stream stream(strand);
    stream.expires_at(deadline);
    auto [connect_error, endpoint] = co_await stream.async_connect(endpoints, kNoThrow);
    if (connect_error) {
      out.error = connect_error == beast::error::timeout ? "connect: timeout" : describe("connect", connect_error);
      co_return out;
    }
    stream.socket().set_option(tcp::no_delay(true), ec);
    auto connection = std::make_unique<Connection>();
    if (!target.tls) {
      connection->plain.emplace(std::move(stream));
      out.connection = std::move(connection);
      co_return out;
    }
    auto& tls = connection->tls.emplace(std::move(stream), tls_context);
    if (!is_ip_address(target.host) && SSL_set_tlsext_host_name(tls.native_handle(), target.host.c_str()) != 1) {
      out.error = "tls: cannot set the server name";
      co_return out;
    }
    if (options.verify_tls) tls.set_verify_callback(ssl::host_name_verification(target.host));
    auto [handshake_error] = co_await tls.async_handshake(ssl::stream_base::client, kNoThrow);
    if (handshake_error) {
      out.error = tls_error(tls, handshake_error);
      co_return out;
    }
    out.connection = std::move(connection);
    co_return out;
  }

  static std::string tls_error(TlsStream& tls, const error_code& ec) {
    if (ec == beast::error::timeout) return "tls: timeout";
    const auto verify_result = SSL_get_verify_result(tls.native_handle());
    if (verify_result != X509_V_OK)
      return fmt::format("tls: {} ({})", ec.message(), X509_verify_cert_error_string(verify_result));
    return "tls: " + ec.message();
  }

  // The resolver has no deadline of its own: a timer cancels it.
  awaitable<std::optional<tcp::resolver::results_type>> resolve(const Target& target, Clock::time_point deadline,
                                                                std::string& error) {
    auto resolver = std::make_shared<tcp::resolver>(strand);
    asio::steady_timer timer(strand, deadline);
    timer.async_wait([resolver](const error_code& ec) {
      if (!ec) resolver->cancel();
    });
    auto [ec, results] = co_await resolver->async_resolve(target.host, target.port, kNoThrow);
    timer.cancel();
    if (!ec) co_return results;
    error = Clock::now() >= deadline ? "connect: timeout" : "connect: cannot resolve host: " + ec.message();
    co_return std::nullopt;
  }

  void stop() {
    stopping = true;
    for (auto found = hosts.begin(); found != hosts.end();) {
      auto& host = found->second;
      host.idle.clear();
      auto waiting = std::move(host.waiting);
      host.waiting.clear();
      for (auto& job : waiting) complete(job, failure("client shut down"));
      found = host.active == 0 ? hosts.erase(found) : std::next(found);
    }
  }
};

BeastHttpClient::BeastHttpClient(asio::io_context& io, HttpClientOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

BeastHttpClient::~BeastHttpClient() { shutdown(); }

void BeastHttpClient::send(ClientRequest request, std::function<void(ClientResponse)> done) {
  Job job;
  std::string error;
  auto target = parse_target(request.url, error);
  job.request = std::move(request);
  job.done = std::move(done);
  if (!target) {
    job.target.pool_key = "invalid";
    asio::post(impl_->strand, [impl = impl_, job = std::move(job), error = std::move(error)]() mutable {
      impl->complete(job, failure(std::move(error)));
    });
    return;
  }
  job.target = std::move(*target);
  asio::post(impl_->strand, [impl = impl_, job = std::move(job)]() mutable { impl->enqueue(std::move(job)); });
}

void BeastHttpClient::shutdown() {
  asio::post(impl_->strand, [impl = impl_] { impl->stop(); });
}

}  // namespace ambassador::http
