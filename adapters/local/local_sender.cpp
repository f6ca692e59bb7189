#include "adapters/local/local_sender.hpp"

#include <spdlog/spdlog.h>

#include "bot/message_codec.hpp"
#include "storage/local_message_repository.hpp"

namespace ambassador::adapters::local {

std::string render_plain(const OutgoingMessage& message) {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += "\n";
    out += part;
  };
  add(message.title);
  add(message.text);
  add(message.link_url);
  for (const auto& button : message.buttons) add("[" + button.label + "]" + (button.url.empty() ? "" : " " + button.url));
  add(message.footer);
  return out;
}

void LocalSender::send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) {
  storage::LocalMessage row;
  // A DM without a channel lands in the person's own "dm:<user>" channel.
  row.channel_id = to.channel_id.empty() ? "dm:" + to.user_id : to.channel_id;
  row.sender = "bot";
  row.visible_to = to.ephemeral ? to.user_id : std::string{};
  row.text = render_plain(message);
  row.message = encode_message(message);
  row.created_at_ms = clock_.now_ms();
  row.delivery_key = to.delivery_key;
  spdlog::info("local: bot -> {}{}: {}", row.channel_id, row.visible_to.empty() ? "" : " (to " + row.visible_to + ")",
               message.title.empty() ? message.text.substr(0, 80) : message.title);
  auto id = std::make_shared<std::int64_t>(0);
  store_.write([row, id](storage::Connection& db) { *id = storage::LocalMessageRepository(db).add(row); },
               [id, done = std::move(done)](std::exception_ptr error) {
                 done(error ? SendResult{SendOutcome::retry, {}, "local store failed", {}, false}
                            : SendResult::ok(std::to_string(*id)));
               });
}

// The local store is looked up by key; it is small enough not to need the time bound.
void LocalSender::reconcile(const Destination& to, std::int64_t /*since_ms*/,
                            std::function<void(Landed, std::string message_id)> done) {
  auto found = std::make_shared<std::optional<std::int64_t>>();
  store_.read([key = to.delivery_key, found](storage::Connection& db) {
    if (!key.empty()) *found = storage::LocalMessageRepository(db).find_delivery(key);
  },
              [found, done = std::move(done)](std::exception_ptr error) {
                if (error) return done(Landed::unknown, {});
                done(*found ? Landed::yes : Landed::no, *found ? std::to_string(**found) : std::string{});
              });
}

}  // namespace ambassador::adapters::local
