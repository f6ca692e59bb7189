#pragma once
// A Bot Framework connector answer → what the delivery pipeline should do next. The connector answers with HTTP
// statuses and, on failure, {"error":{"code":"...","message":"..."}}.
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
//   2xx                           → sent; message_id = the answer's "id" (an activity or, for a created
//                                   conversation, the conversation id); empty when the answer has none
//   429                           → rate_limited after Retry-After (seconds or an HTTP-date), else
//                                   kDefaultRetryAfter; at most kMaxRetryAfter
//   401                           → retry: the token was refused (expired, revoked); the sender drops it so the
//                                   retry fetches a new one
//   403 (bot not installed, not in the roster, blocked by the person, disabled by the admin),
//   404 (conversation not found)  → permanent + deactivate_destination
//   408, 412, 5xx                 → retry (Microsoft's guidance also retries 412, 502 and 504)
//   no HTTP answer                → retry, maybe_delivered when the request was written out
//   other 4xx (400, 413 too big)  → permanent
// `error` is "teams <status> <code>: <message>" (or the transport error); it never holds the token.
#include <chrono>

#include "bot/chat_sender.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::teams {

inline constexpr std::chrono::seconds kDefaultRetryAfter{2};
// A 429 pauses every Teams conversation of the bot (the outbox pauses the whole platform), while Teams throttles
// one conversation at a time: a minute at most keeps one busy conversation from stalling all others for long.
inline constexpr std::chrono::seconds kMaxRetryAfter{60};

// `now` reads a Retry-After given as an HTTP-date.
SendResult classify_response(const http::ClientResponse& response, std::chrono::system_clock::time_point now);

}  // namespace ambassador::adapters::teams
