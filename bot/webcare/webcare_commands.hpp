#pragma once
// The webcare loop in chat: `ask` in a webcare channel, `claim`/"I'll take it", `answer`, `followup`, `notmine`,
// `close`, and `signal complaint|lead|idea` for ambassadors. Each reads the command, asks the QuestionDesk and
// answers the person who acted; the desk tells everybody else.
#include <functional>

#include "bot/event_dispatcher.hpp"

namespace ambassador::webcare {

// `questions_changed` wakes the webcare timer: it runs on the writer thread inside the event's transaction, and the
// timer's next pass is a later writer job, so it sees the change.
void register_webcare_commands(EventDispatcher& dispatcher, std::function<void()> questions_changed);

}  // namespace ambassador::webcare
