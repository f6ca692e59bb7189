#include "adapters/teams/token_validator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include <openssl/evp.h>
#include <jwt/jwt.hpp>
#include <nlohmann/json.hpp>

#include "bot/json_limits.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

// Real tokens are 1–2 KB; a longer header is no token of theirs and is not worth decoding.
constexpr std::size_t kMaxTokenLength = 16 * 1024;

VerifyResult unauthorized(std::string reason) { return VerifyResult::reject(401, std::move(reason)); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// "Bearer <token>", the scheme in any letter case (RFC 7235); nullopt for any other form.
std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (lower(authorization[i]) != kScheme[i]) return std::nullopt;
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

bool is_base64url(std::string_view part) {
  return std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// header.payload.signature, each non-empty base64url. Checked here because cpp-jwt's decoder indexes its table
// with the raw char: a byte >= 0x80 trips an assertion (an abort) in a debug build.
std::optional<std::array<std::string_view, 3>> split_token(std::string_view token) {
  std::array<std::string_view, 3> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t dot = token.find('.');
    const bool last = i + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    parts[i] = token.substr(0, dot);
    if (parts[i].empty() || !is_base64url(parts[i])) return std::nullopt;
    if (!last) token.remove_prefix(dot + 1);
  }
  return parts;
}

json decode_part(std::string_view part) {
  const std::string text = jwt::base64_uri_decode(part.data(), part.size());
  return parse_untrusted_json(text);
}

std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// A NumericDate (seconds since the epoch, possibly with a fraction); nullopt when absent or not a number.
std::optional<std::int64_t> seconds_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (!std::isfinite(value) || std::fabs(value) > 1e15) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(value));
  }
  return std::nullopt;
}

std::string_view without_trailing_slash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) by OpenSSL, against the key as it was read when the key set loaded.
bool verify_signature(const OpenIdKey& key, std::string_view signed_part, std::string_view signature) {
  if (!key.public_key) return false;
  const std::string raw = jwt::base64_uri_decode(signature.data(), signature.size());
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.public_key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

}  // namespace

BotFrameworkTokenValidator::BotFrameworkTokenValidator(const SigningKeys& keys, std::string app_id, std::string issuer)
    : keys_(keys), app_id_(std::move(app_id)), issuer_(std::move(issuer)) {}

bool BotFrameworkTokenValidator::still_signed_by(const VerifiedToken& remembered,
                                                 const std::optional<OpenIdKey>& current) {
  return current && current->public_key && current->public_key == remembered.key;
}

std::optional<VerifiedToken> BotFrameworkTokenValidator::verify(std::string_view token, std::optional<OpenIdKey>& key,
                                                                std::string& reason) const {
  const auto parts = split_token(token);
  if (!parts) return reason = "malformed token", std::nullopt;

  // The algorithm is settled before any key is used: "none", or HS256 keyed with our public key, must never
  // reach a verifier that would accept them.
  const json header = decode_part((*parts)[0]);
  if (!header.is_object()) return reason = "malformed token header", std::nullopt;
  if (string_member(header, "alg") != "RS256") return reason = "token algorithm is not RS256", std::nullopt;
  std::string kid = string_member(header, "kid");
  if (kid.empty()) return reason = "token names no signing key", std::nullopt;
  key = keys_.find(kid);
  if (!key) return reason = "token signed with an unknown key", std::nullopt;

  signature_checks_.fetch_add(1, std::memory_order_relaxed);
  const std::string_view signed_part = token.substr(0, (*parts)[0].size() + 1 + (*parts)[1].size());
  if (!verify_signature(*key, signed_part, (*parts)[2])) return reason = "bad token signature", std::nullopt;

  const json claims = decode_part((*parts)[1]);
  if (!claims.is_object()) return reason = "malformed token payload", std::nullopt;
  if (string_member(claims, "iss") != issuer_) return reason = "token from another issuer", std::nullopt;
  if (string_member(claims, "aud") != app_id_) return reason = "token for another audience", std::nullopt;
  const auto expires = seconds_member(claims, "exp");
  if (!expires) return reason = "token without expiry", std::nullopt;
  std::optional<std::int64_t> not_before;
  if (claims.contains("nbf")) {
    not_before = seconds_member(claims, "nbf");
    if (!not_before) return reason = "token not yet valid", std::nullopt;
  }
  return VerifiedToken{std::move(kid), key->public_key, *expires, not_before,
                       string_member(claims, kServiceUrlClaim.data())};
}

VerifyResult BotFrameworkTokenValidator::validate(std::string_view authorization, std::string_view service_url,
                                                  std::string_view channel_id,
                                                  std::chrono::system_clock::time_point now) const {
  try {
    if (app_id_.empty() || issuer_.empty()) return unauthorized("no Teams app id or token issuer configured");
    if (authorization.empty()) return unauthorized("missing Authorization header");
    const auto token = bearer_token(authorization);
    if (!token) return unauthorized("Authorization is not a Bearer token");
    if (token->size() > kMaxTokenLength) return unauthorized("token too long");

    const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    std::optional<OpenIdKey> key;
    auto verified = verified_.find(*token);
    if (verified) {
      key = keys_.find(verified->kid);
      if (!still_signed_by(*verified, key)) verified.reset();
    }
    if (!verified) {
      std::string reason;
      verified = verify(*token, key, reason);
      if (!verified) return unauthorized(std::move(reason));
      verified_.remember(*token, *verified, now_seconds, kLeeway.count());
    }

    if (now_seconds > verified->expires + kLeeway.count()) return unauthorized("token expired");
    if (verified->not_before && now_seconds < *verified->not_before - kLeeway.count())
      return unauthorized("token not yet valid");

    // The token is only good for the connector it names: one minted for another serviceUrl must not vouch for an
    // activity that tells us to answer elsewhere.
    if (verified->service_url.empty() ||
        without_trailing_slash(verified->service_url) != without_trailing_slash(service_url))
      return unauthorized("token serviceurl does not match the activity's serviceUrl");

    if (!key->endorsements.empty() &&
        std::find(key->endorsements.begin(), key->endorsements.end(), channel_id) == key->endorsements.end())
      return VerifyResult::reject(403, "signing key not endorsed for the activity's channel");
    return VerifyResult::accept();
  } catch (const std::exception&) {
    return unauthorized("token could not be checked");  // allocation failure: refuse rather than crash the handler
  }
}

}  // namespace ambassador::adapters::teams
