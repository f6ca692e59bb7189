#pragma once
// A stand-in for Slack on loopback: the Web API methods the bot calls (under /api) and response_urls (under
// /hooks), answering as Slack does, on a FakeHttpServer that records every request.
#include <atomic>
#include <cstdint>
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
  // How many chat.postMessage calls were answered 429.
  int rate_limited_posts() const { return rate_limited_.load(); }

 private:
  FakeResponse answer(const RecordedRequest& request) {
    if (request.target.starts_with("/hooks/")) return FakeResponse::text(200, "ok");
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
      return FakeResponse::json(
          200, nlohmann::json{{"ok", true}, {"channel", body.value("channel", "")}, {"ts", ts}}.dump());
    }
    if (request.target == "/api/chat.postEphemeral")
      return FakeResponse::json(200, nlohmann::json{{"ok", true}, {"message_ts", ts}}.dump());
    if (request.target == "/api/conversations.open")
      return FakeResponse::json(
          200, nlohmann::json{{"ok", true}, {"channel", {{"id", "D" + body.value("users", "")}}}}.dump());
    return error("unknown_method");
  }

  static FakeResponse error(std::string_view code) {
    return FakeResponse::json(200, nlohmann::json{{"ok", false}, {"error", code}}.dump());
  }

  std::atomic<int> posts_to_limit_{0};
  std::atomic<int> rate_limited_{0};
  std::uint64_t sequence_ = 0;  // the server's thread only
  FakeHttpServer server_;       // last: its thread calls answer(), which uses the members above
};

}  // namespace ambassador::testing
