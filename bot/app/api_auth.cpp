#include "bot/app/api_auth.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>

namespace ambassador::app {

ApiAuth::ApiAuth(const std::vector<config::ApiToken>& tokens, std::size_t min_length) {
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

std::optional<Principal> ApiAuth::check(const http::Request& request, const std::vector<std::string_view>& roles,
                                        http::Response& denied) const {
  const auto header = request.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
    denied = http::Response::error(401, "unauthorized", "send Authorization: Bearer <token>")
                 .with_header("WWW-Authenticate", "Bearer");
    return std::nullopt;
  }
  const auto presented = header.substr(kBearer.size());
  for (const auto& entry : entries_) {
    if (entry.secret.size() != presented.size() ||
        CRYPTO_memcmp(entry.secret.data(), presented.data(), presented.size()) != 0)
      continue;
    if (entry.role == "admin" || std::find(roles.begin(), roles.end(), entry.role) != roles.end())
      return Principal{entry.name, entry.role};
    denied = http::Response::error(403, "forbidden", "the role '" + entry.role + "' may not do this");
    return std::nullopt;
  }
  denied = http::Response::error(401, "unauthorized", "unknown token").with_header("WWW-Authenticate", "Bearer");
  return std::nullopt;
}

}  // namespace ambassador::app
