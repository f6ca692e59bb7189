#pragma once
// Departments and the chat channels linked to them (from config, or discovered when the bot is added).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct DepartmentRecord {
  std::string id;
  std::string name;
  std::string time_zone;
  std::string language;
};

struct ChannelRecord {
  std::int64_t id = 0;
  std::string platform;
  std::string workspace;
  std::string channel_id;
  std::string department_id;  // "" when not linked
  std::string purpose = "ambassadors";
  bool active = true;
  std::string title;
};

enum class ChannelMove {
  not_found,  // no channel with the old id: nothing changed
  moved,      // the row now has the new id
  merged,     // a row with the new id existed already: the old row was folded into it and deleted
};

class DirectoryRepository {
 public:
  explicit DirectoryRepository(Connection& connection) : db_(connection) {}

  void upsert_department(const DepartmentRecord& department);
  std::optional<DepartmentRecord> department(std::string_view id);
  std::vector<DepartmentRecord> departments();

  // Inserts or updates by (platform, workspace, channel_id); returns the row id. An existing link to a
  // department is kept when `channel.department_id` is empty (discovery must not unlink configured channels).
  std::int64_t upsert_channel(const ChannelRecord& channel, std::int64_t now_ms);
  std::optional<ChannelRecord> channel(std::string_view platform, std::string_view workspace,
                                       std::string_view channel_id);
  std::vector<ChannelRecord> channels_of_department(std::string_view department_id, std::string_view purpose);
  // Active channels with `purpose` that are linked to a department, in department order.
  std::vector<ChannelRecord> linked_channels_with_purpose(std::string_view purpose);
  void set_channel_active(std::string_view platform, std::string_view workspace, std::string_view channel_id,
                          bool active);
  // Unlinks from their department every channel whose row id is not in `kept`: the config is the only source of
  // links, so a channel taken out of it stops getting posts. Returns how many.
  int unlink_channels_except(const std::vector<std::int64_t>& kept);
  // The channel got another id on the platform (a Telegram group upgraded to a supergroup). Its row keeps its
  // department, purpose and row id (outbox rows refer to it) and gets `new_id`. If a row with `new_id` exists
  // (the config already names it, or the bot saw the new chat first), the two are merged into that row: its own
  // department link wins, else the old row's link and purpose carry over; it is active if either was; outbox
  // references move to it; the old row is deleted. Atomic: one statement, or a savepoint around the merge.
  // The move is remembered (see current_channel_id), with or without a row to move.
  ChannelMove move_channel(std::string_view platform, std::string_view workspace, std::string_view old_id,
                           std::string_view new_id);
  // The id a channel has now: `channel_id` itself unless the platform moved it (after any number of moves).
  std::string current_channel_id(std::string_view platform, std::string_view workspace, std::string_view channel_id);

 private:
  void remember_move(std::string_view platform, std::string_view workspace, std::string_view old_id,
                     std::string_view new_id);

  Connection& db_;
};

}  // namespace ambassador::storage
