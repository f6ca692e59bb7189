#pragma once
// What a chat platform needs to plug into the running service: its webhook routes and its sender.
// Each platform has one `wire_<platform>(PlatformWiring&)` (bot/app/<platform>_platform.cpp), called by
// the Application when the platform is enabled in config.
#include <functional>
#include <memory>
#include <vector>

#include "bot/app/webhook_route.hpp"
#include "bot/chat_sender.hpp"
#include "bot/clock.hpp"
#include "bot/http/http_client.hpp"
#include "bot/http/router.hpp"
#include "bot/outbox_dispatcher.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::app {

struct PlatformWiring {
  const config::Config& config;
  const Clock& clock;
  boost::asio::io_context& io;
  http::Router& router;
  storage::Store& store;
  http::HttpClient& http_client;  // shared outbound HTTPS client (keep-alive pools per host)
  OutboxDispatcher& outbox;       // add_platform(sender, policy)
  IngestCounters& ingest;
  InboxProcessor& inbox;  // handles a webhook's events as they are stored
  // Objects the platform creates (adapter, sender) and that must live as long as the service.
  std::vector<std::shared_ptr<void>>& keep_alive;
};

// Throw std::runtime_error for start-up problems (an unresolvable secret, an invalid webhook secret).
void wire_slack(PlatformWiring& wiring);
void wire_telegram(PlatformWiring& wiring);
void wire_teams(PlatformWiring& wiring);

}  // namespace ambassador::app
