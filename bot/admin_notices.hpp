#pragma once
// Tells the people who run the programme when the bot joins or leaves a group: a new group has to be linked
// to a department in the config before it gets posts, and a group that is gone no longer receives them.
#include "bot/conversation.hpp"

namespace ambassador {

enum class MembershipChange { added, removed };

// Queues one notice, in the organisation's language, to every active channel with purpose "admins" except the
// event's own channel. Keys derive from the event, so a replayed event notifies nobody twice. Direct chats are
// skipped: there it is one person starting or blocking the bot. Returns how many notices were newly queued.
int notify_admins(Conversation& c, MembershipChange change);

}  // namespace ambassador
