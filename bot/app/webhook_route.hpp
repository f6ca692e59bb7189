#pragma once
// The one path every platform webhook takes: verify (401, nothing stored) → parse (400/415/422,
// nothing stored) → store in the inbox, deduplicated, and handle in the same transaction → acknowledge.
#include <functional>

#include "adapters/webhook_adapter.hpp"
#include "bot/clock.hpp"
#include "bot/http/router.hpp"
#include "bot/inbox_processor.hpp"
#include "storage/store.hpp"

namespace ambassador::app {

struct IngestCounters {
  std::atomic<std::uint64_t> stored{0}, duplicates{0}, rejected{0};
};

void add_webhook_routes(http::Router& router, const adapters::WebhookAdapter& adapter, storage::Store& store,
                        const Clock& clock, IngestCounters& counters, InboxProcessor& processor);

}  // namespace ambassador::app
