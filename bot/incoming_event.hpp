#pragma once
// The platform-neutral event every adapter parses its webhooks into. Domain code sees only this.
#include <cstdint>
#include <optional>
#include <string>

namespace ambassador {

enum class EventKind {
  message,        // a chat message (maybe a command: see `addressed` and CommandParser)
  command,        // an explicit command invocation (Slack slash command); text holds "name args"
  button,         // a button press / callback: action_id + action_value
  member_joined,  // a person joined a channel the bot is in
  bot_added,      // the bot was added to a channel/group
  bot_removed,    // the bot was removed from / blocked in a channel/group
  channel_moved,  // the channel now has another id (a Telegram group upgraded to a supergroup): channel_id is
                  // the old id, action_value the new one
};

std::string_view to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view text);

struct IncomingEvent {
  std::string platform;      // "local", "slack", "telegram", "teams"
  std::string event_key;     // unique per platform; the dedupe key (Slack event_id, Telegram update_id, ...)
  EventKind kind = EventKind::message;
  std::string workspace;     // Slack team id, Teams tenant; empty where the platform has none
  std::string channel_id;    // where it happened (for a DM: the DM channel id)
  std::string channel_name;  // the channel's/group's title when the platform sends it
  bool direct = false;       // a one-to-one conversation with the bot
  bool addressed = false;    // explicitly for the bot: DM, mention, slash command, leading '/'
  std::string user_id;       // platform user id of the actor
  std::string user_name;     // display name if the platform sent one
  std::string text;          // message text; for `command`: "name args..." without the leading '/'
  std::string action_id;     // for `button`: neutral action id, e.g. "share.confirm"
  std::string action_value;  // for `button`: the value the bot put on the button; for `channel_moved`: the new id
  std::string reply_token;   // platform reply handle: Slack response_url, Telegram callback_query id
  std::string thread_id;     // thread / topic to answer in, if any
  std::int64_t occurred_at_ms = 0;  // when the platform says it happened (UTC, ms since epoch)
};

}  // namespace ambassador
