#pragma once
// One conversation's deliveries go one at a time, in claim order: the next waits until the platform has answered
// the last, so answers to quick successive commands never overtake each other. When one has to be tried again, its
// lane is *held*: what waits behind it, and what is claimed for the lane until it is claimed again, goes back to the
// outbox due no earlier, and so comes back behind it. Pure bookkeeping: no I/O, no clock of its own.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/outbox_delivery.hpp"

namespace ambassador {

class DeliveryLanes {
 public:
  using DeliveryPtr = std::shared_ptr<OutboxDelivery>;

  // Past this, a held lane whose head never came back (cancelled meanwhile) is free again.
  static constexpr std::int64_t kHoldGraceMs = 60'000;
  // How long a delivery claimed for a held lane after its head's retry time waits before it is claimed again.
  static constexpr std::int64_t kHeldRecheckMs = 1'000;

  struct Admission {
    DeliveryPtr send_now;                         // its lane was idle: send it
    std::optional<std::int64_t> hold_back_until;  // its lane is held: give it back to the outbox, due then
  };

  // A claimed delivery arrives: it is sent now, waits behind its lane's current one (neither field set), or is
  // held back.
  Admission admit(DeliveryPtr delivery, std::int64_t now_ms);
  // The platform answered the lane's current delivery, or its send was called off: the lane's next one, if any.
  DeliveryPtr finish(const std::string& lane);
  // `head` is tried again at `until_ms`: the lane is held until it is claimed again. Returns the ids of the
  // deliveries that were waiting behind it; they go back to the outbox, due no earlier than `until_ms`.
  std::vector<std::int64_t> hold(const OutboxDelivery& head, std::int64_t until_ms, std::int64_t now_ms);

  std::size_t active_lanes() const { return lanes_.size(); }
  std::size_t held_lanes() const { return holds_.size(); }

 private:
  struct Lane {
    bool busy = false;
    std::deque<DeliveryPtr> waiting;
  };
  struct Hold {
    std::int64_t head = 0;
    std::int64_t until_ms = 0;
  };

  DeliveryPtr start_next(const std::string& lane);

  std::unordered_map<std::string, Lane> lanes_;
  std::unordered_map<std::string, Hold> holds_;
};

}  // namespace ambassador
