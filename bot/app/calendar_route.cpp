#include "bot/app/api_support.hpp"
#include "bot/app/meeting_routes.hpp"
#include "bot/rhythm/calendar_token.hpp"
#include "bot/rhythm/ics_feed.hpp"
#include "bot/rhythm/intervision_desk.hpp"
#include "storage/meeting_repository.hpp"

namespace ambassador::app {
namespace {
using storage::Connection;

rhythm::CalendarSeries calendar_series(storage::MeetingRepository& meetings, const storage::MeetingSeriesRecord& s,
                                       const std::string& host) {
  rhythm::CalendarSeries out;
  out.uid = "intervision-" + std::to_string(s.id) + "@" + host;
  out.rule = rhythm::rule_of(s);
  out.changes = rhythm::changes_of(meetings.changes(s.id));
  out.sequence = s.sequence;
  out.summary = s.title;
  out.location = s.location;
  out.cancelled = s.cancelled;
  out.updated_ms = s.updated_at_ms;
  return out;
}

void feed(const MeetingApi& api, http::Request request, http::RouteParams params, http::Responder respond) {
  std::string file(params.get("file"));
  const auto* department =
      file.ends_with(".ics") ? api.config.find_department(file.substr(0, file.size() - 4)) : nullptr;
  const auto token = request.query_param("token");
  if (!department) return respond(http::Response::error(404, "not_found", "no such calendar"));
  answer_from_store(
      api.store, false,
      [api, department, token](Connection& db) {
        storage::MeetingRepository meetings(db);
        const auto hash = meetings.calendar_token_hash(department->id);
        if (!hash || !rhythm::calendar_token_matches(token, *hash))
          return http::Response::error(404, "not_found", "no such calendar");
        std::vector<rhythm::CalendarSeries> series;
        for (const auto& s : meetings.of_department(department->id, false))
          series.push_back(calendar_series(meetings, s, "ambassador-bot"));
        http::Response response{200,
                                "text/calendar; charset=utf-8",
                                rhythm::render_calendar(department->name, series, api.clock.now_ms()),
                                {}};
        return response.with_header("Cache-Control", "private, max-age=300");
      },
      std::move(respond), request.request_id);
}

}  // namespace

void add_calendar_route(http::Router& router, MeetingApi api) {
  router.add("GET", "/calendar/{file}",
             [api](http::Request request, http::RouteParams params, http::Responder respond) {
               feed(api, std::move(request), std::move(params), std::move(respond));
             });
}

}  // namespace ambassador::app
