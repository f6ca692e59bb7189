#pragma once
// How domain code queues a message: one outbox row per delivery, keyed for idempotency, in the same
// transaction as the state change that caused it.
#include <cstdint>
#include <optional>
#include <string>

#include "bot/clock.hpp"
#include "bot/outgoing_message.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador {

struct DeliveryRefs {
  std::optional<std::int64_t> post_id;
  std::optional<std::int64_t> channel_ref;
  std::optional<std::int64_t> ambassador_id;
};

class OutboxWriter {
 public:
  // Deliveries still failing `delivery.give_up_after_minutes` after their first try are given up.
  OutboxWriter(storage::Connection& db, const Clock& clock, const config::DeliveryConfig& delivery)
      : db_(db), clock_(clock), give_up_after_ms_(static_cast<std::int64_t>(delivery.give_up_after_minutes) * 60'000) {}
  // Returns false when `idempotency_key` was queued before (nothing is added).
  bool queue(const std::string& idempotency_key, const Destination& to, const OutgoingMessage& message,
             const DeliveryRefs& refs = {}, std::optional<std::int64_t> not_before_ms = std::nullopt);
  int queued() const { return queued_; }

 private:
  storage::Connection& db_;
  const Clock& clock_;
  std::int64_t give_up_after_ms_;
  int queued_ = 0;
};

}  // namespace ambassador
