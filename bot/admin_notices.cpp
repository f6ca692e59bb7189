#include "bot/admin_notices.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "storage/directory_repository.hpp"

namespace ambassador {
namespace {
using i18n::Msg;

constexpr std::string_view kAdminsPurpose = "admins";

bool same_channel(const storage::ChannelRecord& channel, const IncomingEvent& event) {
  return channel.platform == event.platform && channel.workspace == event.workspace &&
         channel.channel_id == event.channel_id;
}

// The active admins channels other than the event's own: one that is being removed cannot hear about it,
// and one that was just added needs no news about itself.
std::vector<storage::ChannelRecord> admins_channels_except(storage::DirectoryRepository& directory,
                                                           const IncomingEvent& event) {
  // Every admins channel comes from the config, so it always belongs to a department.
  std::vector<storage::ChannelRecord> channels;
  for (auto& channel : directory.linked_channels_with_purpose(kAdminsPurpose))
    if (!same_channel(channel, event)) channels.push_back(std::move(channel));
  return channels;
}

// A TOML basic string, so an odd id still pastes into the config as it is.
std::string toml_string(std::string_view value) {
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// The lines an admin pastes under the department's [[departments]] to link the group.
std::string config_snippet(const IncomingEvent& event, std::string_view channel_id) {
  std::string snippet = "  [[departments.channels]]\n  platform = " + toml_string(event.platform) + "\n";
  if (!event.workspace.empty()) snippet += "  workspace = " + toml_string(event.workspace) + "\n";
  return snippet + "  id = " + toml_string(channel_id);
}

// “Wijkteam Noord” (telegram: -1001234567890); the address is written as the config error messages write it.
std::string describe_where(const IncomingEvent& event, const std::optional<storage::ChannelRecord>& known) {
  const std::string address =
      event.platform + ": " + (event.workspace.empty() ? "" : event.workspace + "/") + event.channel_id;
  std::string name = event.channel_name;
  if (name.empty() && known) name = known->title;
  return name.empty() ? address : "“" + name + "” (" + address + ")";
}

// The name of the department the channel is linked to; empty when it is linked to none.
std::string department_name(storage::DirectoryRepository& directory,
                            const std::optional<storage::ChannelRecord>& channel) {
  if (!channel || channel->department_id.empty()) return {};
  const auto record = directory.department(channel->department_id);
  return record ? record->name : channel->department_id;
}

// Admins hear the organisation's language, whatever the department of the channel they sit in.
i18n::Language organisation_language(Conversation& c) {
  return i18n::language_or_default(c.config().organisation.language);
}

// Translates the notice into the organisation's language and queues it to every admins channel but the event's
// own, one key per event and admins channel (independent of what else the event queued).
int tell_admins(Conversation& c, storage::DirectoryRepository& directory, i18n::Msg msg, const i18n::Args& args) {
  const auto& event = c.event();
  const auto targets = admins_channels_except(directory, event);
  if (targets.empty()) {
    spdlog::info("event {}/{}: no active admins channel to tell ({} in {})", event.platform, event.event_key,
                 i18n::key_name(msg), event.channel_id);
    return 0;
  }
  OutgoingMessage notice;
  notice.text = i18n::translate(organisation_language(c), msg, args);
  int queued = 0;
  for (const auto& target : targets) {
    Destination to;
    to.platform = target.platform;
    to.workspace = target.workspace;
    to.channel_id = target.channel_id;
    const std::string key = "admins:" + event.platform + ":" + event.event_key + ":" + std::to_string(target.id);
    if (c.outbox().queue(key, to, notice)) ++queued;
  }
  return queued;
}

}  // namespace

int notify_admins(Conversation& c, MembershipChange change) {
  const auto& event = c.event();
  if (event.direct) return 0;
  storage::DirectoryRepository directory(c.db());
  const auto channel = directory.channel(event.platform, event.workspace, event.channel_id);
  const std::string department = department_name(directory, channel);
  const std::string& actor = event.user_name.empty() ? event.user_id : event.user_name;
  i18n::Args args{{"who", actor.empty() ? i18n::translate(organisation_language(c), Msg::admin_someone) : actor},
                  {"where", describe_where(event, channel)}};
  const bool added = change == MembershipChange::added;
  const bool linked = !department.empty();
  const Msg msg = added ? (linked ? Msg::admin_bot_added_linked : Msg::admin_bot_added_unlinked)
                        : (linked ? Msg::admin_bot_removed_linked : Msg::admin_bot_removed_unlinked);
  if (linked) {
    args.set("department", department);
  } else if (added) {
    args.set("snippet", config_snippet(event, event.channel_id));
  }
  return tell_admins(c, directory, msg, args);
}

int notify_admins_of_move(Conversation& c) {
  const auto& event = c.event();
  const std::string& new_id = event.action_value;
  if (event.direct || new_id.empty()) return 0;
  storage::DirectoryRepository directory(c.db());
  // Read after the move: the row has the new id now, with the old row's department and title.
  const auto channel = directory.channel(event.platform, event.workspace, new_id);
  const std::string department = department_name(directory, channel);
  i18n::Args args{{"where", describe_where(event, channel)}, {"new_id", new_id}};
  Msg msg = Msg::admin_channel_moved_unlinked;
  if (!department.empty()) {
    msg = Msg::admin_channel_moved_linked;
    args.set("department", department);
    args.set("old_id", event.channel_id);
  } else {
    args.set("snippet", config_snippet(event, new_id));
  }
  return tell_admins(c, directory, msg, args);
}

}  // namespace ambassador
