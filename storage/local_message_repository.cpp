#include "storage/local_message_repository.hpp"

namespace ambassador::storage {

std::int64_t LocalMessageRepository::add(const LocalMessage& message) {
  auto& insert = db_.prepare(
      "INSERT INTO local_messages(channel_id, sender, visible_to, text, message, created_at, delivery_key)"
      " VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''))");
  insert.bind(1, message.channel_id);
  insert.bind(2, message.sender);
  insert.bind(3, message.visible_to);
  insert.bind(4, message.text);
  insert.bind(5, message.message);
  insert.bind(6, static_cast<std::int64_t>(message.created_at_ms));
  insert.bind(7, message.delivery_key);
  insert.exec();
  return db_.last_insert_id();
}

std::vector<LocalMessage> LocalMessageRepository::list(std::string_view channel_id, std::int64_t after_id,
                                                       std::size_t limit, std::string_view viewer) {
  auto& select = db_.prepare(
      "SELECT id, channel_id, sender, visible_to, text, message, created_at FROM local_messages "
      "WHERE channel_id = ? AND id > ? AND (visible_to = '' OR visible_to = ?) ORDER BY id LIMIT ?");
  select.bind(1, std::string(channel_id));
  select.bind(2, static_cast<std::int64_t>(after_id));
  select.bind(3, viewer.empty() ? std::string("\x01") : std::string(viewer));  // an id no user has
  select.bind(4, static_cast<std::int64_t>(limit));
  std::vector<LocalMessage> messages;
  while (select.executeStep()) {
    messages.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(),
                        select.getColumn(2).getString(), select.getColumn(3).getString(),
                        select.getColumn(4).getString(), select.getColumn(5).getString(),
                        select.getColumn(6).getInt64()});
  }
  return messages;
}

std::optional<std::int64_t> LocalMessageRepository::find_delivery(std::string_view delivery_key) {
  auto& select = db_.prepare("SELECT id FROM local_messages WHERE delivery_key = ?");
  select.bind(1, std::string(delivery_key));
  if (!select.executeStep()) return std::nullopt;
  return select.getColumn(0).getInt64();
}

}  // namespace ambassador::storage
