#pragma once
// The outbox's delivery key as Slack message metadata, and the lookup that finds it again: a delivery that was
// being sent when the service stopped is looked up in the conversation instead of being posted twice.
// https://api.slack.com/metadata/using ("Receive metadata with the Web API"),
// https://api.slack.com/methods/conversations.history, https://api.slack.com/methods/conversations.replies
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/chat_sender.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::slack {

// Letters and underscores only: Slack ignores metadata whose event_type has periods or other punctuation.
inline constexpr std::string_view kDeliveryEventType = "ambassador_delivery";
// A lookup reads what reached the conversation since the delivery's first attempt (less a minute, for clock skew
// between this host and Slack), page by page; past this many pages it gives up and the delivery is resent.
inline constexpr std::size_t kDeliveryLookupPageSize = 100;
inline constexpr int kDeliveryLookupPages = 10;
inline constexpr std::int64_t kDeliveryLookupSkewMs = 60'000;

// What a message carries in place of the key: 32 hex digits of its SHA-256. Keys can name people (a welcome's
// key holds the user id and the day they joined), and metadata is readable through the API.
std::string delivery_tag(std::string_view delivery_key);
// {"event_type": "ambassador_delivery", "event_payload": {"delivery_key": delivery_tag(delivery_key)}}
nlohmann::json delivery_metadata(std::string_view delivery_key);

// The Slack ts (seconds.micros) from which a lookup reads: the first attempt's start less the skew allowance.
std::string lookup_oldest_ts(std::int64_t since_ms);

struct DeliveryLookup {
  ChatSender::Landed landed = ChatSender::Landed::unknown;
  std::string message_id;   // the tagged message's ts, when it landed
  std::string next_cursor;  // unknown so far: the tag may be on the page this cursor asks for
  std::string error;        // why the answer was inconclusive, for logs
};

// Reads one page of conversations.history or conversations.replies asked with include_all_metadata=true.
// yes: a message carries the tag of `delivery_key`. no: the last page (has_more false), without it. unknown with
// next_cursor: not on this page, more follow. later: Slack could not answer now (transport, 429, 5xx). unknown:
// any other failure ({"ok":false} such as missing_scope, an unreadable answer, more pages without a cursor).
DeliveryLookup find_delivery(const http::ClientResponse& response, std::string_view delivery_key);

}  // namespace ambassador::adapters::slack
