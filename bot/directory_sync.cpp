#include "bot/directory_sync.hpp"

#include <set>
#include <tuple>
#include <vector>

#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {

SyncSummary sync_directory(storage::Connection& db, const config::Config& config, std::int64_t now_ms) {
  storage::DirectoryRepository directory(db);
  storage::AmbassadorRepository ambassadors(db);
  SyncSummary summary;
  std::vector<std::int64_t> configured;
  std::set<std::tuple<std::string, std::string, std::string>> linked;  // platform, workspace, current id
  for (const auto& department : config.departments) {
    directory.upsert_department({department.id, department.name,
                                 department.time_zone.empty() ? config.organisation.time_zone : department.time_zone,
                                 department.language.empty() ? config.organisation.language : department.language});
    ++summary.departments;
    for (const auto& channel : department.channels) {
      storage::ChannelRecord record;
      record.platform = channel.platform;
      record.workspace = channel.workspace;
      record.channel_id = directory.current_channel_id(channel.platform, channel.workspace, channel.id);
      // The config may name a group by its old id in one place and its new id in another: the first link stands.
      const bool again = !linked.emplace(channel.platform, channel.workspace, record.channel_id).second;
      if (record.channel_id != channel.id || again)
        summary.followed_moves.push_back({channel.platform, department.id, channel.id, record.channel_id, again});
      if (again) continue;
      record.department_id = department.id;
      record.purpose = channel.purpose;
      record.active = true;
      configured.push_back(directory.upsert_channel(record, now_ms));
      ++summary.channels;
    }
  }
  // Channels the bot registered itself stay known (unlinked); only links come and go with the config.
  summary.unlinked = directory.unlink_channels_except(configured);
  for (const auto& seed : config.ambassadors) {
    auto ambassador = ambassadors.find_or_create({seed.platform, seed.workspace, seed.user_id}, seed.name, now_ms);
    ambassadors.set_department(ambassador.id, seed.department);
    ambassadors.set_roles(ambassador.id, seed.roles);
    // Themes an ambassador chose in chat win over the seed after the first start.
    if (ambassador.themes.empty()) ambassadors.set_themes(ambassador.id, seed.themes);
    ++summary.ambassadors;
  }
  return summary;
}

}  // namespace ambassador
