#include "bot/rate_limiter.hpp"

#include <algorithm>

namespace ambassador {

RateLimiter::Gcra RateLimiter::make(const RateRule& rule) {
  Gcra g;
  g.interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rule.per_second));
  g.tolerance = std::chrono::duration_cast<Clock::duration>(g.interval * std::max(0.0, rule.burst - 1));
  return g;
}

RateLimiter::Clock::time_point RateLimiter::Gcra::earliest(Clock::time_point now) const {
  return std::max(now, tat - tolerance);
}

RateLimiter::RateLimiter(RatePolicy policy) : policy_(std::move(policy)), global_(make(policy_.global)) {}

RateLimiter::Clock::time_point RateLimiter::reserve(const std::string& channel, Clock::time_point now) {
  auto [it, inserted] = channels_.try_emplace(channel);
  auto& rules = it->second;
  if (inserted) {
    for (const auto& rule : policy_.per_channel) rules.push_back(make(rule));
    if (policy_.is_group && policy_.is_group(channel))
      for (const auto& rule : policy_.per_group) rules.push_back(make(rule));
  }
  auto at = std::max({now, paused_until_, global_.earliest(now)});
  for (const auto& rule : rules) at = std::max(at, rule.earliest(now));
  global_.take(at);
  for (auto& rule : rules) rule.take(at);
  return at;
}

void RateLimiter::pause(Clock::time_point until) {
  paused_until_ = std::max(paused_until_, until);
  global_.tat = std::max(global_.tat, paused_until_);
}

void RateLimiter::share_global(int instances) {
  auto rule = policy_.global;
  rule.per_second /= std::max(1, instances);
  rule.burst = std::max(1.0, rule.burst / std::max(1, instances));
  const auto tat = global_.tat;
  global_ = make(rule);
  global_.tat = tat;
}

void RateLimiter::forget_idle(Clock::time_point now) {
  std::erase_if(channels_, [now](const auto& entry) {
    return std::all_of(entry.second.begin(), entry.second.end(), [now](const Gcra& g) { return g.tat <= now; });
  });
}

}  // namespace ambassador
