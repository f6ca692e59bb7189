#pragma once
// Bearer tokens for the admin API, each with a role (admin, editor, webcare, lead), resolved from their
// secret references at start-up. Comparison is constant-time; tokens never reach a log.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  ApiAuth(const std::vector<config::ApiToken>& tokens, std::size_t min_length);

  // The caller when the request carries a valid token whose role is admin or one of `roles`;
  // otherwise `denied` holds the 401/403 answer.
  std::optional<Principal> check(const http::Request& request, const std::vector<std::string_view>& roles,
                                 http::Response& denied) const;

 private:
  struct Entry {
    std::string name, secret, role;
  };
  std::vector<Entry> entries_;
};

}  // namespace ambassador::app
