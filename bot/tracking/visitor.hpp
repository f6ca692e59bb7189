#pragma once
// Who clicked, without storing who: a daily-salted hash of address and browser, and the user agents of
// link-preview robots (chat apps unfurling a link) whose fetches are not people clicking.
#include <string>
#include <string_view>

namespace ambassador::tracking {

// Hex of SHA-256(salt || 0 || ip || 0 || user_agent), first 32 characters. The raw address never leaves
// memory; with the salt rotated daily, the same visitor cannot be followed from one day to the next.
std::string visitor_hash(std::string_view salt, std::string_view ip, std::string_view user_agent);

// 32 random bytes from OpenSSL's CSPRNG for a day's salt. Throws std::runtime_error if the generator fails.
std::string new_visitor_salt();

// Slack, Telegram, Teams, LinkedIn, X, Facebook, WhatsApp, Discord and search-engine fetchers, and any
// agent calling itself a bot, crawler, spider or preview. An empty user agent is not a person's browser.
bool is_link_preview_agent(std::string_view user_agent);

}  // namespace ambassador::tracking
