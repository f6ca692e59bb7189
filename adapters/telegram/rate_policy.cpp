#include "adapters/telegram/rate_policy.hpp"

#include <algorithm>

namespace ambassador::adapters::telegram {

bool is_group_chat(std::string_view pacing_key) {
  const auto slash = pacing_key.rfind('/');
  const std::string_view chat = slash == std::string_view::npos ? pacing_key : pacing_key.substr(slash + 1);
  return chat.starts_with('-');
}

RatePolicy rate_policy(double global_per_second, double chat_per_second) {
  RatePolicy policy;
  policy.global = {std::clamp(global_per_second, 0.1, kGlobalCeilingPerSecond), 1};
  policy.per_channel = {{std::clamp(chat_per_second, 0.01, kChatCeilingPerSecond), 1}};
  policy.per_group = {{kGroupPerMinute / 60.0, 1}};
  policy.is_group = is_group_chat;
  return policy;
}

}  // namespace ambassador::adapters::telegram
