#pragma once
// Teams' outbound side: turns a Destination into a Bot Framework connector call at the conversation's serviceUrl
// (ServiceUrlBook), with a Bearer token from the BotFrameworkTokenProvider, and classifies the answer.
//
// What a Destination becomes (conversation = thread_conversation_id(channel_id, thread_id), conventions.hpp):
//   edit_message_id set            → PUT    {serviceUrl}/v3/conversations/{conversation}/activities/{edit id}
//                                    (a recalled post's card replaced); a 404 here deactivates nothing: the
//                                    message may be gone while the conversation is not
//   reply_token set                → POST   .../conversations/{conversation}/activities/{reply_token}: a reply to
//                                    that activity (in a channel: in its thread)
//   ephemeral, no reply_token      → Teams has no ephemeral messages: in the thread when there is one, else the
//                                    person's 1:1 chat (below), never a new post everyone in the channel sees
//   only user_id (no channel_id)   → the person's 1:1 chat: POST {serviceUrl}/v3/conversations creates (or finds)
//                                    it once per (tenant, person); then a post there
//   otherwise                      → POST   .../conversations/{conversation}/activities
// Ids are percent-encoded as path segments (conversation ids hold ':', ';', '@', and must never add segments).
// A 401 drops the token; the outbox's retry fetches a new one (no retry loop here). Never throws; `done` is called
// exactly once, from any thread.
#include <memory>
#include <string>

#include "adapters/teams/service_url_book.hpp"
#include "adapters/teams/token_provider.hpp"
#include "bot/chat_sender.hpp"
#include "bot/clock.hpp"
#include "bot/http/http_client.hpp"

namespace ambassador::adapters::teams {

// The prefix of a 1:1 (personal) conversation id; such a chat is the person's own, so a message "only they may
// see" can go there directly.
inline constexpr std::string_view kPersonalConversationPrefix = "a:";
// The prefix Teams gives a bot's id in conversation members ("28:<Microsoft App ID>").
inline constexpr std::string_view kBotIdPrefix = "28:";

class TeamsSender final : public ChatSender {
 public:
  // `client`, `tokens`, `service_urls` and `clock` must outlive every send in flight (the Application's do).
  // `app_id` is the bot's Microsoft App ID. `clock` reads a 429's Retry-After given as a date.
  TeamsSender(http::HttpClient& client, BotFrameworkTokenProvider& tokens, ServiceUrlBook& service_urls,
              std::string app_id, const Clock& clock);
  ~TeamsSender() override;
  TeamsSender(const TeamsSender&) = delete;
  TeamsSender& operator=(const TeamsSender&) = delete;

  std::string_view platform() const override { return "teams"; }
  void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) override;
  // reconcile() keeps ChatSender's default (unknown: the delivery is sent again, at least once): a bot cannot read
  // a Teams conversation's history back (that takes Microsoft Graph and tenant-wide permissions), so there is
  // nowhere to look an interrupted delivery up, and no tag on the activity would help.

  // 1:1 conversations remembered (tenant/person → conversation id), for tests.
  std::size_t personal_conversations() const;

 private:
  struct State;
  // Shared with the callbacks of sends in flight, so a late answer never touches a destroyed sender.
  std::shared_ptr<State> state_;
};

}  // namespace ambassador::adapters::teams
