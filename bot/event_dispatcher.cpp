#include "bot/event_dispatcher.hpp"

#include <spdlog/spdlog.h>

namespace ambassador {

EventDispatcher::EventDispatcher(const config::Config& config, const Clock& clock) : config_(config), clock_(clock) {}

void EventDispatcher::on_command(CommandName name, CommandHandler handler) { commands_[name] = std::move(handler); }
void EventDispatcher::on_action(std::string action_id, ActionHandler handler) {
  actions_[std::move(action_id)] = std::move(handler);
}
void EventDispatcher::on_event(EventKind kind, LifecycleHandler handler) { lifecycle_[kind] = std::move(handler); }

void EventDispatcher::handle(const IncomingEvent& event, storage::Connection& db) {
  // Chatter between colleagues is none of the bot's business; only explicit requests are answered.
  if (event.kind == EventKind::message && !event.addressed) return;
  OutboxWriter outbox(db, clock_, config_.delivery);
  Conversation conversation(db, event, config_, clock_, outbox);
  switch (event.kind) {
    case EventKind::message:
      handle_command_text(conversation, event.text);
      return;
    case EventKind::command:
      handle_command_text(conversation, event.text);
      return;
    case EventKind::button: {
      auto it = actions_.find(event.action_id);
      if (it != actions_.end()) {
        it->second(conversation);
      } else {
        // Always answer a button (Telegram keeps its spinner turning otherwise): an old or foreign button.
        spdlog::info("event {}/{}: no handler for button action '{}'", event.platform, event.event_key,
                     event.action_id);
        conversation.reply(i18n::Msg::post_unavailable);
      }
      return;
    }
    default: {
      auto it = lifecycle_.find(event.kind);
      if (it != lifecycle_.end()) it->second(conversation);
    }
  }
}

void EventDispatcher::handle_command_text(Conversation& conversation, std::string_view text) {
  auto command = parse_command(text);
  if (!command) {
    conversation.reply(i18n::Msg::help);
    return;
  }
  auto it = commands_.find(command->name);
  if (it == commands_.end()) {
    conversation.reply(i18n::Msg::unknown_command, {{"command", command->word}});
    return;
  }
  it->second(*command, conversation);
}

}  // namespace ambassador
