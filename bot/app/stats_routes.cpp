#include "bot/app/stats_routes.hpp"

#include <variant>

#include "bot/app/api_support.hpp"
#include "bot/impact/impact_commands.hpp"
#include "bot/impact/programme_stats.hpp"
#include "storage/impact_repository.hpp"
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

constexpr std::int64_t kDayMs = 86'400'000;
constexpr int kMaxLeaderboardDays = 365;

struct LeaderboardQuery {
  std::string department_id;  // "" = the whole organisation
  int days = 30;
};

// The query of the request, or the 400 answer in `refused`.
std::optional<LeaderboardQuery> leaderboard_query(const ContentApi& api, const http::Request& request,
                                                  http::Response& refused) {
  LeaderboardQuery query;
  query.department_id = request.query_param("department");
  if (!query.department_id.empty() && !api.config.find_department(query.department_id)) {
    refused = http::Response::error(400, "bad_request", "unknown department '" + query.department_id + "'");
    return std::nullopt;
  }
  if (const auto days = request.query_param("days"); !days.empty()) {
    const bool digits = days.size() <= 3 && days.find_first_not_of("0123456789") == std::string::npos;
    query.days = digits ? std::stoi(days) : 0;
    if (query.days < 1 || query.days > kMaxLeaderboardDays) {
      refused = http::Response::error(400, "bad_request",
                                      "days must be a whole number from 1 to " + std::to_string(kMaxLeaderboardDays));
      return std::nullopt;
    }
  }
  return query;
}

// Chat's naming rule: people who chose to be named, and the others only as a number of people and their total.
nlohmann::json leaderboard_json(const std::vector<storage::PersonTotal>& totals) {
  const auto list = impact::leaderboard_list(totals);
  auto entries = nlohmann::json::array();
  for (const auto& entry : list.named) entries.push_back({{"name", entry.name}, {"count", entry.count}});
  return {{"entries", std::move(entries)}, {"others", {{"people", list.others}, {"total", list.others_total}}}};
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

  // The chat leaderboard's lists over the last `days` (unique clicks by whole UTC days, from the per-person rollup).
  // A read: the reader connection, never the writer that answers chat.
  router.add("GET", "/api/v1/leaderboard", [api](http::Request request, http::RouteParams, http::Responder respond) {
    http::Response early;
    if (!api.auth.check(request, {"editor", "lead"}, early)) return respond(std::move(early));
    const auto query = leaderboard_query(api, request, early);
    if (!query) return respond(std::move(early));
    const auto since = api.clock.now_ms() - query->days * kDayMs;
    answer_from_store(
        api.store, false,
        [query = *query, since](storage::Connection& db) {
          storage::ImpactRepository impact(db);
          return json_response(
              200,
              {{"department", query.department_id.empty() ? nlohmann::json() : nlohmann::json(query.department_id)},
               {"days", query.days},
               {"shares", leaderboard_json(impact.shares_by_person(query.department_id, since))},
               {"unique_clicks", leaderboard_json(impact.unique_clicks_by_person(query.department_id, since))}});
        },
        std::move(respond), request.request_id);
  });

  router.add(
      "GET", "/api/v1/stats/export.csv", [api](http::Request request, http::RouteParams, http::Responder respond) {
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
              auto body = impact::activity_csv(db, query, with_names);
              if (!body)
                return http::Response::error(400, "bad_request",
                                             "the export would have more than " + std::to_string(impact::kMaxCsvLines) +
                                                 " lines; choose a shorter span or one department");
              http::Response csv;
              csv.content_type = "text/csv; charset=utf-8";
              csv.body = std::move(*body);
              return csv.with_header("Content-Disposition", "attachment; filename=\"ambassador-stats.csv\"");
            },
            std::move(respond), request.request_id);
      });
}

}  // namespace ambassador::app
