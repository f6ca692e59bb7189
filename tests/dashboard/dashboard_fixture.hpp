#pragma once
// The demo service on loopback with a hand-set clock (2026-11-30 12:00 UTC), a lead token besides the demo's, and
// helpers to seed posts, shares and clicks straight into its SQLite file.
#include <gtest/gtest.h>

#include <SQLiteCpp/Statement.h>

#include "../integration/running_application.hpp"
#include "bot/impact/programme_stats.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::testing {

inline const std::string kAdminToken = "integration-test-admin-token";
inline const std::string kEditorToken = "integration-test-editor-token";
inline const std::string kWebcareToken = "integration-test-webcare-token";
inline const std::string kLeadToken = "dashboard-test-lead-token-0123456789";

inline std::int64_t utc_ms(const std::string& day, int hour = 12) {
  return *impact::parse_day(day) * 86'400'000 + hour * 3'600'000LL;
}

inline config::Config dashboard_config(const std::filesystem::path& dir) {
  auto config = demo_config(dir);
  ::setenv("DASHBOARD_TEST_LEAD_TOKEN", kLeadToken.c_str(), 1);
  config.api_tokens.push_back({"demo-lead", config::SecretRef("env:DASHBOARD_TEST_LEAD_TOKEN"), "lead"});
  return config;
}

class DashboardTest : public ::testing::Test {
 protected:
  DashboardTest() : clock_(utc_ms("2026-11-30")) {}

  void start(config::Config config) {
    app::ApplicationOptions options;
    options.clock = &clock_;
    running_.emplace(std::move(config), options);
    port_ = running_->port();
  }
  void start() { start(dashboard_config(dir_.path())); }

  std::optional<HttpReply> api(const std::string& method, const std::string& target, const std::string& token,
                               const std::string& body = {}) {
    return http_exchange(port_, raw_request(method, target, {"Authorization: Bearer " + token}, body,
                                            body.empty() ? "" : "application/json"));
  }

  void write(const std::function<void(storage::Connection&)>& job) { running_->app().store().write_sync(job); }

  std::int64_t ambassador(const std::string& name) {
    std::int64_t id = 0;
    write([&](storage::Connection& db) {
      auto& select = db.prepare("SELECT id FROM ambassadors WHERE display_name = ?");
      select.bind(1, name);
      if (select.executeStep()) id = select.getColumn(0).getInt64();
    });
    if (id == 0) throw std::runtime_error("no ambassador " + name);
    return id;
  }

  // A post sent at `day` with `themes` to `department`.
  std::int64_t sent_post(const std::string& title, const std::vector<std::string>& themes, const std::string& day) {
    std::int64_t id = 0;
    write([&](storage::Connection& db) {
      storage::PostRecord post;
      post.title = title;
      post.link_url = "https://example.org/" + std::to_string(themes.size());
      post.themes = themes;
      post.status = "sent";
      post.publish_at_ms = post.sent_at_ms = utc_ms(day, 9);
      post.created_at_ms = post.updated_at_ms = utc_ms(day, 8);
      id = storage::PostRepository(db).insert(post);
    });
    return id;
  }

  // A share of `post` by `ambassador` on `network` at `day`, and `unique` + `repeat` clicks on its link.
  void share(std::int64_t post, std::int64_t ambassador, const std::string& department, const std::string& network,
             const std::string& day, int unique, int repeat = 0) {
    write([&](storage::Connection& db) {
      storage::TrackingRepository links(db);
      const auto at = utc_ms(day);
      links.record_share(post, ambassador, department, network, "confirmed", at);
      const auto token = links.link_for(post, ambassador, department, network, at, [&] {
        return "t" + std::to_string(post) + "-" + std::to_string(ambassador) + "-" + network;
      });
      for (int i = 0; i < unique; ++i) {
        const auto visitor = "visitor-" + std::to_string(i);
        links.record_click(token, visitor, at + i * 1000);
        if (i < repeat) links.record_click(token, visitor, at + i * 1000 + 120'000);
      }
    });
  }

  TempDir dir_;
  ManualClock clock_;
  std::optional<RunningApplication> running_;
  std::uint16_t port_ = 0;
};

}  // namespace ambassador::testing
