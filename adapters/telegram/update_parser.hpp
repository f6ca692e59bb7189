#pragma once
// Parses a Telegram Update (the JSON body of POST /telegram/webhook) into neutral events.
//
// What becomes what (event_key is the update_id: Telegram redelivers an update with the same id):
//   message (text or caption, from a person)  → message; addressed in a private chat, for a "/command", for an
//                                              @botname mention, or for a reply to one of the bot's messages
//   message.new_chat_members                  → member_joined per person (bots skipped), event_key
//                                              "<update_id>:<user id>" so each is unique within the update
//   message.migrate_to_chat_id (in the old    → channel_moved: channel_id the old group, action_value the new
//     group, upgraded to a supergroup)          supergroup's id; its twin migrate_from_chat_id is ignored
//   callback_query                            → button (action from callback_data, reply_token = query id)
//   my_chat_member, bot now in the chat       → bot_added;  bot no longer in the chat → bot_removed
//                                              (in a private chat that means the user blocked / unblocked the bot);
//                                              channel_name = chat.title
//   chat_member, a person now in the chat     → member_joined
//   anything else (edited_message, channel_post, promotions, leaves, bots' own messages, …) → ignored: answered 200
//   and never retried, as is an update too incomplete to use. Only unparseable JSON or a missing update_id fail.
#include <string>
#include <string_view>

#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::telegram {

class TelegramUpdateParser {
 public:
  // `bot_username` without or with a leading '@'; compared case-insensitively, as Telegram usernames are. Empty:
  // every "/command@anybot" is taken as ours (set it when the bot is in groups with other bots).
  explicit TelegramUpdateParser(std::string bot_username);

  // Never throws.
  ParseResult parse(std::string_view body) const;

 private:
  std::string bot_username_;
};

}  // namespace ambassador::adapters::telegram
