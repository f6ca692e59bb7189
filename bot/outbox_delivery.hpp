#pragma once
// One claimed outbox row on its way to the platform, decoded once.
#include <string>

#include "bot/outgoing_message.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador {

struct OutboxDelivery {
  storage::OutboxEntry entry;
  Destination destination;
  OutgoingMessage message;
  std::string pacing;  // the rate limiter's key: the conversation (see pacing_key)
  std::string lane;    // the platform and `pacing`: deliveries of one lane go one at a time, in order
};

// A private answer (ephemeral, a DM, a button's reply) is paced per person, not per channel: fifty people pressing
// a button in one group must not queue behind that group's posting limit.
std::string pacing_key(const Destination& to);
// The platform and the pacing key: stored with the row when it is queued, so instances agree on who sends it.
std::string delivery_lane(const Destination& to);

}  // namespace ambassador
