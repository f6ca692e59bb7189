#pragma once
// The local platform's channel history: what users posted and what the bot answered.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct LocalMessage {
  std::int64_t id = 0;
  std::string channel_id;
  std::string sender;      // "bot" or the user id
  std::string visible_to;  // "" for everyone; a user id for an ephemeral answer
  std::string text;
  std::string message;  // the bot's structured message as JSON ("" for user messages)
  std::int64_t created_at_ms = 0;
  std::string delivery_key;  // the outbox key of a bot message ("" for user messages)
};

class LocalMessageRepository {
 public:
  explicit LocalMessageRepository(Connection& connection) : db_(connection) {}
  std::int64_t add(const LocalMessage& message);
  // Messages in a channel with id > after_id, oldest first, at most `limit`.
  // What `viewer` can see in the channel: messages for everyone, and those only for `viewer` (an ephemeral answer).
  // An empty viewer sees only what is for everyone.
  std::vector<LocalMessage> list(std::string_view channel_id, std::int64_t after_id, std::size_t limit,
                                 std::string_view viewer = {});
  // The id of the message stored for an outbox delivery, if it was stored.
  std::optional<std::int64_t> find_delivery(std::string_view delivery_key);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
