#include "adapters/teams/rate_policy.hpp"

#include <algorithm>

namespace ambassador::adapters::teams {

RatePolicy rate_policy(double global_per_second, double channel_per_second) {
  RatePolicy policy;
  policy.global = {std::clamp(global_per_second, 0.1, kGlobalCeilingPerSecond), 1};
  RateRule short_rule = kConversationShortRule;
  short_rule.per_second = std::clamp(channel_per_second, 0.01, kConversationShortRule.per_second);
  policy.per_channel = {short_rule, kConversationHourRule};
  return policy;
}

}  // namespace ambassador::adapters::teams
