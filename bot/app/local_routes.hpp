#pragma once
// GET /local/channels/{id}/messages?after=ID&limit=N: what the bot said in a local channel.
#include "bot/http/router.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

void add_local_routes(http::Router& router, storage::Store& store);

}  // namespace ambassador::app
