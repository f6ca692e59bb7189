#pragma once
// The webcare loop on the database: intake and routing, claim, answer, follow-up, "not my department", close,
// and the timer's reminders and escalations. Each operation decides, stores the question with its timeline
// event and queues the messages it causes in one transaction (the caller's), so none of them happens twice or
// half. Chat commands, buttons, the admin API and the deadline timer all come through here; it knows no platform.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/webcare/question_form.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/directory_repository.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::webcare {

struct NewQuestion {
  std::string kind = "question";  // question, complaint, lead
  QuestionForm form;
  std::string department_id;       // set: skip routing (signals go to the reporter's department)
  storage::Person owner;           // the webcare member (or the reporting ambassador) who hears back
  storage::ChannelAddress origin;  // the channel it came from; empty: webcare's first channel
  std::string request_key;         // the API's Idempotency-Key, prefixed with the caller: stored with the question
};

struct Opened {
  storage::QuestionRecord question;
  bool routed_by_default = false;  // the topic matched no department
};

// Where an action comes from: who, and in which channel (nullopt: unknown to the bot, or the API).
struct Actor {
  storage::Person person;
  std::optional<storage::ChannelRecord> channel;
  bool is_webcare = false;  // the admin API with the webcare role
};

enum class Outcome {
  done,
  unknown,      // no such reference
  closed,       // closed already
  answered,     // answered already (claim, answer, re-route)
  taken,        // someone else claimed it
  not_allowed,  // not this person's department / not webcare
  signal,       // answering a signal: it is closed when handled, and its reporter hears no details
};

struct ActionResult {
  Outcome outcome = Outcome::unknown;
  storage::QuestionRecord question;  // as it is now (empty when unknown)
  std::string new_department;        // re-route: where it went
};

class QuestionDesk {
 public:
  QuestionDesk(storage::Connection& db, const config::Config& config, const Clock& clock, OutboxWriter& outbox);

  Opened open(const NewQuestion& request);
  ActionResult claim(std::string_view reference, const Actor& actor);
  ActionResult answer(std::string_view reference, const Actor& actor, std::string_view text);
  ActionResult close(std::string_view reference, const Actor& actor);
  // Webcare sends an answered question back with a follow-up (the SLA clock restarts), or adds to an open one.
  ActionResult follow_up(std::string_view reference, const Actor& actor, std::string_view text);
  ActionResult reroute(std::string_view reference, const Actor& actor, std::string_view reason);
  // Sends due reminders and escalates missed deadlines; returns how many questions it handled. One that fails is
  // rolled back alone (a savepoint) and looked at again kRetryFailedStepMs later.
  int run_due(std::size_t limit);
  static constexpr std::int64_t kRetryFailedStepMs = 5 * 60 * 1000;

  // The local time of `utc_ms` in the department's zone, "HH:MM" when it is today there, else "YYYY-MM-DD HH:MM".
  std::string local_time(std::int64_t utc_ms, std::string_view department_id) const;

 private:
  std::string next_reference(std::string_view kind);
  void route_and_post(storage::QuestionRecord& q, const std::string& event_kind, const std::string& actor);
  void run_step(storage::QuestionRecord& q, std::int64_t now);
  void remind(storage::QuestionRecord& q);
  void escalate(storage::QuestionRecord& q, bool channel_gone);
  std::vector<storage::ChannelRecord> handling_channels(const storage::QuestionRecord& q);
  bool may_handle(const storage::QuestionRecord& q, const Actor& actor);
  bool is_webcare(const storage::QuestionRecord& q, const Actor& actor) const;
  std::optional<storage::QuestionRecord> find(std::string_view reference, ActionResult& result);
  void start_clock(storage::QuestionRecord& q);
  void log(const storage::QuestionRecord& q, std::string_view kind, std::string_view actor, std::string_view detail);

  // Messages: keys derive from the question and its latest timeline event, so each is queued once.
  void send(const Destination& to, const OutgoingMessage& message);
  void to_channel(const storage::ChannelRecord& channel, const OutgoingMessage& message);
  void to_person(const storage::Person& person, const OutgoingMessage& message);
  void to_webcare(const storage::QuestionRecord& q, const OutgoingMessage& message);
  void to_admins(i18n::Msg msg, const i18n::Args& args);
  i18n::Language language_of(std::string_view department_id) const;
  i18n::Language webcare_language(const storage::QuestionRecord& q);
  std::string department_name(std::string_view department_id) const;
  OutgoingMessage question_message(const storage::QuestionRecord& q, i18n::Language language);

  storage::Connection& db_;
  const config::Config& config_;
  const Clock& clock_;
  OutboxWriter& outbox_;
  storage::QuestionRepository questions_;
  storage::DirectoryRepository directory_;
  std::int64_t event_id_ = 0;
  int sequence_ = 0;
};

}  // namespace ambassador::webcare
