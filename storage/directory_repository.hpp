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
  void set_channel_active(std::string_view platform, std::string_view workspace, std::string_view channel_id,
                          bool active);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
