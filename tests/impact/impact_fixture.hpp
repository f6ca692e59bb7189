#pragma once
// The set-up the recognition tests share: a migrated SQLite file, a ManualClock in Amsterdam (Wednesday
// 2027-02-10 12:00), English texts, the recognition and membership commands on a dispatcher, and:
//   wijkbeheer   (channel wijk-amb): anna "Anna de Vries", bram "Bram Jansen", cees "Cees Smit"
//   groenbeheer  (channel groen-amb): chantal "Chantal Bakker"
// Two posts, "Afvalkalender" and "Bomenplantdag". Nobody is named in rankings until a test says `ranking on`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/impact/badges.hpp"
#include "bot/impact/impact_commands.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing::impact {

// UTC ms of a local Amsterdam time "2027-02-10T12:00".
inline std::int64_t amsterdam(const std::string& local) {
  auto parsed = content::parse_time(local, "Europe/Amsterdam");
  if (!parsed.utc_ms) throw std::runtime_error(parsed.error);
  return *parsed.utc_ms;
}

struct Sent {
  std::string key;
  Destination to;
  OutgoingMessage message;
  std::string text() const { return message.title + "\n" + message.text + "\n" + message.footer; }
};

class ImpactFixture : public ::testing::Test {
 protected:
  ImpactFixture()
      : db_(ambassador::testing::database(dir_, "impact.sqlite3"), 1000), clock_(amsterdam("2027-02-10T12:00")) {
    storage::migrate(db_);
    build_config();
    sync_directory(db_, config_, clock_.now_ms());
    register_membership_commands(dispatcher_);
    ambassador::impact::register_impact_commands(dispatcher_);
    afval_ = post("Afvalkalender");
    bomen_ = post("Bomenplantdag");
  }

  void build_config() {
    config_.organisation.name = "Voorbeeldstad";
    config_.organisation.language = "en";
    auto department = [&](std::string id, std::string name, std::string channel) {
      config::DepartmentConfig d;
      d.id = std::move(id);
      d.name = std::move(name);
      d.time_zone = config_.organisation.time_zone;
      d.language = "en";
      config::ChannelConfig c;
      c.platform = "local";
      c.id = std::move(channel);
      d.channels = {c};
      config_.departments.push_back(std::move(d));
    };
    department("wijkbeheer", "Wijkbeheer", "wijk-amb");
    department("groenbeheer", "Groenbeheer", "groen-amb");
    auto seed = [&](std::string name, std::string department, std::string user) {
      config_.ambassadors.push_back({std::move(name), std::move(department), "local", "", std::move(user), {}, {}});
    };
    seed("Anna de Vries", "wijkbeheer", "anna");
    seed("Bram Jansen", "wijkbeheer", "bram");
    seed("Cees Smit", "wijkbeheer", "cees");
    seed("Chantal Bakker", "groenbeheer", "chantal");
  }

  std::int64_t id_of(const std::string& user) {
    db_.reset_statements();
    return storage::AmbassadorRepository(db_).find_by_identity({"local", "", user})->id;
  }

  std::string department_of(const std::string& user) {
    return storage::AmbassadorRepository(db_).find(id_of(user))->department_id;
  }

  std::int64_t post(const std::string& title) {
    storage::PostRecord p;
    p.title = title;
    p.link_url = "https://example.org/" + std::to_string(++posts_);
    p.publish_at_ms = amsterdam("2026-12-01T10:00");
    p.status = "sent";
    p.created_at_ms = p.updated_at_ms = *p.publish_at_ms;
    return storage::PostRepository(db_).insert(p);
  }

  void share(const std::string& user, std::int64_t post_id, std::int64_t at_ms,
             const std::string& network = "linkedin") {
    storage::TrackingRepository(db_).record_share(post_id, id_of(user), department_of(user), network, "confirmed",
                                                  at_ms);
  }

  std::string link(const std::string& user, std::int64_t post_id) {
    return storage::TrackingRepository(db_).link_for(post_id, id_of(user), department_of(user), "linkedin",
                                                     amsterdam("2026-12-01T10:00"),
                                                     [&] { return "t" + std::to_string(++tokens_); });
  }

  // `count` clicks by new visitors on `user`'s link for `post_id`, a second apart from `at_ms`.
  void unique_clicks(const std::string& user, std::int64_t post_id, int count, std::int64_t at_ms) {
    const auto token = link(user, post_id);
    for (int i = 0; i < count; ++i)
      storage::TrackingRepository(db_).record_click(token, "v" + std::to_string(++visitors_), at_ms + i * 1000);
  }

  IncomingEvent message(const std::string& user, const std::string& text) {
    IncomingEvent e;
    e.platform = "local";
    e.event_key = "e" + std::to_string(++events_);
    e.kind = EventKind::message;
    e.channel_id = "dm:" + user;
    e.direct = true;
    e.addressed = true;
    e.user_id = user;
    e.text = text;
    return e;
  }

  // Handles `text` from `user` in one transaction and returns what the bot answered them.
  std::string say(const std::string& user, const std::string& text) {
    const auto event = message(user, text);
    db_.reset_statements();
    db_.exec("BEGIN");
    dispatcher_.handle(event, db_);
    db_.reset_statements();
    db_.exec("COMMIT");
    std::string answer;
    for (const auto& sent : outbox("reply:local:" + event.event_key + ":"))
      answer += (answer.empty() ? "" : "\n") + sent.text();
    return answer;
  }

  // One badge pass as the BadgeTimer runs it, in one transaction; the number of badges awarded.
  int badge_pass(std::size_t batch = 1000) {
    db_.reset_statements();
    db_.exec("BEGIN");
    OutboxWriter outbox(db_, clock_, config_.delivery);
    const auto pass = ambassador::impact::award_due_badges(db_, config_, clock_, outbox, batch);
    db_.reset_statements();
    db_.exec("COMMIT");
    return pass.awarded;
  }

  std::vector<Sent> outbox(const std::string& key_prefix) {
    db_.reset_statements();
    std::vector<Sent> rows;
    auto& select = db_.prepare(
        "SELECT idempotency_key, destination, message FROM outbox WHERE idempotency_key LIKE ? ORDER BY id");
    select.bind(1, key_prefix + "%");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(1).getString());
      auto message = decode_message(select.getColumn(2).getString());
      if (to && message) rows.push_back({select.getColumn(0).getString(), *to, *message});
    }
    db_.reset_statements();
    return rows;
  }

  TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_;
  EventDispatcher dispatcher_{config_, clock_};
  std::int64_t afval_ = 0, bomen_ = 0;
  int posts_ = 0, tokens_ = 0, visitors_ = 0, events_ = 0;
};

}  // namespace ambassador::testing::impact
