#include "bot/app/dashboard_routes.hpp"

#include <nlohmann/json.hpp>

#include "bot/app/api_support.hpp"
#include "bot/app/web_assets.hpp"
#include "bot/content/time_parsing.hpp"

namespace ambassador::app {
namespace {
using nlohmann::json;

const WebAsset* find_asset(std::string_view name) {
  for (const auto& asset : web_assets())
    if (asset.name == name) return &asset;
  return nullptr;
}

bool accepts_gzip(const http::Request& request) {
  return request.header("Accept-Encoding").find("gzip") != std::string_view::npos;
}

// Whether `etag` is among the request's If-None-Match values.
bool not_modified(const http::Request& request, std::string_view etag) {
  const auto header = request.header("If-None-Match");
  return header == "*" || header.find(etag) != std::string_view::npos;
}

http::Response serve(const http::Request& request, const WebAsset& asset) {
  http::Response response;
  response.content_type = std::string(asset.content_type);
  if (not_modified(request, asset.etag)) {
    response.status = 304;
  } else if (accepts_gzip(request)) {
    response.body = std::string(asset.gzipped);
    response.with_header("Content-Encoding", "gzip");
  } else {
    response.body = std::string(asset.body);
  }
  // Revalidated on every load (a cheap 304): a new binary's files are seen at once.
  return response.with_header("ETag", std::string(asset.etag))
      .with_header("Cache-Control", "no-cache")
      .with_header("Vary", "Accept-Encoding")
      .with_header("Content-Security-Policy", std::string(kDashboardCsp))
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Referrer-Policy", "no-referrer");
}

std::string session_cookie_header(const DashboardApi& api, std::string_view value, std::int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + std::string(value) +
         "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
         (api.secure_cookie ? "; Secure" : "");
}

json session_json(const DashboardApi& api, const Session& session, std::int64_t expires_at_ms) {
  json departments = json::array();
  for (const auto& department : api.config.departments)
    departments.push_back({{"id", department.id}, {"name", department.name}});
  return {{"name", session.name},
          {"role", session.role},
          {"csrf_token", session.csrf_token},
          {"expires_at", content::format_utc(expires_at_ms)},
          {"language", api.config.organisation.language},
          {"organisation", api.config.organisation.name},
          {"departments", departments},
          {"themes", api.config.themes}};
}

http::Response no_store(http::Response response) { return response.with_header("Cache-Control", "no-store"); }

void add_session_routes(http::Router& router, DashboardApi api) {
  router.add("POST", "/app/session", [api](http::Request request, http::RouteParams, http::Responder respond) {
    const auto client =
        http::client_address(request.remote_address, request.header("X-Forwarded-For"), api.trusted_proxies);
    if (!api.sessions.allow_sign_in(client))
      return respond(http::Response::error(429, "too_many_requests", "too many sign-in attempts; wait a minute")
                         .with_header("Retry-After", "60"));
    http::Response error;
    const auto body = json_body(request, error);
    if (!body) return respond(std::move(error));
    const auto token = body->find("token");
    if (token == body->end() || !token->is_string())
      return respond(http::Response::error(400, "bad_request", "send {\"token\": \"<API token>\"}"));
    const auto who = api.auth.identify(token->get_ref<const std::string&>());
    if (!who) return respond(http::Response::error(401, "unauthorized", "unknown token"));
    const auto opened = api.sessions.open(who->name, who->role);
    const auto max_age = api.sessions.max_age().count();
    respond(no_store(json_response(200, session_json(api, opened.session, opened.session.created_ms + max_age * 1000))
                         .with_header("Set-Cookie", session_cookie_header(api, opened.cookie_value, max_age))));
  });

  router.add("GET", "/app/session", [api](http::Request request, http::RouteParams, http::Responder respond) {
    const auto session = api.sessions.find(session_cookie(request.header("Cookie")));
    if (!session) return respond(http::Response::error(401, "unauthorized", "not signed in"));
    const auto expires = session->created_ms + api.sessions.max_age().count() * 1000;
    respond(no_store(json_response(200, session_json(api, *session, expires))));
  });

  router.add("DELETE", "/app/session", [api](http::Request request, http::RouteParams, http::Responder respond) {
    const auto value = session_cookie(request.header("Cookie"));
    const auto session = api.sessions.find(value);
    if (!session) return respond(http::Response::error(401, "unauthorized", "not signed in"));
    if (!csrf_matches(*session, request.header("X-CSRF-Token")))
      return respond(http::Response::error(403, "forbidden", "signing out needs the session's X-CSRF-Token header"));
    api.sessions.close(value);
    respond(no_store(json_response(200, json{{"signed_out", true}}))
                .with_header("Set-Cookie", session_cookie_header(api, "", 0)));
  });
}

}  // namespace

void add_dashboard_routes(http::Router& router, DashboardApi api) {
  add_session_routes(router, api);
  router.add("GET", "/app", [](http::Request request, http::RouteParams, http::Responder respond) {
    respond(serve(request, *find_asset("index.html")));
  });
  router.add("GET", "/app/", [](http::Request request, http::RouteParams, http::Responder respond) {
    respond(serve(request, *find_asset("index.html")));
  });
  router.add("GET", "/app/{file}", [](http::Request request, http::RouteParams params, http::Responder respond) {
    const auto* asset = find_asset(params.get("file"));
    if (!asset) return respond(http::Response::error(404, "not_found", "no such file"));
    respond(serve(request, *asset));
  });
}

}  // namespace ambassador::app
