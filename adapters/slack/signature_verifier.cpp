#include "adapters/slack/signature_verifier.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/slack/workspace_claim.hpp"
#include "encoding/hex.hpp"

namespace ambassador::adapters::slack {
namespace {

constexpr std::string_view kVersion = "v0";

bool signatures_equal(std::string_view expected, std::string_view received) {
  // Lengths are public (always "v0=" + 64 hex digits); only the content must be compared in constant time.
  return expected.size() == received.size() && CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

std::shared_ptr<const EVP_MAC_CTX> keyed_hmac_sha256(std::string_view secret) {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), EVP_MAC_free);
  std::shared_ptr<EVP_MAC_CTX> context(hmac ? EVP_MAC_CTX_new(hmac.get()) : nullptr, EVP_MAC_CTX_free);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (!context ||
      EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), params) != 1) {
    throw std::runtime_error("OpenSSL cannot provide HMAC-SHA256 to verify Slack signatures");
  }
  return context;
}

// What X-Slack-Signature must be for this request under one keyed context; "" if OpenSSL fails (matches nothing).
std::string signature_with(const EVP_MAC_CTX* keyed, std::string_view timestamp, std::string_view body) {
  // A copy per request: the keyed original stays untouched, so concurrent verifications never share state.
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> mac(EVP_MAC_CTX_dup(keyed), EVP_MAC_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t digest_size = 0;
  const auto update = [&mac](std::string_view part) {
    return EVP_MAC_update(mac.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size()) == 1;
  };
  if (!mac || !update(kVersion) || !update(":") || !update(timestamp) || !update(":") || !update(body) ||
      EVP_MAC_final(mac.get(), digest, &digest_size, sizeof digest) != 1) {
    return {};
  }
  return std::string(kVersion) + "=" + encoding::lowercase_hex({digest, digest_size});
}

}  // namespace

std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string base;
  base.reserve(kVersion.size() + timestamp.size() + body.size() + 2);
  base.append(kVersion).append(":").append(timestamp).append(":").append(body);

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &digest_size);
  return std::string(kVersion) + "=" + encoding::lowercase_hex({digest, digest_size});
}

std::optional<std::int64_t> request_timestamp(const http::Request& request) {
  std::string_view text = request.header(kTimestampHeader);
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return seconds;
}

SlackSignatureVerifier::SlackSignatureVerifier(const std::map<std::string, std::string>& signing_secrets) {
  std::map<std::string_view, std::size_t> index_of_secret;
  for (const auto& [team_id, secret] : signing_secrets) {
    if (secret.empty()) continue;
    const auto [known, added] = index_of_secret.try_emplace(secret, keyed_macs_.size());
    if (added) keyed_macs_.push_back(keyed_hmac_sha256(secret));
    secret_of_team_.emplace(team_id, known->second);
  }
}

std::optional<std::size_t> SlackSignatureVerifier::signer(std::string_view timestamp, std::string_view body,
                                                          std::string_view signature) const {
  for (std::size_t i = 0; i < keyed_macs_.size(); ++i) {
    const std::string expected = signature_with(keyed_macs_[i].get(), timestamp, body);
    if (!expected.empty() && signatures_equal(expected, signature)) return i;
  }
  return std::nullopt;
}

VerifyResult SlackSignatureVerifier::verify(const http::Request& request,
                                            std::chrono::system_clock::time_point now) const {
  if (keyed_macs_.empty()) return VerifyResult::reject(401, "no Slack signing secret configured");
  std::string_view signature = request.header(kSignatureHeader);
  if (signature.empty()) return VerifyResult::reject(401, "missing X-Slack-Signature header");
  if (request.header(kTimestampHeader).empty())
    return VerifyResult::reject(401, "missing X-Slack-Request-Timestamp header");
  auto timestamp = request_timestamp(request);
  if (!timestamp) return VerifyResult::reject(401, "X-Slack-Request-Timestamp is not a number");

  // Digits only, so both values are non-negative and the difference cannot overflow.
  const std::int64_t now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t age = now_seconds > *timestamp ? now_seconds - *timestamp : *timestamp - now_seconds;
  if (age > kMaxAge.count()) return VerifyResult::reject(401, "X-Slack-Request-Timestamp outside the 5 minute window");

  const auto signed_with = signer(request.header(kTimestampHeader), request.body, signature);
  if (!signed_with) return VerifyResult::reject(401, "X-Slack-Signature does not match");

  const auto claim = workspace_claim(request.path, request.body);
  if (!claim) return VerifyResult::reject(401, "the request names no Slack workspace, or names it twice");
  if (claim->handshake) return VerifyResult::accept();
  const auto team = secret_of_team_.find(claim->team_id);
  if (team == secret_of_team_.end())
    return VerifyResult::reject(401, "the request names a Slack workspace that is not configured");
  if (team->second != *signed_with)
    return VerifyResult::reject(401, "X-Slack-Signature is made with another workspace's signing secret");
  return VerifyResult::accept();
}

}  // namespace ambassador::adapters::slack
