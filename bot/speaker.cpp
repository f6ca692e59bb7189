#include "bot/speaker.hpp"

namespace ambassador {

storage::Person speaker_of(Conversation& c) {
  const auto& event = c.event();
  storage::Person person{event.platform, event.workspace, event.user_id, event.user_name};
  if (auto ambassador = c.ambassador(); ambassador && !ambassador->display_name.empty())
    person.name = ambassador->display_name;
  if (person.name.empty()) person.name = event.user_id;
  return person;
}

}  // namespace ambassador
