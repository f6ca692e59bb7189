#pragma once
// The set-up the webcare tests share: a migrated SQLite file, the commands of the whole bot on a dispatcher, a
// ManualClock on a Monday morning in Amsterdam, and a small organisation:
//   wijkbeheer   experts channel + ambassadors + leads channels; keywords afval, parkeren; backup bert, lead lotte
//   groenbeheer  ambassadors channel; keyword bomen; no backup contacts, lead gerard
//   schulden     no channel at all (the "channel gone" case); nobody to escalate to
//   webcare      the webcare-team channel and the admins channel
// People: fatima (webcare), bram (wijkbeheer expert on "wijk"), anna (wijkbeheer), chantal (groenbeheer expert).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/content/content_commands.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/directory_sync.hpp"
#include "bot/event_dispatcher.hpp"
#include "bot/membership_commands.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/webcare/question_desk.hpp"
#include "bot/webcare/webcare_commands.hpp"
#include "config/config.hpp"
#include "storage/migrations.hpp"
#include "storage/question_repository.hpp"
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

class WebcareFixture : public ::testing::Test {
 protected:
  WebcareFixture()
      : db_(ambassador::testing::database(dir_, "webcare.sqlite3"), 1000), clock_(amsterdam("2027-01-04T10:00")) {
    storage::migrate(db_);
    build_config();
    sync_directory(db_, config_, clock_.now_ms());
    register_membership_commands(dispatcher_);
    content::register_content_commands(dispatcher_, "http://127.0.0.1:8080");
    webcare::register_webcare_commands(dispatcher_, [this] { ++wakes_; });
  }

  static config::ChannelConfig channel(std::string id, std::string purpose) {
    config::ChannelConfig c;
    c.platform = "local";
    c.id = std::move(id);
    c.purpose = std::move(purpose);
    return c;
  }

  void build_config() {
    config_.themes = {"wijk", "groen", "schulden"};
    config_.organisation.business_hours.holidays = {"2026-12-25", "2027-01-01"};
    auto department = [&](std::string id, std::string name, std::vector<config::ChannelConfig> channels) {
      config::DepartmentConfig d;
      d.id = std::move(id);
      d.name = std::move(name);
      d.time_zone = config_.organisation.time_zone;
      d.language = "nl";
      d.business_hours = config_.organisation.business_hours;
      d.channels = std::move(channels);
      config_.departments.push_back(std::move(d));
      return &config_.departments.back();
    };
    auto* wijk = department(
        "wijkbeheer", "Wijkbeheer",
        {channel("wijk-experts", "experts"), channel("wijk-amb", "ambassadors"), channel("wijk-leads", "leads")});
    wijk->keywords = {"afval", "parkeren"};
    wijk->themes = {"wijk"};
    wijk->backup_contacts = {"local:bert"};
    wijk->lead = "local:lotte";
    auto* groen = department("groenbeheer", "Groenbeheer", {channel("groen-amb", "ambassadors")});
    groen->keywords = {"bomen"};
    groen->lead = "local:gerard";
    auto* schulden = department("schulden", "Schulden", {});
    schulden->keywords = {"schulden"};
    department("webcare", "Webcare", {channel("webcare-team", "webcare"), channel("admins", "admins")});
    config_.webcare.default_department = "wijkbeheer";
    auto seed = [&](std::string name, std::string department, std::string user, std::vector<std::string> roles,
                    std::vector<std::string> themes) {
      config_.ambassadors.push_back(
          {std::move(name), std::move(department), "local", "", std::move(user), std::move(roles), std::move(themes)});
    };
    seed("Fatima El Amrani", "webcare", "fatima", {"social_savvy"}, {});
    seed("Bram Jansen", "wijkbeheer", "bram", {"expert"}, {"wijk"});
    seed("Anna de Vries", "wijkbeheer", "anna", {"social_savvy"}, {});
    seed("Chantal Bakker", "groenbeheer", "chantal", {"expert"}, {"groen"});
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

  int run_due() {
    OutboxWriter outbox(db_, clock_, config_.delivery);
    return webcare::QuestionDesk(db_, config_, clock_, outbox).run_due(100);
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

  // What a channel (or, with "dm:<user>", a person's DMs and private replies) got since the last look.
  std::vector<OutgoingMessage> new_for(const std::string& where) {
    std::vector<OutgoingMessage> found;
    const auto rows = outbox();
    auto& seen = seen_[where];
    for (std::size_t i = seen; i < rows.size(); ++i) {
      const auto& to = rows[i].to;
      const bool private_to_user = where.starts_with("dm:") && to.user_id == where.substr(3) &&
                                   (to.channel_id.empty() || to.ephemeral || to.channel_id == where);
      if ((!where.starts_with("dm:") && to.channel_id == where && !to.ephemeral) || private_to_user)
        found.push_back(rows[i].message);
    }
    seen = rows.size();
    return found;
  }

  // Every text of the messages, title and footer included, joined: for "contains" checks.
  static std::string all_text(const std::vector<OutgoingMessage>& messages) {
    std::string out;
    for (const auto& m : messages) out += m.title + "\n" + m.text + "\n" + m.footer + "\n---\n";
    return out;
  }

  // fatima asks in the webcare channel; returns the reference the bot answered with.
  std::string ask(const std::string& text) {
    say("webcare-team", "fatima", "/ask " + text);
    const auto said = all_text(new_for("webcare-team"));
    const auto at = said.find("W-20");
    if (at == std::string::npos) throw std::runtime_error("no reference in: " + said);
    return said.substr(at, 11);
  }

  // Reads end their statements: one left on a row would pin this connection to an old snapshot, blind to what
  // another connection (a "restarted" service) committed.
  storage::QuestionRecord question(const std::string& reference) {
    db_.reset_statements();
    auto q = storage::QuestionRepository(db_).find_by_reference(reference);
    if (!q) throw std::runtime_error("no question " + reference);
    return *q;
  }

  int events_of(const std::string& reference, const std::string& kind) {
    db_.reset_statements();
    int n = 0;
    for (const auto& e : storage::QuestionRepository(db_).events(question(reference).id)) n += e.kind == kind;
    return n;
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
