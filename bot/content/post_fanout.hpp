#pragma once
// Publishing a due post: one outbox row per target department channel (the per-department group model),
// and optionally one direct message per matching ambassador (themes, roles), never to those who opted
// out, at most `daily_cap_per_ambassador` a local day, and outside quiet hours. Runs inside one writer
// transaction: either all of a post's deliveries are queued or none; idempotency keys make a re-run
// after a crash a no-op.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/clock.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::content {

struct FanoutSummary {
  int posts = 0;
  int channel_deliveries = 0;
  int direct_deliveries = 0;
  int skipped_capped = 0;
  int expired = 0;
};

// Whether `post` is for an ambassador of `department_id` with these roles and themes: it targets that department (or
// every one), and the roles and themes it names (if any) meet theirs. The fan-out's direct messages and the weekly
// digest choose by this.
bool suggested_to(const storage::PostRecord& post, std::string_view department_id,
                  const std::vector<std::string>& roles, const std::vector<std::string>& themes);

class PostFanout {
 public:
  PostFanout(const config::Config& config, const Clock& clock, std::string public_base_url);

  // Publishes up to `limit` due posts.
  FanoutSummary publish_due(storage::Connection& db, std::size_t limit = 20);
  // 'sending' posts whose deliveries all settled become 'sent'; posts past expires_at become 'expired'
  // and their unsent deliveries are cancelled.
  void settle(storage::Connection& db);

 private:
  void fan_out(storage::Connection& db, const storage::PostRecord& post, FanoutSummary& summary);
  void direct_messages(storage::Connection& db, OutboxWriter& outbox, const storage::PostRecord& post,
                       const std::string& department, FanoutSummary& summary);

  const config::Config& config_;
  const Clock& clock_;
  std::string public_base_url_;
};

}  // namespace ambassador::content
