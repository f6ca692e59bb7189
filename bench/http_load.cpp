// http_load: a closed-loop HTTP/1.1 keep-alive load generator. Each of --connections connections sends its
// next request as soon as the previous answer arrives, so the offered load is whatever the server sustains.
// Latencies go into a log-linear histogram (bounded memory); status codes and errors are counted.
// It shares the cores with the server under test, so the request path allocates nothing in the steady state:
// requests are serialised once (or re-rendered into a reused buffer), responses parsed and discarded in place.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "bench/discarding_parser.hpp"
#include "bench/latency_histogram.hpp"
#include "encoding/hex.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kReconnectBackoff = std::chrono::milliseconds(50);  // keeps a dead server from spinning us

constexpr std::string_view kUsage = R"(usage: http_load [options]
  --url URL              http://host[:port]/path[?query] (http only; default http://127.0.0.1:8080/healthz)
  --connections N        concurrent keep-alive connections (default 64)
  --duration SECONDS     measured time (default 10)
  --warmup SECONDS       load before measuring, not reported (default 1)
  --threads N            threads running the one io_context (default 1)
  --method GET|POST      (default GET)
  --header 'K: V'        extra request header (repeatable)
  --body STRING          request body
  --body-template STRING body with {conn} (connection index) and {seq} (global sequence number) replaced
  --content-type TYPE    Content-Type of the body (e.g. application/json)
  --slack-secret SECRET  sign every request as Slack does (X-Slack-Request-Timestamp = now, X-Slack-Signature =
                         v0= HMAC-SHA256 of "v0:{timestamp}:{body}"); use a throw-away secret
  --max-requests N       stop after N measured requests (default: no limit)
  --timeout SECONDS      a connect or request taking longer is an error (default 5)
  --json                 print one JSON summary line instead of text
Exit status: 0 when at least one request got a 2xx answer, 1 when none did, 2 on bad usage.
)";

// ---------------------------------------------------------------------------------------------------------
// Options

struct Target {
  std::string host;
  std::string port = "80";
  std::string path_and_query = "/";
};

struct Options {
  std::string url = "http://127.0.0.1:8080/healthz";
  Target target;
  int connections = 64;
  double duration_seconds = 10;
  double warmup_seconds = 1;
  int threads = 1;
  std::string method = "GET";
  std::vector<std::string> headers;  // "K: V"
  std::optional<std::string> body;
  std::optional<std::string> body_template;
  std::string content_type;
  std::string slack_secret;        // set: every request is signed as Slack signs its webhooks
  std::uint64_t max_requests = 0;  // 0: no limit
  double timeout_seconds = 5;
  bool json = false;
};

struct ParsedOptions {
  std::optional<Options> options;  // empty: print usage
  std::string error;               // empty with no options: --help was asked for
};

bool parse_number(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

template <class Int>
bool parse_number(std::string_view text, Int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

std::optional<Target> parse_target(const std::string& url, std::string& error) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    error = "--url is not a URL: " + url;
    return std::nullopt;
  }
  if (parsed->scheme() != "http") {
    error = "--url must be http:// (https is not supported)";
    return std::nullopt;
  }
  Target target;
  target.host = std::string(parsed->encoded_host_address());
  if (target.host.size() > 2 && target.host.front() == '[') target.host = target.host.substr(1, target.host.size() - 2);
  if (target.host.empty()) {
    error = "--url has no host";
    return std::nullopt;
  }
  if (parsed->has_port()) {
    std::uint16_t port = 0;
    if (!parse_number(parsed->port(), port) || port == 0) {
      error = "--url has a bad port: '" + std::string(parsed->port()) + "'";
      return std::nullopt;
    }
    target.port = std::string(parsed->port());
  }
  target.path_and_query = std::string(parsed->encoded_path());
  if (target.path_and_query.empty()) target.path_and_query = "/";
  if (parsed->has_query()) target.path_and_query += "?" + std::string(parsed->encoded_query());
  return target;
}

ParsedOptions parse_options(int argc, char** argv) {
  Options options;
  auto fail = [](std::string message) { return ParsedOptions{std::nullopt, std::move(message)}; };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return {};
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    std::string_view value;
    if (const auto equals = arg.find('='); arg.starts_with("--") && equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
      arg = arg.substr(0, equals);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return fail(std::string(arg) + " needs a value");
    }
    const std::string bad_value = "bad value for " + std::string(arg) + ": '" + std::string(value) + "'";
    if (arg == "--url") {
      options.url = std::string(value);
    } else if (arg == "--connections") {
      if (!parse_number(value, options.connections) || options.connections < 1) return fail(bad_value);
    } else if (arg == "--duration") {
      if (!parse_number(value, options.duration_seconds) || options.duration_seconds <= 0) return fail(bad_value);
    } else if (arg == "--warmup") {
      if (!parse_number(value, options.warmup_seconds) || options.warmup_seconds < 0) return fail(bad_value);
    } else if (arg == "--threads") {
      if (!parse_number(value, options.threads) || options.threads < 1) return fail(bad_value);
    } else if (arg == "--method") {
      if (value != "GET" && value != "POST") return fail(bad_value + " (GET or POST)");
      options.method = std::string(value);
    } else if (arg == "--header") {
      const auto colon = value.find(':');
      if (colon == std::string_view::npos || colon == 0 || has_line_break(value)) return fail(bad_value + " ('K: V')");
      options.headers.emplace_back(value);
    } else if (arg == "--body") {
      options.body = std::string(value);
    } else if (arg == "--body-template") {
      options.body_template = std::string(value);
    } else if (arg == "--content-type") {
      if (has_line_break(value)) return fail(bad_value);
      options.content_type = std::string(value);
    } else if (arg == "--slack-secret") {
      if (value.empty()) return fail("--slack-secret needs a non-empty value");
      options.slack_secret = std::string(value);
    } else if (arg == "--max-requests") {
      if (!parse_number(value, options.max_requests) || options.max_requests == 0) return fail(bad_value);
    } else if (arg == "--timeout") {
      if (!parse_number(value, options.timeout_seconds) || options.timeout_seconds <= 0) return fail(bad_value);
    } else {
      return fail("unknown option " + std::string(arg));
    }
  }
  if (options.body && options.body_template) return fail("--body and --body-template exclude each other");
  std::string error;
  auto target = parse_target(options.url, error);
  if (!target) return fail(error);
  options.target = std::move(*target);
  return {std::move(options), {}};
}

// ---------------------------------------------------------------------------------------------------------
// Requests

// A body with {conn} and {seq} placeholders, split once so rendering is appends into a reused string.
class BodyTemplate {
 public:
  explicit BodyTemplate(std::string_view text) {
    std::string literal;
    while (!text.empty()) {
      if (text.starts_with("{conn}") || text.starts_with("{seq}")) {
        if (!literal.empty()) segments_.push_back({Part::kLiteral, std::exchange(literal, {})});
        const bool conn = text.starts_with("{conn}");
        segments_.push_back({conn ? Part::kConnection : Part::kSequence, {}});
        text.remove_prefix(conn ? 6 : 5);
      } else {
        literal += text.front();
        text.remove_prefix(1);
      }
    }
    if (!literal.empty()) segments_.push_back({Part::kLiteral, std::move(literal)});
  }

  void render(std::size_t connection, std::uint64_t sequence, std::string& out) const {
    for (const auto& segment : segments_) {
      switch (segment.part) {
        case Part::kLiteral:
          out += segment.literal;
          break;
        case Part::kConnection:
          append_number(connection, out);
          break;
        case Part::kSequence:
          append_number(sequence, out);
          break;
      }
    }
  }

  static void append_number(std::uint64_t number, std::string& out) {
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), number);
    out.append(digits, result.ptr);
  }

 private:
  enum class Part { kLiteral, kConnection, kSequence };
  struct Segment {
    Part part;
    std::string literal;
  };
  std::vector<Segment> segments_;
};

// Everything of a request but the length and body, serialised once; a fixed body makes the whole request fixed.
class RequestFactory {
 public:
  explicit RequestFactory(const Options& options) {
    head_ = options.method + " " + options.target.path_and_query + " HTTP/1.1\r\n";
    bool has_host = false;
    bool has_user_agent = false;
    for (const auto& header : options.headers) {
      const std::string_view name = std::string_view(header).substr(0, header.find(':'));
      has_host = has_host || equals_ignoring_case(name, "host");
      has_user_agent = has_user_agent || equals_ignoring_case(name, "user-agent");
    }
    if (!has_host) {
      const bool ipv6 = options.target.host.find(':') != std::string::npos;
      head_ += "Host: " + (ipv6 ? "[" + options.target.host + "]" : options.target.host);
      if (options.target.port != "80") head_ += ":" + options.target.port;
      head_ += "\r\n";
    }
    if (!has_user_agent) head_ += "User-Agent: http_load\r\n";
    for (const auto& header : options.headers) head_ += header + "\r\n";
    if (!options.content_type.empty()) head_ += "Content-Type: " + options.content_type + "\r\n";
    const bool has_body = options.body || options.body_template || options.method == "POST";
    slack_secret_ = options.slack_secret;
    if (options.body_template) {
      template_.emplace(*options.body_template);
    } else if (!slack_secret_.empty()) {
      template_.emplace(options.body.value_or(""));  // the signature's timestamp changes: rendered each time
    } else if (has_body) {
      fixed_ = head_ + "Content-Length: " + std::to_string(options.body ? options.body->size() : 0) + "\r\n\r\n" +
               options.body.value_or("");
    } else {
      fixed_ = head_ + "\r\n";
    }
  }

  bool varies() const { return template_.has_value(); }
  const std::string& fixed() const { return fixed_; }

  // Renders the request for (connection, sequence) into `out`, reusing its capacity, and `body` as scratch.
  void render(std::size_t connection, std::uint64_t sequence, std::string& body, std::string& out) const {
    body.clear();
    template_->render(connection, sequence, body);
    out.clear();
    out += head_;
    if (!slack_secret_.empty()) append_slack_signature(body, out);
    out += "Content-Length: ";
    BodyTemplate::append_number(body.size(), out);
    out += "\r\n\r\n";
    out += body;
  }

 private:
  static bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
        return false;
      }
    }
    return true;
  }

  static EVP_MAC_CTX* keyed_hmac(const std::string& secret) {
    EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* context = EVP_MAC_CTX_new(hmac);
    EVP_MAC_free(hmac);  // the context holds its own reference
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), params);
    return context;
  }

  // X-Slack-Request-Timestamp (now, Unix seconds) and X-Slack-Signature of `body` with that timestamp.
  void append_slack_signature(const std::string& body, std::string& out) const {
    char timestamp[24];
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string_view stamp(timestamp, std::to_chars(std::begin(timestamp), std::end(timestamp), seconds).ptr);
    // Keyed once per thread and re-initialised per request: OpenSSL 3's one-shot HMAC() sets up its contexts on
    // every call, a cost the load generator would take from the server it shares the cores with.
    thread_local std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> mac(keyed_hmac(slack_secret_),
                                                                               EVP_MAC_CTX_free);
    const auto update = [](std::string_view part) {
      EVP_MAC_update(mac.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size());
    };
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_size = 0;
    EVP_MAC_init(mac.get(), nullptr, 0, nullptr);  // same key again
    update("v0:");
    update(stamp);
    update(":");
    update(body);
    EVP_MAC_final(mac.get(), digest, &digest_size, sizeof digest);
    out += "X-Slack-Request-Timestamp: ";
    out += stamp;
    out += "\r\nX-Slack-Signature: v0=";
    out += encoding::lowercase_hex({digest, digest_size});
    out += "\r\n";
  }

  std::string head_;
  std::string fixed_;
  std::optional<BodyTemplate> template_;
  std::string slack_secret_;
};

// ---------------------------------------------------------------------------------------------------------
// Results

struct ErrorCounts {
  std::uint64_t connect = 0;
  std::uint64_t read = 0;
  std::uint64_t write = 0;
  std::uint64_t timeout = 0;

  std::uint64_t total() const { return connect + read + write + timeout; }
  void add(const ErrorCounts& other) {
    connect += other.connect;
    read += other.read;
    write += other.write;
    timeout += other.timeout;
  }
};

enum class ErrorKind { kConnect, kRead, kWrite, kTimeout };

// One per thread, so the request path never touches shared counters; merged after the run.
struct ThreadStats {
  // The measured window: requests sent in it (after the warm-up, before the end or --max-requests).
  LatencyHistogram latency;
  std::vector<std::uint64_t> status_counts = std::vector<std::uint64_t>(1000, 0);  // by status code
  std::uint64_t responses = 0;
  ErrorCounts errors;
  Clock::time_point last_response{};
  // Everything, warm-up and drain included: what the server saw, for cross-checks against its side effects.
  std::uint64_t all_sent = 0;
  std::uint64_t all_responses = 0;
  std::uint64_t all_2xx = 0;
  ErrorCounts all_errors;

  void count_error(ErrorKind kind, bool in_window) {
    auto bump = [kind](ErrorCounts& counts) {
      switch (kind) {
        case ErrorKind::kConnect:
          ++counts.connect;
          break;
        case ErrorKind::kRead:
          ++counts.read;
          break;
        case ErrorKind::kWrite:
          ++counts.write;
          break;
        case ErrorKind::kTimeout:
          ++counts.timeout;
          break;
      }
    };
    bump(all_errors);
    if (in_window) bump(errors);
  }

  void merge(const ThreadStats& other) {
    latency.merge(other.latency);
    for (std::size_t i = 0; i < status_counts.size(); ++i) status_counts[i] += other.status_counts[i];
    responses += other.responses;
    errors.add(other.errors);
    last_response = std::max(last_response, other.last_response);
    all_sent += other.all_sent;
    all_responses += other.all_responses;
    all_2xx += other.all_2xx;
    all_errors.add(other.all_errors);
  }
};

thread_local ThreadStats* this_thread_stats = nullptr;

// ---------------------------------------------------------------------------------------------------------
// The run

class Connection;

// State shared by all connections; written only before the run or through atomics.
struct Run {
  const Options& options;
  asio::io_context& io;
  tcp::endpoint endpoint;
  RequestFactory requests;
  Clock::time_point measure_start;
  Clock::time_point measure_end;
  Clock::duration timeout;
  std::atomic<std::uint64_t> next_sequence{0};
  std::atomic<std::uint64_t> window_sent{0};
  std::atomic<bool> stop_requested{false};
  std::atomic<int> connections_done{0};
};

class Connection {
 public:
  Connection(Run& run, std::size_t index, asio::any_io_executor executor)
      : run_(run), index_(index), executor_(executor), socket_(executor), backoff_(executor), buffer_(16 * 1024) {
    if (run_.requests.varies()) {
      body_.reserve(1024);
      request_storage_.reserve(2048);
    }
  }

  // A copy taken at construction: safe to read from any thread, unlike the socket.
  const asio::any_io_executor& executor() const { return executor_; }

  void start() {
    asio::post(executor_, [this] { connect(); });
  }

  // Runs on the connection's executor (posted by the sweeper), so it never races the connection's handlers.
  void check_timeout(Clock::time_point now) {
    if (!busy_ || timed_out_ || now - busy_since_ < run_.timeout) return;
    timed_out_ = true;
    this_thread_stats->count_error(ErrorKind::kTimeout, connecting_ ? in_window(now) : in_window_);
    beast::error_code ignored;
    socket_.close(ignored);  // the pending operation completes with operation_aborted
  }

 private:
  bool in_window(Clock::time_point t) const { return t >= run_.measure_start && t < run_.measure_end; }

  void connect() {
    const auto now = Clock::now();
    if (stopping() || now >= run_.measure_end) return finish();
    connecting_ = true;
    busy_ = true;
    busy_since_ = now;
    socket_.async_connect(run_.endpoint, [this](beast::error_code ec) { on_connect(ec); });
  }

  void on_connect(beast::error_code ec) {
    connecting_ = false;
    busy_ = false;
    const bool timed_out = std::exchange(timed_out_, false);  // already counted by check_timeout
    if (ec || timed_out) {
      if (!timed_out) this_thread_stats->count_error(ErrorKind::kConnect, in_window(Clock::now()));
      close();
      backoff_.expires_after(kReconnectBackoff);
      backoff_.async_wait([this](beast::error_code) { connect(); });
      return;
    }
    socket_.set_option(tcp::no_delay(true), ec);
    buffer_.clear();
    send();
  }

  bool stopping() const { return run_.stop_requested.load(std::memory_order_relaxed); }

  void send() {
    const auto now = Clock::now();
    if (stopping() || now >= run_.measure_end) return finish();
    in_window_ = now >= run_.measure_start;
    if (in_window_ && run_.options.max_requests != 0 &&
        run_.window_sent.fetch_add(1, std::memory_order_relaxed) >= run_.options.max_requests) {
      return finish();
    }
    const std::string* request = &run_.requests.fixed();
    if (run_.requests.varies()) {
      run_.requests.render(index_, run_.next_sequence.fetch_add(1, std::memory_order_relaxed), body_, request_storage_);
      request = &request_storage_;
    }
    ++this_thread_stats->all_sent;
    busy_ = true;
    busy_since_ = now;
    asio::async_write(socket_, asio::buffer(*request), [this](beast::error_code ec, std::size_t) { on_written(ec); });
  }

  void on_written(beast::error_code ec) {
    // timed_out_ with no error: the operation completed just before check_timeout closed the socket.
    if (ec || timed_out_) return fail(ErrorKind::kWrite);
    parser_.emplace();
    parser_->body_limit(boost::none);  // the body is discarded as it arrives
    beast::http::async_read(socket_, buffer_, *parser_, [this](beast::error_code ec, std::size_t) { on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec || timed_out_) return fail(ErrorKind::kRead);
    const auto now = Clock::now();
    busy_ = false;
    ThreadStats& stats = *this_thread_stats;
    const int status = parser_->status();
    ++stats.all_responses;
    if (status >= 200 && status < 300) ++stats.all_2xx;
    if (in_window_) {
      stats.latency.record(
          static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - busy_since_).count()));
      ++stats.status_counts[static_cast<std::size_t>(status) % stats.status_counts.size()];
      ++stats.responses;
      stats.last_response = std::max(stats.last_response, now);
    }
    if (!parser_->keep_alive()) {  // the server closes after this answer: open a new connection, not an error
      close();
      return connect();
    }
    send();
  }

  void fail(ErrorKind kind) {
    busy_ = false;
    // A timed-out request was counted by check_timeout; the abort it caused is not a second error.
    if (!std::exchange(timed_out_, false)) this_thread_stats->count_error(kind, in_window_);
    close();
    connect();
  }

  void close() {
    beast::error_code ignored;
    socket_.close(ignored);
    buffer_.clear();
  }

  void finish() {
    close();
    if (run_.connections_done.fetch_add(1) + 1 == run_.options.connections) run_.io.stop();
  }

  Run& run_;
  const std::size_t index_;
  const asio::any_io_executor executor_;
  tcp::socket socket_;
  asio::steady_timer backoff_;
  beast::flat_buffer buffer_;
  std::optional<DiscardingParser<false>> parser_;
  std::string body_;
  std::string request_storage_;
  Clock::time_point busy_since_{};
  bool busy_ = false;        // a connect or request is outstanding
  bool connecting_ = false;  // ... and it is a connect
  bool in_window_ = false;   // the outstanding request is measured
  bool timed_out_ = false;
};

// Checks every connection for an overdue connect or answer; one timer for all instead of one per request.
class TimeoutSweeper {
 public:
  TimeoutSweeper(asio::io_context& io, std::vector<std::unique_ptr<Connection>>& connections, Clock::duration timeout)
      : timer_(io),
        connections_(connections),
        period_(
            std::clamp<Clock::duration>(timeout / 10, std::chrono::milliseconds(10), std::chrono::milliseconds(250))) {}

  void start() {
    timer_.expires_after(period_);
    timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      const auto now = Clock::now();
      for (auto& connection : connections_) {
        // Connection ops run on the connection's executor (a strand with several threads), so go through it.
        asio::post(connection->executor(), [c = connection.get(), now] { c->check_timeout(now); });
      }
      start();
    });
  }

 private:
  asio::steady_timer timer_;
  std::vector<std::unique_ptr<Connection>>& connections_;
  Clock::duration period_;
};

// ---------------------------------------------------------------------------------------------------------
// Report

struct Summary {
  ThreadStats stats;
  double duration_seconds = 0;
};

double micros_to_millis(std::uint64_t micros) { return static_cast<double>(micros) / 1000.0; }
double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

void print_text(const Options& options, const Summary& summary) {
  const ThreadStats& s = summary.stats;
  const double rate = summary.duration_seconds > 0 ? static_cast<double>(s.responses) / summary.duration_seconds : 0;
  std::printf("http_load: %s %s, %d connections, %d thread%s, %.3g s (+%.3g s warm-up)\n", options.method.c_str(),
              options.url.c_str(), options.connections, options.threads, options.threads == 1 ? "" : "s",
              options.duration_seconds, options.warmup_seconds);
  std::printf("requests:      %llu\n", static_cast<unsigned long long>(s.responses));
  std::printf("duration:      %.3f s\n", summary.duration_seconds);
  std::printf("requests/s:    %.1f\n", rate);
  std::printf("latency (ms):  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (mean %.3f)\n",
              micros_to_millis(s.latency.value_at_percentile(50)), micros_to_millis(s.latency.value_at_percentile(90)),
              micros_to_millis(s.latency.value_at_percentile(99)),
              micros_to_millis(s.latency.value_at_percentile(99.9)), micros_to_millis(s.latency.max()),
              s.latency.mean() / 1000.0);
  std::printf("status codes: ");
  bool any = false;
  for (std::size_t code = 0; code < s.status_counts.size(); ++code) {
    if (s.status_counts[code] == 0) continue;
    std::printf(" %zu=%llu", code, static_cast<unsigned long long>(s.status_counts[code]));
    any = true;
  }
  std::printf("%s\n", any ? "" : " none");
  std::printf("errors:        connect %llu, read %llu, write %llu, timeout %llu\n",
              static_cast<unsigned long long>(s.errors.connect), static_cast<unsigned long long>(s.errors.read),
              static_cast<unsigned long long>(s.errors.write), static_cast<unsigned long long>(s.errors.timeout));
  std::printf("all (warm-up and drain included): sent %llu, responses %llu, 2xx %llu, errors %llu\n",
              static_cast<unsigned long long>(s.all_sent), static_cast<unsigned long long>(s.all_responses),
              static_cast<unsigned long long>(s.all_2xx), static_cast<unsigned long long>(s.all_errors.total()));
}

void print_json(const Options& options, const Summary& summary) {
  const ThreadStats& s = summary.stats;
  const double rate = summary.duration_seconds > 0 ? static_cast<double>(s.responses) / summary.duration_seconds : 0;
  auto errors = [](const ErrorCounts& counts) {
    return nlohmann::ordered_json{
        {"connect", counts.connect}, {"read", counts.read}, {"write", counts.write}, {"timeout", counts.timeout}};
  };
  nlohmann::ordered_json status = nlohmann::ordered_json::object();
  for (std::size_t code = 0; code < s.status_counts.size(); ++code) {
    if (s.status_counts[code] != 0) status[std::to_string(code)] = s.status_counts[code];
  }
  const nlohmann::ordered_json out = {{"method", options.method},
                                      {"url", options.url},
                                      {"connections", options.connections},
                                      {"threads", options.threads},
                                      {"requests", s.responses},
                                      {"duration_s", round3(summary.duration_seconds)},
                                      {"requests_per_s", std::round(rate * 10.0) / 10.0},
                                      {"latency_ms",
                                       {{"p50", micros_to_millis(s.latency.value_at_percentile(50))},
                                        {"p90", micros_to_millis(s.latency.value_at_percentile(90))},
                                        {"p99", micros_to_millis(s.latency.value_at_percentile(99))},
                                        {"p99_9", micros_to_millis(s.latency.value_at_percentile(99.9))},
                                        {"max", micros_to_millis(s.latency.max())},
                                        {"mean", round3(s.latency.mean() / 1000.0)}}},
                                      {"status", status},
                                      {"errors", errors(s.errors)},
                                      {"all",
                                       {{"sent", s.all_sent},
                                        {"responses", s.all_responses},
                                        {"responses_2xx", s.all_2xx},
                                        {"errors", errors(s.all_errors)}}}};
  std::printf("%s\n", encoding::dump_json(out).c_str());
}

Summary run_load(const Options& options, const tcp::endpoint& endpoint) {
  // A concurrency hint of 1 lets Asio skip the scheduler's locking, a large share of the cost per request.
  asio::io_context io(options.threads);
  const auto start = Clock::now();
  const auto to_duration = [](double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  };
  Run run{options,
          io,
          endpoint,
          RequestFactory(options),
          start + to_duration(options.warmup_seconds),
          start + to_duration(options.warmup_seconds + options.duration_seconds),
          to_duration(options.timeout_seconds)};

  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < options.connections; ++i) {
    // With several threads a connection's handlers and its timeout check must not run at once: a strand each.
    asio::any_io_executor executor =
        options.threads == 1 ? asio::any_io_executor(io.get_executor()) : asio::make_strand(io);
    connections.push_back(std::make_unique<Connection>(run, static_cast<std::size_t>(i), executor));
  }
  TimeoutSweeper sweeper(io, connections, run.timeout);
  for (auto& connection : connections) connection->start();
  sweeper.start();

  // In-flight requests at the end are still answered (drain), but never longer than one timeout.
  asio::steady_timer hard_stop(io);
  hard_stop.expires_at(run.measure_end + run.timeout + std::chrono::seconds(1));
  hard_stop.async_wait([&io](beast::error_code ec) {
    if (!ec) io.stop();
  });
  // Ctrl-C / SIGTERM: stop sending, report what was measured; a second signal stops at once.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code ec, int) {
    if (ec) return;
    if (run.stop_requested.exchange(true)) return io.stop();
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  std::vector<std::unique_ptr<ThreadStats>> stats;
  for (int i = 0; i < options.threads; ++i) stats.push_back(std::make_unique<ThreadStats>());
  std::vector<std::thread> workers;
  for (int i = 1; i < options.threads; ++i) {
    workers.emplace_back([&io, s = stats[static_cast<std::size_t>(i)].get()] {
      this_thread_stats = s;
      io.run();
    });
  }
  this_thread_stats = stats.front().get();
  io.run();
  for (auto& worker : workers) worker.join();
  const auto stopped = Clock::now();

  Summary summary;
  for (const auto& s : stats) summary.stats.merge(*s);
  // Measured requests were all sent before measure_end; the window closes with the last answer to one of them.
  const auto window_end =
      summary.stats.responses != 0 ? summary.stats.last_response : std::min(stopped, run.measure_end);
  summary.duration_seconds = std::max(0.0, std::chrono::duration<double>(window_end - run.measure_start).count());
  return summary;
}

}  // namespace
}  // namespace ambassador::bench

int main(int argc, char** argv) {
  using namespace ambassador::bench;
  const ParsedOptions parsed = parse_options(argc, argv);
  if (!parsed.options) {
    if (!parsed.error.empty()) {
      std::fprintf(stderr, "http_load: %s (see --help)\n", parsed.error.c_str());
      return 2;
    }
    std::fputs(kUsage.data(), stdout);
    return 0;
  }
  const Options& options = *parsed.options;
  tcp::endpoint endpoint;
  try {  // start-up only: the request path reports errors as counts, never exceptions
    asio::io_context resolver_io;
    tcp::resolver resolver(resolver_io);
    const auto results = resolver.resolve(options.target.host, options.target.port);
    endpoint = results.begin()->endpoint();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "http_load: cannot resolve %s:%s: %s\n", options.target.host.c_str(),
                 options.target.port.c_str(), error.what());
    return 2;
  }
  const Summary summary = run_load(options, endpoint);
  if (options.json) {
    print_json(options, summary);
  } else {
    print_text(options, summary);
  }
  std::fflush(stdout);
  return summary.stats.all_2xx > 0 ? 0 : 1;
}
