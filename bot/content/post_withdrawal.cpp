#include "bot/content/post_withdrawal.hpp"

#include <spdlog/spdlog.h>

#include "bot/i18n/catalog.hpp"
#include "bot/message_codec.hpp"
#include "bot/outbox_writer.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador::content {
namespace {

i18n::Language department_language(storage::DirectoryRepository& directory, const std::string& department_id) {
  const auto department = directory.department(department_id);
  if (!department) return i18n::kDefaultLanguage;
  return i18n::language_or_default(department->language);
}

// The language the delivery was written in: its channel's department, or the DM'd ambassador's department.
i18n::Language language_of(storage::Connection& db, const storage::OutboxEntry& sent, const Destination& to) {
  storage::DirectoryRepository directory(db);
  if (!to.channel_id.empty()) {
    const auto channel = directory.channel(to.platform, to.workspace, to.channel_id);
    return channel ? department_language(directory, channel->department_id) : i18n::kDefaultLanguage;
  }
  if (sent.ambassador_id) {
    const auto ambassador = storage::AmbassadorRepository(db).find(*sent.ambassador_id);
    if (ambassador) return department_language(directory, ambassador->department_id);
  }
  return i18n::kDefaultLanguage;
}

}  // namespace

std::map<std::int64_t, std::string> withdrawal_statuses(storage::Connection& db, std::int64_t post_id) {
  return storage::OutboxRepository(db).follow_up_statuses(post_id, kWithdrawalKeyPrefix);
}

int queue_post_withdrawals(storage::Connection& db, const storage::PostRecord& post, const Clock& clock,
                           const config::DeliveryConfig& delivery) {
  OutboxWriter outbox(db, clock, delivery);
  for (const auto& sent : storage::OutboxRepository(db).sent_for_post(post.id)) {
    auto to = decode_destination(sent.destination);
    if (!to) continue;
    to->reply_token.clear();
    to->ephemeral = false;
    to->edit_message_id = sent.platform_message_id;
    OutgoingMessage withdrawn;
    withdrawn.title = post.title;
    withdrawn.text = i18n::translate(language_of(db, sent, *to), i18n::Msg::post_withdrawn);
    // No post_id: a withdrawal is not one of the post's deliveries (its stats, nor a DM against the daily cap).
    outbox.queue(std::string(kWithdrawalKeyPrefix) + std::to_string(sent.id), *to, withdrawn,
                 {std::nullopt, sent.channel_ref, sent.ambassador_id});
  }
  if (outbox.queued() > 0)
    spdlog::info("post {} cancelled; {} delivered messages to withdraw", post.id, outbox.queued());
  return outbox.queued();
}

Cancellation cancel_post(storage::Connection& db, const storage::PostRecord& post, const Clock& clock,
                         const config::DeliveryConfig& delivery) {
  Cancellation result;
  if (post.status == "cancelled") return result;
  result.stopped = storage::OutboxRepository(db).cancel_for_post(post.id);
  result.withdrawn = queue_post_withdrawals(db, post, clock, delivery);
  storage::PostRepository(db).set_status(post.id, "cancelled", clock.now_ms());
  return result;
}

}  // namespace ambassador::content
