#pragma once
// Intervision in a department's channel: `intervision` (your next meeting and answer), and for the lead
// `intervision every 2 weeks on tuesday 15:00 ...` (plan), `who`, `skip <date>`, `move <date> to <date> <time>`,
// `change from <date> <schedule>`, `cancel`, `notes <text>` (Dutch: wie, overslaan, verplaats ... naar, wijzig
// vanaf, annuleer, notities), and the reminders' RSVP buttons. Each asks the IntervisionDesk and answers the
// person who acted; the desk tells the channel.
#include <functional>

#include "bot/event_dispatcher.hpp"

namespace ambassador::rhythm {

// `meetings_changed` wakes the reminder timer (it runs inside the event's transaction; the timer's next pass is a
// later writer job, so it sees the change).
void register_intervision_commands(EventDispatcher& dispatcher, std::function<void()> meetings_changed);

}  // namespace ambassador::rhythm
