#pragma once
// Who wrote the message a command came in, as the person webcare and intervision record (claimant, RSVP): their
// platform identity, named by their ambassador display name when they have one, else the platform's name or id.
#include "bot/conversation.hpp"
#include "storage/question_repository.hpp"

namespace ambassador {

storage::Person speaker_of(Conversation& c);

}  // namespace ambassador
