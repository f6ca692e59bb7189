#pragma once
// A Slack Web API (or response_url) answer → what the delivery pipeline should do next.
// Slack answers most failures as HTTP 200 {"ok":false,"error":"<code>"}; limits as HTTP 429 + Retry-After.
#include "bot/chat_sender.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::slack {

// sent (message_id = "ts", or channel.id for conversations.open) / retry (network, 5xx, transient codes,
// unreadable 200) / rate_limited (429 or "ratelimited"; retry_after from Retry-After, else 1 s) / permanent
// (every other code; channel_not_found, not_in_channel and is_archived also deactivate the destination).
// `error` is Slack's error code, or "http <status>" / the transport error when there is none.
SendResult classify_response(const http::ClientResponse& response);

}  // namespace ambassador::adapters::slack
