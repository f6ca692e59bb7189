#pragma once
// The unguessable part of a tracked link (/s/{token}, /r/{token}): 128 random bits, base64url, no padding.
#include <string>
#include <string_view>

namespace ambassador::tracking {

inline constexpr std::size_t kLinkTokenLength = 22;  // ceil(16 bytes * 4 / 3)

// A fresh token from OpenSSL's CSPRNG. Throws std::runtime_error if the generator fails (never silently weak).
std::string new_link_token();

// Whether `text` has a token's shape (length and base64url alphabet), so junk never reaches the database.
bool looks_like_token(std::string_view text);

}  // namespace ambassador::tracking
