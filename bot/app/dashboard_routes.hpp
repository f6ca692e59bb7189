#pragma once
// The web dashboard: its files under /app/ (compiled in, with ETags and a Content-Security-Policy that allows
// only the service's own scripts, styles and API), and its sessions: POST /app/session signs in with an API token,
// GET tells the page who is signed in (and its CSRF token), DELETE signs out.
#include "bot/app/api_auth.hpp"
#include "bot/app/sessions.hpp"
#include "bot/http/cidr.hpp"
#include "bot/http/router.hpp"
#include "config/config.hpp"

namespace ambassador::app {

struct DashboardApi {
  const config::Config& config;
  const ApiAuth& auth;
  SessionRegistry& sessions;
  bool secure_cookie;  // the service is reached over https (http.public_base_url)
  // Peers whose X-Forwarded-For names the client (http.trusted_proxies): sign-ins are limited per client.
  std::vector<http::Cidr> trusted_proxies;
};

void add_dashboard_routes(http::Router& router, DashboardApi api);

// The Content-Security-Policy of every dashboard file.
inline constexpr std::string_view kDashboardCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace ambassador::app
