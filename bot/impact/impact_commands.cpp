#include "bot/impact/impact_commands.hpp"

#include <algorithm>

#include "bot/impact/badges.hpp"
#include "bot/impact/periods.hpp"
#include "bot/rhythm/weekly_digest.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::impact {
namespace {
using i18n::Msg;

std::string department_name(const config::Config& config, const std::string& id) {
  const auto* department = config.find_department(id);
  return department ? department->name : id;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Among the people named in the department's 30 days by shares (the asker included, also with none): the asker's
// place, 1 + those with more, and how many are on the list.
std::string rank_line(Conversation& c, const storage::AmbassadorRecord& me, std::int64_t now) {
  const auto totals = storage::ImpactRepository(c.db()).shares_by_person(me.department_id, now - kLeaderboardWindowMs);
  std::int64_t mine = 0, ahead = 0, named = 0;
  for (const auto& person : totals)
    if (person.ambassador_id == me.id) mine = person.count;
  for (const auto& person : totals) {
    if (!person.named) continue;
    ++named;
    if (person.count > mine) ++ahead;
  }
  if (mine == 0) ++named;  // not in the totals: nothing shared in the window, last place
  return c.text(Msg::stats_rank,
                {{"rank", ahead + 1}, {"of", named}, {"department", department_name(c.config(), me.department_id)}});
}

void stats(const Command&, Conversation& c) {
  const auto me = c.ambassador();
  if (!me) return c.reply(Msg::not_registered);
  storage::ImpactRepository impact(c.db());
  const auto now = c.clock().now_ms();
  const auto all_time = impact.counts(me->id, 0);
  const auto kudos = impact.kudos_received_since(me->id, 0);
  const auto badge_ids = impact.badges_of(me->id);
  if (all_time.shares == 0 && all_time.unique_clicks == 0 && kudos == 0 && badge_ids.empty())
    return c.reply(Msg::stats_none);

  const auto month = impact.counts(me->id, month_start(now, c.config().organisation.time_zone));
  std::vector<std::string> lines{
      c.text(Msg::stats_month, {{"shares", month.shares}, {"clicks", month.unique_clicks}}),
      c.text(Msg::stats_all_time, {{"shares", all_time.shares}, {"clicks", all_time.unique_clicks}})};
  if (const auto best = impact.best_post(me->id))
    lines.push_back(c.text(Msg::stats_best_post, {{"title", best->title}, {"clicks", best->unique_clicks}}));
  if (kudos > 0) {
    lines.push_back(c.text(Msg::stats_kudos, {{"count", kudos}}));
    if (const auto latest = impact.latest_kudos(me->id))
      lines.push_back(c.text(Msg::stats_kudos_latest, {{"name", latest->giver_name}, {"reason", latest->reason}}));
  }
  if (!badge_ids.empty()) {
    std::vector<std::string> titles;
    for (const auto& id : badge_ids) {
      const auto& badges = c.config().recognition.badges;
      const auto badge = std::find_if(badges.begin(), badges.end(), [&](const auto& b) { return b.id == id; });
      // A badge since removed from the config keeps its id as its name.
      titles.push_back(badge == badges.end() ? id : badge_title(*badge, c.language()));
    }
    lines.push_back(c.text(Msg::stats_badges, {{"badges", joined(titles)}}));
  }
  if (!impact.ranking_opt_in(me->id)) {
    lines.push_back(c.text(Msg::stats_rank_hidden));
  } else if (!me->department_id.empty()) {
    lines.push_back(rank_line(c, *me, now));
  }
  OutgoingMessage message;
  message.title = c.text(Msg::stats_title, {{"name", me->display_name}});
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  message.text = std::move(text);
  c.reply(message);
}

// The lists by shares and by unique clicks of a department's people, or of the organisation (department_id ""); unique
// clicks come from the per-person daily rollup and so count whole UTC days.
std::string board(Conversation& c, const std::string& scope_name, const std::string& department_id,
                  std::int64_t since) {
  storage::ImpactRepository impact(c.db());
  return c.text(Msg::leaderboard_title, {{"scope", scope_name}}) + "\n" + c.text(Msg::leaderboard_by_shares) + "\n" +
         render_leaderboard_list(impact.shares_by_person(department_id, since), c.language()) + "\n" +
         c.text(Msg::leaderboard_by_clicks) + "\n" +
         render_leaderboard_list(impact.unique_clicks_by_person(department_id, since), c.language());
}

void leaderboard(const Command& command, Conversation& c) {
  const auto me = c.ambassador();
  const auto words = split_list(command.args);
  const std::string choice = words.size() == 1 ? words.front() : "";
  if (choice == "on" || choice == "aan" || choice == "off" || choice == "uit") {
    if (!me) return c.reply(Msg::not_registered);
    const bool on = choice == "on" || choice == "aan";
    storage::ImpactRepository(c.db()).set_ranking_opt_in(me->id, on ? std::optional(c.clock().now_ms()) : std::nullopt);
    return c.reply(on ? Msg::ranking_on_ok : Msg::ranking_off_ok);
  }
  const auto since = c.clock().now_ms() - kLeaderboardWindowMs;
  const std::string department_id = me && !me->department_id.empty() ? me->department_id : c.channel_department();
  std::string text;
  if (!department_id.empty())
    text = board(c, department_name(c.config(), department_id), department_id, since) + "\n\n";
  text += board(c, c.config().organisation.name, "", since);
  OutgoingMessage message;
  message.text = std::move(text);
  message.footer = c.text(Msg::leaderboard_footer);
  c.reply(message);
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) i += encoding::decode_utf8(text, i).length;
  return count;
}

struct Resolved {
  std::optional<std::int64_t> id;
  bool ambiguous = false;
};

// "<@U0456>" / "<@U0456|anna>" (Slack's mention in the text) is the platform's id in this workspace; "@anna" or
// "anna" is first a user id on this platform (the local chat's users), then an ambassador's display name.
Resolved resolve_person(Conversation& c, std::string_view mention) {
  const auto& event = c.event();
  storage::AmbassadorRepository ambassadors(c.db());
  if (mention.starts_with("<@") && mention.ends_with(">")) {
    auto id = mention.substr(2, mention.size() - 3);
    id = id.substr(0, id.find('|'));
    const auto found = ambassadors.find_by_identity({event.platform, event.workspace, std::string(id)});
    return {found ? std::optional(found->id) : std::nullopt, false};
  }
  if (mention.starts_with('@')) mention.remove_prefix(1);
  if (mention.empty()) return {};
  if (const auto found = ambassadors.find_by_identity({event.platform, event.workspace, std::string(mention)}))
    return {found->id, false};
  const auto ids = storage::ImpactRepository(c.db()).find_by_display_name(mention);
  if (ids.size() > 1) return {std::nullopt, true};
  return {ids.empty() ? std::nullopt : std::optional(ids.front()), false};
}

void kudos(const Command& command, Conversation& c) {
  const auto giver = c.ambassador();
  if (!giver) return c.reply(Msg::not_registered);
  const std::string_view args = command.args;
  if (args.empty()) return c.reply(Msg::kudos_usage);
  const auto mention_end = args.find_first_of(" \t\n");
  const auto mention = args.substr(0, mention_end);
  std::string_view reason = mention_end == std::string_view::npos ? "" : args.substr(mention_end);
  while (!reason.empty() && (reason.front() == ' ' || reason.front() == '\t' || reason.front() == '\n'))
    reason.remove_prefix(1);

  const auto who = resolve_person(c, mention);
  if (who.ambiguous) return c.reply(Msg::kudos_ambiguous_person, {{"who", mention}});
  const auto receiver = who.id ? storage::AmbassadorRepository(c.db()).find(*who.id) : std::nullopt;
  if (!receiver) return c.reply(Msg::kudos_unknown_person, {{"who", mention}});
  if (receiver->id == giver->id) return c.reply(Msg::kudos_not_yourself);
  if (reason.empty()) return c.reply(Msg::kudos_reason_missing, {{"name", receiver->display_name}});
  if (characters(reason) > kMaxKudosReasonChars)
    return c.reply(Msg::kudos_reason_too_long, {{"max", kMaxKudosReasonChars}});

  storage::ImpactRepository impact(c.db());
  const auto now = c.clock().now_ms();
  const auto limit = c.config().recognition.kudos_per_day;
  if (impact.kudos_given_since(giver->id, day_start(now, c.config().organisation.time_zone)) >= limit)
    return c.reply(Msg::kudos_limit, {{"limit", limit}});
  impact.add_kudos(giver->id, receiver->id, reason, now);
  const auto kudos_id = c.db().last_insert_id();

  // The receiver hears it privately, in their own department's language; after `stop`, not at all.
  const auto identities = storage::AmbassadorRepository(c.db()).identities(receiver->id);
  if (receiver->active() && !identities.empty()) {
    const auto* department = c.config().find_department(receiver->department_id);
    const auto language = department ? rhythm::department_language(c.config(), *department) : c.language();
    OutgoingMessage message;
    message.text = i18n::translate(language, Msg::kudos_received,
                                   {{"name", giver->display_name}, {"reason", std::string(reason)}});
    const auto& to = identities.front();
    c.outbox().queue("kudos:" + std::to_string(kudos_id),
                     {to.platform, to.workspace, {}, to.user_id, false, {}, {}, {}, {}}, message,
                     {std::nullopt, std::nullopt, receiver->id});
  }
  c.reply(Msg::kudos_sent, {{"name", receiver->display_name}});
}

}  // namespace

LeaderboardList leaderboard_list(const std::vector<storage::PersonTotal>& totals) {
  LeaderboardList list;
  for (const auto& person : totals) {
    if (!person.named) {
      ++list.others;
      list.others_total += person.count;
    } else if (list.named.size() < kLeaderboardNamed) {
      list.named.push_back({person.display_name, person.count});
    }
  }
  return list;
}

std::string render_leaderboard_list(const std::vector<storage::PersonTotal>& totals, i18n::Language language) {
  const auto list = leaderboard_list(totals);
  std::string text;
  for (std::size_t i = 0; i < list.named.size(); ++i)
    text += (text.empty() ? "" : "\n") +
            i18n::translate(language, Msg::leaderboard_line,
                            {{"rank", i + 1}, {"name", list.named[i].name}, {"count", list.named[i].count}});
  if (list.others > 0)
    text += (text.empty() ? "" : "\n") +
            i18n::translate(language, Msg::leaderboard_others, {{"count", list.others}, {"total", list.others_total}});
  return text.empty() ? i18n::translate(language, Msg::leaderboard_nothing) : text;
}

void register_impact_commands(EventDispatcher& dispatcher) {
  dispatcher.on_command(CommandName::stats, stats);
  dispatcher.on_command(CommandName::leaderboard, leaderboard);
  dispatcher.on_command(CommandName::kudos, kudos);
}

}  // namespace ambassador::impact
