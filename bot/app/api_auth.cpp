#include "bot/app/api_auth.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>

namespace ambassador::app {

ApiAuth::ApiAuth(const std::vector<config::ApiToken>& tokens, std::size_t min_length, SessionRegistry* sessions)
    : sessions_(sessions) {
  for (const auto& token : tokens) {
    std::string secret;
    try {
      secret = token.token.resolve();
    } catch (const std::exception& e) {
      throw std::runtime_error("api_tokens '" + token.name + "': " + e.what());
    }
    if (secret.size() < min_length)
      throw std::runtime_error("api_tokens '" + token.name + "': the token (" + token.token.reference() + ") has " +
                               std::to_string(secret.size()) + " characters; at least " + std::to_string(min_length) +
                               " are required, e.g. from `openssl rand -hex 32`");
    entries_.push_back({token.name, std::move(secret), token.role});
  }
}

std::optional<Principal> ApiAuth::identify(std::string_view token) const {
  std::optional<Principal> found;
  // Every entry is compared, so the time taken does not tell which (if any) matched.
  for (const auto& entry : entries_) {
    if (entry.secret.size() == token.size() && CRYPTO_memcmp(entry.secret.data(), token.data(), token.size()) == 0 &&
        !found)
      found = Principal{entry.name, entry.role};
  }
  return found;
}

std::optional<Principal> ApiAuth::from_session(const http::Request& request, http::Response& denied) const {
  const auto session = sessions_->find(session_cookie(request.header("Cookie")));
  if (!session) {
    denied = http::Response::error(401, "unauthorized", "the session has expired or is unknown; sign in again");
    return std::nullopt;
  }
  const bool reads = request.method == "GET" || request.method == "HEAD";
  if (!reads && !csrf_matches(*session, request.header("X-CSRF-Token"))) {
    denied = http::Response::error(403, "forbidden", "a write from a session needs its X-CSRF-Token header");
    return std::nullopt;
  }
  return Principal{session->name, session->role};
}

std::optional<Principal> ApiAuth::check(const http::Request& request, const std::vector<std::string_view>& roles,
                                        http::Response& denied) const {
  const auto header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  std::optional<Principal> who;
  if (header.empty() && sessions_ && !session_cookie(request.header("Cookie")).empty()) {
    who = from_session(request, denied);
    if (!who) return std::nullopt;
  } else {
    if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
      denied = http::Response::error(401, "unauthorized", "send Authorization: Bearer <token>")
                   .with_header("WWW-Authenticate", "Bearer");
      return std::nullopt;
    }
    who = identify(header.substr(kBearer.size()));
    if (!who) {
      denied = http::Response::error(401, "unauthorized", "unknown token").with_header("WWW-Authenticate", "Bearer");
      return std::nullopt;
    }
  }
  if (who->role == "admin" || std::find(roles.begin(), roles.end(), who->role) != roles.end()) return who;
  denied = http::Response::error(403, "forbidden", "the role '" + who->role + "' may not do this");
  return std::nullopt;
}

}  // namespace ambassador::app
