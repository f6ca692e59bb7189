#pragma once
// The set-up the digest tests share: a migrated SQLite file, a ManualClock in Amsterdam, the bot's commands on a
// dispatcher, and a seeded week. The weekly digest of ISO week 2027-W02 is due Monday 2027-01-11 09:00 and covers
// [Mon 2027-01-04 09:00, Mon 2027-01-11 09:00).
//   wijkbeheer   lead lotte. anna (themes wijk), bram (wijk; shared the week's wijk post, clicks on his link),
//                cees (no themes, did nothing), dirk (wijk, opted out)
//   groenbeheer  lead gerard. chantal (groen)
// Posts: "Afvalkalender" (wijk, wijkbeheer, Tue 5 Jan), "Bomenplantdag" (groen, every department, Wed 6 Jan),
// "Oud nieuws" (wijk, Wed 30 Dec: the week before), "Ingetrokken" (wijk, Thu 7 Jan, withdrawn).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/department_report.hpp"
#include "bot/rhythm/digest_commands.hpp"
#include "bot/rhythm/weekly_digest.hpp"
#include "config/config.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"
#include "test_database.hpp"
#include "testing.hpp"

namespace ambassador::testing::digests {

// UTC ms of a local Amsterdam time "2027-01-11T09:00".
inline std::int64_t amsterdam(const std::string& local) {
  auto parsed = content::parse_time(local, "Europe/Amsterdam");
  if (!parsed.utc_ms) throw std::runtime_error(parsed.error);
  return *parsed.utc_ms;
}

struct Sent {
  std::string key;
  Destination to;
  OutgoingMessage message;
  std::int64_t not_before_ms = 0;
  std::string text() const { return message.title + "\n" + message.text + "\n" + message.footer; }
};

class DigestsFixture : public ::testing::Test {
 protected:
  DigestsFixture()
      : db_(ambassador::testing::database(dir_, "digests.sqlite3"), 1000), clock_(amsterdam("2027-01-04T08:00")) {
    storage::migrate(db_);
    build_config();
    sync_directory(db_, config_, clock_.now_ms());
    register_membership_commands(dispatcher_);
    rhythm::register_digest_commands(dispatcher_);
    seed_week();
  }

  void build_config() {
    config_.themes = {"wijk", "groen"};
    config_.organisation.business_hours.holidays = {"2026-12-25", "2027-01-01"};
    auto department = [&](std::string id, std::string name, std::string channel, std::string lead) {
      config::DepartmentConfig d;
      d.id = std::move(id);
      d.name = std::move(name);
      d.time_zone = config_.organisation.time_zone;
      d.language = "en";
      d.business_hours = config_.organisation.business_hours;
      config::ChannelConfig c;
      c.platform = "local";
      c.id = std::move(channel);
      d.channels = {c};
      d.lead = std::move(lead);
      config_.departments.push_back(std::move(d));
    };
    department("wijkbeheer", "Wijkbeheer", "wijk-amb", "local:lotte");
    department("groenbeheer", "Groenbeheer", "groen-amb", "local:gerard");
    auto seed = [&](std::string name, std::string department, std::string user, std::vector<std::string> themes) {
      config_.ambassadors.push_back(
          {std::move(name), std::move(department), "local", "", std::move(user), {}, std::move(themes)});
    };
    seed("Anna de Vries", "wijkbeheer", "anna", {"wijk"});
    seed("Bram Jansen", "wijkbeheer", "bram", {"wijk"});
    seed("Cees Smit", "wijkbeheer", "cees", {});
    seed("Dirk Visser", "wijkbeheer", "dirk", {"wijk"});
    seed("Chantal Bakker", "groenbeheer", "chantal", {"groen"});
  }

  std::int64_t id_of(const std::string& user) {
    db_.reset_statements();
    return storage::AmbassadorRepository(db_).find_by_identity({"local", "", user})->id;
  }

  std::int64_t post(const std::string& title, std::vector<std::string> themes, std::vector<std::string> departments,
                    const std::string& published_local, const std::string& status = "sent") {
    storage::PostRecord p;
    p.title = title;
    p.link_url = "https://example.org/" + std::to_string(++posts_);
    p.themes = std::move(themes);
    p.departments = std::move(departments);
    p.publish_at_ms = amsterdam(published_local);
    p.status = status;
    p.created_at_ms = p.updated_at_ms = *p.publish_at_ms;
    return storage::PostRepository(db_).insert(p);
  }

  // `count` clicks by different visitors on `user`'s link for `post_id`, at `local`.
  void clicks(std::int64_t post_id, const std::string& user, int count, const std::string& local) {
    storage::TrackingRepository tracking(db_);
    const auto token = tracking.link_for(post_id, id_of(user), "wijkbeheer", "linkedin", amsterdam(local),
                                         [&] { return "t" + std::to_string(++tokens_); });
    for (int i = 0; i < count; ++i)
      tracking.record_click(token, "v" + std::to_string(++visitors_), amsterdam(local) + i);
  }

  void seed_week() {
    afval_ = post("Afvalkalender", {"wijk"}, {"wijkbeheer"}, "2027-01-05T10:00");
    bomen_ = post("Bomenplantdag", {"groen"}, {}, "2027-01-06T10:00");
    oud_ = post("Oud nieuws", {"wijk"}, {}, "2026-12-30T10:00");
    post("Ingetrokken", {"wijk"}, {"wijkbeheer"}, "2027-01-07T10:00", "cancelled");
    storage::TrackingRepository(db_).record_share(afval_, id_of("bram"), "wijkbeheer", "linkedin", "confirmed",
                                                  amsterdam("2027-01-05T11:00"));
    clicks(afval_, "bram", 2, "2027-01-06T12:00");
    clicks(oud_, "bram", 1, "2027-01-03T12:00");  // the week before: not counted
    storage::AmbassadorRepository(db_).set_opted_out(id_of("dirk"), true, amsterdam("2027-01-02T10:00"));
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

  void say(const std::string& user, const std::string& text) { dispatcher_.handle(message(user, text), db_); }

  // One timer pass as the DigestTimer runs it, in one transaction.
  rhythm::DigestProgress pass(std::size_t budget = 1000) {
    db_.reset_statements();
    db_.exec("BEGIN");
    OutboxWriter outbox(db_, clock_, config_.delivery);
    auto progress = rhythm::send_due_weekly_digests(db_, config_, clock_, outbox, budget);
    rhythm::send_due_department_reports(db_, config_, clock_, outbox);
    db_.reset_statements();
    db_.exec("COMMIT");
    return progress;
  }

  std::vector<Sent> outbox(const std::string& key_prefix) {
    db_.reset_statements();
    std::vector<Sent> rows;
    auto& select = db_.prepare(
        "SELECT idempotency_key, destination, message, next_attempt_at FROM outbox WHERE idempotency_key LIKE ? "
        "ORDER BY id");
    select.bind(1, key_prefix + "%");
    while (select.executeStep()) {
      auto to = decode_destination(select.getColumn(1).getString());
      auto message = decode_message(select.getColumn(2).getString());
      if (to && message)
        rows.push_back({select.getColumn(0).getString(), *to, *message, select.getColumn(3).getInt64()});
    }
    db_.reset_statements();
    return rows;
  }

  std::vector<Sent> digests() { return outbox("digest:weekly:"); }
  std::vector<Sent> reports() { return outbox("report:monthly:"); }

  // The weekly digest `user` got (the first one), if any.
  std::optional<Sent> digest_of(const std::string& user) {
    for (auto& sent : digests())
      if (sent.to.user_id == user) return sent;
    return std::nullopt;
  }

  TempDir dir_;
  storage::Connection db_;
  config::Config config_;
  ManualClock clock_;
  EventDispatcher dispatcher_{config_, clock_};
  std::int64_t afval_ = 0, bomen_ = 0, oud_ = 0;
  int posts_ = 0, tokens_ = 0, visitors_ = 0, events_ = 0;
};

}  // namespace ambassador::testing::digests
