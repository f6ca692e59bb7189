#pragma once
// The set-up the content tests share: a migrated SQLite file, a manual clock, departments, channels and ambassadors
// written straight into the directory, posts published by the real fan-out, and readers for the outbox.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/clock.hpp"
#include "bot/content/post_fanout.hpp"
#include "bot/message_codec.hpp"
#include "config/config.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/post_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {

// One decoded outbox row.
struct Queued {
  std::string key;
  Destination to;
  OutgoingMessage message;
  std::string status;
  std::int64_t next_attempt_at_ms = 0;
};

inline constexpr const char* kBaseUrl = "https://amb.example.org";

class ContentFixture : public ::testing::Test {
 protected:
  // Tuesday 2026-12-01 10:00 in Amsterdam (09:00 UTC): outside the default quiet hours.
  static constexpr std::int64_t kNowMs = 1'796'115'600'000;

  explicit ContentFixture(std::int64_t now_ms = kNowMs)
      : db_(ambassador::testing::database(dir_, "bot.sqlite3"), 1000), clock_(now_ms) {
    storage::migrate(db_);
    config_.organisation.language = "en";
  }

  void add_department(const std::string& id, const std::string& time_zone = "Europe/Amsterdam") {
    storage::DirectoryRepository(db_).upsert_department({id, id, time_zone, "en"});
  }

  // The directory row id of a new ambassadors channel of `department`.
  std::int64_t add_channel(const std::string& platform, const std::string& workspace, const std::string& channel_id,
                           const std::string& department) {
    storage::ChannelRecord channel;
    channel.platform = platform;
    channel.workspace = workspace;
    channel.channel_id = channel_id;
    channel.department_id = department;
    return storage::DirectoryRepository(db_).upsert_channel(channel, clock_.now_ms());
  }

  storage::AmbassadorRecord add_ambassador(const storage::Identity& identity, const std::string& department,
                                           const std::vector<std::string>& roles = {},
                                           const std::vector<std::string>& themes = {}) {
    storage::AmbassadorRepository ambassadors(db_);
    auto record = ambassadors.find_or_create(identity, identity.user_id, clock_.now_ms());
    ambassadors.set_department(record.id, department);
    ambassadors.set_roles(record.id, roles);
    ambassadors.set_themes(record.id, themes);
    return *ambassadors.find(record.id);
  }

  // A scheduled post for `departments` (every department when empty), due now.
  storage::PostRecord scheduled_post(std::vector<std::string> departments = {}) const {
    storage::PostRecord post;
    post.title = "Park opening";
    post.body = "Come and see the new park.";
    post.link_url = "https://example.org/park";
    post.departments = std::move(departments);
    post.publish_at_ms = clock_.now_ms();
    post.status = "scheduled";
    post.created_at_ms = post.updated_at_ms = clock_.now_ms();
    return post;
  }
  std::int64_t insert(const storage::PostRecord& post) { return storage::PostRepository(db_).insert(post); }
  std::int64_t add_post(std::vector<std::string> departments, bool direct_messages = false,
                        std::optional<std::int64_t> publish_at_ms = std::nullopt) {
    auto post = scheduled_post(std::move(departments));
    post.direct_messages = direct_messages;
    if (publish_at_ms) post.publish_at_ms = publish_at_ms;
    return insert(post);
  }

  content::FanoutSummary publish() { return content::PostFanout(config_, clock_, kBaseUrl).publish_due(db_); }

  // What the outbox dispatcher does for every due row when the platform accepts it.
  void deliver_due() {
    storage::OutboxRepository outbox(db_);
    for (const auto& row : outbox.claim_due(clock_.now_ms(), 1000)) {
      outbox.mark_sending(row.id, clock_.now_ms());
      outbox.mark_sent(row.id, "m" + std::to_string(row.id), clock_.now_ms());
    }
  }

  // Every row that decodes, in queue order.
  std::vector<Queued> outbox() {
    std::vector<Queued> rows;
    auto& select =
        db_.prepare("SELECT idempotency_key, destination, message, status, next_attempt_at FROM outbox ORDER BY id");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(1).getString());
      auto message = decode_message(select.getColumn(2).getString());
      if (to && message)
        rows.push_back({select.getColumn(0).getString(), *to, *message, select.getColumn(3).getString(),
                        select.getColumn(4).getInt64()});
    }
    return rows;
  }

  std::vector<Queued> rows_with_key_prefix(const std::string& prefix) {
    std::vector<Queued> found;
    for (auto& row : outbox())
      if (row.key.starts_with(prefix)) found.push_back(std::move(row));
    return found;
  }

  std::int64_t count(const std::string& sql) { return db_.query_int64(sql); }

  TempDir dir_;
  storage::Connection db_;
  ManualClock clock_;
  config::Config config_;
};

}  // namespace ambassador::testing
