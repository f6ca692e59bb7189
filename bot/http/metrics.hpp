#pragma once
// Prometheus metrics: requests by route and status, a latency histogram per route, and gauges read
// at scrape time (queue depths). Recording is lock-free; only registration takes a lock.
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ambassador::http {

class RouteMetrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  explicit RouteMetrics(std::string route) : route_(std::move(route)) {}
  void observe(int status, double seconds);

 private:
  friend class Metrics;
  std::string route_;
  std::array<std::atomic<std::uint64_t>, 600> by_status_{};                // index: HTTP status code
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets_{};  // last: +Inf
  std::atomic<std::uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  // A stable reference for the route's counters; created on first use.
  RouteMetrics& route(const std::string& route);
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  void add_counter(std::string name, std::string help, std::function<double()> read);
  // One series per label value, e.g. open questions by department: {"wijkbeheer", 3} → name{department="wijkbeheer"} 3.
  using LabelledValues = std::vector<std::pair<std::string, double>>;
  void add_labelled_gauge(std::string name, std::string help, std::string label, std::function<LabelledValues()> read);
  void add_labelled_counter(std::string name, std::string help, std::string label,
                            std::function<LabelledValues()> read);
  std::string render() const;  // text exposition format 0.0.4

 private:
  struct Sampled {
    std::string name, help, type;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::deque<RouteMetrics> routes_;  // deque: references stay valid as it grows
  std::deque<Sampled> sampled_;
  struct Labelled {
    std::string name, help, type, label;
    std::function<LabelledValues()> read;
  };
  std::deque<Labelled> labelled_;
};

}  // namespace ambassador::http
