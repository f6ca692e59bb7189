#pragma once
// /api/v1/posts: editors create, list, read, update (until sent) and cancel suggested posts, and read
// their deliveries and stats. /api/v1/ideas: the ambassadors' ideas queue (approve → draft post, reject).
#include <functional>

#include "bot/app/api_auth.hpp"
#include "bot/clock.hpp"
#include "bot/http/router.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

struct ContentApi {
  const config::Config& config;
  const Clock& clock;
  storage::Store& store;
  const ApiAuth& auth;
  std::function<void()> posts_changed;       // wake the scheduler
  std::function<void()> deliveries_queued;   // wake the outbox
};

void add_post_routes(http::Router& router, ContentApi api);
void add_idea_routes(http::Router& router, ContentApi api);

}  // namespace ambassador::app
