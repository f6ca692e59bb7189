#pragma once
// Delivers neutral messages through the Telegram Bot API (sendMessage, answerCallbackQuery).
//
// What a Destination becomes:
//   reply_token set (a button press)   → answerCallbackQuery, always, or the user's client keeps spinning. A reply
//                                        that fits a toast (plain text of at most 200 characters) is only that
//                                        toast; anything larger is also sent as a message (below), and the toast
//                                        shows its first 200 characters. If the query can no longer be answered
//                                        (too old), a toast-sized reply is sent as a message instead.
//   ephemeral, user_id, in a group     → Telegram has no ephemeral messages: the user's private chat
//                                        (chat_id = user_id); if that chat is unreachable (403: they never
//                                        started the bot, or blocked it) the reply goes to the group instead
//   only user_id                       → the user's private chat
//   otherwise                          → channel_id
//   edit_message_id set (no reply_token) → editMessageText of that message in channel_id (or, without one, in
//                                        the user's private chat); one request, text past the limit is cut
// A long text is several sendMessage calls, in order; the send counts as sent only when every part is, with the
// message_id of the last. When a later part fails, the parts that did land are remembered for a while, so the
// retry sends only the rest instead of repeating the beginning in the chat.
//
// The bot token is part of every request URL: nothing here logs a URL other than through http::redacted_url.
#include <memory>
#include <string>

#include "bot/chat_sender.hpp"
#include "bot/http/http_client.hpp"

namespace ambassador::adapters::telegram {

class TelegramSender final : public ChatSender {
 public:
  // `client` must outlive every send (the Application's shared client does).
  TelegramSender(http::HttpClient& client, std::string api_base_url, std::string bot_token);
  ~TelegramSender() override;
  TelegramSender(const TelegramSender&) = delete;
  TelegramSender& operator=(const TelegramSender&) = delete;

  std::string_view platform() const override;
  void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) override;

  // Partially delivered messages whose remaining parts are still to be sent (for tests and metrics).
  std::size_t partial_sends() const;

  struct Shared;  // settings and the partial-send memory, shared with sends in flight

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace ambassador::adapters::telegram
