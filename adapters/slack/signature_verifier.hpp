#pragma once
// Slack request signing: HMAC-SHA256 over "v0:{timestamp}:{raw body}" with the app's signing secret.
// https://api.slack.com/authentication/verifying-requests-from-slack
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/webhook_adapter.hpp"
#include "bot/http/http_types.hpp"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace ambassador::adapters::slack {

inline constexpr std::string_view kSignatureHeader = "X-Slack-Signature";
inline constexpr std::string_view kTimestampHeader = "X-Slack-Request-Timestamp";

// What Slack puts in X-Slack-Signature: "v0=" + lowercase hex HMAC-SHA256(secret, "v0:{timestamp}:{body}").
std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

// X-Slack-Request-Timestamp as Unix seconds; nullopt when absent or not all digits.
std::optional<std::int64_t> request_timestamp(const http::Request& request);

class SlackSignatureVerifier {
 public:
  // Slack's own replay window; applied both ways so a clock running ahead is no loophole.
  static constexpr std::chrono::seconds kMaxAge{300};

  // `signing_secrets` maps each workspace's team_id to its app's signing secret. Several apps (one per workspace)
  // may post to the same endpoints, or one app installed in several workspaces signs for all of them with one
  // secret. Empty secrets are dropped, since an empty HMAC key is one anybody can use. Throws std::runtime_error
  // (at start-up) when OpenSSL cannot provide HMAC-SHA256.
  explicit SlackSignatureVerifier(const std::map<std::string, std::string>& signing_secrets);

  // Valid when the signature is fresh and made with the secret of the workspace the request names (its
  // workspace_claim for request.path). Which secret signed is found first, so an unsigned body is never read;
  // Slack's handshakes (url_verification, ssl_check) name no workspace, and any configured secret may sign them.
  // Thread-safe: the keyed contexts are only copied, never changed.
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const;

 private:
  // The index in keyed_macs_ of the secret that signed the request, if any.
  std::optional<std::size_t> signer(std::string_view timestamp, std::string_view body,
                                    std::string_view signature) const;

  // One HMAC-SHA256 context per distinct secret, keyed once: OpenSSL 3's one-shot HMAC() looks the algorithm up
  // and builds its contexts on every call, which cost more than hashing a webhook body.
  std::vector<std::shared_ptr<const evp_mac_ctx_st>> keyed_macs_;
  std::map<std::string, std::size_t, std::less<>> secret_of_team_;  // team_id → index in keyed_macs_
};

}  // namespace ambassador::adapters::slack
