#pragma once
// Renders neutral messages and webhook management calls as Telegram Bot API requests (no I/O here).
//
// The bot token is part of every URL (".../bot<token>/method"): never log a ClientRequest's url, or anything
// derived from it, from here or from the client that sends it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bot/http/http_types.hpp"
#include "bot/outgoing_message.hpp"

namespace ambassador::adapters::telegram {

inline constexpr std::size_t kMaxCallbackAnswerLength = 200;  // answerCallbackQuery `text`
inline constexpr std::size_t kShortButtonLabel = 14;          // labels up to this many characters share a row

// "https://api.telegram.org" + "/bot" + token + "/" + method (a trailing '/' on the base is ignored).
std::string method_url(std::string_view api_base_url, std::string_view bot_token, std::string_view method);

// sendMessage, as HTML: "<b>title</b>\n\ntext\n\nlink\n\n<i>footer</i>" (empty parts left out, each escaped).
// Text longer than 4,096 characters becomes several requests, in order, each split from the plain text (see
// html_text.hpp); the inline keyboard and the link preview go on the last one, earlier parts have previews off.
// chat_id is Destination.channel_id, else user_id (a private chat's id is the user's id); sent as a JSON number
// when it is an integer, else as a string ("@channelusername"). thread_id, when numeric, is message_thread_id.
// Buttons: a url button opens the URL; an action button carries encode_callback(action_id, value). A button
// whose callback data would exceed 64 bytes, or with an empty label, is left out: the domain must keep action ids
// and values short (ids, not texts). Empty message (no title, text, link or footer): no requests.
std::vector<http::ClientRequest> render_send_message(std::string_view api_base_url, std::string_view bot_token,
                                                     const Destination& to, const OutgoingMessage& message);

// editMessageText with the same layout and keyboard. An edit cannot be split: text past the limit is cut and
// ends in "…".
http::ClientRequest render_edit_message_text(std::string_view api_base_url, std::string_view bot_token,
                                             std::string_view chat_id, std::string_view message_id,
                                             const OutgoingMessage& message);

// deleteMessages (1-100 ids; ones already gone are skipped): what a recall does with the later parts of a message
// that was sent in several.
http::ClientRequest render_delete_messages(std::string_view api_base_url, std::string_view bot_token,
                                           std::string_view chat_id, const std::vector<std::string>& message_ids);

// answerCallbackQuery: stops the client's spinner; `text` (cut to 200 characters) shows as a toast, or as an
// alert with show_alert.
http::ClientRequest render_answer_callback_query(std::string_view api_base_url, std::string_view bot_token,
                                                 std::string_view callback_query_id, std::string_view text = {},
                                                 bool show_alert = false);

// The update kinds the parser understands. chat_member has to be asked for explicitly.
std::vector<std::string> default_allowed_updates();

http::ClientRequest render_set_webhook(std::string_view api_base_url, std::string_view bot_token,
                                       std::string_view webhook_url, std::string_view secret_token,
                                       const std::vector<std::string>& allowed_updates = default_allowed_updates());
http::ClientRequest render_delete_webhook(std::string_view api_base_url, std::string_view bot_token,
                                          bool drop_pending_updates = false);
http::ClientRequest render_get_webhook_info(std::string_view api_base_url, std::string_view bot_token);

}  // namespace ambassador::adapters::telegram
