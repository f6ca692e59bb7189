#include "bot/app/webhook_route.hpp"

#include <spdlog/spdlog.h>

#include "storage/inbox_repository.hpp"

namespace ambassador::app {
namespace {

struct Received {
  IncomingEvent event;
  bool settled;  // nothing to handle: only kept to recognise a redelivery
};

// Colleagues talking among themselves in a channel the bot is in: none of the bot's business. Such a
// message is kept only as its key (to recognise redeliveries): no text, no sender, no payload at all.
bool is_chatter(const IncomingEvent& event) { return event.kind == EventKind::message && !event.addressed; }

}  // namespace

void add_webhook_routes(http::Router& router, const adapters::WebhookAdapter& adapter, storage::Store& store,
                        const Clock& clock, IngestCounters& counters, InboxProcessor& processor) {
  auto handler = [&adapter, &store, &clock, &counters, &processor](http::Request request, http::RouteParams,
                                                                   http::Responder respond) {
    auto [verdict, parsed] = adapter.verify_and_parse(request, clock.now());
    if (!verdict.ok) {
      counters.rejected.fetch_add(1);
      spdlog::info("request {}: {} webhook rejected: {}", request.request_id, adapter.platform(), verdict.reason);
      respond(http::Response::error(verdict.status, verdict.status == 403 ? "forbidden" : "unauthorized",
                                    "the request could not be verified"));
      return;
    }
    if (!parsed.error.empty()) {
      counters.rejected.fetch_add(1);
      // Authentic but unusable: a platform change or a bug of ours, worth an operator's look.
      spdlog::warn("request {}: {} webhook unusable: {}", request.request_id, adapter.platform(), parsed.error);
      respond(parsed.reply ? std::move(*parsed.reply) : http::Response::error(400, "bad_request", parsed.error));
      return;
    }
    auto reply = parsed.reply ? std::move(*parsed.reply) : http::Response::json(200, R"({"ok":true})");
    if (parsed.events.empty()) {
      if (parsed.ignored) spdlog::debug("request {}: {} webhook ignored", request.request_id, adapter.platform());
      respond(std::move(reply));
      return;
    }
    auto batch = std::make_shared<std::vector<Received>>();
    bool work_to_do = false;
    for (auto& event : parsed.events) {
      const bool settled = is_chatter(event);
      batch->push_back({std::move(event), settled});
      work_to_do = work_to_do || !settled;
    }
    auto fresh = std::make_shared<int>(0);
    const auto now = clock.now_ms();
    store.write(
        [batch, fresh, now, &processor](storage::Connection& db) {
          storage::InboxRepository inbox(db);
          for (const auto& e : *batch) {
            const bool stored = e.settled ? inbox.append(e.event.platform, e.event.event_key, "", now, true)
                                          : processor.store_and_handle(e.event, now, db);
            *fresh += stored ? 1 : 0;
          }
        },
        [batch, fresh, work_to_do, &counters, &processor, respond = std::move(respond), reply = std::move(reply),
         request_id = request.request_id](std::exception_ptr error) mutable {
          if (error) {
            // Not acknowledged, so the platform retries; nothing was half-stored (the transaction rolled back).
            spdlog::error("request {}: storing the event failed", request_id);
            respond(http::Response::error(503, "storage_unavailable", "could not store the event, retry later"));
            return;
          }
          counters.stored.fetch_add(static_cast<std::uint64_t>(*fresh));
          counters.duplicates.fetch_add(batch->size() - static_cast<std::uint64_t>(*fresh));
          if (*fresh < static_cast<int>(batch->size()))
            spdlog::debug("request {}: {} duplicate event(s) acknowledged, not processed again", request_id,
                          batch->size() - static_cast<std::size_t>(*fresh));
          respond(std::move(reply));
          if (*fresh > 0 && work_to_do) processor.handled_committed();
        },
        // The handler has a savepoint of its own (InboxProcessor::handle); what else throws here is the database
        // failing, which fails the whole batch anyway.
        storage::Isolation::batch);
  };
  for (const auto& path : adapter.paths()) router.add("POST", path, handler);
}

}  // namespace ambassador::app
