#pragma once
// Bearer tokens for the admin API, each with a role (admin, editor, webcare, lead), resolved from their
// secret references at start-up. Comparison is constant-time; tokens never reach a log. Without an Authorization
// header, a dashboard session cookie stands for the token it was opened with; writes then need its CSRF token.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/app/sessions.hpp"
#include "bot/http/http_types.hpp"
#include "config/config.hpp"

namespace ambassador::app {

struct Principal {
  std::string name;
  std::string role;
};

class ApiAuth {
 public:
  // Throws std::runtime_error naming the token entry whose secret cannot be resolved, or is shorter than
  // `min_length` characters (a guessable token guards the whole admin API).
  // `sessions`, when given, lets the dashboard's session cookie stand in for a token.
  ApiAuth(const std::vector<config::ApiToken>& tokens, std::size_t min_length, SessionRegistry* sessions = nullptr);

  // The holder of `token`, compared in constant time with every configured token; nullopt when none matches.
  std::optional<Principal> identify(std::string_view token) const;

  // The caller when the request carries a valid token (or a live session cookie, with the CSRF header on a write)
  // whose role is admin or one of `roles`; otherwise `denied` holds the 401/403 answer.
  std::optional<Principal> check(const http::Request& request, const std::vector<std::string_view>& roles,
                                 http::Response& denied) const;

 private:
  struct Entry {
    std::string name, secret, role;
  };
  std::optional<Principal> from_session(const http::Request& request, http::Response& denied) const;

  std::vector<Entry> entries_;
  SessionRegistry* sessions_;
};

}  // namespace ambassador::app
