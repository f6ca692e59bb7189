#include "bot/delivery_lanes.hpp"

#include <algorithm>

namespace ambassador {

std::string pacing_key(const Destination& to) {
  const bool personal = to.ephemeral || !to.reply_token.empty() || to.channel_id.empty();
  return to.workspace + "/" + (personal ? "user:" + to.user_id : to.channel_id);
}

std::string delivery_lane(const Destination& to) { return to.platform + "/" + pacing_key(to); }

DeliveryLanes::Admission DeliveryLanes::admit(DeliveryPtr delivery, std::int64_t now_ms) {
  if (const auto hold = holds_.find(delivery->lane); hold != holds_.end()) {
    if (delivery->entry.id != hold->second.head && now_ms <= hold->second.until_ms + kHoldGraceMs)
      return {nullptr, std::max(hold->second.until_ms, now_ms + kHeldRecheckMs)};
    holds_.erase(hold);  // the head is back (or never will be): the lane flows again
  }
  auto& lane = lanes_[delivery->lane];
  const auto key = delivery->lane;
  lane.waiting.push_back(std::move(delivery));
  if (lane.busy) return {};
  return {start_next(key), std::nullopt};
}

DeliveryLanes::DeliveryPtr DeliveryLanes::finish(const std::string& lane) {
  const auto found = lanes_.find(lane);
  if (found == lanes_.end()) return nullptr;  // held meanwhile: its waiting deliveries went back to the outbox
  found->second.busy = false;
  return start_next(lane);
}

DeliveryLanes::DeliveryPtr DeliveryLanes::start_next(const std::string& lane) {
  const auto found = lanes_.find(lane);
  if (found->second.waiting.empty()) {
    lanes_.erase(found);
    return nullptr;
  }
  found->second.busy = true;
  auto next = std::move(found->second.waiting.front());
  found->second.waiting.pop_front();
  return next;
}

std::vector<std::int64_t> DeliveryLanes::hold(const OutboxDelivery& head, std::int64_t until_ms, std::int64_t now_ms) {
  std::erase_if(holds_, [now_ms](const auto& held) { return held.second.until_ms + kHoldGraceMs < now_ms; });
  holds_[head.lane] = Hold{head.entry.id, until_ms};
  std::vector<std::int64_t> held_back;
  const auto lane = lanes_.find(head.lane);
  if (lane == lanes_.end()) return held_back;
  for (const auto& waiting : lane->second.waiting) held_back.push_back(waiting->entry.id);
  lanes_.erase(lane);
  return held_back;
}

}  // namespace ambassador
