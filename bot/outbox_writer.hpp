#pragma once
// How domain code queues a message: one outbox row per delivery, keyed for idempotency, in the same
// transaction as the state change that caused it.
#include <cstdint>
#include <optional>
#include <string>

#include "bot/clock.hpp"
#include "bot/outgoing_message.hpp"
#include "storage/connection.hpp"

namespace ambassador {

struct DeliveryRefs {
  std::optional<std::int64_t> post_id;
  std::optional<std::int64_t> channel_ref;
  std::optional<std::int64_t> ambassador_id;
};

class OutboxWriter {
 public:
  OutboxWriter(storage::Connection& db, const Clock& clock, std::int64_t give_up_after_ms)
      : db_(db), clock_(clock), give_up_after_ms_(give_up_after_ms) {}
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
