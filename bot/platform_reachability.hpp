#pragma once
// Whether a platform's API can be reached at all. A send whose request never reached the platform (no connection
// could be made) says nothing about its message and everything about the platform: trying each queued message in
// turn would cost a connection attempt apiece, for nothing. So after such a failure the platform is paused for a
// time that doubles with each failure in a row (first .. max); when the pause ends one send goes as a probe while the
// others wait, and any answer from the platform, even an error, ends it. Not thread-safe: the dispatcher's strand
// owns it.
#include <chrono>
#include <optional>

#include "bot/clock.hpp"

namespace ambassador {

class PlatformReachability {
 public:
  using TimePoint = Clock::Monotonic::time_point;

  PlatformReachability(std::chrono::milliseconds first_pause, std::chrono::milliseconds max_pause);

  // nullopt: send now (after a pause, this send is the probe); otherwise ask again at that time.
  std::optional<TimePoint> wait_until(TimePoint now);
  // A send found the platform unreachable. Failures of sends that were already under way when the platform was
  // paused do not lengthen the pause: only the first failure, and a failure after a probe went, count.
  void unreachable(TimePoint now);
  // The platform answered.
  void reached();

  bool paused() const { return failures_ > 0; }
  std::chrono::milliseconds current_pause() const;

 private:
  std::chrono::milliseconds first_pause_, max_pause_;
  int failures_ = 0;  // in a row
  TimePoint paused_until_{};
  bool probing_ = false;
};

}  // namespace ambassador
