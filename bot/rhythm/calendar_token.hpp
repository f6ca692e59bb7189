#pragma once
// The secret in a department's calendar-feed URL (/calendar/{department}.ics?token=...): 32 random bytes,
// base64url. Only its SHA-256 is stored, so the token is shown once, when it is made or rotated, and a copy of the
// database does not open the feeds. Checking hashes the presented token and compares digests in constant time.
#include <string>
#include <string_view>

namespace ambassador::rhythm {

inline constexpr std::size_t kCalendarTokenLength = 43;  // ceil(32 bytes * 4 / 3), no padding

// Throws std::runtime_error if the random generator fails (never a weak token).
std::string new_calendar_token();
// Lowercase hex SHA-256 of the token.
std::string calendar_token_hash(std::string_view token);
bool calendar_token_matches(std::string_view presented, std::string_view stored_hash);

}  // namespace ambassador::rhythm
