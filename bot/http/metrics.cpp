#include "bot/http/metrics.hpp"

#include <fmt/format.h>

namespace ambassador::http {
namespace {

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void RouteMetrics::observe(int status, double seconds) {
  if (status >= 0 && status < static_cast<int>(by_status_.size()))
    by_status_[static_cast<std::size_t>(status)].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

RouteMetrics& Metrics::route(const std::string& route) {
  std::lock_guard lock(mutex_);
  for (auto& existing : routes_)
    if (existing.route_ == route) return existing;
  return routes_.emplace_back(route);
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  sampled_.push_back({std::move(name), std::move(help), "gauge", std::move(read)});
}

void Metrics::add_counter(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  sampled_.push_back({std::move(name), std::move(help), "counter", std::move(read)});
}

void Metrics::add_labelled_gauge(std::string name, std::string help, std::string label,
                                 std::function<LabelledValues()> read) {
  std::lock_guard lock(mutex_);
  labelled_.push_back({std::move(name), std::move(help), "gauge", std::move(label), std::move(read)});
}

void Metrics::add_labelled_counter(std::string name, std::string help, std::string label,
                                   std::function<LabelledValues()> read) {
  std::lock_guard lock(mutex_);
  labelled_.push_back({std::move(name), std::move(help), "counter", std::move(label), std::move(read)});
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP ambassador_http_requests_total HTTP requests answered, by route pattern and status.\n";
  out += "# TYPE ambassador_http_requests_total counter\n";
  for (const auto& r : routes_) {
    const auto label = escape_label(r.route_);
    for (std::size_t status = 0; status < r.by_status_.size(); ++status) {
      const auto n = r.by_status_[status].load(std::memory_order_relaxed);
      if (n) out += fmt::format("ambassador_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label, status, n);
    }
  }
  out += "# HELP ambassador_http_request_duration_seconds Time from a complete request to its answer.\n";
  out += "# TYPE ambassador_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    const auto label = escape_label(r.route_);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < r.buckets_.size(); ++i) {
      cumulative += r.buckets_[i].load(std::memory_order_relaxed);
      const auto le = i < RouteMetrics::kBuckets.size() ? fmt::format("{}", RouteMetrics::kBuckets[i]) : "+Inf";
      out += fmt::format("ambassador_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label, le,
                         cumulative);
    }
    out += fmt::format("ambassador_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                       static_cast<double>(r.sum_micros_.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format("ambassador_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, cumulative);
  }
  for (const auto& s : sampled_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", s.name, s.help, s.name, s.type, s.name, s.read());
  }
  // Label values are department ids (slugs from the config), so they need no escaping.
  for (const auto& l : labelled_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", l.name, l.help, l.name, l.type);
    for (const auto& [value, number] : l.read())
      out += fmt::format("{}{{{}=\"{}\"}} {}\n", l.name, l.label, value, number);
  }
  return out;
}

}  // namespace ambassador::http
