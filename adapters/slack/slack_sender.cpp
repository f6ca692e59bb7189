#include "adapters/slack/slack_sender.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/url/parse.hpp>

#include "adapters/slack/delivery_metadata.hpp"
#include "adapters/slack/message_renderer.hpp"
#include "adapters/slack/response_classifier.hpp"

namespace ambassador::adapters::slack {
namespace {

SendResult permanent(std::string why) {
  SendResult result;
  result.outcome = SendOutcome::permanent;
  result.error = std::move(why);
  return result;
}

// "scheme://host:port" of an absolute URL, or "" when `url` is not one.
std::string origin_of(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority()) return {};
  std::string origin(parsed->scheme());
  origin.append("://").append(parsed->encoded_host()).append(":").append(parsed->port());
  return origin;
}

// The host of a URL as it would be connected to, or "" when `url` is not an absolute URL with one.
std::string host_of(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority()) return {};
  return std::string(parsed->encoded_host());
}

// Where a response_url answer goes when the URL refuses it: the person's DM, under the same delivery key.
Destination person_of(const Destination& to) {
  Destination dm;
  dm.platform = to.platform;
  dm.workspace = to.workspace;
  dm.user_id = to.user_id;
  dm.delivery_key = to.delivery_key;
  return dm;
}

}  // namespace

bool is_trusted_response_url(std::string_view url, std::string_view api_base_url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority()) return false;
  const std::string origin = origin_of(url);
  if (origin == origin_of(api_base_url)) return true;
  return parsed->scheme() == "https" && parsed->encoded_host() == kResponseUrlHost && !parsed->has_userinfo() &&
         (!parsed->has_port() || parsed->port() == "443");
}

struct SlackSender::State : std::enable_shared_from_this<State> {
  using Landed = ChatSender::Landed;

  State(http::HttpClient& client, std::string api_base_url, std::map<std::string, std::string> bot_tokens)
      : client(client), api_base_url(std::move(api_base_url)), bot_tokens(std::move(bot_tokens)) {}

  http::HttpClient& client;
  const std::string api_base_url;
  const std::map<std::string, std::string> bot_tokens;  // team_id → token; never logged
  std::atomic<bool> refused_url_logged{false};

  std::mutex dm_mutex;
  std::unordered_map<std::string, std::string> dm_channels;  // "team/user" → D... channel id

  const std::string* token_for(const std::string& workspace) const {
    auto it = bot_tokens.find(workspace);
    return it == bot_tokens.end() ? nullptr : &it->second;
  }

  enum class ReplyUrl { none, trusted, refused };
  // Slack's reply_token is always a response_url; one that is not Slack's is refused, never posted to.
  ReplyUrl reply_url(std::string_view reply_token) const {
    if (reply_token.empty()) return ReplyUrl::none;
    return is_trusted_response_url(reply_token, api_base_url) ? ReplyUrl::trusted : ReplyUrl::refused;
  }

  static std::string dm_key(const Destination& to) { return to.workspace + "/" + to.user_id; }

  std::optional<std::string> cached_dm(const std::string& key) {
    std::lock_guard lock(dm_mutex);
    auto it = dm_channels.find(key);
    if (it == dm_channels.end()) return std::nullopt;
    return it->second;
  }
  void remember_dm(const std::string& key, std::string channel) {
    std::lock_guard lock(dm_mutex);
    dm_channels[key] = std::move(channel);
  }
  void forget_dm(const std::string& key) {
    std::lock_guard lock(dm_mutex);
    dm_channels.erase(key);
  }

  // Posts one request and calls `done` with Slack's classified answer.
  void post(http::ClientRequest request, std::function<void(SendResult)> done) {
    std::string shown = http::redacted_url(request.url);  // before `request` is moved away
    client.send(std::move(request), [shown = std::move(shown), done = std::move(done)](http::ClientResponse response) {
      SendResult result = classify_response(response);
      if (result.outcome != SendOutcome::sent)
        spdlog::debug("slack: POST {} answered {}: {}", shown, response.status, result.error);
      done(std::move(result));
    });
  }

  // The DM channel with `to.user_id` (as a sent SendResult's message_id), from the cache or conversations.open.
  void open_direct(const Destination& to, const std::string& token, std::function<void(SendResult)> done) {
    std::string key = dm_key(to);
    if (auto channel = cached_dm(key)) return done(SendResult::ok(std::move(*channel)));
    client.send(
        render_open_conversation(api_base_url, token, to.user_id),
        [self = shared_from_this(), key = std::move(key), done = std::move(done)](http::ClientResponse response) {
          SendResult opened = classify_response(response);
          if (opened.outcome != SendOutcome::sent) {
            spdlog::debug("slack: conversations.open answered {}: {}", response.status, opened.error);
            return done(std::move(opened));
          }
          if (opened.message_id.empty()) {
            SendResult unusable;
            unusable.outcome = SendOutcome::retry;
            unusable.error = "conversations.open answered without channel.id";
            return done(std::move(unusable));
          }
          self->remember_dm(key, opened.message_id);
          done(std::move(opened));
        });
  }

  void send_direct(const Destination& to, const OutgoingMessage& message, const std::string& token,
                   std::function<void(SendResult)> done) {
    open_direct(to, token,
                [self = shared_from_this(), to, message, token, done = std::move(done)](SendResult opened) mutable {
                  if (opened.outcome != SendOutcome::sent) return done(std::move(opened));
                  if (!to.edit_message_id.empty())
                    return self->update(opened.message_id, to.edit_message_id, message, token, std::move(done));
                  self->post_direct(to, opened.message_id, message, token, dm_key(to), std::move(done));
                });
  }

  // chat.update; the answer's ts is the edited message's own.
  void update(const std::string& channel, const std::string& ts, const OutgoingMessage& message,
              const std::string& token, std::function<void(SendResult)> done) {
    post(render_update(api_base_url, token, channel, ts, message), [ts, done = std::move(done)](SendResult result) {
      if (result.outcome == SendOutcome::sent && result.message_id.empty()) result.message_id = ts;
      done(std::move(result));
    });
  }

  // A response_url takes answers for 30 minutes only (five of them): an answer that was retried past that, or
  // one too many, goes to the person as a DM rather than being lost.
  void answer_through_response_url(const Destination& to, const OutgoingMessage& message, const std::string& token,
                                   std::function<void(SendResult)> done) {
    post(render_response_url(to.reply_token, message, to.ephemeral),
         [self = shared_from_this(), to, message, token, done = std::move(done)](SendResult result) mutable {
           if (result.outcome != SendOutcome::permanent || to.user_id.empty()) return done(std::move(result));
           spdlog::info("slack: a response_url refused an answer ({}); it goes to the person as a DM", result.error);
           self->send_direct(person_of(to), message, token, [done = std::move(done)](SendResult sent) {
             sent.deactivate_destination = false;  // the DM failed, not the channel the command came from
             done(std::move(sent));
           });
         });
  }

  // Nothing goes to a reply URL that is not Slack's; the person who asked gets the answer as a DM, as when a
  // response_url refuses it: the answer is not lost, and none of it leaves for a host a request chose.
  void answer_instead_of_refused_url(const Destination& to, const OutgoingMessage& message, const std::string& token,
                                     std::function<void(SendResult)> done) {
    // Warned once: Slack never sends such a URL, so it means a forged request or a proxy rewriting them, and a
    // stream of them must not flood the log. The URL itself is a credential: only its host is shown.
    if (!refused_url_logged.exchange(true)) {
      spdlog::warn(
          "slack: refused to post to a reply URL on '{}' (not {}); answers go to the person as a DM "
          "instead (further refusals are logged at debug level)",
          host_of(to.reply_token), kResponseUrlHost);
    } else {
      spdlog::debug("slack: refused to post to a reply URL on '{}'", host_of(to.reply_token));
    }
    if (to.user_id.empty()) return done(permanent("reply URL is not Slack's, and there is no person to DM instead"));
    send_direct(person_of(to), message, token, [done = std::move(done)](SendResult sent) {
      sent.deactivate_destination = false;  // the DM failed, not the channel the request came from
      done(std::move(sent));
    });
  }

  void post_direct(const Destination& to, const std::string& channel, const OutgoingMessage& message,
                   const std::string& token, std::string key, std::function<void(SendResult)> done) {
    Destination dm = to;
    dm.channel_id = channel;
    post(render_post_message(api_base_url, token, dm, message),
         [self = shared_from_this(), key = std::move(key), done = std::move(done)](SendResult result) {
           // A DM channel that is gone (the user was deactivated, say) must be looked up afresh next time.
           if (result.deactivate_destination) self->forget_dm(key);
           done(std::move(result));
         });
  }

  // Reads what reached `channel` (the thread, when `to` has one) since `since_ms`, page by page, and looks for
  // the delivery's tag.
  void find_delivery_in(const std::string& channel, const Destination& to, std::int64_t since_ms,
                        const std::string& token, std::function<void(Landed, std::string)> done) {
    HistoryPage page{channel, to.thread_id, lookup_oldest_ts(since_ms), {}, kDeliveryLookupPageSize};
    read_page(std::move(page), to.delivery_key, token, kDeliveryLookupPages, std::move(done));
  }

  void read_page(HistoryPage page, std::string key, std::string token, int pages_left,
                 std::function<void(Landed, std::string)> done) {
    client.send(
        render_history(api_base_url, token, page), [self = shared_from_this(), page, key, token, pages_left,
                                                    done = std::move(done)](http::ClientResponse response) mutable {
          DeliveryLookup found = find_delivery(response, key);
          if (!found.next_cursor.empty() && pages_left > 1) {
            page.cursor = std::move(found.next_cursor);
            return self->read_page(std::move(page), std::move(key), std::move(token), pages_left - 1, std::move(done));
          }
          if (found.landed == Landed::unknown || found.landed == Landed::later)
            spdlog::debug("slack: delivery lookup inconclusive ({}): {}", response.status,
                          found.next_cursor.empty() ? found.error : "more pages than a lookup reads");
          done(found.landed, std::move(found.message_id));
        });
  }
};

SlackSender::SlackSender(http::HttpClient& client, std::string api_base_url,
                         std::map<std::string, std::string> bot_tokens)
    : state_(std::make_shared<State>(client, std::move(api_base_url), std::move(bot_tokens))) {}

void SlackSender::send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) {
  const std::string* token = state_->token_for(to.workspace);
  if (!token) return done(permanent("unknown workspace '" + to.workspace + "'"));
  switch (state_->reply_url(to.reply_token)) {
    case State::ReplyUrl::trusted:
      return state_->answer_through_response_url(to, message, *token, std::move(done));
    case State::ReplyUrl::refused:
      return state_->answer_instead_of_refused_url(to, message, *token, std::move(done));
    case State::ReplyUrl::none:
      break;
  }
  if (to.channel_id.empty()) {
    // Without a channel an ephemeral answer cannot be shown: the person gets it as a DM instead. An edit of a
    // DM finds its channel the same way: conversations.open answers the existing DM with that user.
    if (to.user_id.empty()) return done(permanent("destination has neither a channel nor a user"));
    return state_->send_direct(to, message, *token, std::move(done));
  }
  if (!to.edit_message_id.empty())
    return state_->update(to.channel_id, to.edit_message_id, message, *token, std::move(done));
  if (to.ephemeral) {
    // Posting a private answer publicly would leak it: without a user there is no one to show it to.
    if (to.user_id.empty()) return done(permanent("ephemeral message without a user"));
    return state_->post(render_post_ephemeral(state_->api_base_url, *token, to, message), std::move(done));
  }
  state_->post(render_post_message(state_->api_base_url, *token, to, message), std::move(done));
}

void SlackSender::reconcile(const Destination& to, std::int64_t since_ms,
                            std::function<void(Landed, std::string message_id)> done) {
  const std::string* token = state_->token_for(to.workspace);
  if (to.delivery_key.empty() || !token) return done(Landed::unknown, {});
  // The same routing as send(): only what send() posts by chat.postMessage carries the tag and stays in the
  // conversation; a response_url answer and an ephemeral message are nowhere to be read back.
  const auto reply_url = state_->reply_url(to.reply_token);
  if (reply_url != State::ReplyUrl::none && to.user_id.empty()) return done(Landed::unknown, {});
  // A refused reply URL's answer can only have gone to the DM.
  if (reply_url == State::ReplyUrl::refused) return reconcile(person_of(to), since_ms, std::move(done));
  if (reply_url == State::ReplyUrl::trusted) {
    // The answer may have fallen back to a DM, which can be read back; not finding it there proves nothing.
    return reconcile(person_of(to), since_ms, [done = std::move(done)](Landed landed, std::string message_id) {
      done(landed == Landed::no ? Landed::unknown : landed, std::move(message_id));
    });
  }
  if (to.channel_id.empty()) {
    if (to.user_id.empty()) return done(Landed::unknown, {});
    return state_->open_direct(
        to, *token, [state = state_, to, since_ms, token = *token, done = std::move(done)](SendResult opened) mutable {
          if (opened.outcome != SendOutcome::sent)
            return done(opened.outcome == SendOutcome::permanent ? Landed::unknown : Landed::later, {});
          state->find_delivery_in(opened.message_id, to, since_ms, token, std::move(done));
        });
  }
  if (to.ephemeral) return done(Landed::unknown, {});
  state_->find_delivery_in(to.channel_id, to, since_ms, *token, std::move(done));
}

}  // namespace ambassador::adapters::slack
