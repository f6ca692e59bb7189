#pragma once
// Routes each stored event to the handler of its command or button; handlers register by name, so
// each feature (membership, content, webcare, ...) lives in its own file.
#include <functional>
#include <map>
#include <string>

#include "bot/command.hpp"
#include "bot/conversation.hpp"
#include "bot/inbox_processor.hpp"

namespace ambassador {

class EventDispatcher final : public EventHandler {
 public:
  using CommandHandler = std::function<void(const Command&, Conversation&)>;
  using ActionHandler = std::function<void(Conversation&)>;
  using LifecycleHandler = std::function<void(Conversation&)>;

  EventDispatcher(const config::Config& config, const Clock& clock);
  void on_command(CommandName name, CommandHandler handler);
  void on_action(std::string action_id, ActionHandler handler);
  void on_event(EventKind kind, LifecycleHandler handler);  // member_joined, bot_added, bot_removed

  void handle(const IncomingEvent& event, storage::Connection& db) override;

 private:
  void handle_command_text(Conversation& conversation, std::string_view text);

  const config::Config& config_;
  const Clock& clock_;
  std::map<CommandName, CommandHandler> commands_;
  std::map<std::string, ActionHandler, std::less<>> actions_;
  std::map<EventKind, LifecycleHandler> lifecycle_;
};

}  // namespace ambassador
