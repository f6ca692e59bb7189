#pragma once
// OutgoingMessage → Slack Web API requests (Block Kit). Pure: no I/O; the sender posts what this returns.
// https://api.slack.com/methods/chat.postMessage, https://api.slack.com/reference/block-kit/blocks
#include <cstddef>
#include <string>
#include <string_view>

#include "bot/http/http_types.hpp"
#include "bot/outgoing_message.hpp"

namespace ambassador::adapters::slack {

// Slack's limit on a button's text, in characters; longer labels end in "…".
inline constexpr std::size_t kMaxButtonLabel = 75;

// Escapes the three characters mrkdwn treats as markup: & < > → &amp; &lt; &gt;.
std::string escape_mrkdwn(std::string_view text);
// The plain `text` Slack shows in notifications and where blocks cannot render: title, text, link.
std::string fallback_text(const OutgoingMessage& message);

// chat.postMessage to `to.channel_id` (or to `to.user_id`: Slack then posts in the bot's DM with that user),
// in `to.thread_id` when set; link unfurling off. A `to.delivery_key` goes along as message metadata
// (delivery_metadata.hpp), so the delivery can be found again after an interrupted send.
http::ClientRequest render_post_message(std::string_view api_base_url, std::string_view token, const Destination& to,
                                        const OutgoingMessage& message);
// chat.postEphemeral: only `to.user_id` sees it, in `to.channel_id`.
http::ClientRequest render_post_ephemeral(std::string_view api_base_url, std::string_view token, const Destination& to,
                                          const OutgoingMessage& message);
// chat.update of the message `message_ts` in `channel_id`.
http::ClientRequest render_update(std::string_view api_base_url, std::string_view token, std::string_view channel_id,
                                  std::string_view message_ts, const OutgoingMessage& message);
// conversations.open with one user: the answer's channel.id is the DM channel.
http::ClientRequest render_open_conversation(std::string_view api_base_url, std::string_view token,
                                             std::string_view user_id);
// One page of a conversation read back with its messages' metadata.
struct HistoryPage {
  std::string channel_id;
  std::string thread_ts;  // set: that thread's replies (conversations.replies); else the channel's messages
  std::string oldest;     // set: only messages after this Slack ts
  std::string cursor;     // set: the page after the one that answered this next_cursor
  std::size_t limit = 100;
};
// A GET with the arguments in the query, as Slack documents its read methods.
http::ClientRequest render_history(std::string_view api_base_url, std::string_view token, const HistoryPage& page);
// A POST to a slash command's or interaction's response_url (no token: the URL is the credential).
http::ClientRequest render_response_url(std::string_view response_url, const OutgoingMessage& message, bool ephemeral);

}  // namespace ambassador::adapters::slack
