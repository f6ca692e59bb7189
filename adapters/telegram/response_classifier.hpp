#pragma once
// Turns a Bot API answer into the delivery pipeline's SendResult.
//
// Telegram answers {"ok":true,"result":...} or {"ok":false,"error_code":N,"description":"...",
// "parameters":{"retry_after":S,"migrate_to_chat_id":ID}}. The outcomes:
//   no HTTP answer (status 0), 5xx                      → retry
//   ok                                                  → sent; message_id = result.message_id when present
//   429 (HTTP or error_code)                            → rate_limited after parameters.retry_after s (default 1 s)
//   parameters.migrate_to_chat_id                       → permanent, error "migrated:<new chat id>": the group
//                                                         became a supergroup; the domain should re-point the
//                                                         channel to the new id and send again
//   403 (blocked by the user, kicked, not a member, …),
//   400 "chat not found" / "not enough rights"         → permanent + deactivate_destination
//   400 "message is not modified" (an edit that changes nothing) → sent: the message already looks right
//   other 4xx                                           → permanent
//   a body that is not Bot API JSON                     → retry for 5xx, rate_limited for 429 (Retry-After
//                                                         header), permanent otherwise
// `error` is "telegram <code>: <description>"; it never contains the request URL (which holds the token).
#include "bot/chat_sender.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::telegram {

SendResult classify_response(const http::ClientResponse& response);

}  // namespace ambassador::adapters::telegram
