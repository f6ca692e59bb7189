#pragma once
// How Teams' identifiers map onto the neutral IncomingEvent and Destination, shared by the inbound side
// (activity parser) and the outbound side (sender, card renderer):
//  - workspace   = the tenant id (conversation.tenantId, else channelData.tenant.id);
//  - channel_id  = conversation.id without a ";messageid=..." suffix (a channel, group chat or personal chat);
//  - thread_id   = the thread's root message id (the ";messageid=" suffix of a channel conversation id);
//  - user_id     = from.id ("29:..."); a person is DMed through a 1:1 conversation the sender creates;
//  - reply_token = the id of the activity being answered (a reply in a channel goes to its thread).
// An Action.Submit button carries {kActionKey: action_id, kValueKey: value} as its `data`; an Action.Execute
// button carries the action id as its `verb` and the same `data`.
#include <string>
#include <string_view>

namespace ambassador::adapters::teams {

inline constexpr std::string_view kActionKey = "ab_action";
inline constexpr std::string_view kValueKey = "ab_value";

// A channel conversation id addressing one thread: "19:abc@thread.tacv2;messageid=1700000000000".
inline constexpr std::string_view kThreadSeparator = ";messageid=";

inline std::string thread_conversation_id(std::string_view channel_id, std::string_view thread_id) {
  std::string id{channel_id};
  if (!thread_id.empty()) id.append(kThreadSeparator).append(thread_id);
  return id;
}

}  // namespace ambassador::adapters::teams
