#include "bot/impact/badges.hpp"

#include "bot/rhythm/weekly_digest.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/impact_repository.hpp"

namespace ambassador::impact {
namespace {
using i18n::Msg;

i18n::Language language_of(const config::Config& config, const std::string& department_id) {
  const auto* department = config.find_department(department_id);
  return department ? rhythm::department_language(config, *department)
                    : i18n::language_or_default(config.organisation.language);
}

bool reached(const config::BadgeConfig& badge, const storage::ImpactCounts& counts) {
  return badge.shares > 0 ? counts.shares >= badge.shares : counts.unique_clicks >= badge.unique_clicks;
}

void announce(storage::Connection& db, const config::Config& config, OutboxWriter& outbox,
              const storage::AmbassadorRecord& person, const config::BadgeConfig& badge) {
  const auto language = language_of(config, person.department_id);
  auto text = [&](Msg msg, const i18n::Args& args) { return i18n::translate(language, msg, args); };
  const auto title = badge_title(badge, language);
  const std::string reward = badge.reward.empty() ? "" : "\n" + text(Msg::badge_reward, {{"reward", badge.reward}});
  const auto key = "badge:" + std::to_string(person.id) + ":" + badge.id;
  const DeliveryRefs refs{std::nullopt, std::nullopt, person.id};
  if (storage::ImpactRepository(db).ranking_opt_in(person.id) && !person.department_id.empty()) {
    const auto channels = storage::DirectoryRepository(db).channels_of_department(person.department_id, "ambassadors");
    if (!channels.empty()) {
      OutgoingMessage message;
      message.text = text(Msg::badge_announce_channel, {{"name", person.display_name}, {"badge", title}}) + reward;
      for (const auto& channel : channels) {
        const Destination to{channel.platform, channel.workspace, channel.channel_id, {}, false, {}, {}, {}, {}};
        outbox.queue(key + ":" + std::to_string(channel.id), to, message, {std::nullopt, channel.id, person.id});
      }
      return;
    }
  }
  const auto identities = storage::AmbassadorRepository(db).identities(person.id);
  if (identities.empty()) return;
  const auto& identity = identities.front();
  OutgoingMessage message;
  message.text = text(Msg::badge_announce_direct, {{"badge", title}}) + reward;
  outbox.queue(key, {identity.platform, identity.workspace, {}, identity.user_id, false, {}, {}, {}, {}}, message,
               refs);
}

}  // namespace

std::string badge_title(const config::BadgeConfig& badge, i18n::Language language) {
  if (!badge.name.empty()) return badge.name;
  return badge.shares > 0 ? i18n::translate(language, Msg::badge_shares, {{"count", badge.shares}})
                          : i18n::translate(language, Msg::badge_unique_clicks, {{"count", badge.unique_clicks}});
}

BadgePass award_due_badges(storage::Connection& db, const config::Config& config, const Clock& clock,
                           OutboxWriter& outbox, std::size_t batch) {
  BadgePass pass;
  storage::ImpactRepository impact(db);
  const auto activity = impact.new_activity(batch);
  pass.more = activity.more;
  if (!config.recognition.badges.empty()) {
    storage::AmbassadorRepository ambassadors(db);
    const auto now = clock.now_ms();
    for (const auto id : activity.ambassador_ids) {
      const auto person = ambassadors.find(id);
      if (!person) continue;
      const auto counts = impact.counts(id, 0);
      for (const auto& badge : config.recognition.badges) {
        if (!reached(badge, counts) || !impact.award_badge(id, badge.id, now)) continue;
        ++pass.awarded;
        // After `stop` the badge is still recorded (stats show it) but no message goes out.
        if (person->active()) announce(db, config, outbox, *person, badge);
      }
    }
  }
  impact.save_cursors(activity);
  return pass;
}

}  // namespace ambassador::impact
