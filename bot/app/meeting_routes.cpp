#include "bot/app/meeting_routes.hpp"

#include <algorithm>

#include "bot/app/api_support.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/rhythm/calendar_token.hpp"
#include "bot/rhythm/intervision_desk.hpp"
#include "config/checks.hpp"
#include "encoding/utf8.hpp"
#include "storage/meeting_repository.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;
using storage::Connection;

std::string string_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<int> int_field(const json& body, const char* name, std::vector<std::string>& problems) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    problems.push_back(std::string(name) + ": must be an integer");
    return std::nullopt;
  }
  return it->get<int>();
}

// The chat form as JSON: {"department", "every_weeks" | "monthly_week", "weekday", "time", "duration_minutes",
// "location", "from"}. The form's rules (a real date, not past, not in the DST gap) are the desk's.
std::variant<rhythm::IntervisionForm, std::vector<std::string>> read_form(const json& body) {
  static const std::vector<std::string> kKnown = {"department", "every_weeks",      "monthly_week", "weekday",
                                                  "time",       "duration_minutes", "location",     "from"};
  std::vector<std::string> problems;
  for (const auto& [key, value] : body.items()) {
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end())
      problems.push_back(key + ": unknown field");
    else if (key != "every_weeks" && key != "monthly_week" && key != "duration_minutes" && !value.is_string())
      problems.push_back(key + ": must be a string");
  }
  rhythm::IntervisionForm form;
  if (auto weeks = int_field(body, "every_weeks", problems)) form.interval_weeks = *weeks;
  form.month_week = int_field(body, "monthly_week", problems);
  form.duration_minutes = int_field(body, "duration_minutes", problems);
  if (form.interval_weeks < 1 || form.interval_weeks > 8) problems.push_back("every_weeks: 1 to 8");
  if (form.month_week && (*form.month_week < -1 || *form.month_week > 4 || *form.month_week == 0))
    problems.push_back("monthly_week: 1 to 4, or -1 for the last");
  if (body.contains("every_weeks") && form.month_week) problems.push_back("every_weeks, monthly_week: one of them");
  form.weekday = rhythm::weekday_code(string_field(body, "weekday"));
  if (form.weekday.empty()) problems.push_back("weekday: required, monday .. sunday");
  form.time = string_field(body, "time");
  if (!config::checks::is_clock_time(form.time)) problems.push_back("time: required, \"HH:MM\"");
  form.from_date = string_field(body, "from");
  if (form.from_date.empty()) problems.push_back("from: required, \"YYYY-MM-DD\"");
  form.location = encoding::sanitize_utf8(string_field(body, "location"));
  if (form.location.size() > rhythm::kMaxLocationBytes) problems.push_back("location: at most 200 bytes");
  if (!problems.empty()) return problems;
  return form;
}

json series_json(const storage::MeetingSeriesRecord& s) {
  return json{{"id", s.id},
              {"department", s.department_id},
              {"title", s.title},
              {"rrule", s.rrule},
              {"time_zone", s.time_zone},
              {"first_start", s.first_start},
              {"duration_minutes", s.duration_minutes},
              {"location", s.location},
              {"sequence", s.sequence},
              {"cancelled", s.cancelled},
              {"created_by", s.created_by},
              {"created_at", content::format_utc(s.created_at_ms)},
              {"updated_at", content::format_utc(s.updated_at_ms)}};
}

json answers_json(storage::MeetingRepository& meetings, std::int64_t series_id, const std::string& occurrence) {
  json answers = json::object();
  for (const auto answer : rhythm::kAnswers) answers[std::string(answer)] = {{"count", 0}, {"names", json::array()}};
  for (const auto& rsvp : meetings.rsvps(series_id, occurrence)) {
    auto& entry = answers[rsvp.answer];
    entry["count"] = entry["count"].get<int>() + 1;
    entry["names"].push_back(rsvp.person.name.empty() ? rsvp.person.user_id : rsvp.person.name);
  }
  return answers;
}

http::Response not_found() { return http::Response::error(404, "not_found", "no such meeting"); }

http::Response refused(const rhythm::DeskResult& result) {
  switch (result.refusal) {
    case rhythm::Refusal::already_planned:
      return http::Response::error(409, "already_planned", "the department has a series with meetings to come");
    case rhythm::Refusal::invalid:
      return http::Response::errors(
          422, "invalid_meeting", {i18n::translate(i18n::Language::en, result.problem->message, result.problem->args)});
    default:
      return http::Response::error(404, "not_found", "no such department");
  }
}

void create(const MeetingApi& api, http::Request request, http::Responder respond) {
  http::Response early;
  auto who = api.auth.check(request, {"lead"}, early);
  if (!who) return respond(std::move(early));
  auto body = json_body(request, early);
  if (!body) return respond(std::move(early));
  auto form = read_form(*body);
  if (auto* problems = std::get_if<std::vector<std::string>>(&form))
    return respond(http::Response::errors(422, "invalid_meeting", *problems));
  const auto department = string_field(*body, "department");
  if (!api.config.find_department(department))
    return respond(http::Response::errors(422, "invalid_meeting", {"department: not a department"}));
  answer_from_store(
      api.store, true,
      [api, department, form = std::get<rhythm::IntervisionForm>(form), by = who->name](Connection& db) {
        OutboxWriter outbox(db, api.clock, api.config.delivery);
        rhythm::IntervisionDesk desk(db, api.config, api.clock, outbox);
        const auto result = desk.schedule(department, form, by);
        if (!result.ok()) return refused(result);
        api.meetings_changed();
        if (outbox.queued() > 0) api.deliveries_queued();
        return json_response(201, series_json(result.meeting->series));
      },
      std::move(respond), request.request_id);
}

void list(const MeetingApi& api, http::Request request, http::Responder respond) {
  http::Response early;
  if (!api.auth.check(request, {"lead"}, early)) return respond(std::move(early));
  const auto department = request.query_param("department");
  if (!api.config.find_department(department))
    return respond(http::Response::error(400, "bad_request", "department: required, a department id"));
  answer_from_store(
      api.store, false,
      [department](Connection& db) {
        json items = json::array();
        for (const auto& s : storage::MeetingRepository(db).of_department(department, false))
          items.push_back(series_json(s));
        return json_response(200, json{{"meetings", std::move(items)}});
      },
      std::move(respond), request.request_id);
}

void show(const MeetingApi& api, http::Request request, http::RouteParams params, http::Responder respond) {
  http::Response early;
  if (!api.auth.check(request, {"lead"}, early)) return respond(std::move(early));
  const auto id = path_id(params.get("id"));
  if (!id) return respond(not_found());
  answer_from_store(
      api.store, false,
      [api, id = *id](Connection& db) {
        storage::MeetingRepository meetings(db);
        const auto series = meetings.find(id);
        if (!series) return not_found();
        OutboxWriter outbox(db, api.clock, api.config.delivery);  // reads only: nothing is queued
        rhythm::IntervisionDesk desk(db, api.config, api.clock, outbox);
        json item = series_json(*series);
        json upcoming = json::array();
        for (const auto& o : desk.upcoming(*series, 10)) {
          upcoming.push_back({{"occurrence", o.occurrence},
                              {"start", o.local_start},
                              {"start_utc", content::format_utc(o.start_ms)},
                              {"moved", o.moved},
                              {"answers", answers_json(meetings, id, o.occurrence)}});
        }
        item["upcoming"] = std::move(upcoming);
        json notes = json::array();
        for (const auto& note : meetings.notes(id))
          notes.push_back({{"occurrence", note.occurrence},
                           {"text", note.text},
                           {"author", note.author},
                           {"created_at", content::format_utc(note.created_at_ms)}});
        item["notes"] = std::move(notes);
        return json_response(200, item);
      },
      std::move(respond), request.request_id);
}

// A new token replaces the old one at once: a leaked feed URL stops working when the lead rotates it.
void rotate_token(const MeetingApi& api, http::Request request, http::RouteParams params, http::Responder respond) {
  http::Response early;
  if (!api.auth.check(request, {"lead"}, early)) return respond(std::move(early));
  const auto id = path_id(params.get("id"));
  if (!id) return respond(not_found());
  answer_from_store(
      api.store, true,
      [api, id = *id](Connection& db) {
        storage::MeetingRepository meetings(db);
        const auto series = meetings.find(id);
        if (!series) return not_found();
        const auto token = rhythm::new_calendar_token();
        meetings.set_calendar_token_hash(series->department_id, rhythm::calendar_token_hash(token), api.clock.now_ms());
        const auto url = api.public_base_url + "/calendar/" + series->department_id + ".ics?token=" + token;
        return json_response(201, json{{"department", series->department_id}, {"url", url}})
            .with_header("Cache-Control", "no-store");
      },
      std::move(respond), request.request_id);
}

}  // namespace

void add_meeting_routes(http::Router& router, MeetingApi api) {
  router.add("POST", "/api/v1/meetings", [api](http::Request request, http::RouteParams, http::Responder respond) {
    create(api, std::move(request), std::move(respond));
  });
  router.add("GET", "/api/v1/meetings", [api](http::Request request, http::RouteParams, http::Responder respond) {
    list(api, std::move(request), std::move(respond));
  });
  router.add("GET", "/api/v1/meetings/{id}",
             [api](http::Request request, http::RouteParams params, http::Responder respond) {
               show(api, std::move(request), std::move(params), std::move(respond));
             });
  router.add("POST", "/api/v1/meetings/{id}/calendar-token",
             [api](http::Request request, http::RouteParams params, http::Responder respond) {
               rotate_token(api, std::move(request), std::move(params), std::move(respond));
             });
}

}  // namespace ambassador::app
