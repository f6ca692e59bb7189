#include <memory>
#include <stdexcept>
#include <string>

#include <spdlog/spdlog.h>

#include "adapters/teams/openid_keys.hpp"
#include "adapters/teams/rate_policy.hpp"
#include "adapters/teams/service_url_book.hpp"
#include "adapters/teams/teams_sender.hpp"
#include "adapters/teams/teams_webhook_adapter.hpp"
#include "adapters/teams/token_provider.hpp"
#include "bot/app/platform_wiring.hpp"
#include "storage/teams_conversation_repository.hpp"

namespace ambassador::app {
namespace {

namespace teams = adapters::teams;

std::string resolve_app_password(const config::TeamsConfig& config) {
  try {
    return config.app_password.resolve();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("platforms.teams.app_password: ") + e.what());
  }
}

// The connector URL each conversation last came with, remembered across restarts; a new or changed one is
// written in the background (the webhook path never waits for the database for it).
std::shared_ptr<teams::ServiceUrlBook> service_url_book(PlatformWiring& wiring) {
  auto persist = [&store = wiring.store, &clock = wiring.clock](
                     const std::string& tenant, const std::string& conversation, const std::string& url) {
    store.write(
        [row = storage::TeamsConversation{tenant, conversation, url}, now = clock.now_ms()](storage::Connection& db) {
          storage::TeamsConversationRepository(db).upsert(row, now);
        },
        [conversation](std::exception_ptr error) {
          if (error)
            spdlog::warn("teams: remembering the service URL of {} failed: {}", conversation, storage::describe(error));
        });
  };
  auto book = std::make_shared<teams::ServiceUrlBook>(wiring.config.platforms.teams.default_service_url, persist);
  std::size_t known = 0;
  wiring.store.read_sync([&](storage::Connection& db) {
    for (const auto& row : storage::TeamsConversationRepository(db).all()) {
      book->load(row.tenant_id, row.conversation_id, row.service_url);
      ++known;
    }
  });
  spdlog::info("teams: {} conversations' service URLs known", known);
  return book;
}

}  // namespace

// POST /teams/messages through the shared webhook route (Bot Framework JWT → activity → inbox, deduplicated by
// conversation and activity id → 200 once committed, well inside Teams' 15 s), the signing keys kept fresh in the
// background, and the connector sender with its client-credentials token.
void wire_teams(PlatformWiring& wiring) {
  const auto& config = wiring.config.platforms.teams;
  const std::string password = resolve_app_password(config);
  auto book = service_url_book(wiring);
  auto keys = std::make_shared<teams::BotFrameworkKeyCache>(wiring.io, wiring.http_client, wiring.clock,
                                                            teams::KeyCacheOptions{config.openid_metadata_url});
  auto adapter = std::make_shared<teams::TeamsWebhookAdapter>(*keys, config.app_id, config.token_issuer, *book);
  auto tokens = std::make_shared<teams::BotFrameworkTokenProvider>(
      wiring.http_client,
      teams::BotFrameworkCredentials{config.login_base_url, config.app_tenant_id, config.app_id, password},
      wiring.clock);
  auto sender = std::make_shared<teams::TeamsSender>(wiring.http_client, *tokens, *book, config.app_id, wiring.clock);
  add_webhook_routes(wiring.router, *adapter, wiring.store, wiring.clock, wiring.ingest, wiring.inbox);
  wiring.outbox.add_platform(*sender, teams::rate_policy(wiring.config.delivery.global_rate_per_second,
                                                         wiring.config.delivery.channel_rate_per_second));
  // Until the first keys are in, Teams' requests get 401 and are retried by the Bot Framework.
  keys->start([url = http::redacted_url(config.openid_metadata_url)] {
    spdlog::info("teams: Bot Framework signing keys loaded from {}", url);
  });
  for (std::shared_ptr<void> object :
       {std::shared_ptr<void>(book), std::shared_ptr<void>(keys), std::shared_ptr<void>(adapter),
        std::shared_ptr<void>(tokens), std::shared_ptr<void>(sender)})
    wiring.keep_alive.push_back(std::move(object));
  spdlog::info("teams: webhook at {}, App {} ({})", teams::kMessagesPath, config.app_id,
               config.app_tenant_id.empty() ? "multi-tenant" : "single-tenant");
}

}  // namespace ambassador::app
