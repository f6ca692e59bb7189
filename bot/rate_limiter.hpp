#pragma once
// Send-slot reservations per platform: a global rate plus per-channel rules (e.g. Telegram's 1/s per
// chat), and rules only group chats get (Telegram's 20/min per group), using GCRA (virtual scheduling), so a
// whole fan-out can be spaced out in advance instead of tried and rejected. A 429 pauses the platform until its
// Retry-After.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ambassador {

struct RateRule {
  double per_second = 1;  // sustained rate
  double burst = 1;       // how many may go back to back
};

struct RatePolicy {
  RateRule global{30, 1};
  std::vector<RateRule> per_channel{{1, 1}};  // every channel, one-to-one chats included
  // Added for the channels `is_group` names: a platform whose groups have a stricter limit than its one-to-one
  // chats (Telegram) must not pace a person's answers like a group's. `is_group` sees the key reserve() gets.
  std::vector<RateRule> per_group;
  std::function<bool(std::string_view channel)> is_group;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RatePolicy policy);

  // Reserves a slot for one message to `channel`; returns when it may be sent (>= now).
  Clock::time_point reserve(const std::string& channel, Clock::time_point now);
  // Nothing goes out before `until` (a 429's Retry-After); later reservations start from there.
  void pause(Clock::time_point until);
  // This instance's part of the platform-wide rate when `instances` share it (the per-channel rules are whole: a
  // conversation has one sender at a time).
  void share_global(int instances);
  Clock::time_point paused_until() const { return paused_until_; }
  // Drops per-channel state that no longer limits anything (bounded memory under wide fan-outs).
  void forget_idle(Clock::time_point now);
  std::size_t tracked_channels() const { return channels_.size(); }

 private:
  struct Gcra {
    Clock::duration interval{};
    Clock::duration tolerance{};  // (burst - 1) * interval
    Clock::time_point tat{};      // theoretical arrival time
    Clock::time_point earliest(Clock::time_point now) const;
    void take(Clock::time_point at) { tat = std::max(tat, at) + interval; }
  };
  static Gcra make(const RateRule& rule);

  RatePolicy policy_;
  Gcra global_;
  std::unordered_map<std::string, std::vector<Gcra>> channels_;
  Clock::time_point paused_until_{};
};

}  // namespace ambassador
