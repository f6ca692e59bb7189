#pragma once
// Delivers to the local platform by storing the bot's message in the channel's history
// (GET /local/channels/{id}/messages) and logging it. The local history is append-only, so an edit
// (Destination::edit_message_id) arrives as a new message; an edit's text says what it replaces.
#include "bot/chat_sender.hpp"
#include "bot/clock.hpp"
#include "storage/store.hpp"

namespace ambassador::adapters::local {

// The plain-text form of a message, as the local channel shows it.
std::string render_plain(const OutgoingMessage& message);

class LocalSender final : public ChatSender {
 public:
  LocalSender(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  std::string_view platform() const override { return "local"; }
  void send(const Destination& to, const OutgoingMessage& message, std::function<void(SendResult)> done) override;
  // The local channel is our own table: whether a delivery landed is a lookup of its key.
  void reconcile(const Destination& to, std::int64_t since_ms,
                 std::function<void(Landed, std::string message_id)> done) override;

 private:
  storage::Store& store_;
  const Clock& clock_;
};

}  // namespace ambassador::adapters::local
