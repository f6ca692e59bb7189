#pragma once
// Slack's outbound side: picks the workspace's bot token and the way a Destination is reached (the event's
// response_url, chat.postEphemeral, conversations.open then chat.postMessage for a DM, or chat.postMessage),
// posts through the shared HttpClient and classifies Slack's answer; after a restart it looks up whether an
// interrupted delivery landed.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "bot/chat_sender.hpp"
#include "bot/http/http_client.hpp"

namespace ambassador::adapters::slack {

// Where Slack's response_urls point (https://hooks.slack.com/commands/..., /actions/...).
inline constexpr std::string_view kResponseUrlHost = "hooks.slack.com";

// Whether a reply_token may be posted to: an https URL on kResponseUrlHost (default port, no user info), or one on
// the origin of `api_base_url` (scheme, host and port: a local stand-in for Slack in tests). Any other URL came
// from a request Slack did not shape and would have the bot post a person's answer wherever it said.
bool is_trusted_response_url(std::string_view url, std::string_view api_base_url);

class SlackSender final : public ChatSender {
 public:
  // `api_base_url` as configured ("https://slack.com/api"); `bot_tokens` maps each team_id to its resolved
  // bot token (xoxb-...). `client` must outlive the sender's in-flight sends.
  SlackSender(http::HttpClient& client, std::string api_base_url, std::map<std::string, std::string> bot_tokens);

  std::string_view platform() const override { return "slack"; }
  // A reply_token that is a trusted response_url wins (ephemeral or in the channel as `to.ephemeral` says); any
  // other reply_token is refused (a warning the first time) and the answer goes to `to.user_id` as a DM; else an
  // ephemeral message goes by chat.postEphemeral; a person without a channel gets a DM (the DM channel id is
  // cached per workspace and user); anything else is chat.postMessage to the channel. A `to.edit_message_id` (a ts)
  // makes it chat.update of that message instead, in the channel or in the person's DM. Never throws.
  void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) override;
  // Looks for the message tagged with `to.delivery_key` where send() would have posted it: the channel's newest
  // messages (conversations.history), the thread's (conversations.replies), or the person's DM, opened as send()
  // opens it (also for a refused reply_token). yes with its ts / no / unknown on any failure. Ephemeral messages
  // and response_url answers leave nothing to look up: unknown without a call, as without a key or a known
  // workspace (a response_url answer that fell back to a DM is looked for there). Never throws.
  void reconcile(const Destination& to, std::int64_t since_ms,
                 std::function<void(Landed, std::string message_id)> done) override;

 private:
  struct State;
  // Shared with the callbacks of in-flight sends, so an answer arriving late never touches a destroyed sender.
  std::shared_ptr<State> state_;
};

}  // namespace ambassador::adapters::slack
