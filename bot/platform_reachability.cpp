#include "bot/platform_reachability.hpp"

#include <algorithm>

namespace ambassador {

PlatformReachability::PlatformReachability(std::chrono::milliseconds first_pause, std::chrono::milliseconds max_pause)
    : first_pause_(std::max(first_pause, std::chrono::milliseconds(1))),
      max_pause_(std::max(max_pause, first_pause_)) {}

std::chrono::milliseconds PlatformReachability::current_pause() const {
  if (failures_ == 0) return std::chrono::milliseconds(0);
  const int doublings = std::min(failures_ - 1, 20);
  return std::min(first_pause_ * (std::int64_t{1} << doublings), max_pause_);
}

std::optional<PlatformReachability::TimePoint> PlatformReachability::wait_until(TimePoint now) {
  if (failures_ == 0) return std::nullopt;
  if (now < paused_until_) return paused_until_;
  // This send is the probe; the others wait another pause for it. Should it never be answered (called off), the
  // next one after that pause probes instead.
  probing_ = true;
  paused_until_ = now + current_pause();
  return std::nullopt;
}

void PlatformReachability::unreachable(TimePoint now) {
  if (failures_ > 0 && !probing_) return;  // a send from before the pause
  ++failures_;
  probing_ = false;
  paused_until_ = now + current_pause();
}

void PlatformReachability::reached() {
  failures_ = 0;
  probing_ = false;
}

}  // namespace ambassador
