#pragma once
// Everything a command or button handler needs about the event it answers: who, where, in which
// language, and how to reply. Lives for one event, on the writer thread.
#include <optional>
#include <string>

#include "bot/clock.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/incoming_event.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/connection.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {

class Conversation {
 public:
  Conversation(storage::Connection& db, const IncomingEvent& event, const config::Config& config, const Clock& clock,
               OutboxWriter& outbox);

  storage::Connection& db() { return db_; }
  const IncomingEvent& event() const { return event_; }
  const config::Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  OutboxWriter& outbox() { return outbox_; }
  i18n::Language language() const { return language_; }
  // The channel the event came from, when the bot knows it.
  const std::optional<storage::ChannelRecord>& channel() const { return channel_; }
  // The department of this channel (purpose "ambassadors" or other), or "".
  std::string channel_department() const { return channel_ ? channel_->department_id : std::string{}; }
  storage::Identity identity() const { return {event_.platform, event_.workspace, event_.user_id}; }
  std::optional<storage::AmbassadorRecord> ambassador();

  std::string text(i18n::Msg msg, const i18n::Args& args = {}) const { return i18n::translate(language_, msg, args); }
  // Answers the person who acted: privately where the platform can (DM, ephemeral), else in the channel.
  void reply(const OutgoingMessage& message);
  void reply(i18n::Msg msg, const i18n::Args& args = {});
  // Posts in the channel for everyone.
  void say_in_channel(const OutgoingMessage& message);
  // The same, under the caller's outbox idempotency key instead of one derived from this event: for a message that
  // several events may ask for but that must go out once (a welcome reported by two updates). Returns false when
  // that key was queued before.
  bool say_in_channel(const OutgoingMessage& message, const std::string& idempotency_key);

 private:
  std::string next_key();

  storage::Connection& db_;
  const IncomingEvent& event_;
  const config::Config& config_;
  const Clock& clock_;
  OutboxWriter& outbox_;
  std::optional<storage::ChannelRecord> channel_;
  i18n::Language language_;
  int sequence_ = 0;
};

}  // namespace ambassador
