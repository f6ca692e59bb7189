#pragma once
// Withdrawing a cancelled post from the chats it already reached: every delivery that landed (department channels
// and direct messages alike) is replaced by a short "this suggestion was withdrawn" under the post's title, without
// buttons. Queued in the caller's write transaction, next to the cancellation itself; the key "withdraw:<outbox
// row id>" makes a second call a no-op.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "bot/clock.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::content {

// The outbox key of the withdrawal of delivery `delivery_id`.
inline constexpr std::string_view kWithdrawalKeyPrefix = "withdraw:";

// Each withdrawn delivery's withdrawal status (pending, claimed, sending, sent, failed), by the delivery's id.
std::map<std::int64_t, std::string> withdrawal_statuses(storage::Connection& db, std::int64_t post_id);

// Returns how many withdrawals were queued now.
int queue_post_withdrawals(storage::Connection& db, const storage::PostRecord& post, const Clock& clock,
                           const config::DeliveryConfig& delivery);

struct Cancellation {
  int stopped = 0;    // deliveries that had not gone out yet
  int withdrawn = 0;  // delivered messages queued to be replaced by the "withdrawn" note
};

// Cancels a post in any state: what has not gone out is stopped, what has is withdrawn. Editors recall posts after
// they went out too (a wrong link, a retracted announcement), so a sent or expired post can be cancelled.
// Call it inside a write transaction; cancelling a cancelled post changes nothing.
Cancellation cancel_post(storage::Connection& db, const storage::PostRecord& post, const Clock& clock,
                         const config::DeliveryConfig& delivery);

}  // namespace ambassador::content
