#include "adapters/telegram/telegram_sender.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "adapters/telegram/html_text.hpp"
#include "adapters/telegram/message_renderer.hpp"
#include "adapters/telegram/response_classifier.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::adapters::telegram {
namespace {

using SteadyClock = std::chrono::steady_clock;

// A retry of a partly sent message normally follows within the delivery give-up time (an hour by default).
constexpr auto kPartialSendMemory = std::chrono::hours(2);
constexpr std::size_t kMaxPartialSends = 10'000;

bool has_visible(std::string_view text) { return text.find_first_not_of(" \t\r\n") != std::string_view::npos; }

// Whether the whole reply can be the callback answer's toast: plain text that fits, nothing a toast cannot show.
bool fits_toast(const OutgoingMessage& message) {
  if (has_visible(message.title) || has_visible(message.link_url) || !message.image_url.empty() ||
      has_visible(message.footer) || !message.buttons.empty())
    return false;
  return encoding::utf16_length(encoding::sanitize_utf8(message.text)) <= kMaxCallbackAnswerLength;
}

// Identifies one rendered message (chat and text of every part), so a retry can skip the parts that landed.
std::string progress_key(const std::vector<http::ClientRequest>& parts) {
  std::string key;
  for (const auto& part : parts) key.append(part.body).push_back('\0');
  return key;
}

SendResult failure(SendOutcome outcome, std::string error) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  return result;
}

}  // namespace

struct TelegramSender::Shared {
  Shared(http::HttpClient& client, std::string api_base_url, std::string bot_token)
      : client(client), api_base_url(std::move(api_base_url)), bot_token(std::move(bot_token)) {}

  struct Progress {
    std::size_t parts_sent = 0;
    std::string message_ids;
    SteadyClock::time_point at;
  };

  // Parts of this message that already landed in an earlier attempt.
  Progress resume(const std::string& key) {
    std::lock_guard lock(mutex);
    const auto it = partial.find(key);
    return it == partial.end() ? Progress{} : it->second;
  }

  void remember(const std::string& key, Progress progress) {
    std::lock_guard lock(mutex);
    const auto now = SteadyClock::now();
    std::erase_if(partial, [now](const auto& entry) { return now - entry.second.at > kPartialSendMemory; });
    if (partial.size() >= kMaxPartialSends) partial.erase(partial.begin());
    progress.at = now;
    partial[key] = std::move(progress);
  }

  void forget(const std::string& key) {
    std::lock_guard lock(mutex);
    partial.erase(key);
  }

  std::size_t partial_sends() const {
    std::lock_guard lock(mutex);
    return partial.size();
  }

  http::HttpClient& client;
  const std::string api_base_url;
  const std::string bot_token;
  mutable std::mutex mutex;
  std::unordered_map<std::string, Progress> partial;
};

namespace {

using Continuation = std::function<void(SendResult)>;

// One send(): a chain of Bot API calls, each started from the previous one's answer.
class SendOperation : public std::enable_shared_from_this<SendOperation> {
 public:
  SendOperation(std::shared_ptr<TelegramSender::Shared> shared, Destination to, OutgoingMessage message,
                Continuation done)
      : shared_(std::move(shared)), to_(std::move(to)), message_(std::move(message)), done_(std::move(done)) {}

  void start() {
    if (!to_.reply_token.empty()) return answer_callback();
    deliver();
  }

 private:
  void answer_callback() {
    const bool toast_only = fits_toast(message_);
    auto request =
        render_answer_callback_query(shared_->api_base_url, shared_->bot_token, to_.reply_token, message_.text);
    shared_->client.send(std::move(request), [self = shared_from_this(), toast_only](http::ClientResponse response) {
      const SendResult result = classify_response(response);
      if (!toast_only) {
        // The message carries the content; a failed toast only leaves the spinner turning a little longer.
        if (result.outcome != SendOutcome::sent)
          spdlog::debug("telegram: answerCallbackQuery failed ({}); sending the reply as a message", result.error);
        return self->deliver();
      }
      if (result.outcome != SendOutcome::permanent || !has_visible(self->message_.text)) return self->finish(result);
      // The query is too old or unknown: the toast can no longer be shown, but the reply should still arrive.
      spdlog::info("telegram: callback query could not be answered ({}); sending the reply as a message", result.error);
      self->deliver();
    });
  }

  void deliver() {
    if (!to_.edit_message_id.empty()) return edit();
    const bool in_group =
        to_.ephemeral && !to_.user_id.empty() && !to_.channel_id.empty() && to_.user_id != to_.channel_id;
    if (!in_group) return send_all(to_, [self = shared_from_this()](SendResult r) { self->finish(std::move(r)); });

    Destination private_chat = to_;
    private_chat.channel_id = to_.user_id;  // a private chat's id is the user's id
    private_chat.thread_id.clear();
    private_chat.ephemeral = false;
    send_all(private_chat, [self = shared_from_this()](SendResult result) {
      if (result.outcome != SendOutcome::permanent || !result.deactivate_destination)
        return self->finish(std::move(result));
      // Bots may not start private chats: the user never pressed Start, or blocked the bot. Say it in the group
      // rather than not at all. The group itself is fine, so nothing may be deactivated for this failure.
      spdlog::info("telegram: private chat with user {} unreachable ({}); replying in chat {}", self->to_.user_id,
                   result.error, self->to_.channel_id);
      Destination group = self->to_;
      group.ephemeral = false;
      self->send_all(group, [self](SendResult r) { self->finish(std::move(r)); });
    });
  }

  // A private chat's id is the user's id, as for sending.
  const std::string& chat() const { return to_.channel_id.empty() ? to_.user_id : to_.channel_id; }

  // Replaces an earlier message. One sent in parts ("101,102,103") becomes one message: the first part is
  // replaced and the others deleted (or, where Telegram no longer lets a bot delete them, replaced too).
  void edit() {
    if (chat().empty()) return finish(failure(SendOutcome::permanent, "telegram: an edit needs a chat"));
    auto parts = std::make_shared<std::vector<std::string>>();
    for (std::size_t at = 0; at <= to_.edit_message_id.size();) {
      const auto comma = std::min(to_.edit_message_id.find(',', at), to_.edit_message_id.size());
      parts->push_back(to_.edit_message_id.substr(at, comma - at));
      at = comma + 1;
    }
    replace_part(parts, 0);
  }

  // The first part's failure is the edit's, unless later parts remain to be withdrawn (an admin may have deleted
  // the first); a later part that can be neither deleted nor edited is left. Transient failures retry the whole
  // edit, which repeats harmlessly.
  void replace_part(std::shared_ptr<std::vector<std::string>> parts, std::size_t index) {
    auto request =
        render_edit_message_text(shared_->api_base_url, shared_->bot_token, chat(), (*parts)[index], message_);
    shared_->client.send(std::move(request), [self = shared_from_this(), parts, index](http::ClientResponse response) {
      SendResult result = classify_response(response);
      if (result.outcome != SendOutcome::sent) {
        if (result.outcome != SendOutcome::permanent || result.deactivate_destination || parts->size() == 1)
          return self->finish(std::move(result));
        spdlog::info("telegram: part {} of a recalled message stays as it was: {}", index + 1, result.error);
      }
      if (index == 0) return self->delete_rest(std::move(parts));
      if (index + 1 < parts->size()) return self->replace_part(std::move(parts), index + 1);
      self->finish(SendResult::ok(parts->front()));
    });
  }

  void delete_rest(std::shared_ptr<std::vector<std::string>> parts) {
    // The edited message keeps its first part's id ("message is not modified" is even answered without one).
    if (parts->size() == 1) return finish(SendResult::ok(parts->front()));
    const std::vector<std::string> rest(parts->begin() + 1, parts->end());
    auto request = render_delete_messages(shared_->api_base_url, shared_->bot_token, chat(), rest);
    shared_->client.send(std::move(request), [self = shared_from_this(), parts](http::ClientResponse response) {
      SendResult result = classify_response(response);
      if (result.outcome == SendOutcome::sent) return self->finish(SendResult::ok(parts->front()));
      if (result.outcome != SendOutcome::permanent) return self->finish(std::move(result));
      self->replace_part(std::move(parts), 1);  // e.g. older than the 48 hours a bot may delete within
    });
  }

  void send_all(const Destination& target, Continuation then) {
    auto parts = std::make_shared<std::vector<http::ClientRequest>>(
        render_send_message(shared_->api_base_url, shared_->bot_token, target, message_));
    if (parts->empty()) return then(failure(SendOutcome::permanent, "telegram: the message has no text to send"));
    auto key = std::make_shared<std::string>(progress_key(*parts));
    const auto progress = shared_->resume(*key);
    if (progress.parts_sent > 0)
      spdlog::info("telegram: resuming a message to chat {} at part {} of {}", target.channel_id,
                   progress.parts_sent + 1, parts->size());
    send_part(parts, key, progress.parts_sent, progress.message_ids, std::move(then));
  }

  // The message's id lists every part's ("101,102,103"), so a recall can reach all of them.
  void send_part(std::shared_ptr<std::vector<http::ClientRequest>> parts, std::shared_ptr<std::string> key,
                 std::size_t index, std::string message_ids, Continuation then) {
    if (index >= parts->size()) {
      shared_->forget(*key);
      return then(SendResult::ok(std::move(message_ids)));
    }
    auto request = (*parts)[index];
    shared_->client.send(
        std::move(request), [self = shared_from_this(), parts, key, index, message_ids = std::move(message_ids),
                             then = std::move(then)](http::ClientResponse response) mutable {
          SendResult result = classify_response(response);
          if (result.outcome != SendOutcome::sent) {
            // Only a retry can use what landed; after a permanent failure nothing follows.
            if (index > 0 && result.outcome != SendOutcome::permanent)
              self->shared_->remember(*key, {index, message_ids, {}});
            return then(std::move(result));
          }
          message_ids += (message_ids.empty() ? "" : ",") + result.message_id;
          self->send_part(std::move(parts), std::move(key), index + 1, std::move(message_ids), std::move(then));
        });
  }

  void finish(SendResult result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  std::shared_ptr<TelegramSender::Shared> shared_;
  const Destination to_;
  const OutgoingMessage message_;
  Continuation done_;
};

}  // namespace

TelegramSender::TelegramSender(http::HttpClient& client, std::string api_base_url, std::string bot_token)
    : shared_(std::make_shared<Shared>(client, std::move(api_base_url), std::move(bot_token))) {}

TelegramSender::~TelegramSender() = default;

std::string_view TelegramSender::platform() const { return "telegram"; }

void TelegramSender::send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) {
  std::make_shared<SendOperation>(shared_, to, message, std::move(done))->start();
}

std::size_t TelegramSender::partial_sends() const { return shared_->partial_sends(); }

}  // namespace ambassador::adapters::telegram
