#include "bot/conversation.hpp"

namespace ambassador {

Conversation::Conversation(storage::Connection& db, const IncomingEvent& event, const config::Config& config,
                           const Clock& clock, OutboxWriter& outbox)
    : db_(db), event_(event), config_(config), clock_(clock), outbox_(outbox) {
  storage::DirectoryRepository directory(db_);
  channel_ = directory.channel(event_.platform, event_.workspace, event_.channel_id);
  auto language = i18n::language_or_default(config_.organisation.language);
  if (channel_ && !channel_->department_id.empty()) {
    if (auto department = directory.department(channel_->department_id))
      language = i18n::language_from_string(department->language).value_or(language);
  }
  language_ = language;
}

std::optional<storage::AmbassadorRecord> Conversation::ambassador() {
  return storage::AmbassadorRepository(db_).find_by_identity(identity());
}

// Keys derive from the event, so re-processing the same event can never queue its replies twice.
std::string Conversation::next_key() {
  return "reply:" + event_.platform + ":" + event_.event_key + ":" + std::to_string(sequence_++);
}

void Conversation::reply(const OutgoingMessage& message) {
  Destination to;
  to.platform = event_.platform;
  to.workspace = event_.workspace;
  to.channel_id = event_.channel_id;
  to.user_id = event_.user_id;
  to.ephemeral = !event_.direct;
  to.thread_id = event_.thread_id;
  to.reply_token = event_.reply_token;
  outbox_.queue(next_key(), to, message);
}

void Conversation::reply(i18n::Msg msg, const i18n::Args& args) {
  OutgoingMessage message;
  message.text = text(msg, args);
  reply(message);
}

void Conversation::say_in_channel(const OutgoingMessage& message) { say_in_channel(message, next_key()); }

bool Conversation::say_in_channel(const OutgoingMessage& message, const std::string& idempotency_key) {
  Destination to;
  to.platform = event_.platform;
  to.workspace = event_.workspace;
  to.channel_id = event_.channel_id;
  to.thread_id = event_.thread_id;
  return outbox_.queue(idempotency_key, to, message);
}

}  // namespace ambassador
