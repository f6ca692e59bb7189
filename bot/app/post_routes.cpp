#include "bot/app/post_routes.hpp"

#include "bot/app/api_support.hpp"
#include "bot/content/post_input.hpp"
#include "bot/content/post_withdrawal.hpp"
#include "bot/content/time_parsing.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;
using storage::Connection;

http::Response problems_response(const std::vector<std::string>& problems) {
  return http::Response::errors(422, "invalid_post", problems);
}

http::Response not_found() { return http::Response::error(404, "not_found", "no such post"); }

bool editable(const storage::PostRecord& post) { return post.status == "draft" || post.status == "scheduled"; }

json delivery_json(const storage::OutboxEntry& entry) {
  json item{{"id", entry.id},
            {"status", entry.status},
            {"platform", entry.platform},
            {"destination", json::parse(entry.destination, nullptr, false)},
            {"attempts", entry.attempts},
            {"next_attempt_at", content::format_utc(entry.next_attempt_at_ms)}};
  if (!entry.last_error.empty()) item["last_error"] = entry.last_error;
  if (!entry.platform_message_id.empty()) item["platform_message_id"] = entry.platform_message_id;
  return item;
}

// How far a recall got: withdrawals still to go out (pending), edited (sent), or given up (failed).
json withdrawal_counts(const std::map<std::int64_t, std::string>& statuses) {
  int pending = 0, sent = 0, failed = 0;
  for (const auto& [delivery, status] : statuses) ++(status == "sent" ? sent : status == "failed" ? failed : pending);
  return {{"pending", pending}, {"sent", sent}, {"failed", failed}};
}

// Wraps a handler: authorises, parses the {id}, then runs `work` on the database.
template <typename WorkFactory>
http::Handler guarded(ContentApi api, std::vector<std::string_view> roles, bool write, WorkFactory make) {
  return [api, roles = std::move(roles), write, make](http::Request request, http::RouteParams params,
                                                      http::Responder respond) {
    http::Response denied;
    auto who = api.auth.check(request, roles, denied);
    if (!who) return respond(std::move(denied));
    http::Response early;
    auto work = make(request, params, *who, early);
    if (!work) return respond(std::move(early));
    answer_from_store(api.store, write, std::move(work), std::move(respond), request.request_id);
  };
}

}  // namespace

void add_post_routes(http::Router& router, ContentApi api) {
  router.add("POST", "/api/v1/posts",
             guarded(api, {"editor"}, true,
                     [api](const http::Request& request, const http::RouteParams&, const Principal& who,
                           http::Response& early) -> Work {
                       auto body = json_body(request, early);
                       if (!body) return {};
                       return [api, body = std::move(*body), who](Connection& db) {
                         storage::PostRecord post;
                         const auto now = api.clock.now_ms();
                         auto problems =
                             content::apply_post_input(body, post, api.config, now, content::InputMode::create);
                         if (!problems.empty()) return problems_response(problems);
                         post.created_by = who.name;
                         post.created_at_ms = post.updated_at_ms = now;
                         post.id = storage::PostRepository(db).insert(post);
                         if (post.status == "scheduled") api.posts_changed();
                         return json_response(201, content::post_to_json(post));
                       };
                     }));

  router.add(
      "GET", "/api/v1/posts",
      guarded(api, {"editor", "lead", "webcare"}, false,
              [](const http::Request& request, const http::RouteParams&, const Principal&, http::Response&) -> Work {
                storage::PostFilter filter;
                filter.status = request.query_param("status");
                filter.theme = request.query_param("theme");
                filter.department = request.query_param("department");
                filter.after_id = path_id(request.query_param("after")).value_or(0);
                filter.limit = static_cast<std::size_t>(
                    std::clamp<std::int64_t>(path_id(request.query_param("limit")).value_or(100), 1, 500));
                return [filter](Connection& db) {
                  json list = json::array();
                  for (const auto& post : storage::PostRepository(db).list(filter))
                    list.push_back(content::post_to_json(post));
                  return json_response(200, json{{"posts", std::move(list)}});
                };
              }));

  router.add("GET", "/api/v1/posts/{id}",
             guarded(api, {"editor", "lead", "webcare"}, false,
                     [](const http::Request&, const http::RouteParams& params, const Principal&,
                        http::Response& early) -> Work {
                       auto id = path_id(params.get("id"));
                       if (!id) return early = not_found(), Work{};
                       return [id = *id](Connection& db) {
                         auto post = storage::PostRepository(db).find(id);
                         return post ? json_response(200, content::post_to_json(*post)) : not_found();
                       };
                     }));

  router.add("PATCH", "/api/v1/posts/{id}",
             guarded(api, {"editor"}, true,
                     [api](const http::Request& request, const http::RouteParams& params, const Principal&,
                           http::Response& early) -> Work {
                       auto id = path_id(params.get("id"));
                       if (!id) return early = not_found(), Work{};
                       auto body = json_body(request, early);
                       if (!body) return {};
                       return [api, id = *id, body = std::move(*body)](Connection& db) {
                         storage::PostRepository posts(db);
                         auto post = posts.find(id);
                         if (!post) return not_found();
                         if (!editable(*post))
                           return http::Response::error(409, "post_not_editable",
                                                        "a post that is " + post->status + " can no longer be changed");
                         const auto now = api.clock.now_ms();
                         auto problems =
                             content::apply_post_input(body, *post, api.config, now, content::InputMode::update);
                         if (!problems.empty()) return problems_response(problems);
                         post->updated_at_ms = now;
                         posts.update(*post);
                         api.posts_changed();
                         return json_response(200, content::post_to_json(*post));
                       };
                     }));

  router.add("POST", "/api/v1/posts/{id}/cancel",
             guarded(api, {"editor"}, true,
                     [api](const http::Request&, const http::RouteParams& params, const Principal&,
                           http::Response& early) -> Work {
                       auto id = path_id(params.get("id"));
                       if (!id) return early = not_found(), Work{};
                       return [api, id = *id](Connection& db) {
                         storage::PostRepository posts(db);
                         auto post = posts.find(id);
                         if (!post) return not_found();
                         if (content::cancel_post(db, *post, api.clock, api.config.delivery).withdrawn > 0)
                           api.deliveries_queued();
                         return json_response(200, content::post_to_json(*posts.find(id)));
                       };
                     }));

  router.add("GET", "/api/v1/posts/{id}/deliveries",
             guarded(api, {"editor", "lead"}, false,
                     [](const http::Request&, const http::RouteParams& params, const Principal&,
                        http::Response& early) -> Work {
                       auto id = path_id(params.get("id"));
                       if (!id) return early = not_found(), Work{};
                       return [id = *id](Connection& db) {
                         if (!storage::PostRepository(db).find(id)) return not_found();
                         const auto withdrawals = content::withdrawal_statuses(db, id);
                         json list = json::array();
                         for (const auto& entry : storage::OutboxRepository(db).list_for_post(id)) {
                           list.push_back(delivery_json(entry));
                           if (const auto w = withdrawals.find(entry.id); w != withdrawals.end())
                             list.back()["withdrawal"] = w->second;
                         }
                         return json_response(200, json{{"deliveries", std::move(list)}});
                       };
                     }));

  router.add("GET", "/api/v1/posts/{id}/stats",
             guarded(api, {"editor", "lead"}, false,
                     [](const http::Request&, const http::RouteParams& params, const Principal&,
                        http::Response& early) -> Work {
                       auto id = path_id(params.get("id"));
                       if (!id) return early = not_found(), Work{};
                       return [id = *id](Connection& db) {
                         if (!storage::PostRepository(db).find(id)) return not_found();
                         const auto deliveries = storage::OutboxRepository(db).counts_for_post(id);
                         const auto stats = storage::TrackingRepository(db).post_stats(id);
                         return json_response(
                             200, json{{"post_id", id},
                                       {"deliveries",
                                        {{"pending", deliveries.pending + deliveries.claimed + deliveries.sending},
                                         {"sent", deliveries.sent},
                                         {"failed", deliveries.failed},
                                         {"cancelled", deliveries.cancelled}}},
                                       {"withdrawals", withdrawal_counts(content::withdrawal_statuses(db, id))},
                                       {"shares",
                                        {{"total", stats.shares},
                                         {"by_network", stats.shares_by_network},
                                         {"by_department", stats.shares_by_department}}},
                                       {"clicks", {{"total", stats.clicks}, {"unique", stats.unique_clicks}}}});
                       };
                     }));
}

}  // namespace ambassador::app
