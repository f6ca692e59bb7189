#include "bot/app/ops_routes.hpp"

#include <spdlog/spdlog.h>

namespace ambassador::app {

void add_ops_routes(http::Router& router, storage::Store& store, http::Metrics& metrics,
                    const std::atomic<bool>& shutting_down, std::vector<http::Cidr> metrics_allow) {
  router.add("GET", "/healthz", [](http::Request, http::RouteParams, http::Responder respond) {
    respond(http::Response::json(200, R"({"status":"ok"})"));
  });
  router.add("GET", "/readyz", [&store, &shutting_down](http::Request, http::RouteParams, http::Responder respond) {
    if (shutting_down) {
      respond(http::Response::json(503, R"({"status":"shutting_down"})"));
      return;
    }
    store.read([](storage::Connection& db) { db.query_int64("SELECT 1"); },
               [respond](std::exception_ptr error) {
                 respond(error ? http::Response::json(503, R"({"status":"storage_unavailable"})")
                               : http::Response::json(200, R"({"status":"ready"})"));
               });
  });
  router.add(
      "GET", "/metrics",
      [&metrics, allow = std::move(metrics_allow)](http::Request request, http::RouteParams, http::Responder respond) {
        // The peer itself, never X-Forwarded-For: a proxy in front must be listed (or scrape from loopback).
        if (!http::any_contains(allow, request.remote_address)) {
          respond(http::Response::error(403, "forbidden", "metrics are not served to this address"));
          return;
        }
        auto response = http::Response::text(200, metrics.render());
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        respond(std::move(response));
      });
}

}  // namespace ambassador::app
