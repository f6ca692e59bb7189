#include "adapters/teams/teams_sender.hpp"

#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <nlohmann/json.hpp>

#include "adapters/teams/card_renderer.hpp"
#include "adapters/teams/conventions.hpp"
#include "adapters/teams/response_classifier.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;
using Done = std::function<void(SendResult)>;

SendResult failure(SendOutcome outcome, std::string error) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  return result;
}

// Everything but unreserved characters is escaped, as encodeURIComponent does in Microsoft's SDKs: an id with
// '/', '?' or '#' stays one segment.
std::string segment(std::string_view id) { return boost::urls::encode(id, boost::urls::unreserved_chars); }

std::string conversations_url(const std::string& service_url) { return service_url + "/v3/conversations"; }

std::string activities_url(const std::string& service_url, std::string_view conversation) {
  return conversations_url(service_url) + "/" + segment(conversation) + "/activities";
}

http::ClientRequest json_request(std::string method, std::string url, const json& body) {
  http::ClientRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  request.body = encoding::dump_json(body);
  return request;
}

// Where a message for a person goes when it cannot go where the Destination points: their 1:1 chat.
bool goes_to_personal_chat(const Destination& to) {
  if (to.channel_id.empty()) return true;
  return to.ephemeral && to.reply_token.empty() && to.thread_id.empty() &&
         !to.channel_id.starts_with(kPersonalConversationPrefix);
}

}  // namespace

struct TeamsSender::State : std::enable_shared_from_this<State> {
  State(http::HttpClient& client, BotFrameworkTokenProvider& tokens, ServiceUrlBook& service_urls, std::string app_id,
        const Clock& clock)
      : client(client), tokens(tokens), service_urls(service_urls), app_id(std::move(app_id)), clock(clock) {}

  http::HttpClient& client;
  BotFrameworkTokenProvider& tokens;
  ServiceUrlBook& service_urls;
  const std::string app_id;
  const Clock& clock;

  mutable std::mutex mutex;
  std::unordered_map<std::string, std::string> personal;  // "tenant/person" → 1:1 conversation id

  static std::string personal_key(const Destination& to) { return to.workspace + "/" + to.user_id; }

  std::optional<std::string> cached_personal(const std::string& key) const {
    std::lock_guard lock(mutex);
    const auto it = personal.find(key);
    if (it == personal.end()) return std::nullopt;
    return it->second;
  }
  void remember_personal(const std::string& key, std::string conversation) {
    std::lock_guard lock(mutex);
    personal[key] = std::move(conversation);
  }
  void forget_personal(const std::string& key) {
    std::lock_guard lock(mutex);
    personal.erase(key);
  }

  // One connector call, with the current token; a 401 drops that token, so the outbox's retry gets a new one.
  void call(http::ClientRequest request, Done done) {
    tokens.get(
        [self = shared_from_this(), request = std::move(request), done = std::move(done)](TokenResult token) mutable {
          if (token.status != TokenResult::Status::ok) {
            const auto outcome =
                token.status == TokenResult::Status::permanent ? SendOutcome::permanent : SendOutcome::retry;
            auto result = failure(outcome, "teams: no token: " + token.error);
            // Without it the outbox would try every waiting row in turn, each a refused connection and a log line.
            result.unreachable = token.unreachable;
            return done(std::move(result));
          }
          request.headers.emplace_back("Authorization", "Bearer " + token.token);
          std::string shown = request.method + " " + http::redacted_url(request.url);
          self->client.send(std::move(request), [self, token = std::move(token.token), shown = std::move(shown),
                                                 done = std::move(done)](http::ClientResponse response) {
            SendResult result = classify_response(response, self->clock.now());
            if (response.status == 401) self->tokens.invalidate(token);
            if (result.outcome != SendOutcome::sent) spdlog::debug("teams: {} answered: {}", shown, result.error);
            done(std::move(result));
          });
        });
  }

  // A new message, a reply or an edit in `channel` (a channel, group chat or 1:1 chat id), in `to`'s thread.
  void post_in(const Destination& to, const std::string& channel, const json& activity, Done done) {
    const std::string service_url = service_urls.lookup(to.workspace, channel);
    const std::string conversation = thread_conversation_id(channel, to.thread_id);
    json body = activity;
    if (!to.edit_message_id.empty()) {
      body["id"] = to.edit_message_id;
      const std::string url = activities_url(service_url, conversation) + "/" + segment(to.edit_message_id);
      return call(json_request("PUT", url, body),
                  [edited = to.edit_message_id, done = std::move(done)](SendResult result) {
                    if (result.outcome == SendOutcome::sent && result.message_id.empty()) result.message_id = edited;
                    // Not found may mean the message was deleted, not that the conversation is gone.
                    if (result.outcome == SendOutcome::permanent && result.error.starts_with("teams 404"))
                      result.deactivate_destination = false;
                    done(std::move(result));
                  });
    }
    std::string url = activities_url(service_url, conversation);
    if (!to.reply_token.empty()) {
      body["replyToId"] = to.reply_token;
      url += "/" + segment(to.reply_token);
    }
    call(json_request("POST", std::move(url), body), std::move(done));
  }

  // The person's 1:1 chat, from the cache or created; then the message there.
  void post_to_person(const Destination& to, json activity, Done done) {
    if (to.user_id.empty())
      return done(failure(SendOutcome::permanent, "teams: destination has neither a channel nor a person"));
    // Creating a 1:1 chat needs the tenant: a Teams workspace is one.
    if (to.workspace.empty())
      return done(failure(SendOutcome::permanent, "teams: a person is reached within a tenant, and none is given"));
    Destination personal_chat = to;
    personal_chat.thread_id.clear();  // the channel's thread and reply handle mean nothing in the 1:1 chat
    personal_chat.reply_token.clear();
    std::string key = personal_key(to);
    if (auto conversation = cached_personal(key))
      return post_in_personal(personal_chat, *conversation, std::move(key), activity, std::move(done));
    const json parameters{{"bot", {{"id", std::string(kBotIdPrefix) + app_id}}},
                          {"members", json::array({{{"id", to.user_id}}})},
                          {"isGroup", false},
                          {"tenantId", to.workspace},
                          {"channelData", {{"tenant", {{"id", to.workspace}}}}}};
    const std::string url = conversations_url(service_urls.lookup(to.workspace, {}));
    call(json_request("POST", url, parameters),
         [self = shared_from_this(), personal_chat, key = std::move(key), activity = std::move(activity),
          done = std::move(done)](SendResult created) mutable {
           created.maybe_delivered = false;  // creating the chat posts nothing: the message itself is still to go
           if (created.outcome != SendOutcome::sent) return done(std::move(created));
           if (created.message_id.empty())
             return done(failure(SendOutcome::retry, "teams: the 1:1 conversation was created without an id"));
           self->remember_personal(key, created.message_id);
           self->post_in_personal(personal_chat, created.message_id, std::move(key), activity, std::move(done));
         });
  }

  void post_in_personal(const Destination& to, const std::string& conversation, std::string key, const json& activity,
                        Done done) {
    post_in(to, conversation, activity,
            [self = shared_from_this(), key = std::move(key), done = std::move(done)](SendResult result) {
              // A chat that is gone (the app uninstalled, say) is looked up afresh next time.
              if (result.deactivate_destination) self->forget_personal(key);
              done(std::move(result));
            });
  }
};

TeamsSender::TeamsSender(http::HttpClient& client, BotFrameworkTokenProvider& tokens, ServiceUrlBook& service_urls,
                         std::string app_id, const Clock& clock)
    : state_(std::make_shared<State>(client, tokens, service_urls, std::move(app_id), clock)) {}

TeamsSender::~TeamsSender() = default;

void TeamsSender::send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) {
  if (is_empty(message)) return done(failure(SendOutcome::permanent, "teams: the message has nothing to show"));
  json activity = render_activity(message);
  if (goes_to_personal_chat(to)) return state_->post_to_person(to, std::move(activity), std::move(done));
  state_->post_in(to, to.channel_id, activity, std::move(done));
}

std::size_t TeamsSender::personal_conversations() const {
  std::lock_guard lock(state_->mutex);
  return state_->personal.size();
}

}  // namespace ambassador::adapters::teams
