#include "adapters/slack/rate_policy.hpp"

#include <algorithm>

namespace ambassador::adapters::slack {

RatePolicy rate_policy(double global_per_second, double channel_per_second) {
  RatePolicy policy;
  // The same short burst for the whole platform: a post fanned out to a few channels leaves at once.
  policy.global = {global_per_second, kChannelBurst};
  policy.per_channel = {{std::min(channel_per_second, kMaxChannelRatePerSecond), kChannelBurst}};
  return policy;
}

}  // namespace ambassador::adapters::slack
