// Fan-out of one post to many channels through a fake Slack Web API on loopback that enforces a rate
// limit (429 + Retry-After past it). Runs the real path: scheduler → fan-out → outbox → rate limiter →
// Slack sender → HTTP client. Prints the achieved rate against the allowed one, duplicates and losses.
//
//   fanout_bench [--channels 10000] [--rate 2000] [--inject-429-every N] [--retry-after 1]
#include <chrono>
#include <filesystem>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/app/application.hpp"
#include "config/loader.hpp"
#include "fake_http_server.hpp"
#include "storage/post_repository.hpp"
#include "storage/store.hpp"

namespace {
using namespace ambassador;
using Steady = std::chrono::steady_clock;

struct Options {
  int channels = 10000;
  double rate = 2000;
  int inject_every = 0;  // 0: only real over-limit 429s
  int retry_after = 1;
};

// The fake's own limit: a token bucket at `rate` per second (burst of 1/20 s), like a platform's.
class FakeSlack {
 public:
  explicit FakeSlack(const Options& options) : options_(options), tokens_(options.rate / 20) {}

  testing::FakeResponse answer(const testing::RecordedRequest& request) {
    std::lock_guard lock(mutex_);
    const auto now = Steady::now();
    if (!started_) started_ = now;
    tokens_ = std::min(options_.rate / 20,
                       tokens_ + std::chrono::duration<double>(now - last_).count() * options_.rate);
    last_ = now;
    ++requests_;
    const bool injected = options_.inject_every > 0 && requests_ % options_.inject_every == 0;
    if (tokens_ < 1 || injected) {
      ++(injected ? injected_429_ : limit_429_);
      auto response = testing::FakeResponse::json(429, R"({"ok":false,"error":"ratelimited"})");
      response.headers.emplace_back("Retry-After", std::to_string(options_.retry_after));
      return response;
    }
    tokens_ -= 1;
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    const auto channel = body.is_object() ? body.value("channel", std::string{}) : std::string{};
    ++delivered_[channel];
    finished_ = now;
    return testing::FakeResponse::json(200, R"({"ok":true,"channel":")" + channel + R"(","ts":"1.)" +
                                                std::to_string(requests_) + "\"}");
  }

  void report(int channels) {
    std::lock_guard lock(mutex_);
    int duplicates = 0, lost = 0;
    for (int i = 0; i < channels; ++i) {
      const auto it = delivered_.find("C" + std::to_string(i));
      if (it == delivered_.end()) ++lost;
      else if (it->second > 1) duplicates += it->second - 1;
    }
    const double seconds = std::chrono::duration<double>(finished_ - started_.value_or(finished_)).count();
    const double bound = channels / options_.rate + static_cast<double>(injected_429_) * options_.retry_after;
    std::printf("channels            %d\n", channels);
    std::printf("allowed rate        %.0f msg/s\n", options_.rate);
    std::printf("first to last send  %.3f s\n", seconds);
    std::printf("achieved rate       %.0f msg/s (%.1f%% of allowed)\n", channels / seconds,
                100.0 * channels / seconds / options_.rate);
    std::printf("requests            %d (429 over the limit: %d, injected 429: %d)\n", requests_, limit_429_,
                injected_429_);
    std::printf("bound implied       %.3f s (channels/rate + injected 429s x Retry-After); actual/bound %.3f\n",
                bound, seconds / bound);
    std::printf("duplicates          %d\nlost                %d\n", duplicates, lost);
  }

  int delivered_count() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(delivered_.size());
  }

 private:
  Options options_;
  std::mutex mutex_;
  double tokens_;
  Steady::time_point last_ = Steady::now();
  std::optional<Steady::time_point> started_;
  Steady::time_point finished_;
  int requests_ = 0, limit_429_ = 0, injected_429_ = 0;
  std::map<std::string, int> delivered_;
};

std::string config_for(const Options& options, const std::string& api_url, const std::string& data_dir) {
  std::string toml = "[organisation]\nname = \"Fan-out bench\"\n";
  toml += "[http]\naddress = \"127.0.0.1\"\nport = 0\n[storage]\ndata_dir = \"" + data_dir + "\"\n";
  toml += "[log]\nlevel = \"warn\"\n[platforms.local]\nenabled = false\n";
  toml += "[delivery]\nglobal_rate_per_second = " + std::to_string(options.rate) + "\n";
  toml += "[platforms.slack]\nenabled = true\napi_base_url = \"" + api_url + "\"\n";
  toml += "[[platforms.slack.workspaces]]\nteam_id = \"T1\"\nsigning_secret = \"env:BENCH_SLACK_SIGNING\"\n";
  toml += "bot_token = \"env:BENCH_SLACK_TOKEN\"\n";
  toml += "[[departments]]\nid = \"bench\"\nname = \"Bench\"\n";
  for (int i = 0; i < options.channels; ++i)
    toml += "  [[departments.channels]]\n  platform = \"slack\"\n  workspace = \"T1\"\n  id = \"C" + std::to_string(i) + "\"\n";
  return toml;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const double value = std::atof(argv[i + 1]);
    if (flag == "--channels") options.channels = static_cast<int>(value);
    else if (flag == "--rate") options.rate = value;
    else if (flag == "--inject-429-every") options.inject_every = static_cast<int>(value);
    else if (flag == "--retry-after") options.retry_after = static_cast<int>(value);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse(argc, argv);
  spdlog::set_level(spdlog::level::warn);
  ::setenv("BENCH_SLACK_SIGNING", "bench-signing-secret", 1);
  ::setenv("BENCH_SLACK_TOKEN", "xoxb-bench", 1);
  FakeSlack slack(options);
  testing::FakeHttpServer server([&slack](const testing::RecordedRequest& r) { return slack.answer(r); });
  const auto dir_path = std::filesystem::temp_directory_path() / ("fanout-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir_path);
  auto loaded = config::parse_config(config_for(options, server.url("/api"), dir_path.string()), "bench");
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 2;
  }
  app::Application application(std::move(loaded.config));
  application.start();
  std::thread loop([&] { application.run(); });
  application.store().write_sync([](storage::Connection& db) {
    storage::PostRecord post;
    post.title = "Fan-out benchmark";
    post.link_url = "https://example.org/bench";
    post.status = "scheduled";
    post.publish_at_ms = post.created_at_ms = post.updated_at_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    storage::PostRepository(db).insert(post);
  });
  const auto deadline = Steady::now() + std::chrono::seconds(static_cast<int>(options.channels / options.rate) * 3 + 60);
  while (slack.delivered_count() < options.channels && Steady::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // late duplicates would show up now
  application.shutdown();
  loop.join();
  slack.report(options.channels);
  std::filesystem::remove_all(dir_path);
  return 0;
}
