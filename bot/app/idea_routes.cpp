#include <algorithm>
#include <regex>
#include <string_view>

#include "bot/app/api_support.hpp"
#include "bot/app/post_routes.hpp"
#include "bot/content/post_input.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/outbox_writer.hpp"
#include "encoding/utf8.hpp"
#include "storage/directory_repository.hpp"
#include "storage/idea_repository.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;
using storage::Connection;

json idea_json(const storage::IdeaRecord& idea) {
  json item{{"id", idea.id},           {"text", idea.text},
            {"status", idea.status},   {"platform", idea.platform},
            {"user_id", idea.user_id}, {"created_at", content::format_utc(idea.created_at_ms)}};
  if (idea.ambassador_id) item["ambassador_id"] = *idea.ambassador_id;
  if (!idea.review_note.empty()) item["review_note"] = idea.review_note;
  if (!idea.reviewed_by.empty()) item["reviewed_by"] = idea.reviewed_by;
  if (idea.post_id) item["post_id"] = *idea.post_id;
  return item;
}

// The first web address in `text`, without the punctuation of the sentence around it: "see https://x.org/a." and
// "(https://x.org/a)" give https://x.org/a, while https://x.org/Park_(Amsterdam) keeps its own parentheses.
std::string first_url(const std::string& text) {
  static const std::regex url(R"(https?://[^\s<>"]+)");
  std::smatch match;
  if (!std::regex_search(text, match, url)) return {};
  std::string found = match.str();
  while (!found.empty()) {
    const char last = found.back();
    const bool unopened =
        last == ')' && std::count(found.begin(), found.end(), '(') < std::count(found.begin(), found.end(), ')');
    if (std::string_view(".,;:!?'").find(last) == std::string_view::npos && !unopened) break;
    found.pop_back();
  }
  return found;
}

std::string shorten(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  return std::string(encoding::utf8_prefix(text, max_bytes)) + "…";
}

i18n::Language language_for(const ContentApi& api) {
  return i18n::language_or_default(api.config.organisation.language);
}

// Tells the contributor privately what became of their idea.
void notify_contributor(Connection& db, const ContentApi& api, const storage::IdeaRecord& idea, i18n::Msg msg,
                        const std::string& note) {
  OutgoingMessage message;
  message.text = i18n::translate(language_for(api), msg, {{"idea", shorten(idea.text, 80)}, {"note", note}});
  Destination to{
      idea.platform, idea.workspace, idea.direct ? idea.channel_id : std::string{}, idea.user_id, false, {}, {}};
  OutboxWriter(db, api.clock, api.config.delivery).queue("idea:" + std::to_string(idea.id) + ":review", to, message);
}

http::Response idea_not_found() { return http::Response::error(404, "not_found", "no such idea"); }

http::Handler review_handler(ContentApi api, bool approve) {
  return [api, approve](http::Request request, http::RouteParams params, http::Responder respond) {
    http::Response early;
    auto who = api.auth.check(request, {"editor"}, early);
    if (!who) return respond(std::move(early));
    auto id = path_id(params.get("id"));
    if (!id) return respond(idea_not_found());
    json body = json::object();
    if (!request.body.empty()) {
      auto parsed = json_body(request, early);
      if (!parsed) return respond(std::move(early));
      body = std::move(*parsed);
    }
    const std::string note = body.contains("note") && body["note"].is_string() ? body["note"].get<std::string>() : "";
    body.erase("note");
    answer_from_store(
        api.store, true,
        [api, approve, id = *id, body = std::make_shared<const json>(std::move(body)), note,
         who = *who](Connection& db) {
          storage::IdeaRepository ideas(db);
          auto idea = ideas.find(id);
          if (!idea) return idea_not_found();
          if (idea->status != "pending")
            return http::Response::error(409, "idea_already_reviewed", "this idea was already " + idea->status);
          const auto now = api.clock.now_ms();
          std::optional<std::int64_t> post_id;
          if (approve) {
            storage::PostRecord post;
            post.title = shorten(idea->text, 120);
            post.body = idea->text;
            post.link_url = first_url(idea->text);
            auto problems = content::apply_post_input(*body, post, api.config, now, content::InputMode::update);
            post.status = "draft";  // an approved idea is a starting point for the editors, never sent as is
            if (!problems.empty()) return http::Response::errors(422, "invalid_post", problems);
            post.created_by = who.name;
            post.source_idea_id = idea->id;
            post.created_at_ms = post.updated_at_ms = now;
            post_id = storage::PostRepository(db).insert(post);
          }
          ideas.review(id, approve ? "approved" : "rejected", note, who.name, post_id, now);
          notify_contributor(db, api, *idea, approve ? i18n::Msg::idea_approved : i18n::Msg::idea_rejected, note);
          api.deliveries_queued();
          return json_response(200, idea_json(*ideas.find(id)));
        },
        std::move(respond), request.request_id);
  };
}

}  // namespace

void add_idea_routes(http::Router& router, ContentApi api) {
  router.add("GET", "/api/v1/ideas", [api](http::Request request, http::RouteParams, http::Responder respond) {
    http::Response denied;
    if (!api.auth.check(request, {"editor"}, denied)) return respond(std::move(denied));
    auto status = request.query_param("status");
    if (!status.empty() && status != "pending" && status != "approved" && status != "rejected")
      return respond(http::Response::error(400, "bad_request", "status must be pending, approved or rejected"));
    answer_from_store(
        api.store, false,
        [status](Connection& db) {
          json list = json::array();
          for (const auto& idea : storage::IdeaRepository(db).list(status, 500)) list.push_back(idea_json(idea));
          return json_response(200, json{{"ideas", std::move(list)}});
        },
        std::move(respond), request.request_id);
  });
  router.add("POST", "/api/v1/ideas/{id}/approve", review_handler(api, true));
  router.add("POST", "/api/v1/ideas/{id}/reject", review_handler(api, false));
}

}  // namespace ambassador::app
