#pragma once
// Authenticates a request from the Bot Framework (Teams): `Authorization: Bearer <JWT>`, checked as Microsoft's
// SDKs check it: RS256 only, signed by a key of the OpenID metadata's JWKS, issued by the Bot Framework for our App
// ID, within its validity (5 minutes' leeway), for the activity's own serviceUrl, with a key endorsed for the
// activity's channel.
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/teams/openid_keys.hpp"
#include "adapters/teams/verified_token_cache.hpp"
#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::teams {

// Microsoft's prose says "serviceUrl", but the tokens carry the claim in lower case, as the Bot Framework SDKs read
// it (AuthenticationConstants.ServiceUrlClaim = "serviceurl").
inline constexpr std::string_view kServiceUrlClaim = "serviceurl";

class BotFrameworkTokenValidator {
 public:
  static constexpr std::chrono::seconds kLeeway{300};

  // `app_id`: the bot's Microsoft App ID, the tokens' audience. `issuer`: TeamsConfig::token_issuer. `keys` must
  // outlive the validator.
  BotFrameworkTokenValidator(const SigningKeys& keys, std::string app_id, std::string issuer);

  // ok, or 401 (no, malformed or unacceptable token) or 403 (a good token whose key is not endorsed for
  // `channel_id`). The reason is for the log and never contains the token. Never throws.
  VerifyResult validate(std::string_view authorization, std::string_view service_url, std::string_view channel_id,
                        std::chrono::system_clock::time_point now) const;

  // How many RS256 signatures were checked: a token seen before, still valid and under the same key, adds none.
  std::size_t signature_checks() const { return signature_checks_.load(std::memory_order_relaxed); }

 private:
  // The token's signature and its fixed claims (issuer, audience, expiry and nbf present and well-formed), with the
  // key that signed it in `key`; nullopt and the reason when it fails them.
  std::optional<VerifiedToken> verify(std::string_view token, std::optional<OpenIdKey>& key, std::string& reason) const;
  // `remembered` as long as its kid still maps to the key that verified it.
  static bool still_signed_by(const VerifiedToken& remembered, const std::optional<OpenIdKey>& current);

  const SigningKeys& keys_;
  const std::string app_id_;
  const std::string issuer_;
  mutable VerifiedTokenCache verified_;
  mutable std::atomic<std::size_t> signature_checks_{0};
};

}  // namespace ambassador::adapters::teams
