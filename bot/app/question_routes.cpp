#include "bot/app/question_routes.hpp"

#include "bot/app/api_support.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/outbox_writer.hpp"
#include "bot/webcare/question_desk.hpp"
#include "bot/webcare/question_form.hpp"
#include "encoding/utf8.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;
using storage::Connection;

std::optional<std::string> optional_time(std::optional<std::int64_t> ms) {
  if (!ms) return std::nullopt;
  return content::format_utc(*ms);
}

json person_json(const storage::Person& person) {
  if (person.empty()) return nullptr;
  return json{{"platform", person.platform},
              {"workspace", person.workspace},
              {"user_id", person.user_id},
              {"name", person.name}};
}

// `full`: the unmasked texts too (webcare and admins); others see what group channels see.
json question_json(const storage::QuestionRecord& q, bool full) {
  json item{{"id", q.id},
            {"reference", q.reference},
            {"kind", q.kind},
            {"source", q.source},
            {"topic", q.topic},
            {"department", q.department_id},
            {"priority", q.priority},
            {"status", q.status},
            {"text", full ? q.text : q.masked_text},
            {"owner", person_json(q.owner)},
            {"claimant", person_json(q.claimant)},
            {"escalation_level", q.escalation_level},
            {"created_at", content::format_utc(q.created_at_ms)}};
  if (!q.link.empty()) item["link"] = q.link;
  if (!q.answered_by.empty()) {
    item["answer"] = full ? q.answer : q.masked_answer;
    item["answered_by"] = q.answered_by;
  }
  const std::pair<const char*, std::optional<std::int64_t>> times[] = {
      {"claimed_at", q.claimed_at_ms},  {"answered_at", q.answered_at_ms},  {"closed_at", q.closed_at_ms},
      {"claim_due_at", q.claim_due_ms}, {"answer_due_at", q.answer_due_ms}, {"purged_at", q.purged_at_ms}};
  for (const auto& [name, ms] : times)
    if (auto text = optional_time(ms)) item[name] = *text;
  return item;
}

std::string string_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The body as a question form, or the problems (field: why).
std::variant<webcare::QuestionForm, std::vector<std::string>> read_form(const json& body) {
  std::vector<std::string> problems;
  for (const char* name : {"topic", "text", "source", "link", "priority"}) {
    if (body.contains(name) && !body[name].is_string()) problems.push_back(std::string(name) + ": must be a string");
  }
  webcare::QuestionForm form;
  form.topic = encoding::sanitize_utf8(string_field(body, "topic"));
  form.text = encoding::sanitize_utf8(string_field(body, "text"));
  if (form.topic.empty() || form.topic.size() > 200) problems.push_back("topic: required, at most 200 bytes");
  if (form.text.empty() || form.text.size() > webcare::kMaxQuestionBytes)
    problems.push_back("text: required, at most " + std::to_string(webcare::kMaxQuestionBytes) + " bytes");
  if (const auto source = string_field(body, "source"); !source.empty()) {
    form.source = webcare::canonical_source(source);
    if (form.source.empty())
      problems.push_back("source: one of x, facebook, instagram, linkedin, web, phone, email, other");
  }
  if (const auto priority = string_field(body, "priority"); !priority.empty()) {
    form.priority = webcare::canonical_priority(priority);
    if (form.priority.empty()) problems.push_back("priority: one of high, normal, low");
  }
  form.link = string_field(body, "link");
  if (!form.link.empty() && !(form.link.starts_with("https://") || form.link.starts_with("http://")))
    problems.push_back("link: an http:// or https:// URL");
  if (!problems.empty()) return problems;
  return form;
}

storage::Person read_owner(const json& body) {
  const auto it = body.find("owner");
  if (it == body.end() || !it->is_object()) return {};
  return {string_field(*it, "platform"), string_field(*it, "workspace"), string_field(*it, "user_id"),
          encoding::sanitize_utf8(string_field(*it, "name"))};
}

std::optional<std::int64_t> query_time(const http::Request& request, const char* name, const config::Config& config,
                                       std::string& problem) {
  const auto text = request.query_param(name);
  if (text.empty()) return std::nullopt;
  auto parsed = content::parse_time(text, config.organisation.time_zone);
  if (!parsed.utc_ms) problem = std::string(name) + ": " + parsed.error;
  return parsed.utc_ms;
}

http::Response not_found() { return http::Response::error(404, "not_found", "no such question"); }

void create(const QuestionApi& api, http::Request request, http::Responder respond) {
  http::Response early;
  auto who = api.auth.check(request, {"webcare"}, early);
  if (!who) return respond(std::move(early));
  auto body = json_body(request, early);
  if (!body) return respond(std::move(early));
  auto form = read_form(*body);
  if (auto* problems = std::get_if<std::vector<std::string>>(&form))
    return respond(http::Response::errors(422, "invalid_question", *problems));
  webcare::NewQuestion question;
  question.form = std::get<webcare::QuestionForm>(std::move(form));
  question.owner = read_owner(*body);
  // A client that lost our answer sends the same key again and gets the question it created, not a second one.
  const auto key = request.header("Idempotency-Key");
  if (key.size() > 200) return respond(http::Response::error(400, "bad_request", "Idempotency-Key: at most 200 bytes"));
  if (!key.empty()) question.request_key = who->name + ":" + std::string(key);
  answer_from_store(
      api.store, true,
      [api, question](Connection& db) {
        if (!question.request_key.empty()) {
          if (auto earlier = storage::QuestionRepository(db).find_by_request_key(question.request_key))
            return json_response(200, question_json(*earlier, true));
        }
        OutboxWriter outbox(db, api.clock, api.config.delivery);
        webcare::QuestionDesk desk(db, api.config, api.clock, outbox);
        const auto opened = desk.open(question);
        api.questions_changed();
        if (outbox.queued() > 0) api.deliveries_queued();
        json item = question_json(opened.question, true);
        item["routed_by_default"] = opened.routed_by_default;
        return json_response(201, item);
      },
      std::move(respond), request.request_id);
}

void list(const QuestionApi& api, http::Request request, http::Responder respond) {
  http::Response early;
  auto who = api.auth.check(request, {"webcare", "lead"}, early);
  if (!who) return respond(std::move(early));
  storage::QuestionFilter filter;
  filter.status = request.query_param("status");
  filter.department_id = request.query_param("department");
  filter.kind = request.query_param("kind");
  std::string problem;
  filter.from_ms = query_time(request, "from", api.config, problem);
  filter.to_ms = query_time(request, "to", api.config, problem);
  if (!filter.status.empty() && filter.status != "open" && filter.status != "claimed" && filter.status != "answered" &&
      filter.status != "closed")
    problem = "status: one of open, claimed, answered, closed";
  if (!problem.empty()) return respond(http::Response::error(400, "bad_request", problem));
  const bool full = who->role != "lead";
  answer_from_store(
      api.store, false,
      [filter, full](Connection& db) {
        json items = json::array();
        for (const auto& q : storage::QuestionRepository(db).list(filter)) items.push_back(question_json(q, full));
        return json_response(200, json{{"questions", std::move(items)}});
      },
      std::move(respond), request.request_id);
}

void show(const QuestionApi& api, http::Request request, http::RouteParams params, http::Responder respond) {
  http::Response early;
  auto who = api.auth.check(request, {"webcare", "lead"}, early);
  if (!who) return respond(std::move(early));
  const std::string key(params.get("id"));
  const bool full = who->role != "lead";
  answer_from_store(
      api.store, false,
      [key, full](Connection& db) {
        storage::QuestionRepository questions(db);
        auto id = path_id(key);
        auto q = id ? questions.find(*id) : questions.find_by_reference(key);
        if (!q) return not_found();
        json item = question_json(*q, full);
        json timeline = json::array();
        for (const auto& event : questions.events(q->id)) {
          json entry{{"at", content::format_utc(event.at_ms)}, {"event", event.kind}};
          if (!event.actor.empty()) entry["by"] = event.actor;
          if (!event.detail.empty() && full) entry["detail"] = event.detail;
          timeline.push_back(std::move(entry));
        }
        item["timeline"] = std::move(timeline);
        return json_response(200, item);
      },
      std::move(respond), request.request_id);
}

}  // namespace

void add_question_routes(http::Router& router, QuestionApi api) {
  router.add("POST", "/api/v1/questions", [api](http::Request request, http::RouteParams, http::Responder respond) {
    create(api, std::move(request), std::move(respond));
  });
  router.add("GET", "/api/v1/questions", [api](http::Request request, http::RouteParams, http::Responder respond) {
    list(api, std::move(request), std::move(respond));
  });
  router.add("GET", "/api/v1/questions/{id}",
             [api](http::Request request, http::RouteParams params, http::Responder respond) {
               show(api, std::move(request), std::move(params), std::move(respond));
             });
}

}  // namespace ambassador::app
