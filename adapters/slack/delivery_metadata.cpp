#include "adapters/slack/delivery_metadata.hpp"

#include <algorithm>
#include <array>
#include <span>

#include <openssl/evp.h>

#include "adapters/slack/json_fields.hpp"
#include "adapters/slack/response_classifier.hpp"
#include "bot/json_limits.hpp"
#include "encoding/hex.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

// 128 bits: no two keys meet by chance, and the metadata stays small.
constexpr std::size_t kTagBytes = 16;

DeliveryLookup inconclusive(std::string why) { return {ChatSender::Landed::unknown, {}, {}, std::move(why)}; }

}  // namespace

std::string delivery_tag(std::string_view delivery_key) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(delivery_key.data(), delivery_key.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length < kTagBytes)
    return {};
  return encoding::lowercase_hex(std::span(digest).first(kTagBytes));
}

json delivery_metadata(std::string_view delivery_key) {
  return {{"event_type", kDeliveryEventType}, {"event_payload", {{"delivery_key", delivery_tag(delivery_key)}}}};
}

std::string lookup_oldest_ts(std::int64_t since_ms) {
  return std::to_string(std::max<std::int64_t>(0, since_ms - kDeliveryLookupSkewMs) / 1000) + ".000000";
}

DeliveryLookup find_delivery(const http::ClientResponse& response, std::string_view delivery_key) {
  const SendResult answered = classify_response(response);
  if (answered.outcome == SendOutcome::rate_limited || answered.outcome == SendOutcome::retry)
    return {ChatSender::Landed::later, {}, {}, answered.error};
  if (answered.outcome != SendOutcome::sent) return inconclusive(answered.error);
  const std::string tag = delivery_tag(delivery_key);
  if (delivery_key.empty() || tag.empty()) return inconclusive("no delivery key to look for");

  const json body = parse_untrusted_json(response.body);
  const auto* messages = json_field(body, "messages");
  if (!messages || !messages->is_array()) return inconclusive("answer without messages");
  for (const auto& message : *messages) {
    const json& metadata = json_object(message, "metadata");
    if (json_string(metadata, "event_type") != kDeliveryEventType) continue;
    if (json_string(json_object(metadata, "event_payload"), "delivery_key") != tag) continue;
    return {ChatSender::Landed::yes, json_string(message, "ts"), {}, {}};
  }
  const auto* has_more = json_field(body, "has_more");
  if (!has_more || !has_more->is_boolean() || !has_more->get<bool>()) return {ChatSender::Landed::no, {}, {}, {}};
  std::string cursor = json_string(json_object(body, "response_metadata"), "next_cursor");
  if (cursor.empty()) return inconclusive("more messages, but no cursor to read them");
  return {ChatSender::Landed::unknown, {}, std::move(cursor), "not on this page"};
}

}  // namespace ambassador::adapters::slack
