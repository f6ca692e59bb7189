#pragma once
// Parses a Bot Framework activity (the JSON body of POST /teams/messages) into neutral events, mapping Teams'
// identifiers as conventions.hpp says (workspace = tenant, channel_id without ";messageid=", thread_id = that
// suffix, user_id = from.id).
//
// What becomes what (event_key "<conversation id>|<activity id>", see the .cpp):
//   message in a personal chat                → message, direct and addressed
//   message in a channel or group chat        → message, addressed when it mentions the bot; the bot's own
//                                               <at>…</at> mention is removed from the text, &nbsp; &amp; &lt; &gt;
//                                               &quot; &#39; are decoded, and the text is trimmed
//   message whose value holds kActionKey      → button (Action.Submit): action_id, action_value from kValueKey,
//                                               reply_token = replyToId (the card's message)
//   invoke "adaptiveCard/action"              → button (Action.Execute): action_id = action.verb (else
//                                               data[kActionKey]), action_value = data[kValueKey]; always answered
//                                               with the invoke response Teams shows (HTTP 200, see kExecuteReply)
//   conversationUpdate, bot in membersAdded   → bot_added in a channel, team or group chat (channel_name from
//                                               channelData.channel.name, else team.name, else conversation.name);
//                                               a personal install is ignored
//   conversationUpdate, bot in membersRemoved → bot_removed (in a personal chat: the person uninstalled the app)
//   conversationUpdate, others in membersAdded→ member_joined per person (bots "28:…" skipped), event_key
//                                               "<conversation id>|<activity id>|<member id>"
//   other invokes, other types, the bot's own messages, foreign card submits → ignored (answered 200).
// Malformed JSON, or no type, id, serviceUrl or conversation.id → failure (400).
#include <optional>
#include <string>
#include <string_view>

#include "adapters/webhook_adapter.hpp"
#include "bot/json_tree.hpp"

namespace ambassador::adapters::teams {

// What the token check and the ServiceUrlBook need from an activity, read before it is trusted.
struct ActivityRoute {
  std::string service_url;
  std::string channel_id;    // the Bot Framework channel: "msteams"
  std::string tenant;        // conversation.tenantId, else channelData.tenant.id
  std::string conversation;  // conversation.id without a ";messageid=" suffix
};

// nullopt when `body` is no JSON object. Missing fields read as empty.
std::optional<ActivityRoute> read_activity_route(std::string_view body);
std::optional<ActivityRoute> read_activity_route(const std::optional<JsonTree>& document);

// The body Teams expects for an adaptiveCard/action invoke: a message it shows to the person who pressed.
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
inline constexpr std::string_view kExecuteReplyType = "application/vnd.microsoft.activity.message";

class TeamsActivityParser {
 public:
  // `execute_reply_text`: what Teams shows after an Action.Execute press (the bot answers in the chat later).
  explicit TeamsActivityParser(std::string execute_reply_text = "✓");

  // Never throws.
  ParseResult parse(std::string_view body) const;
  // The same, of a body already read (nullopt: it was no JSON).
  ParseResult parse(const std::optional<JsonTree>& document) const;

 private:
  std::string execute_reply_text_;
};

}  // namespace ambassador::adapters::teams
