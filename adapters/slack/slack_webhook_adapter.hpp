#pragma once
// Slack's inbound side: one signature check for all three endpoints, then the parser for the path.
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/slack/endpoints.hpp"
#include "adapters/slack/signature_verifier.hpp"
#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::slack {

class SlackWebhookAdapter final : public WebhookAdapter {
 public:
  // `signing_secrets`: team_id → that workspace's signing secret (SlackSignatureVerifier).
  explicit SlackWebhookAdapter(const std::map<std::string, std::string>& signing_secrets);

  std::string_view platform() const override { return "slack"; }
  std::vector<std::string> paths() const override;
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const override;
  // Events must be application/json, commands and interactivity application/x-www-form-urlencoded.
  ParseResult parse(const http::Request& request) const override;

 private:
  SlackSignatureVerifier verifier_;
};

}  // namespace ambassador::adapters::slack
