// fake_telegram: a Bot API stand-in on 127.0.0.1 that enforces Telegram's send limits the strict way, for the
// fan-out benchmark (bench/telegram_bench.sh). sendMessage is accepted unless it would exceed
//   --global-rate per second over all chats (default 30), --chat-per-second in one chat (default 1) or
//   --group-per-minute in one group (a negative chat id; default 20),
// each counted over a sliding window; past a limit it answers HTTP 429 {"ok":false,"error_code":429,
// "parameters":{"retry_after":S}} with S the whole seconds until the window has room again (at least 1).
// Other Bot API methods answer {"ok":true,"result":true}. GET /stats answers the counts as JSON.
//
//   fake_telegram [--global-rate 30] [--chat-per-second 1] [--group-per-minute 20]
//
// Listens on a free port and prints "port N" once listening; runs until SIGINT/SIGTERM, then prints the stats line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include <pthread.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "fake_http_server.hpp"

namespace {
using namespace ambassador;
using SteadyClock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  double global_rate = 30;
  double chat_per_second = 1;
  double group_per_minute = 20;
};

// Times of accepted messages within the last `window`; room for `limit` of them.
struct SlidingWindow {
  std::deque<SteadyClock::time_point> accepted;

  void expire(SteadyClock::time_point now, SteadyClock::duration window) {
    while (!accepted.empty() && now - accepted.front() >= window) accepted.pop_front();
  }
  // Zero when there is room now, else how long until the oldest leaves the window.
  SteadyClock::duration wait(SteadyClock::time_point now, SteadyClock::duration window, std::size_t limit) const {
    if (accepted.size() < limit) return SteadyClock::duration::zero();
    return accepted[accepted.size() - limit] + window - now;
  }
};

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class FakeTelegram {
 public:
  explicit FakeTelegram(Options options) : options_(options) {}

  testing::FakeResponse answer(const testing::RecordedRequest& request) {
    if (request.target == "/stats") return testing::FakeResponse::json(200, stats().dump());
    const auto method = request.target.substr(request.target.rfind('/') + 1);
    if (request.target.rfind("/bot", 0) != 0)
      return testing::FakeResponse::json(404, R"({"ok":false,"error_code":404,"description":"Not Found"})");
    if (method != "sendMessage") return testing::FakeResponse::json(200, R"({"ok":true,"result":true})");

    const auto body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.contains("chat_id") || !body.contains("text"))
      return testing::FakeResponse::json(
          400, R"({"ok":false,"error_code":400,"description":"Bad Request: message text is empty"})");
    const std::string chat = body["chat_id"].dump();
    const bool group = !chat.empty() && chat.front() == '-';

    std::lock_guard lock(mutex_);
    const auto now = SteadyClock::now();
    ++requests_;
    const auto second = std::chrono::seconds(1);
    const auto minute = std::chrono::seconds(60);
    global_.expire(now, second);
    auto& per_chat = chats_[chat];
    per_chat.second.expire(now, second);
    per_chat.minute.expire(now, minute);

    const auto global_limit = static_cast<std::size_t>(options_.global_rate);
    const auto chat_limit = static_cast<std::size_t>(std::max(1.0, options_.chat_per_second));
    const auto group_limit = static_cast<std::size_t>(options_.group_per_minute);
    SteadyClock::duration wait = global_.wait(now, second, global_limit);
    const char* which = "global";
    if (const auto w = per_chat.second.wait(now, second, chat_limit); w > wait) wait = w, which = "chat";
    if (group)
      if (const auto w = per_chat.minute.wait(now, minute, group_limit); w > wait) wait = w, which = "group";

    if (wait > SteadyClock::duration::zero()) {
      const auto seconds =
          std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(std::chrono::duration<double>(wait).count())));
      ++rejected_[which];
      const auto at = epoch_ms();
      if (first_429_ms_ == 0) first_429_ms_ = at;
      last_429_ms_ = at;
      return testing::FakeResponse::json(
          429, json{{"ok", false},
                    {"error_code", 429},
                    {"description", "Too Many Requests: retry after " + std::to_string(seconds)},
                    {"parameters", {{"retry_after", seconds}}}}
                   .dump());
    }
    global_.accepted.push_back(now);
    per_chat.second.accepted.push_back(now);
    per_chat.minute.accepted.push_back(now);
    ++per_chat.messages;
    ++accepted_;
    peak_per_second_ = std::max(peak_per_second_, global_.accepted.size());
    const auto at = epoch_ms();
    if (first_accepted_ms_ == 0) first_accepted_ms_ = at;
    last_accepted_ms_ = at;
    return testing::FakeResponse::json(
        200, json{{"ok", true},
                  {"result", {{"message_id", accepted_}, {"date", at / 1000}, {"chat", {{"id", body["chat_id"]}}}}}}
                 .dump());
  }

  json stats() {
    std::lock_guard lock(mutex_);
    std::size_t chats_with_messages = 0;
    std::size_t chats_with_duplicates = 0;
    for (const auto& [chat, state] : chats_) {
      if (state.messages > 0) ++chats_with_messages;
      if (state.messages > 1) ++chats_with_duplicates;
    }
    std::size_t rejected = 0;
    for (const auto& [which, count] : rejected_) rejected += count;
    return json{{"send_requests", requests_},
                {"accepted", accepted_},
                {"rejected_429", rejected},
                {"rejected_by", rejected_},
                {"chats_with_messages", chats_with_messages},
                {"chats_with_more_than_one", chats_with_duplicates},
                {"peak_accepted_per_second", peak_per_second_},
                {"first_accepted_ms", first_accepted_ms_},
                {"last_accepted_ms", last_accepted_ms_},
                {"first_429_ms", first_429_ms_},
                {"last_429_ms", last_429_ms_}};
  }

 private:
  struct Chat {
    SlidingWindow second, minute;
    std::size_t messages = 0;
  };

  Options options_;
  std::mutex mutex_;
  SlidingWindow global_;
  std::unordered_map<std::string, Chat> chats_;
  std::map<std::string, std::size_t> rejected_;
  std::size_t requests_ = 0;
  std::size_t accepted_ = 0;
  std::size_t peak_per_second_ = 0;
  std::int64_t first_accepted_ms_ = 0, last_accepted_ms_ = 0, first_429_ms_ = 0, last_429_ms_ = 0;
};

bool parse(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    const double value = std::atof(argv[++i]);
    if (arg == "--global-rate" && value > 0)
      options.global_rate = value;
    else if (arg == "--chat-per-second" && value > 0)
      options.chat_per_second = value;
    else if (arg == "--group-per-minute" && value > 0)
      options.group_per_minute = value;
    else
      return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr, "usage: fake_telegram [--global-rate 30] [--chat-per-second 1] [--group-per-minute 20]\n");
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's thread starts, so it inherits the mask

  FakeTelegram telegram(options);
  testing::FakeHttpServer server(
      [&telegram](const testing::RecordedRequest& request) { return telegram.answer(request); });
  std::printf("port %u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  std::printf("%s\n", telegram.stats().dump().c_str());
  return 0;
}
