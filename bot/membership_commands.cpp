#include "bot/membership_commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/admin_notices.hpp"
#include "bot/channel_move.hpp"
#include "bot/content/time_parsing.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"

namespace ambassador {
namespace {
using i18n::Msg;

std::string join_list(const std::vector<std::string>& items, std::string_view none) {
  if (items.empty()) return std::string(none);
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string department_name(Conversation& c, const std::string& id) {
  auto department = storage::DirectoryRepository(c.db()).department(id);
  return department ? department->name : id;
}

void help(const Command&, Conversation& c) { c.reply(Msg::help); }

void join(const Command&, Conversation& c) {
  const auto department = c.channel_department();
  if (department.empty() || !c.channel() || c.channel()->purpose != "ambassadors") {
    c.reply(Msg::join_no_department);
    return;
  }
  storage::AmbassadorRepository ambassadors(c.db());
  const auto now = c.clock().now_ms();
  auto existing = ambassadors.find_by_identity(c.identity());
  if (existing && existing->department_id == department && existing->active()) {
    c.reply(Msg::join_already, {{"department", department_name(c, department)}});
    return;
  }
  auto ambassador = existing ? *existing : ambassadors.find_or_create(c.identity(), c.event().user_name, now);
  ambassadors.set_department(ambassador.id, department);
  if (!ambassador.active() || !existing) ambassadors.set_opted_out(ambassador.id, false, now);
  c.reply(Msg::join_ok, {{"department", department_name(c, department)}});
}

void themes(const Command& command, Conversation& c) {
  auto ambassador = c.ambassador();
  if (!ambassador) {
    c.reply(Msg::not_registered);
    return;
  }
  const auto& known = c.config().themes;
  const auto none = c.text(Msg::value_none);
  auto requested = split_list(command.args);
  if (requested.empty()) {
    if (ambassador->themes.empty()) {
      OutgoingMessage message;
      message.text = c.text(Msg::themes_none) + "\n" + c.text(Msg::themes_available, {{"available", join_list(known, none)}});
      c.reply(message);
    } else
      c.reply(Msg::themes_current, {{"themes", join_list(ambassador->themes, none)}});
    return;
  }
  std::vector<std::string> unknown;
  for (const auto& theme : requested)
    if (std::find(known.begin(), known.end(), theme) == known.end()) unknown.push_back(theme);
  if (!unknown.empty()) {
    c.reply(Msg::themes_unknown, {{"unknown", join_list(unknown, none)}, {"available", join_list(known, none)}});
    return;
  }
  storage::AmbassadorRepository(c.db()).set_themes(ambassador->id, requested);
  c.reply(Msg::themes_set, {{"themes", join_list(requested, none)}});
}

void set_participation(Conversation& c, bool opt_out) {
  auto ambassador = c.ambassador();
  if (!ambassador) {
    c.reply(Msg::not_registered);
    return;
  }
  if (ambassador->active() != opt_out) {
    c.reply(opt_out ? Msg::stop_already : Msg::start_already);
    return;
  }
  storage::AmbassadorRepository(c.db()).set_opted_out(ambassador->id, opt_out, c.clock().now_ms());
  c.reply(opt_out ? Msg::stop_ok : Msg::start_ok);
}

void whoami(const Command&, Conversation& c) {
  auto ambassador = c.ambassador();
  if (!ambassador) {
    c.reply(Msg::not_registered);
    return;
  }
  const auto none = c.text(Msg::value_none);
  c.reply(Msg::whoami, {{"name", ambassador->display_name},
                        {"department", ambassador->department_id.empty() ? none
                                                                         : department_name(c, ambassador->department_id)},
                        {"roles", join_list(ambassador->roles, none)},
                        {"themes", join_list(ambassador->themes, none)},
                        {"status", c.text(ambassador->active() ? Msg::status_active : Msg::status_opted_out)}});
}

// One welcome per person, channel and local day, whichever updates report the join: an admin bot in Telegram hears
// of one join twice (chat_member and the new_chat_members service message), and someone who leaves and comes back
// the same day is not welcomed again.
std::string welcome_key(Conversation& c) {
  const auto& event = c.event();
  std::string zone = c.config().organisation.time_zone;
  if (auto department = storage::DirectoryRepository(c.db()).department(c.channel_department());
      department && !department->time_zone.empty())
    zone = department->time_zone;
  // The join's own time, so a redelivery after midnight still finds the same key.
  const std::int64_t at = event.occurred_at_ms > 0 ? event.occurred_at_ms : c.clock().now_ms();
  return "welcome:" + event.platform + ":" + event.workspace + ":" + event.channel_id + ":" + event.user_id + ":" +
         content::local_date(at, zone);
}

void member_joined(Conversation& c) {
  if (!c.channel() || c.channel()->purpose != "ambassadors" || c.channel_department().empty()) return;
  OutgoingMessage welcome;
  const auto& name = c.event().user_name.empty() ? c.event().user_id : c.event().user_name;
  welcome.text = c.text(Msg::welcome_member, {{"name", name}});
  c.say_in_channel(welcome, welcome_key(c));
}

// A channel the bot was added to is registered but linked to no department until an admin links it in the
// config; the admins channels are told so they can.
void bot_added(Conversation& c) {
  const auto& event = c.event();
  storage::ChannelRecord channel;
  channel.platform = event.platform;
  channel.workspace = event.workspace;
  channel.channel_id = event.channel_id;
  channel.title = event.channel_name;
  channel.active = true;
  storage::DirectoryRepository(c.db()).upsert_channel(channel, c.clock().now_ms());
  if (event.direct) return;
  notify_admins(c, MembershipChange::added);
  OutgoingMessage hello;
  // Without a title the greeting names no one rather than reading out a raw id.
  hello.text = event.channel_name.empty() ? c.text(Msg::bot_added_to_untitled_channel)
                                          : c.text(Msg::bot_added_to_channel, {{"channel", event.channel_name}});
  c.say_in_channel(hello);
}

void bot_removed(Conversation& c) {
  const auto& event = c.event();
  storage::DirectoryRepository(c.db()).set_channel_active(event.platform, event.workspace, event.channel_id, false);
  // In a one-to-one chat, removing the bot is the person blocking it: they opted out.
  if (event.direct) {
    if (auto ambassador = c.ambassador(); ambassador && ambassador->active())
      storage::AmbassadorRepository(c.db()).set_opted_out(ambassador->id, true, c.clock().now_ms());
    return;
  }
  notify_admins(c, MembershipChange::removed);
}

// The channel has a new id (a Telegram group became a supergroup; event.action_value is the new id). Its row keeps
// its department, deliveries still waiting go to the new id, the move is remembered for directory sync at the next
// start, and the admins are told to put the new id in the config.
void channel_moved(Conversation& c) {
  const auto& event = c.event();
  const std::string& new_id = event.action_value;
  if (event.direct || new_id.empty() || new_id == event.channel_id) return;
  const auto moved = follow_channel_move(c.db(), event.platform, event.workspace, event.channel_id, new_id);
  spdlog::info("event {}/{}: channel {} moved to {} ({}); {} pending deliveries redirected", event.platform,
               event.event_key, event.channel_id, new_id,
               moved.row == storage::ChannelMove::moved    ? "moved"
               : moved.row == storage::ChannelMove::merged ? "merged into the existing row"
                                                           : "not known here",
               moved.redirected);
  notify_admins_of_move(c);
}

}  // namespace

void register_membership_commands(EventDispatcher& dispatcher) {
  dispatcher.on_command(CommandName::help, help);
  dispatcher.on_command(CommandName::join, join);
  dispatcher.on_command(CommandName::themes, themes);
  dispatcher.on_command(CommandName::stop, [](const Command&, Conversation& c) { set_participation(c, true); });
  dispatcher.on_command(CommandName::start, [](const Command&, Conversation& c) { set_participation(c, false); });
  dispatcher.on_command(CommandName::whoami, whoami);
  dispatcher.on_event(EventKind::member_joined, member_joined);
  dispatcher.on_event(EventKind::bot_added, bot_added);
  dispatcher.on_event(EventKind::bot_removed, bot_removed);
  dispatcher.on_event(EventKind::channel_moved, channel_moved);
}

}  // namespace ambassador
