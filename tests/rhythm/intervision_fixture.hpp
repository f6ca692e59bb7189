#pragma once
// The set-up the intervision tests share: a migrated SQLite file, the bot's commands on a dispatcher, a ManualClock
// on Monday 2027-01-04 10:00 in Amsterdam, and a small organisation:
//   wijkbeheer   channels wijk-amb (ambassadors) and wijk-leads; lead lotte (configured), Dutch
//   groenbeheer  channel groen-amb (ambassadors); English; gerard is an ambassador with the `lead` role
// People: lotte (wijkbeheer lead, not an ambassador), anna and bram (wijkbeheer), gerard and chantal (groenbeheer).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/intervision_commands.hpp"
#include "bot/rhythm/intervision_desk.hpp"
#include "config/config.hpp"
#include "storage/meeting_repository.hpp"
#include "storage/migrations.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing {

struct Queued {
  std::string key;
  Destination to;
  OutgoingMessage message;
};

// UTC ms of a local Amsterdam time "2027-01-04T10:00".
inline std::int64_t amsterdam(const std::string& local) {
  auto parsed = content::parse_time(local, "Europe/Amsterdam");
  if (!parsed.utc_ms) throw std::runtime_error(parsed.error);
  return *parsed.utc_ms;
}

class IntervisionFixture : public ::testing::Test {
 protected:
  IntervisionFixture()
      : db_(ambassador::testing::database(dir_, "intervision.sqlite3"), 1000), clock_(amsterdam("2027-01-04T10:00")) {
    storage::migrate(db_);
    build_config();
    sync_directory(db_, config_, clock_.now_ms());
    register_membership_commands(dispatcher_);
    rhythm::register_intervision_commands(dispatcher_, [this] { ++wakes_; });
  }

  static config::ChannelConfig channel(std::string id, std::string purpose) {
    config::ChannelConfig c;
    c.platform = "local";
    c.id = std::move(id);
    c.purpose = std::move(purpose);
    return c;
  }

  void build_config() {
    config_.roles.push_back("lead");
    config_.organisation.business_hours.holidays = {"2027-04-05"};  // Easter Monday
    auto department = [&](std::string id, std::string language, std::vector<config::ChannelConfig> channels) {
      config::DepartmentConfig d;
      d.id = id;
      d.name = id;
      d.time_zone = config_.organisation.time_zone;
      d.language = std::move(language);
      d.business_hours = config_.organisation.business_hours;
      d.channels = std::move(channels);
      config_.departments.push_back(std::move(d));
      return &config_.departments.back();
    };
    department("wijkbeheer", "nl", {channel("wijk-amb", "ambassadors"), channel("wijk-leads", "leads")})->lead =
        "local:lotte";
    department("groenbeheer", "en", {channel("groen-amb", "ambassadors")});
    auto seed = [&](std::string name, std::string department, std::string user, std::vector<std::string> roles) {
      config_.ambassadors.push_back(
          {std::move(name), std::move(department), "local", "", std::move(user), std::move(roles), {}});
    };
    seed("Anna de Vries", "wijkbeheer", "anna", {"social_savvy"});
    seed("Bram Jansen", "wijkbeheer", "bram", {"expert"});
    seed("Gerard Smit", "groenbeheer", "gerard", {"lead"});
    seed("Chantal Bakker", "groenbeheer", "chantal", {"expert"});
  }

  IncomingEvent message(const std::string& channel, const std::string& user, const std::string& text) {
    IncomingEvent e;
    e.platform = "local";
    e.event_key = "e" + std::to_string(++key_);
    e.kind = EventKind::message;
    e.channel_id = channel;
    e.direct = channel.starts_with("dm:");
    e.addressed = true;
    e.user_id = user;
    e.user_name = user;
    e.text = text;
    return e;
  }

  void say(const std::string& channel, const std::string& user, const std::string& text) {
    dispatcher_.handle(message(channel, user, text), db_);
  }

  void press(const std::string& channel, const std::string& user, const std::string& action, const std::string& value) {
    auto e = message(channel, user, "");
    e.kind = EventKind::button;
    e.action_id = action;
    e.action_value = value;
    dispatcher_.handle(e, db_);
  }

  // The reminder timer's pass, as the timer runs it.
  std::optional<std::int64_t> send_reminders() {
    OutboxWriter outbox(db_, clock_, config_.delivery);
    return rhythm::IntervisionDesk(db_, config_, clock_, outbox).send_due_reminders();
  }

  std::vector<Queued> outbox() {
    db_.reset_statements();
    std::vector<Queued> rows;
    auto& select = db_.prepare("SELECT idempotency_key, destination, message FROM outbox ORDER BY id");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(1).getString());
      auto message = decode_message(select.getColumn(2).getString());
      if (to && message) rows.push_back({select.getColumn(0).getString(), *to, *message});
    }
    return rows;
  }

  // What a channel got for everyone (or, with "dm:<user>", what a person was told privately) since the last look.
  std::vector<OutgoingMessage> new_for(const std::string& where) {
    std::vector<OutgoingMessage> found;
    const auto rows = outbox();
    auto& seen = seen_[where];
    for (std::size_t i = seen; i < rows.size(); ++i) {
      const auto& to = rows[i].to;
      const bool private_to_user = where.starts_with("dm:") && to.user_id == where.substr(3);
      if ((!where.starts_with("dm:") && to.channel_id == where && !to.ephemeral) || private_to_user)
        found.push_back(rows[i].message);
    }
    seen = rows.size();
    return found;
  }

  static std::string all_text(const std::vector<OutgoingMessage>& messages) {
    std::string out;
    for (const auto& m : messages) out += m.title + "\n" + m.text + "\n" + m.footer + "\n---\n";
    return out;
  }

  // What `user` was last told privately.
  std::string told(const std::string& user) {
    const auto messages = new_for("dm:" + user);
    return messages.empty() ? std::string{} : messages.back().text;
  }

  std::vector<storage::MeetingSeriesRecord> series_of(const std::string& department) {
    db_.reset_statements();
    return storage::MeetingRepository(db_).of_department(department, false);
  }

  // lotte plans wijkbeheer's fortnightly Tuesday meeting from 2027-01-12.
  void plan_wijkbeheer() {
    say("wijk-amb", "lotte",
        "/intervisie elke 2 weken op dinsdag 15:00 60 min in \"Stadskantoor 3.14\" vanaf 2027-01-12");
    if (series_of("wijkbeheer").empty()) throw std::runtime_error("not planned: " + told("lotte"));
  }

  TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_;
  EventDispatcher dispatcher_{config_, clock_};
  std::map<std::string, std::size_t> seen_;
  int key_ = 0;
  int wakes_ = 0;
};

}  // namespace ambassador::testing
