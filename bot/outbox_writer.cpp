#include "bot/outbox_writer.hpp"

#include "bot/message_codec.hpp"
#include "bot/outbox_delivery.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador {

bool OutboxWriter::queue(const std::string& idempotency_key, const Destination& to, const OutgoingMessage& message,
                         const DeliveryRefs& refs, std::optional<std::int64_t> not_before_ms) {
  const auto now = clock_.now_ms();
  storage::OutboxEntry entry;
  entry.idempotency_key = idempotency_key;
  entry.platform = to.platform;
  entry.destination = encode_destination(to);
  entry.message = encode_message(message);
  entry.next_attempt_at_ms = not_before_ms.value_or(now);
  entry.give_up_at_ms = entry.next_attempt_at_ms + give_up_after_ms_;
  entry.post_id = refs.post_id;
  entry.channel_ref = refs.channel_ref;
  entry.ambassador_id = refs.ambassador_id;
  entry.created_at_ms = now;
  entry.lane = delivery_lane(to);
  const bool added = storage::OutboxRepository(db_).enqueue(entry);
  if (added) ++queued_;
  return added;
}

}  // namespace ambassador
