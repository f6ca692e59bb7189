#pragma once
// The set-up the membership tests share: a migrated SQLite file, a dispatcher with the membership commands, a config
// whose departments the tests build, and readers for what landed in the outbox.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bot/clock.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "config/config.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {

// One decoded outbox row.
struct Queued {
  std::string key;
  Destination to;
  OutgoingMessage message;
  std::string status;
};

class MembershipFixture : public ::testing::Test {
 protected:
  static constexpr std::int64_t kDefaultNowMs = 1'800'000'000'000;

  explicit MembershipFixture(std::int64_t now_ms = kDefaultNowMs)
      : db_(ambassador::testing::database(dir_, "bot.sqlite3"), 1000), clock_(now_ms), dispatcher_(config_, clock_) {
    storage::migrate(db_);
    register_membership_commands(dispatcher_);
  }

  static config::ChannelConfig channel_config(std::string platform, std::string id, std::string purpose) {
    config::ChannelConfig channel;
    channel.platform = std::move(platform);
    channel.id = std::move(id);
    channel.purpose = std::move(purpose);
    return channel;
  }

  // The reference is only good until the next department is added.
  config::DepartmentConfig& add_department(std::string id, std::string name,
                                           std::vector<config::ChannelConfig> channels) {
    config::DepartmentConfig department;
    department.id = std::move(id);
    department.name = std::move(name);
    department.channels = std::move(channels);
    config_.departments.push_back(std::move(department));
    return config_.departments.back();
  }

  // The demo's set-up: a local admins channel in the webcare department.
  void add_admins_channel() {
    add_department("webcare", "Webcare", {channel_config("local", "programmabeheer", "admins")});
  }

  SyncSummary sync() { return sync_directory(db_, config_, clock_.now_ms()); }

  // A Telegram membership event by user 42, each with its own event key.
  IncomingEvent event(EventKind kind, std::string channel, bool direct = false) {
    IncomingEvent e;
    e.platform = "telegram";
    e.event_key = std::to_string(++key_);
    e.kind = kind;
    e.channel_id = std::move(channel);
    e.user_id = "42";
    e.direct = direct;
    return e;
  }

  // Every row that decodes, in queue order.
  std::vector<Queued> outbox() {
    std::vector<Queued> rows;
    auto& select = db_.prepare("SELECT idempotency_key, destination, message, status FROM outbox ORDER BY id");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(1).getString());
      auto message = decode_message(select.getColumn(2).getString());
      if (to && message)
        rows.push_back({select.getColumn(0).getString(), *to, *message, select.getColumn(3).getString()});
    }
    return rows;
  }
  std::vector<Queued> queued_for(const std::string& platform, const std::string& channel_id) {
    std::vector<Queued> found;
    for (auto& row : outbox())
      if (row.to.platform == platform && row.to.channel_id == channel_id) found.push_back(row);
    return found;
  }
  std::vector<Queued> admins_queue() { return queued_for("local", "programmabeheer"); }

  static std::string dutch(i18n::Msg msg, const i18n::Args& args) {
    return i18n::translate(i18n::Language::nl, msg, args);
  }

  TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_;
  EventDispatcher dispatcher_;
  int key_ = 0;
};

}  // namespace ambassador::testing
