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

// For a `channel_moved` event, after the directory has moved the channel to its new id (event.action_value):
// tells every active admins channel other than the moved one's old id that the group now has a new id and, if
// it is linked to a department, that the bot follows it but the config should be changed to say so. Keys derive
// from the event, as above. Returns how many notices were newly queued.
int notify_admins_of_move(Conversation& c);

}  // namespace ambassador
