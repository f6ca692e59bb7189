#pragma once
// /api/v1/stats: the programme's impact over a span (editors, leads, admins), and its CSV export; /api/v1/leaderboard:
// the chat leaderboard's lists (named people only) for a department or the organisation.
#include "bot/app/post_routes.hpp"

namespace ambassador::app {

void add_stats_routes(http::Router& router, ContentApi api);

}  // namespace ambassador::app
