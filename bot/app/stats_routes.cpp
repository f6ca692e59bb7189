#include "bot/app/stats_routes.hpp"

#include <variant>

#include "bot/app/api_support.hpp"
#include "bot/impact/programme_stats.hpp"
#include "storage/programme_stats_repository.hpp"

namespace ambassador::app {
namespace {

// The query of the request, or the 400 answer in `refused`.
std::optional<impact::StatsQuery> stats_query(const ContentApi& api, const http::Request& request,
                                              http::Response& refused) {
  const impact::StatsParams params{request.query_param("from"), request.query_param("to"),
                                   request.query_param("interval"), request.query_param("department"),
                                   request.query_param("theme")};
  auto parsed = impact::parse_stats_query(params, api.clock.now_ms() / storage::kStatsDayMs, api.config);
  if (auto* reason = std::get_if<std::string>(&parsed)) {
    refused = http::Response::error(400, "bad_request", *reason);
    return std::nullopt;
  }
  return std::get<impact::StatsQuery>(parsed);
}

}  // namespace

void add_stats_routes(http::Router& router, ContentApi api) {
  router.add("GET", "/api/v1/stats", [api](http::Request request, http::RouteParams, http::Responder respond) {
    http::Response early;
    if (!api.auth.check(request, {"editor", "lead"}, early)) return respond(std::move(early));
    const auto query = stats_query(api, request, early);
    if (!query) return respond(std::move(early));
    answer_from_store(
        api.store, false,
        [query = *query, &impact = api.config.impact](storage::Connection& db) {
          return json_response(200, impact::programme_stats(db, query, impact));
        },
        std::move(respond), request.request_id);
  });

  router.add("GET", "/api/v1/stats/export.csv",
             [api](http::Request request, http::RouteParams, http::Responder respond) {
               http::Response early;
               const auto who = api.auth.check(request, {"editor", "lead"}, early);
               if (!who) return respond(std::move(early));
               const auto query = stats_query(api, request, early);
               if (!query) return respond(std::move(early));
               // Names of ambassadors are for the people who lead them, not for everyone preparing posts.
               const bool with_names = who->role == "lead" || who->role == "admin";
               answer_from_store(
                   api.store, false,
                   [query = *query, with_names](storage::Connection& db) {
                     http::Response csv;
                     csv.content_type = "text/csv; charset=utf-8";
                     csv.body = impact::activity_csv(db, query, with_names);
                     return csv.with_header("Content-Disposition", "attachment; filename=\"ambassador-stats.csv\"");
                   },
                   std::move(respond), request.request_id);
             });
}

}  // namespace ambassador::app
