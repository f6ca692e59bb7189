#pragma once
// The local platform: a chat that lives in this service, for the demo and tests. POST /local/messages
// with {"channel", "user", "text"} (optional "name", "id" for idempotent retries, "direct"), or a button
// press with {"channel", "user", "action", "value"}.
// It has no signature: keep it on loopback, or disable it ([platforms.local] enabled = false).
#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::local {

class LocalWebhookAdapter final : public WebhookAdapter {
 public:
  static constexpr std::size_t kMaxTextBytes = 4000;
  static constexpr std::size_t kMaxIdBytes = 128;

  std::string_view platform() const override { return "local"; }
  std::vector<std::string> paths() const override { return {"/local/messages"}; }
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const override;
  ParseResult parse(const http::Request& request) const override;
};

}  // namespace ambassador::adapters::local
