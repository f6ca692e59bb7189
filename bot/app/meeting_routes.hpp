#pragma once
// /api/v1/meetings: leads (and admins) plan intervision, read upcoming meetings with who comes and the notes, and
// get a new calendar-feed URL (the token is shown once). The same IntervisionDesk as the chat commands does the work.
#include <functional>
#include <string>

#include "bot/app/api_auth.hpp"
#include "bot/clock.hpp"
#include "bot/http/router.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

struct MeetingApi {
  const config::Config& config;
  const Clock& clock;
  storage::Store& store;
  const ApiAuth& auth;
  std::string public_base_url;              // the feed URL handed out with a new token
  std::function<void()> meetings_changed;   // wake the reminder timer
  std::function<void()> deliveries_queued;  // wake the outbox
};

void add_meeting_routes(http::Router& router, MeetingApi api);
// GET /calendar/{department}.ics?token=...: the department's meetings as an iCalendar feed that Outlook, Google and
// Apple Calendar subscribe to. Unknown department and wrong token get the same 404.
void add_calendar_route(http::Router& router, MeetingApi api);

}  // namespace ambassador::app
