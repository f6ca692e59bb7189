#pragma once
// A stand-in for Slack on loopback: the Web API methods the bot calls (under /api) and response_urls (under
// /hooks), answering as Slack does, on a FakeHttpServer that records every request.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_http_server.hpp"

namespace ambassador::testing {

class FakeSlack {
 public:
  FakeSlack() : server_([this](const RecordedRequest& request) { return answer(request); }) {}

  std::string api_base_url() const { return server_.url("/api"); }
  // A response_url as Slack hands them out (the path is the credential), on this server.
  std::string response_url(std::string_view id) const { return server_.url("/hooks/commands/T1/" + std::string(id)); }

  // The next `count` chat.postMessage calls are answered 429 with Retry-After: 1.
  void rate_limit_next_posts(int count) { posts_to_limit_.store(count); }
  // Of every ten chat.postMessage calls, the first `per_ten` are posted (they reach conversations.history) but their
  // connection is dropped unanswered, as when an answer is lost on the way back.
  void lose_answers_to_posts(int per_ten) { lost_answers_per_ten_.store(per_ten); }
  // chat.postMessage calls whose message was posted (answered or not), in `channel`.
  std::size_t posted_in(std::string_view channel) const {
    std::lock_guard lock(mutex_);
    const auto found = history_.find(std::string(channel));
    return found == history_.end() ? 0 : found->second.size();
  }

  const FakeHttpServer& server() const { return server_; }
  std::vector<RecordedRequest> requests() const { return server_.requests(); }

  // Requests to the Web API method (e.g. "chat.postMessage") whose JSON body has `field` == `value` (any when
  // `field` is empty).
  std::vector<RecordedRequest> calls(std::string_view method, std::string_view field = {},
                                     std::string_view value = {}) const {
    std::vector<RecordedRequest> found;
    for (auto& request : server_.requests()) {
      if (request.target != "/api/" + std::string(method)) continue;
      if (!field.empty()) {
        const auto body = nlohmann::json::parse(request.body, nullptr, false);
        if (!body.is_object() || body.value(std::string(field), std::string{}) != value) continue;
      }
      found.push_back(std::move(request));
    }
    return found;
  }
  // Requests to response_urls whose path starts with `path_prefix`.
  std::vector<RecordedRequest> hooks(std::string_view path_prefix = "/hooks/") const {
    std::vector<RecordedRequest> found;
    for (auto& request : server_.requests())
      if (request.target.starts_with(path_prefix)) found.push_back(std::move(request));
    return found;
  }
  // How many conversations.history pages were read.
  std::size_t history_reads() const {
    std::size_t reads = 0;
    for (const auto& request : server_.requests()) reads += request.target.starts_with("/api/conversations.history?");
    return reads;
  }
  // When each chat.postMessage that was posted arrived, by channel, in arrival order.
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> arrivals() const {
    std::lock_guard lock(mutex_);
    return arrivals_;
  }
  // How many chat.postMessage calls were answered 429.
  int rate_limited_posts() const { return rate_limited_.load(); }

 private:
  FakeResponse answer(const RecordedRequest& request) {
    if (request.target.starts_with("/hooks/")) return FakeResponse::text(200, "ok");
    if (request.target.starts_with("/api/conversations.history?")) return history(request.target);
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_object()) return error("invalid_json");
    const std::string ts = "1700000000." + std::to_string(100000 + ++sequence_);
    if (request.target == "/api/chat.postMessage") {
      if (posts_to_limit_.fetch_sub(1) > 0) {
        ++rate_limited_;
        auto limited = FakeResponse::json(429, R"({"ok":false,"error":"ratelimited"})");
        limited.headers.emplace_back("Retry-After", "1");
        return limited;
      }
      remember_post(body, ts);
      auto posted = FakeResponse::json(
          200, nlohmann::json{{"ok", true}, {"channel", body.value("channel", "")}, {"ts", ts}}.dump());
      posted.close_without_answer = static_cast<int>(posts_++ % 10) < lost_answers_per_ten_.load();
      return posted;
    }
    if (request.target == "/api/chat.postEphemeral")
      return FakeResponse::json(200, nlohmann::json{{"ok", true}, {"message_ts", ts}}.dump());
    if (request.target == "/api/conversations.open")
      return FakeResponse::json(
          200, nlohmann::json{{"ok", true}, {"channel", {{"id", "D" + body.value("users", "")}}}}.dump());
    return error("unknown_method");
  }

  void remember_post(const nlohmann::json& body, const std::string& ts) {
    nlohmann::json message{{"type", "message"}, {"ts", ts}, {"text", body.value("text", "")}};
    if (body.contains("metadata")) message["metadata"] = body["metadata"];
    std::lock_guard lock(mutex_);
    arrivals_[body.value("channel", "")].push_back(std::chrono::steady_clock::now());
    history_[body.value("channel", "")].push_back(std::move(message));
  }

  // conversations.history?channel=...: every message posted there, newest first, on one page.
  FakeResponse history(const std::string& target) {
    const auto from = target.find("channel=");
    if (from == std::string::npos) return error("channel_not_found");
    const auto channel = target.substr(from + 8, target.find('&', from) - from - 8);
    nlohmann::json messages = nlohmann::json::array();
    {
      std::lock_guard lock(mutex_);
      const auto found = history_.find(channel);
      if (found != history_.end())
        for (auto it = found->second.rbegin(); it != found->second.rend(); ++it) messages.push_back(*it);
    }
    return FakeResponse::json(200, nlohmann::json{{"ok", true}, {"messages", messages}, {"has_more", false}}.dump());
  }

  static FakeResponse error(std::string_view code) {
    return FakeResponse::json(200, nlohmann::json{{"ok", false}, {"error", code}}.dump());
  }

  std::atomic<int> posts_to_limit_{0};
  std::atomic<int> rate_limited_{0};
  std::atomic<int> lost_answers_per_ten_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<nlohmann::json>> history_;  // by channel, oldest first
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> arrivals_;
  std::uint64_t sequence_ = 0;  // the server's thread only
  std::uint64_t posts_ = 0;     // likewise
  FakeHttpServer server_;       // last: its thread calls answer(), which uses the members above
};

}  // namespace ambassador::testing
