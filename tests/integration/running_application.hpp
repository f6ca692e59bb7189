#pragma once
// The whole service on loopback for end-to-end tests: the demo configuration with a free port and a
// temporary data directory, run on its own thread, stopped gracefully at the end.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/app/application.hpp"
#include "config/loader.hpp"
#include "loopback_client.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {

// config/demo.toml as shipped, with http.port = 0 and storage in `data_dir`. Its API tokens are env:
// references the run script exports; tests export throwaway values (kept if already set).
inline config::Config demo_config(const std::filesystem::path& data_dir) {
  ::setenv("AMBASSADOR_DEMO_EDITOR_TOKEN", "integration-test-editor-token", 0);
  ::setenv("AMBASSADOR_DEMO_ADMIN_TOKEN", "integration-test-admin-token", 0);
  ::setenv("AMBASSADOR_DEMO_WEBCARE_TOKEN", "integration-test-webcare-token", 0);
  const auto path = std::filesystem::path(AMBASSADOR_SOURCE_DIR) / "config" / "demo.toml";
  auto result = config::parse_config(read_file(path), path.string());
  if (!result.ok()) throw std::runtime_error("config/demo.toml does not load: " + result.errors.front().to_string());
  result.config.http.port = 0;
  result.config.storage.data_dir = data_dir.string();
  return std::move(result.config);
}

// In the test command's PostgreSQL leg, the application stores in a schema of that server named after its data
// directory (so an application restarted on the same directory finds its data again; the server is thrown away
// after the run). Elsewhere the config is left as it is.
inline config::Config on_test_database(config::Config config) {
  if (!on_postgres()) return config;
  std::string schema = "app_" + std::to_string(std::hash<std::string>{}(config.storage.data_dir));
  const auto url = schema_url(schema);
  const auto variable = "AMBASSADOR_TEST_DATABASE_" + schema;
  ::setenv(variable.c_str(), url.c_str(), 1);
  config.storage.backend = "postgres";
  config.storage.postgres_url = config::SecretRef("env:" + variable);
  return config;
}

class RunningApplication {
 public:
  explicit RunningApplication(config::Config config, app::ApplicationOptions options = {})
      : app_(on_test_database(std::move(config)), options) {
    app_.start();
    port_ = app_.port();
    thread_ = std::thread([this] { app_.run(); });
  }
  ~RunningApplication() { stop(); }
  RunningApplication(const RunningApplication&) = delete;
  RunningApplication& operator=(const RunningApplication&) = delete;

  // Graceful shutdown; returns when run() has returned (the database is closed).
  void stop() {
    if (!thread_.joinable()) return;
    app_.shutdown();
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  app::Application& app() { return app_; }

 private:
  app::Application app_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

struct LocalMessageView {
  std::int64_t id = 0;
  std::string sender;
  std::string visible_to;
  std::string text;
};

inline std::optional<HttpReply> post_json(std::uint16_t port, const std::string& target, const std::string& body,
                                          const std::string& content_type = "application/json") {
  return http_exchange(port, raw_request("POST", target, {}, body, content_type));
}

// POST /local/messages with the given fields; throws unless it is acknowledged with 200.
inline void say(std::uint16_t port, const std::string& channel, const std::string& user, const std::string& text,
                const std::string& client_id, const std::string& name = {}) {
  nlohmann::json body{{"channel", channel}, {"user", user}, {"text", text}, {"id", client_id}};
  if (!name.empty()) body["name"] = name;
  const auto reply = post_json(port, "/local/messages", body.dump());
  if (!reply || reply->status != 200)
    throw std::runtime_error("POST /local/messages was not acknowledged: " +
                             (reply ? std::to_string(reply->status) + " " + reply->body : std::string("no answer")));
}

// GET /local/channels/{channel}/messages?after=N&user=VIEWER: what everyone sees there, and what only `viewer` sees.
inline std::vector<LocalMessageView> channel_messages(std::uint16_t port, const std::string& channel,
                                                      std::int64_t after = 0, const std::string& viewer = {}) {
  const auto reply =
      http_exchange(port, raw_request("GET", "/local/channels/" + channel + "/messages?after=" + std::to_string(after) +
                                                 "&user=" + viewer));
  if (!reply || reply->status != 200) throw std::runtime_error("GET messages failed");
  std::vector<LocalMessageView> messages;
  const auto body = nlohmann::json::parse(reply->body);  // named: a range-for would not keep it alive
  for (const auto& item : body.at("messages")) {
    messages.push_back({item.at("id").get<std::int64_t>(), item.at("sender").get<std::string>(),
                        item.value("visible_to", std::string{}), item.at("text").get<std::string>()});
  }
  return messages;
}

// Polls the channel until it holds at least `count` messages after `after`, or the deadline passes.
inline std::vector<LocalMessageView> wait_for_messages(std::uint16_t port, const std::string& channel,
                                                       std::size_t count, std::int64_t after = 0,
                                                       const std::string& viewer = {},
                                                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto messages = channel_messages(port, channel, after, viewer);
  while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    messages = channel_messages(port, channel, after, viewer);
  }
  return messages;
}

}  // namespace ambassador::testing
