#pragma once
// The outbox's delivery key as Slack message metadata, and the lookup that finds it again: a delivery that was
// being sent when the service stopped is looked up in the conversation instead of being posted twice.
// https://api.slack.com/metadata/using ("Receive metadata with the Web API"),
// https://api.slack.com/methods/conversations.history, https://api.slack.com/methods/conversations.replies
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/chat_sender.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::slack {

// Letters and underscores only: Slack ignores metadata whose event_type has periods or other punctuation.
inline constexpr std::string_view kDeliveryEventType = "ambassador_delivery";
// How many of a conversation's messages a lookup reads (one page; Slack's default page size).
inline constexpr std::size_t kDeliveryLookupWindow = 100;

// What a message carries in place of the key: 32 hex digits of its SHA-256. Keys can name people (a welcome's
// key holds the user id and the day they joined), and metadata is readable through the API.
std::string delivery_tag(std::string_view delivery_key);
// {"event_type": "ambassador_delivery", "event_payload": {"delivery_key": delivery_tag(delivery_key)}}
nlohmann::json delivery_metadata(std::string_view delivery_key);

struct DeliveryLookup {
  ChatSender::Landed landed = ChatSender::Landed::unknown;
  std::string message_id;  // the tagged message's ts, when it landed
  std::string error;       // why the answer was inconclusive, for logs
};

// Reads a conversations.history (newest first) or conversations.replies (oldest first: `oldest_first`) answer
// asked with include_all_metadata=true. yes: a message carries the tag of `delivery_key`. no: a clean page
// without it (a thread page also needs has_more false: the newest replies may be on later pages). unknown:
// any failure (transport, 429, 5xx, {"ok":false}, an unreadable answer).
DeliveryLookup find_delivery(const http::ClientResponse& response, std::string_view delivery_key, bool oldest_first);

}  // namespace ambassador::adapters::slack
