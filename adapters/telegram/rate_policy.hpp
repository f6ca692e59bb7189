#pragma once
// Telegram's send limits as the outbox's RatePolicy. Bot FAQ: about 30 messages a second across chats, one a
// second in a chat, 20 a minute in a group; exact values are unpublished and a 429 can pause a bot for long, so
// stay a little under them. The 20 a minute is for groups only: a person's private chat takes one a second.
// https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
#include <string_view>

#include "bot/rate_limiter.hpp"

namespace ambassador::adapters::telegram {

inline constexpr double kGlobalCeilingPerSecond = 29;
inline constexpr double kChatCeilingPerSecond = 1;
inline constexpr double kGroupPerMinute = 20;

// Whether the limiter's channel key names a group chat. The outbox paces a chat as "<workspace>/<chat id>" and a
// person's answers as "<workspace>/user:<id>"; groups, supergroups and channels have negative chat ids, a private
// chat has the person's own (positive) id.
bool is_group_chat(std::string_view pacing_key);

// global min(`global_per_second`, 29)/s, every chat min(`chat_per_second`, 1)/s, groups also 20/min; no bursts
// (a burst of the per-minute rule would let B + 19 messages into one minute). Rates as configured ([delivery]).
RatePolicy rate_policy(double global_per_second, double chat_per_second);

}  // namespace ambassador::adapters::telegram
